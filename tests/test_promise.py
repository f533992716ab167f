"""Issue 20.1, a promise kept: the company's response time in its working days, targets per
status, the daily guard that tells the job's team and the candidate, the candidate's
withdrawal. Days are driven forward with a controlled clock: applications are made and moved
at the clock's time, and the daily rule fires with EventBridge's event at the clock's time."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

import app as app_module
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext, scheduled_event
from tests.test_console_team import join

HTML = {"Accept": "text/html"}
FORM = {**HTML, "Content-Type": "application/x-www-form-urlencoded"}
ADA = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)  # Monday 7 December 2026, 10:00 in Stockholm


class Clock:
    def __init__(self, start: datetime):
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def to(self, moment: datetime) -> None:
        assert moment >= self.at, "the clock only goes forward"
        self.at = moment


@pytest.fixture
def clock(monkeypatch):
    """The product's clock where applications are made and moved, and the console's home reads it."""
    clock = Clock(MONDAY)
    for where in ("chalicelib.applications.service.now", "chalicelib.applications.attention.now"):
        monkeypatch.setattr(where, clock)
    return clock


def company(stack, slug: str = "acme", **settings) -> str:
    key = stack.company(slug, {**DEMO_SETTINGS, "timezone": "Europe/Stockholm", **settings})
    assert stack.publish(slug).status == 201
    return key


def apply(stack, slug: str = "acme", job: str = "job-1", **fields) -> str:
    response = stack.request("POST", f"/companies/{slug}/jobs/{job}/applications", {**ADA, **fields})
    assert response.status == 201, response.body
    return response.body["application_id"]


def guard(stack, clock: Clock, at: datetime) -> dict:
    """The daily rule fires at ``at`` (the clock moves there first), then every queue drains."""
    clock.to(at)
    outcome = app_module.promise_guard(scheduled_event(at), LambdaContext("promise_guard"))
    stack.drain()
    return outcome


def every_morning(stack, clock: Clock, first: datetime, days: int) -> list[dict]:
    return [guard(stack, clock, first + timedelta(days=n)) for n in range(days)]


def morning(day: int, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, 6, 30, tzinfo=timezone.utc)  # when the rule fires (app.py)


def updates_to(stack, address: str) -> list[dict]:
    return [e for e in stack.emails_to(address) if "not decided yet" in e["subject"] or "inget beslut ännu" in e["subject"]]


def overdue_to(stack, address: str) -> list[dict]:
    return [e for e in stack.emails_to(address) if "past" in e["subject"] and "target" in e["subject"]
            or "passerat målet" in e["subject"]]


def move(stack, key: str, application_id: str, status: str) -> None:
    moved = stack.request("POST", f"/admin/applications/{application_id}/status", {"status": status}, token=key)
    assert moved.status == 200, moved.body
    stack.drain()


# -- a promise missed, then kept -------------------------------------------------------------

def test_a_missed_promise_tells_the_team_once_and_the_candidate_weekly_until_the_decision(stack, clock):
    # Given Acme (Stockholm, Monday-Friday) promises an answer within 10 working days, with the
    # default targets (Applied: 5 working days), and a recruiter on its team
    key = company(stack)
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    # When Ada applies on Monday 7 December and nobody moves her application
    application_id = apply(stack)
    stack.drain()
    # Then her receipt says the date the promise ends: ten working days later, Monday 21 December
    [receipt] = stack.emails_to("ada@example.com", "We received your application")
    assert "within\n10 working days (by Monday 21 December 2026)" in receipt["text"].replace(" 10 working", "\n10 working") or \
        "10 working days (by Monday 21 December 2026)" in " ".join(receipt["text"].split())
    # When the daily rule runs every morning for three weeks
    outcomes = every_morning(stack, clock, morning(8), 14)  # 8 to 21 December
    # Then the team hears once, the morning after the fifth working day (Monday 14 December) ended
    [digest] = overdue_to(stack, "grace@example.com")
    assert digest["subject"] == "1 application past its target at Acme"
    assert "Ada Lovelace, Front End Developer: Applied for more than 5 working days" in digest["text"]
    assert f"/console/acme/applications/{application_id}" in digest["text"]
    assert [o["team_digests"] for o in outcomes] == [0] * 7 + [1] + [0] * 6
    # And the candidate heard nothing while the promise held (up to Monday 21 December)
    assert updates_to(stack, "ada@example.com") == []
    # When the promise passes (the morning of Tuesday 22 December)
    guard(stack, clock, morning(22))
    # Then Ada hears the truth once, and when she will hear next
    [update] = updates_to(stack, "ada@example.com")
    assert update["subject"] == "Your application for Front End Developer: not decided yet"
    text = " ".join(update["text"].split())
    assert "we have not decided yet" in text and "You will hear from us by Tuesday 29 December 2026" in text
    assert "on Monday 7 December 2026" in text and "within 10 working days" in text
    assert "<strong>we have not" in update["html"]
    # And not again for a week, then once more
    every_morning(stack, clock, morning(23), 6)  # 23 to 28 December
    assert len(updates_to(stack, "ada@example.com")) == 1
    guard(stack, clock, morning(29))
    assert len(updates_to(stack, "ada@example.com")) == 2
    # When the team rejects her, nothing more comes from the guard, ever
    move(stack, key, application_id, "rejected")
    every_morning(stack, clock, morning(30), 20)
    assert len(updates_to(stack, "ada@example.com")) == 2
    assert len(overdue_to(stack, "grace@example.com")) == 1
    assert len(stack.emails_to("ada@example.com", "Your application")) == 2 + 1  # two updates and the rejection
