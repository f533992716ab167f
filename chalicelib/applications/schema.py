from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chalicelib.aws.storage import MAX_RESUME_BYTES, RESUME_TYPES
from chalicelib.candidates.schema import Answers
from chalicelib.schema import Email, Line, Name, Strict

Status = Literal["new", "in_review", "interview", "offer", "hired", "rejected"]
STATUSES = Status.__args__


class ResumeFile(Strict):
    file_name: Annotated[Line(200), StringConstraints(pattern=r"^[^/\\\\\"]+$")]
    content_type: Literal[RESUME_TYPES]  # type: ignore[valid-type]
    size: int = Field(ge=1, le=MAX_RESUME_BYTES)


class ApplyRequest(Strict):
    email: Email
    first_name: Name
    last_name: Name
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()-]{5,30}$")] | None = None
    answers: Answers = Field(default_factory=list)
    resume: ResumeFile | None = None
    bot_token: Line(2048) | None = None
    # The language of the applicant's emails (the page sends the one it was shown in); else the company's.
    language: Literal["en", "sv"] | None = None


class StatusChange(Strict):
    status: Status
