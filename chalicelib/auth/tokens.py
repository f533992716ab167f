"""Opaque bearer tokens: random, stored only as their hash, expiring (DynamoDB TTL deletes them).

- ``confirm``: in the Connect email's link; single use; confirms the address.
- ``access``: what the candidate's dashboard calls carry.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError
from pynamodb.models import Model

from chalicelib.db import TableMeta, now
from chalicelib.errors import Unauthorized

CONFIRM = "confirm"
ACCESS = "access"


class TokenItem(Model):
    Meta = TableMeta("tokens_table")
    token_hash = UnicodeAttribute(hash_key=True)
    company = UnicodeAttribute()
    candidate_id = UnicodeAttribute()
    purpose = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    # Enforced here on every use; the table's TTL only tidies up afterwards.
    expires_at = TTLAttribute()


@dataclass(frozen=True)
class TokenSubject:
    company: str
    candidate_id: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(company: str, candidate_id: str, purpose: str, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    moment = now()
    TokenItem(
        token_hash=_hash(token), company=company, candidate_id=candidate_id, purpose=purpose,
        created_at=moment, expires_at=moment + lifetime,
    ).save()
    return token


def _live(token: str | None, purpose: str) -> TokenItem:
    if not token or len(token) > 200:
        raise Unauthorized("missing or invalid token", field="token")
    try:
        item = TokenItem.get(_hash(token), consistent_read=True)
    except TokenItem.DoesNotExist:
        raise Unauthorized("missing or invalid token", field="token") from None
    if item.purpose != purpose or item.expires_at <= now():
        raise Unauthorized("missing or invalid token", field="token")
    return item


def redeem(token: str | None, purpose: str) -> TokenSubject:
    """Use a single-use token: of two concurrent redemptions, exactly one succeeds."""
    item = _live(token, purpose)
    try:
        item.delete(condition=TokenItem.token_hash.exists())
    except DeleteError:
        raise Unauthorized("token already used", field="token") from None
    return TokenSubject(item.company, item.candidate_id)


def authenticate(token: str | None, purpose: str = ACCESS) -> TokenSubject:
    item = _live(token, purpose)
    return TokenSubject(item.company, item.candidate_id)
