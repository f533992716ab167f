"""Issue 20, sections 2 and 3 (the mechanism): email categories, one cap per person across every
non-transactional email, one-click unsubscribe per category, and "Was this relevant?".

Days go forward with a controlled clock (the cap's and the digests' `now`); emails are read as
SES received them. Campaigns are a registered test kind in the "campaigns" category, composed the
way a capability composes one (companies/mail.py), until the campaigns capability ships its own.
"""
from __future__ import annotations

import json
import re
import threading
from datetime import datetime, timedelta, timezone
from typing import Literal
from urllib.parse import parse_qs, quote, urlparse

import pytest

import app as app_module
from chalicelib.matching.digest_schedule import next_due
from chalicelib.notifications import ledger, registry
from chalicelib.notifications.messages import enqueue
from chalicelib.notifications.registry import CAMPAIGNS, Notification
from infrastructure.event_sources import LambdaContext, scheduled_event

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}


# -- a campaign kind, as the campaigns capability will register one ---------------------------

class NewsEmail(Notification):
    kind: Literal["test_news"] = "test_news"
    candidate_id: str
    campaign_id: str

    def occasion(self) -> str:
        return self.campaign_id


def compose_news(message: NewsEmail):
    from chalicelib.candidates.models import get_candidate
    from chalicelib.companies.mail import company_of, email, greeting
    from chalicelib.notifications.registry import Done

    company = company_of(message.company)
    candidate = get_candidate(company.slug, message.candidate_id, consistent=True)
    if candidate is None:
        return Done("candidate is gone")
    return email(company, "test_news", candidate.email,
                 {**greeting(company, candidate.first_name, candidate.last_name), "campaign": message.campaign_id},
                 language=candidate.language, about={"candidate_id": candidate.candidate_id})


@pytest.fixture
def news_kind(tmp_path):
    for name, body in {"test_news.subject.txt": "News from {{ company.name }}: {{ campaign }}",
                       "test_news.txt": "Hi {{ candidate.first_name }}, our news: {{ campaign }}.",
                       "test_news.html": "<p>Hi {{ candidate.first_name }}, our news: {{ campaign }}.</p>",
                       "test_news.reason.txt": "you asked for news from {{ company.name }}"}.items():
        (tmp_path / name).write_text(body)
    registry.register(NewsEmail, compose_news, tmp_path, {"company": {"name": "Acme"}, "candidate": {"first_name": "Ada"},
                                                          "campaign": "c"}, category=CAMPAIGNS)
    yield "test_news"
    registry._KINDS.pop("test_news")  # the registry is per process; other tests must not see this kind


# -- the clock, the people, the deliveries -----------------------------------------------------

class Clock:
    def __init__(self, monkeypatch, start: datetime):
        self.at = start
        for target in ("chalicelib.notifications.ledger.now", "chalicelib.matching.digests.now"):
            monkeypatch.setattr(target, lambda: self.at)

    def set(self, moment: datetime) -> datetime:
        self.at = moment
        return moment


def candidate(stack, email: str, frequency: str = "instant") -> tuple[str, str]:
    token = stack.connect_and_confirm(email=email, first_name=email.split("@")[0].title())
    if frequency != "instant":
        assert stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": frequency}, token=token).status == 200
    me = stack.request("GET", "/me", token=token).body
    return token, me["profile"]["candidate_id"]


def news(stack, campaign: str, *candidate_ids: str) -> None:
    enqueue([NewsEmail(company="acme", candidate_id=c, campaign_id=campaign) for c in candidate_ids])
    stack.drain()


def fire_digests(at: datetime) -> None:
    app_module.digest_sender(scheduled_event(at), LambdaContext("scheduled"))


def emails(stack, address: str) -> list[str]:
    return [e["subject"] for e in stack.emails_to(address) if not e["subject"].startswith("Thanks for connecting")]


def unsubscribe_path(email: dict) -> str:
    url = email["headers"]["List-Unsubscribe"].strip("<>")
    return url[url.index("/unsubscribe"):]


def relevance_links(email: dict) -> tuple[str, str]:
    yes = re.search(r"Yes, relevant: (\S+)", email["text"]).group(1)
    no = re.search(r"No, not relevant: (\S+)", email["text"]).group(1)
    return yes[yes.index("/relevance"):], no[no.index("/relevance"):]


