"""Secrets Manager: the only place that writes or reads per-company secrets (a bot-check key).

Secrets never live in code, the repo, DynamoDB or logs: settings hold only public parts (a site
key), the secret goes here, and is read through Powertools' cache (five minutes per container).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from chalicelib.aws.clients import client

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider


@lru_cache(maxsize=1)
def _provider() -> SecretsProvider:
    # Powertools' parameters utility (~35 ms of CPU to import) loads with the first secret read:
    # a company without a bot check never needs it.
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider(boto3_client=client("secretsmanager"))


def put(name: str, value: str) -> None:
    sm = client("secretsmanager")
    try:
        sm.put_secret_value(SecretId=name, SecretString=value)
    except sm.exceptions.ResourceNotFoundException:
        sm.create_secret(Name=name, SecretString=value)


def get(name: str) -> str | None:
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    try:
        return str(_provider().get(name, max_age=300))
    except GetParameterError:
        return None


def reset() -> None:
    _provider.cache_clear()
