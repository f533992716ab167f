"""Types shared by every request model: strict objects and the id and email formats."""
from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationInfo

# Ids of departments, roles, locations and questions are slugs the company chooses.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
WorkMode = Literal["remote", "hybrid", "onsite"]
WORK_MODES: tuple[str, ...] = ("remote", "hybrid", "onsite")

# What people and recruiters type ends up in email headers (a greeting's name, the sender's
# name, a job title in a subject), in file names and in logs. Every text type below refuses
# control characters at the door: a CR/LF saved once would break every later email.
_LINE_BREAKS = {"\u2028", "\u2029", "\u0085"}


# Input is refused; what is already stored (saved before a rule existed) is read leniently,
# cleaned rather than refused, so that one old value never makes a whole company unreadable.
STORED = {"stored": True}


def is_stored(info: ValidationInfo | None) -> bool:
    return bool(info and info.context and info.context.get("stored"))


def _no_controls(value: str, allow_newlines: bool = False, info: ValidationInfo | None = None) -> str:
    for char in value:
        if allow_newlines and char in "\n\r\t":
            continue
        if unicodedata.category(char) == "Cc" or char in _LINE_BREAKS:
            if is_stored(info):
                return "".join(" " if (unicodedata.category(c) == "Cc" or c in _LINE_BREAKS) and not (allow_newlines and c in "\n\r\t") else c for c in value)
            raise ValueError(f"must not contain control characters (found U+{ord(char):04X})")
    return value


def _line(value: str, info: ValidationInfo) -> str:
    return _no_controls(value, info=info)


def _text(value: str, info: ValidationInfo) -> str:
    return _no_controls(value, allow_newlines=True, info=info)


def Line(max_length: int, min_length: int = 1):  # noqa: N802 - a type factory, used like a type
    """One line of printable text (a title, a label, a question)."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length), AfterValidator(_line)]


def Text(max_length: int):  # noqa: N802
    """Free text that may span lines (descriptions, answers); no other control characters."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_text)]


_NAME_PUNCTUATION = set(" '’‘-.")


def keep_name_characters(value: object) -> object:
    """A name someone else collected (a job board's applicant), made to pass `Name` instead of
    refusing the application: what a name may not hold (controls, emoji, digits, '@', ':') is
    dropped and spaces collapsed. A name with no letters left is still refused."""
    if not isinstance(value, str):
        return value
    kept = "".join(c if unicodedata.category(c)[0] in "LM" or c in _NAME_PUNCTUATION else " " for c in value)
    return " ".join(kept.split())[:60]


def _person_name(value: str, info: ValidationInfo) -> str:
    """What a name needs: letters (any script) with their marks, spaces, apostrophes, hyphens
    and dots. No digits, '@', ':' or '/': a name is not a place for a link or a message, and it is
    printed in the greeting of an email sent to whatever address was typed beside it."""
    if is_stored(info):
        return _no_controls(value, info=info)
    _no_controls(value)
    if "  " in value:
        raise ValueError("must not contain repeated spaces")
    if not any(unicodedata.category(c).startswith("L") for c in value):
        raise ValueError("must contain letters")
    for char in value:
        if not (unicodedata.category(char)[0] in "LM" or char in _NAME_PUNCTUATION):
            raise ValueError(f"a name cannot contain {char!r}")
    return value


# A person's first or last name.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), AfterValidator(_person_name)]
# A department, role, location or company name, a sender name: one printable line.
Label = Line(100)


def email_address(value: str) -> str:
    """An address as the product keeps it (see `_email`), or ValueError: for addresses that did not
    come through a request model (a provider's ID token)."""
    return _email(value)


def _email(value: str) -> str:
    """An address SES can deliver to. SES does not support SMTPUTF8 (RFC 6531): the local part
    must be ASCII, so `åsa@example.com` is refused with a clear message; an internationalized
    domain is kept in its ASCII (IDNA) form. Validated by email-validator, lower-cased (one
    candidate per address whatever the letter case)."""
    # email-validator (~25 ms of CPU to import, its RFC patterns compiled) loads with the first
    # address validated, not with every function whose settings models import this module.
    from email_validator import EmailNotValidError, validate_email

    _no_controls(value)
    try:
        checked = validate_email(value.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise ValueError(f"not a valid email address: {error}") from None
    normalized = checked.ascii_email.lower()
    if len(normalized) > 254:
        raise ValueError("not a valid email address: too long")
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


def _json_boolean(value: object) -> object:
    # Pydantic's lax mode reads "no", "off", 0, "yes" and 1 as booleans, and a Literal[True]
    # takes 1: `"enabled": "no"` would switch an integration *off* without anyone meaning it.
    if not isinstance(value, bool):
        raise ValueError("must be true or false (a JSON boolean)")
    return value


# Every boolean of every request model is one of these (tests/test_trust_sessions.py walks the
# OpenAPI document and sends a string and a number for each).
Bool = Annotated[bool, BeforeValidator(_json_boolean)]
TrueOnly = Annotated[Literal[True], BeforeValidator(_json_boolean)]

Email = Annotated[str, AfterValidator(_email)]
TimeZone = Annotated[str, AfterValidator(_timezone)]


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone the runtime knows, for a person's choice in a form (read once)."""
    from zoneinfo import available_timezones

    return tuple(sorted(zone for zone in available_timezones() if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))))
HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Strict(BaseModel):
    """Unknown fields are refused, never silently stored."""

    # defer_build: a model builds its validator when first used, not when its module is imported.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


def unique(values: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} is listed twice")
        seen.add(value)
    return values
