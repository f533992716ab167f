"""Types shared by every request model: strict objects and the id and email formats."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

# Ids of departments, roles, locations and questions are slugs the company chooses.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
WorkMode = Literal["remote", "hybrid", "onsite"]
WORK_MODES: tuple[str, ...] = ("remote", "hybrid", "onsite")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

_EMAIL = re.compile(r"^[^@\s\"(),:;<>\[\\\]]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _email(value: str) -> str:
    normalized = value.strip().lower()
    if len(normalized) > 254 or not _EMAIL.match(normalized):
        raise ValueError("not a valid email address")
    return normalized


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value) or len(value) > 2000:
        raise ValueError("must be an http(s) URL")
    return value


def _timezone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone") from None
    return value


Email = Annotated[str, AfterValidator(_email)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Strict(BaseModel):
    """Unknown fields are refused, never silently stored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def unique(values: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} is listed twice")
        seen.add(value)
    return values
