"""An application's history, as the applications table's stream tells it.

Every event the service records (applied, viewed, resume downloaded, status changed) is
appended to the item's ``events``; the stream's old and new images say which ones are new.
Capabilities that react to the history (rejection notices here; a job board's status sync)
read it from the stream in their own function, so the request that changed the status never
waits for them and never fails because of them. Stream records arrive at least once and in
order per application: every reaction is idempotent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import NotJson, load_json


@dataclass(frozen=True)
class HistoryEvent:
    company: str
    application_id: str
    type: str  # applied | viewed | resume_downloaded | status_changed | ...
    at: str
    data: dict[str, Any]
    source: str | None  # where the application came from (api, linkedin, ...)


def _events(image: dict | None) -> list[dict]:
    raw = (image or {}).get("events")
    if raw is None:
        return []
    try:
        events = load_json(raw) if isinstance(raw, str) else raw
    except NotJson:
        raise PoisonMessage("the application's events are not JSON") from None
    return events if isinstance(events, list) else []


def new_events(record: DynamoDBRecord) -> list[HistoryEvent]:
    """The events this change appended (the history only grows; erasure keeps it)."""
    stream = record.dynamodb
    if stream is None or stream.new_image is None:
        return []
    new, old = stream.new_image, stream.old_image
    before, after = _events(old), _events(new)
    if len(after) <= len(before):
        return []
    return [
        HistoryEvent(
            company=new["company"], application_id=new["application_id"], type=str(event.get("type")),
            at=str(event.get("at")), data={k: v for k, v in event.items() if k not in ("type", "at")},
            source=new.get("source"),
        )
        for event in after[len(before):]
        if isinstance(event, dict)
    ]
