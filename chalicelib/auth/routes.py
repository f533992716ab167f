from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, parse_body
from chalicelib.candidates.service import start_session
from chalicelib.schema import Strict

bp = Blueprint(__name__)


class SessionRequest(Strict):
    token: str


@bp.route("/auth/session", methods=["POST"])
def post_session():
    return json_response(start_session(parse_body(bp.current_request, SessionRequest).token))
