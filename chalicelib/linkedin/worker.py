"""The LinkedIn queue's consumer: one message, one piece of work that calls LinkedIn.

LinkedIn answering 429 or 5xx is retried inside the call (backoff, Retry-After) and then by SQS
(the message comes back after its visibility timeout). On the last receive SQS allows, or at once
for an answer retrying cannot change (a 4xx, an expired resume URL), the message is parked in the
LinkedIn DLQ with the reason, instead of SQS moving it there without one.
"""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError

from chalicelib.errors import Conflict
from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import NotJson, load_json
from chalicelib.linkedin.client import LinkedInError
from chalicelib.linkedin.messages import WORK, CopyResume, FollowTask, PushStatus, SyncPosting
from chalicelib.observability import count, logger

# The queue's maxReceiveCount (infrastructure/template.yaml): the last attempt parks with a reason.
MAX_RECEIVES = 5


def handle_linkedin_message(record: SQSRecord, context: Any = None) -> None:
    try:
        work = WORK.validate_python(load_json(record.body))
    except (NotJson, ValidationError, ValueError):
        raise PoisonMessage("not a message the LinkedIn worker knows") from None
    try:
        _do(work, context)
    except LinkedInError as error:
        receives = int(record.attributes.approximate_receive_count or 1)
        reason = f"{work.kind}: LinkedIn answered {error.status}: {error.message}"
        if not error.retryable or receives >= MAX_RECEIVES:
            count("LinkedInGaveUp")
            raise PoisonMessage(reason + ("" if not error.retryable else f" (after {receives} attempts)")) from None
        logger.warning("linkedin call failed; retried later", extra={"kind": work.kind, "status": error.status, "receives": receives})
        raise
    except Conflict as error:  # the company's LinkedIn application is gone: nothing to act with
        raise PoisonMessage(f"{work.kind}: {error.message}") from None


def _do(work, context: Any) -> None:
    if isinstance(work, SyncPosting):
        from chalicelib.linkedin.postings import sync

        sync(work)
    elif isinstance(work, FollowTask):
        from chalicelib.linkedin.postings import follow

        follow(work)
    elif isinstance(work, CopyResume):
        from chalicelib.linkedin.resumes import copy

        copy(work)
    elif isinstance(work, PushStatus):
        from chalicelib.linkedin.status import push

        push(work, context)
