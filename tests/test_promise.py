"""Issue 20.1, a promise kept: the company's response time in its working days, targets per
status, the daily guard that tells the job's team and the candidate, the candidate's
withdrawal. Days are driven forward with a controlled clock: applications are made and moved
at the clock's time, and the daily rule fires with EventBridge's event at the clock's time."""
from __future__ import annotations

import json
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
    return [e for e in stack.emails_to(address) if "not decided yet" in e["subject"] or "Inget beslut ännu" in e["subject"]]


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


def test_a_promise_kept_sends_the_candidate_no_update_and_the_team_no_digest(stack, clock):
    # Given Acme's promise (10 working days, Applied: 5, In review: 14) and its recruiter
    key = company(stack)
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    application_id = apply(stack)
    stack.drain()
    # When the team moves Ada on within each target and decides within the promise
    guard(stack, clock, morning(8))
    clock.to(datetime(2026, 12, 10, 14, 0, tzinfo=timezone.utc))  # Thursday: the 3rd working day
    move(stack, key, application_id, "in_review")
    every_morning(stack, clock, morning(11), 6)  # 11 to 16 December
    clock.to(datetime(2026, 12, 17, 9, 0, tzinfo=timezone.utc))  # the 8th working day
    move(stack, key, application_id, "hired")
    # And the rule runs every morning for a month
    outcomes = every_morning(stack, clock, morning(18), 30)
    # Then nobody was told anything was late: the candidate got her receipt only, the team nothing
    assert updates_to(stack, "ada@example.com") == [] and overdue_to(stack, "grace@example.com") == []
    assert [e["subject"] for e in stack.emails_to("ada@example.com")] == ["We received your application for Front End Developer"]
    # And once decided, the application is not even read: it left the due index
    assert all(o["due"] == 0 for o in outcomes)


def test_a_company_in_riyadh_with_a_sunday_to_thursday_week_counts_its_own_days(stack, clock):
    # Given a company in Riyadh (UTC+3) working Sunday to Thursday, promising 6 working days, with
    # a 1-working-day target for new applications, and a Swedish-speaking applicant
    key = company(stack, "souk", timezone="Asia/Riyadh", response_days=6,
                  promise={"working_week": ["sun", "mon", "tue", "wed", "thu"], "targets": {"new": 1}})
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper", company="souk")
    # When Karin applies late on Wednesday 9 December in UTC: already Thursday 01:00 in Riyadh
    clock.to(datetime(2026, 12, 9, 22, 0, tzinfo=timezone.utc))
    application_id = apply(stack, "souk", email="karin@example.com", first_name="Karin", last_name="Larsson", language="sv")
    stack.drain()
    # Then her receipt counts from Thursday in Riyadh, skipping Friday and Saturday: by Sunday 20 December
    [receipt] = stack.emails_to("karin@example.com", "Vi har fått din ansökan")
    assert "inom 6 arbetsdagar (senast söndag 20 december 2026)" in " ".join(receipt["text"].split())
    # When the rule runs every morning: the target (Sunday 13 December) ends at midnight in Riyadh
    outcomes = every_morning(stack, clock, morning(10), 4)  # 10 to 13 December
    assert [o["team_digests"] for o in outcomes] == [0, 0, 0, 0] and overdue_to(stack, "grace@example.com") == []
    guard(stack, clock, morning(14))
    [digest] = overdue_to(stack, "grace@example.com")
    assert f"/console/souk/applications/{application_id}" in digest["text"]
    # And the promise ends with Sunday 20 December in Riyadh: nothing on the Sunday morning, the update on Monday
    every_morning(stack, clock, morning(15), 6)  # 15 to 20 December
    assert updates_to(stack, "karin@example.com") == []
    guard(stack, clock, morning(21))
    [update] = updates_to(stack, "karin@example.com")
    assert update["subject"] == "Inget beslut ännu: din ansökan till Front End Developer"
    text = " ".join(update["text"].split())
    assert "vi har inte bestämt oss ännu" in text and "Du hör från oss senast måndag 28 december 2026" in text
    assert "<strong>vi har inte" in update["html"]


