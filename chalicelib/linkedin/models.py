"""A company's LinkedIn Apply Connect integration: one item in the companies table. Only public
parts live here; the child application's credentials are in Secrets Manager."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, usable_key

SK = "integration#linkedin"


class LinkedInIntegrationItem(Model):
    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default=SK)
    enabled = BooleanAttribute(default=False)
    terms_accepted_by = UnicodeAttribute(null=True)
    terms_accepted_at = UTCDateTimeAttribute(null=True)
    default_apply_connect = BooleanAttribute(default=True)
    organization_id = UnicodeAttribute(null=True)
    application_key = UnicodeAttribute(null=True)  # the child application's URN
    recruiter_contract = BooleanAttribute(default=False)
    status_notifications = BooleanAttribute(default=False)
    updated_at = UTCDateTimeAttribute()


def get_integration(company: str) -> LinkedInIntegrationItem | None:
    if not usable_key(company):
        return None
    try:
        return LinkedInIntegrationItem.get(company, SK, consistent_read=True)
    except LinkedInIntegrationItem.DoesNotExist:
        return None
