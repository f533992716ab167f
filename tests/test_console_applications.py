"""Issue 16: the applications screens of the hiring team's console, and their JSON twins.

Roles are enforced in the use cases: admins, recruiters and API keys see every job's
applications; a hiring member only those of the jobs they work on (another job's application is
"not found" to them). Every view, download and move names who did it; a rejection says when the
candidate is told and can be undone until then, with the email and LinkedIn's status following
the same clock.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import boto3
import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.test_console_team import join

HTML = {"Accept": "text/html"}
FORM = {**HTML, "Content-Type": "application/x-www-form-urlencoded"}
GRACE = {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}


# -- the company, its jobs, its applications and its team --------------------------------

def company(stack, delay_hours: int | None = None, tz: str = "Europe/Stockholm", questions=None) -> str:
    settings = {**DEMO_SETTINGS, "timezone": tz}
    if delay_hours:
        settings["delayed_rejection"] = {"enabled": True, "delay_hours": delay_hours}
    if questions is not None:
        settings["questions"] = questions
    key = stack.company("acme", settings)
    assert stack.publish().status == 201
    assert stack.publish(external_id="job-2", title="Sales Lead", department="sales", role="account-executive").status == 201
    return key


def apply(stack, job: str = "job-1", resume: bool = False, client_ip: str = "192.0.2.1", **fields) -> str:
    body = {**GRACE, **fields}
    if resume:
        body["resume"] = {"file_name": "grace.pdf", "content_type": "application/pdf", "size": 4}
    response = stack.request("POST", f"/companies/acme/jobs/{job}/applications", body, client_ip=client_ip)
    assert response.status == 201, response.body
    if resume:
        boto3.client("s3").put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=response.body["resume_upload"]["fields"]["key"],
                                      Body=b"%PDF")
    return response.body["application_id"]


def member_id(stack, key: str, email: str) -> str:
    return next(m["id"] for m in stack.request("GET", "/admin/members", token=key).body["members"] if m["email"] == email)


def team(stack, key: str) -> dict[str, str]:
    """Console cookies: an admin, a recruiter, a hiring member working on job-1, one on no job."""
    cookies = {
        "admin": join(stack, key, "ada@example.com", "admin", "Ada Lovelace"),
        "recruiter": join(stack, key, "rita@example.com", "recruiter", "Rita Recruiter"),
        "hiring": join(stack, key, "hal@example.com", "hiring", "Hal Hiring"),
        "hiring_elsewhere": join(stack, key, "olga@example.com", "hiring", "Olga Other"),
    }
    assigned = stack.request("PUT", "/admin/jobs/job-1/members", {"member_ids": [member_id(stack, key, "hal@example.com")]}, token=key)
    assert assigned.status == 200, assigned.body
    return cookies


def get(stack, path: str, cookie: str | None):
    return stack.request("GET", path, headers={**HTML, **({"Cookie": cookie} if cookie else {})})


def csrf_of(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)


def post(stack, path: str, cookie: str, fields: list[tuple[str, str]], csrf_from: str | None = None):
    """A console form as a browser sends it: the CSRF field of the page it is on first."""
    page = get(stack, csrf_from or "/console/acme/home", cookie)
    body = urlencode([("csrf", csrf_of(page)), *fields]).encode()
    return stack.request("POST", path, raw=body, headers={**FORM, "Cookie": cookie})


def listed(page) -> list[str]:
    """The applicants a list page links to, in its order."""
    return re.findall(r'href="[^"]*applications/[0-9a-f]+">([^<]+)</a>', page.body)


def text(page) -> str:
    """A page's words as a person reads them (tags out, entities in, spaces folded)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.body)).split())


def rejections_to(stack, address: str) -> list[dict]:
    return [e for e in stack.emails_to(address) if e["subject"].startswith("Your application to")]


def schedules(stack) -> list[dict]:
    scheduler = boto3.client("scheduler")
    return scheduler.list_schedules(GroupName=stack.env["SCHEDULE_GROUP"])["Schedules"]


# -- who gets what ------------------------------------------------------------------------

