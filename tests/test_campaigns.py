"""Issue 20, section 2: nurture campaigns.

A recruiter writes a campaign per language for a segment, sees who will receive it, sends it now
or at a time (the company's, or each person's own), and can cancel it before it goes. Emails go
through the notifications queue once per (campaign, person), within each person's cap across
non-transactional email, only to confirmed people with valid consent who have not turned
campaigns off, never to a suppressed address. Days move on a controlled clock
(``chalicelib.db.now``, which the campaigns, the cap and the preferences read; EventBridge
Scheduler's due schedules are fired by the test stack's pump on the same clock).
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import pytest

import app as app_module
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext
from tests.test_suppression import bounce, sns_event

START = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)  # a Monday
# The check is a segment of 500 people: CAMPAIGN_SEGMENT=500 runs it so (it passed so on
# 2026-12-08, 8 minutes on a loaded machine). `make test` runs 200, to keep the whole suite within
# CI's 20 minutes on 2 cores, as the 2,000-tip announcement runs with 500 there.
SEGMENT = int(os.environ.get("CAMPAIGN_SEGMENT", "200"))


class Clock:
    """The moment the product believes it is: moved by the test, never by waiting."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch, stack):
    moment = Clock(START)
    monkeypatch.setattr("chalicelib.db.clock", moment)
    stack.pump.clock = moment
    return moment


def company(stack, **settings) -> str:
    return stack.company("acme", {**DEMO_SETTINGS, "timezone": "Europe/Stockholm", **settings})


def people(stack, count: int, department: str = "sales", prefix: str = "p", confirm: bool = True, also: tuple = (),
           **fields) -> list[str]:
    """``count`` people connect (in parallel, as visitors do) and confirm through their emails."""
    addresses = [f"{prefix}{i:03d}@example.com" for i in range(count)]
    for i, address in enumerate(addresses):
        response = stack.connect(email=address, first_name=f"Person{prefix.upper()}", last_name=_letters(i),
                                 departments=[department, *(also if i < 40 else ())], client_ip=_ip(i), **fields)
        assert response.status == 201, response.body
    drain(stack)
    if confirm:
        # (the thank-you emails read once: the outbox holds hundreds)
        tokens = {}
        for email in stack.outbox():
            link = re.search(r"https?://\S+token=\S+", email["text"]) if "Thanks for connecting" in email["subject"] else None
            if link:
                tokens[email["to"]] = parse_qs(urlparse(link.group(0)).query)["token"][0]
        for i, address in enumerate(addresses):
            token = next(t for to, t in tokens.items() if address in to)
            assert stack.request("POST", "/auth/session", {"token": token}, client_ip=_ip(i)).status == 200
    return addresses


def _ip(number: int) -> str:
    """Each person's own address on the internet (visitors do not share one)."""
    return f"198.51.{number // 200}.{number % 200 + 1}"


def drain(stack) -> None:
    """Deliver everything queued, however many passes hundreds of emails take."""
    while stack.pump.tick():
        pass
    assert not stack.pump.errors, stack.pump.errors


