"""Who a campaign reaches: the community as it is now, read a page at a time from the
candidates table's community index (newest first, the list the console shows), filtered by the
campaign's segment or filter (talent/filters.py, as the community screen filters), then by what
each person chose and the campaign's exclusions. One answer for the count before sending and
for the fan-out, which reads the same pages one step at a time.

Who receives it: connected, confirmed candidates with valid consent who have not turned
campaigns off (candidates/preferences.py), whose address is not suppressed, not excluded.
Applicants who never connected gave no consent to hear from the company: never in an audience.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterator

from chalicelib import db
from chalicelib.applications.service import for_candidate
from chalicelib.candidates.models import APPLICANT_PREFIX, CandidateItem
from chalicelib.candidates.preferences import refusal
from chalicelib.errors import Conflict, NotFound
from chalicelib.notifications.suppressions import is_suppressed
from chalicelib.talent import filters

CATEGORY = "campaigns"
CLOSED = frozenset({"hired", "rejected", "withdrawn"})
PAGE = 100  # community items per fan-out step: well inside one invocation, whatever the audience


@dataclass
class Tally:
    matched: int = 0  # in the segment or filter (connected candidates)
    not_receiving: int = 0  # unconfirmed, consent lapsed, campaigns turned off
    excluded: int = 0  # by the campaign's exclusions
    suppressed: int = 0  # SES bounced or complained
    receiving: int = 0
    sample: list[dict] = field(default_factory=list)


def segment_filters(actor, campaign_audience: dict) -> dict | None:
    """The filters of the campaign's segment (None when it has a filter of its own)."""
    segment_id = campaign_audience.get("segment_id")
    if segment_id is None:
        return None
    from chalicelib.talent.segments import get_segment

    try:
        return get_segment(actor, segment_id)["filters"]
    except NotFound:
        raise Conflict("the campaign's segment was deleted; choose another", field="audience.segment_id") from None


def criteria_of(campaign_audience: dict, segment_filters: dict | None) -> dict:
    """The filter to apply: the segment's (read when the campaign is counted or sent, so a
    segment edited meanwhile is what goes) or the campaign's own."""
    values = segment_filters if segment_filters is not None else (campaign_audience.get("filters") or {})
    return filters.parse(values)


def why_left_out(candidate: CandidateItem, exclusions: dict, at: datetime, suppression: bool = True) -> str | None:
    """None when this (matched) candidate receives the campaign; otherwise which count they go to.
    The fan-out leaves suppression to the mechanism (``suppression=False``), which counts the
    suppressed addresses in the campaign's results; the count before sending leaves them out."""
    # The person's own choice and consent (suppression is counted apart, below).
    if refusal(candidate, CATEGORY) is not None:
        return "not_receiving"
    days = exclusions.get("applied_within_days")
    if days and candidate.applied_at is not None and candidate.applied_at >= at - timedelta(days=int(days)):
        return "excluded"
    if exclusions.get("active_application") and candidate.applied_at is not None:
        if any(a.status not in CLOSED and a.erased_at is None for a in for_candidate(candidate.company, candidate.candidate_id)):
            return "excluded"
    if suppression and is_suppressed(candidate.email):
        return "suppressed"
    return None


def page(company: str, start: str | None, size: int = PAGE) -> tuple[list[CandidateItem], str | None]:
    """One page of the community from ``start`` (an opaque position, JSON), and where the next
    page starts (None at the end)."""
    query = CandidateItem.by_community.query(company, scan_index_forward=False, limit=size, page_size=size,
                                             last_evaluated_key=json.loads(start) if start else None)
    items = list(query)
    last = query.last_evaluated_key
    return items, (json.dumps(last, sort_keys=True) if last else None)


def matching(items: list[CandidateItem], criteria: dict, at: datetime) -> Iterator[CandidateItem]:
    for item in items:
        if item.sk.startswith(APPLICANT_PREFIX):
            continue
        if filters.matches(item, criteria, at):
            yield item


def tally(company: str, criteria: dict, exclusions: dict, sample_size: int = 5) -> Tally:
    """The whole audience counted (the console's "who will receive it"), with a few names."""
    at = db.now()
    result = Tally()
    start: str | None = None
    while True:
        items, start = page(company, start, 500)
        for candidate in matching(items, criteria, at):
            result.matched += 1
            reason = why_left_out(candidate, exclusions, at)
            if reason is None:
                result.receiving += 1
                if len(result.sample) < sample_size:
                    result.sample.append({"id": candidate.candidate_id, "first_name": candidate.first_name,
                                          "last_name": candidate.last_name, "language": candidate.language})
            else:
                setattr(result, reason, getattr(result, reason) + 1)
        if start is None:
            return result
