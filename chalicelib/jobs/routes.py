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
    from chalicelib.jobs.service import get_job_view, job_etag

    view = get_job_view(admin_actor(bp.current_request), job_id)
    return json_response(view, headers={"ETag": job_etag(view["version"])})


@bp.route("/admin/jobs/{job_id}", methods=["PATCH"])
def patch_job(job_id: str):
    """With If-Match (the ETag GET gave), a job a colleague saved meanwhile is refused (412 with who,
    when and the job now); without it the change applies to the job as it is."""
    from chalicelib.companies.settings import version_from
    from chalicelib.jobs.schema import JobPatch
    from chalicelib.jobs.service import edit_job, job_etag

    request = bp.current_request
    actor = admin_actor(request)
    if_match = (request.headers.get("if-match") or "").strip()
    expected = None if if_match in ("", "*") else version_from(if_match)
    result = edit_job(actor, job_id, parse_body(request, JobPatch), expected)
    return json_response({"result": result.outcome, "job": result.job}, headers={"ETag": job_etag(result.job["version"])})


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
