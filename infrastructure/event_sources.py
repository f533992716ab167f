"""What Lambda's event-source mappings and EventBridge Scheduler do in AWS, done locally.

moto stores queues, streams and schedules but never invokes anything. The local stack and the
tests use this pump to read them through boto3 and call the very handler functions Lambda calls,
with Lambda's event shapes and its partial-batch-failure contract:

- SQS: a batch of up to 10 messages; the ids in ``batchItemFailures`` stay on the queue and come
  back after the visibility timeout (moto moves them to the DLQ after maxReceiveCount), the rest
  are deleted. A handler that raises fails the whole batch.
- DynamoDB stream: records in order per shard; on a reported failure the shard is retried from
  the failed record, up to ``STREAM_MAX_RETRIES`` times, then the record goes to the stream's DLQ
  (Lambda's on-failure destination) and the shard moves on.
- Scheduler: a one-time ``at()`` schedule whose time has come (by ``clock``) invokes its target
  with its input (a function, or a queue that receives the input as a message), and is deleted
  (``ActionAfterCompletion: DELETE``).
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

import boto3

Handler = Callable[[dict, Any], Any]
STREAM_MAX_RETRIES = 3


class LambdaContext:
    """The attributes of Lambda's context object that Powertools reads."""

    def __init__(self, function_name: str, timeout_ms: int = 30_000):
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass
class QueueSource:
    queue_name: str
    handler: Handler
    function_name: str
    batch_size: int = 10
    visibility_timeout: int = 30


@dataclass
class StreamSource:
    stream_arn: str
    handler: Handler
    function_name: str
    dead_letter_queue: str | None = None
    batch_size: int = 100
    _positions: dict[str, str | None] = field(default_factory=dict)  # shard -> last sequence number done
    _failures: dict[str, int] = field(default_factory=dict)  # sequence number -> attempts


