"""Walls in the console (issue 16.3): every console route sent by each role, by another
company's member, with a revoked session and with none, asserting who gets what.

Every console route of the app must be classified in ACCESS (or be one of the doors a stranger
uses, DOORS): a route added without deciding who may use it fails here. The expectations:
- no session, a revoked one, or another company's member's: 303 to the sign-in screen, and
  nothing of ours in the answer;
- a member whose role may not: 403 (or 404 where the thing is not theirs to know of: another
  job's application for a hiring member);
- a member whose role may: neither of those (200 for a screen; a form posted with its CSRF token
  and no fields answers 303 or a 4xx that names its problem, never a refusal of the person).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

import app as app_module

HTML = {"Accept": "text/html"}
FORM = {**HTML, "Content-Type": "application/x-www-form-urlencoded"}

# Who may use a route: "member" (every signed-in member), "recruiter" (admins and recruiters),
# "admin". A hiring member's access to one job's things is checked with ASSIGNED_ONLY below.
ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/console/{company}/home"): "member",
    ("GET", "/console/{company}/notifications"): "member",
    ("POST", "/console/{company}/notifications"): "member",
    ("POST", "/console/{company}/sign-out"): "member",
    ("GET", "/console/{company}/team"): "admin",
    ("POST", "/console/{company}/team"): "admin",
    ("GET", "/console/{company}/applications"): "member",
    ("POST", "/console/{company}/applications"): "member",
    ("GET", "/console/{company}/applications/{application_id}"): "member",
    ("POST", "/console/{company}/applications/{application_id}"): "member",
    ("GET", "/console/{company}/applications/{application_id}/resume"): "member",
    ("GET", "/console/{company}/community"): "recruiter",
    ("GET", "/console/{company}/candidates/{candidate_id}"): "recruiter",
    ("POST", "/console/{company}/segments"): "recruiter",
    ("POST", "/console/{company}/segments/{segment_id}/delete"): "recruiter",
    ("GET", "/console/{company}/jobs"): "recruiter",
    ("GET", "/console/{company}/jobs/new"): "recruiter",
    ("POST", "/console/{company}/jobs/new"): "recruiter",
    ("GET", "/console/{company}/jobs/{job_id}"): "recruiter",
    ("POST", "/console/{company}/jobs/{job_id}"): "recruiter",
    ("GET", "/console/{company}/jobs/{job_id}/publish"): "recruiter",
    ("POST", "/console/{company}/jobs/{job_id}/publish"): "recruiter",
    ("POST", "/console/{company}/jobs/{job_id}/close"): "recruiter",
    ("GET", "/console/{company}/messages"): "recruiter",
    ("GET", "/console/{company}/messages/{name}/{language}"): "recruiter",
    ("POST", "/console/{company}/messages/{name}/{language}"): "recruiter",
    ("GET", "/console/{company}/settings"): "admin",
    ("GET", "/console/{company}/settings/{section}"): "admin",
    ("POST", "/console/{company}/settings/{section}"): "admin",
    ("GET", "/console/{company}/integrations/linkedin"): "admin",
    ("POST", "/console/{company}/integrations/linkedin"): "admin",
    ("GET", "/console/{company}/integrations/linkedin/manage"): "admin",
    ("GET", "/console/{company}/api-keys"): "admin",
    ("POST", "/console/{company}/api-keys"): "admin",
    ("GET", "/console/{company}/campaigns"): "recruiter",
    ("GET", "/console/{company}/campaigns/new"): "recruiter",
    ("POST", "/console/{company}/campaigns/new"): "recruiter",
    ("GET", "/console/{company}/campaigns/{campaign_id}"): "recruiter",
    ("GET", "/console/{company}/campaigns/{campaign_id}/edit"): "recruiter",
    ("POST", "/console/{company}/campaigns/{campaign_id}/edit"): "recruiter",
    ("POST", "/console/{company}/campaigns/{campaign_id}/send"): "recruiter",
    ("POST", "/console/{company}/campaigns/{campaign_id}/schedule"): "recruiter",
    ("POST", "/console/{company}/campaigns/{campaign_id}/cancel"): "recruiter",
}
# Routes about one job's things: a hiring member assigned to another job gets 404.
ASSIGNED_ONLY: set[tuple[str, str]] = {
    ("GET", "/console/{company}/applications/{application_id}"),
    ("POST", "/console/{company}/applications/{application_id}"),
    ("GET", "/console/{company}/applications/{application_id}/resume"),
}
# The doors: what a person without a session uses to get one.
DOORS = {
    ("GET", "/console/{company}"), ("GET", "/console/{company}/sign-in"), ("POST", "/console/{company}/sign-in"),
    ("GET", "/console/{company}/sign-in/link"), ("POST", "/console/{company}/sign-in/link"),
    ("GET", "/console/{company}/invitation"), ("POST", "/console/{company}/invitation"),
    ("GET", "/console/{company}/sign-in/workspace"), ("GET", "/console/{company}/sign-in/workspace/callback"),
    # A branding preview's unsaved colour as a stylesheet: a #rrggbb or nothing, no one's data.
    ("GET", "/console/{company}/preview.css"),
}
RANK = {"hiring": 0, "recruiter": 1, "admin": 2}
NEED = {"member": 0, "recruiter": 1, "admin": 2}


def console_routes() -> set[tuple[str, str]]:
    return {(method, path) for path, methods in app_module.app.routes.items() if path.startswith("/console/") for method in methods}


def test_every_console_route_is_classified():
    unclassified = console_routes() - set(ACCESS) - DOORS
    assert unclassified == set(), "decide who may use these (ACCESS in this file)"


def _session(company: str, email: str, role: str, jobs: tuple[str, ...] = ()) -> str:
    from chalicelib.team.actors import system_actor
    from chalicelib.team.models import MemberItem, get_member
    from chalicelib.team.service import accept_invitation, invitation_link, invite

    member = invite(system_actor(company), {"email": email, "name": email.split("@")[0].title(), "role": role}, send=False)
    if jobs:
        get_member(company, member["id"]).update(actions=[MemberItem.jobs.add(set(jobs))])
    token = parse_qs(urlparse(invitation_link(company, member["id"])).query)["token"][0]
    return accept_invitation(token).token


@pytest.fixture
def world(stack):
    """Acme with one member of each role (the hiring member assigned to job-1), a candidate who
    applied to job-1, a second job; Beta with an admin of its own."""
    key = stack.company("acme")
    stack.company("beta")
    stack.connect_and_confirm(email="ada@example.com")
    stack.publish("acme")
    stack.publish("acme", external_id="job-2", title="Second job")
    stack.drain()
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                            {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"})
    assert applied.status == 201, applied.body
    stack.drain()
    sessions = {role: _session("acme", f"{role}@acme.example", role, ("job-1",) if role == "hiring" else ())
                for role in ("admin", "recruiter", "hiring")}
    sessions["hiring_elsewhere"] = _session("acme", "elsewhere@acme.example", "hiring", ("job-2",))
    sessions["other_company"] = _session("beta", "admin@beta.example", "admin")
    revoked = _session("acme", "revoked@acme.example", "admin")
    from chalicelib.team.service import sign_out

    sign_out(revoked)
    sessions["revoked"] = revoked
    candidate_id = stack.request("GET", "/admin/candidates", token=key).body["candidates"][0]["id"]
    segment = stack.request("POST", "/admin/segments", {"name": "Product people", "filters": {"department": "product"}},
                            token=key)
    assert segment.status == 201, segment.body
    ids = {"campaign_id": _campaign(stack, key), "company": "acme", "candidate_id": candidate_id, "application_id": applied.body["application_id"],
           "job_id": "job-1", "segment_id": segment.body["id"], "name": "connect", "language": "en", "section": "catalogue"}
    return stack, sessions, ids


def _campaign(stack, key: str) -> str:
    body = {"name": "News", "audience": {"filters": {}}, "contents": {"en": {"subject": "News", "body": "Hello"}}}
    created = stack.request("POST", "/admin/campaigns", body, token=key)
    assert created.status == 201, created.body
    return created.body["id"]


def _path(route: str, ids: dict) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: ids.get(m.group(1), "unknown"), route)


def _call(stack, method: str, route: str, ids: dict, token: str | None):
    cookie = {"Cookie": f"cc_console={token}"} if token else {}
    path = _path(route, ids)
    if method == "GET":
        return stack.request("GET", path, headers={**HTML, **cookie})
    csrf = ""
    if token:
        from chalicelib.pages.session import form_token

        csrf = form_token("console-csrf", token)
    return stack.request(method, path, raw=f"csrf={csrf}".encode(), headers={**FORM, **cookie})


def _to_sign_in(response) -> bool:
    return response.status == 303 and response.headers.get("location", "").endswith("sign-in")


def test_each_caller_gets_what_their_role_allows_on_every_console_route(world):
    stack, sessions, ids = world
    wrong = []
    for method, route in sorted(ACCESS):
        if method == "POST" and route.endswith("/sign-out"):
            continue  # signing out is checked apart: it ends the very session the matrix uses
        need = NEED[ACCESS[(method, route)]]
        for caller in ("none", "revoked", "other_company", "hiring", "hiring_elsewhere", "recruiter", "admin"):
            if method == "POST" and "{segment_id}" in route:  # deleting one: each caller gets one to delete
                ids = {**ids, "segment_id": stack.request("POST", "/admin/segments", {"name": f"For {caller}"},
                                                          token=stack._keys["acme"]).body["id"]}
            if method == "POST" and "{campaign_id}" in route:  # sending or cancelling one: a draft each
                ids = {**ids, "campaign_id": _campaign(stack, stack._keys["acme"])}
            response = _call(stack, method, route, ids, sessions.get(caller))
            wrong += _judge(method, route, caller, need, response)
    assert wrong == []


def _judge(method: str, route: str, caller: str, need: int, response) -> list[str]:
    """What is wrong with this answer to this caller, if anything."""
    if caller in ("none", "revoked", "other_company"):
        ok, expected = _to_sign_in(response) and "Ada" not in str(response.body), "303 to sign-in"
    else:
        role = "hiring" if caller.startswith("hiring") else caller
        allowed = RANK[role] >= need and not (caller == "hiring_elsewhere" and (method, route) in ASSIGNED_ONLY)
        if allowed:
            # (the application in this world has no resume: its own page says so with a 404)
            no_resume = route.endswith("/resume") and response.status == 404 and "not one of yours" not in str(response.body)
            ok = response.status < 500 and (response.status not in (401, 403, 404) or no_resume) and not _to_sign_in(response)
            expected = "allowed"
        else:
            ok, expected = response.status in (403, 404), "403/404"
    return [] if ok else [f"{caller} {method} {route}: {response.status}, expected {expected}"]


def test_signing_out_ends_only_the_session_it_is_sent_with(world):
    stack, sessions, ids = world
    out = _call(stack, "POST", "/console/{company}/sign-out", ids, sessions["recruiter"])
    assert out.status == 303
    assert _to_sign_in(_call(stack, "GET", "/console/{company}/home", ids, sessions["recruiter"]))
    assert _call(stack, "GET", "/console/{company}/home", ids, sessions["admin"]).status == 200


def test_a_console_form_without_its_csrf_token_changes_nothing(world):
    stack, sessions, ids = world
    before = stack.request("GET", "/admin/members", token=stack._keys["acme"]).body
    response = stack.request("POST", "/console/acme/team", raw=b"action=remove&member=x",
                             headers={**FORM, "Cookie": f"cc_console={sessions['admin']}"})
    assert response.status == 403
    assert stack.request("GET", "/admin/members", token=stack._keys["acme"]).body == before
