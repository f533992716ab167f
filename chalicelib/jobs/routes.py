from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import choice_param, json_response, page_limit, parse_body
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


@bp.route("/admin/jobs", methods=["POST"])
def post_job():
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import CREATED, upsert_posting

    actor = admin_actor(bp.current_request)
    result = upsert_posting(actor, parse_body(bp.current_request, JobPosting), source="api")
    return json_response({"result": result.outcome, "job": result.job}, status=201 if result.outcome == CREATED else 200)


@bp.route("/admin/jobs", methods=["GET"])
def get_jobs():
    from chalicelib.jobs.schema import JOB_STATUSES
    from chalicelib.jobs.service import list_jobs

    actor = admin_actor(bp.current_request)
    params = bp.current_request.query_params or {}
    status = choice_param(params, "status", JOB_STATUSES)
    return json_response(list_jobs(actor, status, params.get("cursor"), page_limit(params)))


@bp.route("/admin/jobs/{job_id}", methods=["GET"])
def get_job(job_id: str):
    from chalicelib.jobs.service import get_job_view

    return json_response(get_job_view(admin_actor(bp.current_request), job_id))


@bp.route("/admin/jobs/{job_id}", methods=["PATCH"])
def patch_job(job_id: str):
    from chalicelib.jobs.schema import JobPatch
    from chalicelib.jobs.service import edit_job

    actor = admin_actor(bp.current_request)
    result = edit_job(actor, job_id, parse_body(bp.current_request, JobPatch))
    return json_response({"result": result.outcome, "job": result.job})


@bp.route("/admin/jobs/{job_id}/members", methods=["GET"])
def get_job_members(job_id: str):
    """Who works on the job (the members assigned to it)."""
    from chalicelib.jobs.assignments import members_of_job
    from chalicelib.team.http import admin_actor

    return json_response({"members": members_of_job(admin_actor(bp.current_request), job_id)})


@bp.route("/admin/jobs/{job_id}/members", methods=["PUT"])
def put_job_members(job_id: str):
    """Exactly these members work on the job afterwards."""
    from chalicelib.jobs.assignments import Assignment, assign_to_job
    from chalicelib.team.http import admin_actor

    body = parse_body(bp.current_request, Assignment)
    return json_response({"members": assign_to_job(admin_actor(bp.current_request), job_id, body.member_ids)})
