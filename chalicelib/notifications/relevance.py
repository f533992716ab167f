"""The "Was this relevant?" links every categorised email carries (job tips, digests, campaigns).

The mechanism signs them (chalicelib/signing.py), naming the company, the person, the email
(kind and occasion) and the groups it is counted in; the capability that records answers
(chalicelib/feedback/) reads them back with `read`. The answer chosen is a plain query
parameter: the page lets the person pick either anyway.
"""
from __future__ import annotations

from urllib.parse import urlencode

from chalicelib import signing
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import Unauthorized

PURPOSE = "relevance"
PATH = "/relevance"
ANSWERS = ("relevant", "not_relevant")
MAX_GROUPS = 10


def token(company: str, person: str, kind: str, occasion: str, groups: tuple[str, ...] = ()) -> str:
    return signing.sign({"p": PURPOSE, "c": company, "k": person, "n": kind, "o": occasion,
                         "g": list(dict.fromkeys(groups))[:MAX_GROUPS], "t": int(now().timestamp())})


def links(company: str, person: str, kind: str, occasion: str, groups: tuple[str, ...] = ()) -> tuple[str, str]:
    """The two links (relevant, not relevant) for one email to one person."""
    signed = token(company, person, kind, occasion, groups)
    base = f"{get_settings().public_api_url}{PATH}"
    return tuple(f"{base}?{urlencode({'token': signed, 'answer': answer})}" for answer in ANSWERS)  # type: ignore[return-value]


def read(signed: str | None) -> dict:
    """The claims of a genuine link (c, k, n, o, g, t); Unauthorized for an altered one."""
    claims = signing.verify(signed, PURPOSE)
    for name in ("c", "k", "n", "o"):
        if not isinstance(claims.get(name), str) or not claims[name]:
            raise Unauthorized("invalid or altered link", field="token")
    groups = claims.get("g")
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise Unauthorized("invalid or altered link", field="token")
    return claims
