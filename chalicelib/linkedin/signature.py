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

Cost. A refusal must be cheap: the body is capped before it gets here (MAX_BODY_BYTES), the
header is read once to know which readings it can be (a prefixed header is one HMAC per form, a
bare one two), and the canonical form, the bytes as received, is tried first. Only when that
fails, and only for a body that is not ASCII, are the escaped forms built: one linear pass in C
(a regular expression over the runs of non-ASCII characters, each run escaped by the json
module), at most three times the body's size. So at most six HMACs over at most 3 MiB, and for
the usual ASCII body, one or two over the body itself.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re

PREFIX = "hmacsha256="
# A LinkedIn application is contact fields, answers to the job's questions and the resume as a
# URL (never the file): a few kilobytes. 1 MiB still holds twenty of the longest free-text
# answers LinkedIn is asked to take (5,000 characters) with every character escaped as \\uXXXX.
MAX_BODY_BYTES = 1024 * 1024
_HEX = re.compile(r"[0-9a-f]{64}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


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


def _escape_run(match: re.Match) -> str:
    # A run of non-ASCII characters only: json escapes each as \\uxxxx (surrogate pairs beyond
    # the BMP) and has nothing else in it to escape.
    return json.dumps(match.group())[1:-1]


def _escape_run_upper(match: re.Match) -> str:
    return _escape_run(match).upper().replace("\\U", "\\u")


def escaped_unicode(raw_body: bytes, upper: bool = False) -> bytes | None:
    """The body as LinkedIn's page says it signs it, "the escaped Unicode version of the request
    payload": every non-ASCII character of the raw text as JSON's \\uXXXX (UTF-16, surrogate
    pairs beyond the BMP). A byte-level rewrite of what arrived, never a re-serialization: for an
    ASCII body it is the body itself. None when the body is not UTF-8. Linear, in C."""
    try:
        text = raw_body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.isascii():
        return raw_body
    return _NON_ASCII.sub(_escape_run_upper if upper else _escape_run, text).encode("ascii")


def _matches(client_secret: str, body: bytes, given: str, prefixed: bool) -> bool:
    """The header against this form of the body, in the readings its shape allows."""
    if prefixed:
        return hmac.compare_digest(_hex(client_secret, body), given)
    return (hmac.compare_digest(_hex(client_secret, body), given)
            | hmac.compare_digest(_hex(client_secret, PREFIX.encode() + body), given))


def verify(client_secret: str, raw_body: bytes, header: str | None) -> bool:
    """The signature over the bytes as received, or, failing that, over their escaped-Unicode
    form (hex digits in either case, as the escaping is unverified), in any of the readings
    above, each compared in constant time. All of them need the child application's secret, so
    accepting each costs nothing in safety and keeps applications coming whichever LinkedIn
    means. A body over MAX_BODY_BYTES is never checked (the caller refuses it first)."""
    if not header or not header.isascii() or len(raw_body) > MAX_BODY_BYTES:
        return False
    given = header.strip().lower()
    prefixed = given.startswith(PREFIX)
    given = given.removeprefix(PREFIX)
    if not _HEX.fullmatch(given):
        return False
    if _matches(client_secret, raw_body, given, prefixed):
        return True
    if raw_body.isascii():
        return False
    for upper in (False, True):
        escaped = escaped_unicode(raw_body, upper)
        if escaped is None:
            return False
        if _matches(client_secret, escaped, given, prefixed):
            return True
    return False
