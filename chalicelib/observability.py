"""Powertools Logger, Metrics and Tracer shared by every function.

Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME and
POWERTOOLS_METRICS_NAMESPACE (set in .chalice/config.json).
"""
from __future__ import annotations

import hashlib

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger()
metrics = Metrics()
tracer = Tracer()


def count(name: str, value: int = 1) -> None:
    if value:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def email_ref(email: str) -> str:
    """A stable, non-reversible reference for logs: addresses never appear in clear."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]
