"""Issue 7.1: emails a mailbox provider accepts, whatever people and recruiters type.

Every header the product sets goes out as the RFCs write it; nothing typed reaches a header or a
file name unchecked; addresses are validated by email-validator, ASCII as SES needs them.
"""
from __future__ import annotations

import os
import re
from email import message_from_string, policy
from urllib.parse import parse_qs, unquote, urlparse

import boto3
import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.support import posting


def header_lines(raw: str) -> list[str]:
    """The raw header block, unfolded only where the message itself folded it."""
    head = raw.split("\r\n\r\n", 1)[0] if "\r\n\r\n" in raw else raw.split("\n\n", 1)[0]
    return re.split(r"\r?\n(?![ \t])", head)


def test_list_unsubscribe_goes_out_literally_in_every_job_tip_and_digest(stack):
    # Given a subscriber on instant job tips and one on a weekly digest
    stack.company("acme")
    stack.connect_and_confirm()
    digest_token = stack.connect_and_confirm(email="weekly@example.com")
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "weekly"}, token=digest_token)

    # When a job is published and the weekly digest falls due
    stack.publish()
    stack.drain()
    from datetime import datetime, timezone
    from chalicelib.matching.digest_schedule import next_due
    stack.pump.run_periodic(at=next_due("weekly", "UTC", datetime.now(timezone.utc)))
    stack.drain()

    # Then every message with a List-Unsubscribe header carries it character for character as
    # `<https://...>`, on one line, never as RFC 2047 encoded-words
    checked = 0
    for raw in stack.raw_outbox():
        message = message_from_string(raw, policy=policy.default)
        if "List-Unsubscribe" not in message:
            continue
        [line] = [h for h in header_lines(raw) if h.startswith("List-Unsubscribe:")]
        value = line.removeprefix("List-Unsubscribe: ")
        assert re.fullmatch(r"<https?://[!-~]+>", value), line
        assert value.startswith(f"<{os.environ['PUBLIC_API_URL']}/unsubscribe?token=")
        assert len(value) > 78  # long enough that the default policy would have folded it
        assert str(message["List-Unsubscribe"]) == value
        assert [h for h in header_lines(raw) if h.startswith("List-Unsubscribe-Post:")] == [
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
        ]
        checked += 1
    assert checked >= 2  # the job tip and the digest


@pytest.mark.parametrize("address", [
    "ada\x00@example.com", "ada@example.com\r\nBcc: x@evil.example", "ada\n@example.com", "ada@exam\tple.com",
    "ada\u2028@example.com", "ada@example.com\x7f",
])
def test_addresses_with_control_characters_are_refused_and_nothing_is_written(stack, address):
    stack.company("acme")
    before = stack.table_items()

    response = stack.connect(email=address)

    assert response.status == 400 and response.body["error"]["field"] == "email", response.body
    assert stack.table_items()["CandidatesTable"] == before["CandidatesTable"]
    stack.drain()
    assert stack.outbox() == []


def test_a_non_ascii_local_part_is_refused_clearly_and_an_international_domain_is_sent_as_idna(stack):
    # SES does not support SMTPUTF8: the local part must be ASCII; the domain goes as punycode.
    stack.company("acme")

    refused = stack.connect(email="åsa@example.com")
    accepted = stack.connect(email="asa@exämple.se")
    stack.drain()

    assert refused.status == 400 and refused.body["error"]["field"] == "email"
    assert "before the @-sign" in refused.body["error"]["message"]
    assert accepted.status == 201
    [raw] = stack.raw_outbox()
    assert "To: asa@xn--exmple-cua.se" in header_lines(raw)


