"""Addresses we must not write to again: SES reported a permanent bounce or a complaint.

SES publishes bounce and complaint events from the configuration set to an SNS topic; the
`email_events` function records the address (as a hash) here, and every email the product
sends is checked against this list first.
"""
from __future__ import annotations

import hashlib

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, iso, now
from chalicelib.jsonsafe import NotJson, load_json
from chalicelib.observability import count, email_ref, logger


class SuppressionItem(Model):
    Meta = TableMeta("suppressions_table")
    address_hash = UnicodeAttribute(hash_key=True)
    reason = UnicodeAttribute()
    suppressed_at = UTCDateTimeAttribute()


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def is_suppressed(address: str) -> bool:
    try:
        SuppressionItem.get(_address_hash(address))
    except SuppressionItem.DoesNotExist:
        return False
    return True


def suppression_of(address: str) -> dict | None:
    """What is kept about a suppressed address (for its owner's export): why and since when."""
    try:
        item = SuppressionItem.get(_address_hash(address))
    except SuppressionItem.DoesNotExist:
        return None
    return {"reason": item.reason, "suppressed_at": iso(item.suppressed_at)}


def suppress(address: str, reason: str) -> None:
    SuppressionItem(address_hash=_address_hash(address), reason=reason, suppressed_at=now()).save()
    count("AddressesSuppressed")
    logger.info("address suppressed", extra={"address_ref": email_ref(address), "reason": reason})


def handle_ses_event(message: str) -> list[str]:
    """An SES event (event publishing's `eventType` or the older `notificationType` shape).
    Permanent bounces and complaints suppress; transient bounces (full mailbox) do not."""
    try:
        event = load_json(message)
    except NotJson:
        event = None
    if not isinstance(event, dict):
        logger.warning("email event is not a JSON object; ignored")
        return []
    kind = event.get("eventType") or event.get("notificationType")
    addresses: list[str] = []
    if kind == "Bounce" and event.get("bounce", {}).get("bounceType") == "Permanent":
        addresses = [r["emailAddress"] for r in event["bounce"].get("bouncedRecipients", [])]
        reason = "bounce"
    elif kind == "Complaint":
        addresses = [r["emailAddress"] for r in event.get("complaint", {}).get("complainedRecipients", [])]
        reason = "complaint"
    for address in addresses:
        suppress(address, reason)
    if kind == "Bounce":
        _count_bounce(event, len(event.get("bounce", {}).get("bouncedRecipients", []) or []))
    return addresses


def _count_bounce(event: dict, recipients: int) -> None:
    """A bounce of a categorised email (one that carries its occasion tag, as campaign emails
    do) counts toward that occasion's results: SES echoes the message's tags in its events."""
    tags = (event.get("mail") or {}).get("tags") or {}
    values = {name: (tags.get(name) or [None])[0] for name in ("company", "kind", "occasion")}
    if recipients and all(isinstance(v, str) and v for v in values.values()):
        from chalicelib.notifications import ledger

        ledger.record(values["company"], values["kind"], values["occasion"], "bounced")
