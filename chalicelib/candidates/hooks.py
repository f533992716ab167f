"""What candidates answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from collections import Counter

from chalicelib.candidates.models import CANDIDATE_PREFIX, CandidateItem, get_candidate
from chalicelib.companies import usage
from chalicelib.notifications import categories


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


def _refusal(company: str, person: str, category: str) -> str | None:
    from chalicelib.candidates.preferences import refusal
    from chalicelib.companies.mail import company_of

    # A company that cannot be loaded is a fault (the message is retried, then parked), not a
    # person's choice: nothing is counted for it.
    slug = company_of(company).slug
    return refusal(get_candidate(slug, person, consistent=True), category)


def _unsubscribe_url(company: str, person: str, address: str, category: str, kind: str, occasion: str) -> str:
    from chalicelib.candidates.links import unsubscribe_link

    return unsubscribe_link(company, person, address, category, kind, occasion)


def _weekly_cap(company: str) -> int:
    from chalicelib.companies.mail import company_of

    return company_of(company).settings.email_cap_per_week


# The people categorised email goes to (job tips, digests, campaigns) are candidates.
categories.register_recipients(categories.Recipients(refusal=_refusal, unsubscribe_url=_unsubscribe_url, weekly_cap=_weekly_cap))
