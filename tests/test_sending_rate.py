"""Sending at the SES account's quota loses nothing (issue 19.1).

SES's rate is enforced by a token bucket at the boto3 layer (tests/sesrate.py) on a virtual clock
that the product's pacer and botocore's backoff sleep on: thousands of emails take no real time,
and nothing here asserts a duration, only what SES accepted, refused and delivered.
"""
from __future__ import annotations

from collections import Counter

import pytest

from chalicelib.notifications import pacing
from tests.sesrate import SesAccount, VirtualClock

# 500 in `make test` (the suite's time budget: 2,000 through moto take about five minutes here);
# SENDING_TIPS=2000 runs the announcement as is (it passed so on 2026-12-01).
TIPS = int(__import__("os").environ.get("SENDING_TIPS", "500"))


@pytest.fixture
def ses(stack, monkeypatch):
    """The account's rate on a virtual clock, shared by the pacer and botocore's retry backoff."""
    from chalicelib.aws.clients import client

    clock = VirtualClock()
    monkeypatch.setattr(pacing, "clock", clock)
    monkeypatch.setattr(pacing, "sleep", clock.sleep)
    monkeypatch.setattr("botocore.endpoint.time.sleep", clock.sleep)
    # The event pump is one consumer: it paces to the whole rate (Lambda runs pacing.consumers()
    # of them in AWS, each at its share).
    monkeypatch.setenv("NOTIFICATIONS_CONSUMERS", "1")
    monkeypatch.setenv("SES_MAX_SEND_RATE", "1000")  # the ceiling above the account: GetAccount rules
    account = SesAccount(rate=20, clock=clock)
    account.install(client("sesv2"))
    return account


def seed_subscribers(stack, count: int) -> list[str]:
    """``count`` confirmed subscribers to Product Development. The first connects and confirms
    through the API; the others are copies of her stored record (new id and address) with their
    index entries, written in batches: 2,000 connects through moto would take minutes."""
    from chalicelib.candidates.models import CandidateItem
    from chalicelib.companies.service import load_company
    from chalicelib.subscriptions.index import SubscriptionIndexItem, entries_for
    from chalicelib.subscriptions.rules import Subscription
    from chalicelib.subscriptions.service import catalogue

    stack.connect_and_confirm(email="person0@example.com", departments=["product"])
    (first,) = list(CandidateItem.query("acme", CandidateItem.sk.startswith("candidate#")))
    rules = catalogue(load_company("acme").settings)
    addresses = [first.email]
    with CandidateItem.batch_write() as candidates, SubscriptionIndexItem.batch_write() as index:
        for i in range(1, count):
            candidate_id = f"{first.candidate_id[:-6]}{i:06d}"
            values = {**first.attribute_values, "candidate_id": candidate_id, "sk": f"candidate#{candidate_id}",
                      "email": f"person{i}@example.com"}
            values.pop("version", None)
            candidates.save(CandidateItem(**values))
            addresses.append(values["email"])
            for key in entries_for("acme", Subscription.from_dict(first.subscription), rules):
                index.save(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))
    return addresses


def run_to_completion(stack, rounds: int = 5000) -> None:
    for _ in range(rounds):
        delivered = stack.pump.tick()
        assert not stack.pump.errors, stack.pump.errors[:3]
        if not delivered and not _delayed(stack):
            return
    raise AssertionError("the queues did not drain")


def _delayed(stack) -> int:
    sqs = stack.pump.sqs
    url = sqs.get_queue_url(QueueName=stack.env["NOTIFICATIONS_QUEUE"])["QueueUrl"]
    return int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesDelayed"])
               ["Attributes"]["ApproximateNumberOfMessagesDelayed"])


def dead_letters(stack) -> dict[str, int]:
    return {name: len(stack.queue_messages(queue)) for name, queue in stack.env.items() if name.endswith("DLQ")}


