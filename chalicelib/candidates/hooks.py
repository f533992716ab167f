"""What candidates answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from collections import Counter

from chalicelib.candidates.models import CANDIDATE_PREFIX, CandidateItem
from chalicelib.companies import usage


def labels_in_use(company: str) -> dict[str, Counter]:
    """How many candidates use each label: in their connection, their location or their job tips."""
    used: dict[str, Counter] = {"departments": Counter(), "roles": Counter(), "locations": Counter()}
    for candidate in CandidateItem.query(company, CandidateItem.sk.startswith(CANDIDATE_PREFIX)):
        subscription = candidate.subscription or {}
        used["departments"].update(set(candidate.departments) | set(subscription.get("departments", [])))
        used["roles"].update(set(candidate.roles) | set(subscription.get("roles", [])))
        used["locations"].update(({candidate.location} | set(subscription.get("locations", []))) - {None})
    return used


usage.register(labels_in_use, "candidates")
