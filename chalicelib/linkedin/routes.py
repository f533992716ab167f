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
