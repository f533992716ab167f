"""What travels on the notifications queue. Producers and the consumer share these types."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter

from chalicelib.aws.queues import send_json_batch
from chalicelib.config import get_settings
from chalicelib.schema import Slug, Strict


class ConnectEmail(Strict):
    """Thank the candidate for connecting, with a link that confirms the address."""

    kind: Literal["connect"] = "connect"
    company: Slug
    candidate_id: str
    connection_id: str  # one per connect request: a new connect is a new email, a redelivery is not
    # Set when the address belongs to a confirmed candidate: the link applies this waiting change.
    change_id: str | None = None


class ApplicationLinkEmail(Strict):
    """Someone applied with a connected candidate's address: ask its owner whether the
    application is theirs (the link adds it to their dashboard)."""

    kind: Literal["application_link"] = "application_link"
    company: Slug
    candidate_id: str
    application_id: str
    change_id: str


class MagicLinkEmail(Strict):
    """A sign-in link the candidate asked for."""

    kind: Literal["magic_link"] = "magic_link"
    company: Slug
    candidate_id: str
    request_id: str


class DigestEmail(Strict):
    """The job tips filed for one candidate's digest due at one hour."""

    kind: Literal["digest"] = "digest"
    company: Slug
    candidate_id: str
    due_hour: str


class ConsentRenewalEmail(Strict):
    kind: Literal["consent_renewal"] = "consent_renewal"
    company: Slug
    candidate_id: str
    expiry_day: str


class RejectionEmail(Strict):
    kind: Literal["rejection"] = "rejection"
    company: Slug
    application_id: str
    rejected_at: str  # which decision this notice is for: a later re-rejection is a new notice


class JobTip(Strict):
    kind: Literal["job_tip"] = "job_tip"
    company: Slug
    candidate_id: str
    job_id: str


AnyNotification = Union[
    ConnectEmail, MagicLinkEmail, JobTip, DigestEmail, ConsentRenewalEmail, RejectionEmail, ApplicationLinkEmail
]
Notification = Annotated[AnyNotification, Field(discriminator="kind")]
NOTIFICATION = TypeAdapter(Notification)


def idempotency_key(notification: AnyNotification) -> str:
    """What makes an email the same email: a job tip per (candidate, job), a digest per (candidate,
    due hour), a renewal reminder per (candidate, expiry), and one email per connect or sign-in request."""
    what = {
        JobTip: lambda n: n.job_id,
        ConnectEmail: lambda n: n.connection_id,
        MagicLinkEmail: lambda n: n.request_id,
        DigestEmail: lambda n: n.due_hour,
        ConsentRenewalEmail: lambda n: n.expiry_day,
        RejectionEmail: lambda n: n.rejected_at,
        ApplicationLinkEmail: lambda n: n.change_id,
    }[type(notification)](notification)
    subject = notification.application_id if isinstance(notification, RejectionEmail) else notification.candidate_id
    return f"{notification.kind}#{notification.company}#{subject}#{what}"


def enqueue(notifications: list[AnyNotification]) -> int:
    return send_json_batch(
        get_settings().notifications_queue,
        ((str(i), n.model_dump(mode="json")) for i, n in enumerate(notifications)),
    )
