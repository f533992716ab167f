"""Issue 18.4: emails a recipient trusts, checked as SES received them.

Every kind the product sends is driven through the public doors (HTTP, the queues, the streams,
the schedules), in English and in Swedish, and read back from moto's SES outbox: both parts are
in the recipient's language, in the company's branding, say who sent them and why, carry the
postal address and the link to manage preferences, and carry the same facts (job, links,
reason, address). The HTML part has `lang`. Job tips keep one-click unsubscribe.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import app as app_module
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext, scheduled_event, stream_record

LOGO = "https://cdn.acme.example/logo.png"
COLOUR = "#0b5fff"
ADDRESS = ["Acme Robotics AB", "Box 123", "111 22 Stockholm, Sweden"]
SETTINGS = {**DEMO_SETTINGS, "branding": {"logo_url": LOGO, "primary_color": COLOUR}, "postal_address": "\n".join(ADDRESS),
            "response_days": 7, "consent_months": 1, "promise": {"status_emails": ["shortlisted", "interview", "offer"]}}
# A description as a recruiter may paste it: Markdown, a link, markup that must never run.
DESCRIPTION = ("## About the role\n\nBuild **the career site** with [our team](https://evil.example/track) "
               "<img src=x onerror=alert(1)> in Stockholm.\n\n- React\n- Accessibility\n\n" + "We ship every day. " * 40)
# Its start, words only (a heading and list items end as sentences), cut at a word.
EXCERPT = "About the role. Build the career site with our team in Stockholm. React. Accessibility. We ship every day."
# How a reader tells the kinds apart: by their subject, in each language.
SUBJECTS = {
    "en": {"connect": "Thanks for connecting", "magic_link": "Your sign-in link", "consent_renewal": "Stay connected",
           "email_change": "Confirm your new email address", "job_tip": "New job at", "digest": r"\d+ new jobs? at",
           "rejection": "Your application to", "application_link": "Is this application",
           "application_receipt": "We received your application", "promise_update": r"Your application for .*: not decided yet",
           "status_shortlisted": "You are on the shortlist", "status_interview": "We would like to interview you",
           "status_offer": "An offer is on its way", "campaign": "News from Acme"},
    "sv": {"connect": "Tack för att du anslöt", "magic_link": "Din inloggningslänk", "consent_renewal": "Vill du fortsätta",
           "email_change": "Bekräfta din nya e-postadress", "job_tip": "Nytt jobb hos", "digest": r"\d+ nya jobb hos",
           "rejection": "Din ansökan till", "application_link": "Är den här ansökan",
           "application_receipt": "Vi har fått din ansökan", "promise_update": "Inget beslut ännu",
           "status_shortlisted": "Du är på kortlistan", "status_interview": "Vi vill gärna intervjua dig",
           "status_offer": "Ett erbjudande är på väg", "campaign": "Nytt från Acme"},
}
WHY = {"en": "Acme sent you this email because ", "sv": "Acme skickade det här mejlet till dig eftersom "}
SIGN_OFF = {"en": "The hiring team at Acme", "sv": "Rekryteringsteamet på Acme"}
MANAGE = {"en": "Manage your preferences", "sv": "Hantera dina val"}
JOB_KINDS = {"job_tip", "digest", "rejection", "application_link", "application_receipt", "promise_update",
             "status_shortlisted", "status_interview", "status_offer"}
LIST_KINDS = {"job_tip", "digest", "campaign"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Part(HTMLParser):
    """What a reader of the HTML part sees (text, links, images) and its language."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.images: list[dict] = []
        self.lang: str | None = None
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag in ("head", "style", "title", "script"):
            self._hidden += 1
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "img":
            self.images.append(attributes)
            self.text.append(attributes.get("alt") or "")

    def handle_endtag(self, tag):
        if tag in ("head", "style", "title", "script"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)

    def words(self) -> str:
        return flat(" ".join(self.text))


def flat(text: str) -> str:
    return " ".join(text.split())


def urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s<>\"]+", text))


def kind_of(email: dict) -> tuple[str, str] | None:
    for language, subjects in SUBJECTS.items():
        for kind, pattern in subjects.items():
            if re.match(pattern, email["subject"]):
                return kind, language
    return None


def confirm(stack, address: str, language: str) -> str:
    """Connect from a page in ``language`` and follow the emailed link: the access token."""
    assert stack.connect(email=address, language=language).status == 201
    stack.drain()
    [thanks] = stack.emails_to(address)
    token = parse_qs(urlparse(re.search(r"https?://\S+token=\S+", thanks["text"]).group(0)).query)["token"][0]
    return stack.request("POST", "/auth/session", {"token": token}).body["access_token"]


def apply(stack, address: str, language: str | None = None, token: str | None = None, **fields) -> str:
    body = {"email": address, "first_name": "Grace", "last_name": "Hopper", **({"language": language} if language else {}), **fields}
    response = stack.request("POST", "/companies/acme/jobs/job-1/applications", body, token=token)
    assert response.status == 201, response.body
    return response.body["application_id"]


def send_every_kind(stack) -> dict[tuple[str, str], dict]:
    """One email of every kind in each language, as SES received it: {(kind, language): email}."""
    from chalicelib.matching.digest_schedule import next_due

    key = stack.company("acme", SETTINGS)
    sessions = {}
    for language in ("en", "sv"):
        sessions[language] = confirm(stack, f"ada.{language}@example.com", language)
        weekly = confirm(stack, f"weekly.{language}@example.com", language)
        stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "weekly"}, token=weekly)
        stack.request("POST", "/auth/magic-link", {"company": "acme", "email": f"ada.{language}@example.com"})
    # A job they follow is published: instant tips, and tips filed for the weekly digest
    stack.publish(description=DESCRIPTION, locations=["stockholm", "london"], work_mode="hybrid")
    stack.drain()
    stack.pump.run_periodic(at=next_due("weekly", "Europe/Stockholm", datetime.now(timezone.utc)))
    # Consent nears its end
    app_module.consent_keeper(scheduled_event(datetime.now(timezone.utc) + timedelta(days=20)), LambdaContext("consent_keeper"))
    # A campaign to the whole community, written in both languages
    campaign = stack.request("POST", "/admin/campaigns", {"name": "News", "audience": {"filters": {}}, "contents": {
        "en": {"subject": "News from Acme", "body": "We opened an office in **Berlin**."},
        "sv": {"subject": "Nytt från Acme", "body": "Vi har öppnat ett kontor i **Berlin**."}}}, token=key)
    assert stack.request("POST", f"/admin/campaigns/{campaign.body['id']}/send", token=key).status == 202
    stack.drain()
    for language in ("en", "sv"):
        # Someone applies with Ada's address without signing in (she is asked whether it is hers),
        # Grace applies from the career site and is turned down, and Ada moves to a new address
        apply(stack, f"ada.{language}@example.com", language)
        grace = apply(stack, f"grace.{language}@example.com", language)
        stack.drain()
        assert stack.request("POST", f"/admin/applications/{grace}/status", {"status": "rejected"}, token=key).status == 200
        stack.request("PATCH", "/me", {"email": f"ada.{language}@example.org"}, token=sessions[language])
        # Hope is shortlisted, invited to interview and offered the job (each announced: issue 20.1)
        hope = apply(stack, f"hope.{language}@example.com", language)
        stack.drain()
        for status in ("shortlisted", "interview", "offer"):
            assert stack.request("POST", f"/admin/applications/{hope}/status", {"status": status}, token=key).status == 200
            stack.drain()
    # The promise passes with no decision for Hope: the daily guard tells her the truth
    stack.drain()
    app_module.promise_guard(scheduled_event(datetime.now(timezone.utc) + timedelta(days=30)), LambdaContext("promise_guard"))
    stack.drain()
    found: dict[tuple[str, str], dict] = {}
    for raw, email in zip(stack.raw_outbox(), stack.outbox()):
        which = kind_of(email)
        assert which is not None, email["subject"]
        found.setdefault(which, {**email, "raw": raw})
    return found


