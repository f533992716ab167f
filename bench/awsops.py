"""Counting what a run really asks of AWS, at the boto3 layer, and pricing it.

Every boto3 and PynamoDB call goes through botocore's `BaseClient._make_api_call`; while a
`Meter` is active it counts each (service, operation) made inside the measured code and the
CPU spent inside those calls (in-process moto answers them, so that CPU is moto's, not ours).

Prices: AWS us-east-1 on-demand list prices (November 2026), free tiers ignored:
- SES: $0.10 per 1,000 emails sent.
- DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read
  request units (one unit per item up to 1 KB written / 4 KB read strongly consistent; the
  items here are all smaller; an eventually consistent read is half a unit).
- SQS standard: $0.40 per million requests (a batch of up to 10 messages is one request).
- Lambda x86: $0.20 per million requests, $0.0000166667 per GB-second.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from botocore.client import BaseClient

SES_PER_EMAIL = 0.10 / 1000
DDB_PER_WRU = 0.625 / 1e6
DDB_PER_RRU = 0.125 / 1e6
SQS_PER_REQUEST = 0.40 / 1e6
LAMBDA_PER_REQUEST = 0.20 / 1e6
LAMBDA_PER_GB_SECOND = 0.0000166667

# Round trips as they are inside an AWS region, for the Lambda duration the run would bill
# (moto answers in-process, so its timings are not AWS's).
LATENCY_SECONDS = {"dynamodb": 0.005, "sesv2": 0.030, "sqs": 0.010, "scheduler": 0.020, "secretsmanager": 0.020}

_WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
_READS = {"GetItem", "Query", "Scan"}


@dataclass
class Meter:
    calls: Counter = field(default_factory=Counter)
    items_written: int = 0
    read_units: float = 0.0
    aws_cpu: float = 0.0
    active: bool = False

    def record(self, service: str, operation: str, params: dict, response: dict, cpu: float) -> None:
        self.calls[(service, operation)] += 1
        self.aws_cpu += cpu
        if service != "dynamodb":
            return
        if operation in _WRITES:
            self.items_written += 1
        elif operation == "BatchWriteItem":
            self.items_written += sum(len(v) for v in params.get("RequestItems", {}).values())
        elif operation == "TransactWriteItems":
            self.items_written += 2 * len(params.get("TransactItems", []))  # transactions cost double
        elif operation in _READS:
            unit = 1.0 if params.get("ConsistentRead") else 0.5
            scanned = response.get("ScannedCount", 1) if operation != "GetItem" else 1
            self.read_units += unit * max(1, -(-scanned // 40))  # ~100-byte items: 40 per 4 KB

    def count(self, service: str) -> int:
        return sum(n for (s, _), n in self.calls.items() if s == service)

    def latency(self) -> float:
        return sum(LATENCY_SECONDS.get(service, 0.01) * n for (service, _), n in self.calls.items())


_current: list[Meter] = []
_lock = threading.Lock()
_original = BaseClient._make_api_call


def _metered(self, operation_name, api_params):
    meter = _current[-1] if _current else None
    if meter is None or not meter.active:
        return _original(self, operation_name, api_params)
    started = time.thread_time()  # this thread's CPU: calls made from several threads add up right
    response = _original(self, operation_name, api_params)
    with _lock:
        meter.record(self.meta.service_model.service_name, operation_name, api_params, response, time.thread_time() - started)
    return response


BaseClient._make_api_call = _metered


@contextmanager
def metering(meter: Meter) -> Iterator[Meter]:
    """Count the AWS calls made inside the block (nested blocks count for the innermost)."""
    _current.append(meter)
    previous, meter.active = meter.active, True
    try:
        yield meter
    finally:
        meter.active = previous
        _current.pop()
