"""Signed links (unsubscribe): they name the candidate and company and cannot be altered.

The key lives in Secrets Manager (created by CloudFormation, never in the repo) and is read
through Powertools' parameters utility, cached for five minutes per container.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache
from typing import TYPE_CHECKING

from chalicelib.config import get_settings
from chalicelib.errors import Unauthorized
from chalicelib.jsonsafe import load_json

if TYPE_CHECKING:  # Powertools' parameters utility and boto3 load when a key is first needed
    from aws_lambda_powertools.utilities.parameters import SecretsProvider


@lru_cache(maxsize=1)
def _provider() -> SecretsProvider:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    from chalicelib.aws.clients import client

    return SecretsProvider(boto3_client=client("secretsmanager"))


def key() -> bytes:
    """The link-signing key, for other HMACs of this product (the pages' CSRF tokens)."""
    return _key()


def _key() -> bytes:
    return str(_provider().get(get_settings().signing_secret_name, max_age=300)).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(payload: dict) -> str:
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    signature = _b64(hmac.new(_key(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}"


def verify(token: str | None, purpose: str) -> dict:
    body, _, signature = (token or "").partition(".")
    try:
        # Links are ASCII; anything else was altered. (compare_digest refuses non-ASCII str
        # with a TypeError, so both sides are compared as bytes.)
        body_bytes, signature_bytes = body.encode("ascii"), signature.encode("ascii")
        expected = _b64(hmac.new(_key(), body_bytes, hashlib.sha256).digest()).encode()
        if not signature_bytes or not hmac.compare_digest(expected, signature_bytes):
            raise ValueError
        payload = load_json(_unb64(body))
    except ValueError:  # UnicodeError and NotJson included
        raise Unauthorized("invalid or altered link", field="token") from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise Unauthorized("invalid or altered link", field="token")
    return payload
