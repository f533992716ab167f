"""Applying, the hiring team's view, statuses on the dashboard, and rejection notices (seed 001)."""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone

import boto3

from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import parse_at_expression

APPLICANT = {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}


def apply(stack, job="job-1", **fields):
    return stack.request("POST", f"/companies/acme/jobs/{job}/applications", {**APPLICANT, **fields})


def rejections_to(stack, address):
    return [e for e in stack.emails_to(address) if e["subject"].startswith("Your application to")]


def schedules(stack):
    scheduler = boto3.client("scheduler")
    group = stack.env["SCHEDULE_GROUP"]
    return [scheduler.get_schedule(GroupName=group, Name=s["Name"]) for s in scheduler.list_schedules(GroupName=group)["Schedules"]]


def set_status(stack, application_id, status, deliver_events=True):
    """The hiring team moves the application; its history then flows through the applications
    stream (what Lambda does right after the request)."""
    response = stack.request("POST", f"/admin/applications/{application_id}/status", {"status": status}, token=stack._keys["acme"])
    if deliver_events:
        stack.drain()
    return response


def company_with_delay(stack, hours=48):
    stack.company("acme", {**DEMO_SETTINGS, "delayed_rejection": {"enabled": True, "delay_hours": hours}})
    stack.publish()


def test_apply_with_resume_upload_and_an_offer_to_connect(stack):
    stack.company("acme")
    stack.publish()

    response = apply(stack, resume={"file_name": "grace.pdf", "content_type": "application/pdf", "size": 1234})

    assert response.status == 201 and response.body["status"] == "new"
    upload = response.body["resume_upload"]
    assert upload["url"] and upload["fields"]["key"].endswith("/resume")
    assert "connected" not in response.body  # the same answer for known and unknown addresses
    assert response.body["connect_offer"]["departments"] == ["product"] and response.body["connect_offer"]["application_token"]


def test_applying_to_a_job_that_is_not_open_is_404_and_bad_input_400(stack):
    stack.company("acme")
    stack.publish(status="draft")

    assert apply(stack).status == 404
    assert apply(stack, job="nope").status == 404
    stack.publish(version=2)
    bad = apply(stack, resume={"file_name": "x.exe", "content_type": "application/x-msdownload", "size": 10})
    assert bad.status == 400 and bad.body["error"]["field"] == "resume.content_type"
    assert apply(stack, email="nope").body["error"]["field"] == "email"


def test_connecting_after_applying_reuses_the_applications_details(stack):
    stack.company("acme")
    stack.publish()
    offer = apply(stack).body
    token_body = {
        "source": "application", "application_id": offer["application_id"],
        "application_token": offer["connect_offer"]["application_token"],
        "departments": offer["connect_offer"]["departments"], "consent": True,
    }

    connected = stack.request("POST", "/companies/acme/connections", token_body)
    stack.drain()
    replayed = stack.request("POST", "/companies/acme/connections", token_body)

    assert connected.status == 201 and connected.body["status"] == "pending_confirmation"
    [thanks] = stack.emails_to("grace@example.com", kind="Thanks for connecting")
    assert "Hi Grace" in thanks["text"]
    assert replayed.status == 404  # the offer is used up
    session = stack.request("POST", "/auth/session", {"token": stack.confirm_token("grace@example.com")}).body
    me = stack.request("GET", "/me", token=session["access_token"]).body
    assert me["profile"]["source"] == "application"
    assert [a["job"]["title"] for a in me["applications"]] == ["Front End Developer"]


def test_hiring_team_history_viewed_once_resume_downloaded_and_status_changes(stack):
    stack.company("acme")
    stack.publish()
    application = apply(stack, resume={"file_name": "grace.pdf", "content_type": "application/pdf", "size": 4}).body
    s3 = boto3.client("s3")
    s3.put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=application["resume_upload"]["fields"]["key"], Body=b"%PDF")
    key = stack._keys["acme"]
    app_id = application["application_id"]

    stack.request("GET", f"/admin/applications/{app_id}", token=key)
    stack.request("GET", f"/admin/applications/{app_id}", token=key)
    resume = stack.request("GET", f"/admin/applications/{app_id}/resume", token=key)
    set_status(stack, app_id, "in_review")
    detail = stack.request("GET", f"/admin/applications/{app_id}", token=key).body

    assert resume.status == 200 and resume.body["url"].startswith("https://")
    assert [e["type"] for e in detail["events"]] == ["applied", "viewed", "resume_downloaded", "status_changed"]
    assert detail["events"][-1]["from"] == "new" and detail["events"][-1]["to"] == "in_review"
    assert all(e["at"] for e in detail["events"])


def test_lists_by_job_and_by_status_with_cursor_pagination(stack):
    stack.company("acme")
    stack.publish()
    stack.publish(external_id="job-2", title="Other")
    ids = [apply(stack, email=f"p{i}@example.com").body["application_id"] for i in range(3)]
    apply(stack, job="job-2", email="other@example.com")
    set_status(stack, ids[0], "interview")
    key = stack._keys["acme"]

    by_job = stack.request("GET", "/admin/applications?job_id=job-1&limit=2", token=key).body
    rest = stack.request("GET", f"/admin/applications?job_id=job-1&limit=2&cursor={by_job['next_cursor']}", token=key).body
    interviews = stack.request("GET", "/admin/applications?status=interview", token=key).body

    assert len(by_job["applications"]) == 2 and by_job["next_cursor"]
    assert {a["id"] for a in by_job["applications"] + rest["applications"]} == set(ids)
    assert [a["id"] for a in interviews["applications"]] == [ids[0]]
    assert stack.request("GET", "/admin/applications?status=bogus", token=key).status == 400
    assert stack.request("GET", "/admin/applications?limit=1000", token=key).status == 400