def test_who_sees_which_application_on_every_screen_and_json_route(stack):
    # Given applications to job-1 (with a resume) and job-2, and the whole team
    key = company(stack)
    mine = apply(stack, resume=True)
    other = apply(stack, job="job-2", email="sam@example.com", first_name="Sam", last_name="Other")
    cookies = team(stack, key)
    outsider = stack.company("globex")
    foreign = join(stack, outsider, "eve@example.com", "admin", "Eve", company="globex")

    # Then each screen answers each of them as their role allows
    expected = {  # who: (job-1's application, job-2's application)
        "admin": (200, 200), "recruiter": (200, 200), "hiring": (200, 404), "hiring_elsewhere": (404, 404)}
    for who, (first, second) in expected.items():
        assert get(stack, f"/console/acme/applications/{mine}", cookies[who]).status == first, who
        assert get(stack, f"/console/acme/applications/{other}", cookies[who]).status == second, who
        assert get(stack, f"/console/acme/applications/{mine}/resume", cookies[who]).status == (303 if first == 200 else 404), who
        assert get(stack, "/console/acme/applications", cookies[who]).status == 200, who
        assert get(stack, "/console/acme/applications?job_id=job-2", cookies[who]).status == second, who
    # Another company's member and a browser without a session get nothing of Acme's
    for cookie in (foreign, None):
        for path in (f"/console/acme/applications/{mine}", f"/console/acme/applications/{mine}/resume", "/console/acme/applications"):
            answer = get(stack, path, cookie)
            assert answer.status == 303 and answer.headers["location"].endswith("sign-in"), (path, cookie)
            assert "Grace" not in str(answer.body)
    # An API key (JSON twins) sees every job; another company's key sees none of Acme's
    assert stack.request("GET", f"/admin/applications/{other}/history", token=key).status == 200
    assert stack.request("GET", f"/admin/applications/{mine}/history", token=outsider).status == 404
    assert stack.request("POST", "/admin/applications/status", {"application_ids": [mine], "status": "in_review"},
                         token=outsider).status == 404
    assert stack.request("POST", f"/admin/applications/{mine}/undo-rejection", token=outsider).status == 404
    assert stack.request("GET", "/admin/jobs/job-1/members", token=outsider).status == 404


def test_moves_by_role_and_a_hiring_member_cannot_move_anothers_job(stack):
    key = company(stack)
    mine = apply(stack)
    other = apply(stack, job="job-2", email="sam@example.com", first_name="Sam", last_name="Other")
    cookies = team(stack, key)

    for who, expected in {"admin": 200, "recruiter": 200, "hiring": 200, "hiring_elsewhere": 404}.items():
        moved = post(stack, f"/console/acme/applications/{mine}", cookies[who], [("action", "move"), ("status", "in_review")])
        assert moved.status == expected, who
        back = post(stack, f"/console/acme/applications/{mine}", cookies[who], [("action", "move"), ("status", "new")])
        assert back.status == expected, who
    # A hiring member moving a job-2 application along with their own moves neither
    refused = post(stack, "/console/acme/applications", cookies["hiring"],
                   [("action", "move"), ("application", mine), ("application", other), ("to", "interview"), ("tab", "new")])
    assert refused.status == 404
    listed = stack.request("GET", "/admin/applications?status=new", token=key).body["applications"]
    assert {a["id"] for a in listed} == {mine, other}
    # Only admins and recruiters choose who works on a job
    for who, expected in {"admin": 303, "recruiter": 303, "hiring": 403, "hiring_elsewhere": 403}.items():
        saved = post(stack, "/console/acme/applications", cookies[who],
                     [("action", "assign"), ("job_id", "job-1"), ("member", member_id(stack, key, "hal@example.com"))])
        assert saved.status == expected, who
    # Without a session or the page's CSRF field, nothing moves
    assert stack.request("POST", f"/console/acme/applications/{mine}", raw=b"action=move&status=hired",
                         headers=FORM).status == 303
    assert stack.request("POST", f"/console/acme/applications/{mine}", raw=b"csrf=forged&action=move&status=hired",
                         headers={**FORM, "Cookie": cookies["admin"]}).status == 403
    assert stack.request("GET", f"/admin/applications/{mine}", token=key).body["status"] == "new"


