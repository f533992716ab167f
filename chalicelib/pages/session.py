"""The signed-in state of the pages: an HttpOnly, Secure, SameSite=Lax cookie holding the
candidate's opaque access token (stored hashed, expiring, revoked by erasure), scoped to the
company's path; every form post carries a CSRF token derived from it (HMAC with the link-signing
key), so another site can neither read the session nor post with it."""
from __future__ import annotations

import hashlib
import hmac
from http.cookies import SimpleCookie

from chalicelib import signing
from chalicelib.auth import tokens
from chalicelib.auth.tokens import TokenSubject
from chalicelib.config import get_settings
from chalicelib.errors import Forbidden, Unauthorized

COOKIE = "cc_session"


def cookie_header(company: str, access_token: str) -> str:
    max_age = get_settings().access_token_hours * 3600
    return f"{COOKIE}={access_token}; Path=/companies/{company}/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Lax"


def clear_cookie_header(company: str) -> str:
    return f"{COOKIE}=; Path=/companies/{company}/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"


def session_token(request) -> str | None:
    raw = (request.headers or {}).get("cookie")
    if not raw:
        return None
    try:
        jar = SimpleCookie(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no session
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel and morsel.value else None


def signed_in(request, company: str) -> TokenSubject | None:
    token = session_token(request)
    if not token:
        return None
    try:
        subject = tokens.authenticate(token, tokens.ACCESS)
    except Unauthorized:
        return None
    return subject if subject.company == company else None


def csrf_token(request) -> str:
    token = session_token(request) or ""
    return hmac.new(signing.key(), f"csrf:{token}".encode(), hashlib.sha256).hexdigest()[:40]


def check_csrf(request, posted: str | None) -> None:
    if not posted or not hmac.compare_digest(csrf_token(request).encode(), posted.encode("ascii", "replace")):
        raise Forbidden("this form has expired; reload the page and try again", field="csrf")
