"""Secrets a company gives the product for its sign-in and bot-check providers: straight into
Secrets Manager, never into settings, never echoed back."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import parse_body
from chalicelib.companies.http import admin_company
from chalicelib.errors import NotFound

bp = Blueprint(__name__)


@bp.route("/admin/bot-check/secret", methods=["PUT"])
def put_bot_check_secret():
    """The bot-check provider's secret key, straight into Secrets Manager (never into settings,
    never echoed back)."""
    from chalicelib.auth.botcheck import store_secret
    from chalicelib.auth.schema import SecretBody

    company = admin_company(bp.current_request)
    store_secret(company, parse_body(bp.current_request, SecretBody).secret)
    return Response(body="", status_code=204)


@bp.route("/admin/identity-providers/{provider}/secret", methods=["PUT"])
def put_identity_provider_secret(provider: str):
    """The company's client secret at LinkedIn or Facebook, straight into Secrets Manager."""
    from chalicelib.auth.oidc_flow import PROVIDERS, store_client_secret
    from chalicelib.auth.schema import SecretBody

    company = admin_company(bp.current_request)
    if provider not in PROVIDERS:
        raise NotFound("no such provider", field="provider")
    store_client_secret(company, provider, parse_body(bp.current_request, SecretBody).secret)
    return Response(body="", status_code=204)
