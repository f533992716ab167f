"""Issue 10.1 (the first part): a company switches LinkedIn Apply Connect on and off, against the
stand-in LinkedIn on 127.0.0.1."""
from __future__ import annotations

import json

import boto3

ENABLE = {"enabled": True, "terms_accepted_by": "Grace Hopper", "organization_id": "2414183",
          "default_apply_connect": True}


def test_enabling_records_the_terms_and_provisions_the_child_app_once(stack, linkedin):
    # Given a company
    key = stack.company("acme")

    # When its recruiter switches Apply Connect on, twice
    first = stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)
    again = stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)

    # Then LinkedIn holds one child application for it, and who accepted the terms is recorded
    assert first.status == 200 and again.status == 200
    assert list(linkedin.apps) == ["acme"]
    body = stack.request("GET", "/admin/integrations/linkedin", token=key).body
    assert body["enabled"] and body["terms_accepted_by"] == "Grace Hopper" and body["terms_accepted_at"]
    assert body["widget"]["api_key"] == linkedin.apps["acme"]["credentials"]["client_id"]
    assert body["widget"]["integration_context"] == "urn:li:organization:2414183"
    # And the child's secret is in Secrets Manager, nowhere in DynamoDB
    secret = linkedin.apps["acme"]["credentials"]["client_secret"]
    assert secret not in json.dumps(stack.table_items(), default=str)
    stored = boto3.client("secretsmanager").get_secret_value(SecretId=f"candidate-connect-dev-linkedin/acme")["SecretString"]
    assert json.loads(stored)["client_secret"] == secret


def test_a_conflict_at_linkedin_means_look_it_up(stack, linkedin):
    key = stack.company("acme")
    assert stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key).status == 200
    boto3.client("secretsmanager").delete_secret(SecretId="candidate-connect-dev-linkedin/acme", ForceDeleteWithoutRecovery=True)
    from chalicelib.aws import secrets
    secrets.reset()

    assert stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key).status == 200

    provisioning = [r["method"] for r in linkedin.requests if r["path"] == "/v2/provisionedApplications"]
    assert provisioning[-2:] == ["POST", "GET"] and len(linkedin.apps) == 1


def test_enabling_needs_the_terms_and_the_organization_and_writes_nothing_otherwise(stack, linkedin):
    key = stack.company("acme")
    before = stack.records()

    no_terms = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "terms_accepted_by": None}, token=key)
    no_org = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "organization_id": None}, token=key)
    bad_org = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "organization_id": "urn:li:x"}, token=key)
    notifications = stack.request("PUT", "/admin/integrations/linkedin", {**ENABLE, "status_notifications": True}, token=key)

    assert (no_terms.status, no_terms.body["error"]["field"]) == (400, "terms_accepted_by")
    assert (no_org.status, no_org.body["error"]["field"]) == (400, "organization_id")
    assert (bad_org.status, bad_org.body["error"]["field"]) == (400, "organization_id")
    assert (notifications.status, notifications.body["error"]["field"]) == (400, "status_notifications")
    assert stack.records() == before and linkedin.apps == {}


def test_linkedin_failing_is_a_502_naming_linkedin_and_nothing_is_recorded(stack, linkedin):
    key = stack.company("acme")
    linkedin.fail_next(500, times=10)

    response = stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)

    assert response.status == 502 and response.body["error"]["code"] == "linkedin_unavailable"
    assert stack.request("GET", "/admin/integrations/linkedin", token=key).body["enabled"] is False


def test_disabling_keeps_the_record_of_who_accepted(stack, linkedin):
    key = stack.company("acme")
    stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)

    off = stack.request("PUT", "/admin/integrations/linkedin", {"enabled": False, "organization_id": "2414183"}, token=key)

    assert off.status == 200 and off.body["enabled"] is False and off.body["terms_accepted_by"] == "Grace Hopper"


def test_another_company_sees_and_changes_nothing_of_it(stack, linkedin):
    acme = stack.company("acme")
    beta = stack.company("beta")
    stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=acme)

    assert stack.request("GET", "/admin/integrations/linkedin", token=beta).body["enabled"] is False
    assert stack.request("GET", "/admin/integrations/linkedin").status == 401
    assert stack.request("GET", "/admin/integrations/linkedin", token=acme).body["enabled"] is True


def test_the_webhook_answers_linkedins_validation_handshake(stack, linkedin):
    # Given Acme's Apply Connect switched on (its child application provisioned)
    from chalicelib.linkedin.signature import challenge_response

    key = stack.company("acme")
    stack.request("PUT", "/admin/integrations/linkedin", ENABLE, token=key)
    app = linkedin.apps["acme"]
    code = "8f0c4fb4-6b0a-4c8a-9a55-6f1f6f2b7a11"

    # When LinkedIn validates the webhook URL
    answer = stack.request("GET", f"/linkedin/webhook/acme?challengeCode={code}&applicationId={app['key']}")

    # Then the answer is the challenge signed with that application's secret, as JSON
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.body == {"challengeCode": code, "challengeResponse": challenge_response(app["credentials"]["client_secret"], code)}
    # And another application's id, a company without Apply Connect or a malformed code get nothing
    assert stack.request("GET", f"/linkedin/webhook/acme?challengeCode={code}&applicationId=urn:li:developerApplication:1").status == 404
    stack.company("beta")
    assert stack.request("GET", f"/linkedin/webhook/beta?challengeCode={code}").status == 404
    bad = stack.request("GET", "/linkedin/webhook/acme?challengeCode=not-a-uuid")
    assert bad.status == 400 and bad.body["error"]["field"] == "challengeCode"