# -- the cap -----------------------------------------------------------------------------------

def test_one_cap_across_job_tips_digests_and_campaigns_over_a_simulated_week(stack, monkeypatch, news_kind):
    # Given the default cap (3 a rolling week), Ada on instant job tips and Bo on a daily digest
    stack.company("acme")
    _, ada = candidate(stack, "ada@example.com")
    _, bo = candidate(stack, "bo@example.com", frequency="daily")
    start = datetime.now(timezone.utc)
    clock = Clock(monkeypatch, start)
    first_digest = next_due("daily", "Europe/Stockholm", start)

    # When on day 0 a job is published and a campaign goes out, and Bo's digest is due
    stack.publish(external_id="j1", title="First job")
    stack.drain()
    news(stack, "c1", ada, bo)
    fire_digests(clock.set(first_digest))
    stack.drain()
    # Then Ada has her tip and the news (2), Bo the news and his digest (2)
    assert emails(stack, "ada@example.com") == ["New job at Acme: First job", "News from Acme: c1"]
    assert emails(stack, "bo@example.com") == ["News from Acme: c1", "1 new job at Acme for you"]

    # When a day later a second campaign goes out: both reach 3
    clock.set(start + timedelta(days=1))
    news(stack, "c2", ada, bo)
    assert len(emails(stack, "ada@example.com")) == 3 and len(emails(stack, "bo@example.com")) == 3

    # And on day 2 a job is published and a third campaign goes out
    clock.set(start + timedelta(days=2))
    stack.publish(external_id="j2", title="Second job")
    stack.drain()
    news(stack, "c3", ada, bo)
    # Then nothing more is sent to either: Ada's instant tip and both campaigns are skipped
    assert len(emails(stack, "ada@example.com")) == 3 and len(emails(stack, "bo@example.com")) == 3
    assert ledger.counts("acme", "job_tip", _job_id(stack, "j2"))["skipped_cap"] == 1
    assert ledger.counts("acme", "test_news", "c3")["skipped_cap"] == 2

    # And Bo's digest with the second job, due on day 3 and day 4, waits (deferred, never sent)
    for day in (1, 2):
        fire_digests(clock.set(next_due("daily", "Europe/Stockholm", first_digest + timedelta(days=day))))
        stack.drain()
    assert len(emails(stack, "bo@example.com")) == 3
    assert ledger.kind_counts("acme", "digest")["deferred_cap"] >= 1

    # When the week has rolled past the first slots (day 7 and a bit)
    week_later = next_due("daily", "Europe/Stockholm", start + timedelta(days=7, hours=2))
    fire_digests(clock.set(week_later))
    stack.drain()
    # Then Bo's digest goes out at last, with the job it held
    bo_emails = stack.emails_to("bo@example.com")
    assert bo_emails[-1]["subject"] == "1 new job at Acme for you" and "Second job" in bo_emails[-1]["text"]
    # And a campaign reaches Ada again, and she never had more than 3 in any 7 days
    news(stack, "c4", ada)
    assert emails(stack, "ada@example.com")[-1] == "News from Acme: c4"
    assert len(emails(stack, "ada@example.com")) == 4
    assert ledger.counts("acme", "test_news", "c4")["sent"] == 1
    assert ledger.counts("acme", "test_news", "c1")["sent"] == 2


def _job_id(stack, external_id: str) -> str:
    jobs = stack.request("GET", "/admin/jobs", token=stack._keys["acme"]).body
    return next(j["id"] for j in jobs["jobs"] if j["external_id"] == external_id)


