"""The LinkedIn queue's messages: each one is one piece of work that calls LinkedIn, safe to
repeat (the worker checks the state it would change before it calls)."""
from __future__ import annotations

import uuid
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from chalicelib.aws import queues
from chalicelib.config import get_settings


class _Work(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    company: str = Field(min_length=1, max_length=64)


class SyncPosting(_Work):
    """Bring the job's LinkedIn posting up to the job's current version (CREATE/UPDATE/CLOSE)."""

    kind: Literal["sync_posting"] = "sync_posting"
    job_id: str = Field(min_length=1, max_length=128)
    version: int = Field(ge=0)


class FollowTask(_Work):
    """Check LinkedIn's asynchronous posting task again."""

    kind: Literal["follow_task"] = "follow_task"
    job_id: str = Field(min_length=1, max_length=128)
    task: str = Field(min_length=1, max_length=300)
    checks: int = Field(default=0, ge=0)


class CopyResume(_Work):
    """Copy a LinkedIn applicant's resume from LinkedIn's expiring URL into the resumes bucket."""

    kind: Literal["copy_resume"] = "copy_resume"
    application_id: str = Field(min_length=1, max_length=64)
    url: str = Field(min_length=1, max_length=2000)


class PushStatus(_Work):
    """Tell LinkedIn what happened to a LinkedIn applicant's application."""

    kind: Literal["push_status"] = "push_status"
    application_id: str = Field(min_length=1, max_length=64)
    action: Literal["APPLICATION_VIEWED", "RESUME_DOWNLOADED", "APPLICATION_REJECTED"]
    performed_at: str = Field(min_length=1, max_length=40)


Work = Annotated[Union[SyncPosting, FollowTask, CopyResume, PushStatus], Field(discriminator="kind")]
WORK = TypeAdapter(Work)


def enqueue(messages: list[_Work]) -> int:
    return queues.send_json_batch(get_settings().linkedin_queue,
                                  ((uuid.uuid4().hex, m.model_dump(mode="json")) for m in messages))


def enqueue_later(message: _Work, delay_seconds: int) -> None:
    queues.send_json(get_settings().linkedin_queue, message.model_dump(mode="json"), delay_seconds)
