from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, find


class JobItem(Model):
    """Keyed by (company, external id): the upsert key of every posting source."""

    Meta = TableMeta("jobs_table")
    company = UnicodeAttribute(hash_key=True)
    job_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    department = UnicodeAttribute()
    role = UnicodeAttribute()
    locations = ListAttribute(of=UnicodeAttribute, default=list)
    work_mode = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    apply_url = UnicodeAttribute()
    status = UnicodeAttribute()
    version = NumberAttribute()
    source = UnicodeAttribute(default="api")
    # The posting's LinkedIn choice ({"apply_connect": true|false|"default", "listing": ...}).
    linkedin = JSONAttribute(null=True)
    # The job's own questions (jobs/schema.py JobQuestion), asked besides the company's.
    questions = JSONAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # Who saved this version ({"kind", "id", "name"}): what a colleague's stale form names.
    updated_by = JSONAttribute(null=True)
    first_published_at = UTCDateTimeAttribute(null=True)
    # When the job was last closed (removed when it is re-opened).
    closed_at = UTCDateTimeAttribute(null=True)
    # Set once the matcher has enqueued the job tips: a job is announced at most once, ever.
    announced_at = UTCDateTimeAttribute(null=True)
    matched_count = NumberAttribute(null=True)


def get_job(company: str, job_id: str, consistent: bool = False) -> JobItem | None:
    return find(JobItem, company, job_id, consistent)
