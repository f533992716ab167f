"""boto3 clients, built once per container and only when first used."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config

# botocore's standard retry mode: throttling, 5xx and transient errors are retried with
# exponential backoff and jitter, up to this many attempts in all.
# Connections: enough for the queue's concurrent batch sends (aws/queues.CONCURRENCY).
RETRIES = Config(retries={"mode": "standard", "max_attempts": 5}, max_pool_connections=20)
# Recording that an email went out is the one write whose failure could make a retry send it
# again: it gets more attempts (see README, "Delivery guarantees").
PERSISTENT = Config(retries={"mode": "standard", "max_attempts": 10})
# Sending email: one retry at most. A send SES throttles goes back to the queue with a delay
# (notifications/pacing.py) instead of waiting out botocore's backoff inside the function: ten
# throttled sends with five attempts each could outlast the consumer's timeout.
SENDING = Config(retries={"mode": "standard", "max_attempts": 2})


@lru_cache(maxsize=None)
def client(service: str, persistent: bool = False) -> Any:
    return boto3.client(service, config=PERSISTENT if persistent else SENDING if service == "sesv2" else RETRIES)


def botocore_session() -> Any:
    """boto3's default session's botocore session: the one `client` builds from, with its data
    loader (the endpoints, each service's model, read once), endpoint resolver and credentials.
    PynamoDB's connections share it too (chalicelib/db.py)."""
    return boto3._get_default_session()._session


def reset_clients() -> None:
    """Tests start each case on a fresh moto backend; cached clients must not outlive it."""
    client.cache_clear()
