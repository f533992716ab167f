from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, parse_body
from chalicelib.companies.http import admin_company
from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import Company, load_company, replace_settings

bp = Blueprint(__name__)


def _settings_view(company: Company) -> dict:
    return {"company": company.slug, "name": company.name, "settings": company.settings.model_dump(mode="json")}


@bp.route("/admin/settings", methods=["GET"])
def get_settings():
    return json_response(_settings_view(load_company(admin_company(bp.current_request))))


@bp.route("/admin/settings", methods=["PUT"])
def put_settings():
    company = admin_company(bp.current_request)
    settings = parse_body(bp.current_request, CompanySettings)
    return json_response(_settings_view(replace_settings(company, settings)))
