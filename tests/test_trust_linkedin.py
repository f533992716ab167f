"""Issue 15, sections 3 and 4: LinkedIn's webhook is cheap to refuse, resumes are fetched only
from LinkedIn, and deliveries are never lost to our own strictness or laxity. Against the
stand-in LinkedIn on 127.0.0.1, through the product's HTTP interface."""
from __future__ import annotations

import json
import os

import boto3
import pytest

from chalicelib.linkedin import signature
from tests.support import posting
from tests.test_linkedin_apply_connect import ENABLE, applications, company, deliver, live_job, publish, sent


def webhook(stack, body, headers, client_ip="192.0.2.1", job_id="job-1"):
    return stack.request("POST", f"/linkedin/webhook/acme/jobs/{job_id}", raw=body, headers=headers, client_ip=client_ip)


# -- 3. the webhook is cheap to refuse ---------------------------------------------------------
def test_a_body_over_the_limit_is_413_before_anything_else_even_when_signed(stack, linkedin):
    # Given a live job, and a body of non-ASCII text just over the limit, signed with the child secret
    key = live_job(stack, linkedin)
    stack.drain()
    before = stack.records()
    application = linkedin.application(resume=None)
    application["padding"] = "å" * (signature.MAX_BODY_BYTES // 2)
    body, headers = linkedin.signed("acme", application, utf8_body=True)
    assert len(body) > signature.MAX_BODY_BYTES

    # When it is delivered, signed and unsigned
    signed = webhook(stack, body, headers)
    unsigned = webhook(stack, body, {"Content-Type": "application/json"})

    # Then both are 413 naming the body, and nothing is written
    assert (signed.status, signed.body["error"]["field"]) == (413, "body")
    assert unsigned.status == 413
    assert stack.records() == before and applications(stack, key) == []


def test_a_body_at_the_limit_that_linkedin_signed_is_taken(stack, linkedin):
    # Given a delivery as large as the limit allows (a long answer nobody asked for: ignored)
    key = live_job(stack, linkedin)
    application = linkedin.application(resume=None)
    application["padding"] = ""
    body, _ = linkedin.signed("acme", application)
    application["padding"] = "x" * (signature.MAX_BODY_BYTES - len(body))
    body, headers = linkedin.signed("acme", application)
    assert len(body) == signature.MAX_BODY_BYTES

    # Then it is stored
    assert webhook(stack, body, headers).status == 200
    assert len(applications(stack, key)) == 1


def test_a_flood_of_unsigned_deliveries_from_one_address_gets_429_and_linkedin_still_gets_through(stack, linkedin):
    # Given a live job
    key = live_job(stack, linkedin)
    body, headers = linkedin.signed("acme", linkedin.application(resume=None))
    forged = {**headers, "X-LI-Signature": "hmacsha256=" + "0" * 64}

    # When one address sends unsigned deliveries past the public write limit
    answers = [webhook(stack, body, forged, client_ip="198.51.100.66").status for _ in range(31)]

    # Then the first 30 are 401 and the next 429 with Retry-After; another address is not
    # affected, and LinkedIn's signed delivery is taken
    assert answers == [401] * 30 + [429]
    assert "retry-after" in webhook(stack, body, forged, client_ip="198.51.100.66").headers
    assert webhook(stack, body, forged, client_ip="198.51.100.67").status == 401
    assert webhook(stack, body, headers, client_ip="198.51.100.68").status == 200
    assert len(applications(stack, key)) == 1


@pytest.mark.parametrize("ascii_body", [True, False])
def test_refusing_a_forged_signature_costs_few_hmacs_and_no_per_character_work(monkeypatch, ascii_body):
    # Given a body LinkedIn could send (escaped, or raw UTF-8 with non-ASCII names) and a forged header
    text = json.dumps({"name": "Åsa Ørsted 😀" * 1000}, ensure_ascii=ascii_body).encode()
    made = []
    real = signature.hmac.new
    monkeypatch.setattr(signature.hmac, "new", lambda *a, **k: made.append(len(a[1])) or real(*a, **k))

    # When the signature is checked
    assert signature.verify("secret", text, "hmacsha256=" + "0" * 64) is False

    # Then an ASCII body costs one HMAC, and a non-ASCII one at most three (itself, then its
    # two escaped forms, built only because the canonical form failed), each over a bounded form
    assert len(made) == (1 if ascii_body else 3)
    assert max(made) <= 3 * len(text)
    # And a header that is not an HMAC at all costs none
    made.clear()
    assert signature.verify("secret", text, "hmacsha256=not-hex") is False and made == []


@pytest.mark.parametrize("upper", [False, True])
def test_a_non_ascii_body_signed_over_either_escaped_form_is_accepted(upper):
    body = json.dumps({"firstName": "Åsa", "lastName": "Ørsted 😀"}, ensure_ascii=False).encode()
    escaped = json.dumps({"firstName": "Åsa", "lastName": "Ørsted 😀"}).encode()
    if upper:
        escaped = escaped.replace(b"\\u00c5", b"\\u00C5").replace(b"\\u00d8", b"\\u00D8").replace(b"\\ud83d\\ude00", b"\\uD83D\\uDE00")

    assert signature.escaped_unicode(body, upper) == escaped
    assert signature.verify("secret", body, signature.sign("secret", escaped))
    assert not signature.verify("other", body, signature.sign("secret", escaped))


# -- 3. resumes come only from LinkedIn -------------------------------------------------------
@pytest.fixture
def evil():
    """Another host on 127.0.0.1 that a redirect could name: it records what it was sent."""
    from tests.standins.linkedin import LinkedInStandIn

    host = LinkedInStandIn()
    yield host
    host.server.shutdown()


def resume_url(application):
    return application["questionResponses"]["resumeQuestionResponses"]["resume"]["url"]


def parked_reasons(stack):
    return [m["MessageAttributes"]["reason"]["StringValue"] for m in stack.queue_messages(stack.env["LINKEDIN_DLQ"])]


def test_a_resume_redirected_to_another_host_is_not_fetched_and_the_token_stays_home(stack, linkedin, evil):
    # Given LinkedIn's media URL answering 302 to another host that holds a file
    key = live_job(stack, linkedin)
    application = linkedin.application()
    elsewhere = evil.add_resume(b"%PDF-1.4 not the applicant's")
    linkedin.redirect(resume_url(application), elsewhere)

    # When the application is delivered and its resume copied
    assert deliver(stack, linkedin, application).status == 200
    stack.drain()

    # Then the other host received nothing (no token, no request), no file was stored, and the
    # copy is parked with its reason; the application is kept
    assert [r for r in evil.requests if r["path"].startswith("/media/")] == []
    [listed] = applications(stack, key)
    assert not listed["has_resume"]
    assert boto3.client("s3").list_objects_v2(Bucket=stack.env["RESUMES_BUCKET"]).get("Contents") is None
    [reason] = parked_reasons(stack)
    assert "not on LinkedIn" in reason


def test_a_resume_redirected_within_linkedin_is_followed_with_the_token(stack, linkedin):
    # Given LinkedIn's media URL redirecting twice, each time to LinkedIn itself
    key = live_job(stack, linkedin)
    application = linkedin.application()
    final = linkedin.add_resume(b"%PDF-1.4 moved twice")
    middle = f"{linkedin.url}/media/hop"
    linkedin.redirect(resume_url(application), middle)
    linkedin.redirect(middle, final.removeprefix(linkedin.url))  # a relative Location

    # When it is copied
    assert deliver(stack, linkedin, application).status == 200
    stack.drain()

    # Then the file at the end is stored, each hop fetched with LinkedIn's token
    [listed] = applications(stack, key)
    assert listed["has_resume"]
    hops = [r for r in linkedin.requests if r["path"].startswith("/media/")]
    assert len(hops) == 3 and all(r["headers"].get("Authorization", "").startswith("Bearer ") for r in hops)


def test_a_resume_redirected_more_than_twice_is_refused(stack, linkedin):
    key = live_job(stack, linkedin)
    application = linkedin.application()
    hops = [resume_url(application)] + [f"{linkedin.url}/media/hop{i}" for i in range(3)]
    for here, there in zip(hops, hops[1:]):
        linkedin.redirect(here, there)
    linkedin.media["hop2"] = b"%PDF-1.4 too far"

    assert deliver(stack, linkedin, application).status == 200
    stack.drain()

    assert not applications(stack, key)[0]["has_resume"]
    [reason] = parked_reasons(stack)
    assert "redirected more than 2 times" in reason
    assert len([r for r in linkedin.requests if r["path"].startswith("/media/")]) == 3


@pytest.mark.parametrize("url", [
    "https://media.licdn.com:8443/dms/resume",  # LinkedIn's host, another port
    "http://media.licdn.com/dms/resume",  # not https
    "https://media.licdn.com.evil.example/dms/resume",
    "https://user:pw@media.licdn.com/dms/resume",
    "https://media.licdn.com:99999/dms/resume",  # not a port at all
])
def test_a_resume_url_off_linkedins_https_hosts_is_refused_without_a_request(stack, linkedin, url):
    key = live_job(stack, linkedin)
    application = linkedin.application()
    application["questionResponses"]["resumeQuestionResponses"]["resume"]["url"] = url

    assert deliver(stack, linkedin, application).status == 200
    stack.drain()

    assert not applications(stack, key)[0]["has_resume"]
    [reason] = parked_reasons(stack)
    assert "not on LinkedIn" in reason


@pytest.mark.parametrize("url, allowed, token", [
    ("https://api.linkedin.com/media/1", True, True),
    ("https://api.linkedin.com:443/media/1", True, True),
    ("https://media.licdn.com/dms/1", True, False),  # LinkedIn's CDN: allowed, but no token
    ("https://www.linkedin.com/dms/1", True, False),
    ("https://api.linkedin.com:8443/media/1", False, False),
    ("http://api.linkedin.com/media/1", False, False),
    ("http://127.0.0.1:9/media/1", False, False),  # not the configured base's port
    ("http://127.0.0.1:8/media/1", True, True),  # the configured base, as configured
])
def test_which_hops_are_allowed_and_which_get_the_token(url, allowed, token):
    from chalicelib.linkedin.client import allowed_hop, sends_token

    assert (allowed_hop(url, "http://127.0.0.1:8"), sends_token(url, "http://127.0.0.1:8")) == (allowed, token)


# -- 4. the integration's own rules -----------------------------------------------------------
@pytest.mark.parametrize("name", ["Linkedin Lovers", "LINKEDIN", "We ❤ linkedIn and LinkedIn"])
def test_a_company_named_after_linkedin_in_any_letter_case_can_switch_apply_connect_on(stack, linkedin, name):
    # Given a company whose name holds "LinkedIn" in another letter case (LinkedIn refuses such
    # a child application name, whatever the case: the stand-in does too)
    from chalicelib.companies.models import CompanyItem

    key = stack.company("acme")
    CompanyItem.get("acme", "profile").update(actions=[CompanyItem.name.set(name)])

    response = stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)

    assert response.status == 200, response.body
    [app] = linkedin.apps.values()
    assert "linkedin" not in app["name"].lower() and len(app["name"]) <= 50


