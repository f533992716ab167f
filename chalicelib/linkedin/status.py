"""Status back to LinkedIn (seed 001): for applications that came through LinkedIn, the hiring
team's first view, a resume download and a rejection are each told to LinkedIn once, which tells
the candidate, where the company has a Recruiter contract and status notifications on.

The applications table's stream says what happened (the application's history); this queues one
push per event. The rejection is pushed on `rejection_released`, which the rejection notices
record when the notice actually goes out: with the company's delay, or at once without one, and
never when the application left `rejected` before then. The worker sends each push once per
(application, action) however often it is delivered.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function

from chalicelib.applications.history import new_events
from chalicelib.applications.models import get_application
from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.linkedin.accounts import child_client
from chalicelib.linkedin.messages import PushStatus, enqueue
from chalicelib.linkedin.models import LinkedInIntegrationItem, get_integration
from chalicelib.observability import count, logger

ACTIONS = {"viewed": "APPLICATION_VIEWED", "resume_downloaded": "RESUME_DOWNLOADED", "rejection_released": "APPLICATION_REJECTED"}
# Longer than SQS keeps a message: a push redelivered any time later is still recognised.
IDEMPOTENCY_SECONDS = 15 * 24 * 3600


def notifies(integration: LinkedInIntegrationItem | None) -> bool:
    return bool(integration and integration.enabled and integration.recruiter_contract and integration.status_notifications)


def handle_application_change(record: DynamoDBRecord) -> None:
    pushes = [
        PushStatus(company=event.company, application_id=event.application_id, action=ACTIONS[event.type], performed_at=event.at)
        for event in new_events(record)
        if event.source == "linkedin" and event.type in ACTIONS
    ]
    if pushes and notifies(get_integration(pushes[0].company)):
        enqueue(pushes)


def push(message: PushStatus, context: Any = None) -> None:
    integration = get_integration(message.company)
    if not notifies(integration):
        return  # switched off since: the company decides, at the moment it is sent
    application = get_application(message.company, message.application_id)
    urn = (application.source_ref or {}).get("application_urn") if application is not None else None
    if not urn:
        return
    _push_once(context)(item={"key": f"{message.company}#{message.application_id}#{message.action}", "urn": urn,
                       "message": message.model_dump(), "organization": integration.organization_id})


def _send(item: dict[str, Any]) -> str:
    message = PushStatus.model_validate(item["message"])
    performed = message.performed_at.replace("Z", "+00:00")
    try:
        performed_ms = int(datetime.fromisoformat(performed).timestamp() * 1000)
    except ValueError:
        performed_ms = int(now().timestamp() * 1000)
    child_client(message.company).lifecycle_action(item["urn"], message.action, performed_ms,
                                                   f"urn:li:organization:{item['organization']}")
    count("LinkedInStatusPushes")
    logger.info("linkedin status pushed", extra={"company": message.company, "application_id": message.application_id,
                                                 "action": message.action})
    return "sent"


_PERSISTENCE: tuple[DynamoDBPersistenceLayer, IdempotencyConfig] | None = None


def _push_once(context: Any):
    global _PERSISTENCE
    if _PERSISTENCE is None:
        _PERSISTENCE = (DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table,
                                                 boto3_client=client("dynamodb", persistent=True)),
                        IdempotencyConfig(event_key_jmespath="key", expires_after_seconds=IDEMPOTENCY_SECONDS))
    persistence, config = _PERSISTENCE
    if context is not None:
        config.register_lambda_context(context)  # an in-progress push expires with the invocation
    return idempotent_function(data_keyword_argument="item", persistence_store=persistence, config=config)(_send)


def reset() -> None:
    global _PERSISTENCE
    _PERSISTENCE = None
