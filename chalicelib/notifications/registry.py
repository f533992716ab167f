"""The kinds of email the product sends, each registered by the capability that composes it.

A capability defines its message (a `Notification` subclass with a literal ``kind``), a
composer that turns the message into an `Email` (or `Done` when there is nothing to send), the
folder of its shipped templates and the sample data company templates are checked against. The
mechanism only envelopes, delivers once, suppresses, renders and sends; it knows no kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from chalicelib import plugins
from chalicelib.schema import Slug, Strict


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

    @property
    def name(self) -> str:
        return self.message.model_fields["kind"].default


_KINDS: dict[str, EmailKind] = {}


def register(message: type[Notification], compose: Callable[[Any], Email | Done], templates: Path,
             sample: Mapping[str, Any]) -> None:
    kind = EmailKind(message, compose, templates, sample)
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