def test_a_rule_run_twice_the_same_day_sends_nothing_twice(stack, clock):
    # Given an application past its target and past the promise (the rule has not run for weeks)
    key = company(stack)
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    apply(stack)
    stack.drain()
    # When the rule runs twice the same morning, the first time with its event delivered twice
    # and before the stream has caught up, and again at noon
    clock.to(morning(23))
    first = app_module.promise_guard(scheduled_event(morning(23)), LambdaContext("promise_guard"))
    again = app_module.promise_guard(scheduled_event(morning(23)), LambdaContext("promise_guard"))
    stack.drain()
    noon = guard(stack, clock, morning(23) + timedelta(hours=5))
    # Then one digest and one update went out, and the later runs found nothing new to do
    assert (first["breaches"], first["candidate_updates"]) == (1, 1)
    assert (again["breaches"], again["candidate_updates"], noon["breaches"], noon["candidate_updates"]) == (0, 0, 0, 0)
    assert len(overdue_to(stack, "grace@example.com")) == 1 and len(updates_to(stack, "ada@example.com")) == 1


def test_the_guard_reads_only_what_is_due_never_every_application(stack, clock, monkeypatch):
    """The daily read is bounded by what is due: 40 applications wait, 3 are due; the rule's
    Queries return 3 index entries and it reads those 3 applications, with no Scan at all."""
    from botocore.hooks import HierarchicalEmitter

    from chalicelib.applications.models import DUE_SHARDS, ApplicationItem

    key = company(stack)
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    due = [apply(stack, email=f"early{n}@example.com") for n in range(3)]
    stack.drain()
    clock.to(datetime(2026, 12, 11, 9, 0, tzinfo=timezone.utc))  # Friday: 37 more, due later
    for n in range(37):
        assert stack.request("POST", "/companies/acme/jobs/job-1/applications", {**ADA, "email": f"late{n}@example.com"},
                             client_ip=f"192.0.2.{n + 10}").status == 201
    stack.drain()

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the applications table was scanned")

    monkeypatch.setattr(ApplicationItem, "scan", no_scan)
    # (every DynamoDB request the rule makes and what it got back, as botocore sends and parses them)
    calls: list[dict] = []
    original = HierarchicalEmitter._emit

    def watching(self, event_name, kwargs, stop_on_response=False):
        if event_name.startswith("before-call.dynamodb."):
            body = json.loads(kwargs["params"].get("body") or b"{}")
            kwargs["context"]["watched"] = {"operation": event_name.rsplit(".", 1)[-1], "table": body.get("TableName", ""),
                                            "index": body.get("IndexName"), "key": body.get("Key")}
        if event_name.startswith("after-call.dynamodb.") and "watched" in kwargs.get("context", {}):
            parsed = kwargs.get("parsed") or {}
            calls.append({**kwargs["context"].pop("watched"), "items": parsed.get("Items", []) or ([parsed["Item"]] if "Item" in parsed else [])})
        return original(self, event_name, kwargs, stop_on_response)

    # When the rule fires on Tuesday 15 December: the first three passed their target (Monday 14)
    with monkeypatch.context() as rule:
        rule.setattr(HierarchicalEmitter, "_emit", watching)
        clock.to(morning(15))
        outcome = app_module.promise_guard(scheduled_event(morning(15)), LambdaContext("promise_guard"))
    stack.drain()
    # Then it queried the due index (one Query per shard) and got exactly those three entries
    index = [c for c in calls if c["index"] == "by-due"]
    assert len(index) == DUE_SHARDS and all(c["operation"] == "Query" for c in index)
    assert sorted(item["application_id"]["S"] for c in index for item in c["items"]) == sorted(due)
    # And the only applications it read are those three: no Scan, no other Query of the table
    applications = [c for c in calls if c["table"].endswith("-applications")]
    assert {c["operation"] for c in applications} <= {"Query", "GetItem", "UpdateItem"}
    assert all(c["index"] == "by-due" for c in applications if c["operation"] == "Query")
    assert {c["key"]["application_id"]["S"] for c in applications if c["operation"] != "Query"} == set(due)
    assert outcome["due"] == 3 and outcome["breaches"] == 3
    [digest] = overdue_to(stack, "grace@example.com")
    assert digest["subject"] == "3 applications past their target at Acme"
    assert all(f"/console/acme/applications/{a}" in digest["text"] for a in due)


