"""The job-tip matching rules, as plain functions (seed 000, Examples A, B and C).

- A posting's department must be subscribed.
- Roles narrow only their own department: a subscribed department with no subscribed role
  in it matches every role of that department.
- One of the posting's locations must be one of the subscriber's; no location chosen means any.
  A remote posting with no location matches any location choice.
- The posting's work mode must be one the subscriber accepts; none chosen means any. So a
  remote-only subscriber never gets an on-site or hybrid job (seed 002).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ANY = "*"
WORK_MODE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}


@dataclass(frozen=True)
class Subscription:
    departments: tuple[str, ...]
    roles: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    work_modes: tuple[str, ...] = ()
    frequency: str = "instant"
    paused: bool = False
    # False while the subscription simply follows what the candidate connected with.
    customized: bool = False

    @classmethod
    def from_dict(cls, data: dict | None) -> "Subscription":
        data = data or {}
        return cls(
            departments=tuple(data.get("departments", ())),
            roles=tuple(data.get("roles", ())),
            locations=tuple(data.get("locations", ())),
            work_modes=tuple(data.get("work_modes", ())),
            frequency=data.get("frequency", "instant"),
            paused=bool(data.get("paused", False)),
            customized=bool(data.get("customized", False)),
        )

    def to_dict(self) -> dict:
        return {
            "departments": list(self.departments),
            "roles": list(self.roles),
            "locations": list(self.locations),
            "work_modes": list(self.work_modes),
            "frequency": self.frequency,
            "paused": self.paused,
            "customized": self.customized,
        }


@dataclass(frozen=True)
class Posting:
    department: str
    role: str | None
    locations: tuple[str, ...]
    work_mode: str


@dataclass(frozen=True)
class Catalogue:
    """Which department each role belongs to (from the company's settings)."""

    role_department: dict[str, str] = field(default_factory=dict)

    def roles_in(self, department: str, roles: Iterable[str]) -> tuple[str, ...]:
        return tuple(r for r in roles if self.role_department.get(r) == department)


def matches(subscription: Subscription, posting: Posting, catalogue: Catalogue) -> bool:
    if posting.department not in subscription.departments:
        return False
    narrowing = catalogue.roles_in(posting.department, subscription.roles)
    if narrowing and posting.role not in narrowing:
        return False
    if subscription.locations and posting.locations:
        if not set(subscription.locations) & set(posting.locations):
            return False
    if subscription.locations and not posting.locations and posting.work_mode != "remote":
        return False
    if subscription.work_modes and posting.work_mode not in subscription.work_modes:
        return False
    return True


def reason_parts(subscription: Subscription, posting: Posting, names: "Names") -> dict:
    """The same facts as ``reason``, for templates that say it in another language."""
    return {
        "department": names.department(posting.department),
        "role": names.role(posting.role) if posting.role in subscription.roles else None,
        "locations": [names.location(loc) for loc in subscription.locations if loc in posting.locations]
        if subscription.locations and posting.locations else [],
        "work_modes": list(subscription.work_modes),
    }


def reason(subscription: Subscription, posting: Posting, names: "Names") -> str:
    """One line telling the candidate why this job reached them."""
    department = names.department(posting.department)
    narrowing = [r for r in subscription.roles if r == posting.role]
    what = f"{department} ({names.role(posting.role)})" if narrowing else f"{department} (all roles)"
    where = (
        "in " + ", ".join(names.location(loc) for loc in subscription.locations if loc in posting.locations)
        if subscription.locations and posting.locations
        else "in any location"
    )
    how = " or ".join(WORK_MODE_LABELS[m].lower() for m in subscription.work_modes) if subscription.work_modes else "any work mode"
    return f"you follow {what} {where}, {how}"


class Names:
    """Display names for ids, from the company's settings."""

    def __init__(self, settings):
        self._settings = settings

    def department(self, department_id: str) -> str:
        department = self._settings.department(department_id)
        return department.name if department else department_id

    def role(self, role_id: str | None) -> str:
        return self._settings.role_name(role_id) or (role_id or "")

    def location(self, location_id: str) -> str:
        return self._settings.location_name(location_id)

    @staticmethod
    def work_mode(mode: str) -> str:
        return WORK_MODE_LABELS.get(mode, mode)
