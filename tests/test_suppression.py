"""Bounces and complaints: SES tells us through SNS, and the address gets no email of any kind again."""
from __future__ import annotations

import json

import app as app_module
from infrastructure.event_sources import LambdaContext


def sns_event(message: dict) -> dict:
    return {"Records": [{
        "EventSource": "aws:sns", "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:candidate-connect-dev-email-events:1",
        "Sns": {
            "Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:123456789012:candidate-connect-dev-email-events",
            "Subject": None, "Message": json.dumps(message), "Timestamp": "2026-11-22T04:00:00.000Z",
            "SignatureVersion": "1", "Signature": "", "SigningCertUrl": "", "UnsubscribeUrl": "", "MessageAttributes": {},
        },
    }]}


def bounce(address: str, bounce_type: str = "Permanent") -> dict:
    return {"eventType": "Bounce", "bounce": {"bounceType": bounce_type, "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": address}]}, "mail": {"destination": [address]}}


def complaint(address: str) -> dict:
    return {"notificationType": "Complaint", "complaint": {"complainedRecipients": [{"emailAddress": address}]},
            "mail": {"destination": [address]}}


def test_a_permanent_bounce_suppresses_every_later_email(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    app_module.email_events(sns_event(bounce("ADA@example.com")), LambdaContext("email_events"))
    stack.publish()
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()

    assert [e["subject"] for e in stack.emails_to("ada@example.com")] == ["Thanks for connecting with Acme"]


def test_a_complaint_suppresses_too(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    app_module.email_events(sns_event(complaint("ada@example.com")), LambdaContext("email_events"))
    stack.publish()
    stack.drain()

    assert stack.job_tips_to("ada@example.com") == []


def test_a_transient_bounce_does_not_suppress(stack):
    # A full mailbox today is not a dead address: stopping for good would be ghosting the candidate.
    stack.company("acme")
    stack.connect_and_confirm()

    app_module.email_events(sns_event(bounce("ada@example.com", "Transient")), LambdaContext("email_events"))
    stack.publish()
    stack.drain()

    assert len(stack.job_tips_to("ada@example.com")) == 1


def test_suppression_stores_no_address_in_clear(stack):
    stack.company("acme")

    app_module.email_events(sns_event(bounce("someone@example.com")), LambdaContext("email_events"))

    assert "someone@example.com" not in json.dumps(stack.table_items()["SuppressionsTable"])
    assert len(stack.table_items()["SuppressionsTable"]) == 1