# -- the candidate withdraws --------------------------------------------------------------------

def test_a_withdrawn_application_hears_nothing_more_and_the_team_sees_it(stack, clock):
    # Given Ada, signed in, applied on Monday 7 December; and Bob applied too
    key = company(stack)
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    token = stack.connect_and_confirm(departments=["product"])
    mine = stack.request("POST", "/companies/acme/jobs/job-1/applications", ADA, token=token)
    assert mine.status == 201
    application_id = mine.body["application_id"]
    bob = stack.connect_and_confirm(email="bob@example.com", first_name="Bob", last_name="Byte", departments=["product"])
    stack.drain()
    # When she withdraws it from her dashboard (JSON), and again (a double click)
    clock.to(datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc))
    done = stack.request("POST", f"/me/applications/{application_id}/withdraw", token=token)
    again = stack.request("POST", f"/me/applications/{application_id}/withdraw", token=token)
    stack.drain()
    # Then it is withdrawn, once; somebody else's session cannot touch it
    assert done.status == 200 and done.body["status"] == "withdrawn" and again.status == 200
    other = stack.request("POST", f"/me/applications/{application_id}/withdraw", token=bob)
    assert other.status == 404 and other.body["error"]["field"] == "application_id"
    assert stack.request("GET", "/me", token=token).body["applications"][0]["status"] == "withdrawn"
    # And the team sees it: its status, its history line, and it cannot be moved any more
    seen = stack.request("GET", f"/admin/applications/{application_id}", token=key).body
    assert seen["status"] == "withdrawn"
    assert any(e["type"] == "status_changed" and e["to"] == "withdrawn" and e.get("by_candidate") for e in seen["events"])
    moved = stack.request("POST", f"/admin/applications/{application_id}/status", {"status": "in_review"}, token=key)
    assert moved.status == 409 and moved.body["error"]["field"] == "status"
    listed = stack.request("GET", "/admin/applications?status=withdrawn", token=key).body["applications"]
    assert [a["id"] for a in listed] == [application_id]
    # And however long it waits, neither the candidate nor the team hears about it again
    outcomes = every_morning(stack, clock, morning(10), 30)
    assert updates_to(stack, "ada@example.com") == [] and overdue_to(stack, "grace@example.com") == []
    assert all(o["due"] == 0 for o in outcomes)


