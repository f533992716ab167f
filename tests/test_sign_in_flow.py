"""Issue 8: sign in (and connect) with LinkedIn through the OpenID Connect authorization-code
flow run by the server (state, nonce, PKCE; client secret in Secrets Manager), against a stand-in
provider on 127.0.0.1 that issues real signed tokens."""
from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.standins.oidc_provider import OpenIdProvider
from tests.support import cookie_pairs

ISSUER = "https://www.linkedin.test/oauth"
CLIENT_ID = "acme-linkedin-client"
SECRET = "linkedin-client-secret-of-acme"
HTML = {"Accept": "text/html"}
FORM = {"Content-Type": "application/x-www-form-urlencoded", **HTML}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def linkedin(stack, monkeypatch):
    idp = OpenIdProvider(ISSUER, CLIENT_ID, SECRET)
    for name, value in {"LINKEDIN_JWKS_URL": idp.jwks_url, "LINKEDIN_ISSUER": ISSUER,
                        "LINKEDIN_AUTHORIZE_URL": idp.authorize_url, "LINKEDIN_TOKEN_URL": idp.token_url}.items():
        monkeypatch.setenv(name, value)
    from chalicelib.runtime import reset_caches
    reset_caches()
    key = stack.company("acme", {**DEMO_SETTINGS, "identity_providers": {"linkedin": {"client_id": CLIENT_ID}}})
    assert stack.request("PUT", "/admin/identity-providers/linkedin/secret", {"secret": SECRET}, token=key).status == 204
    yield idp
    idp.close()


def through_provider(stack, start_response) -> str:
    """Follow our 303 to the provider, and the provider's 302 back: the callback path on our API."""
    location = start_response.headers["location"]
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(location, timeout=10)
        raise AssertionError("the provider did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        back = redirect.headers["Location"]
    public = urlparse(stack.env.get("PUBLIC_API_URL") or __import__("os").environ["PUBLIC_API_URL"])
    url = urlparse(back)
    assert url.netloc == public.netloc
    return url.path.removeprefix(public.path) + "?" + url.query


def same_browser(start_response) -> dict:
    """The headers of the browser that started the flow: it sends back the binding cookie."""
    return {**HTML, "Cookie": cookie_pairs(start_response.headers, "cc_oidc")}


def test_sign_in_with_linkedin_opens_the_dashboard(stack, linkedin):
    # Given Ada, connected by email
    stack.connect_and_confirm()

    # When she chooses "Sign in with LinkedIn" and the provider sends her back
    start = stack.request("GET", "/companies/acme/sign-in/linkedin", headers=HTML)
    query = parse_qs(urlparse(start.headers["location"]).query)
    callback = through_provider(stack, start)
    done = stack.request("GET", callback, headers=same_browser(start))
    replay = stack.request("GET", callback, headers=same_browser(start))

    # Then the flow used state, nonce and PKCE, the secret went only to the token endpoint, and
    # she is signed in on her dashboard; the same callback cannot be used twice
    assert start.status == 303 and start.headers["location"].startswith(linkedin.authorize_url)
    assert query["code_challenge_method"] == ["S256"] and query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid profile email"] and "client_secret" not in start.headers["location"]
    [exchange] = linkedin.token_requests
    assert exchange["client_secret"] == SECRET and exchange["code_verifier"]
    assert done.status == 303 and done.headers["location"] == "../../dashboard"
    cookie = cookie_pairs(done.headers, "cc_session")
    assert "Hi Ada" in stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body
    assert replay.status == 401
    assert SECRET not in json.dumps(stack.table_items())


def test_connect_with_linkedin_carries_the_choices_and_confirms_at_once(stack, linkedin):
    linkedin.user = {**linkedin.user, "email": "grace@example.com", "given_name": "Grace", "family_name": "Hopper"}

    start = stack.request("POST", "/companies/acme/connect/linkedin",
                          raw=urlencode({"departments": "sales", "roles": "account-executive", "location": "london", "consent": "true"}).encode(), headers=FORM)
    done = stack.request("GET", through_provider(stack, start), headers=same_browser(start))

    assert done.status == 303
    [candidate] = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"]
    assert candidate["email"] == "grace@example.com" and candidate["source"] == "linkedin" and candidate["confirmed"] is True
    assert [d["id"] for d in candidate["departments"]] == ["sales"] and candidate["location"] == "london"


def test_a_wrong_secret_a_forged_state_or_an_unknown_person_signs_nobody_in(stack, linkedin):
    stack.connect_and_confirm()
    forged = stack.request("GET", "/companies/acme/sign-in/linkedin/callback?code=x&state=forged", headers=HTML)

    linkedin.client_secret = "rotated-at-linkedin"
    start = stack.request("GET", "/companies/acme/sign-in/linkedin")
    wrong_secret = stack.request("GET", through_provider(stack, start), headers=same_browser(start))

    linkedin.client_secret = SECRET
    linkedin.user = {**linkedin.user, "email": "stranger@example.com"}
    start = stack.request("GET", "/companies/acme/sign-in/linkedin")
    unknown = stack.request("GET", through_provider(stack, start), headers=same_browser(start))

    for answer in (forged, wrong_secret, unknown):
        # (no session cookie: only the spent flow's binding is cleared)
        assert answer.status in (401, 404) and "cc_session" not in str(answer.headers.get("set-cookie", ""))
