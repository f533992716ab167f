"""A company's LinkedIn Apply Connect integration: one item in the companies table. Only public
parts live here; the child application's credentials are in Secrets Manager."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, find, usable_key

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
    # urn:li:contract:N, sent with premium postings. Integrations stored before it have the flag
    # alone: highlights and notifications work, premium postings are refused naming the field.
    recruiter_contract_id = UnicodeAttribute(null=True)
    status_notifications = BooleanAttribute(default=False)
    # Apply Connect postings ask for a resume (required) or offer it (optional).
    resume_required = BooleanAttribute(default=True)
    updated_at = UTCDateTimeAttribute()


def get_integration(company: str) -> LinkedInIntegrationItem | None:
    return find(LinkedInIntegrationItem, company, SK, consistent=True)


def posting_sk(job_id: str) -> str:
    return f"linkedin#job#{job_id}"


class LinkedInPostingItem(Model):
    """What LinkedIn knows of one job: the version last sent, the operation, its asynchronous
    task and how it ended, and LinkedIn's posting status and URL (shown in GET /admin/jobs/{id})."""

    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    job_id = UnicodeAttribute()
    synced_version = NumberAttribute()
    operation = UnicodeAttribute(null=True)  # CREATE | UPDATE | CLOSE, or None: nothing to send
    apply_connect = BooleanAttribute(default=False)
    listing = UnicodeAttribute(default="basic")
    # A posting exists on LinkedIn (created, not closed): the next change is an UPDATE or CLOSE.
    live = BooleanAttribute(default=False)
    state = UnicodeAttribute()  # in_progress | posted | closed | failed | not_posted
    task = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    listing_status = UnicodeAttribute(null=True)
    apply_status = UnicodeAttribute(null=True)
    posting_url = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute()


def get_posting(company: str, job_id: str) -> LinkedInPostingItem | None:
    if not usable_key(job_id):
        return None
    return find(LinkedInPostingItem, company, posting_sk(job_id), consistent=True)
