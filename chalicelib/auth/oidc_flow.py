"""Sign in (or connect) with LinkedIn or Facebook: the OpenID Connect authorization-code flow,
run by the server, with state, nonce and PKCE (S256).

1. `begin`: a random state, nonce and code verifier are kept for ten minutes (hashed state as
   the key, in the tokens table, single use) with where to come back and, when connecting, the
   interests the person chose; the browser goes to the provider's authorization endpoint.
2. `complete`: the provider sends the browser back with `code` and `state`. The state is spent
   (a replay finds nothing), the code is exchanged at the token endpoint with the company's
   client secret (Secrets Manager, never settings) and the verifier; the ID token is verified
   (keys, issuer, audience = the company's client id, expiry, verified email, and the nonce).
Endpoints are settings, so tests and the local stack use a stand-in provider on 127.0.0.1.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets as random_secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.exceptions import DeleteError

from chalicelib.auth.oidc import Identity, verify_id_token
from chalicelib.auth.tokens import TokenItem
from chalicelib.aws import secrets
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import DomainError, InvalidInput, Unauthorized
from chalicelib.observability import logger

PURPOSE = "oidc_state"
LIFETIME = timedelta(minutes=10)
PROVIDERS = ("linkedin", "facebook")


class ProviderUnavailable(DomainError):
    status = 502
    code = "provider_unavailable"


@dataclass(frozen=True)
class Completed:
    identity: Identity
    interests: dict | None


def secret_name(company: str, provider: str) -> str:
    return f"candidate-connect-{get_settings().stage}-oidc/{company}/{provider}"


def store_client_secret(company: str, provider: str, secret: str) -> None:
    secrets.put(secret_name(company, provider), secret)


def redirect_uri(company: str, provider: str) -> str:
    return f"{get_settings().public_api_url}/companies/{company}/sign-in/{provider}/callback"


def _endpoints(provider: str) -> tuple[str, str]:
    settings = get_settings()
    return {
        "linkedin": (settings.linkedin_authorize_url, settings.linkedin_token_url),
        "facebook": (settings.facebook_authorize_url, settings.facebook_token_url),
    }[provider]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hash(state: str) -> str:
    return "oidc#" + hashlib.sha256(state.encode()).hexdigest()


@dataclass(frozen=True)
class Started:
    """Where to send the browser, and the value the browser must keep (a short-lived HttpOnly
    cookie) for the flow to complete: the state is bound to the browser that began it
    (RFC 6749 §10.12, the OAuth security BCP), so a callback completed in another browser (an
    attacker's own sign-in, finished in the victim's) is refused."""

    url: str
    browser_binding: str


def begin(company, provider: str, interests: dict | None = None) -> Started:
    """The provider's authorization endpoint for this company's client, and the browser's binding."""
    client = _client(company, provider)
    authorize, _token = _endpoints(provider)
    return start(company.slug, provider, authorize, client.client_id, redirect_uri(company.slug, provider),
                 scope="openid profile email", keep={"interests": interests})


def start(company_slug: str, flow: str, authorize_url: str, client_id: str, redirect: str, scope: str,
          keep: dict | None = None, extra_query: dict | None = None) -> Started:
    """Any authorization-code flow (a candidate's LinkedIn, a member's workspace provider): the
    state (hashed, single use, ten minutes) with its nonce, PKCE verifier, the browser's binding
    and what to ``keep`` until the callback; the authorization URL to send the browser to."""
    state, nonce, verifier, binding = (random_secrets.token_urlsafe(32) for _ in range(4))
    moment = now()
    TokenItem(
        token_hash=_hash(state), company=company_slug, candidate_id="-", subject=f"{company_slug}#oidc", purpose=PURPOSE,
        created_at=moment, expires_at=moment + LIFETIME,
        payload=json.dumps({**(keep or {}), "provider": flow, "nonce": nonce, "verifier": verifier,
                            "browser": _binding_hash(binding)}),
    ).save()
    query = {
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect,
        "scope": scope, "state": state, "nonce": nonce,
        "code_challenge": _b64(hashlib.sha256(verifier.encode()).digest()), "code_challenge_method": "S256",
        **(extra_query or {}),
    }
    return Started(f"{authorize_url}?{urllib.parse.urlencode(query)}", binding)


def _binding_hash(binding: str) -> str:
    return hashlib.sha256(("oidc-browser:" + binding).encode()).hexdigest()


def complete(company, provider: str, code: str | None, state: str | None, browser_binding: str | None) -> Completed:
    client = _client(company, provider)
    flow = returned(company.slug, provider, code, state, browser_binding)
    secret = secrets.get(secret_name(company.slug, provider))
    if secret is None:
        raise ProviderUnavailable(f"{provider} sign-in is not set up for {company.name} yet", field="provider")
    _authorize, token_url = _endpoints(provider)
    id_token = exchange(provider, company.slug, token_url, code, flow, client.client_id, secret, redirect_uri(company.slug, provider))
    identity = verify_id_token(provider, id_token, client.client_id, nonce=flow["nonce"])
    return Completed(identity, flow.get("interests"))


def returned(company_slug: str, flow_name: str, code: str | None, state: str | None, browser_binding: str | None) -> dict:
    """The provider sent the browser back: the flow's state, spent, and only for the browser that
    began it (what `start` kept, with the nonce and the PKCE verifier)."""
    if not code or not state or len(code) > 2000 or len(state) > 200 or not state.isascii():
        raise Unauthorized("the sign-in did not come back complete; start again", field="state")
    flow = _take_state(company_slug, flow_name, state)
    # Spent either way: a state that came back to the wrong browser is not tried again.
    if not browser_binding or not hmac.compare_digest(_binding_hash(browser_binding), str(flow.get("browser", ""))):
        raise Unauthorized("this sign-in was started in another browser; start again here", field="state")
    return flow


def exchange(label: str, company_slug: str, token_url: str, code: str, flow: dict, client_id: str, secret: str,
             redirect: str) -> str:
    """The authorization code, with the client's secret and the PKCE verifier, for an ID token."""
    form = {
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
        "client_id": client_id, "client_secret": secret, "code_verifier": flow["verifier"],
    }
    request = urllib.request.Request(token_url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (https in production, settings)
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        logger.info("provider refused the code", extra={"company": company_slug, "provider": label, "status": error.code})
        raise Unauthorized(f"{label} did not accept the sign-in; start again", field="code") from None
    except (urllib.error.URLError, TimeoutError, ValueError):
        raise ProviderUnavailable(f"{label} could not be reached; try again", field="provider") from None
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        raise Unauthorized(f"{label} returned no ID token", field="code")
    return id_token


def _client(company, provider: str):
    if provider not in PROVIDERS:
        raise InvalidInput("unknown sign-in provider", field="provider")
    client = getattr(company.settings.identity_providers, provider)
    if client is None:
        raise InvalidInput(f"{company.name} does not offer sign-in with {provider}", field="provider")
    return client


def _take_state(company: str, provider: str, state: str) -> dict:
    try:
        item = TokenItem.get(_hash(state), consistent_read=True)
        item.delete(condition=TokenItem.token_hash.exists())
    except (TokenItem.DoesNotExist, DeleteError):
        raise Unauthorized("this sign-in has expired or was already used; start again", field="state") from None
    flow = json.loads(item.payload or "{}")
    if item.purpose != PURPOSE or item.company != company or flow.get("provider") != provider or item.expires_at <= now():
        raise Unauthorized("this sign-in has expired or was already used; start again", field="state")
    return flow
