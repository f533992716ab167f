"""LinkedIn's webhook: what answering one application delivery (and one validation handshake)
costs, against moto in process.

LinkedIn retries a delivery that is not answered 200 in time, turns a job to off-site apply when
its first application cannot be delivered, and blocks a webhook URL after three failed
handshakes (answered within 3 s). The webhook therefore does only the signature check, one
idempotent write and one queue message; the resume copy waits in the LinkedIn queue. This bench
prints, per delivery and per handshake, after a warm-up (a warm Lambda container):

- our CPU (the CPU spent inside AWS calls, which moto answers in process, taken out);
- the AWS calls made, and the answer time to expect inside AWS: our CPU plus each call's
  in-region round trip (bench/awsops.LATENCY_SECONDS).

    python -m bench.linkedin [DELIVERIES]
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid

os.environ.update(
    AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled", POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CandidateConnectBench", POWERTOOLS_LOG_LEVEL="WARNING",
    POWERTOOLS_METRICS_DISABLED="true",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from moto import mock_aws  # noqa: E402

from bench import awsops  # noqa: E402
from infrastructure.provision import provision, stage_environment  # noqa: E402
from infrastructure.stage import stage_variables  # noqa: E402

DELIVERIES = int(sys.argv[1]) if len(sys.argv) > 1 else 200
SECRET = "bench-child-secret"


def setup() -> None:
    import boto3

    from chalicelib.companies.schema import CompanySettings
    from chalicelib.companies.service import create_company
    from chalicelib.db import now
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import upsert_posting
    from chalicelib.team.actors import system_actor
    from chalicelib.linkedin.accounts import child_secret_name
    from chalicelib.linkedin.models import LinkedInIntegrationItem, LinkedInPostingItem, posting_sk
    from infrastructure.demo import DEMO_SETTINGS

    create_company("acme", "Acme", CompanySettings.model_validate(DEMO_SETTINGS))
    upsert_posting(system_actor("acme"), JobPosting(
        external_id="job-1", title="Front End Developer", department="product", role="front-end-developer",
        locations=["stockholm"], work_mode="onsite", apply_url="https://careers.acme.example/jobs/1",
        status="published", version=1), source="api")
    # The integration as enabling it leaves it (the provisioning call itself is not measured here).
    LinkedInIntegrationItem(company="acme", enabled=True, terms_accepted_by="Bench", terms_accepted_at=now(),
                            organization_id="2414183", application_key="urn:li:developerApplication:1",
                            updated_at=now()).save()
    LinkedInPostingItem(company="acme", sk=posting_sk("job-1"), job_id="job-1", synced_version=1, operation="CREATE",
                        apply_connect=True, live=True, state="posted", updated_at=now()).save()
    boto3.client("secretsmanager").create_secret(
        Name=child_secret_name("acme"), SecretString=json.dumps({"client_id": "bench-child", "client_secret": SECRET}))


def delivery(n: int) -> tuple[bytes, dict]:
    from chalicelib.linkedin.signature import sign

    body = json.dumps({
        "jobApplicationId": f"urn:li:jobApplication:{n}",
        "questionResponses": {
            "contactInformationQuestionResponses": {"firstName": "Grace", "lastName": "Hopper",
                                                    "email": f"grace{n}@example.com", "phoneNumber": "+46 70 123 45 67"},
            "resumeQuestionResponses": {"resume": {"url": f"https://www.linkedin.com/media/{n}", "fileName": "cv.pdf"}},
            "additionalQuestionResponses": {"customQuestionSetResponses": [{"questionResponses": [
                {"partnerQuestionIdentifier": "linkedin", "textQuestionResponse": {"text": "https://linkedin.com/in/grace"}}]}]},
        },
    }).encode()
    return body, {"Content-Type": "application/json", "X-LI-Signature": sign(SECRET, body)}


def measure(client, method: str, path: str, body: bytes, headers: dict, meter: awsops.Meter) -> float:
    started_cpu, started_aws = time.process_time(), meter.aws_cpu
    with awsops.metering(meter):
        response = client.http.request(method, path, headers=headers, body=body)
    assert response.status_code == 200, response.body
    return (time.process_time() - started_cpu) - (meter.aws_cpu - started_aws)


def main() -> None:
    from chalice.test import Client

    os.environ.update(stage_variables("dev"))
    with mock_aws():
        physical = provision(stage="dev")
        os.environ.update(stage_environment(physical))
        setup()
        import app as app_module
        from chalicelib.linkedin.signature import challenge_response

        client = Client(app_module.app, stage_name="dev")
        for n in range(5):  # warm-up: imports, the cached secret and settings, clients
            body, headers = delivery(10**9 + n)
            measure(client, "POST", "/linkedin/webhook/acme/jobs/job-1", body, headers, awsops.Meter())

        deliveries = awsops.Meter()
        cpu = [measure(client, "POST", "/linkedin/webhook/acme/jobs/job-1", *delivery(n), deliveries) for n in range(DELIVERIES)]
        redeliveries = awsops.Meter()
        again = [measure(client, "POST", "/linkedin/webhook/acme/jobs/job-1", *delivery(n), redeliveries) for n in range(DELIVERIES)]
        handshakes = awsops.Meter()
        shakes = []
        for _ in range(DELIVERIES):
            code = str(uuid.uuid4())
            shakes.append(measure(client, "GET", f"/linkedin/webhook/acme/jobs/job-1?challengeCode={code}&applicationId=urn:li:developerApplication:1",
                                  b"", {}, handshakes))
            assert challenge_response(SECRET, code)

    def line(name: str, samples: list[float], meter: awsops.Meter) -> str:
        per = {f"{service}:{operation}": round(n / DELIVERIES, 2) for (service, operation), n in sorted(meter.calls.items())}
        median = statistics.median(samples)
        expected = median + meter.latency() / DELIVERIES
        return (f"{name:<22} our CPU median {median * 1000:6.2f} ms (p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:6.2f} ms); "
                f"AWS calls each {per}; expected answer inside AWS ~{expected * 1000:.0f} ms")

    print(f"LinkedIn webhook, {DELIVERIES} each, warm container, moto in process (bench/linkedin.py):")
    print(line("delivery (new)", cpu, deliveries))
    print(line("delivery (redelivery)", again, redeliveries))
    print(line("validation handshake", shakes, handshakes))
    print("LinkedIn's limits: a handshake answered within 3 s; a delivery answered 200 (else retried, 6 times).")


if __name__ == "__main__":
    main()
