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
