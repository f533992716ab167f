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


class JobTip(Strict):
    kind: Literal["job_tip"] = "job_tip"
    company: Slug
    candidate_id: str
    job_id: str


Notification = Annotated[Union[ConnectEmail, JobTip], Field(discriminator="kind")]
NOTIFICATION = TypeAdapter(Notification)


def idempotency_key(notification: ConnectEmail | JobTip) -> str:
    if isinstance(notification, JobTip):
        return f"job_tip#{notification.company}#{notification.candidate_id}#{notification.job_id}"
    return f"connect#{notification.company}#{notification.candidate_id}#{notification.connection_id}"


def enqueue(notifications: list[ConnectEmail | JobTip]) -> int:
    return send_json_batch(
        get_settings().notifications_queue,
        ((str(i), n.model_dump(mode="json")) for i, n in enumerate(notifications)),
    )