def test_every_email_kind_says_the_same_in_both_parts_in_the_recipients_language_and_the_companys_branding(stack):
    from chalicelib.notifications.registry import kinds

    # Given a company with its logo, colour, postal address and stated response time
    # When every kind of email is sent, in English and in Swedish
    sent = send_every_kind(stack)

    # Then there is one of every registered kind a candidate receives in each language (the hiring
    # team's own emails, whose preferences are on the console, are checked in test_console_team*.py)
    to_candidates = {name for name, kind in kinds().items() if kind.message.__module__.split(".")[1] != "team"}
    assert set(sent) == {(kind, language) for kind in to_candidates for language in ("en", "sv")}
    dashboard = f"{os.environ['PUBLIC_API_URL']}/companies/acme/dashboard"
    for (kind, language), email in sent.items():
        where = f"{kind} ({language})"
        text, html = email["text"], Part(email["html"])
        words = flat(text)
        # In the recipient's language, with lang on the HTML part, in the company's branding
        assert html.lang == language, where
        assert [i["src"] for i in html.images] == [LOGO] and html.images[0]["alt"] == "Acme", where
        assert COLOUR in email["html"], where
        # The same links in both parts, the dashboard's preferences among them
        assert set(html.links) == urls(text), where
        assert dashboard in html.links and f"{MANAGE[language]}: {dashboard}" in words, where
        # Who sent it and why, the same sentence in both parts
        [why] = [line for line in text.splitlines() if line.startswith(WHY[language])]
        assert flat(why) in html.words() and len(why) > len(WHY[language]) + 10, where
        # The postal address, line by line, in both
        for line in ADDRESS:
            assert line in text.splitlines() and line in html.words(), where
        # Closed like a person would
        assert SIGN_OFF[language] in words and SIGN_OFF[language] in html.words(), where
        # The job, where there is one
        if kind in JOB_KINDS:
            assert "Front End Developer" in words and "Front End Developer" in html.words(), where
        # A mailing list: one-click unsubscribe in both parts and in the headers; no "Remove my data"
        unsubscribe = [u for u in urls(text) if "/unsubscribe?token=" in u]
        if kind in LIST_KINDS:
            assert len(unsubscribe) == 1 and email["headers"]["List-Unsubscribe"] == f"<{unsubscribe[0]}>", where
            assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", where
        else:
            assert unsubscribe == [] and "List-Unsubscribe" not in email["headers"], where
        assert "/erase?token=" not in email["raw"], where

    # And a job tip shows the start of the description as words only, where the job is and how
    for language, mode in (("en", "Work mode: Hybrid"), ("sv", "Arbetsform: Hybrid")):
        tip = sent[("job_tip", language)]
        for fact in (EXCERPT, mode, "Stockholm, London"):
            assert fact in flat(tip["text"]) and fact in Part(tip["html"]).words(), (language, fact)
        assert "evil.example" not in tip["raw"] and "<img src=x" not in tip["html"] and "onerror" not in tip["raw"]
        assert "We ship every day. " * 20 not in flat(tip["text"]) and "…" in flat(tip["text"])
        digest = sent[("digest", language)]
        assert EXCERPT in flat(digest["text"]) and EXCERPT in Part(digest["html"]).words()
    # And the receipt says what happens next and when, in working days
    for language, promise in (("en", "within 7 working days"), ("sv", "inom 7 arbetsdagar")):
        receipt = sent[("application_receipt", language)]
        assert promise in flat(receipt["text"]) and promise in Part(receipt["html"]).words()


