"""Pagination cursors: opaque to clients, signed, and valid only for the list that issued them.

A cursor carries DynamoDB's LastEvaluatedKey. Unsigned, a client could edit it to start a
query anywhere, including another company's partition; signed with the link-signing key and
bound to (company, list, filters), a cursor from elsewhere or altered is a 400.
"""
from __future__ import annotations

from typing import Any

from chalicelib import signing
from chalicelib.errors import InvalidInput, Unauthorized

PURPOSE = "cursor"
MAX_CURSOR_LENGTH = 2000


def encode(key: dict | None, scope: str) -> str | None:
    return signing.sign({"p": PURPOSE, "s": scope, "k": key}) if key else None


def decode(cursor: str | None, scope: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidInput("not a cursor this API gave out", field="cursor")
    try:
        payload = signing.verify(cursor, PURPOSE)
    except Unauthorized:
        raise InvalidInput("not a cursor this API gave out", field="cursor") from None
    if payload.get("s") != scope or not isinstance(payload.get("k"), dict):
        raise InvalidInput("this cursor belongs to another list or other filters", field="cursor")
    return payload["k"]


def scope(company: str, name: str, **filters: Any) -> str:
    """What a cursor is valid for: the company, the list and its filters."""
    return "|".join([company, name, *(f"{k}={filters[k] or ''}" for k in sorted(filters))])
