"""Dead-letter queues, for operators: what is parked, why, and moving it back after a fix.

Used by `python -m chalicelib.cli dlq list|show|redrive`. Every DLQ of a stage is found by its
name (``candidate-connect-<stage>-…-dlq``), its work queue by SQS's own record of which queues
send to it (ListDeadLetterSourceQueues), so nothing here repeats the template.

Why a message is parked, as far as SQS or AWS recorded it:
- the consumer parked it (PoisonMessage): its ``reason`` attribute (chalicelib/events.py);
- SQS moved it after maxReceiveCount failed receives: no reason of ours, its receive count;
- Lambda's on-failure destination (the streams): the body describes the failed batch
  (``requestContext.condition``, ``responseContext.functionError``);
- EventBridge Scheduler gave up: its ``ERROR_CODE`` / ``ERROR_MESSAGE`` attributes.

Showing never consumes: each message read is made visible again at once (visibility 0).
Redriving moves every message back to the queue that feeds the DLQ: with SQS's
StartMessageMoveTask where the service offers it, otherwise (moto, which does not implement it)
message by message, sending a copy to the work queue and only then deleting the parked one. A
crash between the two leaves a duplicate, never a loss; every consumer is idempotent.
Only queue-fed DLQs can be redriven: a stream's or the scheduler's DLQ holds descriptions of what
failed, not messages a queue can take back (docs/operations.md says what to do with those).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.aws.clients import client

APP = "candidate-connect"
PEEK_SECONDS = 30  # how long a message being shown stays hidden at most, if showing is interrupted
_UNSUPPORTED = ("InvalidAction", "UnknownOperation", "NotImplemented", "UnsupportedOperation")


class NotRedrivable(Exception):
    """This DLQ has no queue to move its messages back to."""


@dataclass(frozen=True)
class DeadLetterQueue:
    name: str
    url: str
    arn: str
    messages: int
    sources: tuple[str, ...]  # names of the queues that park their messages here


@dataclass(frozen=True)
class Parked:
    message_id: str
    sent_at: str
    receives: int
    reason: str
    body: str


def dead_letter_queues(stage: str) -> list[DeadLetterQueue]:
    sqs = client("sqs")
    urls = sqs.list_queues(QueueNamePrefix=f"{APP}-{stage}-").get("QueueUrls", [])
    return [describe(url.rsplit("/", 1)[1]) for url in sorted(urls) if url.endswith("-dlq")]


def resolve(stage: str, name: str) -> str:
    """A DLQ's full name from what an operator types: the full name, `notifications-dlq`, or the
    work queue's short name (`notifications`)."""
    for candidate in (name, f"{APP}-{stage}-{name}", f"{APP}-{stage}-{name}-dlq"):
        if candidate.endswith("-dlq") and candidate in {queue.name for queue in dead_letter_queues(stage)}:
            return candidate
    raise LookupError(f"no dead-letter queue {name!r} in stage {stage!r}")


def describe(name: str) -> DeadLetterQueue:
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    sources = sqs.list_dead_letter_source_queues(QueueUrl=url).get("queueUrls", [])
    return DeadLetterQueue(
        name=name, url=url, arn=attributes["QueueArn"],
        messages=int(attributes["ApproximateNumberOfMessages"]) + int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
        sources=tuple(sorted(source.rsplit("/", 1)[1] for source in sources)),
    )


def peek(name: str, limit: int = 50) -> list[Parked]:
    """Up to ``limit`` parked messages, each with its reason; all of them stay parked."""
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    seen: dict[str, Parked] = {}
    handles: list[str] = []
    try:
        while len(seen) < limit:
            messages = sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=min(10, limit - len(seen)), VisibilityTimeout=PEEK_SECONDS,
                MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"], WaitTimeSeconds=0,
            ).get("Messages", [])
            if not messages:
                break
            for message in messages:
                handles.append(message["ReceiptHandle"])
                seen.setdefault(message["MessageId"], _parked(message))
    finally:
        for handle in handles:  # visible again at once: showing consumes nothing
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
    return list(seen.values())


def redrive(name: str) -> dict[str, Any]:
    """Move every message of DLQ ``name`` back to its work queue. Returns what was done."""
    queue = describe(name)
    if len(queue.sources) != 1:
        raise NotRedrivable(
            f"{name} is not fed by one queue ({', '.join(queue.sources) or 'it is a stream or scheduler DLQ'}): "
            "its messages describe failures and cannot be moved back")
    sqs = client("sqs")
    target = describe_queue(queue.sources[0])
    try:
        task = sqs.start_message_move_task(SourceArn=queue.arn, DestinationArn=target["arn"])
        return {"method": "StartMessageMoveTask", "task": task["TaskHandle"], "to": queue.sources[0], "moved": None}
    except NotImplementedError:
        pass  # moto in process
    except ClientError as error:
        if not any(word in error.response.get("Error", {}).get("Code", "") for word in _UNSUPPORTED):
            raise
    return {"method": "receive, send, delete", "task": None, "to": queue.sources[0],
            "moved": _move_one_by_one(queue.url, target["url"])}


def describe_queue(name: str) -> dict[str, str]:
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {"url": url, "arn": arn}


def _move_one_by_one(source_url: str, target_url: str) -> int:
    sqs = client("sqs")
    moved = 0
    while True:
        messages = sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10, VisibilityTimeout=PEEK_SECONDS,
                                       MessageAttributeNames=["All"], WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return moved
        for message in messages:
            # The parked reason stays behind: if the message fails again it gets a new one.
            attributes = {key: value for key, value in message.get("MessageAttributes", {}).items() if key != "reason"}
            sqs.send_message(QueueUrl=target_url, MessageBody=message["Body"],
                             **({"MessageAttributes": attributes} if attributes else {}))
            sqs.delete_message(QueueUrl=source_url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1


def _parked(message: dict) -> Parked:
    system = message.get("Attributes", {})
    attributes = {key: value.get("StringValue", "") for key, value in message.get("MessageAttributes", {}).items()}
    sent = system.get("SentTimestamp")
    sent_at = datetime.fromtimestamp(int(sent) / 1000, timezone.utc).isoformat(timespec="seconds") if sent else ""
    return Parked(message_id=message["MessageId"], sent_at=sent_at, receives=int(system.get("ApproximateReceiveCount", 0)),
                  reason=_reason(message["Body"], attributes, system), body=message["Body"])


def _reason(body: str, attributes: dict[str, str], system: dict[str, str]) -> str:
    if attributes.get("reason"):
        return attributes["reason"]
    if attributes.get("ERROR_CODE") or attributes.get("ERROR_MESSAGE"):  # EventBridge Scheduler
        return f"scheduler: {attributes.get('ERROR_CODE', '')} {attributes.get('ERROR_MESSAGE', '')}".strip()
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("requestContext"), dict):  # Lambda's on-failure record
        condition = data["requestContext"].get("condition", "failed")
        error = (data.get("responseContext") or {}).get("functionError") or ""
        return f"stream batch: {condition} {error}".strip()
    if system.get("DeadLetterQueueSourceArn"):
        return f"moved by SQS from {system['DeadLetterQueueSourceArn'].rsplit(':', 1)[1]} after too many failed receives"
    return "moved by SQS after too many failed receives (maxReceiveCount)"