class EventPump:
    def __init__(self, session: boto3.Session | None = None):
        session = session or boto3.Session()
        self.sqs = session.client("sqs")
        self.streams = session.client("dynamodbstreams")
        self.scheduler = session.client("scheduler")
        self.queues: list[QueueSource] = []
        self.streams_sources: list[StreamSource] = []
        self.functions: dict[str, Handler] = {}
        self.schedule_groups: list[str] = []
        self.errors: list[str] = []
        # At-least-once, made visible: with 2, every event is handed to its handler twice.
        self.deliveries = 1
        # Lambda retries a failed SQS message once its visibility timeout has passed; with True,
        # at once (the message still counts a receive, and still goes to the DLQ at maxReceiveCount).
        self.retry_failed_at_once = False
        self.periodic: list[tuple[str, Handler, float]] = []
        # When schedules are due: tests move it forward (a controlled clock) instead of waiting.
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
        self._last_run: dict[str, float] = {}

    # -- wiring -------------------------------------------------------------------------
    def add_queue(self, queue_name: str, handler: Handler, function_name: str, **options: Any) -> None:
        self.queues.append(QueueSource(queue_name, handler, function_name, **options))
        self.functions[function_name] = handler

    def add_stream(self, stream_arn: str, handler: Handler, function_name: str, **options: Any) -> None:
        self.streams_sources.append(StreamSource(stream_arn, handler, function_name, **options))
        self.functions[function_name] = handler

    def add_function(self, function_name: str, handler: Handler) -> None:
        self.functions[function_name] = handler

    def add_schedule_group(self, group: str) -> None:
        self.schedule_groups.append(group)

    def add_periodic(self, function_name: str, handler: Handler, every_seconds: float) -> None:
        """An EventBridge rate/cron rule, fired every ``every_seconds`` by ``run_periodic``."""
        self.periodic.append((function_name, handler, every_seconds))
        self.functions[function_name] = handler

    def run_periodic(self, at: datetime | None = None) -> int:
        """Fire the periodic functions that are due (all of them when ``at`` is given)."""
        fired = 0
        clock = time.monotonic()
        for function_name, handler, every in self.periodic:
            if at is None and clock - self._last_run.get(function_name, float("-inf")) < every:
                continue
            self._last_run[function_name] = clock
            try:
                self._invoke(function_name, handler, scheduled_event(at or datetime.now(timezone.utc)))
            except Exception as error:
                self.errors.append(describe(function_name, error))
            fired += 1
        return fired

    # -- running ------------------------------------------------------------------------
    def tick(self) -> int:
        """One pass over every source; returns how many events were delivered."""
        delivered = 0
        for source in self.streams_sources:
            delivered += self._poll_stream(source)
        for queue in self.queues:
            delivered += self._poll_queue(queue)
        delivered += self._fire_due_schedules()
        return delivered

    def drain(self, max_ticks: int = 50) -> int:
        """Deliver until nothing is left to deliver (what Lambda would eventually do)."""
        total = 0
        for _ in range(max_ticks):
            delivered = self.tick()
            total += delivered
            if not delivered:
                return total
        raise RuntimeError("events kept coming after %d passes" % max_ticks)

    def _invoke(self, function_name: str, handler: Handler, event: dict) -> Any:
        result = None
        for _ in range(self.deliveries):
            result = handler(json.loads(json.dumps(event)), LambdaContext(function_name))
        return result

    def _poll_queue(self, source: QueueSource) -> int:
        url = self.sqs.get_queue_url(QueueName=source.queue_name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        response = self.sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=source.batch_size,
            VisibilityTimeout=source.visibility_timeout,
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        event = {"Records": [sqs_record(m, arn) for m in messages]}
        try:
            result = self._invoke(source.function_name, source.handler, event) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception as error:  # the whole batch failed, as in Lambda
            self.errors.append(describe(source.function_name, error))
            failed = {m["MessageId"] for m in messages}
        done = [m for m in messages if m["MessageId"] not in failed]
        if self.retry_failed_at_once:
            for message in messages:
                if message["MessageId"] in failed:
                    self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)]
            )
        return len(messages)

    def _poll_stream(self, source: StreamSource) -> int:
        description = self.streams.describe_stream(StreamArn=source.stream_arn)["StreamDescription"]
        delivered = 0
        for shard in description["Shards"]:
            shard_id = shard["ShardId"]
            position = source._positions.get(shard_id)
            iterator_args: dict[str, Any] = {"StreamArn": source.stream_arn, "ShardId": shard_id}
            if position:
                iterator_args.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=position)
            else:
                iterator_args.update(ShardIteratorType="TRIM_HORIZON")
            iterator = self.streams.get_shard_iterator(**iterator_args)["ShardIterator"]
            records = self.streams.get_records(ShardIterator=iterator, Limit=source.batch_size).get("Records", [])
            if not records:
                continue
            event = {"Records": [stream_record(r, source.stream_arn) for r in records]}
            try:
                result = self._invoke(source.function_name, source.handler, event) or {}
                failed = [f["itemIdentifier"] for f in result.get("batchItemFailures", [])]
            except Exception as error:
                self.errors.append(describe(source.function_name, error))
                failed = [records[0]["dynamodb"]["SequenceNumber"]]
            delivered += len(records)
            source._positions[shard_id] = self._advance(source, position, records, failed)
        return delivered

    def _advance(self, source: StreamSource, position: str | None, records: list[dict], failed: list[str]) -> str | None:
        """Where the shard continues: after the batch, or just before the first failed record."""
        sequence_numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
        if not failed:
            return sequence_numbers[-1]
        first_failed = min(failed, key=sequence_numbers.index)
        index = sequence_numbers.index(first_failed)
        attempts = source._failures[first_failed] = source._failures.get(first_failed, 0) + 1
        if attempts > STREAM_MAX_RETRIES:
            if source.dead_letter_queue:
                url = self.sqs.get_queue_url(QueueName=source.dead_letter_queue)["QueueUrl"]
                self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(records[index], default=str))
            return first_failed
        return sequence_numbers[index - 1] if index else position

    def _fire_due_schedules(self) -> int:
        fired = 0
        now = self.clock()
        for group in self.schedule_groups:
            for summary in self.scheduler.list_schedules(GroupName=group).get("Schedules", []):
                schedule = self.scheduler.get_schedule(GroupName=group, Name=summary["Name"])
                due = parse_at_expression(schedule["ScheduleExpression"])
                if due is None or due > now or schedule.get("State") == "DISABLED":
                    continue
                target = schedule["Target"]
                if target["Arn"].startswith("arn:aws:sqs:"):
                    # An SQS target (a campaign's wave): Scheduler sends the input as a message.
                    url = self.sqs.get_queue_url(QueueName=target["Arn"].rsplit(":", 1)[-1])["QueueUrl"]
                    for _ in range(self.deliveries):
                        self.sqs.send_message(QueueUrl=url, MessageBody=target.get("Input") or "{}")
                    self.scheduler.delete_schedule(GroupName=group, Name=summary["Name"])
                    fired += 1
                    continue
                function_name = target["Arn"].rsplit(":", 1)[-1]
                handler = self.functions.get(function_name)
                if handler is None:
                    self.errors.append(f"schedule {summary['Name']}: no local function {function_name}")
                    continue
                try:
                    self._invoke(function_name, handler, json.loads(target.get("Input") or "{}"))
                except Exception as error:
                    self.errors.append(f"{function_name}: {error!r}")
                    continue  # EventBridge Scheduler retries per its retry policy
                if schedule.get("ActionAfterCompletion") == "DELETE":
                    self.scheduler.delete_schedule(GroupName=group, Name=summary["Name"])
                fired += 1
        return fired


def scheduled_event(at: datetime) -> dict:
    return {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1", "resources": [], "detail": {},
    }


def describe(function_name: str, error: Exception) -> str:
    """The error and, for Powertools' "all records failed", what each record failed with."""
    children = getattr(error, "child_exceptions", None) or []
    details = "; ".join(repr(child[1]) if isinstance(child, tuple) else repr(child) for child in children)
    return f"{function_name}: {error!r}" + (f" [{details}]" if details else "")


def sqs_record(message: dict, queue_arn: str) -> dict:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            name: {
                "stringValue": value.get("StringValue"),
                "binaryValue": value.get("BinaryValue"),
                "dataType": value["DataType"],
                "stringListValues": [],
                "binaryListValues": [],
            }
            for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }


def stream_record(record: dict, stream_arn: str) -> dict:
    """boto3 parses the creation time into a datetime; Lambda delivers epoch seconds."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


def parse_at_expression(expression: str) -> datetime | None:
    """``at(yyyy-mm-ddThh:mm:ss)`` in the schedule's time zone, which this project keeps UTC."""
    if not expression.startswith("at(") or not expression.endswith(")"):
        return None
    return datetime.fromisoformat(expression[3:-1]).replace(tzinfo=timezone.utc)