def test_the_dashboard_page_withdraws_and_a_decided_application_cannot_be(stack, clock):
    from urllib.parse import unquote

    # Given Ada, signed in on her dashboard page, with two applications: one hired
    key = company(stack)
    assert stack.publish(external_id="job-2", title="Back End Developer", role="back-end-developer").status == 201
    token = stack.connect_and_confirm(departments=["product"])
    first = stack.request("POST", "/companies/acme/jobs/job-1/applications", ADA, token=token).body["application_id"]
    second = stack.request("POST", "/companies/acme/jobs/job-2/applications", ADA, token=token).body["application_id"]
    stack.drain()
    move(stack, key, second, "hired")
    # (she signs in to the dashboard page with an emailed link)
    link = stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    assert link.status in (200, 202), link.body
    stack.drain()
    sign_in = stack.emails_to("ada@example.com")[-1]
    signed = re.search(r"token=([A-Za-z0-9_\-.~%]+)", sign_in["text"]).group(1)
    cookie = stack.signed_in_cookie("acme", unquote(signed))
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    # Then only the open application offers the withdrawal
    assert page.body.count('action="dashboard/withdraw"') == 1 and f'value="{first}"' in page.body
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)
    # When she withdraws it with the page's form
    sent = stack.request("POST", "/companies/acme/dashboard/withdraw", raw=f"csrf={csrf}&application={first}".encode(),
                         headers={**FORM, "Cookie": cookie})
    # Then the dashboard says so, and the hired one cannot be withdrawn
    assert sent.status == 303 and sent.headers["location"] == "../dashboard?done=withdrawn"
    after = stack.request("GET", "/companies/acme/dashboard?done=withdrawn", headers={**HTML, "Cookie": cookie}).body
    assert "Your application is withdrawn." in after and 'action="dashboard/withdraw"' not in after
    refused = stack.request("POST", f"/me/applications/{second}/withdraw", token=token)
    assert refused.status == 409 and refused.body["error"]["field"] == "application_id"


# -- the console's home, a second breach, the company's choices ------------------------------------

def test_the_home_lists_what_is_past_its_target_and_a_new_status_is_a_new_breach(stack, clock):
    from tests.test_console_matrix import _session

    # Given Ada applied on Monday 7 December to a job the hiring member Hugo is assigned to
    key = company(stack)
    application_id = apply(stack)
    stack.drain()
    hugo = _session("acme", "hugo@acme.example", "hiring", ("job-1",))
    other = _session("acme", "olga@acme.example", "hiring", ("job-2",))
    # When the rule has run on Tuesday 15 and the home is opened on Thursday 17 December
    guard(stack, clock, morning(15))
    clock.to(datetime(2026, 12, 17, 10, 0, tzinfo=timezone.utc))
    page = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": f"cc_console={hugo}"}).body
    # Then it lists her, with her status and how far past its target (Tue 15, Wed 16, Thu 17)
    listed = re.search(r'id="overdue-h".*?</section>', page, re.S).group(0)
    assert "Ada Lovelace" in listed and "Applied" in listed and "3 working days past its 5-working-day target" in listed
    assert f"applications/{application_id}" in listed
    # And a member of another job does not see it
    theirs = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": f"cc_console={other}"}).body
    assert "Ada Lovelace" not in re.search(r'id="overdue-h".*?</section>', theirs, re.S).group(0)
    # And Swedish members read it in Swedish
    sv = stack.request("GET", "/console/acme/home?lang=sv", headers={**HTML, "Cookie": f"cc_console={hugo}"}).body
    assert "3 arbetsdagar över målet på 5 arbetsdagar" in sv and "Över målet" in sv
    # When the team moves her on, she leaves the list; the history says the team was told
    move(stack, key, application_id, "in_review")
    page = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": f"cc_console={hugo}"}).body
    assert "Ada Lovelace" not in re.search(r'id="overdue-h".*?</section>', page, re.S).group(0)
    history = stack.request("GET", f"/admin/applications/{application_id}/history", token=key).body
    assert any(line["action"] == "target_passed" for line in (history.get("history") or history))
    # And when "In review" passes its own target (14 working days), the team hears of that breach too
    every_morning(stack, clock, morning(18), 25)
    digests = overdue_to(stack, "hugo@acme.example")
    assert len(digests) == 2 and "In review for more than 14 working days" in digests[-1]["text"]