def test_a_hiring_member_sees_only_their_jobs_in_the_list_and_the_counts(stack):
    key = company(stack)
    apply(stack, first_name="Mine")
    apply(stack, job="job-2", email="sam@example.com", first_name="Sam", last_name="Other")
    cookies = team(stack, key)

    # When Hal (job-1) and Olga (no job) open the applications list across jobs
    hal = get(stack, "/console/acme/applications", cookies["hiring"])
    olga = get(stack, "/console/acme/applications", cookies["hiring_elsewhere"])
    rita = get(stack, "/console/acme/applications", cookies["recruiter"])

    # Then Hal sees job-1's applicant only, with the count of his jobs; Olga sees none; Rita both
    assert "Mine Hopper" in text(hal) and "Sam Other" not in text(hal) and "Sales Lead" not in text(hal)
    assert "Applied 1" in text(hal)
    assert "No applications here." in text(olga) and "Applied 0" in text(olga)
    assert "Mine Hopper" in text(rita) and "Sam Other" in text(rita) and "Applied 2" in text(rita)
    # And the assignment form is not offered to Hal
    assert "Who works on this job" not in get(stack, "/console/acme/applications?job_id=job-1", cookies["hiring"]).body
    assert "Who works on this job" in get(stack, "/console/acme/applications?job_id=job-1", cookies["recruiter"]).body


# -- the list: statuses, pages, moving several --------------------------------------------

