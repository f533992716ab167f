"""Issue 7.6: faults survived, counted.

With 30 % of the AWS calls the consumers make failing (the services' real error codes, injected
at the boto3 layer: tests/faults.py), a realistic batch of connects, job-board postings and
rejections runs to completion through botocore's retries and SQS/stream redelivery. Every email
that should go out goes out exactly once, nothing is lost, and no DLQ receives anything.
"""
from __future__ import annotations

from collections import Counter

from tests import faults
from tests.support import FIGURES, posting

CANDIDATES = 10
POSTINGS = 4
REJECTIONS = 4


def test_thirty_percent_of_aws_calls_failing_loses_nothing_and_duplicates_nothing(stack, monkeypatch):
    # Given a company, ten people who connect, and the consumers failing 30 % of their AWS calls
    key = stack.company("acme")
    # Four job tips each within minutes: a cap above that (the cap has its own tests, test_email_cap.py)
    version = stack.request("GET", "/admin/settings/email", token=key).headers["etag"]
    assert stack.request("PUT", "/admin/settings/email", {"email_cap_per_week": 5}, token=key, headers={"If-Match": version}).status == 200
    monkeypatch.setattr("botocore.endpoint.time.sleep", lambda _seconds: None)  # backoff without the wait
    stack.pump.retry_failed_at_once = True
    plan = faults.PLAN
    plan.arm(rate=0.30, seed=20261122)
    invoke = stack.pump._invoke

    def consumer_with_faults(function_name, handler, event):
        plan.active = True
        try:
            return invoke(function_name, handler, event)
        finally:
            plan.active = False

    monkeypatch.setattr(stack.pump, "_invoke", consumer_with_faults)
    failed_batches = 0

    def run_to_completion():
        nonlocal failed_batches
        for _ in range(200):
            delivered = stack.pump.tick()
            failed_batches += len(stack.pump.errors)
            stack.pump.errors.clear()
            if not delivered:
                return
        raise AssertionError("the consumers did not settle")

    try:
        addresses = [f"person{i}@example.com" for i in range(CANDIDATES)]
        for address in addresses:
            assert stack.connect(email=address).status == 201
        run_to_completion()
        for address in addresses:
            assert stack.request("POST", "/auth/session", {"token": stack.confirm_token(address)}).status == 200

        # When job boards post four jobs through the queue, and four applicants are rejected
        for i in range(POSTINGS):
            stack.queue_posting({**posting(external_id=f"job-{i}", title=f"Engineer {i}"), "company": "acme"})
        run_to_completion()
        applications = [
            stack.request("POST", "/companies/acme/jobs/job-0/applications",
                          {"email": f"applicant{i}@example.com", "first_name": "Grace", "last_name": "Hopper"}).body["application_id"]
            for i in range(REJECTIONS)
        ]
        for application_id in applications:
            assert stack.request("POST", f"/admin/applications/{application_id}/status", {"status": "rejected"}, token=key).status == 200
        run_to_completion()
    finally:
        plan.disarm()

    # Then every email that should go out went out exactly once
    sent = Counter((e["to"], e["subject"]) for e in stack.outbox())
    expected = Counter(
        [(a, "Thanks for connecting with Acme") for a in addresses]
        + [(a, f"New job at Acme: Engineer {i}") for a in addresses for i in range(POSTINGS)]
        + [(f"applicant{i}@example.com", "Your application to Acme: Engineer 0") for i in range(REJECTIONS)]
        # each career-site applicant's receipt (issue 18.4), once too
        + [(f"applicant{i}@example.com", "We received your application for Engineer 0") for i in range(REJECTIONS)]
    )
    assert sent == expected

    # And nothing reached a dead-letter queue
    dead_letter_queues = [stack.env[name] for name in ("JOB_POSTINGS_DLQ", "NOTIFICATIONS_DLQ", "SCHEDULES_DLQ")]
    dead_letter_queues.append(stack.physical["JobsStreamDLQ"]["QueueName"])
    for dlq in dead_letter_queues:
        assert stack.queue_messages(dlq) == [], dlq

    # And the faults were real: about 30 % of the consumers' calls, on every service they use
    calls, injected = sum(plan.calls.values()), sum(plan.injected.values())
    assert 0.25 < injected / calls < 0.35 and {s for s, _ in plan.injected} >= {"dynamodb", "sesv2", "sqs"}
    FIGURES.append(f"fault injection: {calls} AWS calls by the consumers, {injected} failed ({injected / calls:.0%}); "
          f"{failed_batches} whole batches retried; {sum(sent.values())} emails sent, each once; DLQs empty")
    FIGURES.append("  injected: " + ", ".join(f"{s} {c} x{n}" for (s, c), n in sorted(plan.injected.items())))
