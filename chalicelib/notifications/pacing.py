"""Sending at the SES account's rate: no email is lost to throttling, however large the audience.

An SES account sends at most MaxSendRate emails a second (new production accounts: 14). A
posting that matches 100,000 subscribers queues its tips in seconds; unpaced, the consumers
would scale out, SES would throttle most sends, and each throttled message would spend its
receives and land in the DLQ. Three things keep sending at the quota and never above it:

1. Few consumers: the notifications queue's event source runs at most ``consumers()``
   functions at once (Lambda's ScalingConfig.MaximumConcurrency, set from the same figure in
   app.py), enough to keep up with the rate (``SENDS_PER_CONSUMER`` each), never more.
2. Each consumer paces itself to its share of the rate: ``send_rate() / consumers()`` emails a
   second, spaced evenly (no bursts). The rate is the lower of the account's quota (SES v2
   GetAccount, ``SendQuota.MaxSendRate``, read once every ``QUOTA_SECONDS``) and the ceiling ops
   configure (SES_MAX_SEND_RATE, below the quota when other senders share the account). When
   GetAccount cannot be read (moto does not implement it) the ceiling alone counts.
3. A send SES throttles anyway (another sender on the account, a lowered quota) is not retried
   in place and not failed: the message goes back to the queue as a NEW message with a delay
   (``retry_delay``), and the one received is acknowledged. A failed receive would count toward
   maxReceiveCount (five, then the DLQ); a new message starts at zero receives, so throttling
   can delay an email but never park it. The delivery stays idempotent on the notification's
   key: nothing was sent, so the idempotency record was released, and the copy is delivered
   once. (ChangeMessageVisibility on the received message would delay it too, but every later
   receive would still count toward the DLQ.)

Time goes through ``clock`` and ``sleep`` so that tests and the bench can run it on a virtual
clock shared with the SES rate they enforce.
"""
from __future__ import annotations

import math
import os
import random
import threading
import time
from typing import Callable

# SES's rate for a new production account; ops set the stage's own (SES_MAX_SEND_RATE).
DEFAULT_RATE = 14.0
# What one consumer sustains, one SES call at a time (~30 ms each inside the region) with room.
SENDS_PER_CONSUMER = 10.0
# Lambda's smallest MaximumConcurrency for an SQS event source.
MIN_CONSUMERS = 2
QUOTA_SECONDS = 300
MAX_DELAY_SECONDS = 900  # SQS's longest DelaySeconds

clock: Callable[[], float] = time.monotonic
sleep: Callable[[float], None] = time.sleep


def ceiling() -> float:
    """The stage's configured rate (SES_MAX_SEND_RATE), read at deploy time too (app.py)."""
    try:
        value = float(os.environ.get("SES_MAX_SEND_RATE") or DEFAULT_RATE)
    except ValueError:
        value = DEFAULT_RATE
    return value if value > 0 else DEFAULT_RATE


def consumers(rate: float | None = None) -> int:
    """How many notification consumers run at once for ``rate`` (the ceiling by default)."""
    explicit = os.environ.get("NOTIFICATIONS_CONSUMERS")  # the local pump is one consumer
    if rate is None and explicit and explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    return max(MIN_CONSUMERS, math.ceil((rate or ceiling()) / SENDS_PER_CONSUMER))


_quota: tuple[float, float] | None = None  # (MaxSendRate, when it was read)
_lock = threading.Lock()
_next_slot = 0.0


def send_rate(read_quota: Callable[[], float | None]) -> float:
    """The whole stage's rate: the account's quota (cached), capped by the configured ceiling."""
    global _quota
    now = clock()
    if _quota is None or now - _quota[1] >= QUOTA_SECONDS:
        _quota = (read_quota() or 0.0, now)
    account = _quota[0]
    return min(account, ceiling()) if account > 0 else ceiling()


def wait_for_slot(read_quota: Callable[[], float | None]) -> None:
    """Block until this consumer may send its next email: sends are spaced 1/share seconds apart."""
    global _next_slot
    interval = consumers() / send_rate(read_quota)
    with _lock:
        now = clock()
        slot = max(now, _next_slot)
        _next_slot = slot + interval
    if slot > now:
        sleep(slot - now)


def retry_delay(throttled_before: int) -> int:
    """Seconds a throttled email waits before it is tried again: 1, 2, 4 … up to SQS's 900, with
    jitter so that the emails throttled together do not come back together."""
    base = min(MAX_DELAY_SECONDS, 2 ** min(throttled_before, 10))
    return int(min(MAX_DELAY_SECONDS, base + random.uniform(0, base / 2)))


def reset() -> None:
    global _quota, _next_slot
    _quota, _next_slot = None, 0.0