def test_a_career_site_applicant_gets_one_receipt_however_often_the_event_arrives_and_a_linkedin_applicant_none(stack, linkedin):
    from tests.test_linkedin_apply_connect import company, deliver, publish

    # Given a job on the career site and on LinkedIn, and every batch delivered twice
    key = company(stack, linkedin)
    publish(stack, key)
    stack.pump.deliveries = 2

    # When Grace applies on the career site and Linus through LinkedIn
    apply(stack, "grace@example.com", answers=[{"question_id": "portfolio", "value": "https://grace.example"}])
    assert deliver(stack, linkedin, linkedin.application(email="linus@example.com")).status == 200
    stack.drain()
    # and the applications stream is handed over once more (a redeployed event source)
    stream_arn = stack.physical["ApplicationsTable"]["StreamArn"]
    streams = stack.pump.streams
    records = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records += [stream_record(r, stream_arn) for r in streams.get_records(ShardIterator=iterator)["Records"]]
    assert app_module.applications_history({"Records": records}, LambdaContext("applications_history")) == {"batchItemFailures": []}
    stack.drain()

    # Then Grace has one receipt for the job; LinkedIn tells Linus, we do not
    [receipt] = stack.emails_to("grace@example.com", kind="We received your application")
    assert receipt["subject"] == "We received your application for Front End Developer"
    assert "within 10 working days" in flat(receipt["text"])
    assert stack.emails_to("linus@example.com", kind="We received") == []
    assert [a["source"] for a in stack.request("GET", "/admin/applications", token=key).body["applications"]].count("linkedin") == 1


def test_a_companys_own_template_keeps_the_frame_who_why_address_and_the_way_out(stack):
    # Given a company that wrote its own job tip, as a whole HTML document
    own = {"subject": "Psst: {{ job.title }}", "text": "Hi {{ candidate.first_name }}, look: {{ job.apply_url }}",
           "html": "<!doctype html><html><head><title>x</title></head><body><p>Hi {{ candidate.first_name }}, "
                   "<a href=\"{{ job.apply_url }}\">look</a></p></body></html>"}
    stack.company("acme", {**SETTINGS, "templates": {"job_tip": own}})
    confirm(stack, "ada@example.com", "en")

    # When a job tip goes out
    stack.publish()
    stack.drain()

    # Then it is the company's message inside the frame: branded, with lang, why, the address and
    # the links to manage preferences and to stop job tips
    [tip] = [e for e in stack.emails_to("ada@example.com") if e["subject"].startswith("Psst")]
    html = Part(tip["html"])
    assert html.lang == "en" and [i["src"] for i in html.images] == [LOGO]
    assert tip["html"].count("<html") == 1 and tip["html"].count("<body") == 1
    assert "Hi Ada, look" in html.words() and "Hi Ada, look:" in tip["text"]
    assert WHY["en"] + "you asked for job tips" in flat(tip["text"]) and WHY["en"] + "you asked for job tips" in html.words()
    assert all(line in html.words() and line in tip["text"] for line in ADDRESS)
    assert set(html.links) == urls(tip["text"]) and any("/unsubscribe?token=" in u for u in html.links)


def test_a_swedish_candidates_emails_name_the_companys_departments_in_swedish(stack):
    from infrastructure.demo import DEMO_SETTINGS

    # Given Acme, which translated its Product department into Swedish, and Ada, who connected in Swedish
    stack.company("acme", {**DEMO_SETTINGS, "translations": {"sv": {"departments": {"product": "Produktutveckling"}}}})
    assert stack.connect(email="ada@example.com", language="sv").status == 201
    stack.drain()
    [thanks] = stack.emails_to("ada@example.com")
    token = parse_qs(urlparse(re.search(r"https?://\S+token=\S+", thanks["text"]).group(0)).query)["token"][0]
    assert stack.request("POST", "/auth/session", {"token": token}).status == 200
    # When a Product job is published
    stack.publish()
    stack.drain()
    [tip] = [e for e in stack.emails_to("ada@example.com") if e is not thanks and "Front End" in e["subject"]]
    # Then the job tip names the department as Acme wrote it in Swedish, in both parts
    assert "Produktutveckling" in tip["text"] and "Produktutveckling" in tip["html"]
    assert "Product Development" not in tip["text"]
