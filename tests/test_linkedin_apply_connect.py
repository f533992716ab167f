"""Issue 10: LinkedIn Apply Connect end to end, against the stand-in LinkedIn on 127.0.0.1.

Jobs go to LinkedIn from the jobs stream (CREATE / UPDATE / CLOSE, with or without onsite apply),
applications come back through the signed webhook, and what the hiring team does goes back to
LinkedIn as lifecycle actions, following the company's delayed-rejection setting.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.support import posting

ENABLE = {"enabled": True, "terms_accepted_by": "Grace Hopper", "organization_id": "2414183", "default_apply_connect": True}
CONTRACT = {"recruiter_contract": True, "status_notifications": True}
QUESTIONS = [
    {"id": "portfolio", "text": "Link to your portfolio", "type": "text", "required": True},
    {"id": "visa", "text": "Do you need a visa?", "type": "yes_no"},
    {"id": "stack", "text": "Which do you use?", "type": "multiple_choice", "options": ["React", "Vue", "Svelte"],
     "level": "department", "department": "product"},
    {"id": "quota", "text": "Your last quota?", "type": "text", "level": "department", "department": "sales"},
]


def company(stack, linkedin, slug="acme", delay_hours=None, **integration):
    settings = {**DEMO_SETTINGS, "questions": QUESTIONS}
    if delay_hours:
        settings["delayed_rejection"] = {"enabled": True, "delay_hours": delay_hours}
    key = stack.company(slug, settings)
    response = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, **integration}, token=key)
    assert response.status == 200, response.body
    return key


def sent(linkedin, operation=None):
    """The job posting elements LinkedIn received, oldest first."""
    elements = [e for r in linkedin.requests if r["path"] == "/v2/simpleJobPostings" for e in json.loads(r["body"])["elements"]]
    return [e for e in elements if operation is None or e["jobPostingOperationType"] == operation]


def linkedin_view(stack, key, job_id="job-1"):
    response = stack.request("GET", f"/admin/jobs/{job_id}", token=key)
    assert response.status == 200, response.body
    return response.body["linkedin"]


def publish(stack, key, **fields):
    response = stack.request("POST", "/admin/jobs", posting(**fields), token=key)
    assert response.status in (200, 201), response.body
    stack.drain()
    return response


def deliver(stack, linkedin, application, company_slug="acme", job_id="job-1", secret=None, foreign_id=None, raw=None,
            utf8_body=False):
    body, headers = linkedin.signed(foreign_id or company_slug, application, secret, utf8_body=utf8_body)
    return stack.request("POST", f"/linkedin/webhook/{company_slug}/jobs/{job_id}", raw=raw if raw is not None else body,
                         headers=headers)


def applications(stack, key):
    return stack.request("GET", "/admin/applications", token=key).body["applications"]


def actions(linkedin):
    return [(a["jobApplicationId"], a["action"]) for a in linkedin.actions]


# -- 2. jobs to LinkedIn ---------------------------------------------------------------
def test_a_published_job_goes_to_linkedin_with_onsite_apply_and_its_status_is_shown(stack, linkedin):
    # Given a company with Apply Connect on by default, and questions for the product department
    key = company(stack, linkedin, resume_required=False)

    # When a recruiter publishes a product job
    response = stack.request("POST", "/admin/jobs", posting(), token=key)

    # Then nothing reached LinkedIn inside the request: the stream sends it
    assert response.status == 201 and sent(linkedin) == []
    stack.drain()
    [element] = sent(linkedin)
    assert element["jobPostingOperationType"] == "CREATE" and element["externalJobPostingId"] == "job-1"
    assert element["integrationContext"] == "urn:li:organization:2414183" and element["listingType"] == "BASIC"
    assert 100 <= len(element["description"]) <= 25_000
    onsite = element["onsiteApplyConfiguration"]
    assert onsite["jobApplicationWebhookUrl"].endswith("/linkedin/webhook/acme/jobs/job-1")
    assert onsite["questions"]["resumeQuestions"] == {"required": False}
    questions = onsite["questions"]["additionalQuestions"]["customQuestionSets"][0]["questions"]
    # The general questions and the product department's, each with its stable identifier
    assert [q["partnerQuestionIdentifier"] for q in questions] == ["portfolio", "visa", "stack"]
    assert questions[0]["required"] is True
    assert [c["displayValue"] for c in questions[2]["questionDetails"]["multipleChoiceQuestionDetails"]["choices"]] == ["React", "Vue", "Svelte"]
    # And the job shows LinkedIn's status and the posting's URL
    view = linkedin_view(stack, key)
    assert view["effective_apply_connect"] is True
    assert view["posting"]["state"] == "posted" and view["posting"]["apply_status"] == "ENABLED"
    assert view["posting"]["listing_status"] == "LISTED" and view["posting"]["posting_url"].startswith("https://www.linkedin.com/jobs/view/")


@pytest.mark.parametrize("default, choice, onsite", [
    (True, "default", True), (True, False, False), (False, "default", False), (False, True, True),
])
def test_apply_connect_follows_the_company_default_unless_the_posting_says_otherwise(stack, linkedin, default, choice, onsite):
    # Given the company's default, and a posting that keeps it or overrides it
    key = company(stack, linkedin, default_apply_connect=default, recruiter_contract_id="urn:li:contract:77")

    # When the job is published as a premium listing
    publish(stack, key, linkedin={"apply_connect": choice, "listing": "premium"})

    # Then LinkedIn gets onsite apply exactly when the posting's effective choice is on
    [element] = sent(linkedin)
    assert ("onsiteApplyConfiguration" in element) is onsite and element["listingType"] == "PREMIUM"
    view = linkedin_view(stack, key)
    assert view["apply_connect"] == choice and view["effective_apply_connect"] is onsite
    assert view["posting"]["apply_status"] == ("ENABLED" if onsite else "NOT_ENABLED")


def test_the_per_posting_choice_is_validated_and_nothing_is_written(stack, linkedin):
    key = company(stack, linkedin)
    before = stack.records()

    wrong = stack.request("POST", "/admin/jobs", posting(linkedin={"apply_connect": "yes"}), token=key)
    unknown = stack.request("POST", "/admin/jobs", posting(linkedin={"listing": "basic", "boost": True}), token=key)

    assert wrong.status == 400 and wrong.body["error"]["field"].startswith("linkedin.apply_connect")
    assert unknown.status == 400 and unknown.body["error"]["field"] == "linkedin.boost"
    assert stack.records() == before


def test_edit_and_close_send_update_and_close_once_each_however_often_the_stream_delivers(stack, linkedin):
    # Given a job on LinkedIn, and every stream record and message delivered twice
    key = company(stack, linkedin)
    stack.pump.deliveries = 2
    publish(stack, key)

    # When the recruiter edits it, then closes it
    assert stack.request("PATCH", "/admin/jobs/job-1", {"title": "Senior Front End Developer"}, token=key).status == 200
    stack.drain()
    assert stack.request("PATCH", "/admin/jobs/job-1", {"status": "closed"}, token=key).status == 200
    stack.drain()

    # Then LinkedIn got one CREATE, one UPDATE with the new title and one CLOSE
    assert [e["jobPostingOperationType"] for e in sent(linkedin)] == ["CREATE", "UPDATE", "CLOSE"]
    assert sent(linkedin, "UPDATE")[0]["title"] == "Senior Front End Developer"
    view = linkedin_view(stack, key)
    assert view["posting"]["state"] == "closed" and view["posting"]["listing_status"] == "CLOSED"


def test_a_draft_never_reaches_linkedin_and_a_company_without_apply_connect_posts_nothing(stack, linkedin):
    key = company(stack, linkedin)
    other = stack.company("globex")

    publish(stack, key, status="draft")
    stack.request("POST", "/admin/jobs", posting(), token=other)
    stack.drain()

    assert sent(linkedin) == []
    assert linkedin_view(stack, key)["posting"]["state"] == "not_posted"
    assert stack.request("GET", "/admin/jobs/job-1", token=other).body["linkedin"]["posting"] is None


def test_a_failed_task_is_shown_with_its_reason_and_publishing_again_retries(stack, linkedin):
    # Given LinkedIn fails the posting's task
    key = company(stack, linkedin)
    linkedin.fail_task("job-1", "description contains a disallowed link")

    publish(stack, key)

    # Then the job shows the failure and LinkedIn's reason
    posting_state = linkedin_view(stack, key)["posting"]
    assert posting_state["state"] == "failed" and posting_state["failure_reason"] == "description contains a disallowed link"
    # And once the recruiter fixes the job, the next version is created (nothing was live)
    linkedin.heal_task("job-1")
    stack.request("PATCH", "/admin/jobs/job-1", {"description": "A better description. " * 10}, token=key)
    stack.drain()
    assert [e["jobPostingOperationType"] for e in sent(linkedin)] == ["CREATE", "CREATE"]
    assert linkedin_view(stack, key)["posting"]["state"] == "posted"


def test_a_task_still_in_progress_is_followed_until_it_succeeds(stack, linkedin):
    key = company(stack, linkedin)
    linkedin.task_checks_in_progress = 2

    publish(stack, key)

    checks = [r for r in linkedin.requests if r["path"] == "/v2/simpleJobPostingTasks"]
    assert len(checks) == 3 and linkedin_view(stack, key)["posting"]["state"] == "posted"


def test_linkedin_answering_429_then_200_posts_once(stack, linkedin):
    key = company(stack, linkedin)
    linkedin.fail_next(429, times=1, retry_after=0)

    publish(stack, key)

    assert len(sent(linkedin)) == 2  # the refused attempt, then the accepted one
    assert linkedin_view(stack, key)["posting"]["state"] == "posted"
    assert stack.queue_messages(stack.env["LINKEDIN_DLQ"]) == []


def test_what_keeps_failing_lands_in_the_dlq_with_its_reason(stack, linkedin):
    # Given LinkedIn answering 503 to everything for a while
    key = company(stack, linkedin)
    stack.pump.retry_failed_at_once = True
    linkedin.fail_next(503, times=100, retry_after=0)

    # When a job is published and every retry is used up
    stack.request("POST", "/admin/jobs", posting(), token=key)
    stack.pump.drain()

    # Then the work is parked with LinkedIn's answer as the reason, and nothing was recorded as posted
    [parked] = stack.queue_messages(stack.env["LINKEDIN_DLQ"])
    assert json.loads(parked["Body"])["kind"] == "sync_posting"
    assert "503" in parked["MessageAttributes"]["reason"]["StringValue"]
    assert linkedin_view(stack, key)["posting"] is None


# -- 3. applications from LinkedIn ----------------------------------------------------------
def live_job(stack, linkedin, **integration):
    key = company(stack, linkedin, **integration)
    publish(stack, key)
    return key


def test_a_signed_application_is_stored_once_with_its_resume_and_answers(stack, linkedin):
    # Given a job live on LinkedIn with Apply Connect
    key = live_job(stack, linkedin)
    stack.pump.deliveries = 2
    choices = {c["displayValue"]: c["symbolicName"] for c in sent(linkedin)[0]["onsiteApplyConfiguration"]["questions"]
               ["additionalQuestions"]["customQuestionSets"][0]["questions"][2]["questionDetails"]["multipleChoiceQuestionDetails"]["choices"]}
    application = linkedin.application(answers=[
        {"partnerQuestionIdentifier": "portfolio", "textQuestionResponse": {"text": "https://grace.example"}},
        {"partnerQuestionIdentifier": "stack", "multipleChoiceQuestionResponse": {"symbolicNames": [choices["Vue"], choices["React"]]}},
        {"partnerQuestionIdentifier": "quota", "textQuestionResponse": {"text": "not asked of this job"}},
    ])

    # When LinkedIn delivers it three times
    answers = [deliver(stack, linkedin, application) for _ in range(3)]
    stack.drain()

    # Then each delivery is 200 and there is one application, from LinkedIn
    assert [a.status for a in answers] == [200, 200, 200]
    assert [a.body["created"] for a in answers] == [True, False, False]
    [listed] = applications(stack, key)
    assert listed["source"] == "linkedin" and listed["email"] == "grace@example.com" and listed["has_resume"]
    assert listed["linkedin"]["application_urn"] == application["jobApplicationId"]
    assert listed["linkedin"]["integration_context"] == "urn:li:organization:2414183"
    assert listed["linkedin"]["api_key"] == linkedin.apps["acme"]["credentials"]["client_id"]
    assert listed["linkedin"]["highlights"] is False  # no Recruiter contract
    # With the answers mapped back to the company's questions (the sales question is not this job's)
    detail = stack.request("GET", f"/admin/applications/{listed['id']}", token=key).body
    assert {a["question_id"]: a["value"] for a in detail["answers"]} == {"portfolio": "https://grace.example", "stack": ["Vue", "React"]}
    assert [e["type"] for e in detail["events"]][:1] == ["applied"]
    # And the resume was copied into the bucket, once
    link = stack.request("GET", f"/admin/applications/{listed['id']}/resume", token=key)
    assert link.status == 200
    bucket = stack.env["RESUMES_BUCKET"]
    objects = boto3.client("s3").list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in objects] == [f"acme/{listed['id']}/resume"]
    assert boto3.client("s3").get_object(Bucket=bucket, Key=objects[0]["Key"])["Body"].read() == b"%PDF-1.4 resume"
    assert len([r for r in linkedin.requests if r["path"].startswith("/media/")]) == 1


def test_with_the_apply_package_the_list_offers_highlights(stack, linkedin):
    key = live_job(stack, linkedin, **CONTRACT)
    deliver(stack, linkedin, linkedin.application(resume=None))

    [listed] = applications(stack, key)

    assert listed["linkedin"]["highlights"] is True and not listed["has_resume"]


@pytest.mark.parametrize("tamper", ["bad signature", "replayed with a changed body", "wrong secret", "no signature"])
def test_an_unsigned_or_tampered_delivery_is_401_and_writes_nothing(stack, linkedin, tamper):
    live_job(stack, linkedin)
    stack.drain()
    before = stack.records()
    application = linkedin.application()
    body, headers = linkedin.signed("acme", application)
    if tamper == "bad signature":
        headers["X-LI-Signature"] = "hmacsha256=" + "0" * 64
    elif tamper == "replayed with a changed body":
        body = body.replace(b"Grace", b"Mallory")
    elif tamper == "wrong secret":
        body, headers = linkedin.signed("acme", application, secret="not-the-child-secret")
    else:
        headers.pop("X-LI-Signature")

    response = stack.request("POST", "/linkedin/webhook/acme/jobs/job-1", raw=body, headers=headers)
    stack.drain()

    assert response.status == 401 and response.body["error"]["field"] == "X-LI-Signature"
    assert stack.records() == before and stack.queue_messages(stack.env["LINKEDIN_QUEUE"]) == []


def test_deliveries_for_unknown_closed_or_offsite_jobs_are_refused_with_linkedins_fields(stack, linkedin):
    key = live_job(stack, linkedin)
    publish(stack, key, external_id="offsite", linkedin={"apply_connect": False})
    publish(stack, key, external_id="gone")
    stack.request("PATCH", "/admin/jobs/gone", {"status": "closed"}, token=key)
    stack.drain()
    before = stack.records()

    unknown = deliver(stack, linkedin, linkedin.application(), job_id="nope")
    closed = deliver(stack, linkedin, linkedin.application(), job_id="gone")
    offsite = deliver(stack, linkedin, linkedin.application(), job_id="offsite")
    malformed = deliver(stack, linkedin, {"jobApplicationId": "urn:li:jobApplication:1", "questionResponses": {}})

    assert (unknown.status, unknown.body["errorCode"]) == (404, "JOB_NOT_FOUND")
    assert (closed.status, closed.body["errorCode"]) == (410, "JOB_CLOSED")
    assert (offsite.status, offsite.body["errorCode"]) == (409, "APPLY_CONNECT_DISABLED")
    assert malformed.status == 400 and malformed.body["errorCode"] == "INVALID_APPLICATION"
    assert all(r.body["additionalErrorDetails"] for r in (unknown, closed, offsite, malformed))
    assert stack.records() == before


def test_the_job_webhook_answers_linkedins_validation_handshake(stack, linkedin):
    from chalicelib.linkedin.signature import challenge_response

    live_job(stack, linkedin)
    app = linkedin.apps["acme"]
    code = "0f0e0d0c-0b0a-4909-8807-060504030201"

    response = stack.request("GET", f"/linkedin/webhook/acme/jobs/job-1?challengeCode={code}&applicationId={app['key']}")

    assert response.status == 200 and response.headers["content-type"] == "application/json"
    assert response.body == {"challengeCode": code, "challengeResponse": challenge_response(app["credentials"]["client_secret"], code)}


def test_another_companys_signature_and_admin_see_nothing(stack, linkedin):
    # Given two companies with Apply Connect and one LinkedIn application at acme
    key = live_job(stack, linkedin)
    other = company(stack, linkedin, slug="globex")
    stack.request("POST", "/admin/jobs", posting(), token=other)
    stack.drain()
    deliver(stack, linkedin, linkedin.application())
    [mine] = applications(stack, key)

    # When globex's admin looks, and a delivery to globex is signed with acme's secret
    look = stack.request("GET", f"/admin/applications/{mine['id']}", token=other)
    crossed = deliver(stack, linkedin, linkedin.application(), company_slug="globex", foreign_id="acme")

    # Then globex sees nothing of acme's applicant and the delivery is refused
    assert look.status == 404 and applications(stack, other) == []
    assert crossed.status == 401


# -- 4. status back to LinkedIn ----------------------------------------------------------
def linkedin_applicant(stack, linkedin, **integration):
    key = live_job(stack, linkedin, **integration)
    application = linkedin.application()
    deliver(stack, linkedin, application)
    stack.drain()
    [listed] = applications(stack, key)
    return key, listed["id"], application["jobApplicationId"]


def reject(stack, key, application_id, status="rejected"):
    response = stack.request("POST", f"/admin/applications/{application_id}/status", {"status": status}, token=key)
    assert response.status == 200, response.body
    stack.drain()


def test_viewed_downloaded_and_rejected_are_pushed_once_each(stack, linkedin):
    # Given a LinkedIn applicant at a company with the Apply Package and notifications on
    key, application_id, urn = linkedin_applicant(stack, linkedin, **CONTRACT)
    stack.pump.deliveries = 2

    # When the hiring team opens it twice, downloads the resume twice, and rejects it (no delay)
    for _ in range(2):
        stack.request("GET", f"/admin/applications/{application_id}", token=key)
        stack.request("GET", f"/admin/applications/{application_id}/resume", token=key)
    stack.drain()
    reject(stack, key, application_id)

    # Then LinkedIn heard each once, for that application, with the organization
    assert sorted(actions(linkedin)) == sorted([(urn, "APPLICATION_VIEWED"), (urn, "RESUME_DOWNLOADED"), (urn, "APPLICATION_REJECTED")])
    assert {a["integrationContext"] for a in linkedin.actions} == {"urn:li:organization:2414183"}
    assert all(isinstance(a["performedAt"], int) for a in linkedin.actions)


def fire_due_rejections(stack):
    """As if the delay had passed: every rejection schedule moved into the past, then the pump."""
    scheduler = boto3.client("scheduler")
    group = stack.env["SCHEDULE_GROUP"]
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    for summary in scheduler.list_schedules(GroupName=group)["Schedules"]:
        schedule = scheduler.get_schedule(GroupName=group, Name=summary["Name"])
        scheduler.update_schedule(Name=schedule["Name"], GroupName=group, ScheduleExpression=f"at({past})",
                                  FlexibleTimeWindow={"Mode": "OFF"}, Target=schedule["Target"], ActionAfterCompletion="DELETE")
    stack.drain()


def test_a_delayed_rejection_reaches_linkedin_when_the_notice_goes_out(stack, linkedin):
    # Given a company that delays rejection notices by two days
    key, application_id, urn = linkedin_applicant(stack, linkedin, delay_hours=48, **CONTRACT)

    # When the applicant is rejected, LinkedIn hears nothing yet
    reject(stack, key, application_id)
    assert actions(linkedin) == []

    assert stack.emails_to("grace@example.com") == []

    # Then, when the delay is over, the email and the LinkedIn status go out together
    fire_due_rejections(stack)
    assert actions(linkedin) == [(urn, "APPLICATION_REJECTED")]
    assert len(stack.emails_to("grace@example.com")) == 1


def test_a_rejection_withdrawn_within_the_delay_never_reaches_linkedin(stack, linkedin):
    import app as app_module
    from infrastructure.event_sources import LambdaContext

    key, application_id, _ = linkedin_applicant(stack, linkedin, delay_hours=48, **CONTRACT)
    reject(stack, key, application_id)
    scheduler = boto3.client("scheduler")
    [summary] = scheduler.list_schedules(GroupName=stack.env["SCHEDULE_GROUP"])["Schedules"]
    notice = json.loads(scheduler.get_schedule(GroupName=stack.env["SCHEDULE_GROUP"], Name=summary["Name"])["Target"]["Input"])

    # When the recruiter moves it on before the delay is over (and a stale schedule fires anyway)
    reject(stack, key, application_id, status="interview")
    app_module.rejection_notice(notice, LambdaContext("rejection_notice"))
    stack.drain()

    assert actions(linkedin) == []


@pytest.mark.parametrize("integration", [{}, {"recruiter_contract": True, "status_notifications": False}])
def test_without_the_contract_or_with_notifications_off_nothing_is_pushed(stack, linkedin, integration):
    key, application_id, _ = linkedin_applicant(stack, linkedin, **integration)

    stack.request("GET", f"/admin/applications/{application_id}", token=key)
    stack.request("GET", f"/admin/applications/{application_id}/resume", token=key)
    reject(stack, key, application_id)

    assert linkedin.actions == []
    assert [r for r in linkedin.requests if r["path"] == "/v2/jobApplicationLifecycleActions"] == []


def test_career_site_applications_are_never_pushed_to_linkedin(stack, linkedin):
    key = live_job(stack, linkedin, **CONTRACT)
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {
        "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
        "answers": [{"question_id": "portfolio", "value": "https://ada.example"}]})
    assert applied.status == 201, applied.body
    stack.drain()

    stack.request("GET", f"/admin/applications/{applied.body['application_id']}", token=key)
    reject(stack, key, applied.body["application_id"])

    assert linkedin.actions == []


def test_a_linkedin_applicant_who_is_connected_shows_as_such_once_they_confirm(stack, linkedin):
    import re

    # Given Ada, connected and confirmed, and a job live on LinkedIn
    key = live_job(stack, linkedin, **CONTRACT)
    token = stack.connect_and_confirm(email="ada@example.com", client_ip="192.0.2.9",
                                      answers=[{"question_id": "portfolio", "value": "https://ada.example"}])

    # When an application with her address arrives from LinkedIn
    deliver(stack, linkedin, linkedin.application(first_name="Ada", last_name="Lovelace", email="ada@example.com"))
    stack.drain()

    # Then it joins her only when she confirms through the email her address received
    [row] = [c for c in stack.request("GET", "/admin/candidates", token=key).body["candidates"] if c["email"] == "ada@example.com"]
    assert row["applied_through"] == []
    [ask] = stack.emails_to("ada@example.com", kind="Is this application")
    link_token = re.search(r"token=([A-Za-z0-9_-]+)", ask["text"]).group(1)
    assert stack.request("POST", "/auth/session", {"token": link_token}).status == 200
    # And the recruiters' candidate list and detail mark her as a LinkedIn applicant
    [row] = [c for c in stack.request("GET", "/admin/candidates", token=key).body["candidates"] if c["email"] == "ada@example.com"]
    assert row["applied_through"] == ["linkedin"]
    [application] = stack.request("GET", f"/admin/candidates/{row['id']}", token=key).body["applications"]
    assert application["source"] == "linkedin" and application["linkedin"]["highlights"] is True
    assert len(stack.request("GET", "/me", token=token).body["applications"]) == 1


@pytest.mark.parametrize("url, content, reason", [
    ("http://198.51.100.7/steal", None, "not on LinkedIn"),
    (None, b"<html>not a resume</html>", "not a resume type"),
])
def test_a_resume_that_cannot_be_copied_is_parked_with_its_reason_and_the_application_kept(stack, linkedin, url, content, reason):
    # Given a delivery whose resume is on a host that is not LinkedIn, or is not a document
    key = live_job(stack, linkedin)
    application = linkedin.application()
    if url:
        application["questionResponses"]["resumeQuestionResponses"]["resume"]["url"] = url
    else:
        media_id = application["questionResponses"]["resumeQuestionResponses"]["resume"]["url"].rsplit("/", 1)[1]
        linkedin.media[media_id] = content
        linkedin.media_types[media_id] = "text/html"

    # When it is delivered and the copy is attempted
    assert deliver(stack, linkedin, application).status == 200
    stack.drain()

    # Then the application is there without a resume, the token never left for another host, and
    # the copy is in the DLQ with the reason
    [listed] = applications(stack, key)
    assert listed["source"] == "linkedin" and not listed["has_resume"]
    [parked] = stack.queue_messages(stack.env["LINKEDIN_DLQ"])
    assert json.loads(parked["Body"])["kind"] == "copy_resume"
    assert reason in parked["MessageAttributes"]["reason"]["StringValue"]
    assert boto3.client("s3").list_objects_v2(Bucket=stack.env["RESUMES_BUCKET"]).get("Contents") is None


def test_switching_apply_connect_off_and_on_updates_the_live_postings(stack, linkedin):
    # Given a job live on LinkedIn with onsite apply, and a draft
    key = live_job(stack, linkedin)
    publish(stack, key, external_id="draft-1", status="draft")

    # When the company switches Apply Connect off
    assert stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "enabled": False}, token=key).status == 200
    stack.drain()

    # Then the live posting stays on LinkedIn, applied to off-site; the draft is not sent
    assert [(e["externalJobPostingId"], e["jobPostingOperationType"], "onsiteApplyConfiguration" in e)
            for e in sent(linkedin)] == [("job-1", "CREATE", True), ("job-1", "UPDATE", False)]
    assert linkedin_view(stack, key)["posting"]["apply_status"] == "NOT_ENABLED"
    refused = deliver(stack, linkedin, linkedin.application())
    assert (refused.status, refused.body["errorCode"]) == (409, "APPLY_CONNECT_DISABLED")

    # And switched on again, it takes applications on LinkedIn again
    assert stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key).status == 200
    stack.drain()
    assert [e["jobPostingOperationType"] for e in sent(linkedin)] == ["CREATE", "UPDATE", "UPDATE"]
    assert "onsiteApplyConfiguration" in sent(linkedin)[-1]
    assert deliver(stack, linkedin, linkedin.application()).status == 200


def test_a_posting_from_a_job_board_queue_carries_its_linkedin_choice_too(stack, linkedin):
    # Given Apply Connect on by default (and a Recruiter contract, for premium listings)
    key = company(stack, linkedin, recruiter_contract_id="77")

    # When a job board sends a posting through the queue that opts out of Apply Connect
    stack.queue_posting({**posting(external_id="board-1", linkedin={"apply_connect": False, "listing": "premium"}), "company": "acme"})
    stack.drain()

    # Then it is posted to LinkedIn without onsite apply, as a premium listing
    [element] = sent(linkedin)
    assert element["externalJobPostingId"] == "board-1" and element["listingType"] == "PREMIUM"
    assert "onsiteApplyConfiguration" not in element
    assert linkedin_view(stack, key, "board-1")["posting"]["state"] == "posted"


def test_a_task_check_that_fails_is_retried_on_its_own_without_posting_again(stack, linkedin):
    # Given LinkedIn failing every attempt of the first task check (the client's own retries too)
    key = company(stack, linkedin)
    stack.pump.retry_failed_at_once = True
    linkedin.fail_next(500, times=4, retry_after=0, path="/v2/simpleJobPostingTasks")

    # When a job is published
    assert stack.request("POST", "/admin/jobs", posting(), token=key).status == 201
    stack.pump.drain()

    # Then the check is retried by itself, the job is posted once, and it is shown as posted
    assert len(sent(linkedin)) == 1
    assert len([r for r in linkedin.requests if r["path"] == "/v2/simpleJobPostingTasks"]) == 5
    assert linkedin_view(stack, key)["posting"]["state"] == "posted"
    assert stack.queue_messages(stack.env["LINKEDIN_DLQ"]) == []


@pytest.mark.parametrize("utf8_body", [False, True])
def test_a_name_beyond_ascii_arrives_intact_however_linkedin_encodes_the_body(stack, linkedin, utf8_body):
    # Given a job live on LinkedIn
    key = live_job(stack, linkedin)

    # When an application from Åsa Ørsted 😀 arrives, its body escaped or as UTF-8, signed over the escaped form
    answer = deliver(stack, linkedin, linkedin.application(first_name="Åsa", last_name="Ørsted 😀", resume=None),
                     utf8_body=utf8_body)

    # Then the signature holds and the name is stored with its letters (what a name may not hold,
    # the emoji, is dropped rather than the application refused)
    assert answer.status == 200, answer.body
    [listed] = applications(stack, key)
    assert (listed["first_name"], listed["last_name"]) == ("Åsa", "Ørsted")


@pytest.mark.parametrize("contact, field", [
    ({"email": "not-an-address", "phoneNumber": "<script>"}, "email"),
    ({"email": "grace@example.com\r\nBcc: x@example.com", "phoneNumber": None}, "email"),
])
def test_a_signed_delivery_leaving_no_way_to_reach_the_applicant_is_refused(stack, linkedin, contact, field):
    # Given a job live on LinkedIn and a signed delivery whose email and phone are both unusable
    # (issue 15: any other contact field is cleaned or dropped, see tests/test_trust_linkedin.py)
    live_job(stack, linkedin)
    stack.drain()
    before = stack.records()
    application = linkedin.application()
    application["questionResponses"]["contactInformationQuestionResponses"].update(contact)

    response = deliver(stack, linkedin, application)

    # Then it is refused naming the field, with LinkedIn's error fields, and nothing is written
    assert response.status == 400 and response.body["errorCode"] == "INVALID_APPLICATION"
    assert response.body["error"]["field"].endswith(field)
    assert stack.records() == before


def test_a_name_with_line_breaks_or_a_link_is_stored_without_them(stack, linkedin):
    key = live_job(stack, linkedin)

    answer = deliver(stack, linkedin, linkedin.application(first_name="Grace\r\nBcc: x@example.com", last_name="Hopper http://x.example"))

    assert answer.status == 200
    [listed] = applications(stack, key)
    assert (listed["first_name"], listed["last_name"]) == ("Grace Bcc x example.com", "Hopper http x.example")
    assert not any(c in listed["first_name"] + listed["last_name"] for c in "\r\n:@/")


@pytest.mark.parametrize("reading", [0, 1, 2], ids=["prefix + hex(hmac(body))", "hex(hmac(prefix + body))", "hex(hmac(body))"])
def test_each_public_reading_of_linkedins_signature_is_accepted_and_each_needs_the_secret(stack, linkedin, reading):
    # Given a job live on LinkedIn
    key = live_job(stack, linkedin)

    # When LinkedIn signs one way or the other, with the child secret and then with another
    body, headers = linkedin.signed("acme", linkedin.application(resume=None), reading=reading)
    good = stack.request("POST", "/linkedin/webhook/acme/jobs/job-1", raw=body, headers=headers)
    body, headers = linkedin.signed("acme", linkedin.application(resume=None), secret="guessed", reading=reading)
    bad = stack.request("POST", "/linkedin/webhook/acme/jobs/job-1", raw=body, headers=headers)

    # Then only the one made with the secret is taken
    assert good.status == 200 and bad.status == 401
    assert len(applications(stack, key)) == 1