@pytest.mark.parametrize("form", ["urn", "id"])
def test_the_handshake_is_answered_for_the_companys_application_as_urn_or_bare_id(stack, linkedin, form):
    import uuid

    from chalicelib.linkedin.signature import challenge_response

    company(stack, linkedin)
    app = linkedin.apps["acme"]
    given = app["key"] if form == "urn" else app["key"].rsplit(":", 1)[1]
    code = str(uuid.uuid4())

    answer = stack.request("GET", f"/linkedin/webhook/acme/jobs/job-1?challengeCode={code}&applicationId={given}")

    assert answer.status == 200
    assert answer.body == {"challengeCode": code, "challengeResponse": challenge_response(app["credentials"]["client_secret"], code)}


@pytest.mark.parametrize("given", [None, "", "urn:li:developerApplication:9999", "9999", "urn:li:organization:{id}",
                                   "{id}0", "0{id}", " {id}", "urn:li:developerapplication:{id}"])
def test_the_handshake_is_refused_for_any_other_application(stack, linkedin, given):
    import uuid

    company(stack, linkedin)
    own = linkedin.apps["acme"]["key"].rsplit(":", 1)[1]
    query = f"challengeCode={uuid.uuid4()}" + ("" if given is None else "&applicationId=" + given.format(id=own).replace(" ", "%20"))

    answer = stack.request("GET", f"/linkedin/webhook/acme?{query}")

    assert answer.status == 404 and answer.body["error"]["field"] == "applicationId"


