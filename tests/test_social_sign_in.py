"""Connect with LinkedIn or Facebook: the ID token is verified against the provider's keys,
which these tests publish themselves from a JWKS endpoint on 127.0.0.1."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from infrastructure.demo import DEMO_SETTINGS

ISSUER = "https://www.linkedin.test/oauth"
CLIENT_ID = "acme-linkedin-client"


class Provider:
    """A stand-in identity provider: an RSA key, its JWKS over HTTP, and tokens signed with it."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.jwks_url = f"http://127.0.0.1:{self.server.server_port}/jwks"

    def token(self, key=None, **claims) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "li-123", "iat": now, "exp": now + 600,
            "email": "ada@example.com", "email_verified": True, "given_name": "Ada", "family_name": "Lovelace",
            **claims,
        }
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def provider(stack, monkeypatch):
    from chalicelib.runtime import reset_caches

    idp = Provider()
    monkeypatch.setenv("LINKEDIN_JWKS_URL", idp.jwks_url)
    monkeypatch.setenv("LINKEDIN_ISSUER", ISSUER)
    reset_caches()
    stack.company("acme", {**DEMO_SETTINGS, "identity_providers": {"linkedin": {"client_id": CLIENT_ID}}})
    yield idp
    idp.server.shutdown()


def connect_with(stack, id_token, **fields):
    body = {"source": "linkedin", "id_token": id_token, "departments": ["product"], "consent": True, **fields}
    return stack.request("POST", "/companies/acme/connections", body)


def test_linkedin_sign_in_connects_a_confirmed_candidate_with_verified_details(stack, provider):
    response = connect_with(stack, provider.token())
    stack.publish()
    stack.drain()

    assert response.status == 201 and response.body["status"] == "connected"
    me = stack.request("GET", "/me", token=response.body["access_token"]).body
    assert me["profile"]["email"] == "ada@example.com" and me["profile"]["first_name"] == "Ada"
    assert me["profile"]["source"] == "linkedin" and me["profile"]["confirmed"] is True
    # Confirmed at once: the very first job tip arrives without a confirmation step.
    assert len(stack.job_tips_to("ada@example.com")) == 1


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda p: p.token(key=rsa.generate_private_key(public_exponent=65537, key_size=2048)), id="wrong-signature"),
        pytest.param(lambda p: p.token(iss="https://evil.test"), id="wrong-issuer"),
        pytest.param(lambda p: p.token(aud="someone-elses-client"), id="wrong-audience"),
        pytest.param(lambda p: p.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200), id="expired"),
        pytest.param(lambda p: p.token(email=None), id="no-email"),
        pytest.param(lambda p: p.token()[:-6] + "AAAAAA", id="tampered"),
    ],
)
def test_bad_id_tokens_are_401_and_write_nothing(stack, provider, make_token):
    before = stack.records()

    response = connect_with(stack, make_token(provider))
    stack.drain()

    assert response.status == 401 and response.body["error"]["field"] == "id_token"
    assert stack.records() == before and stack.outbox() == []


@pytest.mark.parametrize("claim", [False, "False", "false", "yes", 1, "TRUE", None, "absent"])
def test_an_address_the_provider_does_not_verify_is_confirmed_by_email_instead(stack, provider, claim):
    # Given an ID token whose email_verified is anything but true (or absent)
    claims = {"email_verified": claim} if claim != "absent" else {}
    token = provider.token(**claims)
    if claim == "absent":
        import jwt as pyjwt
        payload = pyjwt.decode(token, options={"verify_signature": False})
        payload.pop("email_verified")
        token = pyjwt.encode(payload, provider.key, algorithm="RS256", headers={"kid": "k1"})

    # When it connects
    response = connect_with(stack, token)
    stack.drain()

    # Then no session opens and the address is confirmed by email, like a typed one
    assert response.status == 201 and response.body["status"] == "pending_confirmation", response.body
    assert "access_token" not in response.body
    assert len(stack.emails_to("ada@example.com", kind="Thanks for connecting")) == 1


@pytest.mark.parametrize("claim", [True, "true"])
def test_only_true_or_the_string_true_proves_the_address(stack, provider, claim):
    response = connect_with(stack, provider.token(email_verified=claim))

    assert response.status == 201 and response.body["status"] == "connected" and response.body["access_token"]


def test_a_provider_the_company_has_not_configured_is_refused(stack, provider):
    response = stack.request("POST", "/companies/acme/connections", {
        "source": "facebook", "id_token": provider.token(), "departments": ["product"], "consent": True,
    })

    assert response.status == 400 and response.body["error"]["field"] == "source"


def test_sign_in_body_cannot_also_carry_an_email(stack, provider):
    response = connect_with(stack, provider.token(), email="mallory@example.com")

    assert response.status == 400 and response.body["error"]["field"] == "email"
