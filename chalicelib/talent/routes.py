from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, page_limit
from chalicelib.companies.http import admin_company
from chalicelib.errors import InvalidInput

bp = Blueprint(__name__)
FILTERS = ("department", "role", "location", "source", "q")


@bp.route("/admin/candidates", methods=["GET"])
def get_candidates():
    from chalicelib.talent.candidates import list_candidates

    company = admin_company(bp.current_request)
    params = bp.current_request.query_params or {}
    unknown = set(params) - {*FILTERS, "cursor", "limit"}
    if unknown:
        raise InvalidInput("unknown filter", field=sorted(unknown)[0])
    filters = {name: params[name] for name in FILTERS if params.get(name)}
    return json_response(list_candidates(company, filters, params.get("cursor"), page_limit(params)))


@bp.route("/admin/candidates/{candidate_id}", methods=["GET"])
def get_candidate(candidate_id: str):
    from chalicelib.talent.candidates import candidate_detail

    return json_response(candidate_detail(admin_company(bp.current_request), candidate_id))
