"""An SES account's sending rate, enforced at the boto3 layer (tests and bench/sending.py).

moto sends every email it is given and implements no SES v2 GetAccount. This hook, registered on
the product's SES client, plays the account's limit: a token bucket of ``rate`` sends a second on
a virtual clock (which the product's pacer and botocore's backoff also sleep on, so a run of
thousands of emails takes no real time). A send over the rate is answered as SES answers it
(429 TooManyRequestsException) and never reaches moto; GetAccount answers the quota the account
states (``stated_rate``: by default the enforced one; lower or higher to model an account shared
with another sender). ``throttle_first`` refuses each address's first N attempts whatever the rate.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from botocore.awsrequest import AWSResponse

from tests.faults import _Raw, error_response


@dataclass
class VirtualClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


@dataclass
class SesAccount:
    rate: float
    clock: VirtualClock
    stated_rate: float | None = None
    throttle_first: int = 0
    sent_at: list[float] = field(default_factory=list)
    throttled: int = 0
    attempts: Counter = field(default_factory=Counter)
    _tokens: float | None = None  # the bucket starts full
    _last: float = 0.0

    def install(self, ses_client) -> None:
        ses_client.meta.events.register_first("before-send.sesv2.*", self.before_send)

    def before_send(self, request, **kwargs):
        operation = kwargs.get("event_name", "").rsplit(".", 1)[-1]
        if operation == "GetAccount":
            body = json.dumps({"SendQuota": {"Max24HourSend": 10_000_000.0, "MaxSendRate": self.stated_rate or self.rate,
                                             "SentLast24Hours": float(len(self.sent_at))},
                               "SendingEnabled": True, "ProductionAccessEnabled": True}).encode()
            request.url = "https://ses-account.invalid/"
            return AWSResponse(request.url, 200, {"Content-Type": "application/json"}, _Raw(body))
        if operation != "SendEmail":
            return None
        to = tuple(json.loads(request.body or b"{}").get("Destination", {}).get("ToAddresses", []))
        self.attempts[to] += 1
        if self.attempts[to] <= self.throttle_first or not self._take():
            self.throttled += 1
            return error_response(request, "sesv2", 429, "TooManyRequestsException")
        self.sent_at.append(self.clock())
        return None

    def _take(self) -> bool:
        now = self.clock()
        # A bucket of one second's sends, as SES's: no more than ``rate`` in any second.
        tokens = self.rate if self._tokens is None else self._tokens
        self._tokens = min(self.rate, tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0 - 1e-6:  # float spacing of exactly 1/rate must pass
            self._tokens -= 1.0
            return True
        return False

    def busiest_second(self) -> int:
        """The most sends SES accepted in any one-second window."""
        times, most, start = self.sent_at, 0, 0
        for end in range(len(times)):
            while times[end] - times[start] >= 1.0 - 1e-6:
                start += 1
            most = max(most, end - start + 1)
        return most

    def sustained_rate(self) -> float:
        if len(self.sent_at) < 2:
            return 0.0
        return (len(self.sent_at) - 1) / (self.sent_at[-1] - self.sent_at[0])