def test_the_list_by_status_newest_first_paginated_and_moving_several(stack):
    key = company(stack)
    names = [f"Person{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(27)]  # Personaa, Personab, ...
    ids = [apply(stack, email=f"p{i}@example.com", first_name=name, client_ip=f"192.0.2.{i}")
           for i, name in enumerate(names)]
    cookies = team(stack, key)
    rita = cookies["recruiter"]

    # The Applied tab: 25 newest first, then the rest on the next page
    first = get(stack, "/console/acme/applications?job_id=job-1&status=new", rita)
    assert listed(first) == [f"{n} Hopper" for n in reversed(names)][:25]
    next_page = unescape(re.search(r'href="\./(applications\?[^"]*cursor=[^"]+)"', first.body).group(1))
    second = get(stack, f"/console/acme/{next_page}", rita)
    assert listed(second) == ["Personab Hopper", "Personaa Hopper"]

    # When Rita ticks three and moves them to Shortlisted
    moved = post(stack, "/console/acme/applications", rita, [
        ("action", "move"), ("job_id", "job-1"), ("tab", "new"), *[("application", i) for i in ids[:3]], ("to", "shortlisted")])
    assert moved.status == 303
    after = get(stack, "/console/acme/" + moved.headers["location"], rita)
    # Then the page says so, the tabs count them and the Shortlisted tab lists them
    assert "Moved to Shortlisted: 3." in text(after)
    assert "Applied 24" in text(after) and "Shortlisted 3" in text(after)
    shortlisted = get(stack, "/console/acme/applications?job_id=job-1&status=shortlisted", rita)
    assert sorted(listed(shortlisted)) == ["Personaa Hopper", "Personab Hopper", "Personac Hopper"]
    # And nothing chosen is a clear 400 that moves nothing
    nothing = post(stack, "/console/acme/applications", rita, [("action", "move"), ("tab", "new"), ("to", "hired")])
    assert nothing.status == 400 and "Choose at least one application" in nothing.body


def test_the_json_twin_moves_several_all_or_nothing_naming_the_bad_id(stack):
    key = company(stack)
    a, b = apply(stack), apply(stack, email="b@example.com")

    refused = stack.request("POST", "/admin/applications/status", {"application_ids": [a, "nope", b], "status": "offer"}, token=key)
    assert refused.status == 404 and "'nope'" in refused.body["error"]["message"]
    assert refused.body["error"]["field"] == "application_ids"
    bad_status = stack.request("POST", "/admin/applications/status", {"application_ids": [a], "status": "promoted"}, token=key)
    assert bad_status.status == 400 and bad_status.body["error"]["field"] == "status"
    assert {x["status"] for x in stack.request("GET", "/admin/applications", token=key).body["applications"]} == {"new"}

    moved = stack.request("POST", "/admin/applications/status", {"application_ids": [a, b], "status": "offer"}, token=key)
    assert moved.status == 200 and [x["status"] for x in moved.body["applications"]] == ["offer", "offer"]


# -- who did what ---------------------------------------------------------------------------

def test_every_view_download_and_move_is_in_the_history_with_who_did_it(stack):
    key = company(stack)
    app_id = apply(stack, resume=True)
    cookies = team(stack, key)

    # When Rita opens the application, downloads the resume, and Hal (the job's) shortlists it
    opened = get(stack, f"/console/acme/applications/{app_id}", cookies["recruiter"])
    download = get(stack, f"/console/acme/applications/{app_id}/resume", cookies["recruiter"])
    moved = post(stack, f"/console/acme/applications/{app_id}", cookies["hiring"], [("action", "move"), ("status", "shortlisted")],
                 csrf_from=f"/console/acme/applications/{app_id}")
    # And a machine reads it with its key
    stack.request("GET", f"/admin/applications/{app_id}", token=key)

    # Then the download is a short-lived link to the file, and the history names everyone
    assert opened.status == 200 and "Grace Hopper" in text(opened)
    assert download.status == 303 and "/resume?" in download.headers["location"] and "Signature=" in download.headers["location"]
    assert moved.status == 200
    history = stack.request("GET", f"/admin/applications/{app_id}/history", token=key).body["history"]
    said = [(line["action"], line["by"]["name"] if line["by"] else None) for line in history]
    assert said[:5] == [
        ("applied", None),  # the application's own event: nobody on the team did it
        ("application_viewed", "Rita Recruiter"),
        ("resume_downloaded", "Rita Recruiter"),
        ("application_viewed", "Hal Hiring"),  # the page Hal's form was on
        ("status_changed", "Hal Hiring"),
    ]
    assert said[5][0] == "application_viewed" and said[5][1].startswith("API key")
    # And the screen shows them in the company's time zone, "Viewed by Rita Recruiter, 2 Dec 10:14"
    page = text(get(stack, f"/console/acme/applications/{app_id}", cookies["admin"]))
    assert re.search(r"Viewed by Rita Recruiter, \d{1,2} [A-Z][a-z]{2} \d\d:\d\d", page)
    assert "Resume downloaded by Rita Recruiter" in page and "Moved from Applied to Shortlisted by Hal Hiring" in page
    viewed_at = datetime.fromisoformat(history[1]["at"].replace("Z", "+00:00")).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Stockholm"))
    assert f"Viewed by Rita Recruiter, {viewed_at.day} " in page and viewed_at.strftime("%H:%M") in page
    # And the application's own first "viewed" event is still the one (LinkedIn is told once)
    events = stack.request("GET", f"/admin/applications/{app_id}", token=key).body["events"]
    assert [e["type"] for e in events].count("viewed") == 1 and events[1]["by"]["name"] == "Rita Recruiter"


def test_an_application_without_a_resume_says_so(stack):
    key = company(stack)
    app_id = apply(stack)
    cookies = team(stack, key)

    page = get(stack, f"/console/acme/applications/{app_id}/resume", cookies["recruiter"])

    assert page.status == 404 and "No resume" in page.body
    assert "resume_downloaded" not in [e["type"] for e in stack.request("GET", f"/admin/applications/{app_id}", token=key).body["events"]]


def test_shared_answers_only(stack):
    questions = [{"id": "portfolio", "text": "Link to your portfolio", "type": "text"},
                 {"id": "salary", "text": "Your expected salary", "type": "text"}]
    key = company(stack, questions=questions)
    app_id = apply(stack, answers=[{"question_id": "portfolio", "value": "https://grace.example", "shared": True},
                                   {"question_id": "salary", "value": "a secret figure", "shared": False}])
    cookies = team(stack, key)

    page = text(get(stack, f"/console/acme/applications/{app_id}", cookies["recruiter"]))

    assert "Link to your portfolio https://grace.example" in page
    assert "a secret figure" not in page and "Your expected salary" not in page


# -- rejecting, and undoing it --------------------------------------------------------------

def test_reject_with_a_delay_says_when_and_undo_means_no_email_and_no_linkedin_rejection(stack, linkedin):
    import app as app_module
    from infrastructure.event_sources import LambdaContext
    from tests.test_linkedin_apply_connect import CONTRACT, ENABLE, actions, deliver

    # Given a company that tells rejected candidates 48 hours later, and a LinkedIn applicant
    key = company(stack, delay_hours=48)
    assert stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, **CONTRACT}, token=key).status == 200
    stack.publish(version=2)
    stack.drain()
    assert deliver(stack, linkedin, linkedin.application()).status == 200
    stack.drain()
    [app_id] = [a["id"] for a in stack.request("GET", "/admin/applications", token=key).body["applications"]]
    cookies = team(stack, key)
    rita = cookies["recruiter"]
    page = f"/console/acme/applications/{app_id}"
    before = datetime.now(timezone.utc)

    # When Rita rejects it on its page
    rejected = post(stack, page, rita, [("action", "move"), ("status", "rejected")], csrf_from=page)
    stack.drain()

    # Then the page says exactly when the candidate will be told, in the company's time zone, with Undo
    due = [datetime.fromisoformat(e["tell_at"].replace("Z", "+00:00")) for e in
           stack.request("GET", f"/admin/applications/{app_id}", token=key).body["events"] if e.get("tell_at")][0]
    assert before + timedelta(hours=48) - timedelta(seconds=5) <= due <= datetime.now(timezone.utc) + timedelta(hours=48)
    local = due.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Stockholm"))
    said = text(rejected)
    assert f"will be told on {local.day} " in said and local.strftime("%H:%M") in said and "(Europe/Stockholm)" in said
    assert "Undo rejection" in said
    [summary] = schedules(stack)
    notice = json.loads(boto3.client("scheduler").get_schedule(GroupName=stack.env["SCHEDULE_GROUP"], Name=summary["Name"])
                        ["Target"]["Input"])
    # When she undoes it
    undone = post(stack, page, rita, [("action", "undo")], csrf_from=page)
    stack.drain()
    # Then it is back where it was, the schedule is gone, and a stale firing sends nothing
    assert undone.status == 200 and "The rejection is undone" in text(undone)
    assert stack.request("GET", f"/admin/applications/{app_id}", token=key).body["status"] == "new"
    assert schedules(stack) == []
    # (even if Scheduler had handed the old schedule to a retry already)
    app_module.rejection_notice(notice, LambdaContext("rejection_notice"))
    stack.drain()
    assert rejections_to(stack, linkedin_email(stack, key, app_id)) == []
    assert [a for a in actions(linkedin) if a[1] == "APPLICATION_REJECTED"] == []
    # And the history names who rejected and who undid
    history = text(get(stack, page, cookies["admin"]))
    assert "Moved from Applied to Rejected by Rita Recruiter" in history and "Rejection undone by Rita Recruiter" in history
    assert summary["Name"] == f"rejection-{app_id}"


