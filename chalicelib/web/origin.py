"""Which site a state-changing request comes from (login CSRF and every other forged form post).

A page on another site can make a browser post a form here (application/x-www-form-urlencoded,
multipart/form-data or text/plain need no CORS preflight) carrying the browser's cookies, or none
to be signed in with: a form holding an attacker's own emailed link signs the victim's browser
into the attacker's dashboard. Browsers say where such a request comes from: `Sec-Fetch-Site`
(every current browser), else `Origin`. Any state-changing request that is not JSON (JSON from
another site needs a preflight that only a company's own origins pass) is refused when either
header names another site. A request with neither header is not from a browser's form (a mail
provider's RFC 8058 one-click unsubscribe, curl) and is let through to the route's own checks.
"""
from __future__ import annotations

from urllib.parse import urlsplit

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# Sec-Fetch-Site values of a request this site's own page made ("none": typed or bookmarked).
OWN = ("same-origin", "none")


def from_another_site(request) -> bool:
    if request.method not in STATE_CHANGING:
        return False
    headers = request.headers or {}
    media_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
    if media_type == "application/json":
        return False
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in OWN
    origin = headers.get("origin")
    if origin is None:
        return False
    from chalicelib.config import get_settings

    return _host(origin) not in _own_hosts(headers.get("host"), get_settings().public_api_url)


def _host(url: str) -> str | None:
    # "null" (a sandboxed frame, a data: URL, a redirect across sites) names no site: not ours.
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return parts.netloc.lower() if parts.scheme in ("http", "https") and parts.netloc else None


def _own_hosts(host_header: str | None, public_url: str | None) -> set[str]:
    hosts = {host_header.strip().lower()} if host_header else set()
    if public_url:
        public = _host(public_url)
        if public:
            hosts.add(public)
    return hosts
