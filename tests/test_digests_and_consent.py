"""Daily and weekly digests, and consent that lapses and is renewed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import app as app_module
from chalicelib.matching.digest_schedule import next_due
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import LambdaContext, scheduled_event


def fire(handler, at: datetime) -> None:
    handler(scheduled_event(at), LambdaContext("scheduled"))


def digests_to(stack, address):
    return [e for e in stack.emails_to(address) if "new job" in e["subject"] and "for you" in e["subject"]]


def test_next_due_is_0800_local_next_day_or_next_monday_across_dst():
    stockholm_evening = datetime(2026, 3, 28, 20, 0, tzinfo=timezone.utc)  # Saturday; DST starts Sunday 29 March
    assert next_due("daily", "Europe/Stockholm", stockholm_evening) == datetime(2026, 3, 29, 6, 0, tzinfo=timezone.utc)
    assert next_due("weekly", "Europe/Stockholm", stockholm_evening) == datetime(2026, 3, 30, 6, 0, tzinfo=timezone.utc)
    monday_early = datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc)  # 06:00 in Stockholm, before 08:00
    assert next_due("weekly", "Europe/Stockholm", monday_early) == datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
    assert next_due("daily", "America/New_York", monday_early) == datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)


def test_a_weekly_candidate_gets_one_digest_with_the_right_jobs(stack, monkeypatch):
    # Given a weekly candidate in New York
    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.request("PATCH", "/me", {"timezone": "America/New_York"}, token=token)
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "weekly"}, token=token)
    due = next_due("weekly", "America/New_York", datetime.now(timezone.utc))

    # When three matching jobs are published, one closes, and one is not theirs
    stack.publish(external_id="fe-1", title="First")
    stack.publish(external_id="fe-2", title="Second")
    stack.publish(external_id="fe-3", title="Closed soon")
    stack.publish(external_id="sales", title="Not mine", department="sales", role="account-executive")
    stack.drain()
    stack.publish(external_id="fe-3", title="Closed soon", status="closed", version=2)

    # Then nothing goes out one hour early, and at the due hour exactly one digest with the two open jobs
    fire(app_module.digest_sender, due - timedelta(hours=1))
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == [] and digests_to(stack, "ada@example.com") == []

    fire(app_module.digest_sender, due)
    fire(app_module.digest_sender, due + timedelta(minutes=5))  # a duplicate run of the rule
    stack.drain()
    [digest] = digests_to(stack, "ada@example.com")
    assert digest["subject"] == "2 new jobs at Acme for you"
    assert "First" in digest["text"] and "Second" in digest["text"] and "Closed soon" not in digest["text"]
    assert "once a week" in digest["text"]
    assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # And no job appears in two digests: next week's holds only what is new
    monkeypatch.setattr("chalicelib.matching.digests.now", lambda: due + timedelta(minutes=1))
    stack.publish(external_id="fe-4", title="Fourth")
    stack.drain()
    fire(app_module.digest_sender, next_due("weekly", "America/New_York", due + timedelta(minutes=1)))
    stack.drain()
    later = digests_to(stack, "ada@example.com")[-1]
    assert later["subject"] == "1 new job at Acme for you" and "Fourth" in later["text"] and "First" not in later["text"]


def test_an_empty_digest_is_not_sent(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "daily"}, token=token)
    stack.publish(status="published", version=1)
    stack.drain()
    stack.publish(status="closed", version=2)

    fire(app_module.digest_sender, next_due("daily", "Europe/Stockholm", datetime.now(timezone.utc)))
    stack.drain()

    assert digests_to(stack, "ada@example.com") == []


def test_consent_renewal_email_before_lapse_and_no_tips_after(stack):
    # Given a company whose consent lasts a month
    stack.company("acme", {**DEMO_SETTINGS, "consent_months": 1})
    stack.connect_and_confirm()
    now = datetime.now(timezone.utc)

    # When the keeper runs two weeks out, then again (a retry), nothing then something is sent once
    fire(app_module.consent_keeper, now)
    stack.drain()
    assert stack.emails_to("ada@example.com", kind="Stay connected") == []
    fire(app_module.consent_keeper, now + timedelta(days=20))
    fire(app_module.consent_keeper, now + timedelta(days=21))
    stack.drain()
    [renewal] = stack.emails_to("ada@example.com", kind="Stay connected")
    assert "token=" in renewal["text"]


def test_lapsed_consent_stops_job_tips_until_renewed(stack):
    stack.company("acme", {**DEMO_SETTINGS, "consent_months": 1})
    token = stack.connect_and_confirm()
    # Consent recorded with its time and version, and when it lapses
    consent = stack.request("GET", "/me", token=token).body["profile"]["consent"]
    assert consent["version"] == "1" and consent["given_at"] and consent["expires_at"]

    fire(app_module.consent_keeper, datetime.now(timezone.utc) + timedelta(days=20))
    stack.drain()
    [renewal] = stack.emails_to("ada@example.com", kind="Stay connected")

    # The reminder goes unanswered and the consent lapses: no more tips
    _lapse_consent(stack)
    stack.publish(external_id="while-lapsed")
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == []

    # Following the reminder's link renews it
    renewed = stack.request("POST", "/auth/session", {"token": _token(renewal)})
    stack.publish(external_id="after-renewal", title="After renewal")
    stack.drain()

    assert renewed.status == 200
    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: After renewal"]


def _token(email):
    import re
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(re.search(r"https?://\S+token=\S+", email["text"]).group(0)).query)["token"][0]


def _lapse_consent(stack):
    """Time travel for one record: the candidate's consent ran out an hour ago."""
    from chalicelib.candidates.models import CandidateItem

    [candidate] = list(CandidateItem.scan(CandidateItem.sk.startswith("candidate#")))
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    candidate.update(actions=[CandidateItem.consent_expires_at.set(past), CandidateItem.consent_expiry_day.set(past.date().isoformat())])


def test_consent_can_be_renewed_from_the_dashboard_after_it_lapsed(stack):
    stack.company("acme", {**DEMO_SETTINGS, "consent_months": 1})
    token = stack.connect_and_confirm()
    _lapse_consent(stack)

    refused = stack.request("POST", "/me/consent", {"consent": False}, token=token)
    renewed = stack.request("POST", "/me/consent", {"consent": True}, token=token)
    stack.publish()
    stack.drain()

    assert refused.status == 400 and refused.body["error"]["field"] == "consent"
    assert renewed.status == 200
    assert datetime.fromisoformat(renewed.body["profile"]["consent"]["expires_at"].replace("Z", "+00:00")) > datetime.now(timezone.utc) + timedelta(days=25)
    assert len(stack.job_tips_to("ada@example.com")) == 1
