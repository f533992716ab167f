"""Connecting: the public form, validation, merging by email, confirmation, the thank-you email."""
from __future__ import annotations

import pytest

from infrastructure.demo import DEMO_SETTINGS


def test_connect_form_lists_what_the_career_page_draws(stack):
    stack.company("acme")

    response = stack.request("GET", "/companies/acme/connect")

    assert response.status == 200
    assert [d["id"] for d in response.body["departments"]] == ["product", "customer-support", "sales", "customer-success"]
    assert response.body["departments"][0]["roles"][0] == {"id": "front-end-developer", "name": "Front End Developer"}
    assert {loc["id"] for loc in response.body["locations"]} == {"stockholm", "london", "berlin"}
    assert [q["id"] for q in response.body["questions"]] == ["linkedin", "visa", "experience"]
    assert "Acme" in response.body["consent"]["text"] and response.body["consent"]["version"] == "1"


def test_unknown_company_is_404_for_form_and_connect(stack):
    assert stack.request("GET", "/companies/nobody/connect").status == 404
    response = stack.connect("nobody")
    assert response.status == 404
    assert response.body["error"]["field"] == "company"


def test_connect_returns_candidate_and_sends_multipart_thank_you_with_confirm_link(stack):
    stack.company("acme")

    response = stack.connect(email="Ada@Example.com", departments=["sales"], roles=["account-executive"])
    stack.drain()

    assert response.status == 201
    assert response.body["status"] == "pending_confirmation" and response.body["candidate_id"]
    [email] = stack.emails_to("ada@example.com")
    assert email["subject"] == "Thanks for connecting with Acme"
    assert "Hi Ada" in email["text"] and "Hi Ada" in email["html"]
    assert "token=" in email["text"] and "token=" in email["html"]
    assert email["headers"]["Content-Type"].startswith("multipart/alternative")


MISSING = object()

BAD_INPUTS = [
    ({"consent": MISSING}, "consent"),
    ({"consent": False}, "consent"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "ada@example"}, "email"),
    ({"departments": ["astronomy"]}, "departments.0"),
    ({"departments": []}, "departments"),
    ({"departments": ["sales"], "roles": ["nope"]}, "roles.0"),
    ({"departments": ["sales"], "roles": ["account-executive", "front-end-developer"]}, "roles.1"),
    ({"location": "paris"}, "location"),
    ({"work_modes": ["sometimes"]}, "work_modes.0"),
    ({"answers": [{"question_id": "shoe-size", "value": "42", "shared": True}]}, "answers.0.question_id"),
    ({"answers": [{"question_id": "visa", "value": "maybe", "shared": True}]}, "answers.0.value"),
    ({"answers": [{"question_id": "experience", "value": "100", "shared": True}]}, "answers.0.value"),
    ({"answers": [{"question_id": "visa", "value": True, "shared": True, "extra": 1}]}, "answers.0.extra"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
    ({"first_name": ""}, "first_name"),
]


@pytest.mark.parametrize("change, field", BAD_INPUTS, ids=[f for _, f in BAD_INPUTS])
def test_bad_connect_input_is_400_naming_the_field_and_writes_nothing(stack, change, field):
    stack.company("acme")
    before = stack.records()

    body = {**VALID_CONNECTION, **change}
    response = stack.request("POST", "/companies/acme/connections", {k: v for k, v in body.items() if v is not MISSING})
    stack.drain()

    assert response.status == 400, response.body
    assert response.body["error"]["field"] == field
    assert response.body["error"]["code"] == "invalid" and response.body["error"]["message"]
    assert stack.records() == before
    assert stack.outbox() == []


VALID_CONNECTION = {"email": "ada@example.com", "first_name": "Ada", "last_name": "L", "departments": ["product"], "consent": True}


def test_malformed_and_non_object_bodies_are_400(stack):
    stack.company("acme")
    assert stack.request("POST", "/companies/acme/connections", raw=b"{not json").status == 400
    response = stack.request("POST", "/companies/acme/connections", [1, 2])
    assert response.status == 400 and response.body["error"]["message"]


def test_required_question_must_be_answered(stack):
    settings = {**DEMO_SETTINGS, "questions": [{"id": "visa", "text": "Visa?", "type": "yes_no", "required": True}]}
    stack.company("acme", settings)

    missing = stack.connect()
    answered = stack.connect(answers=[{"question_id": "visa", "value": False, "shared": True}])

    assert missing.status == 400 and missing.body["error"]["field"] == "answers"
    assert answered.status == 201


def test_connecting_again_with_same_email_merges_into_one_candidate(stack):
    # Given Ada connected with Sales / Account Executive and confirmed her address
    stack.company("acme")
    stack.connect_and_confirm(departments=["sales"], roles=["account-executive"])
    first_id = stack.connect(departments=["sales"], roles=["account-executive"]).body["candidate_id"]

    # When she connects again, with different case, to Customer Success
    again = stack.connect(email="ADA@example.com", departments=["customer-success"])
    stack.drain()

    # Then nothing changes until the owner follows the link that the new email carries, and
    # then it is the same candidate, subscribed to both departments
    assert again.status == 201 and again.body["candidate_id"] == first_id
    assert again.body["status"] == "pending_confirmation"
    assert stack.request("POST", "/auth/session", {"token": stack.confirm_token("ada@example.com")}).status == 200
    stack.publish(external_id="ae", title="AE", department="sales", role="account-executive", locations=["london"])
    stack.publish(external_id="csm", title="CSM", department="customer-success", role="customer-success-manager", locations=["london"])
    stack.drain()
    assert sorted(t["subject"] for t in stack.job_tips_to("ada@example.com")) == [
        "New job at Acme: AE",
        "New job at Acme: CSM",
    ]
    candidates = [i for i in stack.table_items()["CandidatesTable"] if i["sk"]["S"].startswith("candidate#")]
    assert len(candidates) == 1