def test_the_company_chooses_status_emails_and_can_turn_the_updates_off(stack, clock):
    # Given Acme announces "interview" to candidates and sends no "not decided yet" updates
    key = company(stack, promise={"status_emails": ["interview"], "candidate_updates": False})
    join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    english = apply(stack)
    swedish = apply(stack, email="karin@example.com", first_name="Karin", last_name="Larsson", language="sv")
    stack.drain()
    # When both are shortlisted (not announced), then invited to interview, the events delivered twice
    stack.pump.deliveries = 2
    for application_id in (english, swedish):
        move(stack, key, application_id, "shortlisted")
        move(stack, key, application_id, "interview")
    stack.pump.deliveries = 1
    # Then each candidate gets one interview email, in their language, and no shortlist email
    [interview] = stack.emails_to("ada@example.com", "interview")
    assert interview["subject"] == "We would like to interview you for Front End Developer"
    assert "moved to the interview stage" in " ".join(interview["text"].split())
    [intervju] = stack.emails_to("karin@example.com", "intervjua")
    assert intervju["subject"] == "Vi vill gärna intervjua dig för Front End Developer"
    assert stack.emails_to("ada@example.com", "shortlist") == [] and stack.emails_to("karin@example.com", "kortlista") == []
    # When an application leaves the interview stage and enters it again: a new entry, a new email
    clock.to(MONDAY + timedelta(hours=2))
    move(stack, key, english, "in_review")
    clock.to(MONDAY + timedelta(hours=3))
    move(stack, key, english, "interview")
    assert len(stack.emails_to("ada@example.com", "interview")) == 2
    # And the promise passes with no decision: the team is told, the candidates get no update
    every_morning(stack, clock, morning(8), 45)
    assert updates_to(stack, "ada@example.com") == [] and updates_to(stack, "karin@example.com") == []
    assert overdue_to(stack, "grace@example.com") != []


def test_updates_turned_off_then_on_again_reach_an_application_whose_promise_passed_meanwhile(stack, clock):
    # Given Acme sends no "not decided yet" updates, and Ada applied on Monday 7 December
    key = company(stack, promise={"candidate_updates": False})
    application_id = apply(stack)
    stack.drain()
    # When the promise passes (Tuesday 22 December) and another week goes by with no decision
    every_morning(stack, clock, morning(8), 21)  # 8 to 28 December
    # Then Ada heard nothing, and the application's history says the promise passed untold
    assert updates_to(stack, "ada@example.com") == []
    history = stack.request("GET", f"/admin/applications/{application_id}/history", token=key).body
    assert any(line["action"] == "promise_passed_quietly" for line in history["history"]), history
    # When the company turns updates on again (its JSON twin, with the settings version)
    got = stack.request("GET", "/admin/settings/promise", token=key).body
    saved = stack.request("PUT", "/admin/settings/promise", {"promise": {**got["values"]["promise"], "candidate_updates": True}},
                          token=key, headers={"If-Match": f'"{got["version"]}"'})
    assert saved.status == 200, saved.body
    # Then within a week the guard still finds her application, and she hears the truth once
    every_morning(stack, clock, morning(29), 7)  # 29 December to 4 January
    assert len(updates_to(stack, "ada@example.com")) == 1


