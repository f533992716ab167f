"""The company's response promise (issue 20.1): how long an applicant waits at most, counted in
*working days* in the company's own time zone and working week, per-status targets for the
hiring team, the automatic "not decided yet" update, and the optional emails on entering a
status. The settings model lives here (CompanySettings.promise) with the calendar it needs, so
the apply page, the receipt, the guard and the console all count days the same way.

A deadline "within N working days" of a moment is the *end* of the N-th working day after that
moment's own day (the day itself never counts, whether it is a working day or not), in the
company's time zone: applied on Monday with 5 working days Mon-Fri, the answer is due by the end
of the next Monday. Public holidays are not known: a company that closes for a week states a
longer promise.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from chalicelib.schema import Bool, Strict, unique

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # date.weekday()'s order
# The statuses a target can be set for: every open one (a decision ends the clock).
OPEN_STATUSES = ("new", "in_review", "shortlisted", "interview", "offer")
# The statuses a company may tell the candidate about when the application enters them.
ANNOUNCED_STATUSES = ("shortlisted", "interview", "offer")
UPDATE_EVERY = timedelta(days=7)  # the "not decided yet" update: at most once a week


class StatusTargets(Strict):
    """How many working days an application may stay in each open status before the job's team
    is told (None: no target for that status)."""

    new: int | None = Field(default=5, ge=1, le=90)
    in_review: int | None = Field(default=14, ge=1, le=90)
    shortlisted: int | None = Field(default=14, ge=1, le=90)
    interview: int | None = Field(default=14, ge=1, le=90)
    offer: int | None = Field(default=14, ge=1, le=90)

    def of(self, status: str) -> int | None:
        return getattr(self, status) if status in OPEN_STATUSES else None


class Promise(Strict):
    # Which weekdays are working days (the response time and the targets count only these).
    working_week: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"], min_length=1, max_length=7)
    targets: StatusTargets = Field(default_factory=StatusTargets)
    # Tell an applicant honestly that nothing is decided yet once the promise has passed (weekly
    # at most). On by default: it protects the candidate.
    candidate_updates: Bool = True
    # Statuses whose entry is announced to the candidate by email (off by default).
    status_emails: list[Literal[ANNOUNCED_STATUSES]] = Field(default_factory=list, max_length=3)  # type: ignore[valid-type]

    @field_validator("working_week", "status_emails")
    @classmethod
    def _once_each(cls, values: list[str]) -> list[str]:
        unique(values, "day" if values and values[0] in WEEKDAYS else "status")
        return values

    def calendar(self, zone: str) -> "Calendar":
        return Calendar(zone, frozenset(self.working_week))


class Calendar:
    """Working days in one time zone and working week."""

    def __init__(self, zone: str, week: frozenset[str]):
        self.zone = ZoneInfo(zone)
        self.week = week or frozenset(WEEKDAYS[:5])

    def is_working(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.week

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def due_day(self, moment: datetime, days: int) -> date:
        """The last day of "within ``days`` working days of ``moment``"."""
        day, counted = self.local_day(moment), 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_working(day)
        return day

    def end_of(self, day: date) -> datetime:
        """The moment ``day`` ends in the company's time zone, in UTC (midnight after it)."""
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone).astimezone(timezone.utc)

    def deadline(self, moment: datetime, days: int) -> datetime:
        return self.end_of(self.due_day(moment, days))

    def working_days_after(self, day: date, moment: datetime) -> int:
        """How many working days lie after ``day`` up to and including ``moment``'s own day."""
        today, count = self.local_day(moment), 0
        while day < today:
            day += timedelta(days=1)
            count += self.is_working(day)
        return count


DAY_NAMES = {"en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
             "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")}
MONTH_NAMES = {"en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"),
               "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                      "november", "december")}


def day_text(day: date, language: str | None) -> str:
    """"Monday 21 December 2026" / "måndag 21 december 2026": a date a candidate reads in their language."""
    language = language if language in DAY_NAMES else "en"
    return f"{DAY_NAMES[language][day.weekday()]} {day.day} {MONTH_NAMES[language][day.month - 1]} {day.year}"
