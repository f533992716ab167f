"""One-click unsubscribe (RFC 8058): no login, no cookies, a signed link per candidate and
category. A link names the category it stops ("cat"; none: job tips, as every link sent before
categories), and the email it came in (kind, occasion), where the unsubscribe is counted."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, read_link
from chalicelib.candidates.models import get_candidate
from chalicelib.candidates.preferences import choices, set_categories
from chalicelib.companies.service import load_company
from chalicelib.errors import NotFound
from chalicelib.notifications.registry import CATEGORIES, JOB_TIPS
from chalicelib.observability import count, logger


@dataclass(frozen=True)
class Unsubscribed:
    company: str  # the company's name, for the page
    category: str  # what was stopped
    others_on: tuple[str, ...]  # the categories the candidate still gets


def link_category(claims: dict) -> str:
    category = claims.get("cat", JOB_TIPS)
    return category if category in CATEGORIES else JOB_TIPS


def unsubscribe(token: str | None, also: str | None = None) -> Unsubscribed:
    """Stop the link's category (and ``also``, another category, when the person asked on the
    page); the candidate stays connected and can turn it back on from the dashboard. Doing it
    twice is harmless and counts once per email only when something changed."""
    claims = read_link(token, UNSUBSCRIBE_PURPOSE)
    category = link_category(claims)
    stopping = [category] + ([also] if also in CATEGORIES and also != category else [])
    result = unsubscribe_candidate(claims["c"], claims["k"], stopping)
    if result.changed and isinstance(claims.get("n"), str) and isinstance(claims.get("o"), str):
        from chalicelib.notifications.ledger import record

        record(claims["c"], claims["n"], claims["o"], "unsubscribed")
    return Unsubscribed(result.company, category, result.others_on)


@dataclass(frozen=True)
class _Result:
    company: str
    changed: bool
    others_on: tuple[str, ...]


def unsubscribe_candidate(company_slug: str, candidate_id: str, categories: list[str] | None = None) -> _Result:
    """Stop ``categories`` (job tips when none are named)."""
    categories = categories or [JOB_TIPS]
    try:
        company = load_company(company_slug)
    except NotFound:
        return _Result("the company", False, ())
    candidate = get_candidate(company.slug, candidate_id, consistent=True)
    if candidate is None:
        return _Result(company.name, False, ())
    before = choices(candidate)
    after = set_categories(company.slug, candidate_id, {c: False for c in categories})
    changed = any(before[c] for c in categories)
    if changed:
        count("Unsubscribed")
        logger.info("candidate unsubscribed", extra={"company": company.slug, "candidate_id": candidate_id, "categories": categories})
    return _Result(company.name, changed, tuple(c for c, on in after.items() if on))