def test_a_repeat_connect_cannot_rewrite_a_confirmed_profile(stack):
    # Anyone can type an address into a career page: a confirmed candidate's choices stay theirs.
    stack.company("acme")
    stack.connect_and_confirm(departments=["sales"], location="london", work_modes=["remote"])

    stack.connect(first_name="Mallory", departments=["sales"], location="berlin", work_modes=["onsite"])
    stack.publish(external_id="onsite-berlin", title="On-site Berlin", department="sales", role="account-executive", locations=["berlin"], work_mode="onsite")
    stack.publish(external_id="remote-london", title="Remote London", department="sales", role="account-executive", locations=["london"], work_mode="remote")
    stack.drain()

    [tip] = stack.job_tips_to("ada@example.com")
    assert tip["subject"] == "New job at Acme: Remote London" and "Hi Ada" in tip["text"]


def test_session_token_confirms_once_and_bad_tokens_are_refused(stack):
    stack.company("acme")
    stack.connect()
    stack.drain()
    token = stack.confirm_token("ada@example.com")

    first = stack.request("POST", "/auth/session", {"token": token})
    replay = stack.request("POST", "/auth/session", {"token": token})
    forged = stack.request("POST", "/auth/session", {"token": "forged"})
    empty = stack.request("POST", "/auth/session", {})

    assert first.status == 200 and first.body["access_token"] and first.body["expires_in"] > 0
    assert replay.status == 401 and forged.status == 401
    assert empty.status == 400 and empty.body["error"]["field"] == "token"


def test_unconfirmed_candidates_get_no_job_tips(stack):
    stack.company("acme")
    stack.connect(email="later@example.com", departments=["product"])
    stack.drain()

    stack.publish()
    stack.drain()

    assert stack.job_tips_to("later@example.com") == []


def test_company_thank_you_template_is_used_and_sandboxed_html_is_escaped(stack):
    # Given a recruiter's template, and a department name that is markup (recruiters type names
    # too; a person's name can no longer hold '<', see test_trust.py)
    departments = [
        {**d, "name": "<script>alert(1)</script>"} if d["id"] == "product" else d for d in DEMO_SETTINGS["departments"]
    ]
    settings = {
        **DEMO_SETTINGS,
        "departments": departments,
        "templates": {
            "connect": {
                "subject": "Welcome to {{ company.name }}, {{ candidate.first_name }}",
                "text": "Hej {{ candidate.first_name }}! {{ departments|join(', ') }} Confirm: {{ confirm_url }}",
                "html": "<p>Hej {{ candidate.first_name }}! {{ departments|join(', ') }}</p><a href='{{ confirm_url }}'>Confirm</a>",
            }
        },
    }
    stack.company("acme", settings)

    # When someone connects to that department
    stack.connect(first_name="Åsa")
    stack.drain()

    # Then the company's template is used, the text part is as typed, the HTML part escaped
    [email] = stack.emails_to("ada@example.com")
    assert email["subject"] == "Welcome to Acme, Åsa"
    assert email["text"].startswith("Hej Åsa! <script>alert(1)</script> Confirm: http")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email["html"] and "<script>" not in email["html"]


def test_cors_headers_only_for_the_companys_own_origins(stack):
    stack.company("acme")

    allowed = stack.request("GET", "/companies/acme/connect", headers={"Origin": "https://careers.acme.example"})
    other = stack.request("GET", "/companies/acme/connect", headers={"Origin": "https://evil.example"})
    preflight = stack.request("OPTIONS", "/companies/acme/connections", headers={"Origin": "https://careers.acme.example"})
    refused = stack.request(
        "POST", "/companies/acme/connections", {"consent": False}, headers={"Origin": "https://careers.acme.example"}
    )

    assert allowed.headers.get("access-control-allow-origin") == "https://careers.acme.example"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    # Errors carry CORS headers too, or the career page could not show what was wrong.
    assert refused.status == 400 and refused.headers.get("access-control-allow-origin") == "https://careers.acme.example"


def test_connecting_the_same_address_over_and_over_is_rate_limited(stack):
    # A stranger typing someone's address again and again must not flood their inbox.
    stack.company("acme")

    statuses = [stack.connect().status for _ in range(6)]
    stack.drain()

    assert statuses == [201] * 5 + [429]
    assert len(stack.emails_to("ada@example.com")) == 5


def test_two_simultaneous_connects_with_one_address_make_one_candidate(stack, monkeypatch):
    # Given the second request looked the address up just before the first one created it
    from chalicelib.candidates import service

    stack.company("acme")
    first = stack.connect(departments=["sales"])
    real_lookup = service._candidate_by_email
    calls = iter([None])
    monkeypatch.setattr(service, "_candidate_by_email", lambda c, e: next(calls, real_lookup(c, e)))

    # When it tries to create the candidate, the email claim is taken
    second = stack.connect(departments=["product"])

    # Then it merges into the first candidate instead of making a second one
    assert second.status == 201 and second.body["candidate_id"] == first.body["candidate_id"]
    candidates = [i for i in stack.table_items()["CandidatesTable"] if i["sk"]["S"].startswith("candidate#")]
    assert len(candidates) == 1 and {d["S"] for d in candidates[0]["departments"]["L"]} == {"sales", "product"}


def test_a_consent_text_with_stray_braces_still_renders(stack):
    stack.company("acme", {**DEMO_SETTINGS, "consent_text": "We store {your} data for {company}."})

    form = stack.request("GET", "/companies/acme/connect")

    assert form.status == 200 and form.body["consent"]["text"] == "We store {your} data for Acme."
