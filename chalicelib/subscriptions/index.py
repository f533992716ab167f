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

Which keys a subscriber occupies is recorded in the same table, one small item per key under
``@subscriber#company#candidate`` (a partition no posting can fall in: a company id never
starts with ``@``), so a change of subscription finds them with one strongly consistent query
and the candidate's own item stays the same size however broad the subscription.
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


class SubscriberKeyItem(Model):
    """One index key a subscriber occupies (same table, the subscriber's own partition)."""

    Meta = TableMeta("subscription_index_table")
    subscriber = UnicodeAttribute(hash_key=True, attr_name="pk")
    key = UnicodeAttribute(range_key=True, attr_name="candidate_id")


def _subscriber(company: str, candidate_id: str) -> str:
    return f"@subscriber#{company}#{candidate_id}"


def keys_of(company: str, candidate_id: str) -> set[str]:
    return {item.key for item in SubscriberKeyItem.query(_subscriber(company, candidate_id), consistent_read=True)}


def apply(company: str, candidate_id: str, old_keys: Iterable[str], new_keys: Iterable[str]) -> None:
    """Move a subscriber from old_keys to new_keys.

    Every entry is on record before it exists and after it is gone: additions write the record
    first, removals delete it last. A crash in between leaves an extra entry that the next
    change removes (and the notification consumer's re-check filters out), never a missing one.
    """
    old, new = set(old_keys), set(new_keys)
    me = _subscriber(company, candidate_id)
    added, removed = sorted(new - old), sorted(old - new)
    if added:
        with SubscriberKeyItem.batch_write() as batch:
            for key in added:
                batch.save(SubscriberKeyItem(subscriber=me, key=key))
        with SubscriptionIndexItem.batch_write() as batch:
            for key in added:
                batch.save(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))
    if removed:
        with SubscriptionIndexItem.batch_write() as batch:
            for key in removed:
                batch.delete(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))
        with SubscriberKeyItem.batch_write() as batch:
            for key in removed:
                batch.delete(SubscriberKeyItem(subscriber=me, key=key))


def remove(company: str, candidate_id: str) -> None:
    """Take a subscriber out of the index entirely (unsubscribe, erasure)."""
    apply(company, candidate_id, keys_of(company, candidate_id), ())


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
