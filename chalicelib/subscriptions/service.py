"""Keeps a candidate's index entries equal to what their subscription says."""
from __future__ import annotations

from chalicelib.candidates.models import CandidateItem
from chalicelib.companies.schema import CompanySettings
from chalicelib.subscriptions.index import apply, entries_for
from chalicelib.subscriptions.rules import Catalogue, Subscription


def catalogue(settings: CompanySettings) -> Catalogue:
    return Catalogue(settings.role_department())


def sync_index(candidate: CandidateItem, settings: CompanySettings) -> None:
    """Only confirmed candidates are in the index: job tips go to confirmed addresses only."""
    desired = (
        entries_for(candidate.company, Subscription.from_dict(candidate.subscription), catalogue(settings))
        if candidate.confirmed_at
        else set()
    )
    recorded = set(candidate.index_keys or [])
    if desired == recorded:
        return
    # Record the union first: whatever happens next, every entry that may exist is on record.
    candidate.update(actions=[CandidateItem.index_keys.set(sorted(recorded | desired))])
    apply(candidate.candidate_id, recorded, desired)
    candidate.update(actions=[CandidateItem.index_keys.set(sorted(desired))])
