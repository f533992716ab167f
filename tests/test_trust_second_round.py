"""Issue 15, second round of trust: erasure and export keep their word (presigned uploads after
erasure, a complete export, links that expire kindly) and admin API keys have scopes."""
from __future__ import annotations

import json

import boto3
import pytest
import requests

PERSON = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "phone": "+46 70 123 45 67"}
RESUME = {"file_name": "ada cv.pdf", "content_type": "application/pdf", "size": 4}


def resume_objects(stack) -> list[str]:
    listing = boto3.client("s3").list_objects_v2(Bucket=stack.env["RESUMES_BUCKET"])
    return sorted(o["Key"] for o in listing.get("Contents", []))


def upload(presigned: dict, content: bytes = b"%PDF") -> int:
    """What the browser does with the presigned POST (moto answers it, as S3 would)."""
    response = requests.post(presigned["url"], data=presigned["fields"], files={"file": ("cv.pdf", content, "application/pdf")})
    return response.status_code


# -- 5.1 an upload handed out before erasure cannot bring the resume back -------------------------

@pytest.mark.parametrize("signed_in", [True, False])
def test_an_upload_that_lands_after_erasure_is_deleted_when_it_lands(stack, signed_in):
    # Given Ada applied with a resume, signed in or anonymously with her address, and holds the
    # presigned POST (valid 15 minutes) without having used it yet
    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {**PERSON, "resume": RESUME},
                            token=token if signed_in else None).body
    presigned = applied["resume_upload"]

    # When she erases her data, and only then does the browser's upload land
    assert stack.request("DELETE", "/me", token=token).status == 204
    assert upload(presigned) in (200, 201, 204)
    stack.drain()

    # Then the bucket holds nothing of hers: the object was deleted when it landed
    assert resume_objects(stack) == []
    assert stack.queue_messages(stack.env["RESUME_UPLOADS_DLQ"]) == []


def test_a_live_applicants_upload_is_kept_and_delivered_twice_harmlessly(stack):
    # Given an application with a resume (at least once: every event is delivered twice)
    key = stack.company("acme")
    stack.publish()
    stack.drain()
    stack.pump.deliveries = 2
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {**PERSON, "resume": RESUME}).body

    # When the upload lands and its notification is handled (twice)
    assert upload(applied["resume_upload"]) in (200, 201, 204)
    stack.drain()

    # Then the resume is kept and the hiring team can download it
    assert resume_objects(stack) == [applied["resume_upload"]["fields"]["key"]]
    assert stack.request("GET", f"/admin/applications/{applied['application_id']}/resume", token=key).status == 200


def test_an_object_no_application_owns_is_deleted(stack):
    # Given objects written where no live application's resume lives (a made-up application,
    # a key of another shape), as a stray or replayed upload would
    stack.company("acme")
    s3 = boto3.client("s3")
    for key in ("acme/0123456789abcdef0123456789abcdef/resume", "acme/loose file.pdf"):
        s3.put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=key, Body=b"%PDF")

    # When their notifications are handled
    stack.drain()

    # Then both are gone
    assert resume_objects(stack) == []


@pytest.mark.parametrize("body", ["not json", json.dumps({"Records": "nope"}), json.dumps([1, 2])])
def test_a_message_that_is_not_an_s3_notification_is_parked_with_its_reason(stack, body):
    # Given something on the resume-uploads queue that no retry can make sense of
    stack.send_raw(stack.env["RESUME_UPLOADS_QUEUE"], body)

    # When the consumer runs
    stack.drain()

    # Then it is in the DLQ, saying why, and not retried
    parked = stack.queue_messages(stack.env["RESUME_UPLOADS_DLQ"])
    assert len(parked) == 1 and "not" in json.dumps(parked[0]["MessageAttributes"])
    assert stack.queue_messages(stack.env["RESUME_UPLOADS_QUEUE"]) == []


