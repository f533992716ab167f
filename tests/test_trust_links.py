"""Issue 7.2: every link in every email opens something that works.

Every email kind the product sends is produced for one candidate; every link in its text and
HTML parts that points at the API is followed (GET, and the page's own form where it has one)
and must answer 2xx. Links elsewhere (a job's apply URL) must be the job's own.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import parse_qs, urlparse

import app as app_module
from chalicelib.matching.digest_schedule import next_due
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext, scheduled_event

LINK = re.compile(r"""https?://[^\s"'<>]+""")


def links_of(email: dict) -> set[str]:
    return {unescape(link).rstrip(".,)") for part in (email["text"], email["html"]) for link in LINK.findall(part)}


def every_email_kind(stack) -> list[dict]:
    """Given a company with consent that lapses and delayed-free rejections, one candidate who
    gets a thank-you, a sign-in link, a job tip, a digest, a consent renewal and a rejection."""
    key = stack.company("acme", {**DEMO_SETTINGS, "consent_months": 1})
    instant = stack.connect_and_confirm(email="ada@example.com")
    weekly = stack.connect_and_confirm(email="weekly@example.com")
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "weekly"}, token=weekly)
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.publish()
    stack.drain()
    app_module.digest_sender(scheduled_event(next_due("weekly", "UTC", datetime.now(timezone.utc))), LambdaContext("digest"))
    app_module.consent_keeper(scheduled_event(datetime.now(timezone.utc) + timedelta(days=20)), LambdaContext("consent"))
    job_id = stack.request("GET", "/admin/jobs", token=key).body["jobs"][0]["id"]
    applied = stack.request("POST", f"/companies/acme/jobs/{job_id}/applications",
                            {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}, token=instant).body
    stack.request("POST", f"/admin/applications/{applied['application_id']}/status", {"status": "rejected"}, token=key)
    stack.drain()
    return stack.outbox()


def test_every_link_of_every_email_kind_answers_2xx(stack):
    emails = every_email_kind(stack)
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    sign_in = next(link for link in links_of(stack.emails_to("ada@example.com", kind="sign-in")[-1]) if "token=" in link)
    cookie = stack.signed_in_cookie("acme", parse_qs(urlparse(sign_in).query)["token"][0])
    subjects = {e["subject"].split(" ")[0] for e in emails}
    assert len(emails) >= 6, [e["subject"] for e in emails]
    api = urlparse(os.environ["PUBLIC_API_URL"])
    followed = 0
    for email in emails:
        for link in links_of(email):
            url = urlparse(link)
            if url.netloc != api.netloc:
                assert link == "https://careers.acme.example/jobs/1", link  # the job's own apply URL
                continue
            path = url.path.removeprefix(api.path) + (f"?{url.query}" if url.query else "")
            page = stack.request("GET", path, headers={"Accept": "text/html"})
            if path == "/companies/acme/dashboard":
                # "Manage your preferences" in every footer (issue 18.4) opens the dashboard where
                # the recipient is signed in, and offers a sign-in link where they are not
                assert page.status == 401 and '<a href="sign-in">' in page.body, (email["subject"], page.status, page.body)
                signed_in = stack.request("GET", path, headers={"Accept": "text/html", "Cookie": cookie})
                assert signed_in.status == 200 and "Hi Ada" in signed_in.body, (email["subject"], signed_in.status)
                followed += 1
                continue
            assert 200 <= page.status < 300, (email["subject"], link, page.status, page.body)
            followed += 1
    assert followed >= 6, subjects


def test_the_default_sign_in_page_confirms_with_a_button_and_never_on_the_get(stack):
    # Given a thank-you email whose link has no company dashboard_url to go to
    stack.company("acme")
    stack.connect()
    stack.drain()
    [email] = stack.outbox()
    link = next(l for l in links_of(email) if "token=" in l)
    path = urlparse(link).path.removeprefix(urlparse(os.environ["PUBLIC_API_URL"]).path) + "?" + urlparse(link).query

    # When a mail scanner opens it, and then the person presses Continue
    scanned = stack.request("GET", path)
    again = stack.request("GET", path)
    token = parse_qs(urlparse(link).query)["token"][0]
    pressed = stack.follow_link("acme", token)
    replayed = stack.follow_link("acme", token)

    # Then the GETs spend nothing, the press confirms the address and opens the dashboard with
    # an HttpOnly session cookie, and the token is single use
    assert scanned.status == 200 and again.status == 200 and '<form method="post"' in scanned.body
    assert pressed.status == 303 and pressed.headers["location"] == "dashboard"
    cookie = pressed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie and "Path=/companies/acme/" in cookie
    opened = stack.request("GET", "/companies/acme/dashboard", headers={"Cookie": cookie.split(";")[0]})
    assert opened.status == 200 and "Hi Ada" in opened.body
    assert replayed.status == 401
    assert stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"][0]["confirmed"] is True


def test_a_link_of_one_company_does_not_open_on_another_companys_page(stack):
    stack.company("acme")
    stack.company("beta")
    stack.connect()
    stack.drain()
    [email] = stack.outbox()
    token = next(l for l in links_of(email) if "token=" in l).split("token=")[1]

    wrong = stack.follow_link("beta", token)
    right = stack.follow_link("acme", token)

    assert wrong.status == 401 and right.status == 303
