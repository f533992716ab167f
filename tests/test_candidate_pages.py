"""Issue 18 (sections 1-3, the pages): forms that say everything at once in the page's language,
redirects after a post, the company and its jobs on every page, states that tell the truth. Over
HTTP as a browser posts forms; the browser journeys are in test_browser.py."""
from __future__ import annotations

import re
from datetime import timedelta

from infrastructure.demo import DEMO_SETTINGS
from tests.support import cookie_pairs
from tests.test_pages import FORM, HTML, form_post

REQUIRED = {**DEMO_SETTINGS, "questions": [*DEMO_SETTINGS["questions"],
                                         {"id": "notice", "text": "Notice period?", "type": "text", "required": True}]}


def summary(body: str) -> list[str]:
    """The error summary's entries as a person reads them (href, text)."""
    block = re.search(r'<div class="error-summary".*?</div>', body, re.S)
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', block.group(0)) if block else []


def beside(body: str, field: str) -> str | None:
    found = re.search(rf'<p class="error" id="{re.escape(field)}-error">.*?</span>([^<]+)</p>', body)
    return found.group(1) if found else None


def csrf_of(body: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)


def test_an_empty_connect_form_names_every_problem_at_once_in_plain_swedish(stack):
    # Given a company with a required question, and a Swedish browser
    stack.company("acme", REQUIRED)
    before = stack.records()

    # When the Connect form is sent empty
    page = stack.request("POST", "/companies/acme/connect", raw=b"", headers={**FORM, "Accept-Language": "sv-SE,sv"})

    # Then one answer lists every problem (email and names included), each beside its field and
    # linked from the summary, in Swedish words, and nothing is written
    assert page.status == 400 and stack.records() == before
    assert summary(page.body) == [
        ("email", "Fyll i din e-postadress"), ("first_name", "Fyll i ditt förnamn"), ("last_name", "Fyll i ditt efternamn"),
        ("departments", "Välj minst en avdelning"), ("answer.notice", "Svara på frågan"),
        ("consent", "Kryssa i rutan för att godkänna, så att vi får spara dina uppgifter")]
    assert "Kontrollera de här 6 sakerna" in page.body
    for field, message in summary(page.body):
        assert beside(page.body, field) == message
    assert 'id="email" autocomplete="email" inputmode="email"' in page.body
    assert "validation" not in page.body and "Field required" not in page.body


def test_wrong_values_are_named_in_words_and_what_was_typed_is_kept(stack):
    stack.company("acme")

    page = form_post(stack, "/companies/acme/connect", {"email": "ada@", "first_name": "Ada", "last_name": "L0velace",
                                                        "departments": ["product"], "roles": ["nope"], "consent": "true"})

    assert page.status == 400
    assert [field for field, _ in summary(page.body)] == ["email", "last_name", "roles"]
    assert beside(page.body, "email").startswith("Enter an email address like name@example.com")
    assert 'value="ada@"' in page.body and 'value="L0velace"' in page.body and 'value="Ada"' in page.body


def test_the_json_api_lists_several_problems_each_naming_its_field(stack):
    stack.company("acme")

    refused = stack.connect(departments=["product", "nope"], roles=["also-nope"], location="mars")

    assert refused.status == 400
    assert [p["field"] for p in refused.body["error"]["errors"]] == ["departments.1", "roles.0", "location"]
    assert refused.body["error"]["field"] == "departments.1"


