"""At-least-once in, exactly-once out: redelivered events never send a second email or write a
second item, and one bad message never holds up the others."""
from __future__ import annotations

import json

import app as app_module
from infrastructure.event_sources import LambdaContext, stream_record
from tests.support import posting


def test_every_event_delivered_twice_still_sends_each_email_once(stack):
    # Given a pump that hands every SQS batch and stream batch to its handler twice
    stack.company("acme")
    stack.pump.deliveries = 2
    stack.connect_and_confirm(email="ada@example.com")

    # When one job comes through the API and another through the job-board queue
    stack.publish(external_id="fe-api", title="FE via API")
    stack.queue_posting({**posting(external_id="fe-board", title="FE via board"), "company": "acme"})
    stack.drain()

    # Then Ada got one thank-you and one tip per job, and each job is stored once
    subjects = sorted(e["subject"] for e in stack.emails_to("ada@example.com"))
    assert subjects == ["New job at Acme: FE via API", "New job at Acme: FE via board", "Thanks for connecting with Acme"]
    jobs = stack.table_items()["JobsTable"]
    assert sorted(j["job_id"]["S"] for j in jobs) == ["fe-api", "fe-board"]


def test_the_same_queue_message_sent_twice_is_stored_once_and_announced_once(stack):
    stack.company("acme")
    stack.connect_and_confirm()
    message = {**posting(), "company": "acme"}

    stack.queue_posting(message)
    stack.queue_posting(message)
    stack.drain()

    assert len(stack.job_tips_to("ada@example.com")) == 1
    assert len(stack.table_items()["JobsTable"]) == 1


def test_replaying_the_jobs_stream_notifies_nobody_twice(stack):
    stack.company("acme")
    stack.connect_and_confirm()
    stack.publish()
    stack.drain()

    # When the whole stream is handed to the matcher again (e.g. a redeployed event source)
    stream_arn = stack.physical["JobsTable"]["StreamArn"]
    replay = {"Records": _all_stream_records(stack, stream_arn)}
    result = app_module.jobs_stream_matcher(replay, LambdaContext("jobs_stream_matcher"))
    stack.drain()

    assert result == {"batchItemFailures": []}
    assert len(stack.job_tips_to("ada@example.com")) == 1


def test_poison_postings_go_to_the_dlq_with_a_reason_and_do_not_block_the_batch(stack):
    # Given a subscriber and a batch mixing good and bad job-board messages
    stack.company("acme")
    stack.connect_and_confirm()
    stack.queue_posting({**posting(external_id="good-1", title="Good one"), "company": "acme"})
    stack.queue_posting("{this is not json")
    stack.queue_posting({**posting(external_id="bad-dept", department="astronomy"), "company": "acme"})
    stack.queue_posting({**posting(external_id="no-company")})
    stack.queue_posting({**posting(external_id="ghost"), "company": "ghost-company"})
    stack.queue_posting({**posting(external_id="good-2", title="Good two"), "company": "acme"})

    # When the consumer runs
    stack.drain()

    # Then the good postings are stored and announced, and the bad ones wait in the DLQ with why
    assert sorted(t["subject"] for t in stack.job_tips_to("ada@example.com")) == [
        "New job at Acme: Good one",
        "New job at Acme: Good two",
    ]
    parked = stack.queue_messages(stack.env["JOB_POSTINGS_DLQ"])
    reasons = sorted(m["MessageAttributes"]["reason"]["StringValue"] for m in parked)
    assert reasons == [
        "body is not valid JSON",
        "company: Field required",
        "company: no company 'ghost-company'",
        "department: unknown department 'astronomy'",
    ]
    assert stack.queue_messages(stack.env["JOB_POSTINGS_QUEUE"]) == []


def test_a_failing_record_is_reported_alone_and_retried(stack):
    # A notification whose processing raises (here: its company's settings cannot be loaded
    # because the company does not exist) is reported as a batch item failure; the others in
    # the same batch are delivered.
    stack.company("acme")
    stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    candidate_id = stack.request("POST", "/companies/acme/connections", {
        "email": "ada@example.com", "first_name": "Ada", "last_name": "L", "departments": ["product"], "consent": True,
    }).body["candidate_id"]
    stack.drain()
    before = len(stack.outbox())

    event = {"Records": [
        _sqs_record("1", {"kind": "job_tip", "company": "ghost", "candidate_id": "x", "job_id": "y"}),
        _sqs_record("2", {"kind": "connect", "company": "acme", "candidate_id": candidate_id, "connection_id": "c-2"}),
    ]}
    result = app_module.notifications_consumer(event, LambdaContext("notifications_consumer"))

    assert result == {"batchItemFailures": [{"itemIdentifier": "1"}]}
    assert len(stack.outbox()) == before + 1


def _sqs_record(message_id: str, body: dict) -> dict:
    return {
        "messageId": message_id, "receiptHandle": message_id, "body": json.dumps(body), "attributes": {},
        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications", "awsRegion": "us-east-1",
    }


def _all_stream_records(stack, stream_arn: str) -> list[dict]:
    streams = stack.pump.streams
    records = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records += [stream_record(r, stream_arn) for r in streams.get_records(ShardIterator=iterator)["Records"]]
    assert records, "the stream should hold the job's changes"
    return records