@pytest.mark.parametrize("field,value", [
    ("first_name", "Ada\r\nBcc: victim@example.com"),
    ("first_name", "Ada\x00"),
    ("last_name", "Visit https://spam.example now"),
    ("first_name", "Win 1000 dollars"),
    ("last_name", "a" * 61),
])
def test_names_hold_only_what_a_name_needs(stack, field, value):
    stack.company("acme")

    response = stack.connect(**{field: value})
    applied = stack.request("POST", "/companies/acme/jobs/x/applications", {
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper", field: value})

    assert response.status == 400 and response.body["error"]["field"] == field
    assert applied.status == 400 and applied.body["error"]["field"] == field


@pytest.mark.parametrize("name", ["José María", "O'Brien", "Jean-Luc", "李", "Nguyễn", "Zoë Ó Dónaill"])
def test_real_names_in_any_script_are_welcome(stack, name):
    stack.company("acme")

    assert stack.connect(first_name=name).status == 201


def test_recruiter_text_that_reaches_headers_refuses_line_breaks(stack):
    key = stack.company("acme")

    sender = stack.request("PUT", "/admin/settings", {**DEMO_SETTINGS, "sender_name": "Acme\r\nBcc: all@example.com"}, token=key)
    title = stack.publish(title="Engineer\r\nBcc: all@example.com")
    stack.queue_posting({**posting(title="Engineer\nX-Evil: 1"), "company": "acme"})
    stack.drain()

    assert sender.status == 400 and sender.body["error"]["field"] == "sender_name"
    assert title.status == 400 and title.body["error"]["field"] == "title"
    [parked] = stack.queue_messages(stack.env["JOB_POSTINGS_DLQ"])
    assert parked["MessageAttributes"]["reason"]["StringValue"].startswith("title: ")


def test_a_sender_name_stored_before_validation_cannot_break_a_companys_email(stack):
    # Given a company whose sender name was saved with a CR/LF before names were checked
    from chalicelib.companies.models import PROFILE, CompanyItem

    stack.company("acme")
    item = CompanyItem.get("acme", PROFILE)
    item.update(actions=[CompanyItem.settings.set({**item.settings, "sender_name": "Acme\r\nBcc: all@example.com"}),
                         CompanyItem.settings_version.add(1)])

    # When someone connects
    stack.connect()
    stack.drain()

    # Then the thank-you goes out, with the name on one line and nothing in the DLQ
    [raw] = stack.raw_outbox()
    [sender] = [h for h in header_lines(raw) if h.startswith("From:")]
    assert sender == "From: Acme Bcc: all@example.com <jobs@candidate-connect.example>" or "\n" not in sender
    assert not any(h.startswith("Bcc:") for h in header_lines(raw))
    assert stack.queue_messages(stack.env["NOTIFICATIONS_DLQ"]) == []


def test_resume_downloads_name_the_file_as_rfc_6266_says(stack):
    # Given an application whose resume has an emoji and non-ASCII letters in its name
    key = stack.company("acme")
    stack.publish()
    job_id = stack.request("GET", "/admin/jobs", token=key).body["jobs"][0]["id"]
    application = stack.request("POST", f"/companies/acme/jobs/{job_id}/applications", {
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper",
        "resume": {"file_name": "CV Åsa 📄.pdf", "content_type": "application/pdf", "size": 4}}).body
    boto3.client("s3").put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=application["resume_upload"]["fields"]["key"], Body=b"%PDF")

    # When the recruiter downloads it
    url = stack.request("GET", f"/admin/applications/{application['application_id']}/resume", token=key).body["url"]

    # Then the Content-Disposition S3 will send has an ASCII fallback and the exact name in filename*
    disposition = parse_qs(urlparse(url).query)["response-content-disposition"][0]
    assert disposition.isascii() and "\r" not in disposition and "\n" not in disposition
    kind, fallback, extended = [part.strip() for part in disposition.split(";")]
    assert kind == "attachment"
    assert re.fullmatch(r'filename="[ -~]+"', fallback) and '"' not in fallback[10:-1]
    charset, _, encoded = extended.removeprefix("filename*=").partition("''")
    assert charset == "UTF-8" and unquote(encoded, encoding="utf-8", errors="strict") == "CV Åsa 📄.pdf"


@pytest.mark.parametrize("file_name", ["cv\r\n.pdf", "cv\x00.pdf", "../cv.pdf", 'c"v.pdf'])
def test_resume_file_names_with_control_characters_or_paths_are_refused(stack, file_name):
    stack.company("acme")
    stack.publish()
    key = stack._keys["acme"]
    job_id = stack.request("GET", "/admin/jobs", token=key).body["jobs"][0]["id"]

    response = stack.request("POST", f"/companies/acme/jobs/{job_id}/applications", {
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper",
        "resume": {"file_name": file_name, "content_type": "application/pdf", "size": 4}})

    assert response.status == 400 and response.body["error"]["field"] == "resume.file_name"


def test_the_rejection_email_promises_job_tips_only_to_candidates_who_get_them(stack):
    # Given two connected candidates who applied; one of them then unsubscribed from job tips
    key = stack.company("acme")
    stack.publish()
    stack.drain()
    job_id = stack.request("GET", "/admin/jobs", token=key).body["jobs"][0]["id"]
    for address in ("stays@example.com", "left@example.com"):
        token = stack.connect_and_confirm(email=address)
        stack.request("POST", f"/companies/acme/jobs/{job_id}/applications",
                      {"email": address, "first_name": "Ada", "last_name": "Lovelace"}, token=token)
    stack.drain()
    unsubscribe = stack.emails_to("left@example.com", kind="Thanks")  # the thank-you has no list link
    from chalicelib.candidates.links import unsubscribe_token
    candidate_id = stack.request("GET", "/admin/candidates?q=left", token=key).body["candidates"][0]["id"]
    stack.request("POST", f"/unsubscribe?token={unsubscribe_token('acme', candidate_id)}",
                  raw=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert unsubscribe

    # When the hiring team rejects both
    for application in stack.request("GET", "/admin/applications", token=key).body["applications"]:
        stack.request("POST", f"/admin/applications/{application['id']}/status", {"status": "rejected"}, token=key)
    stack.drain()

    # Then only the one still subscribed is told job tips continue
    [kept] = [e for e in stack.emails_to("stays@example.com") if e["subject"].startswith("Your application")]
    [gone] = [e for e in stack.emails_to("left@example.com") if e["subject"].startswith("Your application")]
    assert "keep sending you job tips" in kept["text"]
    assert "job tips" not in gone["text"].replace("\n", " ")