def linkedin_email(stack, key, app_id) -> str:
    return stack.request("GET", f"/admin/applications/{app_id}", token=key).body["email"]


def test_reject_without_a_delay_tells_the_candidate_now_and_offers_no_undo(stack):
    key = company(stack)
    app_id = apply(stack)
    cookies = team(stack, key)
    page = f"/console/acme/applications/{app_id}"

    rejected = post(stack, page, cookies["recruiter"], [("action", "move"), ("status", "rejected")], csrf_from=page)
    assert "is being told now" in text(rejected) and "Undo rejection" not in text(rejected)
    stack.drain()

    # Then the email went, the page says when, and undo is refused by the screen and the JSON twin
    assert len(rejections_to(stack, "grace@example.com")) == 1
    shown = text(get(stack, page, cookies["recruiter"]))
    assert re.search(r"Rejected\. Grace Hopper was told on \d{1,2} [A-Z][a-z]{2} \d\d:\d\d", shown)
    assert "Undo rejection" not in shown
    refused = post(stack, page, cookies["recruiter"], [("action", "undo")], csrf_from=page)
    assert refused.status == 409
    assert stack.request("POST", f"/admin/applications/{app_id}/undo-rejection", token=key).status == 409
    assert stack.request("GET", f"/admin/applications/{app_id}", token=key).body["status"] == "rejected"


