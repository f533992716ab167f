"""Producers put notifications on the queue here; each capability defines its own messages."""
from __future__ import annotations

from typing import Iterable

from chalicelib.aws.queues import send_json_batch
from chalicelib.config import get_settings
from chalicelib.notifications.registry import Notification


def enqueue(notifications: Iterable[Notification]) -> int:
    return send_json_batch(
        get_settings().notifications_queue,
        ((str(i), n.model_dump(mode="json")) for i, n in enumerate(notifications)),
    )
