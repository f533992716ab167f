"""The console's signed-in state: an HttpOnly, Secure, SameSite=Strict cookie scoped to the
company's console path, holding an opaque member-session token (stored hashed; 12 hours at most,
30 minutes idle; deleted on sign-out and when the member is removed). Every form carries a CSRF
token derived from the session; the HTTP middleware refuses cross-site form posts before any of
this runs (web/origin.py)."""
from __future__ import annotations

from urllib.parse import quote

COOKIE = "cc_console"


def path(company: str) -> str:
    return f"/console/{quote(company, safe='')}/"


def set_cookie(company: str, token: str, max_age: int) -> str:
    return f"{COOKIE}={token}; Path={path(company)}; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict"


def clear_cookie(company: str) -> str:
    return f"{COOKIE}=; Path={path(company)}; Max-Age=0; HttpOnly; Secure; SameSite=Strict"


# (pages.session is imported when first used: it loads the token store, which a cold start of
# any function importing app.py must not.)
def token(request) -> str | None:
    from chalicelib.pages.session import cookie_value

    return cookie_value(request, COOKIE)


def csrf(request) -> str:
    from chalicelib.pages.session import form_token

    return form_token("console-csrf", token(request) or "")


def check_csrf(request, posted: str | None) -> None:
    from chalicelib.pages.session import check_form_token

    check_form_token(csrf(request), posted)
