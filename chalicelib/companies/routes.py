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


@bp.route("/admin/api-keys", methods=["GET"])
def get_api_keys():
    from chalicelib.companies.service import list_api_keys

    return json_response({"api_keys": list_api_keys(admin_company(bp.current_request))})


@bp.route("/admin/api-keys", methods=["POST"])
def post_api_key():
    from chalicelib.companies.schema import NewKey
    from chalicelib.companies.service import create_api_key

    caller = admin_key(bp.current_request)
    body = parse_body(bp.current_request, NewKey) if bp.current_request.raw_body else NewKey()
    return json_response(create_api_key(caller.company, body.label[:100], body.scope, granted_by=caller.scope), status=201)


@bp.route("/admin/api-keys/{key_id}/rotate", methods=["POST"])
def post_rotate(key_id: str):
    from chalicelib.companies.service import rotate_api_key

    return json_response(rotate_api_key(admin_company(bp.current_request), key_id), status=201)


@bp.route("/admin/api-keys/{key_id}", methods=["DELETE"])
def delete_api_key(key_id: str):
    from chalicelib.companies.service import revoke_api_key

    revoke_api_key(admin_company(bp.current_request), key_id)
    return Response(body="", status_code=204)


@bp.route("/admin/templates/{name}/preview", methods=["POST"])
def preview_template(name: str):
    from chalicelib.companies.schema import EmailTemplate
    from chalicelib.companies.templates import preview

    company = admin_company(bp.current_request)
    draft = parse_body(bp.current_request, EmailTemplate) if bp.current_request.raw_body else None
    return json_response(preview(company, name, draft))
