from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body

bp = Blueprint(__name__)


@bp.route("/auth/session", methods=["POST"])
def post_session():
    from chalicelib.candidates.schema import SessionRequest
    from chalicelib.candidates.service import start_session

    return json_response(start_session(parse_body(bp.current_request, SessionRequest).token))


@bp.route("/auth/magic-link", methods=["POST"])
def post_magic_link():
    from chalicelib.candidates.schema import MagicLinkRequest
    from chalicelib.candidates.sign_in import request_magic_link

    request = bp.current_request
    body = parse_body(request, MagicLinkRequest)
    return json_response(request_magic_link(body.company, body.email, body.bot_token), status=202)


@bp.route("/auth/session", methods=["OPTIONS"])
@bp.route("/auth/magic-link", methods=["OPTIONS"])
def preflight():
    return Response(body="", status_code=204)
