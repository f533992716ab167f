"""What candidates answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from chalicelib.candidates.models import CANDIDATE_PREFIX, CandidateItem
from chalicelib.companies import usage


def labels_in_use(company: str) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {"departments": set(), "roles": set(), "locations": set()}
    for candidate in CandidateItem.query(company, CandidateItem.sk.startswith(CANDIDATE_PREFIX)):
        subscription = candidate.subscription or {}
        used["departments"] |= set(candidate.departments) | set(subscription.get("departments", []))
        used["roles"] |= set(candidate.roles) | set(subscription.get("roles", []))
        used["locations"] |= {candidate.location} | set(subscription.get("locations", []))
    return used


usage.register(labels_in_use)
