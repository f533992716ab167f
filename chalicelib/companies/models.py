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
    # Who made the last settings change (a member's or an API key's name): a stale form says so.
    updated_by = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


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