def test_s3s_test_event_is_ignored(stack):
    stack.send_raw(stack.env["RESUME_UPLOADS_QUEUE"], json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent"}))
    stack.drain()
    assert stack.queue_messages(stack.env["RESUME_UPLOADS_DLQ"]) == []


# -- 5.2 the export holds everything kept about the person ----------------------------------------

def test_the_export_holds_linkedins_reference_and_the_resume_itself(stack, linkedin):
    from tests.test_linkedin_apply_connect import CONTRACT, deliver, live_job

    # Given Ada, connected, whose application with her address arrived from LinkedIn (with a
    # resume copied into the bucket), and who confirmed it is hers
    import re

    live_job(stack, linkedin, **CONTRACT)
    token = stack.connect_and_confirm(email="ada@example.com", client_ip="192.0.2.9",
                                      answers=[{"question_id": "portfolio", "value": "https://ada.example"}])
    delivered = linkedin.application(first_name="Ada", last_name="Lovelace", email="ada@example.com", resume=b"%PDF-1.4 ada")
    deliver(stack, linkedin, delivered)
    stack.drain()
    [ask] = stack.emails_to("ada@example.com", kind="Is this application")
    assert stack.request("POST", "/auth/session", {"token": re.search(r"token=([A-Za-z0-9_-]+)", ask["text"]).group(1)}).status == 200

    # When she asks for her data
    export = stack.request("GET", "/me/export", token=token).body

    # Then her application carries LinkedIn's application URN and organization, as recruiters see them
    [application] = export["applications"]
    assert application["source"] == "linkedin"
    assert application["source_ref"] == {"application_urn": delivered["jobApplicationId"], "organization": "urn:li:organization:2414183"}
    # And the resume itself, as a short-lived link that downloads the file under a safe name
    resume = application["resume"]
    assert resume["expires_in"] <= 300 and resume["file_name"] == "resume.pdf"
    downloaded = requests.get(resume["url"])
    assert downloaded.status_code == 200 and downloaded.content == b"%PDF-1.4 ada"
    assert downloaded.headers["content-disposition"].startswith('attachment; filename="resume.pdf"')
    # And nothing of the company's own LinkedIn credentials
    assert "api_key" not in json.dumps(export) and linkedin.partner[0] not in json.dumps(export)


def test_the_export_holds_pending_changes_suppression_and_what_backups_keep(stack):
    import app as app_module
    from infrastructure.event_sources import LambdaContext
    from tests.test_suppression import bounce, sns_event

    # Given Ada, confirmed; someone (maybe her) asked anonymously to follow Sales with her
    # address, which waits for her; and her address bounced once
    stack.company("acme")
    token = stack.connect_and_confirm()
    assert stack.connect(departments=["sales"]).status in (200, 201, 202)
    stack.drain()
    app_module.email_events(sns_event(bounce("ada@example.com")), LambdaContext("email_events"))

    # When she asks for her data
    export = stack.request("GET", "/me/export", token=token).body

    # Then the waiting change is there with what it would change, apart from her sign-in links
    [change] = export["pending_changes"]
    assert "sales" in json.dumps(change["change"]) and change["expires_at"]
    assert "pending_change" not in {t["purpose"] for t in export["tokens"]}
    # And the suppression record of her address, and her address claim
    assert export["email_suppression"]["reason"] and export["email_suppression"]["suppressed_at"]
    assert export["email_claim"] == {"email": "ada@example.com", "candidate_id": export["candidate"]["candidate_id"]}
    # And what backups still hold, true of the template
    assert "35 days" in export["retention"]["backups"] and export["retention"]["backup_days"] == 35


def test_what_the_export_says_of_backups_is_what_the_template_configures():
    from chalicelib.dashboard.privacy import BACKED_UP_TABLES
    from infrastructure.provision import load_template

    resources = load_template()["Resources"]
    backed_up = {name for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"
                 and r["Properties"].get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled")}
    assert backed_up == {f"{t.title()}Table" for t in BACKED_UP_TABLES}
    # PITR keeps 35 days unless RecoveryPeriodInDays says otherwise; the export says 35.
    assert all("RecoveryPeriodInDays" not in resources[t]["Properties"]["PointInTimeRecoverySpecification"] for t in backed_up)
    assert "VersioningConfiguration" not in resources["ResumesBucket"]["Properties"]


def test_the_dashboard_download_is_the_same_export(stack):
    from tests.test_pages import signed_in_cookie

    # Given Ada signed in on the dashboard page, with an application and its resume
    stack.company("acme")
    cookie = signed_in_cookie(stack)
    stack.publish()
    stack.drain()
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {**PERSON, "resume": RESUME}).body
    upload(applied["resume_upload"])
    stack.drain()

    # When she downloads from the page
    page = stack.request("GET", "/companies/acme/dashboard/export", headers={"Cookie": cookie})
    body = page.body if isinstance(page.body, dict) else json.loads(page.body)

    # Then it holds the same, the resume link included
    [application] = body["applications"]
    assert application["resume"]["file_name"] == "ada cv.pdf" and requests.get(application["resume"]["url"]).content == b"%PDF"
    assert set(body) >= {"candidate", "email_claim", "tokens", "pending_changes", "email_suppression", "applications", "retention"}