def test_the_promise_settings_have_a_json_twin_with_the_version_and_a_console_screen(stack):
    from tests.test_console_matrix import _session

    key = company(stack)
    # Given the defaults: Monday-Friday, Applied 5 and every other open status 14, updates on, no status emails
    got = stack.request("GET", "/admin/settings/promise", token=key)
    assert got.status == 200 and got.body["values"]["promise"] == {
        "working_week": ["mon", "tue", "wed", "thu", "fri"], "candidate_updates": True, "status_emails": [],
        "targets": {"new": 5, "in_review": 14, "shortlisted": 14, "interview": 14, "offer": 14}}
    version = got.body["version"]
    # When a client sends a week without days, or an unknown status, nothing is saved and the field is named
    empty = stack.request("PUT", "/admin/settings/promise", {"promise": {"working_week": []}}, token=key,
                          headers={"If-Match": f'"{version}"'})
    assert empty.status == 400 and empty.body["error"]["field"] == "promise.working_week"
    hired = stack.request("PUT", "/admin/settings/promise", {"promise": {"status_emails": ["hired"]}}, token=key,
                          headers={"If-Match": f'"{version}"'})
    assert hired.status == 400 and hired.body["error"]["field"].startswith("promise.status_emails")
    assert stack.request("GET", "/admin/settings/promise", token=key).body["version"] == version
    # And a stale version is refused
    saved = stack.request("PUT", "/admin/settings/promise", {"promise": {"working_week": ["sun", "mon", "tue", "wed", "thu"]}},
                          token=key, headers={"If-Match": f'"{version}"'})
    assert saved.status == 200 and saved.body["values"]["promise"]["working_week"] == ["sun", "mon", "tue", "wed", "thu"]
    stale = stack.request("PUT", "/admin/settings/promise", {"promise": {}}, token=key, headers={"If-Match": f'"{version}"'})
    assert stale.status == 412
    # When an admin uses the console screen: the form shows the saved week, and saves targets
    admin = _session("acme", "ada.admin@acme.example", "admin")
    cookie = {**HTML, "Cookie": f"cc_console={admin}"}
    page = stack.request("GET", "/console/acme/settings/promise", headers=cookie).body
    assert 'value="sun" checked' in page and 'value="sat">' in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form_version = re.search(r'name="version" value="(\d+)"', page).group(1)
    body = (f"csrf={csrf}&version={form_version}&action=save&promise.working_week=mon&promise.working_week=tue"
            "&promise.targets.new=3&promise.targets.in_review=&promise.targets.shortlisted=10&promise.targets.interview=10"
            "&promise.targets.offer=5&promise.status_emails=offer")
    done = stack.request("POST", "/console/acme/settings/promise", raw=body.encode(),
                         headers={**FORM, "Cookie": f"cc_console={admin}"})
    assert done.status == 303, done.body
    values = stack.request("GET", "/admin/settings/promise", token=key).body["values"]["promise"]
    assert values == {"working_week": ["mon", "tue"], "candidate_updates": False, "status_emails": ["offer"],
                      "targets": {"new": 3, "in_review": None, "shortlisted": 10, "interview": 10, "offer": 5}}
    # And a problem is shown beside its field, in the page's language
    bad = body.replace("promise.targets.new=3", "promise.targets.new=0").replace(f"version={form_version}",
                                                                               f"version={int(form_version) + 1}")
    refused = stack.request("POST", "/console/acme/settings/promise?lang=sv", raw=bad.encode(),
                            headers={**FORM, "Cookie": f"cc_console={admin}"})
    assert refused.status == 400 and "Ange ett antal arbetsdagar från 1 till 90" in refused.body
    # And the new email kinds are the company's to edit, like every other
    kinds = stack.request("GET", "/console/acme/messages", headers=cookie).body
    assert "promise_update" in kinds or "not decided yet" in kinds


def test_applications_from_before_the_due_index_are_given_their_moment_by_the_operator(stack, clock, capsys):
    from chalicelib.applications.models import ApplicationItem
    from chalicelib.cli import main

    # Given an application stored before the due index existed (no due moment on it)
    key = company(stack)
    application_id = apply(stack)
    stack.drain()
    ApplicationItem.get("acme", application_id).update(actions=[ApplicationItem.due_shard.remove(), ApplicationItem.due_at.remove()])
    # Then the guard cannot find it: the promise passes and Ada hears nothing
    every_morning(stack, clock, morning(22), 2)
    assert updates_to(stack, "ada@example.com") == []
    # When the operator runs the backfill (twice: it is idempotent)
    assert main(["reindex-promises", "acme"]) == 0 and main(["reindex-promises", "acme"]) == 0
    assert "1 open applications of 'acme' have their due moment" in capsys.readouterr().out
    # Then the next morning's guard finds it, and Ada hears the truth once
    guard(stack, clock, morning(24))
    guard(stack, clock, morning(24) + timedelta(hours=1))
    assert len(updates_to(stack, "ada@example.com")) == 1
