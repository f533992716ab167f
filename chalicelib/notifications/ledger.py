"""The ledger of non-transactional email (one DynamoDB table, EmailLedgerTable): the cap's slots
per person, and outcome counters per (company, kind, occasion).

**The cap.** One item per (company, person): ``pk = cap#<company>#<digest of the person>``,
``sk = cap``, holding the slots the person's emails took in the last 7 days (``slots``: slot id →
Unix time; a slot id is a digest of the message's idempotency key) and a version. Taking a slot
is read, prune what is older than 7 days, add, and a conditional write on the version: two
consumers racing for the last slot both read the same version, one write succeeds, the other
fails its condition, reads again and finds the week full. A message that already holds a slot
(a redelivery, or a retry after a failed send) finds its own id and takes no second one. The
item expires (TTL) a week after its newest slot and holds no address and no name.

**Outcomes.** One counter item per (company, kind, occasion) and per further group:
``pk = outcomes#<company>``, ``sk = <kind>#<occasion>`` (a job tip's occasion is the job, a
digest's its due hour, a campaign's the campaign), ``sk = kind#<kind>`` (the kind's total) and
``sk = group#<group>`` (e.g. ``group#department#sales``), each with one number per event
(`EVENTS`) added atomically (UpdateItem ADD). Reading a campaign's results is one GetItem;
a company's whole picture is one Query on its partition; never a Scan. Counting is at least
once: an outcome recorded just before a failure that makes SQS deliver the message again is
counted again (the same window as a duplicate send, docs/architecture.md).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError
from pynamodb.models import Model

from chalicelib.db import TableMeta, now

WEEK = timedelta(days=7)
CAP_ATTEMPTS = 10

# What can happen to one categorised email (the consumer records exactly one of these per email).
SENT = "sent"
DEFERRED_CAP = "deferred_cap"
SKIPPED_CAP = "skipped_cap"
SUPPRESSED = "suppressed"
STOPPED_CATEGORY = "stopped_category"
NO_CONSENT = "no_consent"
OUTCOMES = (SENT, DEFERRED_CAP, SKIPPED_CAP, SUPPRESSED, STOPPED_CATEGORY, NO_CONSENT)
# What people do with it afterwards: "unsubscribed" (its one-click link), "relevant" and
# "not_relevant" (its "Was this relevant?" links); "bounced" and "clicked" for whoever records them.
EVENTS = OUTCOMES + ("unsubscribed", "relevant", "not_relevant", "bounced", "clicked")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class CapItem(Model):
    Meta = TableMeta("email_ledger_table")
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    slots = JSONAttribute(default=dict)
    expires_at = TTLAttribute(null=True)
    version = VersionAttribute()


class CapContended(RuntimeError):
    """Too many consumers wrote the same person's slots at once: the message is retried later."""


def take_slot(company: str, person: str, key: str, limit: int) -> bool:
    """Take one of ``person``'s ``limit`` slots of the rolling week for the email ``key`` (its
    idempotency key): True when it holds one (newly or already), False when the week is full."""
    slot = _digest(key)[:16]
    pk = f"cap#{company}#{_digest(person)}"
    for _ in range(CAP_ATTEMPTS):
        at = now()
        try:
            item = CapItem.get(pk, "cap", consistent_read=True)
        except CapItem.DoesNotExist:
            item = CapItem(pk, "cap")
        floor = (at - WEEK).timestamp()
        live = {k: v for k, v in (item.slots or {}).items() if isinstance(v, (int, float)) and v > floor}
        if slot in live:
            return True
        if len(live) >= limit:
            return False
        live[slot] = int(at.timestamp())
        item.slots = live
        item.expires_at = at + WEEK + timedelta(days=1)
        try:
            item.save()  # conditional on the version read (PynamoDB's VersionAttribute)
            return True
        except PutError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
    raise CapContended("the cap's slots changed under every attempt")


def slots_used(company: str, person: str) -> int:
    """How many of the rolling week's slots ``person`` holds now (for a person's own view)."""
    try:
        item = CapItem.get(f"cap#{company}#{_digest(person)}", "cap", consistent_read=True)
    except CapItem.DoesNotExist:
        return 0
    floor = (now() - WEEK).timestamp()
    return sum(1 for v in (item.slots or {}).values() if isinstance(v, (int, float)) and v > floor)


class OutcomeCountItem(Model):
    """Counters of one (company, kind, occasion), of a kind's total, or of a group."""

    Meta = TableMeta("email_ledger_table")
    pk = UnicodeAttribute(hash_key=True)  # outcomes#<company>
    sk = UnicodeAttribute(range_key=True)  # <kind>#<occasion> | kind#<kind> | group#<group>
    kind = UnicodeAttribute(null=True)
    occasion = UnicodeAttribute(null=True)
    sent = NumberAttribute(null=True)
    deferred_cap = NumberAttribute(null=True)
    skipped_cap = NumberAttribute(null=True)
    suppressed = NumberAttribute(null=True)
    stopped_category = NumberAttribute(null=True)
    no_consent = NumberAttribute(null=True)
    unsubscribed = NumberAttribute(null=True)
    relevant = NumberAttribute(null=True)
    not_relevant = NumberAttribute(null=True)
    bounced = NumberAttribute(null=True)
    clicked = NumberAttribute(null=True)


def record(company: str, kind: str, occasion: str, event: str, groups: tuple[str, ...] | list[str] = ()) -> None:
    """Count one ``event`` of the email (``kind``, ``occasion``), in the kind's total and in each
    of ``groups`` too."""
    if event not in EVENTS:
        raise ValueError(f"unknown email event {event!r}")
    counter = getattr(OutcomeCountItem, event)
    keys = [(f"{kind}#{occasion}", occasion), (f"kind#{kind}", None)] + [(f"group#{g}", None) for g in dict.fromkeys(groups)]
    for sk, about in keys:
        actions = [counter.add(1), OutcomeCountItem.kind.set(kind)]
        if about is not None:
            actions.append(OutcomeCountItem.occasion.set(about))
        OutcomeCountItem(f"outcomes#{company}", sk).update(actions=actions)


def _as_counts(item: OutcomeCountItem | None) -> dict[str, int]:
    return {event: int(getattr(item, event) or 0) if item is not None else 0 for event in EVENTS}


def counts(company: str, kind: str, occasion: str) -> dict[str, int]:
    """Every event's count for one email occasion (a campaign's results): one GetItem."""
    return _counts_at(company, f"{kind}#{occasion}")


def kind_counts(company: str, kind: str) -> dict[str, int]:
    return _counts_at(company, f"kind#{kind}")


def group_counts(company: str, group: str) -> dict[str, int]:
    return _counts_at(company, f"group#{group}")


def _counts_at(company: str, sk: str) -> dict[str, int]:
    try:
        return _as_counts(OutcomeCountItem.get(f"outcomes#{company}", sk, consistent_read=True))
    except OutcomeCountItem.DoesNotExist:
        return _as_counts(None)