def test_status_changes_show_on_the_dashboard(stack):
    stack.company("acme")
    token = stack.connect_and_confirm(email="grace@example.com")
    stack.publish()
    application = stack.request("POST", "/companies/acme/jobs/job-1/applications", APPLICANT, token=token).body
    assert application["connect_offer"] is None  # signed in: connected already

    set_status(stack, application["application_id"], "interview")

    [shown] = stack.request("GET", "/me", token=token).body["applications"]
    assert shown["status"] == "interview" and shown["job"]["title"] == "Front End Developer"


def test_rejection_without_delay_sends_one_email_through_the_queue(stack):
    stack.company("acme")
    stack.publish()
    app_id = apply(stack).body["application_id"]

    set_status(stack, app_id, "rejected", deliver_events=False)
    assert rejections_to(stack, "grace@example.com") == []  # not inside the request
    stack.pump.deliveries = 2
    stack.drain()

    [notice] = rejections_to(stack, "grace@example.com")
    assert "Front End Developer" in notice["text"] and "rather than hear nothing" in notice["text"]
    assert schedules(stack) == []


def test_rejection_with_delay_creates_one_schedule_with_the_right_time_target_and_input(stack):
    company_with_delay(stack, hours=48)
    app_id = apply(stack).body["application_id"]
    before = datetime.now(timezone.utc)

    set_status(stack, app_id, "rejected")
    stack.drain()

    [schedule] = schedules(stack)
    due = parse_at_expression(schedule["ScheduleExpression"])
    assert before + timedelta(hours=48) - timedelta(seconds=1) <= due <= datetime.now(timezone.utc) + timedelta(hours=48)
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["Name"] == f"rejection-{app_id}"
    assert schedule["ActionAfterCompletion"] == "DELETE"
    assert schedule["Target"]["Arn"] == os.environ["REJECTION_FUNCTION_ARN"]
    assert schedule["Target"]["RoleArn"] == os.environ["SCHEDULER_ROLE_ARN"]
    assert schedule["Target"]["RetryPolicy"]["MaximumRetryAttempts"] > 0
    assert schedule["Target"]["DeadLetterConfig"]["Arn"].endswith("schedules-dlq")
    assert json.loads(schedule["Target"]["Input"]) == {
        "kind": "rejection", "company": "acme", "application_id": app_id, "rejected_at": json.loads(schedule["Target"]["Input"])["rejected_at"],
    }
    assert rejections_to(stack, "grace@example.com") == []


def test_a_delayed_notice_fired_twice_sends_one_email(stack):
    import app as app_module
    from infrastructure.event_sources import LambdaContext

    company_with_delay(stack)
    app_id = apply(stack).body["application_id"]
    set_status(stack, app_id, "rejected")
    [schedule] = schedules(stack)
    payload = json.loads(schedule["Target"]["Input"])

    app_module.rejection_notice(payload, LambdaContext("rejection_notice"))
    app_module.rejection_notice(payload, LambdaContext("rejection_notice"))
    stack.drain()

    assert len(rejections_to(stack, "grace@example.com")) == 1


def test_un_rejecting_before_the_time_deletes_the_schedule_and_sends_nothing(stack):
    import app as app_module
    from infrastructure.event_sources import LambdaContext

    company_with_delay(stack)
    app_id = apply(stack).body["application_id"]
    set_status(stack, app_id, "rejected")
    [schedule] = schedules(stack)

    moved = set_status(stack, app_id, "interview")
    # Even if the old schedule had already been handed to Scheduler's retry, its notice is stale.
    app_module.rejection_notice(json.loads(schedule["Target"]["Input"]), LambdaContext("rejection_notice"))
    stack.drain()

    assert moved.status == 200 and schedules(stack) == []
    assert rejections_to(stack, "grace@example.com") == []


def test_the_local_pump_fires_a_due_schedule(stack):
    company_with_delay(stack, hours=1)
    app_id = apply(stack).body["application_id"]
    set_status(stack, app_id, "rejected")
    [schedule] = schedules(stack)
    scheduler = boto3.client("scheduler")
    # Move the schedule into the past, as if the hour had gone by.
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    scheduler.update_schedule(
        Name=schedule["Name"], GroupName=stack.env["SCHEDULE_GROUP"], ScheduleExpression=f"at({past})",
        FlexibleTimeWindow={"Mode": "OFF"}, Target=schedule["Target"], ActionAfterCompletion="DELETE",
    )

    stack.drain()

    assert len(rejections_to(stack, "grace@example.com")) == 1
    assert schedules(stack) == []


def test_a_rejected_candidate_who_is_connected_keeps_getting_job_tips(stack):
    stack.company("acme")
    token = stack.connect_and_confirm(email="grace@example.com")
    stack.publish()
    stack.drain()
    app_id = stack.request("POST", "/companies/acme/jobs/job-1/applications", APPLICANT, token=token).body["application_id"]

    set_status(stack, app_id, "rejected")
    stack.publish(external_id="job-2", title="Next chance")
    stack.drain()

    [notice] = rejections_to(stack, "grace@example.com")
    assert "still connected" in notice["text"]
    assert "New job at Acme: Next chance" in [t["subject"] for t in stack.job_tips_to("grace@example.com")]
