"""LinkedIn's webhook signatures, in one place (the reference marks their exact format
unverified; see ../shared/reference/linkedin-apply-connect.md).

- The validation handshake, as LinkedIn's webhook guide documents it:
  challengeResponse = hex(HMAC-SHA256(key = the application's client secret, msg = challengeCode)).
- Deliveries carry `X-LI-Signature`. Read here as "hmacsha256=" followed by the hex HMAC-SHA256
  of the raw body under the child application's client secret. Public code disagrees on whether
  the prefix is inside or outside the HMAC; should LinkedIn's answer differ, this function is the
  one place to change. Always over the raw bytes as received, compared in constant time.
"""
from __future__ import annotations

import hashlib
import hmac

PREFIX = "hmacsha256="


def challenge_response(client_secret: str, challenge_code: str) -> str:
    return hmac.new(client_secret.encode(), challenge_code.encode(), hashlib.sha256).hexdigest()


def sign(client_secret: str, raw_body: bytes) -> str:
    return PREFIX + hmac.new(client_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def verify(client_secret: str, raw_body: bytes, header: str | None) -> bool:
    if not header or not header.isascii():
        return False
    return hmac.compare_digest(sign(client_secret, raw_body).encode(), header.strip().encode())
