"""SQS: the only place that sends to or reads the names of queues."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterable

from chalicelib.aws.clients import client

MAX_BATCH = 10


@lru_cache(maxsize=None)
def queue_url(name: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]


def send_json_batch(queue: str, messages: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """Send (id, body) pairs in batches of ten. Raises if any entry is still refused after a retry,
    so that the caller's event is retried as a whole: duplicates are absorbed by the consumer."""
    sent = 0
    batch: list[dict[str, str]] = []
    for message_id, body in messages:
        batch.append({"Id": message_id, "MessageBody": json.dumps(body, separators=(",", ":"))})
        if len(batch) == MAX_BATCH:
            sent += _send(queue, batch)
            batch = []
    if batch:
        sent += _send(queue, batch)
    return sent


def _send(queue: str, entries: list[dict[str, str]]) -> int:
    sqs = client("sqs")
    total = len(entries)
    for _attempt in range(2):
        response = sqs.send_message_batch(QueueUrl=queue_url(queue), Entries=entries)
        failed_ids = {failure["Id"] for failure in response.get("Failed", [])}
        if not failed_ids:
            return total
        entries = [entry for entry in entries if entry["Id"] in failed_ids]
    raise RuntimeError(f"SQS refused {len(entries)} messages for {queue}")


def send_to_dead_letter(queue: str, body: str, reason: str) -> None:
    """Park a message that can never succeed, with the reason, instead of retrying it."""
    client("sqs").send_message(
        QueueUrl=queue_url(queue),
        MessageBody=body,
        MessageAttributes={"reason": {"DataType": "String", "StringValue": reason[:1000]}},
    )
