"""The notifications queue: every email the product sends on its own goes through here.

Each message is delivered at most once however often SQS hands it over: delivery is a
Powertools idempotent function keyed on what the email is about (the message's own
`idempotency_key`), and the record is kept longer than SQS keeps a message. The composer the
message's capability registered decides what to send (and re-checks, since the world may have
changed since the message was queued); this module suppresses, renders and hands it to SES at
the account's rate (notifications/pacing.py); a send SES throttles anyway comes back later as a
new message, without spending the received one's tries toward the DLQ.
"""
from __future__ import annotations

from typing import Any, Callable

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from pydantic import ValidationError

from chalicelib.aws import email
from chalicelib.aws.clients import client
from chalicelib.aws.queues import send_again
from chalicelib.config import get_settings
from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import load_json
from chalicelib.notifications import categories, pacing
from chalicelib.notifications.registry import Done, Email, EmailKind, Notification, kind
from chalicelib.notifications.render import render
from chalicelib.notifications.suppressions import is_suppressed
from chalicelib.observability import count, logger, tracer

# Longer than SQS's longest retention (14 days): any redelivery still finds the record.
IDEMPOTENCY_SECONDS = 15 * 24 * 3600
SENT = "sent"


THROTTLED_ATTRIBUTE = "throttled"  # how many times SES has throttled this email so far


def handle_notification_message(record: SQSRecord, context: Any = None) -> None:
    _registered, notification = _parse(record.body)
    try:
        _deliver_once(context)(item={"key": notification.idempotency_key(), "notification": notification.model_dump(mode="json")})
    except email.Throttled as throttled:
        _later(record, notification, str(throttled))


def _later(record: SQSRecord, notification: Notification, code: str) -> None:
    """The email again as a new message, delayed; the received one is then acknowledged (see
    pacing.py: a new message has spent no receives toward the DLQ)."""
    attribute = record.message_attributes[THROTTLED_ATTRIBUTE]
    value = (attribute.string_value or "") if attribute is not None else ""
    before = int(value) if value.isdigit() and len(value) < 6 else 0
    delay = pacing.retry_delay(before)
    send_again(get_settings().notifications_queue, record.body, delay, {THROTTLED_ATTRIBUTE: str(before + 1)})
    count("EmailsThrottled")
    logger.warning("SES throttled the send; queued again", extra={
        "company": notification.company, "kind": notification.kind, "code": code, "delay_seconds": delay, "throttled": before + 1})


def _parse(body: str) -> tuple[EmailKind, Notification]:
    try:
        return _validated(load_json(body))
    except (ValueError, ValidationError):
        raise PoisonMessage("not a notification this consumer knows") from None


def _validated(data: object) -> tuple[EmailKind, Notification]:
    registered = kind(data.get("kind")) if isinstance(data, dict) and isinstance(data.get("kind"), str) else None
    if registered is None:
        raise ValueError("unknown kind")
    return registered, registered.message.model_validate(data)


_PERSISTENCE: tuple[DynamoDBPersistenceLayer, IdempotencyConfig] | None = None


def _idempotency() -> tuple[DynamoDBPersistenceLayer, IdempotencyConfig]:
    global _PERSISTENCE
    if _PERSISTENCE is None:
        config = IdempotencyConfig(
            event_key_jmespath="key",
            expires_after_seconds=IDEMPOTENCY_SECONDS,
            response_hook=_on_duplicate,
        )
        persistence = DynamoDBPersistenceLayer(
            table_name=get_settings().idempotency_table, boto3_client=client("dynamodb", persistent=True)
        )
        _PERSISTENCE = persistence, config
    return _PERSISTENCE


def reset() -> None:
    global _PERSISTENCE
    _PERSISTENCE = None


def _on_duplicate(response: Any, _record: Any) -> Any:
    count("DuplicatesSuppressed")
    logger.info("duplicate notification suppressed")
    return response


def _deliver_once(context: Any) -> Callable[..., dict]:
    persistence, config = _idempotency()
    if context is not None:
        config.register_lambda_context(context)
    return idempotent_function(data_keyword_argument="item", persistence_store=persistence, config=config)(_deliver)


@tracer.capture_method
def _deliver(item: dict) -> dict:
    registered, notification = _validated(item["notification"])
    if registered.category is not None:
        # Non-transactional: the person's choice and consent first, before any work
        # (notifications/categories.py); then, once composed, suppression and the cap.
        refused = categories.refusal(registered, notification)
        if refused is not None:
            return {"outcome": refused}
    composed = registered.compose(notification)
    if isinstance(composed, Done):
        return {"outcome": _done(notification, composed)}
    if registered.category is not None:
        # The cap's slot is taken inside this idempotent call, keyed by the message's own key:
        # a retry after a failed send finds the slot it took and takes no second one.
        admitted = categories.admit(registered, notification, composed)
        if isinstance(admitted, str):
            return {"outcome": admitted}
        composed = admitted
    _send(registered.name, notification, composed, categorised=registered.category is not None)
    if registered.category is not None:
        _after_sending(notification, lambda: categories.sent(registered, notification, composed))
    _after_sending(notification, composed.after_sending)
    return {"outcome": SENT}


def _send(kind_name: str, notification: Notification, composed: Email, categorised: bool = False) -> None:
    """Every email the product sends passes here: suppression, the template, SES."""
    ids = {"company": notification.company, "kind": kind_name, **composed.about}
    if is_suppressed(composed.to):
        count("EmailsSuppressed")
        logger.info("email not sent: address suppressed", extra=ids)
        return
    rendered = render(kind_name, composed.context, composed.custom, language=composed.language, frame=composed.frame)
    pacing.wait_for_slot(email.account_send_rate)
    message_id = email.send(
        email.OutgoingEmail(
            to=composed.to,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            sender_name=composed.sender_name,
            kind=kind_name,
            company=notification.company,
            headers=dict(composed.headers),
            sender_address=composed.sender_address,
            # A categorised email's occasion (a campaign's id) rides as an SES tag, so a bounce
            # event finds the results it belongs to (suppressions.handle_ses_event).
            occasion=notification.occasion() if categorised else None,
        )
    )
    count("EmailsSent")
    logger.info("email sent", extra={**ids, "ses_message_id": message_id})


def _after_sending(notification: Notification, bookkeeping: Callable[[], Any] | None) -> None:
    """Once SES has accepted an email, nothing may fail the delivery: a failure would delete the
    idempotency record and the retry would send the email again. Bookkeeping after the send is
    best effort (composers re-check it: the renewal keeper and the digest are idempotent on
    their own keys), and a failure is logged, never raised."""
    if bookkeeping is None:
        return
    try:
        bookkeeping()
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("bookkeeping after sending failed", extra={"kind": notification.kind, "company": notification.company})


def _done(notification: Notification, done: Done) -> str:
    if done.outcome == "skipped":
        count("NotificationsSkipped")
        logger.info("notification skipped", extra={**notification.model_dump(), "reason": done.reason})
    else:
        logger.info(f"notification {done.outcome}", extra={**notification.model_dump(), "reason": done.reason})
    return done.outcome
