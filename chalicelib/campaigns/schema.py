"""A campaign as written (POST and PUT /admin/campaigns, and the console's compose form) and
when it goes (POST /admin/campaigns/{id}/schedule)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from chalicelib.schema import Bool, Line, Strict, Text
from chalicelib.talent.schema import SegmentFilters

Language = Literal["en", "sv"]
MAX_BODY = 20_000


class Content(Strict):
    """One language's email: its subject, its body in the safe Markdown of job descriptions
    (jobs/markdown.py: paragraphs, **strong**, *emphasis*, lists, headings, http(s) links), and
    optionally its own plain-text part (made from the body when left empty)."""

    subject: Line(150)
    body: Annotated[Text(MAX_BODY), StringConstraints(strip_whitespace=True, min_length=1)]
    text: Text(MAX_BODY) | None = None


class Audience(Strict):
    """A saved segment of the community, or a filter written here: one of the two."""

    segment_id: Line(64) | None = None
    filters: SegmentFilters | None = None

    @model_validator(mode="after")
    def _one(self) -> "Audience":
        if (self.segment_id is None) == (self.filters is None):
            raise ValueError("give a segment_id or filters (one of the two)")
        return self


class Exclusions(Strict):
    # Leave out people who applied to any job in the last N days.
    applied_within_days: int | None = Field(default=None, ge=1, le=365)
    # Leave out people with an application still open (not hired, not rejected).
    active_application: Bool = False


class CampaignDraft(Strict):
    name: Line(100)
    contents: dict[Language, Content] = Field(min_length=1)
    audience: Audience
    exclusions: Exclusions = Field(default_factory=Exclusions)


class ScheduleRequest(Strict):
    """A wall-clock time, in the company's time zone or in each person's own."""

    at: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")]
    zone: Literal["company", "person"] = "company"
