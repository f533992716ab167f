"""Fixed-window rate limits in DynamoDB: one atomic counter per (scope, key, window)."""
from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta
from chalicelib.errors import TooManyRequests


class CounterItem(Model):
    Meta = TableMeta("rate_limits_table")
    pk = UnicodeAttribute(hash_key=True)
    count = NumberAttribute(default=0)
    expires_at = TTLAttribute()


def hit(scope: str, key: str, limit: int, window_seconds: int) -> None:
    """Count one request; TooManyRequests once ``limit`` is passed within the window. Keys are
    hashed: the table never holds an address or an IP in clear."""
    window = int(time.time()) // window_seconds
    digest = hashlib.sha256(key.lower().encode()).hexdigest()[:32]
    item = CounterItem(pk=f"{scope}#{digest}#{window}")
    item.update(actions=[
        CounterItem.count.add(1),
        CounterItem.expires_at.set(datetime.fromtimestamp((window + 2) * window_seconds, tz=timezone.utc)),
    ])
    if item.count > limit:
        retry_after = (window + 1) * window_seconds - int(time.time())
        raise TooManyRequests("too many requests, try again later", retry_after=retry_after)
