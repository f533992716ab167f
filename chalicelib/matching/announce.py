"""The jobs table's stream drives matching: a job is announced to its subscribers once, ever.

The first time a job is seen published (and not yet announced), the matcher finds the
confirmed subscribers it matches through the subscription index and enqueues one job tip per
(candidate, job). It then marks the job announced, so that edits, re-publishing and stream
replays notify nobody twice. Should it fail between enqueueing and marking, the retry enqueues
again and the notification consumer's idempotency absorbs the duplicates.
"""
from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from pynamodb.exceptions import UpdateError

from chalicelib.db import now
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.matching.messages import JobTip
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger, tracer
from chalicelib.subscriptions.index import MatchResult, find_subscribers
from chalicelib.subscriptions.rules import Posting


def handle_job_change(record: DynamoDBRecord) -> None:
    if record.event_name not in (DynamoDBRecordEventName.INSERT, DynamoDBRecordEventName.MODIFY):
        return
    image = record.dynamodb.new_image if record.dynamodb else None
    if not image or image.get("status") != "published" or image.get("announced_at"):
        return
    announce(image["company"], image["job_id"])


def posting_of(job: JobItem) -> Posting:
    return Posting(job.department, job.role, tuple(job.locations or ()), job.work_mode)


def match(company_slug: str, job: JobItem) -> MatchResult:
    return find_subscribers(company_slug, posting_of(job))


@tracer.capture_method
def announce(company_slug: str, job_id: str) -> int:
    job = get_job(company_slug, job_id, consistent=True)
    if job is None or job.status != "published" or job.announced_at is not None:
        count("DuplicatesSuppressed")
        return 0
    result = match(company_slug, job)
    enqueue([JobTip(company=company_slug, candidate_id=c, job_id=job_id) for c in result.candidate_ids])
    try:
        job.update(
            actions=[JobItem.announced_at.set(now()), JobItem.matched_count.set(len(result.candidate_ids))],
            condition=JobItem.announced_at.does_not_exist(),
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
    count("Matches", len(result.candidate_ids))
    logger.info(
        "job announced",
        extra={"company": company_slug, "job_id": job_id, "matches": len(result.candidate_ids), "items_read": result.items_read},
    )
    return len(result.candidate_ids)
