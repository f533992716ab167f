"""The LinkedIn client and signatures against the stand-in LinkedIn (issue 10's foundation)."""
from __future__ import annotations

import pytest

from chalicelib.linkedin import signature
from chalicelib.linkedin.client import LinkedIn, LinkedInError
from tests.standins.linkedin import LinkedInStandIn


@pytest.fixture()
def linkedin():
    stand_in = LinkedInStandIn()
    yield stand_in
    stand_in.server.shutdown()


def partner(stand_in: LinkedInStandIn, waits: list[float] | None = None) -> LinkedIn:
    return LinkedIn(stand_in.url, stand_in.url, *stand_in.partner, sleep=(waits.append if waits is not None else lambda _s: None))


def test_provisioning_is_idempotent_on_the_company_id(linkedin):
    client = partner(linkedin)

    first = client.provision("acme", "Candidate Connect - Acme", "Apply Connect for Acme", ["https://careers.acme.example"])
    again = client.provision("acme", "Candidate Connect - Acme", "Apply Connect for Acme", ["https://careers.acme.example"])

    assert first["credentials"] == again["credentials"] and len(linkedin.apps) == 1
    assert [r["method"] for r in linkedin.requests if r["path"] == "/v2/provisionedApplications"] == ["POST", "POST", "GET"]


def test_429_then_200_is_retried_with_the_servers_wait(linkedin):
    waits: list[float] = []
    client = partner(linkedin, waits)
    linkedin.fail_next(429, retry_after=2)

    client.provision("acme", "Candidate Connect - Acme", "d", [])

    assert waits == [2.0] and "acme" in linkedin.apps


def test_persistent_5xx_gives_up_with_the_status(linkedin):
    waits: list[float] = []
    client = partner(linkedin, waits)
    linkedin.fail_next(500, times=10)

    with pytest.raises(LinkedInError) as raised:
        client.provision("acme", "Candidate Connect - Acme", "d", [])

    assert raised.value.status == 500 and raised.value.retryable and waits == [1.0, 2.0, 4.0]


def test_a_child_app_posts_jobs_and_follows_their_tasks(linkedin):
    app = partner(linkedin).provision("acme", "Candidate Connect - Acme", "d", [])
    child = LinkedIn(linkedin.url, linkedin.url, app["credentials"]["client_id"], app["credentials"]["client_secret"])
    linkedin.fail_task("job-2", "description too short")

    tasks = child.post_jobs([
        {"externalJobPostingId": "job-1", "jobPostingOperationType": "CREATE", "title": "Engineer",
         "onsiteApplyConfiguration": {"jobApplicationWebhookUrl": "https://api.example/webhook"}},
        {"externalJobPostingId": "job-2", "jobPostingOperationType": "CREATE", "title": "Designer"},
    ])
    results = child.tasks(tasks)

    assert [results[t]["status"] for t in tasks] == ["SUCCEEDED", "FAILED"]
    assert results[tasks[1]]["message"] == "description too short"
    status = child.posting_status(["job-1"])["job-1"]
    assert status["linkedInApplyStatus"] == "ENABLED" and status["jobPostingUrl"].startswith("https://www.linkedin.com/jobs/view/")


def test_wrong_credentials_are_refused_not_retried(linkedin):
    client = LinkedIn(linkedin.url, linkedin.url, "partner-app", "wrong")

    with pytest.raises(LinkedInError) as raised:
        client.provision("acme", "Candidate Connect - Acme", "d", [])

    assert raised.value.status == 401 and not raised.value.retryable


def test_signatures_verify_only_the_exact_body_under_the_right_secret():
    body = b'{"jobApplicationId": "urn:li:jobApplication:1"}'
    header = signature.sign("child-secret", body)

    assert signature.verify("child-secret", body, header)
    assert not signature.verify("other-secret", body, header)
    assert not signature.verify("child-secret", body.replace(b"1", b"2"), header)
    assert not signature.verify("child-secret", body, None) and not signature.verify("child-secret", body, "hmacsha256=é")
    # RFC 4231 test case 2: hex(HMAC-SHA256(key, message)), the handshake's documented formula
    assert signature.challenge_response("Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
