from __future__ import annotations

import json

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.candidates.schema import ConnectRequest, SocialConnectRequest
from chalicelib.candidates.service import connect, connect_form, connect_with_identity

bp = Blueprint(__name__)


@bp.route("/companies/{company}/connect", methods=["GET"])
def get_connect_form(company: str):
    return json_response(connect_form(company))


@bp.route("/companies/{company}/connections", methods=["POST"])
def post_connection(company: str):
    request = bp.current_request
    if is_social(request):
        result = connect_with_identity(company, parse_body(request, SocialConnectRequest))
    else:
        result = connect(company, parse_body(request, ConnectRequest))
    body = {"candidate_id": result.candidate_id, "status": result.status}
    if result.access_token:
        body["access_token"] = result.access_token
    return json_response(body, status=201)


def is_social(request) -> bool:
    """A body naming a sign-in provider as its source, instead of typing an email."""
    try:
        return json.loads(request.raw_body or b"{}").get("source") not in (None, "email")
    except (ValueError, AttributeError):
        return False


# Browser preflights. The CORS headers themselves come from the HTTP middleware, per company.
@bp.route("/companies/{company}/connect", methods=["OPTIONS"])
@bp.route("/companies/{company}/connections", methods=["OPTIONS"])
def preflight(company: str):
    return Response(body="", status_code=204)
