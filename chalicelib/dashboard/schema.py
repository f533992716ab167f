from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from chalicelib.candidates.schema import Answer
from chalicelib.schema import Name, Slug, Strict, WorkMode, unique


class ProfilePatch(Strict):
    """Only the fields sent change; `location: null` clears the location."""

    first_name: Name | None = None
    last_name: Name | None = None
    location: Slug | None = None
    work_modes: list[WorkMode] | None = Field(default=None, max_length=3)
    answers: list[Answer] | None = Field(default=None, max_length=100)
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError("unknown time zone") from None
        return value

    @field_validator("work_modes")
    @classmethod
    def _unique_modes(cls, value: list[str] | None) -> list[str] | None:
        return unique(value, "work mode") if value else value

    @field_validator("answers")
    @classmethod
    def _one_answer_per_question(cls, value: list[Answer] | None) -> list[Answer] | None:
        if value:
            unique([a.question_id for a in value], "question")
        return value


class SubscriptionRequest(Strict):
    departments: list[Slug] = Field(max_length=50)
    roles: list[Slug] = Field(default_factory=list, max_length=200)
    locations: list[Slug] = Field(default_factory=list, max_length=50)
    work_modes: list[WorkMode] = Field(default_factory=list, max_length=3)
    frequency: Literal["instant", "daily", "weekly"] = "instant"
    paused: bool = False

    @field_validator("departments", "roles", "locations", "work_modes")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return unique(value, "choice")