def test_the_cap_is_a_company_setting_with_its_json_twin_and_console_screen(stack, monkeypatch, news_kind):
    # Given a company that lowers the cap to 1 through the JSON twin
    key = stack.company("acme")
    got = stack.request("GET", "/admin/settings/email", token=key)
    assert got.status == 200 and got.body["values"] == {"email_cap_per_week": 3}
    wrong = stack.request("PUT", "/admin/settings/email", {"email_cap_per_week": 0}, token=key, headers={"If-Match": got.headers["etag"]})
    assert wrong.status == 400 and wrong.body["error"]["field"] == "email_cap_per_week"
    done = stack.request("PUT", "/admin/settings/email", {"email_cap_per_week": 1}, token=key, headers={"If-Match": got.headers["etag"]})
    assert done.status == 200 and done.body["values"] == {"email_cap_per_week": 1}
    _, ada = candidate(stack, "ada@example.com")

    # When two campaigns go out
    news(stack, "c1", ada)
    news(stack, "c2", ada)

    # Then she gets one; the other is skipped with its reason counted
    assert emails(stack, "ada@example.com") == ["News from Acme: c1"]
    assert ledger.counts("acme", "test_news", "c2")["skipped_cap"] == 1
    # And transactional email is never capped: a sign-in link still comes
    assert stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"}).status == 202
    stack.drain()
    assert len(stack.emails_to("ada@example.com")) == 3  # thank-you, the news, the sign-in link


def test_the_cap_screen_in_the_console_saves_in_both_languages(stack):
    from tests.test_console_settings import Screen, admin

    _key, grace = admin(stack)
    screen = Screen(stack, grace, "email")
    page = stack.request("GET", "/console/acme/settings/email", headers={"Accept": "text/html", "Cookie": grace})
    assert page.status == 200 and "At most this many emails per person in any 7 days" in page.body
    assert screen.press("save", email_cap_per_week="0").status == 400
    assert screen.press("save", email_cap_per_week="2").status == 303
    assert stack.request("GET", "/admin/settings/email", token=stack._keys["acme"]).body["values"] == {"email_cap_per_week": 2}
    swedish = stack.request("GET", "/console/acme/settings/email?lang=sv", headers={"Accept": "text/html", "Cookie": grace})
    assert "Högst så här många mejl per person under sju dagar" in swedish.body


def test_a_redelivered_message_takes_no_second_slot_and_sends_nothing_twice(stack, monkeypatch, news_kind):
    # Given a cap of 2 and Ada
    key = stack.company("acme")
    got = stack.request("GET", "/admin/settings/email", token=key)
    stack.request("PUT", "/admin/settings/email", {"email_cap_per_week": 2}, token=key, headers={"If-Match": got.headers["etag"]})
    _, ada = candidate(stack, "ada@example.com")
    body = json.dumps(NewsEmail(company="acme", candidate_id=ada, campaign_id="c1").model_dump(mode="json"))

    # When SES refuses the first send once (the message fails and comes back), and SQS also
    # delivers the same message twice more
    from chalicelib.aws import email as ses

    real_send, failures = ses.send, []

    def refuse_once(outgoing):
        if not failures:
            failures.append(outgoing.to)
            raise RuntimeError("SES answered 500")
        return real_send(outgoing)

    monkeypatch.setattr(ses, "send", refuse_once)
    record = {"messageId": "m1", "receiptHandle": "m1", "body": body, "attributes": {}, "messageAttributes": {},
              "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications",
              "awsRegion": "us-east-1"}
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    with pytest.raises(BatchProcessingError):  # the record failed: SQS hands it over again later
        app_module.notifications_consumer({"Records": [record]}, LambdaContext("notifications_consumer"))
    assert failures == ["ada@example.com"] and emails(stack, "ada@example.com") == []
    for _ in range(3):
        stack.send_raw(stack.env["NOTIFICATIONS_QUEUE"], body)
    stack.drain()

    # Then she got the campaign once
    assert emails(stack, "ada@example.com") == ["News from Acme: c1"]
    # And it holds one slot only: a second campaign still fits under the cap of 2, a third does not
    news(stack, "c2", ada)
    news(stack, "c3", ada)
    assert emails(stack, "ada@example.com") == ["News from Acme: c1", "News from Acme: c2"]
    assert ledger.counts("acme", "test_news", "c1")["sent"] == 1


