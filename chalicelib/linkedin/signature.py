"""LinkedIn's webhook signatures, in one place (the reference marks their exact format
unverified; see ../shared/reference/linkedin-apply-connect.md).

- The validation handshake, as LinkedIn's webhook guide documents it:
  challengeResponse = hex(HMAC-SHA256(key = the application's client secret, msg = challengeCode)).
- Deliveries carry `X-LI-Signature`. Read here as "hmacsha256=" followed by the hex HMAC-SHA256
  of the body under the child application's client secret. LinkedIn's page says it signs "the
  escaped Unicode version of the request payload": a body with non-ASCII characters is checked
  as received and with them escaped as JSON \\uXXXX (a rewrite of the received bytes, never a
  re-serialization). Public code disagrees on whether the prefix is inside or outside the HMAC:
  both readings (and the bare hex) are accepted, each needing the secret; should LinkedIn's
  answer be known, this module is the one place to narrow it. Compared in constant time, before
  anything parses the body.
"""
from __future__ import annotations

import hashlib
import hmac

PREFIX = "hmacsha256="


def challenge_response(client_secret: str, challenge_code: str) -> str:
    return hmac.new(client_secret.encode(), challenge_code.encode(), hashlib.sha256).hexdigest()


def _hex(client_secret: str, message: bytes) -> str:
    return hmac.new(client_secret.encode(), message, hashlib.sha256).hexdigest()


def sign(client_secret: str, raw_body: bytes) -> str:
    """The product's reading: "hmacsha256=" followed by the hex HMAC of the body."""
    return PREFIX + _hex(client_secret, raw_body)


def readings(client_secret: str, body: bytes) -> list[str]:
    """Every reading of LinkedIn's sentence that public code uses, each needing the secret:
    the prefix before the hex HMAC of the body (ours), the hex HMAC of the prefix and body
    together, and the bare hex HMAC of the body."""
    return [sign(client_secret, body), _hex(client_secret, PREFIX.encode() + body), _hex(client_secret, body)]


def escaped_unicode(raw_body: bytes, upper: bool = False) -> bytes | None:
    """The body as LinkedIn's page says it signs it, "the escaped Unicode version of the request
    payload": every non-ASCII character of the raw text as JSON's \\uXXXX (UTF-16, surrogate
    pairs beyond the BMP). A byte-level rewrite of what arrived, never a re-serialization: for an
    ASCII body it is the body itself. None when the body is not UTF-8."""
    try:
        text = raw_body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.isascii():
        return raw_body
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
        else:
            encoded = char.encode("utf-16-be")
            form = "\\u%04X" if upper else "\\u%04x"
            out.extend(form % int.from_bytes(encoded[i:i + 2], "big") for i in range(0, len(encoded), 2))
    return "".join(out).encode("ascii")


def verify(client_secret: str, raw_body: bytes, header: str | None) -> bool:
    """The signature over the bytes as received, or over their escaped-Unicode form (the same
    bytes when the body is ASCII; hex digits in either case, as the escaping is unverified), in
    any of the readings above; every comparison made, each in constant time. All of them need
    the child application's secret, so accepting each costs nothing in safety and keeps
    applications coming whichever LinkedIn means."""
    if not header or not header.isascii():
        return False
    given = header.strip().lower().encode()
    candidates = [raw_body]
    for upper in (False, True):
        escaped = escaped_unicode(raw_body, upper)
        if escaped is not None and escaped not in candidates:
            candidates.append(escaped)
    matched = False
    for body in candidates:
        for expected in readings(client_secret, body):
            matched |= hmac.compare_digest(expected.encode(), given)
    return matched
