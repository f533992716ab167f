from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.candidates.schema import ConnectRequest
from chalicelib.candidates.service import connect, connect_form

bp = Blueprint(__name__)


@bp.route("/companies/{company}/connect", methods=["GET"])
def get_connect_form(company: str):
    return json_response(connect_form(company))


@bp.route("/companies/{company}/connections", methods=["POST"])
def post_connection(company: str):
    result = connect(company, parse_body(bp.current_request, ConnectRequest))
    return json_response({"candidate_id": result.candidate_id, "status": result.status}, status=201)


# Browser preflights. The CORS headers themselves come from the HTTP middleware, per company.
@bp.route("/companies/{company}/connect", methods=["OPTIONS"])
@bp.route("/companies/{company}/connections", methods=["OPTIONS"])
def preflight(company: str):
    return Response(body="", status_code=204)
