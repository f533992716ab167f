from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.companies.http import admin_company, admin_key

bp = Blueprint(__name__)


def _settings_view(company: Company) -> dict:
    from chalicelib.companies.service import Company

    return {"company": company.slug, "name": company.name, "settings": company.settings.model_dump(mode="json")}


@bp.route("/admin/settings", methods=["GET"])
def get_settings():
    from chalicelib.companies.service import load_company

    return json_response(_settings_view(load_company(admin_company(bp.current_request))))


@bp.route("/admin/settings", methods=["PUT"])
def put_settings():
    from chalicelib.companies.schema import CompanySettings
    from chalicelib.companies.service import replace_settings

    company = admin_company(bp.current_request)
    settings = parse_body(bp.current_request, CompanySettings)
    return json_response(_settings_view(replace_settings(company, settings)))


@bp.route("/admin/templates/{name}/preview", methods=["POST"])
def preview_template(name: str):
    from chalicelib.companies.schema import EmailTemplate
    from chalicelib.companies.templates import preview

    company = admin_company(bp.current_request)
    draft = parse_body(bp.current_request, EmailTemplate) if bp.current_request.raw_body else None
    return json_response(preview(company, name, draft))
