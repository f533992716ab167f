"""Issue 7.3: where a company configures a bot check (Cloudflare Turnstile or hCaptcha), its
token is verified on the server against the provider's contract (a stand-in on 127.0.0.1)."""
from __future__ import annotations

import json

import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.standins.bot_verifier import BotVerifier

SECRET = "0x4AAAAAAA-the-companys-secret-key"


@pytest.fixture
def verifier(monkeypatch):
    stand_in = BotVerifier(SECRET)
    monkeypatch.setenv("TURNSTILE_VERIFY_URL", stand_in.url)
    monkeypatch.setenv("HCAPTCHA_VERIFY_URL", stand_in.url)
    from chalicelib.config import get_settings
    get_settings.cache_clear()
    yield stand_in
    stand_in.close()
    get_settings.cache_clear()


def with_bot_check(stack, provider="turnstile", site_key="0x4AAAAAAA-site"):
    key = stack.company("acme", {**DEMO_SETTINGS, "bot_check": {"provider": provider, "site_key": site_key}})
    assert stack.request("PUT", "/admin/bot-check/secret", {"secret": SECRET}, token=key).status == 204
    return key


def test_connect_needs_a_token_the_provider_accepts_once(stack, verifier):
    key = with_bot_check(stack)
    before = stack.records()

    missing = stack.connect()
    forged = stack.connect(bot_token="0.forged")
    assert stack.records() == before
    token = verifier.issue()
    passed = stack.connect(bot_token=token)
    replayed = stack.connect(email="other@example.com", bot_token=token)

    assert missing.status == 403 and missing.body["error"] == {"code": "bot_check_failed", "message": "complete the bot check", "field": "bot_token"}
    assert forged.status == 403 and forged.body["error"]["field"] == "bot_token"
    assert passed.status == 201
    assert replayed.status == 403
    assert {r["secret"] for r in verifier.requests} == {SECRET}
    assert [r["response"] for r in verifier.requests] == ["0.forged", token, token]
    assert all(r["content_type"] == "application/x-www-form-urlencoded" for r in verifier.requests)
    # The secret is in Secrets Manager only: not in any table, not in the settings recruiters read
    assert SECRET not in json.dumps(stack.table_items()) and SECRET not in json.dumps(stack.request("GET", "/admin/settings", token=key).body)


def test_hcaptcha_checks_applications_and_sign_in_links_with_the_site_key(stack, verifier):
    verifier.site_key = "10000000-ffff-ffff-ffff-000000000001"
    with_bot_check(stack, "hcaptcha", verifier.site_key)
    stack.publish()
    applicant = {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}

    refused = stack.request("POST", "/companies/acme/jobs/job-1/applications", applicant)
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {**applicant, "bot_token": verifier.issue()})
    link_refused = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "grace@example.com"})
    link = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "grace@example.com", "bot_token": verifier.issue()})

    assert refused.status == 403 and applied.status == 201
    assert link_refused.status == 403 and link.status == 202
    assert {r["sitekey"] for r in verifier.requests} == {verifier.site_key}


def test_companies_without_a_bot_check_are_not_asked(stack, verifier):
    stack.company("acme")

    assert stack.connect().status == 201
    assert verifier.requests == []


def test_an_unreachable_provider_refuses_without_writing(stack, verifier, monkeypatch):
    with_bot_check(stack)
    verifier.close()
    before = stack.records()

    response = stack.connect(bot_token="0.anything")

    assert response.status == 503 and response.body["error"]["code"] == "bot_check_unavailable"
    assert stack.records() == before
