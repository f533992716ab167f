"""The job-postings queue: postings from job boards, one message per posting."""
from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError

from chalicelib.api import invalid_from
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import NotJson, load_json
from chalicelib.jobs.schema import JobPosting, QueuedJobPosting
from chalicelib.jobs.service import upsert_posting
from chalicelib.observability import count
from chalicelib.team.actors import system_actor


def handle_posting_message(record: SQSRecord) -> None:
    try:
        message = QueuedJobPosting.model_validate(load_json(record.body))
    except ValueError as error:  # JSON (NotJson) and validation errors alike
        count("PostingsRejected")
        reason = _describe(error)
        raise PoisonMessage(reason) from None
    posting = JobPosting.model_validate(message.model_dump(exclude={"company"}))
    try:
        upsert_posting(system_actor(message.company, "job-postings queue"), posting, source="queue")
    except (InvalidInput, NotFound) as error:
        count("PostingsRejected")
        raise PoisonMessage(f"{error.field}: {error.message}") from None


def _describe(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        invalid = invalid_from(error)
        return f"{invalid.field}: {invalid.message}"
    if isinstance(error, NotJson):
        return f"body is {error}"
    return "body is not valid JSON"
