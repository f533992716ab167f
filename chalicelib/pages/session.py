"""The signed-in state of the pages: an HttpOnly, Secure, SameSite=Lax cookie holding the
candidate's opaque access token (stored hashed, expiring, revoked by erasure), scoped to the
company's path; every form post carries a CSRF token derived from it (HMAC with the link-signing
key), so another site can neither read the session nor post with it."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import quote

from chalicelib import signing
from chalicelib.auth import tokens
from chalicelib.auth.tokens import TokenSubject
from chalicelib.config import get_settings
from chalicelib.errors import Forbidden, Unauthorized

COOKIE = "cc_session"


def cookie(name: str, value: str, company: str, max_age: int, under: str = "") -> str:
    """An HttpOnly, Secure, SameSite=Lax cookie scoped to the company's pages. The path is the
    company's URL segment as browsers send it (percent-encoded): the decoded id a route gets
    could hold what a header may not."""
    path = f"/companies/{quote(company, safe='')}/{under}"
    return f"{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; Secure; SameSite=Lax"


def cookie_header(company: str, access_token: str) -> str:
    return cookie(COOKIE, access_token, company, get_settings().access_token_hours * 3600)


def clear_cookie_header(company: str) -> str:
    return cookie(COOKIE, "", company, 0)


def session_token(request) -> str | None:
    return cookie_value(request, COOKIE)


def signed_in(request, company: str) -> TokenSubject | None:
    token = session_token(request)
    if not token:
        return None
    try:
        subject = tokens.authenticate(token, tokens.ACCESS)
    except Unauthorized:
        return None
    return subject if subject.company == company else None


def form_token(purpose: str, *bound_to: str) -> str:
    """A form's anti-forgery token: an HMAC (the link-signing key) of what the form is bound to,
    a value only this browser holds in an HttpOnly cookie. Another site can neither read the
    cookie nor compute the token, so it cannot post the form for this browser."""
    message = ":".join((purpose, *bound_to)).encode()
    return hmac.new(signing.key(), message, hashlib.sha256).hexdigest()[:40]


def check_form_token(expected: str, posted: str | None) -> None:
    if not posted or not hmac.compare_digest(expected.encode(), posted.encode("ascii", "replace")):
        raise Forbidden("this form has expired; reload the page and try again", field="csrf")


def csrf_token(request) -> str:
    return form_token("csrf", session_token(request) or "")


def check_csrf(request, posted: str | None) -> None:
    check_form_token(csrf_token(request), posted)


# The Continue button of an emailed link signs this browser in. Its form is bound to a random
# value in a cookie set when the link's page was shown here: a form another site makes this
# browser post (a login CSRF with the attacker's own link) carries no such token.
CONTINUE_COOKIE = "cc_continue"


def cookie_value(request, name: str) -> str | None:
    raw = (request.headers or {}).get("cookie")
    if not raw:
        return None
    try:
        morsel = SimpleCookie(raw).get(name)
    except Exception:  # noqa: BLE001 - a malformed cookie header holds nothing
        return None
    return morsel.value if morsel and morsel.value else None


def continue_form(request, company: str, link_token: str) -> tuple[str, dict[str, str]]:
    """The Continue form's token, and the cookie to set (the browser's value, kept if it has one)."""
    value = cookie_value(request, CONTINUE_COOKIE)
    if not value or len(value) > 64 or not value.isascii():
        value = secrets.token_urlsafe(24)
    return _continue_token(value, link_token), {"Set-Cookie": cookie(CONTINUE_COOKIE, value, company, 3600)}


def check_continue(request, link_token: str | None, posted: str | None) -> None:
    value = cookie_value(request, CONTINUE_COOKIE)
    if not value or not link_token:
        raise Forbidden("press Continue on the page of your link", field="continue")
    check_form_token(_continue_token(value, link_token), posted)


def _continue_token(value: str, link_token: str) -> str:
    return form_token("continue", value, hashlib.sha256(link_token.encode("utf-8", "replace")).hexdigest())


# Which address a form's email went to (Connect, sign-in), for the page the form redirects to:
# signed, in an HttpOnly cookie of the company's pages for an hour, never in a URL.
SENT_COOKIE = "cc_sent"


def sent_cookie(company: str, email: str, kind: str) -> str:
    value = signing.sign({"p": "sent", "c": company, "e": email, "k": kind})
    return cookie(SENT_COOKIE, value, company, 3600)


def sent(request, company: str) -> dict | None:
    """{"email", "kind"} of this browser's last Connect or sign-in form at ``company``, or None."""
    value = cookie_value(request, SENT_COOKIE)
    if not value:
        return None
    try:
        claims = signing.verify(value, "sent")
    except Unauthorized:
        return None
    if claims.get("c") != company or not isinstance(claims.get("e"), str):
        return None
    return {"email": claims["e"], "kind": claims.get("k") or "connect"}


def resend_token(request) -> str:
    """The "send it again" form's token, bound to this browser's sent cookie."""
    return form_token("resend", cookie_value(request, SENT_COOKIE) or "")


def already_signed_in_for(request, company: str, link_token: str | None) -> bool:
    """A used emailed link opened again by the browser that is signed in as its candidate."""
    if not link_token or tokens.peek(link_token, tokens.EMAILED) is not None:
        return False
    spent = tokens.spent_by(link_token)
    subject = signed_in(request, company) if spent else None
    return subject is not None and (subject.company, subject.candidate_id) == (spent.company, spent.candidate_id)
