"""Keeps a candidate's index entries equal to what their subscription says."""
from __future__ import annotations

from typing import Any

from chalicelib.companies.schema import CompanySettings
from chalicelib.subscriptions.index import apply, entries_for, keys_of
from chalicelib.subscriptions.rules import Catalogue, Subscription


def catalogue(settings: CompanySettings) -> Catalogue:
    return Catalogue(settings.role_department())


def sync_index(candidate: Any, settings: CompanySettings) -> None:
    """``candidate`` is any record with company, candidate_id, subscription and confirmed_at
    (the candidates capability's item). Only confirmed candidates are in the index: job tips go
    to confirmed addresses only."""
    desired = (
        entries_for(candidate.company, Subscription.from_dict(candidate.subscription), catalogue(settings))
        if candidate.confirmed_at
        else set()
    )
    recorded = keys_of(candidate.company, candidate.candidate_id)
    if desired != recorded:
        apply(candidate.company, candidate.candidate_id, recorded, desired)