def test_connecting_redirects_to_a_page_that_names_the_address_and_sends_the_link_again(stack):
    stack.company("acme")
    fields = {"email": "Ada@Example.com", "first_name": "Ada", "last_name": "Lovelace", "departments": ["product"], "consent": "true"}

    # When Ada connects, then reloads the thank-you page, then asks for the link again
    posted = form_post(stack, "/companies/acme/connect", fields)
    cookie = cookie_pairs(posted.headers, "cc_sent")
    thanks = stack.request("GET", "/companies/acme/sent", headers={**HTML, "Cookie": cookie})
    reloaded = stack.request("GET", "/companies/acme/sent", headers={**HTML, "Cookie": cookie})
    forged = form_post(stack, "/companies/acme/sent", {"csrf": "0" * 40}, cookie)
    again = form_post(stack, "/companies/acme/sent", {"csrf": csrf_of(thanks.body)}, cookie)
    stack.drain()

    # Then the post was answered with a 303 (a refresh sends nothing), the page names her
    # address, a forged form sends nothing, and the button sends her a link that opens her dashboard
    assert posted.status == 303 and posted.headers["location"] == "sent"
    assert "ada@example.com" in thanks.body and thanks.body == reloaded.body
    assert forged.status == 403 and again.status == 303
    assert len(stack.emails_to("ada@example.com", kind="Thanks for connecting")) == 1
    [link] = stack.emails_to("ada@example.com", kind="sign-in")
    assert "/companies/acme/dashboard?token=" in link["text"]


def test_sending_again_stays_within_the_sign_in_links_limit(stack):
    stack.company("acme")
    posted = form_post(stack, "/companies/acme/connect", {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
                                                          "departments": ["product"], "consent": "true"})
    cookie = cookie_pairs(posted.headers, "cc_sent")
    token = csrf_of(stack.request("GET", "/companies/acme/sent", headers={**HTML, "Cookie": cookie}).body)

    answers = [form_post(stack, "/companies/acme/sent", {"csrf": token}, cookie).status for _ in range(6)]

    assert answers == [303] * 5 + [429]
    limited = form_post(stack, "/companies/acme/sent", {"csrf": token}, cookie)
    assert "several emails in the last hour" in limited.body and "retry-after" in limited.headers


def test_a_sign_in_form_with_a_mistake_says_so_beside_the_field(stack):
    stack.company("acme")

    empty = form_post(stack, "/companies/acme/sign-in", {"email": ""})
    wrong = form_post(stack, "/companies/acme/sign-in", {"email": "ada@example"})

    assert empty.status == wrong.status == 400
    assert beside(empty.body, "email") == "Enter your email address"
    assert beside(wrong.body, "email").startswith("Enter an email address") and 'value="ada@example"' in wrong.body


def test_the_connect_page_opens_with_the_company_and_its_open_jobs(stack):
    stack.company("acme", {**DEMO_SETTINGS, "overview": [{"title": "Life at Acme", "body": "We build robots.\n\nAnd we like it."}]})
    stack.publish()
    stack.publish(external_id="old", title="Closed Job", status="closed")

    page = stack.request("GET", "/companies/acme/connect", headers=HTML).body

    assert page.index("Life at Acme") < page.index("Front End Developer") < page.index('id="connect-form"')
    assert "<p>And we like it.</p>" in page and "Closed Job" not in page
    assert 'href="jobs/job-1/apply"' in page
    # The email comes first in the form, then the interests
    assert page.index('id="email"') < page.index('id="departments"')


def test_the_apply_page_shows_the_job_and_the_reply_time(stack):
    stack.company("acme", {**DEMO_SETTINGS, "response_days": 7})
    stack.publish(description="Build the career site.\n\nWith us.", work_mode="hybrid", locations=["stockholm", "london"])

    page = stack.request("GET", "/companies/acme/jobs/job-1/apply", headers=HTML).body

    for fact in ("Product Development", "Front End Developer", "Stockholm, London", "Hybrid", "<p>With us.</p>",
                 "We aim to reply within 7 working days: if you apply today, by "):
        assert fact in page
    assert 'type="tel" name="phone" id="phone" autocomplete="tel"' in page


def signed_in(stack, **fields) -> str:
    stack.connect(**fields)
    stack.drain()
    return stack.signed_in_cookie("acme", stack.confirm_token(fields.get("email", "ada@example.com")))


