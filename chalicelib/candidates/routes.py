from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.jsonsafe import NotJson, load_json

bp = Blueprint(__name__)


@bp.route("/companies/{company}/connections", methods=["POST"])
def post_connection(company: str):
    from chalicelib.candidates.schema import ApplicationConnectRequest, ConnectRequest, SocialConnectRequest
    from chalicelib.candidates.service import connect, connect_after_applying, connect_with_identity

    request = bp.current_request
    source = declared_source(request)
    if source == "application":
        result = connect_after_applying(company, parse_body(request, ApplicationConnectRequest))
    elif source not in (None, "email"):
        result = connect_with_identity(company, parse_body(request, SocialConnectRequest))
    else:
        result = connect(company, parse_body(request, ConnectRequest))
    body = {"candidate_id": result.candidate_id, "status": result.status}
    if result.access_token:
        body["access_token"] = result.access_token
    return json_response(body, status=201)


def declared_source(request):
    """How the body says the candidate identifies: typed email (default), a provider sign-in, or
    an application just made."""
    try:
        return load_json(request.raw_body or b"{}").get("source")
    except (NotJson, AttributeError):
        return None  # parse_body then names the problem


# Browser preflights. The CORS headers themselves come from the HTTP middleware, per company.
@bp.route("/companies/{company}/connect", methods=["OPTIONS"])
@bp.route("/companies/{company}/connections", methods=["OPTIONS"])
def preflight(company: str):
    return Response(body="", status_code=204)
