from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.db import TableMeta


class DigestSubjectIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-subject"
        projection = AllProjection()

    subject = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class PendingDigestItem(Model):
    """A job tip waiting for the candidate's next digest, filed under the UTC hour it is due."""

    Meta = TableMeta("digests_table")
    due_hour = UnicodeAttribute(hash_key=True)  # e.g. 2026-11-23T07
    sk = UnicodeAttribute(range_key=True)  # company#candidate#job
    subject = UnicodeAttribute()  # company#candidate
    company = UnicodeAttribute()
    candidate_id = UnicodeAttribute()
    job_id = UnicodeAttribute()
    frequency = UnicodeAttribute()
    queued_at = UTCDateTimeAttribute()
    by_subject = DigestSubjectIndex()


def pending_for(company: str, candidate_id: str) -> list[PendingDigestItem]:
    return list(PendingDigestItem.by_subject.query(f"{company}#{candidate_id}"))