@pytest.mark.parametrize("field", ["enabled", "default_apply_connect", "recruiter_contract", "status_notifications",
                                   "resume_required"])
@pytest.mark.parametrize("value", ["no", "yes", "off", "true", 0, 1, None])
def test_every_switch_of_the_integration_is_strictly_true_or_false(stack, linkedin, field, value):
    # Given a company with Apply Connect on and a job live on LinkedIn
    key = live_job(stack, linkedin)
    before, posted = stack.records(), len(sent(linkedin))

    # When a switch is sent as something that only looks like a boolean
    response = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, field: value}, token=key)
    stack.drain()

    # Then it is a 400 naming the field; nothing changes, nothing is re-posted
    assert response.status == 400 and response.body["error"]["field"] == field
    assert stack.records() == before and len(sent(linkedin)) == posted


def test_the_recruiter_contracts_id_is_kept_shown_and_sent_with_premium_postings(stack, linkedin):
    # Given the contract's id, given bare
    key = company(stack, linkedin, recruiter_contract_id="  4242 ")

    # Then GET shows it as LinkedIn's URN, and the contract as linked
    view = stack.request("GET", "/admin/integrations/linkedin", token=key).body
    assert (view["recruiter_contract"], view["recruiter_contract_id"]) == (True, "urn:li:contract:4242")

    # And a premium posting carries it; a basic one does not
    publish(stack, key, linkedin={"listing": "premium"})
    publish(stack, key, external_id="job-2", linkedin={"listing": "basic"})
    premium, basic = sent(linkedin)
    assert (premium["listingType"], premium["contract"]) == ("PREMIUM", "urn:li:contract:4242")
    assert basic["listingType"] == "BASIC" and "contract" not in basic


