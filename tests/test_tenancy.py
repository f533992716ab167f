"""Tenants are walls: nothing of one company is reachable with another's key, token or ids."""
from __future__ import annotations

import copy

from infrastructure.demo import DEMO_SETTINGS
from tests.support import posting


def test_an_admin_key_reads_and_changes_only_its_own_company(stack):
    acme = stack.company("acme")
    beta = stack.company("beta", {**DEMO_SETTINGS, "sender_name": "Beta Careers"})

    changed = copy.deepcopy(DEMO_SETTINGS)
    changed["locations"].append({"id": "oslo", "name": "Oslo"})
    stack.request("PUT", "/admin/settings", changed, token=beta)

    assert stack.request("GET", "/admin/settings", token=beta).body["company"] == "beta"
    acme_settings = stack.request("GET", "/admin/settings", token=acme).body
    assert acme_settings["company"] == "acme"
    assert "oslo" not in {loc["id"] for loc in acme_settings["settings"]["locations"]}


def test_a_key_cannot_be_replayed_under_another_company_name(stack):
    acme = stack.company("acme")
    stack.company("beta")
    _, _, key_id, secret = acme.split(".")

    forged = f"cck.beta.{key_id}.{secret}"

    assert stack.request("GET", "/admin/settings", token=forged).status == 401


def test_jobs_of_one_company_never_reach_another_companys_subscribers(stack):
    # Given both companies use the same department ids, and Ada follows Product at Acme only
    stack.company("acme")
    beta = stack.company("beta")
    stack.connect_and_confirm("acme", email="ada@example.com")

    # When Beta publishes a Product job, through its API and through the queue
    stack.request("POST", "/admin/jobs", posting(external_id="beta-api"), token=beta)
    stack.queue_posting({**posting(external_id="beta-board"), "company": "beta"})
    stack.drain()

    # Then Ada hears nothing: Beta's jobs are Beta's
    assert stack.job_tips_to("ada@example.com") == []


def test_the_same_person_is_a_separate_candidate_at_each_company(stack):
    stack.company("acme")
    stack.company("beta")

    at_acme = stack.connect("acme", email="ada@example.com")
    at_beta = stack.connect("beta", email="ada@example.com")
    stack.drain()

    assert at_acme.body["candidate_id"] != at_beta.body["candidate_id"]
    senders = sorted(e["subject"] for e in stack.emails_to("ada@example.com"))
    assert senders == ["Thanks for connecting with Acme", "Thanks for connecting with Beta"]


def test_a_session_opened_at_one_company_names_only_that_company(stack):
    stack.company("acme")
    stack.company("beta")
    stack.connect("beta", email="ada@example.com")
    stack.drain()

    session = stack.request("POST", "/auth/session", {"token": stack.confirm_token("ada@example.com")})

    assert session.body["company"] == "beta"


def test_connect_validates_against_the_target_companys_catalogue(stack):
    stack.company("acme")
    stack.company("beta", {**DEMO_SETTINGS, "departments": [{"id": "research", "name": "Research", "roles": []}]})

    response = stack.connect("beta", departments=["product"])

    assert response.status == 400 and response.body["error"]["field"] == "departments.0"


def test_an_admin_key_publishes_only_into_its_own_company(stack):
    stack.company("acme")
    beta = stack.company("beta")

    stack.request("POST", "/admin/jobs", posting(external_id="shared-id", title="Beta's"), token=beta)
    stack.publish("acme", external_id="shared-id", title="Acme's", version=1)

    jobs = {(j["company"]["S"], j["job_id"]["S"]): j["title"]["S"] for j in stack.table_items()["JobsTable"]}
    assert jobs == {("beta", "shared-id"): "Beta's", ("acme", "shared-id"): "Acme's"}


