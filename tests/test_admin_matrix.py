"""Walls for machines (issue 16.3): every /admin route of the app, found from the routes, sent
without a key, with a read-only key, and with another company's key naming our ids."""
from __future__ import annotations

import re

import app as app_module

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def admin_routes() -> list[tuple[str, str]]:
    return sorted((method, path) for path, methods in app_module.app.routes.items() if path.startswith("/admin")
                  for method in methods if method != "OPTIONS")


def _fill(path: str, ids: dict) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: ids.get(m.group(1), "x"), path)


def test_no_admin_route_answers_without_a_key(stack):
    stack.company("acme")
    answers = {(m, p): stack.request(m, _fill(p, {}), {}).status for m, p in admin_routes()}
    assert {route: status for route, status in answers.items() if status != 401} == {}


def test_a_read_only_key_changes_nothing_anywhere(stack):
    key = stack.company("acme")
    read = stack.request("POST", "/admin/api-keys", {"label": "dashboard", "scope": "read"}, token=key).body["key"]
    answers = {(m, p): stack.request(m, _fill(p, {}), {}, token=read).status for m, p in admin_routes() if m in WRITES}
    assert {route: status for route, status in answers.items() if status != 403} == {}


def test_another_companys_key_finds_none_of_our_things_by_id(stack):
    # Given Acme with a job, a candidate, an application, a member and a key; and Beta's key
    acme = stack.company("acme")
    beta = stack.company("beta")
    stack.publish(external_id="job-1")
    stack.connect(email="ada@example.com")
    stack.drain()
    application_id = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                                   {"email": "g@example.com", "first_name": "G", "last_name": "H"}).body["application_id"]
    member = stack.request("POST", "/admin/members", {"email": "grace@example.com", "role": "recruiter"}, token=acme).body
    campaign = stack.request("POST", "/admin/campaigns", {"name": "News", "audience": {"filters": {}},
                                                          "contents": {"en": {"subject": "News", "body": "Hello"}}}, token=acme).body
    ids = {"job_id": "job-1", "application_id": application_id, "member_id": member["id"], "key_id": acme.split(".")[2],
           "campaign_id": campaign["id"],
           "candidate_id": next(c["id"] for c in stack.request("GET", "/admin/candidates", token=acme).body["candidates"] if c["id"])}
    before = stack.records()
    # When Beta's key names each of them on every route that takes an id
    with_ids = [(m, p) for m, p in admin_routes() if set(re.findall(r"\{([a-z_]+)\}", p)) & set(ids)]
    answers = {(m, p): stack.request(m, _fill(p, ids), {}, token=beta).status for m, p in with_ids}
    # Then none is found (a body Beta's schema refuses first is a 400, which also says nothing of ours)
    assert {route: status for route, status in answers.items() if status not in (404, 400)} == {}
    assert stack.records()["CompaniesTable"] == before["CompaniesTable"]
    assert stack.records()["ApplicationsTable"] == before["ApplicationsTable"]
