"""The kinds of email the product sends, each registered by the capability that composes it.

A capability defines its message (a `Notification` subclass with a literal ``kind``), a
composer that turns the message into an `Email` (or `Done` when there is nothing to send), the
folder of its shipped templates and the sample data company templates are checked against. The
mechanism only envelopes, delivers once, suppresses, renders and sends; it knows no kind.

A kind registered with a ``category`` is non-transactional ("job_tips": job tips and digests;
"campaigns": a company's news). For those the mechanism itself (notifications/categories.py), not
each composer, holds the recipient (the message's ``subject_id()``, a candidate) to their choice
for that category, valid consent and confirmation, the suppression list and the company's cap of
such emails per person per rolling week, records each outcome per (kind, occasion)
(notifications/ledger.py), and adds the category's one-click unsubscribe and the "Was this
relevant?" links to the frame. ``category=None`` is transactional (thank-you, sign-in links,
receipts, rejections, application updates): never capped, never stopped by a category choice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from chalicelib import plugins
from chalicelib.schema import Slug, Strict


JOB_TIPS = "job_tips"  # job tips and digests
CAMPAIGNS = "campaigns"  # a company's news (nurture campaigns)
CATEGORIES = (JOB_TIPS, CAMPAIGNS)


class Notification(Strict):
    """What travels on the notifications queue: ``kind`` picks the composer, ``company`` the
    tenant. Subclasses say what makes two messages the same email (`idempotency_key`)."""

    kind: str
    company: Slug

    def subject_id(self) -> str:
        """Whom the email is about (a candidate, an application): part of the idempotency key."""
        return getattr(self, "candidate_id")

    def occasion(self) -> str:
        """What makes this email distinct from others of its kind to the same person."""
        raise NotImplementedError

    def idempotency_key(self) -> str:
        return f"{self.kind}#{self.company}#{self.subject_id()}#{self.occasion()}"


@dataclass(frozen=True)
class Frame:
    """What surrounds every email, whatever its kind or template (notifications/layout/): who
    sends it, in their branding, with their postal address, a link to manage preferences, and
    for a mailing list the link that stops it. A company's own template replaces the message,
    never the frame (CAN-SPAM: the address and the way out are in every email)."""

    company: str
    logo_url: str | None = None
    primary_color: str | None = None
    postal_address: str | None = None
    preferences_url: str | None = None
    unsubscribe_url: str | None = None  # mailing lists only (job tips, digests)
    # Set by the mechanism for a categorised kind: which category the unsubscribe link stops,
    # and the "Was this relevant?" links.
    category: str | None = None
    relevant_url: str | None = None
    not_relevant_url: str | None = None


@dataclass(frozen=True)
class Email:
    """One composed email, ready for the mechanism: recipient, sender, template and context."""

    to: str
    context: Mapping[str, Any]
    sender_name: str
    language: str
    sender_address: str | None = None
    custom: Mapping[str, str] | None = None  # the company's own template parts for this kind
    headers: Mapping[str, str] = field(default_factory=dict)
    about: Mapping[str, str] = field(default_factory=dict)  # ids for the log line, never content
    # Bookkeeping once SES has accepted the email (best effort: see consumer._after_sending).
    after_sending: Callable[[], Any] | None = None
    frame: Frame | None = None
    # Categorised kinds only. When the person's cap is reached, the email is never sent:
    # ``defer`` (when given) keeps it for later (a digest moves to the person's next digest) and
    # the outcome is "deferred_cap"; without it the outcome is "skipped_cap".
    defer: Callable[[], Any] | None = None
    # Further groups the outcome and the relevance answers are counted in besides (kind,
    # occasion), e.g. "department#sales" for a job tip (notifications/ledger.py).
    counted_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Done:
    """Nothing to send: ``outcome`` is "skipped" (with why) or what was done instead."""

    reason: str
    outcome: str = "skipped"


@dataclass(frozen=True)
class EmailKind:
    message: type[Notification]
    compose: Callable[[Any], "Email | Done"]
    # <kind>.subject.txt, <kind>.txt, <kind>.html (the message) and <kind>.reason.txt (why the
    # recipient gets it, for the frame's footer); <language>/ for translations
    templates: Path
    sample: Mapping[str, Any]  # a context every company template must render with
    category: str | None = None  # None: transactional; else one of CATEGORIES

    @property
    def name(self) -> str:
        return self.message.model_fields["kind"].default


_KINDS: dict[str, EmailKind] = {}


def register(message: type[Notification], compose: Callable[[Any], Email | Done], templates: Path,
             sample: Mapping[str, Any], category: str | None = None) -> None:
    """``category``: None for a transactional email, else JOB_TIPS or CAMPAIGNS (see above)."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown email category {category!r}; categories are {', '.join(CATEGORIES)}")
    kind = EmailKind(message, compose, templates, sample, category)
    if _KINDS.get(kind.name, kind) != kind:
        raise ValueError(f"email kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind


def kinds() -> dict[str, EmailKind]:
    """Every registered kind; loads every capability's emails.py the first time."""
    plugins.load("emails")
    return _KINDS


def kind(name: str) -> EmailKind | None:
    """The kind named so; capabilities' emails.py load (in `kinds()`'s order) until one registers it."""
    if name not in _KINDS:
        for _module in plugins.each("emails"):
            if name in _KINDS:
                break
    return _KINDS.get(name)
