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


# -- 5.3 unsubscribe and erase links work for a stated time, then offer to sign in ----------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def emailed_links(stack) -> tuple[dict[str, str], str]:
    """Ada's unsubscribe and erase links, from the job tip she received (paths of the API), and
    her access token."""
    import re

    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    from chalicelib.candidates.links import erase_link

    tip = stack.job_tips_to("ada@example.com")[-1]["text"]
    found = {"unsubscribe": re.search(r"https?://\S+/unsubscribe\?token=\S+", tip).group(0)}
    # Tips no longer carry "remove my data" (it is on the dashboard); the link older tips carried
    # still works, so it is minted as they had it.
    candidate_id = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"][0]["id"]
    found["erase"] = erase_link("acme", candidate_id, "ada@example.com")
    return {name: link[link.index(f"/{name}?"):] for name, link in found.items()}, token


def later(monkeypatch, days: float) -> None:
    from datetime import timedelta

    from chalicelib.db import now as real_now

    monkeypatch.setattr("chalicelib.candidates.links.now", lambda: real_now() + timedelta(days=days))


@pytest.mark.parametrize("name", ["unsubscribe", "erase"])
def test_a_link_still_works_shortly_before_its_lifetime_ends(stack, monkeypatch, name):
    links, _ = emailed_links(stack)
    later(monkeypatch, 89)

    shown = stack.request("GET", links[name], headers={"Accept": "text/html"})
    done = stack.request("POST", links[name], raw=b"", headers=FORM)

    assert shown.status == 200 and "<form" in shown.body
    assert done.status == 200 and "Done" in done.body


@pytest.mark.parametrize("name", ["unsubscribe", "erase"])
def test_an_expired_link_changes_nothing_and_offers_the_companys_sign_in_in_its_language(stack, monkeypatch, name):
    from infrastructure.demo import DEMO_SETTINGS

    # Given Ada's links from a job tip 91 days old, from a company that now speaks Swedish and has a logo
    links, token = emailed_links(stack)
    settings = {**DEMO_SETTINGS, "language": "sv", "branding": {"logo_url": "https://acme.example/logo.png"}}
    assert stack.request("PUT", "/admin/settings", settings, token=stack._keys["acme"]).status == 200
    later(monkeypatch, 91)

    # When she (her browser, her mail client, a script) follows the link
    shown = stack.request("GET", links[name], headers={"Accept": "text/html"})
    posted = stack.request("POST", links[name], raw=b"", headers=FORM)
    as_json = stack.request("POST", links[name], raw=b"", headers={**FORM, "Accept": "application/json"})

    # Then a page in the company's branding and language says so and links to its sign-in page
    for page in (shown, posted):
        assert page.status == 410 and page.headers["content-type"].startswith("text/html")
        assert "Länken har gått ut" in page.body and "90" in page.body
        assert 'href="companies/acme/sign-in"' in page.body and "https://acme.example/logo.png" in page.body
    # And an API client gets the error in the API's shape, with where to sign in
    assert as_json.status == 410 and as_json.body["error"]["code"] == "link_expired" and as_json.body["error"]["field"] == "token"
    assert as_json.body["sign_in_url"].endswith("/companies/acme/sign-in")
    # And nothing was unsubscribed or erased
    me = stack.request("GET", "/me", token=token)
    assert me.status == 200 and me.body["subscription"]["unsubscribed_at"] is None


def test_the_lifetime_is_a_setting(stack, monkeypatch):
    from chalicelib.config import get_settings

    links, _ = emailed_links(stack)
    monkeypatch.setenv("SIGNED_LINK_DAYS", "7")
    get_settings.cache_clear()
    later(monkeypatch, 8)
    try:
        expired = stack.request("POST", links["unsubscribe"], raw=b"", headers=FORM)
    finally:
        get_settings.cache_clear()
    assert expired.status == 410 and "7" in expired.body


def test_a_link_signed_before_links_carried_a_time_is_honoured_as_of_that_change_then_expires(stack, monkeypatch):
    from datetime import timedelta
    from urllib.parse import urlencode

    from chalicelib import signing
    from chalicelib.candidates.links import UNDATED_LINKS_SIGNED_AT

    # Given a link as emails carried it before (no time in it)
    stack.company("acme")
    token = stack.connect_and_confirm()
    candidate_id = stack.request("GET", "/me", token=token).body["profile"]["candidate_id"]
    old = "/unsubscribe?" + urlencode({"token": signing.sign({"p": "unsubscribe", "c": "acme", "k": candidate_id})})

    # Then it works until one lifetime after the change, and not after
    monkeypatch.setattr("chalicelib.candidates.links.now", lambda: UNDATED_LINKS_SIGNED_AT + timedelta(days=90))
    assert stack.request("GET", old, headers={"Accept": "text/html"}).status == 200
    monkeypatch.setattr("chalicelib.candidates.links.now", lambda: UNDATED_LINKS_SIGNED_AT + timedelta(days=91))
    assert stack.request("POST", old, raw=b"", headers=FORM).status == 410


# -- 6. admin API keys have scopes -----------------------------------------------------------------

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
PATH_VALUES = {"job_id": "nope", "application_id": "nope", "candidate_id": "nope", "key_id": "000000000000",
               "provider": "linkedin", "name": "connect", "member_id": "nope", "segment_id": "nope", "section": "catalogue",
               "campaign_id": "nope"}


