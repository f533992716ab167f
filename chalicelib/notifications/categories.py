"""Non-transactional email: categories, the person's choices, the cap, and what each email carries.

For a kind registered with a category (registry.py), the notifications consumer asks here:

1. before composing, `refusal`: the recipient (the message's ``subject_id()``) must be
   confirmed, with valid consent, and must not have stopped this category ("no_consent",
   "stopped_category");
2. after composing, `admit`: the address must not be suppressed ("suppressed"), and the email
   must get one of the person's slots of the company's cap (ledger.take_slot); over the cap it is
   never sent: deferred when the composer said how ("deferred_cap"), else skipped ("skipped_cap").
   An admitted email gets the category's one-click unsubscribe (RFC 8058 headers and the frame's
   link) and the "Was this relevant?" links.

Every outcome is counted per (kind, occasion) in the ledger. Who the people are is not the
mechanism's business: the capability that keeps them (candidates/hooks.py) registers a
`Recipients` here (chalicelib/plugins.py, role "hooks").
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from chalicelib import plugins
from chalicelib.notifications import ledger, relevance
from chalicelib.notifications.registry import Email, EmailKind, Notification
from chalicelib.notifications.suppressions import is_suppressed
from chalicelib.observability import count, logger


@dataclass(frozen=True)
class Recipients:
    """What the capability that keeps the people answers for the mechanism."""

    # (company, person, category) -> None when they may get it, else "no_consent" or "stopped_category"
    refusal: Callable[[str, str, str], str | None]
    # (company, person, address, category, kind, occasion) -> the signed one-click link stopping that category
    unsubscribe_url: Callable[[str, str, str, str, str, str], str]
    # company -> at most this many non-transactional emails per person per rolling 7 days
    weekly_cap: Callable[[str], int]


_RECIPIENTS: list[Recipients] = []


def register_recipients(recipients: Recipients) -> None:
    _RECIPIENTS[:] = [recipients]


def recipients() -> Recipients:
    if not _RECIPIENTS:
        plugins.load("hooks")
    if not _RECIPIENTS:
        raise RuntimeError("no capability registered the recipients of categorised email")
    return _RECIPIENTS[0]


def _ids(registered: EmailKind, notification: Notification) -> tuple[str, str, str, str]:
    return notification.company, notification.subject_id(), registered.name, notification.occasion()


def refusal(registered: EmailKind, notification: Notification) -> str | None:
    """The outcome when the person must not get this category at all (recorded); else None."""
    company, person, kind, occasion = _ids(registered, notification)
    reason = recipients().refusal(company, person, registered.category)
    if reason is not None:
        _outcome(company, kind, occasion, reason, ())
    return reason


def admit(registered: EmailKind, notification: Notification, email: Email) -> Email | str:
    """The email as it goes out (with its unsubscribe and relevance links), or the outcome that
    stops it (recorded)."""
    company, person, kind, occasion = _ids(registered, notification)
    if is_suppressed(email.to):
        return _outcome(company, kind, occasion, ledger.SUPPRESSED, email.counted_in)
    answers = recipients()
    if not ledger.take_slot(company, person, notification.idempotency_key(), answers.weekly_cap(company)):
        if email.defer is None:
            return _outcome(company, kind, occasion, ledger.SKIPPED_CAP, email.counted_in)
        email.defer()
        return _outcome(company, kind, occasion, ledger.DEFERRED_CAP, email.counted_in)
    unsubscribe = answers.unsubscribe_url(company, person, email.to, registered.category, kind, occasion)
    relevant, not_relevant = relevance.links(company, person, kind, occasion, email.counted_in)
    frame = replace(email.frame, category=registered.category, unsubscribe_url=unsubscribe, relevant_url=relevant,
                    not_relevant_url=not_relevant) if email.frame else None
    headers = {**email.headers, "List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return replace(email, headers=headers, frame=frame)


def sent(registered: EmailKind, notification: Notification, email: Email) -> None:
    company, _person, kind, occasion = _ids(registered, notification)
    ledger.record(company, kind, occasion, ledger.SENT, email.counted_in)


def _outcome(company: str, kind: str, occasion: str, outcome: str, groups) -> str:
    ledger.record(company, kind, occasion, outcome, groups)
    count("EmailsHeldBack")
    logger.info("categorised email not sent", extra={"company": company, "kind": kind, "outcome": outcome})
    return outcome
