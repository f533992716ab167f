"""Issue 7.7: privacy that keeps its word. Export includes applications; erasure (from the
dashboard or the emailed link) removes every personal field of them and their resume files."""
from __future__ import annotations

import json
import re

import boto3
import pytest

PERSON = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "phone": "+46 70 123 45 67"}


def resume_objects(stack) -> list[str]:
    listing = boto3.client("s3").list_objects_v2(Bucket=stack.env["RESUMES_BUCKET"])
    return [o["Key"] for o in listing.get("Contents", [])]


def two_applications(stack, token):
    """One made signed in, one made anonymously with the same address (never linked)."""
    stack.publish()
    stack.publish(external_id="job-2", title="Second")
    stack.drain()
    resume = {"file_name": "ada.pdf", "content_type": "application/pdf", "size": 4}
    linked = stack.request("POST", "/companies/acme/jobs/job-1/applications", {**PERSON, "resume": resume}, token=token).body
    loose = stack.request("POST", "/companies/acme/jobs/job-2/applications", {**PERSON, "resume": resume}).body
    s3 = boto3.client("s3")
    for application in (linked, loose):
        s3.put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=application["resume_upload"]["fields"]["key"], Body=b"%PDF")
    return linked, loose


def test_export_includes_every_application_of_the_person(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()
    linked, loose = two_applications(stack, token)

    export = stack.request("GET", "/me/export", token=token).body

    exported = {a["id"]: a for a in export["applications"]}
    assert set(exported) == {linked["application_id"], loose["application_id"]}
    assert all(a["phone"] == PERSON["phone"] and a["email"] == PERSON["email"] for a in exported.values())
    assert exported[linked["application_id"]]["job_title"] == "Front End Developer"
    assert exported[linked["application_id"]]["resume_file_name"] == "ada.pdf"


@pytest.mark.parametrize("how", ["dashboard", "emailed link"])
def test_erasure_removes_every_personal_field_of_applications_and_their_resumes(stack, how):
    # Given Ada with two applications and their resumes, and another applicant's resume
    key = stack.company("acme")
    token = stack.connect_and_confirm()
    candidate_id = stack.request("GET", "/me", token=token).body["profile"]["candidate_id"]
    linked, loose = two_applications(stack, token)
    other = stack.request("POST", "/companies/acme/jobs/job-1/applications", {
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper",
        "resume": {"file_name": "g.pdf", "content_type": "application/pdf", "size": 4}}).body
    boto3.client("s3").put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=other["resume_upload"]["fields"]["key"], Body=b"%PDF")
    stack.drain()

    # When she erases her data
    if how == "dashboard":
        assert stack.request("DELETE", "/me", token=token).status == 204
    else:
        # (a "Remove my data" link as job tips carried before they pointed to the dashboard)
        from chalicelib.candidates.links import erase_link

        link = erase_link("acme", candidate_id, PERSON["email"])
        path = link[link.index("/erase"):]
        page = stack.request("POST", path, raw=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert page.status == 200 and "deleted" in page.body

    # Then no table holds her address, names, phone or candidate id, and her resumes are gone
    everything = json.dumps(stack.table_items(), default=str)
    for personal in (PERSON["email"], PERSON["phone"], "Lovelace", candidate_id):
        assert personal not in everything, personal
    assert resume_objects(stack) == [other["resume_upload"]["fields"]["key"]]

    # And the hiring team keeps only the anonymous facts of her applications; Grace's are whole
    kept = stack.request("GET", f"/admin/applications/{linked['application_id']}", token=key).body
    assert kept["email"] is None and kept["first_name"] is None and kept["phone"] is None and kept["answers"] == []
    assert kept["status"] == "new" and kept["job_id"] == "job-1" and kept["has_resume"] is False
    grace = stack.request("GET", f"/admin/applications/{other['application_id']}", token=key).body
    assert grace["email"] == "grace@example.com"
    assert stack.request("GET", f"/admin/applications/{loose['application_id']}/resume", token=key).status == 404


def test_a_delayed_rejection_for_an_erased_applicant_sends_nothing(stack):
    from infrastructure.demo import DEMO_SETTINGS

    key = stack.company("acme", {**DEMO_SETTINGS, "delayed_rejection": {"enabled": True, "delay_hours": 1}})
    token = stack.connect_and_confirm()
    stack.publish()
    application = stack.request("POST", "/companies/acme/jobs/job-1/applications", PERSON, token=token).body
    stack.request("POST", f"/admin/applications/{application['application_id']}/status", {"status": "rejected"}, token=key)
    stack.request("DELETE", "/me", token=token)

    from chalicelib.applications.messages import RejectionEmail
    from chalicelib.notifications.messages import enqueue
    from chalicelib.applications.models import get_application
    rejected_at = [e for e in get_application("acme", application["application_id"]).events if e["type"] == "status_changed"][-1]["at"]
    enqueue([RejectionEmail(company="acme", application_id=application["application_id"], rejected_at=rejected_at)])
    stack.drain()

    assert [e for e in stack.outbox() if e["subject"].startswith("Your application")] == []
    assert stack.queue_messages(stack.env["NOTIFICATIONS_DLQ"]) == []
