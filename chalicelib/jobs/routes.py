from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, parse_body
from chalicelib.companies.http import admin_company
from chalicelib.jobs.schema import JobPosting
from chalicelib.jobs.service import CREATED, upsert_posting

bp = Blueprint(__name__)


@bp.route("/admin/jobs", methods=["POST"])
def post_job():
    company = admin_company(bp.current_request)
    result = upsert_posting(company, parse_body(bp.current_request, JobPosting), source="api")
    return json_response({"result": result.outcome, "job": result.job}, status=201 if result.outcome == CREATED else 200)