def test_two_consumers_racing_for_the_last_slot_send_one_email(stack, monkeypatch, news_kind):
    # Given a cap of 1 and two campaigns for Ada handled by two consumers at the same moment:
    # both read her slots before either writes (a barrier on the cap item's read)
    key = stack.company("acme")
    got = stack.request("GET", "/admin/settings/email", token=key)
    stack.request("PUT", "/admin/settings/email", {"email_cap_per_week": 1}, token=key, headers={"If-Match": got.headers["etag"]})
    _, ada = candidate(stack, "ada@example.com")
    barrier, reads = threading.Barrier(2, timeout=20), []

    def hold(params, **_kwargs):
        if params.get("Key", {}).get("sk", {}).get("S") == "cap" and len(reads) < 2:
            reads.append(1)
            barrier.wait()

    events = ledger.CapItem._get_connection().connection.client.meta.events
    events.register("provide-client-params.dynamodb.GetItem", hold)

    def consume(campaign: str, results: list):
        body = json.dumps(NewsEmail(company="acme", candidate_id=ada, campaign_id=campaign).model_dump(mode="json"))
        record = {"messageId": campaign, "receiptHandle": campaign, "body": body, "attributes": {}, "messageAttributes": {},
                  "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications",
                  "awsRegion": "us-east-1"}
        results.append(app_module.notifications_consumer({"Records": [record]}, LambdaContext("notifications_consumer")))

    results: list = []
    threads = [threading.Thread(target=consume, args=(c, results)) for c in ("c1", "c2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    # Then both consumers read before writing, and exactly one email went out; the other is skipped
    assert len(reads) == 2
    assert results == [{"batchItemFailures": []}] * 2
    assert len(emails(stack, "ada@example.com")) == 1
    outcomes = [ledger.counts("acme", "test_news", c) for c in ("c1", "c2")]
    assert sorted((o["sent"], o["skipped_cap"]) for o in outcomes) == [(0, 1), (1, 0)]
    events.unregister("provide-client-params.dynamodb.GetItem", hold)


# -- one-click unsubscribe per category --------------------------------------------------------

def test_one_click_unsubscribe_stops_only_its_own_category(stack, news_kind):
    # Given Ada, who gets job tips and news
    stack.company("acme")
    token, ada = candidate(stack, "ada@example.com")
    stack.publish(external_id="j1", title="First job")
    stack.drain()
    news(stack, "c1", ada)
    tip, letter = stack.emails_to("ada@example.com")[1:]
    assert tip["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert letter["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop news from Acme:" in letter["text"] and "Stop job tips:" in tip["text"]

    # When she opens the campaign's unsubscribe link: it asks about news only, and changes nothing
    asked = stack.request("GET", unsubscribe_path(letter), headers={"Accept": "text/html"})
    assert asked.status == 200 and "Stop news from Acme?" in asked.body and "Manage your preferences" in asked.body
    assert stack.request("GET", "/me/preferences", token=token).body["campaigns"] is True
    # When her mail client posts the campaign's one-click unsubscribe (RFC 8058)
    done = stack.request("POST", unsubscribe_path(letter), raw=b"List-Unsubscribe=One-Click", headers=FORM)
    # Then news stop, the page says so and offers the other category, and the stop is counted for that campaign
    assert done.status == 200 and "no more news from Acme" in done.body and "You still get job tips from Acme" in done.body
    assert "Stop job tips too" in done.body and "Manage your preferences" in done.body
    assert stack.request("GET", "/me/preferences", token=token).body == {"job_tips": True, "campaigns": False, "emails_per_week": 3}
    assert ledger.counts("acme", "test_news", "c1")["unsubscribed"] == 1
    # And job tips keep coming while news does not
    stack.publish(external_id="j2", title="Second job")
    stack.drain()
    news(stack, "c2", ada)
    assert emails(stack, "ada@example.com")[-1] == "New job at Acme: Second job"
    assert ledger.counts("acme", "test_news", "c2")["stopped_category"] == 1

    # When she posts the job tip's one-click link
    second = stack.request("POST", unsubscribe_path(tip), raw=b"List-Unsubscribe=One-Click", headers=FORM)
    assert second.status == 200 and "no more job tips from Acme" in second.body
    assert stack.request("GET", "/me/preferences", token=token).body["job_tips"] is False
    stack.publish(external_id="j3", title="Third job")
    stack.drain()
    assert emails(stack, "ada@example.com")[-1] == "New job at Acme: Second job"


def test_a_job_tip_unsubscribe_link_sent_before_categories_still_stops_job_tips_and_only_them(stack):
    from chalicelib.candidates.links import unsubscribe_link

    stack.company("acme")
    token, ada = candidate(stack, "ada@example.com")
    old = unsubscribe_link("acme", ada, "ada@example.com")  # the shape every job tip carried so far
    page = stack.request("GET", old[old.index("/unsubscribe"):], headers={"Accept": "text/html"})
    assert page.status == 200 and "Stop job tips?" in page.body
    assert stack.request("GET", "/me/preferences", token=token).body["job_tips"] is True  # a GET changes nothing
    done = stack.request("POST", old[old.index("/unsubscribe"):], raw=b"List-Unsubscribe=One-Click", headers=FORM)
    assert done.status == 200 and "no more job tips" in done.body
    assert stack.request("GET", "/me/preferences", token=token).body == {"job_tips": False, "campaigns": True, "emails_per_week": 3}
    # And the page's "Stop news too" stops the other one on request
    also = stack.request("POST", old[old.index("/unsubscribe"):], raw=b"also=campaigns", headers=FORM)
    assert also.status == 200 and "no more news from Acme" in also.body
    assert stack.request("GET", "/me/preferences", token=token).body["campaigns"] is False


def test_preferences_json_twin_changes_one_category_and_refuses_bad_input(stack):
    stack.company("acme")
    token, _ = candidate(stack, "ada@example.com")
    before = stack.records()
    for body, field in (({}, "job_tips"), ({"campaigns": "no"}, "campaigns"), ({"newsletter": False}, "newsletter")):
        refused = stack.request("PUT", "/me/preferences", body, token=token)
        assert refused.status == 400 and refused.body["error"]["field"] == field, refused.body
    assert stack.records() == before
    assert stack.request("PUT", "/me/preferences", {"campaigns": False}, token=token).body == {
        "job_tips": True, "campaigns": False, "emails_per_week": 3}
    assert stack.request("PUT", "/me/preferences", {"campaigns": True, "job_tips": False}, token=token).body == {
        "job_tips": False, "campaigns": True, "emails_per_week": 3}
    assert stack.request("GET", "/me", token=token).body["subscription"]["unsubscribed_at"] is not None
    assert stack.request("PUT", "/me/preferences", {"job_tips": True}, token=token).body["job_tips"] is True
    assert stack.request("GET", "/me/preferences").status == 401


# -- "Was this relevant?" ----------------------------------------------------------------------

def test_relevance_get_changes_nothing_post_records_once_and_a_forged_link_is_refused(stack, news_kind):
    # Given a job tip and a campaign with their relevance links
    stack.company("acme")
    token, ada = candidate(stack, "ada@example.com")
    stack.publish(external_id="j1", title="First job")
    stack.drain()
    news(stack, "c1", ada)
    tip, letter = stack.emails_to("ada@example.com")[1:]
    job_id = _job_id(stack, "j1")
    yes, no = relevance_links(tip)
    assert "/relevance?token=" in tip["html"] and "Was this email relevant to you?" in letter["text"]

    # When a link scanner opens "not relevant"
    before = stack.records()
    page = stack.request("GET", no, headers={"Accept": "text/html"})
    # Then the page offers the choice (preselected) and a reason, and nothing is recorded
    assert page.status == 200 and 'value="not_relevant" id="answer-not_relevant" checked' in page.body and 'name="reason"' in page.body
    assert stack.records() == before

    # When Ada posts her answer with a reason
    query = no[no.index("?"):]
    first = stack.request("POST", f"/relevance{query}", raw=b"answer=not_relevant&reason=I+want+remote+jobs", headers=FORM)
    # Then it is counted for the job tip, the kind and the job's department, and she is offered her choices
    assert first.status == 200 and "We have your answer" in first.body and 'href="companies/acme/dashboard#preferences-h"' in first.body
    assert ledger.counts("acme", "job_tip", job_id)["not_relevant"] == 1
    assert ledger.group_counts("acme", "department#product")["not_relevant"] == 1
    # And a second post counts nothing again and keeps the answer; only the reason is updated
    again = stack.request("POST", f"/relevance{query}", raw=b"answer=relevant&reason=Remote+only", headers=FORM)
    assert again.status == 200 and "already had your answer" in again.body
    assert ledger.counts("acme", "job_tip", job_id)["not_relevant"] == 1 and ledger.counts("acme", "job_tip", job_id)["relevant"] == 0
    [kept] = stack.request("GET", "/me/export", token=token).body["relevance_answers"]
    assert kept["answer"] == "not_relevant" and kept["reason"] == "Remote only"

    # And the campaign's "relevant" is counted for the campaign
    yes_news, _ = relevance_links(letter)
    assert stack.request("POST", f"/relevance{yes_news[yes_news.index('?'):]}", raw=b"answer=relevant", headers=FORM).status == 200
    assert ledger.counts("acme", "test_news", "c1")["relevant"] == 1

    # When a link is altered (another person's id, same signature)
    signed = parse_qs(urlparse(yes).query)["token"][0]
    forged = signed[:-3] + ("AAA" if not signed.endswith("AAA") else "BBB")
    before = stack.records()
    refused = stack.request("POST", f"/relevance?token={quote(forged)}", raw=b"answer=relevant", headers=FORM)
    assert refused.status == 401 and "not valid" in refused.body
    assert stack.request("GET", f"/relevance?token={quote(forged)}", headers={"Accept": "text/html"}).status == 401
    assert stack.records() == before
    # And an answer that is neither is refused beside its field, writing nothing
    bad = stack.request("POST", f"/relevance{query}", raw=b"answer=maybe", headers=FORM)
    assert bad.status == 400 and "Choose whether the email was relevant." in bad.body

    # And erasing her data removes her answers
    assert stack.request("DELETE", "/me", token=token).status == 204
    assert ada not in json.dumps(stack.table_items()["EmailLedgerTable"])


def test_receives_answers_audience_counts_per_category(stack):
    # Given Ada (confirmed), Bo (confirmed, stopped news), Cy (never confirmed) and Di (address suppressed)
    from chalicelib.candidates.models import get_candidate
    from chalicelib.candidates.preferences import receives
    from tests.test_suppression import bounce, sns_event

    stack.company("acme")
    _, ada = candidate(stack, "ada@example.com")
    bo_token, bo = candidate(stack, "bo@example.com")
    stack.request("PUT", "/me/preferences", {"campaigns": False}, token=bo_token)
    cy = stack.connect(email="cy@example.com").body["candidate_id"]
    _, di = candidate(stack, "di@example.com")
    app_module.email_events(sns_event(bounce("di@example.com")), LambdaContext("email_events"))  # SES: a permanent bounce

    # Then only those an email of each category would reach are counted
    people = {name: get_candidate("acme", cid) for name, cid in (("ada", ada), ("bo", bo), ("cy", cy), ("di", di))}
    assert {n for n, c in people.items() if receives(c, "campaigns")} == {"ada"}
    assert {n for n, c in people.items() if receives(c, "job_tips")} == {"ada", "bo"}
    assert receives(None, "job_tips") is False


def test_the_language_switch_of_a_signed_link_page_keeps_the_link(stack, news_kind):
    # Given a job tip's relevance and unsubscribe links, opened in English
    stack.company("acme")
    candidate(stack, "ada@example.com")
    stack.publish(external_id="j1", title="First job")
    stack.drain()
    tip = stack.emails_to("ada@example.com")[1]
    _, no = relevance_links(tip)
    unsubscribe = re.fullmatch(r"<(.+)>", tip["headers"]["List-Unsubscribe"]).group(1)
    for url in (no, unsubscribe):
        parsed = urlparse(url)
        path = f"{parsed.path}?{parsed.query}"
        english = stack.request("GET", path, headers={"Accept": "text/html"})
        assert english.status == 200, english.body
        # When the visitor follows the page's "Svenska" link
        switch = re.search(r'<a href="([^"]*lang=sv)"', english.body).group(1).replace("&amp;", "&")
        assert switch.startswith("?") and "token=" in switch
        swedish = stack.request("GET", path.split("?")[0] + switch, headers={"Accept": "text/html"})
        # Then it is the same page in Swedish, the link still valid (not "this link is not valid")
        assert swedish.status == 200 and 'lang="sv"' in swedish.body, swedish.body