def test_every_admin_endpoint_refuses_another_companys_ids_and_lists_only_its_own(stack):
    # Given Acme with a job, a candidate, an application and a key, and Beta's admin key
    acme = stack.company("acme")
    beta = stack.company("beta")
    stack.publish(external_id="job-1")
    stack.connect(email="ada@example.com")
    application_id = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                                   {"email": "g@example.com", "first_name": "G", "last_name": "H"}).body["application_id"]
    acme_rows = stack.request("GET", "/admin/candidates", token=acme).body["candidates"]
    candidate_id = acme_rows[0]["id"]
    acme_key_id = acme.split(".")[2]

    # When Beta's key is used on every admin endpoint that takes an id of Acme's
    by_id = [
        ("GET", "/admin/jobs/job-1", None),
        ("PATCH", "/admin/jobs/job-1", {"status": "closed"}),
        ("GET", "/admin/jobs/job-1/audience", None),
        ("GET", f"/admin/candidates/{candidate_id}", None),
        ("GET", f"/admin/applications/{application_id}", None),
        ("GET", f"/admin/applications/{application_id}/resume", None),
        ("POST", f"/admin/applications/{application_id}/status", {"status": "rejected"}),
        ("POST", f"/admin/api-keys/{acme_key_id}/rotate", None),
        ("DELETE", f"/admin/api-keys/{acme_key_id}", None),
    ]
    statuses = {path: stack.request(method, path, body, token=beta).status for method, path, body in by_id}

    # Then each is a 404, and nothing of Acme's changed
    assert set(statuses.values()) == {404}, statuses
    assert stack.request("GET", f"/admin/applications/{application_id}", token=acme).body["status"] == "new"
    assert stack.request("GET", "/admin/jobs/job-1", token=acme).body["status"] == "published"
    assert stack.request("GET", "/admin/settings", token=acme).status == 200

    # And every list under Beta's key holds only Beta's (nothing)
    assert stack.request("GET", "/admin/jobs", token=beta).body["jobs"] == []
    assert stack.request("GET", "/admin/candidates", token=beta).body["candidates"] == []
    assert stack.request("GET", "/admin/applications", token=beta).body["applications"] == []
    assert stack.request("GET", "/admin/applications?job_id=job-1", token=beta).body["applications"] == []
    assert [k["id"] for k in stack.request("GET", "/admin/api-keys", token=beta).body["api_keys"]] == [beta.split(".")[2]]
    assert stack.request("POST", "/admin/templates/connect/preview", token=beta).body["subject"] == "Thanks for connecting with Beta"


def test_no_admin_endpoint_answers_without_a_key(stack):
    stack.company("acme")
    endpoints = [
        ("GET", "/admin/settings"), ("PUT", "/admin/settings"), ("GET", "/admin/api-keys"), ("POST", "/admin/api-keys"),
        ("POST", "/admin/api-keys/x/rotate"), ("DELETE", "/admin/api-keys/x"), ("GET", "/admin/jobs"), ("POST", "/admin/jobs"),
        ("GET", "/admin/jobs/x"), ("PATCH", "/admin/jobs/x"), ("GET", "/admin/jobs/x/audience"), ("GET", "/admin/candidates"),
        ("GET", "/admin/candidates/x"), ("GET", "/admin/applications"), ("GET", "/admin/applications/x"),
        ("GET", "/admin/applications/x/resume"), ("POST", "/admin/applications/x/status"), ("POST", "/admin/templates/connect/preview"),
    ]
    for method, path in endpoints:
        assert stack.request(method, path, {}).status == 401, (method, path)


def test_public_apply_and_connect_after_apply_stay_within_their_company(stack):
    stack.company("acme")
    stack.company("beta")
    stack.publish(external_id="job-1")
    applicant = {"email": "g@example.com", "first_name": "G", "last_name": "H"}
    offer = stack.request("POST", "/companies/acme/jobs/job-1/applications", applicant).body

    at_beta = stack.request("POST", "/companies/beta/jobs/job-1/applications", applicant)
    connect_at_beta = stack.request("POST", "/companies/beta/connections", {
        "source": "application", "application_id": offer["application_id"],
        "application_token": offer["connect_offer"]["application_token"], "departments": ["product"], "consent": True,
    })

    assert at_beta.status == 404
    assert connect_at_beta.status == 404
    assert stack.emails_to("g@example.com") == []
