from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StringConstraints, ValidationInfo, field_validator, model_validator

from chalicelib.schema import Bool, HttpUrl, Line, Slug, Strict, Text, WorkMode, unique

ExternalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
JobStatus = Literal["published", "draft", "closed"]
JOB_STATUSES = JobStatus.__args__
QUESTION_TYPES = ("text", "single_choice", "multiple_choice", "yes_no")
MAX_JOB_QUESTIONS = 20


def _https(value: str) -> str:
    # Where a candidate is sent to apply elsewhere: a web page over TLS, never javascript:,
    # data: or a plain-http page a network in between may rewrite.
    if not re.match(r"^https://[^\s/$.?#][^\s]*$", value):
        raise ValueError("must be an https:// address")
    return value


HttpsUrl = Annotated[HttpUrl, AfterValidator(_https)]


class LinkedInChoice(Strict):
    """How the posting goes to LinkedIn where the company has Apply Connect (seed 001): applied
    on LinkedIn (`true`), sent to the apply URL (`false`), or the company's default; a basic
    (free, limited) or premium (paid) listing."""

    # Strictly true, false or "default": "yes" or 1 is a mistake, not a choice.
    apply_connect: StrictBool | Literal["default"] = "default"
    listing: Literal["basic", "premium"] = "basic"


class JobQuestion(Strict):
    """A question this job asks of its applicants, besides the company's general, department
    and role questions (companies/schema.py Question); its id is unique among both."""

    id: Slug
    text: Line(500)
    type: Literal["text", "single_choice", "multiple_choice", "yes_no"]
    options: list[Line(200)] = Field(default_factory=list, max_length=50)
    required: Bool = False

    @model_validator(mode="after")
    def _options_fit_type(self) -> "JobQuestion":
        if self.type in ("single_choice", "multiple_choice"):
            if len(self.options) < 2:
                raise ValueError("choice questions need at least two options")
            unique(self.options, "option")
        elif self.options:
            raise ValueError(f"{self.type} questions take no options")
        return self


class JobFields(Strict):
    """What a job is, as the hiring team writes it (the console's form, the JSON API)."""

    title: Line(200)
    department: Slug
    role: Slug
    work_mode: WorkMode
    locations: list[Slug] = Field(default_factory=list, max_length=50)
    # Markdown (a small safe subset, jobs/markdown.py): rendered escaped on every page and email.
    description: Text(50_000) = ""
    # Where candidates apply: an https page elsewhere, or (omitted) this product's apply page.
    apply_url: HttpsUrl | None = None
    questions: list[JobQuestion] = Field(default_factory=list, max_length=MAX_JOB_QUESTIONS)
    linkedin: LinkedInChoice = Field(default_factory=LinkedInChoice)

    @field_validator("locations")
    @classmethod
    def _placed_unless_remote(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # Only a remote job can be "anywhere"; on-site and hybrid jobs happen somewhere.
        mode = info.data.get("work_mode")
        if not value and mode in ("onsite", "hybrid"):
            raise ValueError(f"a {mode} job needs at least one location")
        return unique(value, "location")

    @field_validator("questions")
    @classmethod
    def _question_ids_unique(cls, value: list[JobQuestion]) -> list[JobQuestion]:
        unique([q.id for q in value], "question")
        return value


class JobPosting(JobFields):
    """POST /admin/jobs: a job board names its posting (`external_id`) and orders its updates
    (`version`); the hiring team omits both and the product names and versions the job."""

    external_id: ExternalId | None = None
    status: JobStatus
    version: int | None = Field(default=None, ge=0, le=2**53)


class QueuedJobPosting(JobPosting):
    """A posting from a job board, through the job-postings queue: it names its company, its
    posting and the posting's version (a queue delivers out of order)."""

    company: Slug
    external_id: ExternalId
    version: int = Field(ge=0, le=2**53)


class JobPatch(Strict):
    """PATCH /admin/jobs/{id}: any of the posting's fields; the version is the server's."""

    title: Line(200) | None = None
    department: Slug | None = None
    role: Slug | None = None
    work_mode: WorkMode | None = None
    locations: list[Slug] | None = Field(default=None, max_length=50)
    description: Text(50_000) | None = None
    # null: this product's apply page.
    apply_url: HttpsUrl | None = None
    questions: list[JobQuestion] | None = Field(default=None, max_length=MAX_JOB_QUESTIONS)
    status: JobStatus | None = None
    linkedin: LinkedInChoice | None = None
