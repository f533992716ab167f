"""Batch plumbing for the SQS and stream consumers (Powertools batch utility).

Every record is handled on its own: one failing record is reported back (ReportBatchItemFailures)
and retried alone, never blocking its batch. A record that can never succeed raises
PoisonMessage: it is parked in the queue's DLQ with the reason, instead of being retried.
"""
from __future__ import annotations

from typing import Any, Callable

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.aws.queues import send_to_dead_letter
from chalicelib.observability import count, logger


class PoisonMessage(Exception):
    """The message is wrong, not the moment: retrying cannot help."""


def process_sqs(event: dict, context: Any, handle: Callable[[SQSRecord], None], dead_letter_queue: str) -> dict:
    def record_handler(record: SQSRecord) -> None:
        try:
            handle(record)
        except PoisonMessage as poison:
            logger.warning("message parked in the dead-letter queue", extra={"message_id": record.message_id, "reason": str(poison)})
            count("MessagesDeadLettered")
            send_to_dead_letter(dead_letter_queue, record.body, str(poison))

    return process_partial_response(
        event=event, record_handler=record_handler, processor=BatchProcessor(event_type=EventType.SQS), context=context
    )


def process_stream(event: dict, context: Any, handle: Callable[[DynamoDBRecord], None]) -> dict:
    return process_partial_response(
        event=event, record_handler=handle, processor=BatchProcessor(event_type=EventType.DynamoDBStreams), context=context
    )
