"""One-click unsubscribe (RFC 8058): no login, no cookies, a signed link per candidate."""
from __future__ import annotations

from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, read_link
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.companies.service import load_company
from chalicelib.db import now
from chalicelib.errors import NotFound
from chalicelib.observability import count, logger
from chalicelib.subscriptions.service import sync_index

def unsubscribe(token: str | None) -> str:
    """Stop job tips; the candidate stays connected and can resubscribe from the dashboard.
    Returns the company's name for the confirmation page. Doing it twice is harmless."""
    claims = read_link(token, UNSUBSCRIBE_PURPOSE)
    return unsubscribe_candidate(claims["c"], claims["k"])


def unsubscribe_candidate(company_slug: str, candidate_id: str) -> str:
    try:
        company = load_company(company_slug)
    except NotFound:
        return "the company"
    candidate = get_candidate(company.slug, candidate_id, consistent=True)
    if candidate is None:
        return company.name
    if candidate.unsubscribed_at is None:
        subscription = {**candidate.subscription, "paused": True}
        candidate.update(actions=[CandidateItem.subscription.set(subscription), CandidateItem.unsubscribed_at.set(now())])
        sync_index(candidate, company.settings)
        count("Unsubscribed")
        logger.info("candidate unsubscribed", extra={"company": company.slug, "candidate_id": candidate.candidate_id})
    return company.name
