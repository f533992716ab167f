"""Rejection notices, delayed or not (seed 001): never ghost, and never in the same minute.

Moving an application to `rejected` (a `status_changed` event in its history, read from the
applications table's stream) sends the `rejection` email: with the company's delay on,
through a one-time EventBridge Scheduler schedule at now + delay, named from the application
so a retry creates nothing twice; with it off, at once through the notifications queue (never
inside the request). Moving the application out of `rejected` first deletes the schedule.
When the notice is due it is re-checked: only a still-rejected application gets the email,
and only once however often the schedule fires.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from chalicelib.applications import promise, receipts
from chalicelib.applications.history import new_events
from chalicelib.applications.models import get_application
from chalicelib.applications.service import record_once
from chalicelib.aws import scheduler
from chalicelib.companies.service import Company, load_company
from chalicelib.db import iso
from chalicelib.errors import NotFound
from chalicelib.applications.messages import RejectionEmail
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger


def schedule_name(application_id: str) -> str:
    return f"rejection-{application_id}"


def handle_application_change(record: DynamoDBRecord) -> None:
    """The applications stream: react to every status change this record appended (and to the
    application's arrival: its receipt, applications/receipts.py)."""
    events = new_events(record)
    for event in events:
        if event.type == "applied":
            receipts.after_applied(event)
        elif event.type == "status_changed":
            try:
                company = load_company(event.company)
            except NotFound:
                return  # the company is gone: nobody to write for
            after_status_change(company, event.application_id, str(event.data.get("from")), str(event.data.get("to")), event.at,
                                **({"tell_at": event.data["tell_at"]} if "tell_at" in event.data else {}))
            promise.announce(company, event.application_id, str(event.data.get("to")), event.at)
    if events:
        # The application's next due moment follows its status (the promise guard's index).
        promise.after_events(events[0].company, events[0].application_id, [e.type for e in events])


_SETTING = object()


def after_status_change(company: Company, application_id: str, previous: str, status: str, changed_at: str,
                        tell_at=_SETTING) -> None:
    """``tell_at``: when the decision said the candidate is told (None: at once), as the
    console showed it when rejecting; decisions recorded without it follow the company's
    setting now."""
    if status == "rejected":
        notice = RejectionEmail(company=company.slug, application_id=application_id, rejected_at=changed_at)
        delay = company.settings.delayed_rejection
        if tell_at is _SETTING:
            tell_at = iso(datetime.fromisoformat(changed_at.replace("Z", "+00:00")) + timedelta(hours=delay.delay_hours)) \
                if delay.enabled else None
        if tell_at is not None:
            due = datetime.fromisoformat(str(tell_at).replace("Z", "+00:00"))
            created = scheduler.schedule_once(schedule_name(application_id), due, notice.model_dump())
            logger.info("rejection notice scheduled", extra={"company": company.slug, "application_id": application_id, "due": due.isoformat(), "schedule_created": created})
            count("RejectionsScheduled")
        else:
            release(notice)
    elif previous == "rejected":
        cancelled = scheduler.cancel(schedule_name(application_id))
        logger.info("rejection withdrawn", extra={"company": company.slug, "application_id": application_id, "schedule_deleted": cancelled})


def notice_due(payload: dict) -> None:
    """The schedule fired: hand the notice to the notifications consumer, which checks and sends once."""
    release(RejectionEmail.model_validate(payload))


def release(notice: RejectionEmail) -> None:
    """The rejection goes out now: the email is queued and, while the decision still stands, the
    release is recorded in the application's history (`rejection_released`), once per decision.
    Capabilities that tell the candidate elsewhere (LinkedIn's status) react to that event, so
    they follow the company's delay exactly as the email does, and never after an un-rejection."""
    enqueue([notice])
    item = get_application(notice.company, notice.application_id)
    if item is None or item.status != "rejected":
        return
    decisions = [e["at"] for e in item.events if e.get("type") == "status_changed" and e.get("to") == "rejected"]
    if not decisions or decisions[-1] != notice.rejected_at:
        return
    record_once(item, {"type": "rejection_released", "rejected_at": notice.rejected_at},
                lambda e: e.get("type") == "rejection_released" and e.get("rejected_at") == notice.rejected_at)
