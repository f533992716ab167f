"""The subscription index: who to tell about a posting, read in proportion to the answer.

Each confirmed, active subscriber has one item per combination of
(department, role-or-*, location-or-*, work-mode-or-*) their subscription allows, under the
partition key ``company#department#role#location#mode``. A posting can only fall into
2 x (locations + 1) x 2 partitions, so matching queries those and reads nothing but matches:
the work grows with the number of matches, not with the number of subscribers, and never scans.

A remote posting with no location matches every location choice. Rather than querying every
location the company has, subscribers who accept remote work also live under the location
``~`` ("remote, anywhere"), so such a posting is answered from 2 x 1 x 2 partitions.

The partition key starts with the company, so a query can never cross tenants.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta
from chalicelib.subscriptions.rules import ANY, Catalogue, Posting, Subscription

ANYWHERE = "~"

# A subscriber whose choices multiply past this many entries is refused at validation time,
# long before the index would grow unreasonably (departments x roles x locations x modes).
MAX_ENTRIES_PER_SUBSCRIBER = 2000


class SubscriptionIndexItem(Model):
    Meta = TableMeta("subscription_index_table")
    pk = UnicodeAttribute(hash_key=True)
    candidate_id = UnicodeAttribute(range_key=True)


def _pk(company: str, department: str, role: str, location: str, mode: str) -> str:
    return f"{company}#{department}#{role}#{location}#{mode}"


def entries_for(company: str, subscription: Subscription, catalogue: Catalogue) -> set[str]:
    """The partition keys a subscription lives under; none while it is paused."""
    if subscription.paused:
        return set()
    keys = set()
    modes = subscription.work_modes or (ANY,)
    for department in subscription.departments:
        for role in catalogue.roles_in(department, subscription.roles) or (ANY,):
            for mode in modes:
                for location in subscription.locations or (ANY,):
                    keys.add(_pk(company, department, role, location, mode))
                if mode in ("remote", ANY):
                    keys.add(_pk(company, department, role, ANYWHERE, mode))
    return keys


def partitions_for(company: str, posting: Posting) -> list[str]:
    roles = [posting.role, ANY] if posting.role else [ANY]
    # A posting without locations (remote, anywhere) reaches every location choice.
    locations = [*posting.locations, ANY] if posting.locations else [ANYWHERE]
    return [
        _pk(company, posting.department, role, location, mode)
        for role in roles
        for location in locations
        for mode in (posting.work_mode, ANY)
    ]


def apply(candidate_id: str, old_keys: Iterable[str], new_keys: Iterable[str]) -> None:
    """Move a subscriber from old_keys to new_keys.

    Additions are written before removals: a crash in between leaves an extra entry, which the
    notification consumer's re-check filters out, never a missing one.
    """
    old, new = set(old_keys), set(new_keys)
    if new - old:
        with SubscriptionIndexItem.batch_write() as batch:
            for key in sorted(new - old):
                batch.save(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))
    if old - new:
        with SubscriptionIndexItem.batch_write() as batch:
            for key in sorted(old - new):
                batch.delete(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))


@dataclass(frozen=True)
class MatchResult:
    candidate_ids: list[str]
    items_read: int  # what DynamoDB scanned to answer: equals the matches, plus duplicates across locations
    partitions: int


def find_subscribers(company: str, posting: Posting) -> MatchResult:
    seen: dict[str, None] = {}
    items_read = 0
    partitions = partitions_for(company, posting)
    for pk in partitions:
        result = SubscriptionIndexItem.query(pk)
        for item in result:
            seen.setdefault(item.candidate_id, None)
        items_read += result.page_iter.total_scanned_count
    return MatchResult(list(seen), items_read, len(partitions))
