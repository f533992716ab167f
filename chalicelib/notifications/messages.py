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


class MagicLinkEmail(Strict):
    """A sign-in link the candidate asked for."""

    kind: Literal["magic_link"] = "magic_link"
    company: Slug
    candidate_id: str
    request_id: str


class JobTip(Strict):
    kind: Literal["job_tip"] = "job_tip"
    company: Slug
    candidate_id: str
    job_id: str


Notification = Annotated[Union[ConnectEmail, MagicLinkEmail, JobTip], Field(discriminator="kind")]
AnyNotification = Union[ConnectEmail, MagicLinkEmail, JobTip]
NOTIFICATION = TypeAdapter(Notification)


def idempotency_key(notification: AnyNotification) -> str:
    """What makes an email the same email: a job tip per (candidate, job); one email per request."""
    if isinstance(notification, JobTip):
        what = notification.job_id
    elif isinstance(notification, ConnectEmail):
        what = notification.connection_id
    else:
        what = notification.request_id
    return f"{notification.kind}#{notification.company}#{notification.candidate_id}#{what}"


def enqueue(notifications: list[AnyNotification]) -> int:
    return send_json_batch(
        get_settings().notifications_queue,
        ((str(i), n.model_dump(mode="json")) for i, n in enumerate(notifications)),
    )
