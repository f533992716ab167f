"""The hiring team's console, its team operations (issue 16): each member's notifications of new
applications (an email each, a daily digest, or none), sign-in through the company's workspace
OpenID provider, and the operator's first admin."""
from __future__ import annotations

import time

import os
import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import pytest

import app as app_module
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext, scheduled_event
from tests.support import cookie_pairs
from tests.test_console_team import FORM, HTML, join

APPLICANT = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}


def choose(stack, cookie: str, choice: str) -> None:
    """The member's own choice, made on their notifications screen (a form with its CSRF field)."""
    page = stack.request("GET", "/console/acme/notifications", headers={**HTML, "Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)
    saved = stack.request("POST", "/console/acme/notifications", raw=f"csrf={csrf}&notifications={choice}".encode(),
                          headers={**FORM, "Cookie": cookie})
    assert saved.status == 303 and saved.headers["location"] == "notifications?done=saved", saved.body


def apply(stack, job="job-1", **fields) -> str:
    response = stack.request("POST", f"/companies/acme/jobs/{job}/applications", {**APPLICANT, **fields})
    assert response.status == 201, response.body
    return response.body["application_id"]


def news_to(stack, address: str) -> list[dict]:
    return [e for e in stack.emails_to(address) if e["subject"].startswith(("New application", "Ny ansökan"))]


def digests_to(stack, address: str) -> list[dict]:
    return [e for e in stack.emails_to(address) if "to your jobs at" in e["subject"] or "till dina jobb" in e["subject"]]


def fire_digests(at: datetime) -> None:
    app_module.team_digests(scheduled_event(at), LambdaContext("team_digests"))


def assign(company: str, job_id: str, member_ids: list[str]) -> None:
    # (The applications screen assigns members; here the same use case, as an admin would.)
    from chalicelib.jobs.assignments import assign_to_job
    from chalicelib.team.actors import system_actor

    assign_to_job(system_actor(company, "test"), job_id, member_ids)


def member_id(stack, key: str, email: str) -> str:
    return next(m["id"] for m in stack.request("GET", "/admin/members", token=key).body["members"] if m["email"] == email)


# -- an email for each new application --------------------------------------------------

def test_a_member_who_chose_each_gets_one_email_per_application_with_its_console_link(stack):
    # Given Acme's recruiter Grace chose an email for each application, and its admin Ada none
    key = stack.company("acme")
    assert stack.publish("acme").status == 201
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    join(stack, key, "ada.admin@example.com", "admin", "Ada Admin")
    choose(stack, grace, "each")
    # When someone applies to a job nobody is assigned to, and the stream delivers every record
    # twice (at least once, as Lambda does)
    stack.pump.deliveries = 2
    application_id = apply(stack)
    stack.drain()
    stack.pump.deliveries = 1
    # Then Grace gets exactly one email, naming the applicant and the job, linking to the
    # console's application screen
    [news] = news_to(stack, "grace@example.com")
    assert news["subject"] == "New application for Front End Developer"
    assert "Ada Lovelace applied for Front End Developer" in news["text"]
    assert f"/console/acme/applications/{application_id}" in news["text"]
    assert f'href="http' in news["html"] and f"/console/acme/applications/{application_id}" in news["html"]
    # And the admin, who chose none, gets nothing
    assert news_to(stack, "ada.admin@example.com") == []


def test_an_assigned_member_hears_about_their_job_and_the_recruiters_no_longer_do(stack):
    # Given a hiring member assigned to job-1 and a recruiter, both wanting every application
    key = stack.company("acme")
    stack.publish("acme")
    stack.publish("acme", external_id="job-2", title="Back End Developer", role="back-end-developer")
    hiring = join(stack, key, "hal@example.com", "hiring", "Hal Hiring")
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    choose(stack, hiring, "each")
    choose(stack, grace, "each")
    assign("acme", "job-1", [member_id(stack, key, "hal@example.com")])
    # When someone applies to each job
    apply(stack, "job-1")
    apply(stack, "job-2", email="bob@example.com", first_name="Bob", last_name="Byte")
    stack.drain()
    # Then the assigned member hears of job-1 only, and the recruiter of the unassigned job-2 only
    assert [e["subject"] for e in news_to(stack, "hal@example.com")] == ["New application for Front End Developer"]
    assert [e["subject"] for e in news_to(stack, "grace@example.com")] == ["New application for Back End Developer"]


def test_the_email_is_in_the_members_language_and_a_changed_choice_stops_it(stack):
    # Given a Swedish-speaking recruiter who chose an email each
    key = stack.company("acme")
    stack.publish("acme")
    karin = join(stack, key, "karin@example.com", "recruiter", "Karin Larsson")
    stack.request("PATCH", f"/admin/members/{member_id(stack, key, 'karin@example.com')}", {"language": "sv"}, token=key)
    choose(stack, karin, "each")
    # When someone applies
    apply(stack)
    stack.drain()
    # Then her email is in Swedish
    [news] = news_to(stack, "karin@example.com")
    assert news["subject"] == "Ny ansökan till Front End Developer"
    assert "Ada Lovelace har sökt Front End Developer" in news["text"]
    # And once she chooses none, the next application sends her nothing
    choose(stack, karin, "none")
    apply(stack, email="bob@example.com", first_name="Bob", last_name="Byte")
    stack.drain()
    assert len(news_to(stack, "karin@example.com")) == 1


# -- the daily digest -------------------------------------------------------------------

def test_a_daily_member_gets_one_digest_a_day_of_what_is_new_since_the_last(stack):
    # Given a recruiter who chose the daily digest, and two applications to her jobs
    key = stack.company("acme")
    stack.publish("acme")
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    choose(stack, grace, "daily")
    first = apply(stack)
    second = apply(stack, email="bob@example.com", first_name="Bob", last_name="Byte")
    stack.drain()
    # (no email for each application: she chose the digest)
    assert news_to(stack, "grace@example.com") == []
    # When the daily rule fires, and its event is delivered twice (at least once)
    # (EventBridge stamps its events in whole seconds: the rule fires a moment after both applied)
    morning = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=1)
    fire_digests(morning)
    fire_digests(morning)
    stack.drain()
    # Then she gets one digest listing both, each linking to its application screen
    [digest] = digests_to(stack, "grace@example.com")
    assert digest["subject"] == "2 new applications to your jobs at Acme"
    assert "Ada Lovelace, Front End Developer" in digest["text"] and "Bob Byte, Front End Developer" in digest["text"]
    assert f"/console/acme/applications/{first}" in digest["text"] and f"/console/acme/applications/{second}" in digest["text"]
    # And the next day's digest lists only what came after (an application after the rule's moment)
    while datetime.now(timezone.utc) <= morning:
        time.sleep(0.05)
    third = apply(stack, email="cy@example.com", first_name="Cy", last_name="Clock")
    stack.drain()
    fire_digests(morning + timedelta(days=1))
    stack.drain()
    latest = digests_to(stack, "grace@example.com")
    assert len(latest) == 2 and latest[-1]["subject"] == "1 new application to your jobs at Acme"
    assert f"/console/acme/applications/{third}" in latest[-1]["text"] and first not in latest[-1]["text"]
    # And a day with nothing new sends nothing
    fire_digests(morning + timedelta(days=2))
    stack.drain()
    assert len(digests_to(stack, "grace@example.com")) == 2


def test_the_daily_rule_reads_only_the_members_who_chose_the_digest(stack, monkeypatch):
    """What is due is found without reading any application: the rule queues one message per
    daily member (the composer reads that member's jobs by the by-job index)."""
    from chalicelib.applications.models import ApplicationItem

    key = stack.company("acme")
    stack.publish("acme")
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    hal = join(stack, key, "hal@example.com", "hiring", "Hal Hiring")
    choose(stack, grace, "daily")
    choose(stack, hal, "each")
    apply(stack)
    stack.drain()

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the applications table was scanned")

    monkeypatch.setattr(ApplicationItem, "scan", no_scan)
    # When the rule fires (reading no application at all: not even a query)
    with monkeypatch.context() as rule:
        rule.setattr(ApplicationItem, "query", no_scan)
        fire_digests(datetime.now(timezone.utc) + timedelta(minutes=5))
    # Then only Grace's digest is composed and sent (by her jobs' index, never a scan)
    stack.drain()
    assert len(digests_to(stack, "grace@example.com")) == 1 and digests_to(stack, "hal@example.com") == []


def test_a_removed_member_gets_no_digest(stack):
    key = stack.company("acme")
    stack.publish("acme")
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    choose(stack, grace, "daily")
    apply(stack)
    stack.drain()
    assert stack.request("DELETE", f"/admin/members/{member_id(stack, key, 'grace@example.com')}", token=key).status == 200
    fire_digests(datetime.now(timezone.utc) + timedelta(minutes=5))
    stack.drain()
    assert digests_to(stack, "grace@example.com") == []


# -- sign-in through the company's workspace provider -----------------------------------

WORKSPACE_CLIENT = "acme-workspace-client"
WORKSPACE_SECRET = "workspace-secret-of-acme"
TENANT = "3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f"


@pytest.fixture(params=["google", "entra"])
def workspace(request, stack, monkeypatch):
    """A stand-in Google Workspace (or Entra ID tenant) on 127.0.0.1, the settings' issuer its
    own; Acme configured for it, its client secret stored, Grace invited as a recruiter."""
    from chalicelib.runtime import reset_caches
    from tests.standins.oidc_provider import OpenIdProvider

    idp = OpenIdProvider("set below", WORKSPACE_CLIENT, WORKSPACE_SECRET)
    if request.param == "google":
        idp.issuer = idp.base_url
        monkeypatch.setenv("GOOGLE_WORKSPACE_ISSUER", idp.issuer)
    else:
        idp.issuer = f"{idp.base_url}/{TENANT}/v2.0"
        monkeypatch.setenv("ENTRA_AUTHORITY", idp.base_url)
    reset_caches()
    idp.user = {"sub": "ws-1", "email": "grace@acme.example", "email_verified": True, "hd": "acme.example",
                "given_name": "Grace", "family_name": "Hopper"}
    key = stack.company("acme", {**DEMO_SETTINGS, "workspace_sign_in": {
        "provider": request.param, "issuer": idp.issuer, "client_id": WORKSPACE_CLIENT, "allowed_domain": "acme.example"}})
    assert stack.request("PUT", "/admin/workspace-sign-in/secret", {"secret": WORKSPACE_SECRET}, token=key).status == 204
    assert stack.request("POST", "/admin/members", {"email": "grace@acme.example", "name": "Grace Hopper", "role": "recruiter"},
                         token=key).status == 201
    idp.key_of_acme = key
    idp.provider = request.param
    yield idp
    idp.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_workspace(stack):
    start = stack.request("GET", "/console/acme/sign-in/workspace", headers=HTML)
    assert start.status == 303, start.body
    return start


def through_provider(stack, start) -> str:
    """Follow our 303 to the provider, and the provider's 302 back: the callback on our API."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(start.headers["location"], timeout=10)
        raise AssertionError("the provider did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        back = urlparse(redirect.headers["Location"])
    public = urlparse(os.environ["PUBLIC_API_URL"])
    assert back.netloc == public.netloc
    return back.path.removeprefix(public.path) + "?" + back.query


def same_browser(start) -> dict:
    return {**HTML, "Cookie": cookie_pairs(start.headers, "cc_console_oidc")}


def test_an_invited_member_signs_in_with_the_workspace_provider(stack, workspace):
    # Given the sign-in screen offers the company's provider
    page = stack.request("GET", "/console/acme/sign-in", headers=HTML)
    name = "Google" if workspace.provider == "google" else "Microsoft"
    assert f"Sign in with {name}" in page.body and 'href="sign-in/workspace"' in page.body
    swedish = stack.request("GET", "/console/acme/sign-in", headers={**HTML, "Accept-Language": "sv"})
    assert f"Logga in med {name}" in swedish.body
    # When Grace follows it, the provider vouches for her and sends her browser back
    start = start_workspace(stack)
    assert start.headers["location"].startswith(workspace.authorize_url)
    binding = start.headers["set-cookie"]
    assert "HttpOnly" in binding and "Secure" in binding and "SameSite=Lax" in binding
    back = stack.request("GET", through_provider(stack, start), headers=same_browser(start))
    # Then she has a console session (the page links on to the console: a same-site step, so
    # the SameSite=Strict session cookie goes along)
    assert back.status == 200, back.body
    assert "grace@acme.example" in back.body and 'href="../../home"' in back.body
    cookie = cookie_pairs(back.headers, "cc_console")
    assert cookie.startswith("cc_console=") and "SameSite=Strict" in str(back.headers["set-cookie"])
    home = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie})
    assert home.status == 200 and "Grace Hopper" in home.body
    # And the code was exchanged with the company's secret and the flow's PKCE verifier
    assert workspace.token_requests[-1]["client_secret"] == WORKSPACE_SECRET
    assert workspace.token_requests[-1]["code_verifier"]


@pytest.mark.parametrize("who", ["unverified", "other domain", "not invited", "no workspace account"])
def test_only_a_verified_invited_address_of_the_allowed_domain_gets_in(stack, workspace, who):
    user = {
        "unverified": {"email_verified": False},
        "other domain": {"email": "grace@evil.example", "hd": "evil.example"},
        "not invited": {"email": "mallory@acme.example"},
        # A personal Google account made with a work address carries no Workspace domain.
        "no workspace account": {"hd": None},
    }[who]
    if who == "no workspace account" and workspace.provider != "google":
        pytest.skip("the hd claim is Google's")
    workspace.user = {k: v for k, v in {**workspace.user, **user}.items() if v is not None}
    start = start_workspace(stack)
    back = stack.request("GET", through_provider(stack, start), headers=same_browser(start))
    assert back.status == 403, back.body
    assert "cc_console=" not in str(back.headers.get("set-cookie", "")).replace("cc_console_oidc=", "")


def test_the_flow_is_bound_to_the_browser_and_single_use(stack, workspace):
    # A callback completed in another browser (no binding cookie), a forged state, a replay
    start = start_workspace(stack)
    callback = through_provider(stack, start)
    elsewhere = stack.request("GET", callback, headers=HTML)
    forged = stack.request("GET", "/console/acme/sign-in/workspace/callback?code=x&state=forged", headers=same_browser(start))
    start = start_workspace(stack)
    callback = through_provider(stack, start)
    first = stack.request("GET", callback, headers=same_browser(start))
    replay = stack.request("GET", callback, headers=same_browser(start))
    assert first.status == 200
    for answer in (elsewhere, forged, replay):
        assert answer.status == 401, answer.body
        assert "cc_console=" not in str(answer.headers.get("set-cookie", "")).replace("cc_console_oidc=", "")


def test_a_company_without_workspace_sign_in_offers_none_and_settings_name_a_real_issuer(stack):
    key = stack.company("acme")
    assert "Sign in with" not in stack.request("GET", "/console/acme/sign-in", headers=HTML).body
    assert stack.request("GET", "/console/acme/sign-in/workspace", headers=HTML).status == 404
    # An issuer that is not the provider's own (or Entra's shared 'common' endpoint) is refused
    for provider, issuer in (("google", "https://evil.example"), ("entra", "https://login.microsoftonline.com/common/v2.0")):
        refused = stack.request("PUT", "/admin/settings", {**DEMO_SETTINGS, "workspace_sign_in": {
            "provider": provider, "issuer": issuer, "client_id": "c", "allowed_domain": "acme.example"}}, token=key)
        assert refused.status == 400 and "workspace_sign_in" in refused.body["error"]["field"], refused.body
    # And the secret is only ever written, never echoed, and an unknown field is a 400
    assert stack.request("PUT", "/admin/workspace-sign-in/secret", {"secret": "s3cret"}, token=key).status == 204
    assert "s3cret" not in str(stack.table_items())
    assert stack.request("PUT", "/admin/workspace-sign-in/secret", {"secret": "x", "also": 1}, token=key).status == 400
    assert stack.request("PUT", "/admin/workspace-sign-in/secret", {"secret": "x"}).status == 401
