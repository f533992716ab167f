"""The local stack's outbox: the emails moto's SES has accepted, parsed for people and tests.

Only the `local` stage registers the route; nothing here runs in AWS.
"""
from __future__ import annotations

import json
import urllib.request
from email import message_from_bytes, policy
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterable

from chalice import Blueprint

from chalicelib.api import json_response
from chalicelib.config import get_settings


def parse_raw(raw: str) -> dict:
    # moto keeps the raw message as text (its bytes decoded as UTF-8); parsed from a str, an 8bit
    # part's non-ASCII letters come out as U+FFFD ("f\ufffdr"), so parse the bytes SES received.
    message = message_from_bytes(raw.encode("utf-8", "surrogateescape"), policy=policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    date = message.get("Date")
    return {
        "to": str(message.get("To", "")),
        "from": str(message.get("From", "")),
        "subject": str(message.get("Subject", "")),
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
        "headers": {name: str(value) for name, value in message.items()},
        "sent_at": _utc(parsedate_to_datetime(date)).isoformat() if date else None,
    }


def _utc(moment: datetime) -> datetime:
    # "-0000" means "UTC, zone of origin unknown" (RFC 5322) and parses as naive.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def raw_messages_from_moto(moto_api_url: str) -> list[str]:
    with urllib.request.urlopen(f"{moto_api_url}/moto-api/data.json", timeout=10) as response:  # noqa: S310 (loopback)
        data = json.load(response)
    return [m["raw_data"] for m in data.get("ses", {}).get("RawMessage", [])]


def outbox(raw_messages: Iterable[str]) -> list[dict]:
    return [parse_raw(raw) for raw in raw_messages]


bp = Blueprint(__name__)


@bp.route("/_local/outbox", methods=["GET"])
def get_outbox():
    return json_response(outbox(raw_messages_from_moto(get_settings().moto_api_url or "")))
