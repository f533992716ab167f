from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, parse_body
from chalicelib.auth.http import candidate_session
from chalicelib.dashboard.schema import ProfilePatch, SubscriptionRequest
from chalicelib.dashboard.service import dashboard, replace_subscription, update_profile

bp = Blueprint(__name__)


@bp.route("/me", methods=["GET"])
def get_me():
    return json_response(dashboard(candidate_session(bp.current_request)))


@bp.route("/me", methods=["PATCH"])
def patch_me():
    subject = candidate_session(bp.current_request)
    return json_response(update_profile(subject, parse_body(bp.current_request, ProfilePatch)))


@bp.route("/me/subscription", methods=["GET"])
def get_subscription():
    return json_response(dashboard(candidate_session(bp.current_request))["subscription"])


@bp.route("/me/subscription", methods=["PUT"])
def put_subscription():
    subject = candidate_session(bp.current_request)
    return json_response(replace_subscription(subject, parse_body(bp.current_request, SubscriptionRequest)))
