from __future__ import annotations

import hashlib
from datetime import datetime

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.db import TableMeta, find, iso


class ByJob(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-job"
        projection = AllProjection()

    job_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByCandidate(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-candidate"
        projection = AllProjection()

    candidate_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByEmail(GlobalSecondaryIndex):
    """Applications made with an address (hashed), linked to a candidate or not: what export
    and erasure must find for the owner of that address."""

    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByDue(GlobalSecondaryIndex):
    """Sparse: only open applications with something due (a status target to pass, the
    candidate's next update) are in it, under one of DUE_SHARDS partitions by their next due
    moment. The daily guard (applications/promise.py) queries each shard up to now: it reads
    what is due and nothing else. Keys only: the guard reads each item again, consistently."""

    class Meta:
        index_name = "by-due"
        projection = KeysOnlyProjection()

    due_shard = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


# Every application writes its next due moment to one of these partitions (by its id), so the
# index's writes spread over several keys however many applications a day brings.
DUE_SHARDS = 8


def due_shard(application_id: str) -> str:
    return f"due#{int(hashlib.sha256(application_id.encode()).hexdigest()[:8], 16) % DUE_SHARDS}"


def email_key(company: str, email: str) -> str:
    return f"{company}#{hashlib.sha256(email.lower().encode()).hexdigest()}"


class ApplicationItem(Model):
    Meta = TableMeta("applications_table")
    company = UnicodeAttribute(hash_key=True)
    application_id = UnicodeAttribute(range_key=True)
    job_id = UnicodeAttribute()
    job_key = UnicodeAttribute()  # company#job
    status = UnicodeAttribute()
    status_key = UnicodeAttribute()  # company#status
    candidate_id = UnicodeAttribute(null=True)
    candidate_key = UnicodeAttribute(null=True)  # company#candidate, once the applicant is connected
    # Personal fields are removed when the applicant's data is erased (erased_at set).
    email = UnicodeAttribute(null=True)
    email_key = UnicodeAttribute(null=True)  # company#sha256(email), for the by-email index
    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute(null=True)
    erased_at = UTCDateTimeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    answers = JSONAttribute(default=list)
    source = UnicodeAttribute(default="career_site")
    # Where the source knows the application (LinkedIn: its jobApplication URN and the
    # organization it was made with); what a recruiter's screen needs to show it as such.
    source_ref = JSONAttribute(null=True)
    resume_key = UnicodeAttribute(null=True)
    resume_file_name = UnicodeAttribute(null=True)
    connect_token_hash = UnicodeAttribute(null=True)
    # The language of the page the applicant applied from (en, sv): their receipt's, until they connect.
    language = UnicodeAttribute(null=True)
    # What happened to the application, in order: applied, viewed, resume_downloaded, status_changed.
    events = JSONAttribute(default=list)
    created_at = UnicodeAttribute()  # ISO-8601 UTC; also the indexes' sort key
    updated_at = UTCDateTimeAttribute()
    # The next moment something is due (applications/promise.py); both absent after a decision.
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    version = VersionAttribute()
    by_due = ByDue()
    by_job = ByJob()
    by_status = ByStatus()
    by_candidate = ByCandidate()
    by_email = ByEmail()


def resume_key(company: str, application_id: str) -> str:
    """Where an application's resume lives in the bucket (uploaded, or copied from a job board)."""
    return f"{company}/{application_id}/resume"


def new_application(company: str, application_id: str, job_id: str, email: str | None, first_name: str | None,
                    last_name: str | None,
                    at: datetime, events: list[dict], **fields) -> ApplicationItem:
    """A new application, status `new`, with the keys its indexes are found by derived in one place."""
    return ApplicationItem(
        company=company, application_id=application_id, job_id=job_id, job_key=f"{company}#{job_id}",
        status="new", status_key=f"{company}#new", email=email, email_key=email_key(company, email) if email else None,
        first_name=first_name, last_name=last_name, events=events, created_at=iso(at), updated_at=at, **fields,
    )


def get_application(company: str, application_id: str) -> ApplicationItem | None:
    return find(ApplicationItem, company, application_id, consistent=True)