def _letters(number: int) -> str:
    """A surname from a number (names hold letters only): 0 -> Aaa, 27 -> Abb."""
    return "".join("abcdefghijklmnopqrstuvwxyz"[(number // 26 ** p) % 26] for p in (2, 1, 0)).capitalize()


def segment(stack, key: str, name: str = "Sales", **filters) -> str:
    response = stack.request("POST", "/admin/segments", {"name": name, "filters": filters or {"department": "sales"}}, token=key)
    assert response.status == 201, response.body
    return response.body["id"]


def campaign(stack, key: str, segment_id: str | None = None, name: str = "Spring news", subject: str = "Spring at Acme",
             **extra) -> str:
    body = {"name": name, "audience": {"segment_id": segment_id} if segment_id else {"filters": {}},
            "contents": {"en": {"subject": subject, "body": "We are **growing**. [Read more](https://acme.example/news)"},
                         "sv": {"subject": f"{subject} (sv)", "body": "Vi *växer*."}},
            **extra}
    response = stack.request("POST", "/admin/campaigns", body, token=key)
    assert response.status == 201, response.body
    return response.body["id"]


def campaign_emails(stack, address: str, subject: str | None = None) -> list[dict]:
    return [e for e in stack.emails_to(address) if _is_campaign(e, subject)]


def _is_campaign(email: dict, subject: str | None) -> bool:
    # A campaign's email stops its own category: the frame's link says "Stop news from <company>".
    return "Stop news from" in email["text"] and (subject is None or email["subject"] == subject)


def unsubscribe_header(email: dict) -> str:
    return re.fullmatch(r"<(.+)>", email["headers"]["List-Unsubscribe"]).group(1)


def one_click(stack, url: str, client_ip: str = "192.0.2.1"):
    """What a mail client does with List-Unsubscribe-Post (from the person's own address)."""
    parsed = urlparse(url)
    return stack.request("POST", f"{parsed.path}?{parsed.query}", raw=b"List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded"}, client_ip=client_ip)


def results(stack, key: str, campaign_id: str) -> dict:
    response = stack.request("GET", f"/admin/campaigns/{campaign_id}/results", token=key)
    assert response.status == 200, response.body
    return response.body


# -- writing and counting --------------------------------------------------------------------

def test_a_campaign_is_written_per_language_and_its_audience_counted_with_a_sample(stack, clock):
    # Given a company, eight confirmed Sales people, two unconfirmed, three in Product, a segment
    key = company(stack)
    sales = people(stack, 8)
    people(stack, 2, prefix="u", confirm=False)
    people(stack, 3, department="product", prefix="q")
    segment_id = segment(stack, key)
    # And one of the Sales addresses bounced before
    app_module.email_events(sns_event(bounce(sales[0])), LambdaContext("email_events"))

    # When a recruiter's campaign for the segment is written
    campaign_id = campaign(stack, key, segment_id)
    audience = stack.request("GET", f"/admin/campaigns/{campaign_id}/audience", token=key)

    # Then the count is who would receive it now: the confirmed Sales people, less the suppressed
    assert audience.status == 200, audience.body
    assert audience.body["count"] == 7
    assert (audience.body["matched"], audience.body["not_receiving"], audience.body["suppressed"]) == (10, 2, 1)
    assert 1 <= len(audience.body["sample"]) <= 5
    assert all(p["first_name"] == "PersonP" for p in audience.body["sample"])
    # And the preview is the email in each language, the Markdown rendered safely
    preview = stack.request("GET", f"/admin/campaigns/{campaign_id}/preview?language=sv", token=key)
    assert preview.body["subject"] == "Spring at Acme (sv)" and "<em>växer</em>" in preview.body["html"]
    english = stack.request("GET", f"/admin/campaigns/{campaign_id}/preview", token=key)
    assert '<a href="https://acme.example/news" rel="nofollow noopener">Read more</a>' in english.body["html"]


@pytest.mark.parametrize("body, field", [
    ({"name": "", "audience": {"filters": {}}, "contents": {"en": {"subject": "s", "body": "b"}}}, "name"),
    ({"name": "n", "audience": {"filters": {}}, "contents": {"en": {"subject": "a\r\nBcc: x@example.com", "body": "b"}}},
     "contents.en.subject"),
    ({"name": "n", "audience": {"filters": {}}, "contents": {"sv": {"subject": "s", "body": "b"}}}, "contents.en"),
    ({"name": "n", "audience": {"segment_id": "nope"}, "contents": {"en": {"subject": "s", "body": "b"}}}, "audience.segment_id"),
    ({"name": "n", "audience": {}, "contents": {"en": {"subject": "s", "body": "b"}}}, "audience"),
    ({"name": "n", "audience": {"filters": {}}, "contents": {"en": {"subject": "s", "body": "b"}},
      "exclusions": {"applied_within_days": 0}}, "exclusions.applied_within_days"),
])
def test_a_campaign_that_cannot_be_sent_is_a_400_naming_the_field_and_writes_nothing(stack, body, field):
    key = company(stack)
    before = stack.records()
    response = stack.request("POST", "/admin/campaigns", body, token=key)
    assert response.status == 400, response.body
    assert response.body["error"]["field"] == field
    assert stack.records() == before


# -- sending: the cap, suppressions, both categories, redeliveries and double sends ------------------

def mailboxes(stack) -> dict[str, list[dict]]:
    """Every address's emails as SES received them, the outbox read once."""
    boxes: dict[str, list[dict]] = {}
    for email in stack.outbox():
        boxes.setdefault(re.search(r"[\w.+-]+@[\w.-]+", email["to"]).group(0).lower(), []).append(email)
    return boxes


def campaigns_in(box: list[dict]) -> list[str]:
    return [e["subject"] for e in box if _is_campaign(e, None)]


def tips_in(box: list[dict]) -> list[dict]:
    return [e for e in box if e["subject"].startswith("New job at")]


def test_a_segment_of_500_gets_each_campaign_once_within_the_cap_and_every_choice(stack, clock):
    # Given SEGMENT (500 in the issue) confirmed Sales people in a segment, and 10 of their addresses bounced before
    key = company(stack)
    # (the first 40 also follow Customer Success, whose job below tips only them)
    everyone = people(stack, SEGMENT, also=("customer-success",))
    outside = people(stack, 5, department="product", prefix="q")
    segment_id = segment(stack, key)
    bounced = everyone[SEGMENT - 10:]
    for address in bounced:
        app_module.email_events(sns_event(bounce(address)), LambdaContext("email_events"))

    # When the first campaign is sent with every message delivered twice, and Send is pressed twice
    stack.pump.deliveries = 2
    first = campaign(stack, key, segment_id, name="A", subject="Campaign A")
    assert stack.request("POST", f"/admin/campaigns/{first}/send", token=key).status == 202
    assert stack.request("POST", f"/admin/campaigns/{first}/send", token=key).status == 202
    drain(stack)
    stack.pump.deliveries = 1

    # Then each receiving person got it exactly once; the bounced, and the people outside, none
    boxes = mailboxes(stack)
    assert all(campaigns_in(boxes[a]) == ["Campaign A"] for a in everyone[:SEGMENT - 10])
    assert all(campaigns_in(boxes.get(a, [])) == [] for a in bounced + outside)
    assert results(stack, key, first) == {
        "campaign_id": first, "state": "sent", "audience": SEGMENT, "sent": SEGMENT - 10, "suppressed": 10, "skipped_cap": 0,
        "deferred_cap": 0, "stopped_category": 0, "no_consent": 0, "bounced": 0, "unsubscribed": 0, "clicked": None,
        "relevant": 0, "not_relevant": 0}

    # When 20 people stop campaigns with the email's one-click link (twice, as mail clients may)
    stopped_campaigns = everyone[:20]
    for i, address in enumerate(stopped_campaigns):
        link = unsubscribe_header(next(e for e in boxes[address] if _is_campaign(e, None)))
        assert one_click(stack, link, _ip(i)).status == 200
        assert one_click(stack, link, _ip(i)).status == 200
    # And a job is published, and 20 others stop job tips with the job tip's one-click link
    clock.advance(days=1)
    assert stack.publish(department="customer-success", role="onboarding-specialist", locations=["london"],
                         work_mode="remote").status == 201
    drain(stack)
    boxes = mailboxes(stack)
    stopped_tips = everyone[20:40]
    for i, address in enumerate(stopped_tips, start=20):
        assert one_click(stack, unsubscribe_header(tips_in(boxes[address])[0]), _ip(i)).status == 200
    assert results(stack, key, first)["unsubscribed"] == 20

    # When three more campaigns go on the next days (one scheduled, its schedule firing twice)
    sent = {}
    for day, name in ((2, "B"), (3, "C"), (4, "D")):
        clock.at = START + timedelta(days=day)
        sent[name] = campaign(stack, key, segment_id, name=name, subject=f"Campaign {name}")
        if name == "C":
            scheduled = stack.request("POST", f"/admin/campaigns/{sent[name]}/schedule",
                                      {"at": _stockholm(clock.at + timedelta(hours=2)), "zone": "company"}, token=key)
            assert scheduled.status == 200, scheduled.body
            stack.pump.deliveries = 2
            clock.advance(hours=3)
            drain(stack)
            stack.pump.deliveries = 1
        else:
            assert stack.request("POST", f"/admin/campaigns/{sent[name]}/send", token=key).status == 202
            drain(stack)

    # Then nobody got more campaign email in the week than the cap (3), nor any email twice
    boxes = mailboxes(stack)
    for address in everyone:
        subjects = campaigns_in(boxes.get(address, [])) + [e["subject"] for e in tips_in(boxes.get(address, []))]
        assert len(subjects) == len(set(subjects)), address
        assert len(campaigns_in(boxes.get(address, []))) <= 3, address
    # And those who stopped campaigns got none after, but their job tip; those who stopped job
    # tips still got the next campaign
    assert all(campaigns_in(boxes[a]) == ["Campaign A"] and len(tips_in(boxes[a])) == 1 for a in stopped_campaigns)
    assert all("Campaign B" in campaigns_in(boxes[a]) for a in stopped_tips)
    # And the campaign over the cap was skipped for everyone who had had three, the reason counted
    assert all(campaigns_in(boxes[a]) == ["Campaign A", "Campaign B", "Campaign C"] for a in everyone[40:SEGMENT - 10])
    last = results(stack, key, sent["D"])
    assert last["skipped_cap"] == SEGMENT - 30 and last["sent"] == 0 and last["suppressed"] == 10
    assert last["audience"] == SEGMENT - 20  # those who stopped campaigns are no longer in it

    # When a week has passed since the first, a fifth campaign reaches them again
    clock.at = START + timedelta(days=7, hours=1)
    fifth = campaign(stack, key, segment_id, name="E", subject="Campaign E")
    assert stack.request("POST", f"/admin/campaigns/{fifth}/send", token=key).status == 202
    drain(stack)
    assert results(stack, key, fifth)["sent"] == SEGMENT - 30  # all but the suppressed and those who stopped campaigns


def _stockholm(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%dT%H:%M")


# -- time zones, scheduling and cancelling ---------------------------------------------------------

def test_a_scheduled_campaign_cancelled_before_its_time_sends_nothing(stack, clock):
    # Given people and a campaign scheduled for 09:00 tomorrow, Stockholm time
    key = company(stack)
    addresses = people(stack, 5)
    campaign_id = campaign(stack, key)
    scheduled = stack.request("POST", f"/admin/campaigns/{campaign_id}/schedule",
                              {"at": _stockholm(START + timedelta(days=1)), "zone": "company"}, token=key)
    assert scheduled.status == 200 and scheduled.body["state"] == "scheduled"
    # When it is cancelled before then, and the time comes and goes
    cancelled = stack.request("POST", f"/admin/campaigns/{campaign_id}/cancel", token=key)
    assert cancelled.status == 200 and cancelled.body["state"] == "cancelled"
    clock.advance(days=2)
    drain(stack)
    # Then nothing was sent, and it cannot be sent any more
    assert all(not campaign_emails(stack, a) for a in addresses)
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/send", token=key).status == 409
    assert results(stack, key, campaign_id)["sent"] == 0


def test_a_scheduled_campaign_goes_at_its_time_and_not_before(stack, clock):
    key = company(stack)
    addresses = people(stack, 3)
    campaign_id = campaign(stack, key)
    at = START + timedelta(hours=5)
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/schedule", {"at": _stockholm(at), "zone": "company"},
                         token=key).status == 200
    clock.advance(hours=4)
    drain(stack)
    assert all(not campaign_emails(stack, a) for a in addresses)
    clock.advance(hours=2)
    drain(stack)
    assert all(len(campaign_emails(stack, a)) == 1 for a in addresses)
    assert stack.request("GET", f"/admin/campaigns/{campaign_id}", token=key).body["state"] == "sent"


def test_in_each_persons_own_time_zone_each_gets_it_at_their_own_hour(stack, clock):
    # Given a person who chose New York on their dashboard and one who kept the company's zone
    key = company(stack)
    stockholm = people(stack, 1, prefix="s")[0]
    new_york = people(stack, 1, prefix="n")[0]
    session = _session(stack, new_york)
    assert stack.request("PATCH", "/me", {"timezone": "America/New_York"}, token=session).status == 200
    campaign_id = campaign(stack, key)
    # When it is scheduled for 09:00 tomorrow in each person's own time zone
    tomorrow_nine = "2027-03-02T09:00"
    scheduled = stack.request("POST", f"/admin/campaigns/{campaign_id}/schedule", {"at": tomorrow_nine, "zone": "person"}, token=key)
    assert scheduled.status == 200, scheduled.body
    assert len(scheduled.body["waves"]) == 2
    # Then at 09:00 in Stockholm only the Stockholm person has it, and at 09:00 in New York both
    clock.at = datetime(2027, 3, 2, 8, 1, tzinfo=timezone.utc)  # 09:01 Stockholm
    drain(stack)
    assert len(campaign_emails(stack, stockholm)) == 1 and not campaign_emails(stack, new_york)
    clock.at = datetime(2027, 3, 2, 14, 1, tzinfo=timezone.utc)  # 09:01 New York
    drain(stack)
    assert len(campaign_emails(stack, stockholm)) == 1 and len(campaign_emails(stack, new_york)) == 1
    assert stack.request("GET", f"/admin/campaigns/{campaign_id}", token=key).body["state"] == "sent"


def _session(stack, address: str) -> str:
    """Sign in with an emailed link (the candidate's own session)."""
    assert stack.request("POST", "/auth/magic-link", {"email": address, "company": "acme"}).status == 202
    drain(stack)
    email = [e for e in stack.emails_to(address) if "token=" in e["text"]][-1]
    link = re.search(r"https?://\S+token=\S+", email["text"]).group(0)
    response = stack.request("POST", "/auth/session", {"token": parse_qs(urlparse(link).query)["token"][0]})
    assert response.status == 200, response.body
    return response.body["access_token"]


def test_exclusions_leave_out_recent_and_open_applicants(stack, clock):
    key = company(stack)
    addresses = people(stack, 3)
    assert stack.publish(department="sales", role="account-executive", external_id="job-9").status == 201
    drain(stack)
    # (signed in, so the application is linked to the person at once)
    applied = stack.request("POST", "/companies/acme/jobs/job-9/applications",
                            {"email": addresses[0], "first_name": "PersonP", "last_name": "Aaa"}, token=_session(stack, addresses[0]))
    assert applied.status == 201, applied.body
    drain(stack)
    recent = campaign(stack, key, name="Recent", exclusions={"applied_within_days": 30})
    open_ones = campaign(stack, key, name="Open", exclusions={"active_application": True})
    for campaign_id in (recent, open_ones):
        assert stack.request("GET", f"/admin/campaigns/{campaign_id}/audience", token=key).body["count"] == 2
        assert stack.request("GET", f"/admin/campaigns/{campaign_id}/audience", token=key).body["excluded"] == 1


def test_a_bounce_of_a_campaign_email_counts_in_its_results(stack, clock):
    key = company(stack)
    address = people(stack, 1)[0]
    campaign_id = campaign(stack, key)
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/send", token=key).status == 202
    drain(stack)
    # SES's event echoes the message's tags: company, kind and the campaign as its occasion
    event = {**bounce(address), "mail": {"destination": [address],
                                          "tags": {"company": ["acme"], "kind": ["campaign"], "occasion": [campaign_id]}}}
    app_module.email_events(sns_event(event), LambdaContext("email_events"))
    assert results(stack, key, campaign_id)["bounced"] == 1


def test_hiring_members_and_other_companies_never_reach_a_campaign(stack, clock):
    from tests.test_console_team import join

    key = company(stack)
    campaign_id = campaign(stack, key)
    other = stack.company("globex")
    assert stack.request("GET", f"/admin/campaigns/{campaign_id}", token=other).status == 404
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/send", token=other).status == 404
    hiring = join(stack, key, "hal@example.com", "hiring", "Hal Hiring")
    page = stack.request("GET", "/console/acme/campaigns", headers={"Accept": "text/html", "Cookie": hiring})
    assert page.status == 403
    home = stack.request("GET", "/console/acme/home", headers={"Accept": "text/html", "Cookie": hiring})
    assert 'href="campaigns"' not in home.body and ">Campaigns<" not in home.body


def test_a_draft_changes_freely_and_a_campaign_that_went_does_not(stack, clock):
    key = company(stack)
    people(stack, 2)
    campaign_id = campaign(stack, key)
    body = {"name": "Renamed", "audience": {"filters": {"department": "sales"}},
            "contents": {"en": {"subject": "New subject", "body": "New body", "text": "Plain words"}}}
    changed = stack.request("PUT", f"/admin/campaigns/{campaign_id}", body, token=key)
    assert changed.status == 200, changed.body
    assert (changed.body["name"], list(changed.body["contents"]), changed.body["audience"]) == (
        "Renamed", ["en"], {"filters": {"department": "sales"}})
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/send", token=key).status == 202
    drain(stack)
    sent = campaign_emails(stack, "p000@example.com")
    assert [e["subject"] for e in sent] == ["New subject"] and "Plain words" in sent[0]["text"]
    assert stack.request("PUT", f"/admin/campaigns/{campaign_id}", body, token=key).status == 409
    assert stack.request("POST", f"/admin/campaigns/{campaign_id}/cancel", token=key).status == 409
    listed = stack.request("GET", "/admin/campaigns", token=key).body["campaigns"]
    assert [(c["name"], c["state"], c["queued"]) for c in listed] == [("Renamed", "sent", 2)]


def test_a_time_too_soon_in_someones_own_zone_is_refused_saying_why(stack, clock):
    from tests.test_console_messages import Browser
    from tests.test_console_team import join

    # Given a Tokyo person and a Stockholm one, and a recruiter's draft
    key = company(stack)
    people(stack, 1, prefix="s")
    tokyo = people(stack, 1, prefix="t")[0]
    assert stack.request("PATCH", "/me", {"timezone": "Asia/Tokyo"}, token=_session(stack, tokyo)).status == 200
    campaign_id = campaign(stack, key)
    recruiter = Browser(stack, join(stack, key, "rita@example.com", "recruiter", "Rita Recruiter"))
    # When she schedules it for an hour from now on Stockholm's clock "in each person's own time
    # zone": fine in Stockholm, long past in Tokyo
    at = _stockholm(clock.at + timedelta(hours=1))
    refused = recruiter.post(f"campaigns/{campaign_id}/schedule", {"at": at, "zone": "person"}, page=f"campaigns/{campaign_id}")
    # Then the screen says the earliest zone is the problem, not a generic "5 minutes from now"
    assert refused.status == 400 and "the earliest of them must be at least 5 minutes from now" in refused.body
    assert stack.request("GET", f"/admin/campaigns/{campaign_id}", token=key).body["state"] == "draft"
