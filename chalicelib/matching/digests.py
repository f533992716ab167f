"""Daily and weekly digests: one email listing the jobs that matched since the last one.

A job tip for a daily or weekly candidate is filed under the UTC hour its digest is due
(08:00 in the candidate's time zone). Each hour the digest sender looks at the hours that are
due (and a few days back, in case a run was missed) and enqueues one DigestEmail per candidate
and hour; the notification consumer sends it once, leaves out jobs closed meanwhile, sends
nothing if nothing is left, and deletes what it sent, so no job is in two digests.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.db import now
from chalicelib.matching.digest_queue import PendingDigestItem
from chalicelib.matching.digest_schedule import hour_key, next_due
from chalicelib.matching.messages import DigestEmail
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count

CATCH_UP_HOURS = 72


def file_for_digest(company: str, candidate_id: str, job_id: str, frequency: str, tz: str) -> str:
    moment = now()
    due = hour_key(next_due(frequency, tz, moment))
    PendingDigestItem(
        due_hour=due, sk=f"{company}#{candidate_id}#{job_id}", subject=f"{company}#{candidate_id}",
        company=company, candidate_id=candidate_id, job_id=job_id, frequency=frequency, queued_at=moment,
    ).save()
    return due


def enqueue_due_digests(at: datetime) -> int:
    """Enqueue the digests due at or before ``at`` (the scheduler's clock, not the machine's)."""
    digests: dict[tuple[str, str, str], None] = {}
    for hours_back in range(CATCH_UP_HOURS + 1):
        due_hour = hour_key(at - timedelta(hours=hours_back))
        for item in PendingDigestItem.query(due_hour):
            digests[(item.company, item.candidate_id, due_hour)] = None
    enqueue([DigestEmail(company=c, candidate_id=k, due_hour=h) for c, k, h in digests])
    count("DigestsDue", len(digests))
    return len(digests)


def pending_in(due_hour: str, company: str, candidate_id: str) -> list[PendingDigestItem]:
    return list(PendingDigestItem.query(due_hour, PendingDigestItem.sk.startswith(f"{company}#{candidate_id}#")))


def defer(items: list[PendingDigestItem], frequency: str, tz: str) -> str:
    """Move a digest the person's cap refused (notifications/ledger.py) to their next digest:
    its jobs are filed under the next due hour (written before the old ones are deleted, so a
    failure in between loses nothing; the next digest holds each job once, by its key)."""
    due = hour_key(next_due(frequency, tz, now()))
    moved = [PendingDigestItem(due_hour=due, sk=i.sk, subject=i.subject, company=i.company, candidate_id=i.candidate_id,
                               job_id=i.job_id, frequency=i.frequency, queued_at=i.queued_at) for i in items if i.due_hour != due]
    with PendingDigestItem.batch_write() as batch:
        for item in moved:
            batch.save(item)
    clear([i for i in items if i.due_hour != due])
    count("DigestsDeferred")
    return due


def clear(items: list[PendingDigestItem]) -> None:
    with PendingDigestItem.batch_write() as batch:
        for item in items:
            batch.delete(item)
