from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.candidates.service import start_session
from chalicelib.candidates.sign_in import request_magic_link
from chalicelib.schema import Email, Line, Slug, Strict

bp = Blueprint(__name__)


class SessionRequest(Strict):
    token: str


@bp.route("/auth/session", methods=["POST"])
def post_session():
    return json_response(start_session(parse_body(bp.current_request, SessionRequest).token))


class MagicLinkRequest(Strict):
    company: Slug
    email: Email
    bot_token: Line(2048) | None = None


@bp.route("/auth/magic-link", methods=["POST"])
def post_magic_link():
    request = bp.current_request
    body = parse_body(request, MagicLinkRequest)
    return json_response(request_magic_link(body.company, body.email, body.bot_token), status=202)


@bp.route("/auth/session", methods=["OPTIONS"])
@bp.route("/auth/magic-link", methods=["OPTIONS"])
def preflight():
    return Response(body="", status_code=204)
