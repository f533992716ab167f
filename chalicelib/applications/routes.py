from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import bearer_token, choice_param, json_response, page_limit, parse_body
from chalicelib.auth.http import candidate_session
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


@bp.route("/companies/{company}/jobs/{job_id}/applications", methods=["POST"])
def post_application(company: str, job_id: str):
    from chalicelib.applications.schema import ApplyRequest
    from chalicelib.applications.service import apply

    request = bp.current_request
    # Signed in (the dashboard's access token): the application joins that candidate at once.
    session = candidate_session(request) if bearer_token(request) else None
    return json_response(apply(company, job_id, parse_body(request, ApplyRequest), session), status=201)


@bp.route("/companies/{company}/jobs/{job_id}/applications", methods=["OPTIONS"])
def preflight_application(company: str, job_id: str):
    return Response(body="", status_code=204)


@bp.route("/admin/applications", methods=["GET"])
def get_applications():
    from chalicelib.applications.schema import STATUSES
    from chalicelib.applications.service import list_applications

    actor = admin_actor(bp.current_request)
    params = bp.current_request.query_params or {}
    status = choice_param(params, "status", STATUSES)
    return json_response(list_applications(actor, params.get("job_id"), status, params.get("cursor"), page_limit(params)))


@bp.route("/admin/applications/status", methods=["POST"])
def post_statuses():
    """Several applications to one status; all or nothing (an unknown id names itself)."""
    from chalicelib.applications.schema import BulkStatusChange
    from chalicelib.applications.service import change_statuses

    actor = admin_actor(bp.current_request)
    return json_response(change_statuses(actor, parse_body(bp.current_request, BulkStatusChange).model_dump()))


@bp.route("/admin/applications/{application_id}", methods=["GET"])
def get_application(application_id: str):
    from chalicelib.applications.service import view

    return json_response(view(admin_actor(bp.current_request), application_id))


@bp.route("/admin/applications/{application_id}/history", methods=["GET"])
def get_history(application_id: str):
    from chalicelib.applications.service import history

    return json_response({"history": history(admin_actor(bp.current_request), application_id)})


@bp.route("/admin/applications/{application_id}/resume", methods=["GET"])
def get_resume(application_id: str):
    from chalicelib.applications.service import resume_link

    return json_response(resume_link(admin_actor(bp.current_request), application_id))


@bp.route("/admin/applications/{application_id}/status", methods=["POST"])
def post_status(application_id: str):
    from chalicelib.applications.schema import StatusChange
    from chalicelib.applications.service import change_status

    actor = admin_actor(bp.current_request)
    return json_response(change_status(actor, application_id, parse_body(bp.current_request, StatusChange).status))


@bp.route("/admin/applications/{application_id}/undo-rejection", methods=["POST"])
def post_undo_rejection(application_id: str):
    """Take a rejection back before the candidate is told (409 once they have been)."""
    from chalicelib.applications.service import undo_rejection

    return json_response(undo_rejection(admin_actor(bp.current_request), application_id))
