"""boto3 clients, built once per container and only when first used."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import boto3


@lru_cache(maxsize=None)
def client(service: str) -> Any:
    return boto3.client(service)


def reset_clients() -> None:
    """Tests start each case on a fresh moto backend; cached clients must not outlive it."""
    client.cache_clear()
