"""Failure injection at the boto3 layer, for the fault-tolerance test.

A botocore `before-send` handler, registered in every botocore session before any exists (see
conftest.py), answers a share of the calls in place of AWS (the request never reaches moto) with the HTTP error the real service
sends: DynamoDB's ProvisionedThroughputExceededException, SES's Throttling, ServiceUnavailable
and MessageRejected, SQS's and the other services' 503s. botocore then treats them exactly as
it treats AWS's own: retryable codes are retried by its retry handler, the rest raise. The
handler is idle unless a test arms it, and then only while a consumer runs (the pump's own
polling is not the system under test).
"""
from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field

from botocore.awsrequest import AWSResponse

ERRORS = {
    "dynamodb": [(400, "ProvisionedThroughputExceededException", "json"), (500, "InternalServerError", "json")],
    "sesv2": [(400, "Throttling", "rest"), (503, "ServiceUnavailable", "rest"), (400, "MessageRejected", "rest")],
    "sqs": [(400, "ThrottlingException", "json"), (500, "InternalError", "json")],
}
DEFAULT = [(503, "ServiceUnavailable", "rest")]


class _Raw:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_kwargs):
        yield self._body

    def read(self, *_args, **_kwargs):
        return self._body


@dataclass
class FaultPlan:
    rate: float = 0.0
    seed: int = 7
    armed: bool = False  # a test wants faults
    active: bool = False  # a consumer is running now
    calls: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self._random = random.Random(self.seed)

    def arm(self, rate: float, seed: int = 7) -> None:
        self.rate, self.armed, self._random = rate, True, random.Random(seed)
        self.calls.clear()
        self.injected.clear()

    def disarm(self) -> None:
        self.armed = self.active = False

    def before_send(self, request, **kwargs):
        if not (self.armed and self.active):
            return None
        service = _service(kwargs.get("event_name", ""))
        self.calls[service] += 1
        if self._random.random() >= self.rate:
            return None
        status, code, protocol = self._random.choice(ERRORS.get(service, DEFAULT))
        self.injected[(service, code)] += 1
        return error_response(request, service, status, code, protocol)


def error_response(request, service: str, status: int, code: str, protocol: str = "rest") -> AWSResponse:
    """The HTTP error ``service`` answers with ``code``, in place of the call (which never happens)."""
    if protocol == "json":
        body = json.dumps({"__type": f"com.amazonaws.{service}#{code}", "message": "injected fault"}).encode()
        headers = {"x-amzn-RequestId": "fault", "Content-Type": "application/x-amz-json-1.0"}
    else:
        body = json.dumps({"message": "injected fault"}).encode()
        headers = {"x-amzn-RequestId": "fault", "x-amzn-ErrorType": code, "Content-Type": "application/json"}
    if service == "s3":
        body = f"<Error><Code>{code}</Code><Message>injected fault</Message></Error>".encode()
        headers = {"Content-Type": "application/xml"}
    response = AWSResponse(request.url, status, headers, _Raw(body))
    # botocore calls every before-send handler and takes the first answer: moto's stub would
    # still carry out the request (an email "sent" that the caller saw fail). Pointed at a
    # host no service lives on, the request is not recognised by moto and never happens.
    request.url = "https://fault-injected.invalid/"
    return response


def _service(event_name: str) -> str:
    # before-send.<service-id>.<Operation>
    parts = event_name.split(".")
    return parts[1].lower().replace("-", "") if len(parts) > 1 else "unknown"


PLAN = FaultPlan()


def install() -> None:
    """Register the handler in every botocore session created from now on (first in line,
    ahead of moto's stub, so an injected fault never reaches moto)."""
    from botocore import handlers

    handlers.BUILTIN_HANDLERS.append(("before-send", PLAN.before_send, handlers.REGISTER_FIRST))
