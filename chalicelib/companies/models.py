from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta

PROFILE = "profile"
API_KEY_PREFIX = "apikey#"


class CompanyItem(Model):
    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default=PROFILE)
    name = UnicodeAttribute()
    settings = JSONAttribute(default=dict)
    # Goes up by one with every settings change: containers keep the validated settings (and
    # the compiled templates) for a version and validate again only when it moves.
    settings_version = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # Who made the last settings change, and in which section: {"kind", "id", "name", "section"}
    # (a member or an API key by its label). A stale form names them.
    updated_by = JSONAttribute(null=True)


class ApiKeyItem(Model):
    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # apikey#<key id>
    key_hash = UnicodeAttribute()
    label = UnicodeAttribute(default="")
    # read | jobs | full (companies/scopes.py); keys made before scopes existed have none: full.
    scope = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    revoked_at = UTCDateTimeAttribute(null=True)