def test_a_signed_in_candidate_who_applies_is_recognised(stack):
    # Given Ada, signed in, on a job's apply page
    stack.company("acme")
    stack.publish()
    cookie = signed_in(stack)
    page = stack.request("GET", "/companies/acme/jobs/job-1/apply", headers={**HTML, "Cookie": cookie})

    # When she sends the prefilled form
    sent = form_post(stack, "/companies/acme/jobs/job-1/apply",
                     {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}, cookie)
    stack.drain()
    applied = stack.request("GET", "/companies/acme/jobs/job-1/applied", headers={**HTML, "Cookie": cookie})
    dashboard = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})

    # Then the form knew her, the application is on her dashboard at once, no "is this yours?"
    # email went out, and she is not offered to connect again
    assert 'value="ada@example.com"' in page.body and 'value="Lovelace"' in page.body
    assert sent.status == 303 and "cc_offer" not in str(sent.headers.get("set-cookie"))
    assert "Front End Developer" in re.search(r'id="applications-h".*?</section>', dashboard.body, re.S).group(0)
    assert [e["subject"] for e in stack.emails_to("ada@example.com") if "yours" in e["subject"].lower()] == []
    assert "connect-after-applying" not in applied.body and "See it on your dashboard" in applied.body


def test_an_emailed_link_used_again_by_its_signed_in_candidate_opens_the_dashboard(stack):
    stack.company("acme")
    stack.connect()
    stack.drain()
    token = stack.confirm_token("ada@example.com")
    cookie = stack.signed_in_cookie("acme", token)

    # When the same link is opened again, signed in, and by a browser that is not signed in
    again = stack.request("GET", f"/companies/acme/dashboard?token={token}", headers={**HTML, "Cookie": cookie})
    stranger = stack.follow_link("acme", token)

    assert again.status == 303 and again.headers["location"] == "dashboard"
    assert stranger.status == 401 and "This link is not valid" in stranger.body


def test_the_dashboard_says_when_job_tips_are_stopped_and_offers_to_resume(stack):
    stack.company("acme")
    stack.publish()
    cookie = signed_in(stack)
    csrf = csrf_of(stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body)

    running = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body
    form_post(stack, "/companies/acme/dashboard/unsubscribe", {"csrf": csrf}, cookie)
    stopped = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body
    resumed = form_post(stack, "/companies/acme/dashboard/resume", {"csrf": csrf}, cookie)
    after = stack.request("GET", "/companies/acme/dashboard?done=resumed", headers={**HTML, "Cookie": cookie}).body

    # The open job she follows is listed; no consent renewal is offered (none is due)
    assert "Open jobs that match your job tips" in running and 'href="jobs/job-1/apply"' in running
    assert "Renew my consent" not in running and "Stop all job tips" in running
    assert "Your job tips are stopped" in stopped and "Resume job tips" in stopped and "Stop all job tips" not in stopped
    assert resumed.status == 303 and "Your job tips are on again." in after and "Stop all job tips" in after
    stack.publish(external_id="job-2", title="Designer")
    stack.drain()
    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: Designer"]


def test_renewing_consent_is_offered_only_when_it_is_due(stack, monkeypatch):
    from chalicelib import db

    stack.company("acme", {**DEMO_SETTINGS, "consent_months": 1})
    cookie = signed_in(stack)

    early = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body
    later = db.now() + timedelta(days=20)
    monkeypatch.setattr(db, "now", lambda: later)
    monkeypatch.setattr("chalicelib.pages.dashboard.now", lambda: later)
    due = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body

    assert "Renew my consent" not in early and "Your consent lasts until" in early
    assert "Renew my consent" in due and "Your consent ends on" in due


def test_a_refused_dashboard_form_shows_every_problem_beside_its_field(stack):
    stack.company("acme")
    cookie = signed_in(stack)
    csrf = csrf_of(stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).body)

    page = form_post(stack, "/companies/acme/dashboard/profile",
                     {"csrf": csrf, "first_name": "", "last_name": "King", "email": "augusta@", "language": "sv"}, cookie)

    assert page.status == 400
    assert [field for field, _ in summary(page.body)] == ["first_name", "email"]
    assert beside(page.body, "first_name") == "Enter your first name"
    assert 'value="King"' in page.body and 'value="augusta@"' in page.body
    assert 'action="../dashboard/profile"' in page.body and 'href="../../../static/app.css"' in page.body


