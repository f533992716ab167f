from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, parse_body
from chalicelib.companies.http import admin_company

bp = Blueprint(__name__)


@bp.route("/admin/integrations/linkedin", methods=["GET"])
def get_linkedin_integration():
    from chalicelib.linkedin.integration import view

    return json_response(view(admin_company(bp.current_request)))


@bp.route("/admin/integrations/linkedin", methods=["PUT"])
def put_linkedin_integration():
    from chalicelib.linkedin.integration import configure
    from chalicelib.linkedin.schema import IntegrationRequest

    company = admin_company(bp.current_request)
    return json_response(configure(company, parse_body(bp.current_request, IntegrationRequest)))


@bp.route("/linkedin/webhook/{company}", methods=["GET"])
def linkedin_webhook_handshake(company: str):
    """LinkedIn's validation of the job application webhook (GET ?challengeCode&applicationId)."""
    return _handshake(company)


@bp.route("/linkedin/webhook/{company}/jobs/{job_id}", methods=["GET"])
def linkedin_job_webhook_handshake(company: str, job_id: str):
    """The validation handshake on a job's own webhook URL (the one each posting registers)."""
    return _handshake(company)


@bp.route("/linkedin/webhook/{company}/jobs/{job_id}", methods=["POST"], content_types=["application/json"])
def linkedin_job_application(company: str, job_id: str):
    """An application LinkedIn collected for this job: signed, stored once, 200."""
    from chalicelib.linkedin.applications import deliver

    request = bp.current_request
    client = ((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"
    return json_response(deliver(company, job_id, request.raw_body or b"", request.headers.get("x-li-signature"), client))


def _handshake(company: str):
    from chalicelib.linkedin.integration import answer_challenge

    params = bp.current_request.query_params or {}
    return json_response(answer_challenge(company, params.get("challengeCode"), params.get("applicationId")))