@pytest.mark.parametrize("value", ["abc", "urn:li:contract:", "urn:li:organization:1", "12 34", 1234, True, "1" * 21])
def test_a_contract_id_that_is_not_one_is_refused(stack, linkedin, value):
    key = stack.company("acme")
    before = stack.records()

    response = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "recruiter_contract_id": value}, token=key)

    assert response.status == 400 and response.body["error"]["field"] == "recruiter_contract_id"
    assert stack.records() == before


def test_a_contract_id_with_the_contract_said_unlinked_is_refused(stack, linkedin):
    key = stack.company("acme")

    response = stack.request("PUT", "/admin/integrations/linkedin",
                             {**ENABLE, "recruiter_contract": False, "recruiter_contract_id": "12"}, token=key)

    assert response.status == 400 and response.body["error"]["field"] == "recruiter_contract"


def test_an_integration_stored_with_the_contract_as_a_flag_alone_refuses_premium_naming_the_field(stack, linkedin):
    # Given an integration stored before contract ids: the contract a flag, no id
    from chalicelib.linkedin.models import LinkedInIntegrationItem, SK

    key = company(stack, linkedin, recruiter_contract=True, status_notifications=True)
    item = LinkedInIntegrationItem.get("acme", SK)
    assert item.recruiter_contract and item.recruiter_contract_id is None

    # When a premium posting and a basic one are published
    publish(stack, key, linkedin={"listing": "premium"})
    publish(stack, key, external_id="job-2")

    # Then the basic one is posted; the premium one is not, and the job says why, naming the field
    assert [e["externalJobPostingId"] for e in sent(linkedin)] == ["job-2"]
    posting = stack.request("GET", "/admin/jobs/job-1", token=key).body["linkedin"]["posting"]
    assert posting["state"] == "failed" and "recruiter_contract_id" in posting["failure_reason"]
    [parked] = parked_reasons(stack)
    assert "recruiter_contract_id" in parked
    # And GET shows the contract linked without an id
    view = stack.request("GET", "/admin/integrations/linkedin", token=key).body
    assert (view["recruiter_contract"], view["recruiter_contract_id"]) == (True, None)


# -- 4. what a member may type on LinkedIn -----------------------------------------------------
def contact_of(stack, key, application):
    listed = [a for a in applications(stack, key)]
    [one] = [a for a in listed if a["linkedin"]["application_urn"] == application["jobApplicationId"]]
    return stack.request("GET", f"/admin/applications/{one['id']}", token=key).body


