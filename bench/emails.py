"""Work per email: what a job tip costs, with and without the company's own templates.

For two companies (one with six custom templates, one with none) the bench connects TIPS
confirmed subscribers, publishes a job that matches them all, runs the real matcher and then
the real notifications consumer in SQS batches of ten (through the local event pump, as the
local stack does), against moto in process. It prints:

- Lambda CPU per job tip in the consumer (our code: the CPU spent inside AWS calls, which
  in-process moto answers, is taken out) and the ratio custom ÷ none (goal <= 1.2x);
- the AWS operations the run really made, counted at the boto3 layer, and from them the cost
  per 1,000 job tips at us-east-1 on-demand prices (bench/awsops.py), with its ratio to SES's
  price alone (goal <= 1.03x). Lambda duration is our CPU plus each call's in-region round trip
  (bench/awsops.LATENCY_SECONDS) at MEMORY_MB; the event source mapping's own SQS receive and
  delete (one each per batch) are added, idle polling is not.

    python -m bench.emails [TIPS]
"""
from __future__ import annotations

import os
import sys
import time

os.environ.update(
    AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled", POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CandidateConnectBench", POWERTOOLS_LOG_LEVEL="WARNING",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from moto import mock_aws  # noqa: E402

from bench import awsops  # noqa: E402
from infrastructure.provision import provision, stage_environment  # noqa: E402
from infrastructure.stage import stage_variables  # noqa: E402

TIPS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ROUNDS = 3
MEMORY_MB = 512
GOAL_CPU_RATIO, GOAL_COST_RATIO = 1.2, 1.03

SETTINGS = {
    "departments": [{"id": "engineering", "name": "Engineering", "roles": [{"id": "backend", "name": "Backend"}]}],
    "locations": [{"id": "berlin", "name": "Berlin"}],
}
_HTML = "<html><body><h1>{{ company.name }}</h1><p>Hi {{ candidate.first_name }},</p>%s<p>Best, {{ company.name }}</p></body></html>"
CUSTOM = {
    "job_tip": {"subject": "{{ job.title }} at {{ company.name }}", "text": "Hi {{ candidate.first_name }}, {{ job.title }}: {{ job.apply_url }}\nUnsubscribe: {{ unsubscribe_url }}",
                "html": _HTML % "<p><a href='{{ job.apply_url }}'>{{ job.title }}</a> {% for l in job.locations %}{{ l }} {% endfor %}</p><p><a href='{{ unsubscribe_url }}'>Unsubscribe</a></p>"},
    "digest": {"subject": "Your jobs at {{ company.name }}", "text": "{% for j in jobs %}{{ j.title }}\n{% endfor %}{{ unsubscribe_url }}",
               "html": _HTML % "{% for j in jobs %}<p>{{ j.title }}</p>{% endfor %}<a href='{{ unsubscribe_url }}'>Unsubscribe</a>"},
    "connect": {"subject": "Welcome to {{ company.name }}", "text": "Confirm: {{ confirm_url }}", "html": _HTML % "<a href='{{ confirm_url }}'>Confirm</a>"},
    "magic_link": {"subject": "Sign in to {{ company.name }}", "text": "{{ sign_in_url }}", "html": _HTML % "<a href='{{ sign_in_url }}'>Sign in</a>"},
    "rejection": {"subject": "About {{ job.title }}", "text": "Thank you for applying.", "html": _HTML % "<p>Thank you for applying to {{ job.title }}.</p>"},
    "consent_renewal": {"subject": "Stay connected", "text": "{{ renew_url }}", "html": _HTML % "<a href='{{ renew_url }}'>Renew</a>"},
}


def seed(company: str, custom: bool, tips: int) -> None:
    from chalicelib.candidates.models import CandidateItem
    from chalicelib.candidates.schema import ConnectRequest
    from chalicelib.candidates.service import connect
    from chalicelib.companies.schema import CompanySettings
    from chalicelib.companies.service import create_company, load_company
    from chalicelib.db import now
    from chalicelib.subscriptions.service import sync_index

    create_company(company, company.title(), CompanySettings.model_validate({**SETTINGS, **({"templates": CUSTOM} if custom else {})}))
    settings = load_company(company).settings
    for i in range(tips):
        result = connect(company, ConnectRequest(
            email=f"person{i}@example.com", first_name="Ada", last_name="Lovelace", consent=True,
            departments=["engineering"], roles=["backend"], location="berlin", work_modes=["hybrid"],
        ))
        candidate = CandidateItem.get(company, f"candidate#{result.candidate_id}")
        candidate.update(actions=[CandidateItem.confirmed_at.set(now())])
        sync_index(candidate, settings)


def run(company: str, custom: bool, tips: int) -> dict:
    import app as app_module
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import upsert_posting
    from chalicelib.team.actors import system_actor
    from chalicelib.matching.announce import announce
    from infrastructure.event_sources import EventPump

    seed(company, custom, tips)
    env = os.environ
    # The thank-you emails go out first, unmeasured.
    warmup = EventPump()
    warmup.add_queue(env["NOTIFICATIONS_QUEUE"], app_module.notifications_consumer, "notifications_consumer")
    warmup.drain(max_ticks=10 * tips)
    def publish(job_id: str) -> None:
        upsert_posting(system_actor(company), JobPosting(
            external_id=job_id, title="Backend Engineer", department="engineering", role="backend", locations=["berlin"],
            work_mode="hybrid", apply_url=f"https://example.com/jobs/{job_id}", status="published", version=1,
        ), source="bench")

    # A first job warms the container (imports, compiled templates), unmeasured, as Lambda
    # reuses a warm container for all but its first batch.
    publish("warm-up")
    announce(company, "warm-up")
    warmup.drain(max_ticks=10 * tips)

    publish("job-1")
    meter = awsops.Meter()
    with awsops.metering(meter):
        matched = announce(company, "job-1")

    consumer = awsops.Meter()
    batches = []

    def measured(event, context):
        started_cpu, started_aws = time.process_time(), consumer.aws_cpu
        with awsops.metering(consumer):
            result = app_module.notifications_consumer(event, context)
        batches.append((time.process_time() - started_cpu) - (consumer.aws_cpu - started_aws))
        return result

    pump = EventPump()
    pump.add_queue(env["NOTIFICATIONS_QUEUE"], measured, "notifications_consumer")
    pump.drain(max_ticks=10 * tips)
    assert not pump.errors, pump.errors
    sent = consumer.calls[("sesv2", "SendEmail")]
    return {"company": company, "custom": custom, "matched": matched, "sent": sent, "batches": len(batches),
            "cpu_per_tip": sum(batches) / max(sent, 1), "matcher": meter, "consumer": consumer, "cpu": sum(batches)}


def cost_per_thousand(r: dict) -> dict:
    scale = 1000 / max(r["sent"], 1)
    matcher, consumer = r["matcher"], r["consumer"]
    ses = consumer.calls[("sesv2", "SendEmail")] * awsops.SES_PER_EMAIL
    ddb = sum((m.items_written * awsops.DDB_PER_WRU + m.read_units * awsops.DDB_PER_RRU) for m in (matcher, consumer))
    sqs_requests = matcher.count("sqs") + consumer.count("sqs") + 2 * r["batches"]  # + receive and delete per batch
    sqs = sqs_requests * awsops.SQS_PER_REQUEST
    invocations = r["batches"] + 1  # the consumer's batches and the matcher's one
    seconds = r["cpu"] + consumer.latency() + matcher.latency()
    lam = invocations * awsops.LAMBDA_PER_REQUEST + seconds * MEMORY_MB / 1024 * awsops.LAMBDA_PER_GB_SECOND
    parts = {"SES": ses, "DynamoDB": ddb, "SQS": sqs, "Lambda": lam}
    return {k: v * scale for k, v in parts.items()}


def main() -> int:
    import statistics

    from chalicelib.runtime import reset_caches

    # Each variant on a fresh moto backend, alternating which goes first, ROUNDS times: the
    # medians compare like with like (moto's growing state costs Python time too).
    runs: dict[bool, list[dict]] = {False: [], True: []}
    for round_ in range(ROUNDS):
        for custom in ((False, True) if round_ % 2 == 0 else (True, False)):
            with mock_aws():
                os.environ.update(stage_variables("dev"))
                os.environ.update(stage_environment(provision("dev")))
                os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
                os.environ["SES_MAX_SEND_RATE"] = "1000000"  # work per email, not SES's pacing (bench/sending.py)
                reset_caches()
                runs[custom].append(run("branded" if custom else "plain", custom, TIPS))
    results = []
    for custom in (False, True):
        last = runs[custom][-1]
        results.append({**last, "cpu_per_tip": statistics.median(r["cpu_per_tip"] for r in runs[custom])})
    ok = True
    for r in results:
        costs = cost_per_thousand(r)
        total = sum(costs.values())
        ratio = total / (1000 * awsops.SES_PER_EMAIL)
        ok &= ratio <= GOAL_COST_RATIO and r["sent"] == TIPS
        label = "six custom templates" if r["custom"] else "no custom templates"
        ops = ", ".join(f"{s}.{o} {n / r['sent'] * 1000:,.0f}" for (s, o), n in sorted((r["matcher"].calls + r["consumer"].calls).items()))
        print(f"job tips, {label}: {r['sent']} sent of {r['matched']} matched in {r['batches']} batches; "
              f"consumer CPU {r['cpu_per_tip'] * 1000:.2f} ms per tip")
        print(f"  AWS operations per 1,000 tips: {ops}")
        print(f"  cost per 1,000 job tips: ${total:.5f} = " + " + ".join(f"{k} ${v:.5f}" for k, v in costs.items())
              + f"; {ratio:.3f}x SES alone (goal <= {GOAL_COST_RATIO}x){'' if ratio <= GOAL_COST_RATIO else '  MISSED'}")
    plain, branded = results
    cpu_ratio = branded["cpu_per_tip"] / plain["cpu_per_tip"]
    ok &= cpu_ratio <= GOAL_CPU_RATIO
    print(f"Lambda CPU per job tip, six custom templates / none: {cpu_ratio:.2f}x (goal <= {GOAL_CPU_RATIO}x)"
          f"{'' if cpu_ratio <= GOAL_CPU_RATIO else '  MISSED'}; Lambda assumed at {MEMORY_MB} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
