from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints, ValidationInfo, field_validator

from chalicelib.schema import HttpUrl, Line, Slug, Strict, Text, WorkMode, unique

ExternalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
JobStatus = Literal["published", "draft", "closed"]
JOB_STATUSES = JobStatus.__args__


class LinkedInChoice(Strict):
    """How the posting goes to LinkedIn where the company has Apply Connect (seed 001): applied
    on LinkedIn (`true`), sent to the apply URL (`false`), or the company's default; a basic
    (free, limited) or premium (paid) listing."""

    # Strictly true, false or "default": "yes" or 1 is a mistake, not a choice.
    apply_connect: StrictBool | Literal["default"] = "default"
    listing: Literal["basic", "premium"] = "basic"


class JobPosting(Strict):
    external_id: ExternalId
    title: Line(200)
    department: Slug
    role: Slug
    work_mode: WorkMode
    locations: list[Slug] = Field(default_factory=list, max_length=50)
    description: Text(50_000) = ""
    apply_url: HttpUrl
    status: JobStatus
    version: int = Field(ge=0, le=2**53)
    linkedin: LinkedInChoice = Field(default_factory=LinkedInChoice)

    @field_validator("locations")
    @classmethod
    def _placed_unless_remote(cls, value: list[str], info: ValidationInfo) -> list[str]:
        # Only a remote job can be "anywhere"; on-site and hybrid jobs happen somewhere.
        mode = info.data.get("work_mode")
        if not value and mode in ("onsite", "hybrid"):
            raise ValueError(f"a {mode} job needs at least one location")
        return unique(value, "location")


class QueuedJobPosting(JobPosting):
    """A posting from a job board, through the job-postings queue: it names its company."""

    company: Slug


class JobPatch(Strict):
    """PATCH /admin/jobs/{id}: any of the posting's fields; the version is the server's."""

    title: Line(200) | None = None
    department: Slug | None = None
    role: Slug | None = None
    work_mode: WorkMode | None = None
    locations: list[Slug] | None = Field(default=None, max_length=50)
    description: Text(50_000) | None = None
    apply_url: HttpUrl | None = None
    status: JobStatus | None = None
    linkedin: LinkedInChoice | None = None
