"""One cap per person across every non-transactional email (job tips, digests, campaigns): at
most ``LIMIT`` such emails in ``DAYS`` days. Each email takes a slot keyed by its own
idempotency key, so a retry of an email already counted is admitted again without taking a
second slot, and an email over the cap is never sent.

One item per (company, address) in the companies table: the slots of the last ``DAYS`` days,
written with optimistic locking (two consumers cannot both take the last slot).

(Minimal version written with the campaigns capability; the cap mechanism's fuller version,
with the company's own setting and deferral into the next digest, takes its place.)
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from chalicelib.aws.clients import client
from chalicelib.config import get_settings

LIMIT = 3
DAYS = 7
PREFIX = "cap#"


def _key(company: str, address: str) -> dict:
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    return {"company": {"S": company}, "sk": {"S": PREFIX + digest}}


def admit(company: str, address: str, email_key: str, at: datetime, limit: int = LIMIT, days: int = DAYS) -> bool:
    """Take a slot for this email (True), or say it would go over the cap (False)."""
    dynamodb = client("dynamodb")
    table = get_settings().companies_table
    for _attempt in range(8):
        item = dynamodb.get_item(TableName=table, Key=_key(company, address), ConsistentRead=True).get("Item")
        slots = {k: int(v["N"]) for k, v in (item or {}).get("slots", {}).get("M", {}).items()}
        if email_key in slots:
            return True
        since = int((at - timedelta(days=days)).timestamp())
        recent = {k: t for k, t in slots.items() if t > since}
        if len(recent) >= limit:
            return False
        recent[email_key] = int(at.timestamp())
        version = int(item["version"]["N"]) if item and "version" in item else 0
        try:
            dynamodb.put_item(
                TableName=table,
                Item={**_key(company, address), "slots": {"M": {k: {"N": str(t)} for k, t in recent.items()}},
                      "version": {"N": str(version + 1)}},
                ConditionExpression="attribute_not_exists(sk) OR version = :v",
                ExpressionAttributeValues={":v": {"N": str(version)}},
            )
            return True
        except dynamodb.exceptions.ConditionalCheckFailedException:
            continue  # another consumer took a slot meanwhile: read again
    raise RuntimeError("the cap's slots kept changing; retried later")