def allowed(scope: str, method: str, path: str) -> bool:
    """The scopes as the issue states them (written out here, not read from the code)."""
    keys = path.startswith("/admin/api-keys")
    read = method in ("GET", "HEAD") and not keys
    # (who works on a job is the team's business, not a job board's: full keys only)
    jobs = read or (method in WRITES and (path == "/admin/jobs" or path.startswith("/admin/jobs/")) and not path.endswith("/members"))
    return {"read": read, "jobs": jobs, "full": True}[scope]


def admin_operations() -> list[tuple[str, str]]:
    from chalicelib.openapi import _operations

    return [(op.method, op.path) for op in _operations() if op.path.startswith("/admin") and op.method != "OPTIONS"]


def scoped_keys(stack) -> dict[str, str]:
    full = stack.company("acme")
    keys = {"full": full}
    for scope in ("read", "jobs"):
        created = stack.request("POST", "/admin/api-keys", {"label": scope, "scope": scope}, token=full)
        assert created.status == 201 and created.body["scope"] == scope, created.body
        keys[scope] = created.body["key"]
    return keys


def test_every_admin_operation_answers_each_scope_as_stated(stack):
    # Given a read key, a jobs key and a full key of one company
    keys = scoped_keys(stack)
    operations = admin_operations()
    assert len(operations) >= 20  # the document lists every /admin route (test_openapi checks that)

    # When each calls every /admin operation of the OpenAPI document (the full key last)
    outcomes = {}
    for scope in ("read", "jobs", "full"):
        for method, path in operations:
            concrete = path.format(**PATH_VALUES)
            response = stack.request(method, concrete, {} if method in WRITES else None, token=keys[scope])
            outcomes[(scope, method, path)] = response

    # Then a narrower key is refused with 403 naming its scope, and an allowed one is never refused
    wrong = []
    for (scope, method, path), response in outcomes.items():
        if allowed(scope, method, path):
            if response.status in (401, 403):
                wrong.append(f"{scope} {method} {path}: refused {response.status} {response.body}")
        elif not (response.status == 403 and response.body["error"]["code"] == "forbidden"
                  and f"'{scope}'" in response.body["error"]["message"]):
            wrong.append(f"{scope} {method} {path}: {response.status} {response.body}")
    assert wrong == []


def test_a_jobs_key_posts_jobs_but_cannot_create_a_key_and_a_read_key_cannot_revoke(stack):
    from tests.support import posting

    keys = scoped_keys(stack)
    listed = stack.request("GET", "/admin/api-keys", token=keys["full"]).body["api_keys"]
    full_id = next(k["id"] for k in listed if k["scope"] == "full")

    assert stack.request("POST", "/admin/jobs", posting(), token=keys["jobs"]).status in (200, 201)
    for scope in ("full", "jobs", "read"):
        refused = stack.request("POST", "/admin/api-keys", {"scope": scope}, token=keys["jobs"])
        assert refused.status == 403 and "'jobs'" in refused.body["error"]["message"]
    revoke = stack.request("DELETE", f"/admin/api-keys/{full_id}", token=keys["read"])
    assert revoke.status == 403 and "'read'" in revoke.body["error"]["message"]
    rotate = stack.request("POST", f"/admin/api-keys/{full_id}/rotate", token=keys["jobs"])
    assert rotate.status == 403

    # And nothing changed: the same keys, all active
    after = stack.request("GET", "/admin/api-keys", token=keys["full"]).body["api_keys"]
    assert sorted((k["scope"], k["active"]) for k in after) == [("full", True), ("jobs", True), ("read", True)]


def test_a_key_from_before_scopes_is_full_and_a_rotated_key_keeps_its_scope(stack):
    from chalicelib.companies.service import issue_api_key

    # Given a key stored as keys were before scopes existed (no scope attribute)
    stack.company("acme")
    legacy = issue_api_key("acme", "old")
    boto3.client("dynamodb").update_item(
        TableName=stack.env["COMPANIES_TABLE"], Key={"company": {"S": "acme"}, "sk": {"S": f"apikey#{legacy.split('.')[2]}"}},
        UpdateExpression="REMOVE #s", ExpressionAttributeNames={"#s": "scope"})

    # Then it is listed as full and may still do everything, key management included
    listed = {k["label"]: k for k in stack.request("GET", "/admin/api-keys", token=legacy).body["api_keys"]}
    assert listed["old"]["scope"] == "full"
    jobs = stack.request("POST", "/admin/api-keys", {"label": "board", "scope": "jobs"}, token=legacy).body
    # And a rotated key keeps the scope it had
    rotated = stack.request("POST", f"/admin/api-keys/{jobs['id']}/rotate", token=legacy)
    assert rotated.status == 201 and rotated.body["scope"] == "jobs"
    assert stack.request("POST", "/admin/api-keys", {}, token=rotated.body["key"]).status == 403


def test_the_cli_creates_a_scoped_key_and_lists_scopes(stack, capsys):
    from chalicelib.cli import main

    stack.company("acme")
    assert main(["create-key", "acme", "--label", "board", "--scope", "jobs"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert stack.request("PUT", "/admin/settings", {}, token=key).status == 403
    assert main(["list-keys", "acme"]) == 0
    assert any(" jobs " in line and "board" in line for line in capsys.readouterr().out.splitlines())
