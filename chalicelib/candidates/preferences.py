"""Which categories of non-transactional email a candidate gets, and setting them.

Two categories (notifications/registry.py): "job_tips" (job tips and digests) and "campaigns"
(news from the company). Job tips are stopped the way they always were (unsubscribed, or the
subscription paused, so old links and the dashboard's "Stop all job tips" mean the same);
campaigns have their own `campaigns_stopped_at`. Stopping one keeps the other. Neither goes to a
candidate who has not confirmed their address or whose consent has lapsed, nor to a suppressed
address. The notifications mechanism asks `refusal` before every such email (hooks.py);
`receives` is the same answer with suppression, for counting an audience.
"""
from __future__ import annotations

from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.db import now
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.notifications.ledger import NO_CONSENT, STOPPED_CATEGORY
from chalicelib.notifications.registry import CAMPAIGNS, CATEGORIES, JOB_TIPS
from chalicelib.observability import count, logger
from chalicelib.subscriptions.rules import Subscription


def _check(category: str) -> None:
    if category not in CATEGORIES:
        raise InvalidInput(f"unknown category; categories are {', '.join(CATEGORIES)}", field="category")


def stopped(candidate: CandidateItem, category: str) -> bool:
    """Has the candidate stopped this category (their choice, whatever their consent)?"""
    _check(category)
    if category == JOB_TIPS:
        return candidate.unsubscribed_at is not None or Subscription.from_dict(candidate.subscription).paused
    return candidate.campaigns_stopped_at is not None


def refusal(candidate: CandidateItem | None, category: str) -> str | None:
    """None when the candidate may get an email of ``category``; else "no_consent" (gone,
    unconfirmed, consent lapsed) or "stopped_category"."""
    if candidate is None or candidate.confirmed_at is None:
        return NO_CONSENT
    if candidate.consent_expires_at is not None and candidate.consent_expires_at <= now():
        return NO_CONSENT
    if stopped(candidate, category):
        return STOPPED_CATEGORY
    return None


def receives(candidate: CandidateItem | None, category: str) -> bool:
    """Would an email of ``category`` reach this candidate now (confirmed, consent valid, not
    stopped, address not suppressed)? For audience counts; the cap is per email, not here."""
    from chalicelib.notifications.suppressions import is_suppressed

    return refusal(candidate, category) is None and not is_suppressed(candidate.email)


def choices(candidate: CandidateItem) -> dict[str, bool]:
    """What the candidate chose: {"job_tips": bool, "campaigns": bool} (True: they get it)."""
    return {category: not stopped(candidate, category) for category in CATEGORIES}


def set_categories(company_slug: str, candidate_id: str, wanted: dict[str, bool]) -> dict[str, bool]:
    """Turn each category named in ``wanted`` on or off (the others stay as they are); doing it
    twice is harmless. Returns the choices after the change."""
    for category in wanted:
        _check(category)
    from chalicelib.companies.service import load_company

    company = load_company(company_slug)
    candidate = get_candidate(company.slug, candidate_id, consistent=True)
    if candidate is None:
        raise NotFound("no such candidate", field=None)
    for category, on in wanted.items():
        # Stopping job tips while merely paused still records the unsubscribe (the dashboard then
        # says they are stopped, as it always did after an unsubscribe link).
        unchanged = (candidate.unsubscribed_at is not None) if category == JOB_TIPS and not on else on == (not stopped(candidate, category))
        if unchanged:
            continue
        if category == JOB_TIPS:
            _job_tips(candidate, company, on)
        else:
            candidate.update(actions=[CandidateItem.campaigns_stopped_at.remove() if on else CandidateItem.campaigns_stopped_at.set(now()),
                                      CandidateItem.updated_at.set(now())])
        count("CategoryStarted" if on else "CategoryStopped")
        logger.info("email category changed", extra={"company": company.slug, "candidate_id": candidate.candidate_id,
                                                      "category": category, "on": on})
    return choices(candidate)


def stop(company_slug: str, candidate_id: str, category: str) -> None:
    set_categories(company_slug, candidate_id, {category: False})


def _job_tips(candidate: CandidateItem, company, on: bool) -> None:
    from chalicelib.subscriptions.service import sync_index

    subscription = {**candidate.subscription, "paused": not on}
    actions = [CandidateItem.subscription.set(subscription), CandidateItem.updated_at.set(now())]
    actions.append(CandidateItem.unsubscribed_at.remove() if on else CandidateItem.unsubscribed_at.set(now()))
    candidate.update(actions=actions)
    sync_index(candidate, company.settings)
