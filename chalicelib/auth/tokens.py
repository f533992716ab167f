"""Opaque bearer tokens: random, stored only as their hash, expiring (DynamoDB TTL deletes them).

- ``confirm``: in the Connect email's link; single use; confirms the address.
- ``magic``: in a sign-in email; single use; half an hour.
- ``renew``: in a consent-renewal email; single use; renews consent when exchanged.
- ``access``: what the candidate's dashboard calls carry.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.db import TableMeta, find, now
from chalicelib.errors import Unauthorized

CONFIRM = "confirm"
MAGIC = "magic"
RENEW = "renew"
ACCESS = "access"
EMAILED = (CONFIRM, MAGIC, RENEW)  # what POST /auth/session exchanges
SPENT = "spent"  # the marker of a used emailed token (spent_by): never exchanged for anything


class TokenSubjectIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-subject"
        projection = KeysOnlyProjection()

    subject = UnicodeAttribute(hash_key=True)


class TokenItem(Model):
    Meta = TableMeta("tokens_table")
    token_hash = UnicodeAttribute(hash_key=True)
    company = UnicodeAttribute()
    candidate_id = UnicodeAttribute()
    subject = UnicodeAttribute()  # company#candidate, for the by-subject index (erasure)
    purpose = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    # Enforced here on every use; the table's TTL only tidies up afterwards.
    expires_at = TTLAttribute()
    # A confirm token may name a change that waits for the address's owner (candidates.changes);
    # a pending change's own item keeps the change itself here.
    change = UnicodeAttribute(null=True)
    payload = UnicodeAttribute(null=True)
    # Sessions that end when idle (the console's): the last request that used it.
    last_seen_at = UTCDateTimeAttribute(null=True)
    by_subject = TokenSubjectIndex()


@dataclass(frozen=True)
class TokenSubject:
    company: str
    candidate_id: str
    purpose: str = ACCESS
    change: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(company: str, candidate_id: str, purpose: str, lifetime: timedelta, change: str | None = None) -> str:
    token = secrets.token_urlsafe(32)
    moment = now()
    TokenItem(
        token_hash=_hash(token), company=company, candidate_id=candidate_id, purpose=purpose,
        subject=f"{company}#{candidate_id}",
        created_at=moment, expires_at=moment + lifetime, change=change,
    ).save()
    return token


def _live(token: str | None, purposes: str | tuple[str, ...]) -> TokenItem:
    # Tokens are URL-safe ASCII; anything else (a lone surrogate would not even hash) is not one.
    if not token or len(token) > 200 or not token.isascii():
        raise Unauthorized("missing or invalid token", field="token")
    try:
        item = TokenItem.get(_hash(token), consistent_read=True)
    except TokenItem.DoesNotExist:
        raise Unauthorized("missing or invalid token", field="token") from None
    allowed = (purposes,) if isinstance(purposes, str) else purposes
    if item.purpose not in allowed or item.expires_at <= now():
        raise Unauthorized("missing or invalid token", field="token")
    return item


def peek(token: str | None, purposes: str | tuple[str, ...]) -> TokenSubject | None:
    """Who a live token is for, without spending it; None when it is not live."""
    try:
        item = _live(token, purposes)
    except Unauthorized:
        return None
    return TokenSubject(item.company, item.candidate_id, item.purpose, item.change)


def company_of(token: str | None, purposes: str | tuple[str, ...]) -> str:
    """The company a live token belongs to, without spending it."""
    return _live(token, purposes).company


def redeem(token: str | None, purposes: str | tuple[str, ...]) -> TokenSubject:
    """Use a single-use token: of two concurrent redemptions, exactly one succeeds."""
    item = _live(token, purposes)
    try:
        item.delete(condition=TokenItem.token_hash.exists())
    except DeleteError:
        raise Unauthorized("token already used", field="token") from None
    # Who a spent emailed link was for, until it would have expired: a second click on it by the
    # same person, already signed in, opens their dashboard instead of a dead end (spent_by).
    TokenItem(token_hash=f"{SPENT}#{item.token_hash}", company=item.company, candidate_id=item.candidate_id, purpose=SPENT,
              subject=item.subject, created_at=now(), expires_at=item.expires_at).save()
    return TokenSubject(item.company, item.candidate_id, item.purpose, item.change)


def spent_by(token: str | None) -> TokenSubject | None:
    """Who an emailed token that has been used was for (None: never issued, or past its lifetime).
    It opens nothing: only a session that is already this candidate's may act on it."""
    if not token or len(token) > 200 or not token.isascii():
        return None
    item = find(TokenItem, f"{SPENT}#{_hash(token)}", consistent=True)
    if item is None or item.purpose != SPENT or item.expires_at <= now():
        return None
    return TokenSubject(item.company, item.candidate_id, SPENT)


def revoke(token: str | None) -> None:
    """End one session now (sign-out): the token is deleted, so neither the cookie holding it nor
    a copy of it used as a bearer opens anything afterwards. Unknown or malformed: nothing to do."""
    if token and len(token) <= 200 and token.isascii():
        TokenItem(token_hash=_hash(token)).delete()


def revoke_all(company: str, candidate_id: str, purposes: tuple[str, ...] | None = None) -> int:
    """Delete every token of a candidate (erasure), or only those of ``purposes`` (every session
    when the address changes: a session opened for the old address must not outlive it)."""
    hashes = [i.token_hash for i in TokenItem.by_subject.query(f"{company}#{candidate_id}")]
    if purposes is not None:
        hashes = [h for h in hashes if (item := find(TokenItem, h, consistent=True)) is not None and item.purpose in purposes]
    with TokenItem.batch_write() as batch:
        for token_hash in hashes:
            batch.delete(TokenItem(token_hash=token_hash))
    return len(hashes)


def authenticate_idle(token: str | None, purpose: str, idle: timedelta) -> TokenSubject:
    """A live session token not left unused longer than ``idle``; an idle one is deleted. Using
    it moves its last use (written at most once a minute: a page's burst of requests costs one)."""
    item = _live(token, purpose)
    moment = now()
    last = item.last_seen_at or item.created_at
    if moment - last > idle:
        revoke(token)
        raise Unauthorized("your session ended after a while without use; sign in again", field="session")
    if moment - last > timedelta(minutes=1):
        item.update(actions=[TokenItem.last_seen_at.set(moment)])
    return TokenSubject(item.company, item.candidate_id, item.purpose)


def authenticate(token: str | None, purpose: str = ACCESS) -> TokenSubject:
    item = _live(token, purpose)
    return TokenSubject(item.company, item.candidate_id)
