"""Which categories of non-transactional email a candidate receives: job tips and campaigns are
separate choices, so stopping one never stops the other.

(Minimal version written with the campaigns capability: `receives` is the interface campaigns
use; the preferences mechanism's fuller version, with the dashboard's choices, takes its place.)
"""
from __future__ import annotations

from chalicelib import db
from chalicelib.candidates.models import CandidateItem, get_candidate

CATEGORIES = ("job_tips", "campaigns")


def receives(candidate: CandidateItem | None, category: str) -> bool:
    """Does this candidate get emails of ``category`` now: confirmed, consent valid, and the
    category not turned off (job tips: not unsubscribed or paused either)?"""
    if candidate is None or candidate.confirmed_at is None:
        return False
    if candidate.consent_expires_at is not None and candidate.consent_expires_at <= db.now():
        return False
    if category in (candidate.stopped_categories or set()):
        return False
    if category == "job_tips":
        return candidate.unsubscribed_at is None and not (candidate.subscription or {}).get("paused")
    return True


def stop(company: str, candidate_id: str, category: str) -> bool:
    """Turn ``category`` off for the candidate; True when it was on (doing it twice is harmless)."""
    candidate = get_candidate(company, candidate_id, consistent=True)
    if candidate is None or category in (candidate.stopped_categories or set()):
        return False
    candidate.update(actions=[CandidateItem.stopped_categories.add({category})])
    return True