@pytest.mark.parametrize("typed, kept", [
    ("+46 70 123 45 67 ext. 12", "+46 70 123 45 67 ext. 12"),
    ("(555) 123-4567 x89", "(555) 123-4567 ext. 89"),
    ("tel: +1 555 0100", "+1 555 0100"),
    ("TEL:+44 20 7946 0958 extension 4", "+44 20 7946 0958 ext. 4"),
    ("+1 555 0100 #12", "+1 555 0100 ext. 12"),
    ("+46 70 123 45 67 (mobile)", "+46 70 123 45 67"),
    ("٠٧٠١٢٣٤٥٦٧", "0701234567"),  # Arabic-Indic digits
    ("０７０ １２３ ４５６７", "070 123 4567"),  # full-width digits
    ("call me maybe", None),
    ("<script>alert(1)</script>", None),
    ("9" * 200, None),
    ("+46\r\n70 123", "+46 70 123"),
])
def test_a_phone_number_as_a_member_may_type_it_is_kept_cleaned_or_dropped_never_refusing(stack, linkedin, typed, kept):
    # Given a job live on LinkedIn
    key = live_job(stack, linkedin)
    application = linkedin.application(phone=typed, resume=None)

    # When a member's application arrives with the phone number as they typed it
    response = deliver(stack, linkedin, application)

    # Then it is stored, the number kept when it is one (its extension too), dropped when not
    assert response.status == 200, response.body
    assert contact_of(stack, key, application)["phone"] == kept


@pytest.mark.parametrize("typed, kept", [
    ("  Grace@Example.COM ", "grace@example.com"),
    ("mailto:grace@example.com", "grace@example.com"),
    ("<grace@example.com>", "grace@example.com"),
    ("not-an-address", None),
    ("grace@example.com\r\nBcc: x@example.com", None),
    ("åsa@example.com", None),  # SES cannot deliver to a non-ASCII local part
    ("a" * 300 + "@example.com", None),
])
def test_an_email_as_a_member_may_type_it_is_normalized_or_dropped_while_the_phone_reaches_them(stack, linkedin, typed, kept):
    key = live_job(stack, linkedin)
    application = linkedin.application(email=typed, resume=None)

    response = deliver(stack, linkedin, application)

    assert response.status == 200, response.body
    detail = contact_of(stack, key, application)
    assert (detail["email"], detail["phone"]) == (kept, "+46 70 123 45 67")


@pytest.mark.parametrize("first, last, kept", [
    ("1234 :// @", "Hopper", (None, "Hopper")),
    ("Grace", "٣٤٥", ("Grace", None)),
    ("Grace" * 30, "Hopper", ("Grace" * 12, "Hopper")),
    ("Åsa 😀", "O'Brien-Ørsted", ("Åsa", "O'Brien-Ørsted")),
])
def test_a_name_as_a_member_may_type_it_is_cleaned_or_dropped_never_refusing(stack, linkedin, first, last, kept):
    key = live_job(stack, linkedin)
    application = linkedin.application(first_name=first, last_name=last, resume=None)

    response = deliver(stack, linkedin, application)

    assert response.status == 200, response.body
    detail = contact_of(stack, key, application)
    assert (detail["first_name"], detail["last_name"]) == kept


def test_fields_this_product_does_not_read_never_refuse_an_application(stack, linkedin):
    # Given an application with location, URLs and a headline in shapes LinkedIn might send
    key = live_job(stack, linkedin)
    application = linkedin.application(resume=None)
    application["questionResponses"]["contactInformationQuestionResponses"].update({
        "location": {"city": "Göteborg\r\n", "country": 46}, "headline": "<b>" + "x" * 10_000,
        "urls": ["javascript:alert(1)", 42], "middleName": None})

    assert deliver(stack, linkedin, application).status == 200
    assert len(applications(stack, key)) == 1


def test_an_application_without_a_usable_email_is_kept_and_emails_nobody(stack, linkedin):
    # Given a LinkedIn applicant whose address is not one, and the application rejected
    key = live_job(stack, linkedin)
    application = linkedin.application(email="grace at example dot com", resume=None)
    assert deliver(stack, linkedin, application).status == 200
    detail = contact_of(stack, key, application)
    assert stack.request("POST", f"/admin/applications/{detail['id']}/status", {"status": "rejected"}, token=key).status == 200
    stack.drain()

    # Then the hiring team has it, and no email went anywhere
    assert detail["email"] is None and detail["phone"] == "+46 70 123 45 67"
    assert stack.outbox() == []


