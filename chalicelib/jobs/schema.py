from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from chalicelib.schema import HttpUrl, Slug, Strict, WorkMode, unique

ExternalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
JobStatus = Literal["published", "draft", "closed"]


class JobPosting(Strict):
    external_id: ExternalId
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    department: Slug
    role: Slug
    locations: list[Slug] = Field(default_factory=list, max_length=50)
    work_mode: WorkMode
    description: Annotated[str, StringConstraints(max_length=50_000)] = ""
    apply_url: HttpUrl
    status: JobStatus
    version: int = Field(ge=0, le=2**53)

    @field_validator("locations")
    @classmethod
    def _unique_locations(cls, value: list[str]) -> list[str]:
        return unique(value, "location")

    @model_validator(mode="after")
    def _placed_unless_remote(self) -> "JobPosting":
        # Only a remote job can be "anywhere"; on-site and hybrid jobs happen somewhere.
        if not self.locations and self.work_mode != "remote":
            raise ValueError(f"a {self.work_mode} job needs at least one location")
        return self


class QueuedJobPosting(JobPosting):
    """A posting from a job board, through the job-postings queue: it names its company."""

    company: Slug
