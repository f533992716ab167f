"""Signing in again later: magic links, with no account enumeration and with rate limits."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse


def _link_token(email: dict) -> str:
    link = re.search(r"https?://\S+token=\S+", email["text"]).group(0)
    return parse_qs(urlparse(link).query)["token"][0]


def test_known_address_gets_a_single_use_sign_in_link(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    response = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "Ada@example.com"})
    stack.drain()

    assert response.status == 202
    [email] = stack.emails_to("ada@example.com", kind="sign-in link")
    token = _link_token(email)
    session = stack.request("POST", "/auth/session", {"token": token})
    assert session.status == 200
    assert stack.request("GET", "/me", token=session.body["access_token"]).body["profile"]["email"] == "ada@example.com"
    assert stack.request("POST", "/auth/session", {"token": token}).status == 401


def test_unknown_address_and_company_get_the_same_answer_and_no_email(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    known = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    unknown = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "nobody@example.com"})
    other_company = stack.request("POST", "/auth/magic-link", {"company": "ghost", "email": "ada@example.com"})
    stack.drain()

    assert known.status == unknown.status == other_company.status == 202
    assert known.body == unknown.body == other_company.body
    assert stack.emails_to("nobody@example.com") == []
    assert len(stack.emails_to("ada@example.com", kind="sign-in link")) == 1


def test_magic_links_are_rate_limited_per_address(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    statuses = [
        stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"}).status for _ in range(7)
    ]
    other = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "bob@example.com"})
    stack.drain()

    assert statuses == [202] * 5 + [429] * 2
    assert other.status == 202
    assert len(stack.emails_to("ada@example.com", kind="sign-in link")) == 5


def test_magic_links_are_rate_limited_per_client(stack):
    stack.company("acme")

    statuses = [
        stack.request("POST", "/auth/magic-link", {"company": "acme", "email": f"person{i}@example.com"}).status
        for i in range(32)
    ]

    assert statuses.count(202) == 30 and statuses[-1] == 429


def test_an_expired_sign_in_link_is_refused(stack, monkeypatch):
    stack.company("acme")
    stack.connect_and_confirm()
    monkeypatch.setenv("MAGIC_LINK_MINUTES", "0")
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()

    [email] = stack.emails_to("ada@example.com", kind="sign-in link")
    assert stack.request("POST", "/auth/session", {"token": _link_token(email)}).status == 401


def test_access_tokens_expire(stack, monkeypatch):
    stack.company("acme")
    monkeypatch.setenv("ACCESS_TOKEN_HOURS", "0")
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    token = stack.connect_and_confirm()

    assert stack.request("GET", "/me", token=token).status == 401
