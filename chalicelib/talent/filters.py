"""The community's filters: what a recruiter may ask of the list (and save as a segment), read
once from a query or a form, and matched against a person as they are NOW.

"What a candidate wants" is the union of what they connected with (their profile's departments,
roles, location and work modes) and their current job-tip subscription, which they may have
changed on their dashboard since: someone who connected with Product and now takes Sales tips
is found under Sales (and still under Product, which their profile says). An applicant who never
connected wants what they applied to: the departments and roles of those jobs.

A filter matches explicit choices only: a candidate with no location chosen (any location, for
job tips) is not listed under Berlin.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.candidates.models import APPLICANT_PREFIX
from chalicelib.errors import InvalidInput

TEXT_FIELDS = ("q", "department", "role", "location", "work_mode", "source")
FLAGS = ("linkedin", "confirmed", "consent_expiring")
FIELDS = (*TEXT_FIELDS, *FLAGS)
# How they came: connected by email, with LinkedIn or Facebook, right after applying; "applied":
# everyone who applied (connected or not).
SOURCES = ("email", "linkedin", "facebook", "application", "applied")
WORK_MODES = ("remote", "hybrid", "onsite")
EXPIRING_DAYS = 30
MAX_TEXT = 200
_YES = {"1", "true", "yes", "on"}
_NO = {"", "0", "false", "no", "off"}


def parse(values: dict) -> dict:
    """The filters of a query or a form (strings), checked: {name: value} of those given, flags
    as True. A value that cannot be a filter is a 400 naming it; an unknown id simply matches
    nobody (as an id removed from the settings would)."""
    criteria: dict = {}
    for name in TEXT_FIELDS:
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidInput("must be text", field=name)
        value = value.strip()
        if not value:
            continue
        if len(value) > MAX_TEXT or not value.isprintable():
            raise InvalidInput(f"at most {MAX_TEXT} printable characters", field=name)
        criteria[name] = value
    if criteria.get("source") and criteria["source"] not in SOURCES:
        raise InvalidInput(f"source must be one of {', '.join(SOURCES)}", field="source")
    if criteria.get("work_mode") and criteria["work_mode"] not in WORK_MODES:
        raise InvalidInput(f"work_mode must be one of {', '.join(WORK_MODES)}", field="work_mode")
    for name in FLAGS:
        value = values.get(name)
        if value is None or value is False:
            continue
        text = "true" if value is True else str(value).strip().lower()
        if text in _YES:
            criteria[name] = True
        elif text not in _NO:
            raise InvalidInput("must be true or false", field=name)
    return criteria


def scope_values(criteria: dict) -> dict[str, str]:
    """The filters as plain strings, for a cursor's scope and a link's query."""
    return {name: ("true" if criteria[name] is True else criteria[name]) for name in FIELDS if name in criteria}


def wants(item) -> dict[str, set[str]]:
    """What this person wants now: their connection's and their subscription's choices."""
    subscription = getattr(item, "subscription", None) or {}
    location = getattr(item, "location", None)
    return {
        "department": {*(item.departments or []), *subscription.get("departments", [])},
        "role": {*(item.roles or []), *subscription.get("roles", [])},
        "location": {*([location] if location else []), *subscription.get("locations", [])},
        "work_mode": {*(getattr(item, "work_modes", None) or []), *subscription.get("work_modes", [])},
    }


def matches(item, criteria: dict, at: datetime) -> bool:
    """Does this list item (a candidate, or an applicant read through the candidate's
    attributes) match every given filter?"""
    applicant = item.sk.startswith(APPLICANT_PREFIX)
    if "q" in criteria and criteria["q"].lower() not in (item.search_text or ""):
        return False
    wanted = wants(item)
    for name in ("department", "role", "location", "work_mode"):
        if name in criteria and criteria[name] not in wanted[name]:
            return False
    source = criteria.get("source")
    if source == "applied":
        if item.applied_at is None:
            return False
    elif source and (applicant or item.source != source):
        return False
    if criteria.get("linkedin") and "linkedin" not in (item.application_sources or set()):
        return False
    if criteria.get("confirmed") and (applicant or item.confirmed_at is None):
        return False
    if criteria.get("consent_expiring"):
        expires = None if applicant else item.consent_expires_at
        if expires is None or not (at < expires <= at + timedelta(days=EXPIRING_DAYS)):
            return False
    return True
