"""Changes to a confirmed candidate that wait for the owner of the address.

Anyone can type any address into a career page. For a candidate who has confirmed their
address, an anonymous request (a repeat connect, an application with their address, a connect
after such an application) therefore changes nothing: it is kept here, and a link is emailed to
the address. Following that link (a `confirm` token that names the change) applies it; an
unfollowed change expires with the token's lifetime (DynamoDB TTL on the tokens table).

Stored in the tokens table under the candidate's subject, so erasure removes pending changes
with the candidate's tokens.
"""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

from pynamodb.exceptions import DeleteError

from chalicelib.auth.tokens import TokenItem
from chalicelib.db import find, now

PURPOSE = "pending_change"


def _key(change_id: str) -> str:
    return f"change#{change_id}"


def propose(company: str, candidate_id: str, change: dict, lifetime: timedelta) -> str:
    change_id = uuid.uuid4().hex
    moment = now()
    TokenItem(
        token_hash=_key(change_id), company=company, candidate_id=candidate_id, purpose=PURPOSE,
        subject=f"{company}#{candidate_id}", created_at=moment, expires_at=moment + lifetime,
        payload=json.dumps(change, separators=(",", ":")),
    ).save()
    return change_id


def take(company: str, candidate_id: str, change_id: str) -> dict | None:
    """The change, exactly once: of two concurrent confirmations only one gets it."""
    try:
        item = TokenItem.get(_key(change_id), consistent_read=True)
    except TokenItem.DoesNotExist:
        return None
    if item.purpose != PURPOSE or item.company != company or item.candidate_id != candidate_id or item.expires_at <= now():
        return None
    try:
        item.delete(condition=TokenItem.token_hash.exists())
    except DeleteError:
        return None
    return json.loads(item.payload or "{}")


def peek(company: str, candidate_id: str, change_id: str) -> dict | None:
    """The waiting change, without taking it."""
    item = find(TokenItem, _key(change_id), consistent=True)
    if item is None or item.purpose != PURPOSE or item.company != company or item.candidate_id != candidate_id or item.expires_at <= now():
        return None
    return json.loads(item.payload or "{}")
