"""What every HTTP route needs to know about the company it serves."""
from __future__ import annotations

from chalice.app import Request

from chalicelib.api import bearer_token
from chalicelib.errors import NotFound

CORS_METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS"
CORS_HEADERS = "Authorization,Content-Type"


def admin_key(request: Request):
    """The admin API key that signed this request, checked against the scope this route and
    method need (companies/scopes.py): the one door every /admin route goes through."""
    from chalicelib.companies.service import authenticate_admin

    known = getattr(request, "_cc_admin_key", None)
    if known is not None:
        return known  # checked once per request (app.py checks every /admin request first)
    path = (request.context or {}).get("resourcePath") or ""
    key = authenticate_admin(bearer_token(request), request.method, path)
    request._cc_admin_key = key
    return key


def admin_company(request: Request) -> str:
    """The company whose admin API key signed this request; every admin query is scoped by it."""
    return admin_key(request).company


# The candidate's own endpoints are called from the company's dashboard page with a bearer
# token and never with cookies, so any origin may call them: there is no ambient credential
# for another site to ride on.
CANDIDATE_PATHS = ("/auth/", "/me")


def cors_headers(request: Request) -> dict[str, str]:
    """CORS headers for a browser call to a company's public endpoints, from that company's own
    allowed origins. Anything else gets none, so the browser refuses to share the response."""
    from chalicelib.companies.service import load_company

    origin = (request.headers.get("origin") or "").rstrip("/")
    path = (request.context or {}).get("resourcePath", "")
    if origin and path.startswith(CANDIDATE_PATHS):
        return {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": CORS_METHODS,
                "Access-Control-Allow-Headers": CORS_HEADERS, "Access-Control-Max-Age": "600"}
    company = (request.uri_params or {}).get("company")
    if not origin or not company:
        return {}
    try:
        allowed = load_company(company).settings.allowed_origins
    except NotFound:
        return {}
    if origin not in allowed:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": CORS_METHODS,
        "Access-Control-Allow-Headers": CORS_HEADERS,
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }
