"""The recruiter's side: keys, settings, templates, jobs, candidates."""
from __future__ import annotations

import copy

import pytest

from infrastructure.demo import DEMO_SETTINGS


def _with(**changes):
    settings = copy.deepcopy(DEMO_SETTINGS)
    settings.update(changes)
    return settings


# -- API keys ---------------------------------------------------------------------------

def test_api_keys_list_without_secrets_rotate_and_revoke_at_once(stack):
    first = stack.company("acme")

    created = stack.request("POST", "/admin/api-keys", {"label": "job board"}, token=first)
    listed = stack.request("GET", "/admin/api-keys", token=first).body["api_keys"]
    rotated = stack.request("POST", f"/admin/api-keys/{created.body['id']}/rotate", token=first)
    revoked = stack.request("DELETE", f"/admin/api-keys/{first.split('.')[2]}", token=rotated.body["key"])

    assert created.status == 201 and created.body["key"].startswith("cck.acme.")
    assert {k["label"] for k in listed} == {"", "job board"}
    assert all("key" not in k and "hash" not in str(k) for k in listed)
    assert rotated.status == 201 and rotated.body["label"] == "job board"
    assert stack.request("GET", "/admin/settings", token=created.body["key"]).status == 401  # rotated away
    assert revoked.status == 204
    assert stack.request("GET", "/admin/settings", token=first).status == 401  # revoked: at once
    assert stack.request("GET", "/admin/settings", token=rotated.body["key"]).status == 200


def test_the_last_active_key_cannot_be_revoked(stack):
    key = stack.company("acme")

    response = stack.request("DELETE", f"/admin/api-keys/{key.split('.')[2]}", token=key)

    assert response.status == 409 and stack.request("GET", "/admin/settings", token=key).status == 200


# -- settings -------------------------------------------------------------------------

def test_renaming_keeps_ids_and_subscribers_keep_matching(stack):
    key = stack.company("acme")
    stack.connect_and_confirm(departments=["sales"])
    renamed = _with()
    renamed["departments"][2]["name"] = "Revenue"

    response = stack.request("PUT", "/admin/settings", renamed, token=key)
    stack.publish(external_id="ae", title="AE", department="sales", role="account-executive", locations=["london"])
    stack.drain()

    assert response.status == 200
    [tip] = stack.job_tips_to("ada@example.com")
    assert "Revenue" in tip["text"]


@pytest.mark.parametrize("field, remove", [
    ("departments", lambda s: s["departments"].pop(2)),
    ("roles", lambda s: s["departments"][2]["roles"].pop(0)),
    ("locations", lambda s: s["locations"].pop(1)),
])
def test_removing_what_candidates_use_is_refused(stack, field, remove):
    key = stack.company("acme")
    stack.connect(departments=["sales"], roles=["account-executive"], location="london")
    settings = _with()
    remove(settings)

    response = stack.request("PUT", "/admin/settings", settings, token=key)

    assert response.status == 409 and response.body["error"]["field"] == field


def test_removing_what_nobody_uses_is_fine(stack):
    key = stack.company("acme")
    settings = _with(locations=[loc for loc in DEMO_SETTINGS["locations"] if loc["id"] != "berlin"])

    assert stack.request("PUT", "/admin/settings", settings, token=key).status == 200


def test_questions_at_department_and_role_level_are_asked_only_of_those_who_choose_them(stack):
    questions = [
        {"id": "portfolio", "text": "Portfolio link", "type": "text", "level": "role", "role": "product-designer", "required": True},
        {"id": "quota", "text": "Ever carried a quota?", "type": "yes_no", "level": "department", "department": "sales", "required": True},
        {"id": "tools", "text": "Tools", "type": "multiple_choice", "options": ["Figma", "Sketch"], "level": "general"},
    ]
    stack.company("acme", _with(questions=questions))

    designer_without = stack.connect(departments=["product"], roles=["product-designer"])
    designer_with = stack.connect(email="d@example.com", departments=["product"], roles=["product-designer"],
                                  answers=[{"question_id": "portfolio", "value": "https://d.example", "shared": True}])
    developer_answering_sales = stack.connect(email="e@example.com", departments=["product"],
                                              answers=[{"question_id": "quota", "value": True, "shared": True}])
    seller = stack.connect(email="s@example.com", departments=["sales"], answers=[{"question_id": "quota", "value": False, "shared": False}])

    assert designer_without.status == 400 and designer_without.body["error"]["field"] == "answers"
    assert designer_with.status == 201 and seller.status == 201
    assert developer_answering_sales.status == 400 and developer_answering_sales.body["error"]["field"] == "answers.0.question_id"
    bad_level = stack.request("PUT", "/admin/settings", _with(questions=[{"id": "x", "text": "X", "type": "text", "level": "role"}]), token=stack._keys["acme"])
    assert bad_level.status == 400


# -- templates ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["connect", "job_tip", "digest", "magic_link", "rejection", "consent_renewal"])
def test_every_template_has_a_default_that_previews(stack, name):
    key = stack.company("acme")

    preview = stack.request("POST", f"/admin/templates/{name}/preview", token=key)

    assert preview.status == 200 and preview.body["custom"] is False
    assert preview.body["subject"] and preview.body["text"] and preview.body["html"].lstrip().startswith("<!doctype html>")


def test_preview_renders_a_draft_with_sample_data_and_reports_problems(stack):
    key = stack.company("acme")
    draft = {"subject": "Hello {{ candidate.first_name }}", "text": "Job: {{ job.title }}", "html": "<b>{{ job.title }}</b>"}

    ok = stack.request("POST", "/admin/templates/job_tip/preview", draft, token=key)
    broken = stack.request("POST", "/admin/templates/job_tip/preview", {**draft, "html": "<b>\n{{ job.title }</b>"}, token=key)
    escape = stack.request("POST", "/admin/templates/rejection/preview", {**draft, "text": "{{ job.__class__ }}"}, token=key)
    unknown = stack.request("POST", "/admin/templates/newsletter/preview", draft, token=key)

    # (the preview is the email as it would go out: the message inside the frame every email shares)
    assert ok.body["subject"] == "Hello Ada" and ok.body["text"].startswith("Job: Account Executive")
    assert broken.status == 400 and broken.body["error"]["field"] == "html" and "line 2" in broken.body["error"]["message"]
    assert escape.status == 400
    assert unknown.status == 404


# -- jobs -----------------------------------------------------------------------------

def test_jobs_list_get_patch_and_close(stack):
    key = stack.company("acme")
    for i in range(3):
        stack.publish(external_id=f"job-{i}", title=f"Job {i}", status="draft" if i == 2 else "published")

    page = stack.request("GET", "/admin/jobs?limit=2", token=key).body
    rest = stack.request("GET", f"/admin/jobs?limit=2&cursor={page['next_cursor']}", token=key).body
    drafts = stack.request("GET", "/admin/jobs?status=draft", token=key).body
    patched = stack.request("PATCH", "/admin/jobs/job-2", {"status": "published", "title": "Job two"}, token=key)
    closed = stack.request("PATCH", "/admin/jobs/job-0", {"status": "closed"}, token=key)

    assert len(page["jobs"]) == 2 and len(rest["jobs"]) == 1
    assert [j["id"] for j in drafts["jobs"]] == ["job-2"]
    assert patched.body["job"]["status"] == "published" and patched.body["job"]["version"] == 2
    assert closed.body["job"]["status"] == "closed"
    assert stack.request("GET", "/admin/jobs/job-2", token=key).body["title"] == "Job two"
    assert stack.request("GET", "/admin/jobs/nope", token=key).status == 404
    assert stack.request("PATCH", "/admin/jobs/job-1", {"department": "astronomy"}, token=key).status == 400
    assert stack.request("PATCH", "/admin/jobs/job-1", {"version": 9}, token=key).body["error"]["field"] == "version"


def test_audience_before_publishing_equals_the_tips_later_sent(stack):
    key = stack.company("acme")
    stack.connect_and_confirm(email="a@example.com", departments=["product"], location="stockholm")
    stack.connect_and_confirm(email="b@example.com", departments=["product"], work_modes=["remote"])
    token_c = stack.connect_and_confirm(email="c@example.com", departments=["product"])
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "paused": True}, token=token_c)
    stack.connect(email="unconfirmed@example.com", departments=["product"])
    stack.drain()
    stack.publish(status="draft")

    audience = stack.request("GET", "/admin/jobs/job-1/audience", token=key).body
    stack.request("PATCH", "/admin/jobs/job-1", {"status": "published"}, token=key)
    stack.drain()

    tips = [e for e in stack.outbox() if e["subject"].startswith("New job at")]
    assert audience["audience"] == len(tips) == 1
    assert tips[0]["to"] == "a@example.com"


# -- candidates -----------------------------------------------------------------------

def test_candidates_list_filters_pages_and_shows_only_shared_answers(stack):
    key = stack.company("acme")
    stack.connect(email="ada@example.com", departments=["sales"], roles=["account-executive"], location="london",
                  answers=[{"question_id": "visa", "value": True, "shared": True},
                           {"question_id": "linkedin", "value": "https://linkedin.com/in/secret", "shared": False}])
    stack.connect(email="bob@example.com", first_name="Bob", departments=["product"], location="berlin")
    stack.connect(email="cy@example.com", first_name="Cy", departments=["sales"], location="berlin")

    sales = stack.request("GET", "/admin/candidates?department=sales", token=key).body["candidates"]
    by_role = stack.request("GET", "/admin/candidates?role=account-executive", token=key).body["candidates"]
    berlin = stack.request("GET", "/admin/candidates?location=berlin", token=key).body["candidates"]
    text = stack.request("GET", "/admin/candidates?q=BOB", token=key).body["candidates"]
    first_page = stack.request("GET", "/admin/candidates?limit=2", token=key).body
    second_page = stack.request("GET", f"/admin/candidates?limit=2&cursor={first_page['next_cursor']}", token=key).body

    assert {c["email"] for c in sales} == {"ada@example.com", "cy@example.com"}
    assert [c["email"] for c in by_role] == ["ada@example.com"]
    assert {c["email"] for c in berlin} == {"bob@example.com", "cy@example.com"}
    assert [c["email"] for c in text] == ["bob@example.com"]
    assert len(first_page["candidates"]) == 2 and len(second_page["candidates"]) == 1 and second_page["next_cursor"] is None
    ada = next(c for c in sales if c["email"] == "ada@example.com")
    assert ada["answers"] == [{"question_id": "visa", "value": True, "shared": True}]
    assert ada["source"] == "email" and ada["applied"] is False
    assert "secret" not in str(stack.request("GET", f"/admin/candidates/{ada['id']}", token=key).body)
    assert stack.request("GET", "/admin/candidates?colour=red", token=key).status == 400


def test_candidate_detail_shows_applications_and_how_they_came(stack):
    key = stack.company("acme")
    token = stack.connect_and_confirm(email="grace@example.com")
    stack.publish()
    stack.request("POST", "/companies/acme/jobs/job-1/applications", {"email": "grace@example.com", "first_name": "Grace", "last_name": "H"}, token=token)
    [row] = stack.request("GET", "/admin/candidates?source=applied", token=key).body["candidates"]

    detail = stack.request("GET", f"/admin/candidates/{row['id']}", token=key).body

    assert row["applied"] is True and [a["job_id"] for a in detail["applications"]] == ["job-1"]
    assert stack.request("GET", "/admin/candidates/does-not-exist", token=key).status == 404


def test_emails_go_out_under_the_companys_sender_name_and_address(stack):
    import boto3

    boto3.client("sesv2").create_email_identity(EmailIdentity="careers@acme.example")
    stack.company("acme", _with(sender_name="Acme Talent", sender_address="careers@acme.example"))

    stack.connect()
    stack.drain()

    [email] = stack.emails_to("ada@example.com")
    assert email["from"] == "Acme Talent <careers@acme.example>"