# -- 4. every applicant is in the recruiters' candidate list ----------------------------------
def candidates(stack, key, **params):
    from urllib.parse import urlencode

    response = stack.request("GET", "/admin/candidates" + (f"?{urlencode(params)}" if params else ""), token=key)
    assert response.status == 200, response.body
    return response.body


def test_a_linkedin_applicant_who_never_connected_is_listed_not_connected_and_gets_no_job_tips(stack, linkedin):
    # Given a job live on LinkedIn, Ada connected and confirmed, and Grace applying on LinkedIn only
    key = live_job(stack, linkedin)
    stack.connect_and_confirm(email="ada@example.com", answers=[{"question_id": "portfolio", "value": "https://x.example"}], client_ip="192.0.2.9")
    assert deliver(stack, linkedin, linkedin.application(resume=None)).status == 200
    stack.drain()

    # Then the recruiters' list shows Grace, not connected, as a LinkedIn applicant, in the product department
    rows = {r["email"]: r for r in candidates(stack, key)["candidates"]}
    grace = rows["grace@example.com"]
    assert (grace["connected"], grace["applied_through"], grace["applied"]) == (False, ["linkedin"], True)
    assert (grace["first_name"], grace["last_name"], grace["departments"]) == ("Grace", "Hopper", ["product"])
    assert rows["ada@example.com"]["connected"] is True
    # And the filters find her
    assert [r["email"] for r in candidates(stack, key, q="hopper")["candidates"]] == ["grace@example.com"]
    assert "grace@example.com" in [r["email"] for r in candidates(stack, key, source="applied")["candidates"]]
    assert "grace@example.com" in [r["email"] for r in candidates(stack, key, department="product")["candidates"]]

    # When a matching job is published
    publish(stack, key, external_id="job-2", title="Staff Engineer")

    # Then Ada gets its tip and Grace nothing
    assert len(stack.job_tips_to("ada@example.com")) == 1
    assert stack.emails_to("grace@example.com") == []


def test_a_career_site_applicant_who_never_connected_is_listed_too_and_once_they_connect_only_as_candidate(stack, linkedin):
    key = live_job(stack, linkedin)
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {
        "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
        "answers": [{"question_id": "portfolio", "value": "https://ada.example"}]})
    assert applied.status == 201, applied.body
    stack.drain()

    [ada] = candidates(stack, key)["candidates"]
    assert (ada["email"], ada["connected"], ada["applied_through"]) == ("ada@example.com", False, ["career_site"])

    # When she connects after all, she is one row: the candidate
    stack.connect_and_confirm(email="ada@example.com", answers=[{"question_id": "portfolio", "value": "https://x.example"}], client_ip="192.0.2.9")
    [ada] = candidates(stack, key)["candidates"]
    assert ada["connected"] is True and ada["id"]


def test_the_list_with_applicants_is_paginated_and_scoped_by_company(stack, linkedin):
    # Given five LinkedIn applicants and two connected candidates at acme, and another company
    key = live_job(stack, linkedin)
    for i in range(5):
        assert deliver(stack, linkedin, linkedin.application(email=f"member{i}@example.com", resume=None)).status == 200
    for i in range(2):
        assert stack.connect(email=f"fan{i}@example.com", answers=[{"question_id": "portfolio", "value": "https://x.example"}], client_ip=f"192.0.2.{20 + i}").status == 201
    other = stack.company("beta")

    # When acme pages through two at a time
    seen, cursor = [], None
    for _ in range(10):
        page = candidates(stack, key, limit="2", **({"cursor": cursor} if cursor else {}))
        seen += [r["email"] for r in page["candidates"]]
        cursor = page["next_cursor"]
        if not cursor:
            break

    # Then every row comes once; beta sees none of them
    assert sorted(seen) == sorted([f"member{i}@example.com" for i in range(5)] + ["fan0@example.com", "fan1@example.com"])
    assert candidates(stack, other)["candidates"] == []


