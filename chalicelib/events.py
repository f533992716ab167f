"""Batch plumbing for the SQS and stream consumers: Lambda's partial batch response.

Every record is handled on its own: one failing record is reported back (ReportBatchItemFailures)
and retried alone, never blocking its batch. A record that can never succeed raises
PoisonMessage: it is parked in the queue's DLQ with the reason, instead of being retried.

The loop is Powertools' BatchProcessor's, written out: importing Powertools' batch utility when
pydantic is loaded (as it is in every function) also builds its parser's pydantic models of SQS,
DynamoDB, Kinesis and Kafka records, for type hints only: ~60 ms of CPU at each cold start. The
records are Powertools' event source data classes, as before.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.aws.queues import send_to_dead_letter
from chalicelib.observability import count, logger


class PoisonMessage(Exception):
    """The message is wrong, not the moment: retrying cannot help."""


class BatchFailed(Exception):
    """Every record of the batch failed: Lambda then returns the whole batch (as Powertools'
    BatchProcessingError, whose ``child_exceptions`` it keeps: each record's exc_info)."""

    def __init__(self, message: str, child_exceptions: list[tuple]):
        super().__init__(message)
        self.child_exceptions = child_exceptions


def process_sqs(event: dict, context: Any, handle: Callable[[SQSRecord], None], dead_letter_queue: str) -> dict:
    def record_handler(record: SQSRecord) -> None:
        try:
            handle(record)
        except PoisonMessage as poison:
            logger.warning("message parked in the dead-letter queue", extra={"message_id": record.message_id, "reason": str(poison)})
            count("MessagesDeadLettered")
            send_to_dead_letter(dead_letter_queue, record.body, str(poison))

    return _partial_response(event, SQSRecord, record_handler, lambda record: record.message_id)


def process_stream(event: dict, context: Any, handle: Callable[[DynamoDBRecord], None]) -> dict:
    return _partial_response(event, DynamoDBRecord, handle, lambda record: record.dynamodb.sequence_number)


def _partial_response(event: dict, record_type: type, handle: Callable[[Any], None], identifier: Callable[[Any], str]) -> dict:
    """Each record handled alone; the ones that raised reported as the batch's item failures. When
    every record failed, the batch itself fails (one error for Lambda to retry it whole)."""
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        raise ValueError("Invalid event format: a batch event has a list of Records")
    failed: list[Any] = []
    exceptions: list[tuple] = []
    for raw in records:
        record = record_type(raw)
        try:
            handle(record)
        except Exception:  # noqa: BLE001 - any failure is this record's alone: reported, retried alone
            exceptions.append(sys.exc_info())
            failed.append(record)
    if failed and len(failed) == len(records):
        raise BatchFailed(f"All records failed processing. {len(exceptions)} individual errors logged separately below.", exceptions)
    return {"batchItemFailures": [{"itemIdentifier": identifier(record)} for record in failed]}