def test_rejecting_several_with_a_delay_from_the_list_and_undoing_one_there(stack):
    key = company(stack, delay_hours=24)
    a, b = apply(stack), apply(stack, email="b@example.com", first_name="Bea")
    rita = team(stack, key)["recruiter"]

    moved = post(stack, "/console/acme/applications", rita, [
        ("action", "move"), ("tab", "new"), ("application", a), ("application", b), ("to", "rejected")])
    stack.drain()
    after = text(get(stack, "/console/acme/" + moved.headers["location"], rita))
    assert re.search(r"Rejected: 2\. The candidates will be told on \d{1,2} [A-Z][a-z]{2} \d\d:\d\d \(Europe/Stockholm\)", after)

    # The Rejected tab lists both with their time and an Undo each; undoing Bea's keeps Grace's
    tab = get(stack, "/console/acme/applications?status=rejected", rita)
    assert text(tab).count("Undo rejection") == 2
    undone = post(stack, f"/console/acme/applications/{b}", rita, [("action", "undo")], csrf_from="/console/acme/applications?status=rejected")
    assert undone.status == 200
    stack.drain()
    assert [s["Name"] for s in schedules(stack)] == [f"rejection-{a}"]
    assert stack.request("POST", f"/admin/applications/{a}/undo-rejection", token=key).status == 200
    stack.drain()
    assert schedules(stack) == [] and rejections_to(stack, "grace@example.com") == []


# -- assigning members ----------------------------------------------------------------------

def test_assigning_members_from_the_applications_screen_and_its_json_twin(stack):
    key = company(stack)
    apply(stack)
    cookies = team(stack, key)
    olga = member_id(stack, key, "olga@example.com")
    hal = member_id(stack, key, "hal@example.com")
    assert get(stack, "/console/acme/applications?job_id=job-1", cookies["hiring_elsewhere"]).status == 404

    # When Rita ticks Olga (and leaves Hal ticked) on job-1's applications screen
    saved = post(stack, "/console/acme/applications", rita := cookies["recruiter"],
                 [("action", "assign"), ("job_id", "job-1"), ("member", hal), ("member", olga)])
    assert saved.status == 303
    # Then Olga sees job-1's applications, and the JSON twin lists both
    assert "Grace Hopper" in text(get(stack, "/console/acme/applications?job_id=job-1", cookies["hiring_elsewhere"]))
    assert {m["id"] for m in stack.request("GET", "/admin/jobs/job-1/members", token=key).body["members"]} == {hal, olga}
    assert "Saved who works on this job." in text(get(stack, "/console/acme/" + saved.headers["location"], rita))
    # And an unknown member is refused, naming the field, and nothing changes
    bad = stack.request("PUT", "/admin/jobs/job-1/members", {"member_ids": ["nobody"]}, token=key)
    assert bad.status == 404 and bad.body["error"]["field"] == "members"
    assert stack.request("PUT", "/admin/jobs/nope/members", {"member_ids": []}, token=key).status == 404
    assert len(stack.request("GET", "/admin/jobs/job-1/members", token=key).body["members"]) == 2


def test_a_job_boards_key_cannot_change_who_works_on_a_job(stack):
    key = company(stack)
    board = stack.request("POST", "/admin/api-keys", {"label": "board", "scope": "jobs"}, token=key).body
    secret = board.get("key") or board.get("secret") or board.get("token")
    assert stack.request("PUT", "/admin/jobs/job-1/members", {"member_ids": []}, token=secret).status == 403


@pytest.mark.parametrize("language, words", [("sv", ["Ansökningar", "Ansökt"]), ("en", ["Applications", "Applied"])])
def test_the_screens_in_swedish_and_english(stack, language, words):
    key = company(stack)
    app_id = apply(stack)
    rita = team(stack, key)["recruiter"]

    for path in ("/console/acme/applications", f"/console/acme/applications/{app_id}"):
        page = stack.request("GET", f"{path}?lang={language}", headers={**HTML, "Cookie": rita})
        assert page.status == 200 and all(w in page.body for w in words), path
        assert f'lang="{language}"' in page.body


def test_every_text_of_the_applications_screens_has_a_swedish_translation():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from chalicelib.i18n import LOCALES
    from tests.support import ROOT

    translated = set()
    for po in (LOCALES / "sv" / "LC_MESSAGES").glob("*.po"):  # the catalogs are chained
        with po.open("rb") as source:
            translated |= {m.id for m in read_po(source) if m.id and m.string}
    extracted = {
        (message[0] if isinstance(message, tuple) else message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "chalicelib" / "console" / "templates"), method_map=[("applications_*.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}})
    }
    assert extracted and extracted - translated == set()