def test_erasure_removes_the_applicant_from_the_list(stack, linkedin):
    import re

    # Given Grace's LinkedIn application, listed as not connected; then she connects and erases everything
    key = live_job(stack, linkedin)
    assert deliver(stack, linkedin, linkedin.application(resume=None)).status == 200
    token = stack.connect_and_confirm(email="grace@example.com", first_name="Grace", last_name="Hopper", answers=[{"question_id": "portfolio", "value": "https://x.example"}], client_ip="192.0.2.9")
    assert stack.request("DELETE", "/me", token=token).status == 204
    stack.drain()

    # Then no row of her is left, and the applicant record is gone from the table
    assert candidates(stack, key)["candidates"] == []
    assert not [i for i in stack.table_items()["CandidatesTable"] if i["sk"]["S"].startswith("applicant#")]


def test_a_job_whose_id_is_escaped_in_its_url_receives_its_linkedin_applications(stack, linkedin):
    # Given a job with ':' in its id (the posting schema allows it), live on LinkedIn with onsite apply
    from urllib.parse import unquote, urlparse

    from tests.test_linkedin_apply_connect import ENABLE, sent

    key = stack.company("acme")
    assert stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key).status == 200
    assert stack.request("POST", "/admin/jobs", posting(external_id="eng:backend-1"), token=key).status in (200, 201)
    stack.drain()
    [created] = sent(linkedin)
    url = created["onsiteApplyConfiguration"]["jobApplicationWebhookUrl"]
    assert url.endswith("/jobs/eng%3Abackend-1")

    # When LinkedIn delivers an application to exactly the URL registered for it
    public = urlparse(os.environ["PUBLIC_API_URL"]).path.rstrip("/")
    body, headers = linkedin.signed("acme", linkedin.application())
    delivered = stack.request("POST", urlparse(url).path.removeprefix(public), raw=body, headers=headers)

    # Then it is stored for that job, which the escaped id also opens in the API
    assert delivered.status == 200, delivered.body
    [application] = stack.request("GET", "/admin/applications", token=key).body["applications"]
    assert application["job_id"] == "eng:backend-1"
    assert stack.request("GET", f"/admin/jobs/{urlparse(url).path.rsplit('/', 1)[1]}", token=key).body["id"] == unquote("eng%3Abackend-1")


def test_what_only_needs_cutting_or_dropping_never_refuses_a_linkedin_application(stack, linkedin):
    # Given a live job with a text question
    key = live_job(stack, linkedin)

    # When LinkedIn delivers an application whose resume name is very long, with an answer to no
    # question (empty identifier), a resume without a URL on a second one, and answers holding
    # controls, a lone surrogate and a bidi override; contacts in the forms members type
    long_name = linkedin.application(urn="urn:li:jobApplication:901")
    long_name["questionResponses"]["resumeQuestionResponses"]["resume"]["fileName"] = "cv-" + "x" * 400 + ".pdf"
    long_name["questionResponses"]["additionalQuestionResponses"] = {"customQuestionSetResponses": [{"questionResponses": [
        {"partnerQuestionIdentifier": "", "textQuestionResponse": {"text": "to nothing"}},
        {"partnerQuestionIdentifier": "portfolio", "textQuestionResponse": {"text": "x\ud800y\u0000z\u202e https://grace.example\nsecond line"}},
    ]}]}
    no_url = linkedin.application(urn="urn:li:jobApplication:902", email="Grace Hopper <grace2@example.com>",
                                  phone="+1 555 0100 / +1 555 0199")
    no_url["questionResponses"]["resumeQuestionResponses"] = {"resume": {"url": "", "fileName": "cv.pdf"}}
    answers = [deliver(stack, linkedin, application) for application in (long_name, no_url)]
    stack.drain()

    # Then both are stored; the harmful characters are gone, the text and its line break kept
    assert [a.status for a in answers] == [200, 200], [a.body for a in answers]
    stored = {a["linkedin"]["application_urn"]: a for a in applications(stack, key)}
    first = stack.request("GET", f"/admin/applications/{stored['urn:li:jobApplication:901']['id']}", token=key).body
    [portfolio] = [a["value"] for a in first["answers"] if a["question_id"] == "portfolio"]
    assert portfolio == "xyz https://grace.example\nsecond line"
    second = stack.request("GET", f"/admin/applications/{stored['urn:li:jobApplication:902']['id']}", token=key).body
    assert second["email"] == "grace2@example.com" and second["phone"] == "+1 555 0100", second