def test_unsubscribe_erase_and_expired_links_show_the_company(stack, monkeypatch):
    stack.company("acme", {**DEMO_SETTINGS, "branding": {"primary_color": "#aa3300"}})
    swedish = {**HTML, "Accept-Language": "sv"}
    stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    [tip] = stack.job_tips_to("ada@example.com")
    unsubscribe = re.search(r"/unsubscribe\?token=\S+", tip["text"]).group(0)
    from chalicelib.candidates.links import erase_link  # (tips no longer carry it; older tips' links work)

    candidate_id = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"][0]["id"]
    erased = erase_link("acme", candidate_id, "ada@example.com")
    erase = erased[erased.index("/erase?"):]

    pages = [stack.request("GET", unsubscribe, headers=swedish), stack.request("GET", erase, headers=swedish),
             stack.request("POST", unsubscribe, raw=b"List-Unsubscribe=One-Click", headers={**FORM, "Accept-Language": "sv"})]
    altered = stack.request("GET", "/unsubscribe?token=x.y", headers=HTML)
    monkeypatch.setenv("SIGNED_LINK_DAYS", "1")
    from chalicelib.runtime import reset_caches

    reset_caches()
    from chalicelib import db

    later = db.now() + timedelta(days=3)
    monkeypatch.setattr("chalicelib.candidates.links.now", lambda: later)
    expired = stack.request("GET", erase, headers=swedish)

    for page in [*pages, expired]:
        assert 'href="companies/acme/theme.css"' in page.body and '<span class="brand">Acme</span>' in page.body
        assert '<html lang="sv">' in page.body
    assert expired.status == 410 and "Länken har gått ut" in expired.body
    assert "companies/none" not in altered.body and "Connect</span>" not in altered.body


def test_an_unknown_company_or_job_is_a_page_to_a_browser_and_json_to_a_client(stack):
    stack.company("acme")

    browser = stack.request("GET", "/companies/nope/connect", headers=HTML)
    client = stack.request("GET", "/companies/nope/connect")
    job = stack.request("GET", "/companies/acme/jobs/nope/apply", headers={**HTML, "Accept-Language": "sv"})

    assert browser.status == 404 and browser.headers["content-type"].startswith("text/html")
    assert "<h1>We could not find this page</h1>" in browser.body and "companies/nope/theme.css" not in browser.body
    assert client.status == 404 and client.body["error"]["field"] == "company"
    assert job.status == 404 and "Acme" in job.body and "Jobbet är inte öppet" in job.body


def test_every_text_the_page_code_shows_has_its_swedish():
    from babel.messages.pofile import read_po

    from chalicelib.i18n import LOCALES
    from chalicelib.pages import errors, problems

    with (LOCALES / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        translated = {m.id for m in read_po(source) if m.id and m.string}
    shown = problems.catalog_texts() | {t for pair in [*errors.HEADINGS.values(), errors.OTHER_CLIENT_ERROR, errors.SERVER_ERROR] for t in pair}
    assert shown - translated == set()


def test_an_applicant_on_the_swedish_apply_page_gets_the_receipt_in_swedish(stack):
    # Given Acme (English by default) with an open job, and a browser asking for Swedish
    stack.company("acme")
    stack.publish()
    stack.drain()
    # When Grace applies on the apply page, anonymously
    sent = stack.request("POST", "/companies/acme/jobs/job-1/apply",
                         raw=b"email=grace%40example.com&first_name=Grace&last_name=Hopper",
                         headers={**FORM, "Accept-Language": "sv-SE,sv;q=0.9"})
    assert sent.status == 303, sent.body
    stack.drain()
    # Then her receipt speaks the page's language, both parts
    [receipt] = [e for e in stack.emails_to("grace@example.com") if "arbetsdagar" in e["text"]]
    assert 'lang="sv"' in receipt["html"]
