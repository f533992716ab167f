"""The JSON body of a new segment (POST /admin/segments): a name and the community's filters."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.schema import Bool, Line, Strict


class SegmentFilters(Strict):
    q: Line(200) | None = None
    department: Line(200) | None = None
    role: Line(200) | None = None
    location: Line(200) | None = None
    work_mode: Literal["remote", "hybrid", "onsite"] | None = None
    source: Literal["email", "linkedin", "facebook", "application", "applied"] | None = None
    # Strict booleans (chalicelib.schema.Bool): "no" is not False.
    linkedin: Bool = False
    confirmed: Bool = False
    consent_expiring: Bool = False


class NewSegment(Strict):
    name: Line(80)
    filters: SegmentFilters = Field(default_factory=SegmentFilters)
