"""SQS: the only place that sends to or reads the names of queues."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from itertools import islice
from typing import Any, Iterable

from chalicelib.aws.clients import client

MAX_BATCH = 10
# SendMessageBatch calls in flight at once. One call takes ~10 ms inside a region, so sixteen at
# a time send 100,000 messages (10,000 calls) in about 6 s, far inside one invocation; botocore
# clients are thread-safe and the client's connection pool is sized for this (aws/clients.py).
CONCURRENCY = 16


@lru_cache(maxsize=None)
def queue_url(name: str) -> str:
    return client("sqs").get_queue_url(QueueName=name)["QueueUrl"]


@lru_cache(maxsize=None)
def queue_arn(name: str) -> str:
    return client("sqs").get_queue_attributes(QueueUrl=queue_url(name), AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def send_json_batch(queue: str, messages: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """Send (id, body) pairs in batches of ten. Raises if any entry is still refused after a retry,
    so that the caller's event is retried as a whole: duplicates are absorbed by the consumer."""
    entries = ({"Id": message_id, "MessageBody": json.dumps(body, separators=(",", ":"))} for message_id, body in messages)
    batches = iter(lambda: list(islice(entries, MAX_BATCH)), [])
    first = next(batches, None)
    if first is None:
        return 0
    second = next(batches, None)
    if second is None:
        return _send(queue, first)  # the common case (one email): no threads
    url = queue_url(queue)  # resolved once, before the threads share it
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        # map() submits every batch at once: 100,000 job tips are about 15 MB of batches.
        return sum(pool.map(lambda batch: _send(queue, batch, url), _chain(first, second, batches)))


def _chain(*parts):
    yield parts[0]
    yield parts[1]
    yield from parts[2]


def _send(queue: str, entries: list[dict[str, str]], url: str | None = None) -> int:
    sqs = client("sqs")
    total = len(entries)
    for _attempt in range(2):
        response = sqs.send_message_batch(QueueUrl=url or queue_url(queue), Entries=entries)
        failed_ids = {failure["Id"] for failure in response.get("Failed", [])}
        if not failed_ids:
            return total
        entries = [entry for entry in entries if entry["Id"] in failed_ids]
    raise RuntimeError(f"SQS refused {len(entries)} messages for {queue}")


def send_json(queue: str, body: dict[str, Any], delay_seconds: int = 0) -> None:
    """One message, held back ``delay_seconds`` (at most 900, SQS's limit) before it is delivered."""
    client("sqs").send_message(QueueUrl=queue_url(queue), MessageBody=json.dumps(body, separators=(",", ":")),
                               DelaySeconds=max(0, min(int(delay_seconds), 900)))


def send_again(queue: str, body: str, delay_seconds: int, attributes: dict[str, str]) -> None:
    """A received message's body as a new message, delayed (at most 900 s), with string attributes."""
    client("sqs").send_message(
        QueueUrl=queue_url(queue), MessageBody=body, DelaySeconds=max(0, min(int(delay_seconds), 900)),
        MessageAttributes={name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()},
    )


def send_to_dead_letter(queue: str, body: str, reason: str) -> None:
    """Park a message that can never succeed, with the reason, instead of retrying it."""
    client("sqs").send_message(
        QueueUrl=queue_url(queue),
        MessageBody=body,
        MessageAttributes={"reason": {"DataType": "String", "StringValue": reason[:1000]}},
    )
