from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from chalicelib.candidates.schema import Answers
from chalicelib.schema import Bool, Email, Name, Slug, Strict, TimeZone, TrueOnly, WorkMode, unique


class ProfilePatch(Strict):
    """Only the fields sent change; `location: null` clears the location."""

    first_name: Name | None = None
    last_name: Name | None = None
    # A new address changes once its owner follows the link sent there (candidates.email_change).
    email: Email | None = None
    location: Slug | None = None
    work_modes: list[WorkMode] | None = Field(default=None, max_length=3)
    answers: Answers | None = None
    timezone: TimeZone | None = None
    language: Literal["en", "sv"] | None = None

    @field_validator("work_modes")
    @classmethod
    def _unique_modes(cls, value: list[str] | None) -> list[str] | None:
        return unique(value, "work mode") if value else value


class SubscriptionRequest(Strict):
    departments: list[Slug] = Field(max_length=50)
    roles: list[Slug] = Field(default_factory=list, max_length=200)
    locations: list[Slug] = Field(default_factory=list, max_length=50)
    work_modes: list[WorkMode] = Field(default_factory=list, max_length=3)
    frequency: Literal["instant", "daily", "weekly"] = "instant"
    paused: Bool = False

    @field_validator("departments", "roles", "locations", "work_modes")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return unique(value, "choice")


class ConsentRenewal(Strict):
    consent: TrueOnly


class PreferencesRequest(Strict):
    """PUT /me/preferences: which categories of email the candidate gets; a category left out
    stays as it is."""

    job_tips: Bool | None = None
    campaigns: Bool | None = None
