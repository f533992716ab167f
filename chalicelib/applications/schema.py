from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chalicelib.aws.storage import MAX_RESUME_BYTES, RESUME_TYPES
from chalicelib.candidates.schema import Answers
from chalicelib.schema import Email, Line, Name, Strict

# `new` is the stored value of "Applied" (kept: it is in every stored application, the
# candidates' dashboards and the API's clients); `shortlisted` sits between review and interview.
Status = Literal["new", "in_review", "shortlisted", "interview", "offer", "hired", "rejected"]
# `withdrawn`: the candidate's own decision (applications/service.withdraw); the team cannot set it.
WITHDRAWN = "withdrawn"
TEAM_STATUSES = Status.__args__
STATUSES = (*TEAM_STATUSES, WITHDRAWN)
# What people read (the console translates them).
STATUS_NAMES = {"new": "Applied", "in_review": "In review", "shortlisted": "Shortlisted", "interview": "Interview",
                "offer": "Offer", "hired": "Hired", "rejected": "Rejected", "withdrawn": "Withdrawn"}
ApplicationId = Annotated[str, StringConstraints(min_length=1, max_length=200)]


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


class BulkStatusChange(Strict):
    """Several applications moved at once: every id is checked before any is moved."""

    application_ids: list[ApplicationId] = Field(min_length=1, max_length=100)
    status: Status