def test_a_large_announcement_at_the_accounts_quota_delivers_every_email_once_and_never_above_it(stack, ses):
    # Given TIPS confirmed subscribers (2,000 with SENDING_TIPS=2000) and an SES account that sends 20 a second (its quota as
    # GetAccount states it)
    key = stack.company("acme")
    addresses = seed_subscribers(stack, TIPS)

    # When a job matching all of them is published and everything runs to completion
    response = stack.request("POST", "/admin/jobs", {
        "external_id": "job-1", "title": "Front End Developer", "department": "product", "role": "front-end-developer",
        "locations": ["stockholm"], "work_mode": "onsite", "description": "", "apply_url": "https://careers.acme.example/jobs/1",
        "status": "published", "version": 1}, token=key)
    assert response.status in (200, 201), response.body
    run_to_completion(stack)

    # Then every subscriber has the job tip exactly once
    tips = Counter(email["to"] for email in stack.outbox() if email["subject"].startswith("New job at"))
    assert sorted(tips) == sorted(addresses) and set(tips.values()) == {1}
    # And SES never had to refuse a send: sending stayed at the quota, never above it
    assert ses.throttled == 0 and ses.busiest_second() <= ses.rate
    # And nothing is parked anywhere
    assert set(dead_letters(stack).values()) == {0}


def test_a_send_throttled_more_often_than_the_queue_retries_comes_back_as_a_new_message_and_is_never_parked(stack, ses, monkeypatch):
    # Given SES refusing each address's first 30 attempts (another sender has the account's whole
    # rate): more than maxReceiveCount (5) receives of botocore's attempts would allow
    ses.throttle_first = 30
    # SQS's delay is real time in moto: none here; what the delay was asked for is recorded
    asked = []
    monkeypatch.setattr(pacing, "retry_delay", lambda before: asked.append(before) or 0)
    stack.company("acme")
    addresses = [f"person{i}@example.com" for i in range(12)]

    # When twelve people connect and the queue runs to completion
    for address in addresses:
        assert stack.connect(email=address).status == 201
    run_to_completion(stack)

    # Then each thank-you email went out exactly once, after its throttled tries
    assert sorted(email["to"] for email in stack.outbox()) == sorted(addresses)
    assert ses.throttled == 30 * len(addresses)
    # And each copy carried how often it had been throttled, for its growing delay: every email
    # came back at least 15 times (two attempts a round at most), counted 0, 1, 2 … in turn
    counts = Counter(asked)
    assert counts[0] == len(addresses) and sorted(counts) == list(range(len(counts))) and len(counts) >= 15
    assert all(counts[n] >= counts[n + 1] for n in range(len(counts) - 1))
    # And none of them was parked, although each was throttled in more rounds than five
    assert set(dead_letters(stack).values()) == {0}


def test_the_rate_is_the_accounts_quota_below_the_configured_ceiling_and_shared_by_the_consumers(monkeypatch):
    pacing.reset()
    monkeypatch.setenv("SES_MAX_SEND_RATE", "14")
    monkeypatch.delenv("NOTIFICATIONS_CONSUMERS", raising=False)
    assert pacing.send_rate(lambda: 200.0) == 14  # the ceiling ops set, below the account's quota
    pacing.reset()
    assert pacing.send_rate(lambda: 1.0) == 1  # a sandbox account's quota, below the ceiling
    pacing.reset()
    assert pacing.send_rate(lambda: None) == 14  # GetAccount unreadable: the ceiling alone
    # Enough consumers to keep up (ten sends a second each), never fewer than Lambda's two
    assert [pacing.consumers(rate) for rate in (1, 14, 100, 1000)] == [2, 2, 10, 100]
    # A throttled email waits longer each time, never longer than SQS allows
    delays = [pacing.retry_delay(n) for n in range(12)]
    assert delays[0] >= 1 and all(later >= earlier / 1.5 for earlier, later in zip(delays, delays[1:]))
    assert max(delays) == pacing.MAX_DELAY_SECONDS
    pacing.reset()
