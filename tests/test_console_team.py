"""The hiring team's console, its foundation (issue 16.1): members invited by email, signed in
by an emailed link, sessions that end, roles enforced in the use cases, and who did what."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.support import cookie_pairs

HTML = {"Accept": "text/html"}
FORM = {**HTML, "Content-Type": "application/x-www-form-urlencoded"}


def link_in(email: dict, path: str) -> str:
    found = re.search(rf"https?://\S+{re.escape(path)}\?token=[^\s\"<]+", email["text"])
    assert found, email["text"]
    return parse_qs(urlparse(found.group(0)).query)["token"][0]


def invite(stack, key: str, email: str, role: str, name: str = "", company: str = "acme"):
    response = stack.request("POST", "/admin/members", {"email": email, "role": role, "name": name}, token=key)
    assert response.status == 201, response.body
    stack.drain()
    return response.body


def press_continue(stack, company: str, page: str, token: str, extra: str = "") -> object:
    landing = stack.request("GET", f"/console/{company}/{page}?token={quote(token)}", headers=HTML)
    assert landing.status == 200, landing.body
    field = re.search(r'name="continue" value="([^"]+)"', landing.body).group(1)
    cookie = cookie_pairs(landing.headers, "cc_console_continue")
    return stack.request("POST", f"/console/{company}/{page}", raw=f"token={quote(token)}&continue={field}{extra}".encode(),
                         headers={**FORM, "Cookie": cookie})


def join(stack, key: str, email: str, role: str, name: str = "Grace Hopper", company: str = "acme") -> str:
    """Invite, open the emailed invitation, accept: the console cookie ("cc_console=...")."""
    invite(stack, key, email, role, name, company)
    token = link_in(stack.emails_to(email)[-1], "/invitation")
    accepted = press_continue(stack, company, "invitation", token)
    assert accepted.status == 303, accepted.body
    return cookie_pairs(accepted.headers, "cc_console")


def test_an_invited_member_accepts_and_lands_on_the_home_screen(stack):
    # Given an admin API key of Acme
    key = stack.company("acme")
    # When the admin invites Grace as a recruiter and Grace follows the emailed link
    member = invite(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    assert member["state"] == "invited" and member["role"] == "recruiter"
    email = stack.emails_to("grace@example.com")[-1]
    assert "invited you" in email["subject"]
    token = link_in(email, "/invitation")
    landing = stack.request("GET", f"/console/acme/invitation?token={quote(token)}", headers=HTML)
    # Then the page says who is invited as what, and accepting signs her in
    assert "grace@example.com" in landing.body and "Recruiter" in landing.body
    accepted = press_continue(stack, "acme", "invitation", token)
    assert accepted.status == 303
    set_cookie = accepted.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "Secure" in set_cookie and "Path=/console/acme/" in set_cookie
    home = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie_pairs(accepted.headers, "cc_console")})
    assert home.status == 200 and "Grace Hopper" in home.body
    # And the link works once
    again = stack.request("GET", f"/console/acme/invitation?token={quote(token)}", headers=HTML)
    assert again.status == 401
    assert stack.request("GET", "/admin/members", token=key).body["members"][0]["state"] == "active"


def test_re_inviting_replaces_the_earlier_link(stack):
    key = stack.company("acme")
    member = invite(stack, key, "grace@example.com", "recruiter")
    first = link_in(stack.emails_to("grace@example.com")[-1], "/invitation")
    # When the admin invites her again
    assert stack.request("POST", f"/admin/members/{member['id']}/invitation", token=key).status == 201
    stack.drain()
    second = link_in(stack.emails_to("grace@example.com")[-1], "/invitation")
    # Then only the newest link works
    assert stack.request("GET", f"/console/acme/invitation?token={quote(first)}", headers=HTML).status == 401
    assert press_continue(stack, "acme", "invitation", second).status == 303


def test_without_a_session_every_screen_sends_the_browser_to_sign_in(stack):
    stack.company("acme")
    response = stack.request("GET", "/console/acme/home", headers=HTML)
    assert response.status == 303 and response.headers["location"] == "./sign-in"


def test_sign_in_by_emailed_link_and_sign_out_ends_the_session_server_side(stack):
    key = stack.company("acme")
    join(stack, key, "grace@example.com", "recruiter")
    # When Grace asks for a sign-in link and follows it
    asked = stack.request("POST", "/console/acme/sign-in", raw=b"email=Grace%40Example.com", headers=FORM)
    assert asked.status == 200 and "sign-in link is on its way" in asked.body
    stack.drain()
    token = link_in(stack.emails_to("grace@example.com", kind="sign-in link")[-1], "/sign-in/link")
    signed = press_continue(stack, "acme", "sign-in/link", token)
    assert signed.status == 303
    cookie = cookie_pairs(signed.headers, "cc_console")
    home = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie})
    assert home.status == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.body).group(1)
    # And signs out
    out = stack.request("POST", "/console/acme/sign-out", raw=f"csrf={csrf}".encode(), headers={**FORM, "Cookie": cookie})
    assert out.status == 303
    # Then the old cookie opens nothing
    assert stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie}).status == 303


def test_an_unknown_address_gets_the_same_answer_and_no_email(stack):
    stack.company("acme")
    asked = stack.request("POST", "/console/acme/sign-in", raw=b"email=mallory%40example.com", headers=FORM)
    assert asked.status == 200 and "sign-in link is on its way" in asked.body
    stack.drain()
    assert stack.emails_to("mallory@example.com") == []


def test_removing_a_member_ends_their_session_at_once(stack):
    key = stack.company("acme")
    cookie = join(stack, key, "grace@example.com", "recruiter")
    member_id = stack.request("GET", "/admin/members", token=key).body["members"][0]["id"]
    assert stack.request("DELETE", f"/admin/members/{member_id}", token=key).status == 200
    assert stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie}).status == 303


def test_a_session_ends_after_thirty_idle_minutes_and_after_twelve_hours(stack, monkeypatch):
    from datetime import timedelta

    from chalicelib.auth import tokens
    from chalicelib.db import now as real_now

    key = stack.company("acme")
    cookie = join(stack, key, "grace@example.com", "recruiter")
    headers = {**HTML, "Cookie": cookie}
    # 29 minutes later it still works (and counts as use)...
    monkeypatch.setattr(tokens, "now", lambda: real_now() + timedelta(minutes=29))
    assert stack.request("GET", "/console/acme/home", headers=headers).status == 200
    # ...31 minutes after that last use, it does not
    monkeypatch.setattr(tokens, "now", lambda: real_now() + timedelta(minutes=61))
    assert stack.request("GET", "/console/acme/home", headers=headers).status == 303
    # And a session used every few minutes still ends 12 hours after sign-in
    monkeypatch.setattr(tokens, "now", real_now)
    cookie = join(stack, key, "ada@example.com", "admin", "Ada")
    for minutes in range(20, 12 * 60, 20):
        monkeypatch.setattr(tokens, "now", lambda minutes=minutes: real_now() + timedelta(minutes=minutes))
        assert stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie}).status == 200, minutes
    monkeypatch.setattr(tokens, "now", lambda: real_now() + timedelta(hours=12, minutes=1))
    assert stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie}).status == 303


def test_only_admins_manage_the_team(stack):
    key = stack.company("acme")
    cookie = join(stack, key, "grace@example.com", "recruiter")
    team = stack.request("GET", "/console/acme/team", headers={**HTML, "Cookie": cookie})
    assert team.status == 403
    admin = join(stack, key, "ada@example.com", "admin", "Ada Lovelace")
    team = stack.request("GET", "/console/acme/team", headers={**HTML, "Cookie": admin})
    assert team.status == 200 and "grace@example.com" in team.body
