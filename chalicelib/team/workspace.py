"""Sign in to the hiring console through the company's workspace OpenID provider (Google
Workspace or Microsoft Entra ID), configured in settings `workspace_sign_in` (issuer, client id,
allowed domain; companies/schema.py WorkspaceSignIn), the client secret in Secrets Manager.

The authorization-code flow is the candidates' (auth/oidc_flow.py): state and nonce kept ten
minutes, single use, bound to the browser that began it, PKCE. The provider's endpoints and
keys come from its OpenID discovery document at the configured issuer (whose own `issuer` must
be that issuer). The ID token's signature, issuer, audience (the company's client), expiry and
nonce are checked; then only an address the provider marks `email_verified`, in the allowed
domain (for Google also its Workspace `hd` claim: a personal Google account made with a work
address has none), and only an invited member's (`service.sign_in_verified`), gets a session.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from chalicelib.auth import oidc, oidc_flow
from chalicelib.aws import secrets
from chalicelib.config import get_settings
from chalicelib.errors import Forbidden, NotFound, Unauthorized
from chalicelib.team import roles
from chalicelib.team.actors import Actor
from chalicelib.team.service import Session, console_url, sign_in_verified

FLOW = "workspace"
DISCOVERY_SECONDS = 3600


@dataclass(frozen=True)
class Endpoints:
    authorize: str
    token: str
    jwks: str


def secret_name(company: str) -> str:
    return f"candidate-connect-{get_settings().stage}-workspace-sign-in/{company}"


def store_secret(actor: Actor, secret: str) -> None:
    """The client secret at the company's workspace provider, straight into Secrets Manager."""
    actor.require(roles.SETTINGS)
    secrets.put(secret_name(actor.company), secret)


def redirect_uri(company: str) -> str:
    return console_url(company, "sign-in/workspace/callback")


_DISCOVERED: dict[str, tuple[float, Endpoints]] = {}


def _discover(issuer: str, label: str) -> Endpoints:
    """The issuer's OpenID discovery document, cached per container for an hour."""
    cached = _DISCOVERED.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}), timeout=10) as response:  # noqa: S310
            document = json.loads(response.read(200_000))
    except (urllib.error.URLError, TimeoutError, ValueError):
        raise oidc_flow.ProviderUnavailable(f"{label} could not be reached; try again", field="provider") from None
    fields = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if (not isinstance(document, dict) or document.get("issuer") != issuer
            or not all(isinstance(document.get(f), str) and document[f].startswith(("https://", "http://127.0.0.1")) for f in fields)):
        raise oidc_flow.ProviderUnavailable(f"{label}'s sign-in is not set up as expected; tell an admin", field="provider")
    endpoints = Endpoints(document["authorization_endpoint"], document["token_endpoint"], document["jwks_uri"])
    _DISCOVERED[issuer] = (time.monotonic() + DISCOVERY_SECONDS, endpoints)
    return endpoints


def reset() -> None:
    _DISCOVERED.clear()


def _configured(company):
    config = company.settings.workspace_sign_in
    if config is None:
        raise NotFound(f"{company.name} has no workspace sign-in", field="provider")
    return config


def begin(company) -> oidc_flow.Started:
    """Where to send the browser (the provider's authorization endpoint), and its binding."""
    config = _configured(company)
    endpoints = _discover(config.issuer, config.name)
    # Hints only (the callback checks): Google offers the accounts of this domain.
    hints = {"hd": config.allowed_domain} if config.provider == "google" else {}
    return oidc_flow.start(company.slug, FLOW, endpoints.authorize, config.client_id, redirect_uri(company.slug),
                           scope="openid email profile", extra_query={**hints, "prompt": "select_account"})


def complete(company, params: dict, browser_binding: str | None) -> Session:
    """The provider sent the browser back: a verified address of the allowed domain, an invited
    member's, gets a session; anything else is refused and signs nobody in."""
    config = _configured(company)
    if params.get("error"):
        raise Unauthorized(f"the {config.name} sign-in was cancelled", field="provider")
    code = params.get("code")
    flow = oidc_flow.returned(company.slug, FLOW, code, params.get("state"), browser_binding)
    secret = secrets.get(secret_name(company.slug))
    if secret is None:
        raise oidc_flow.ProviderUnavailable(f"{config.name} sign-in is not set up for {company.name} yet", field="provider")
    endpoints = _discover(config.issuer, config.name)
    id_token = oidc_flow.exchange(config.name, company.slug, endpoints.token, code, flow, config.client_id, secret,
                                  redirect_uri(company.slug))
    claims = oidc.verify_claims(config.name, id_token, endpoints.jwks, config.issuer, config.client_id, flow["nonce"])
    email = oidc.checked_email(config.name, claims)
    if not oidc.email_verified(claims):
        raise Forbidden(f"{config.name} has not verified this address; sign in by email instead", field="email")
    domain = email.rsplit("@", 1)[1]
    if domain != config.allowed_domain or (config.provider == "google" and claims.get("hd") != config.allowed_domain):
        raise Forbidden(f"only {config.allowed_domain} accounts sign in here", field="email")
    return sign_in_verified(company.slug, email)
