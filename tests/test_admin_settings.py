"""Recruiters' settings: admin keys, validation, templates checked on save."""
from __future__ import annotations

import copy

import pytest

from infrastructure.demo import DEMO_SETTINGS


def test_admin_endpoints_need_a_valid_key(stack):
    key = stack.company("acme")
    broken = key[:-4] + "AAAA"

    assert stack.request("GET", "/admin/settings").status == 401
    assert stack.request("GET", "/admin/settings", token="nonsense").status == 401
    assert stack.request("GET", "/admin/settings", token=broken).status == 401
    assert stack.request("GET", "/admin/settings", token=key).status == 200


def test_settings_round_trip_keeps_what_was_put(stack):
    key = stack.company("acme")

    body = stack.request("GET", "/admin/settings", token=key).body

    assert body["company"] == "acme"
    assert body["settings"]["departments"] == DEMO_SETTINGS["departments"]
    assert body["settings"]["timezone"] == "Europe/Stockholm"


def _with(**changes):
    settings = copy.deepcopy(DEMO_SETTINGS)
    settings.update(changes)
    return settings


INVALID_SETTINGS = [
    (_with(departments=[{"id": "Sales Team", "name": "Sales"}]), "departments.0.id"),
    (_with(departments=[{"id": "sales", "name": "Sales"}, {"id": "sales", "name": "Sales 2"}]), None),
    (_with(locations=[{"id": "london", "name": ""}]), "locations.0.name"),
    (_with(questions=[{"id": "q", "text": "Pick", "type": "single_choice", "options": ["only one"]}]), "questions.0"),
    (_with(questions=[{"id": "q", "text": "Why?", "type": "essay"}]), "questions.0.type"),
    (_with(timezone="Mars/Olympus"), "timezone"),
    (_with(allowed_origins=["https://careers.acme.example/jobs"]), "allowed_origins"),
    (_with(unexpected=True), "unexpected"),
]


@pytest.mark.parametrize("settings, field", INVALID_SETTINGS)
def test_invalid_settings_are_400_and_change_nothing(stack, settings, field):
    key = stack.company("acme")

    response = stack.request("PUT", "/admin/settings", settings, token=key)

    assert response.status == 400
    assert response.body["error"]["field"] == field
    assert stack.request("GET", "/admin/settings", token=key).body["settings"]["departments"] == DEMO_SETTINGS["departments"]


def test_template_syntax_error_is_400_with_the_line(stack):
    key = stack.company("acme")
    template = {"subject": "Hi", "text": "line one\n{% if %}\n", "html": "<p>ok</p>"}

    response = stack.request("PUT", "/admin/settings", _with(templates={"connect": template}), token=key)

    assert response.status == 400
    assert response.body["error"]["field"] == "templates"
    assert "connect.text" in response.body["error"]["message"] and "line 2" in response.body["error"]["message"]


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ company.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_template_sandbox_escapes_are_refused_on_save(stack, escape):
    key = stack.company("acme")
    template = {"subject": "Hi", "text": escape, "html": "<p>ok</p>"}

    response = stack.request("PUT", "/admin/settings", _with(templates={"job_tip": template}), token=key)

    assert response.status == 400 and "job_tip.text" in response.body["error"]["message"]


def test_a_changed_template_is_used_from_the_next_email_on(stack):
    # Given a company whose connect email is its own, already sent once (the container now
    # holds the validated settings and the compiled template)
    key = stack.company("acme")
    first = {"subject": "Welcome, {{ candidate.first_name }}", "text": "Version one {{ confirm_url }}", "html": "<p>Version one</p>"}
    assert stack.request("PUT", "/admin/settings", _with(templates={"connect": first}), token=key).status == 200
    stack.connect(email="ada@example.com")
    stack.drain()

    # When the recruiter changes it and someone else connects
    second = {**first, "text": "Version two {{ confirm_url }}", "html": "<p>Version two</p>"}
    assert stack.request("PUT", "/admin/settings", _with(templates={"connect": second}), token=key).status == 200
    stack.connect(email="grace@example.com", first_name="Grace")
    stack.drain()

    # Then each got the version that was saved when their email went out
    [ada] = stack.emails_to("ada@example.com")
    [grace] = stack.emails_to("grace@example.com")
    assert ada["text"].startswith("Version one") and grace["text"].startswith("Version two")
    assert grace["subject"] == "Welcome, Grace"


def test_templates_of_unknown_kinds_are_refused(stack):
    key = stack.company("acme")
    template = {"subject": "Hi", "text": "Hello", "html": "<p>Hello</p>"}

    response = stack.request("PUT", "/admin/settings", _with(templates={"newsletter": template}), token=key)

    assert response.status == 400 and response.body["error"]["field"] == "templates"
    assert "newsletter" in response.body["error"]["message"]
