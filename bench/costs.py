"""What a month costs: the stage with an idle company, and a company with 10,000 members and 20 jobs.

Every figure is priced from AWS operations this bench counts at the boto3 layer while the real
code runs against moto (bench/awsops.py, us-east-1 on-demand list prices, free tiers ignored),
plus the fixed monthly prices of what the stack keeps (alarms, the dashboard, secrets, the SQS
event sources' polling). It measures:

- one run of each scheduled function on an idle stage (the hourly digest sender, the daily
  consent keeper): what they cost whether anyone uses the product or not;
- one person connecting and confirming (the API requests, the thank-you email through the
  notifications queue);
- job tips per 1,000 (bench/emails.py's run: the matcher and the notifications consumer).

Assumptions, printed with the figures: the company's 10,000 members joined over time and 5 %
join each month (500 connects); each of the 20 jobs matches every member (the upper bound:
200,000 tips); Lambda at 512 MB; an idle SQS event source long-polls with 5 pollers (20 s
waits: 3 requests a minute each); paced sending keeps each consumer busy its whole interval per
email, billed (at the default 14 a second); CloudWatch Logs, storage and data transfer are left out.

    python -m bench.costs
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
from infrastructure.provision import load_template, provision, stage_environment  # noqa: E402
from infrastructure.stage import stage_variables  # noqa: E402

MEMORY_MB = 512
MEMBERS, JOBS, JOINS = 10_000, 20, 500
TIPS_MEASURED = 40
HOURS, DAYS = 730, 30.4
# Fixed monthly prices (us-east-1, November 2026).
ALARM_MONTH = 0.10  # a standard-resolution metric alarm
DASHBOARD_MONTH = 3.00  # a dashboard beyond the account's first three
SECRET_MONTH = 0.40
API_PER_REQUEST = 3.50 / 1e6  # API Gateway REST API
POLLERS, POLLS_PER_MINUTE = 5, 3


def priced(meter: awsops.Meter, cpu: float, invocations: int, api_requests: int = 0) -> float:
    """Dollars for what ``meter`` counted, the Lambda time (our CPU + in-region round trips) and requests."""
    ses = meter.calls[("sesv2", "SendEmail")] * awsops.SES_PER_EMAIL
    ddb = meter.items_written * awsops.DDB_PER_WRU + meter.read_units * awsops.DDB_PER_RRU
    sqs = meter.count("sqs") * awsops.SQS_PER_REQUEST
    seconds = cpu + meter.latency()
    lam = invocations * awsops.LAMBDA_PER_REQUEST + seconds * MEMORY_MB / 1024 * awsops.LAMBDA_PER_GB_SECOND
    return ses + ddb + sqs + lam + api_requests * API_PER_REQUEST


def measured(run) -> tuple[awsops.Meter, float]:
    meter = awsops.Meter()
    started = time.process_time()
    with awsops.metering(meter):
        run()
    return meter, time.process_time() - started - meter.aws_cpu


def fixed_month() -> dict[str, float]:
    resources = load_template()["Resources"].values()
    alarms = sum(1 for r in resources if r["Type"] == "AWS::CloudWatch::Alarm")
    queues = sum(1 for r in resources if r["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in r["Properties"])
    secrets = sum(1 for r in resources if r["Type"] == "AWS::SecretsManager::Secret")
    polling = queues * POLLERS * POLLS_PER_MINUTE * 60 * HOURS * awsops.SQS_PER_REQUEST
    return {f"{alarms} alarms": alarms * ALARM_MONTH, "dashboard": DASHBOARD_MONTH,
            f"{secrets} secret(s)": secrets * SECRET_MONTH, f"polling {queues} queues": polling}


def _quiet_metrics() -> None:
    """The functions' EMF metrics would print thousands of lines: the bench counts its own."""
    from chalicelib.observability import metrics

    metrics.add_metric = lambda *_args, **_kwargs: None


def main() -> int:
    _quiet_metrics()
    from datetime import datetime, timezone

    import app as app_module
    from bench.emails import cost_per_thousand, run
    from chalicelib.candidates.consent import enqueue_renewal_reminders
    from chalicelib.candidates.schema import ConnectRequest
    from chalicelib.candidates.service import connect
    from chalicelib.matching.digests import enqueue_due_digests
    from chalicelib.runtime import reset_caches
    from infrastructure.event_sources import EventPump

    with mock_aws():
        os.environ.update(stage_variables("dev"))
        os.environ.update(stage_environment(provision("dev")))
        os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
        os.environ["SES_MAX_SEND_RATE"] = "1000000"  # the operations per email, not SES's pacing
        reset_caches()
        now = datetime.now(timezone.utc)
        enqueue_due_digests(now), enqueue_renewal_reminders(now)  # warm, unmeasured
        digest, digest_cpu = measured(lambda: enqueue_due_digests(now))
        keeper, keeper_cpu = measured(lambda: enqueue_renewal_reminders(now))
        schedules = HOURS * priced(digest, digest_cpu, 1) + DAYS * priced(keeper, keeper_cpu, 1)

        tips = run("acme", False, TIPS_MEASURED)  # seeds, warms, then measures one announcement
        per_tip = sum(cost_per_thousand(tips).values()) / 1000

        pump = EventPump()
        pump.add_queue(os.environ["NOTIFICATIONS_QUEUE"], app_module.notifications_consumer, "notifications_consumer")

        def join():
            connect("acme", ConnectRequest(email="joiner@example.com", first_name="Ada", last_name="Lovelace",
                                           consent=True, departments=["engineering"]))
            pump.drain(max_ticks=20)

        joined, join_cpu = measured(join)
        # The connect request, the thank-you email's batch; confirming is one more API request
        # (its reads and writes are a few items, priced like the connect's).
        per_join = priced(joined, join_cpu, invocations=3, api_requests=2)

    from chalicelib.notifications import pacing

    fixed = fixed_month()
    idle = sum(fixed.values()) + schedules
    active_tips = MEMBERS * JOBS
    # Paced sending keeps each consumer busy for its whole interval per email (billed time):
    # pacing.consumers() / rate seconds each, at the default rate.
    rate = pacing.DEFAULT_RATE
    waiting = (active_tips + JOINS) * pacing.consumers(rate) / rate * MEMORY_MB / 1024 * awsops.LAMBDA_PER_GB_SECOND
    active = idle + active_tips * per_tip + JOINS * per_join + waiting
    print("monthly cost, us-east-1 on-demand list prices, free tiers ignored (bench/awsops.py):")
    print(f"  the stage with one idle company: ${idle:.2f} = " + " + ".join(f"{k} ${v:.2f}" for k, v in fixed.items())
          + f" + scheduled functions ${schedules:.2f} ({HOURS} digest runs, {DAYS:.0f} consent runs: "
          f"{sum(digest.calls.values())} and {sum(keeper.calls.values())} AWS calls each)")
    print("    an idle company adds nothing of its own: no function runs per company and its few items cost fractions of a cent")
    print(f"  a company with {MEMBERS:,} members and {JOBS} jobs a month: ${active:.2f} = the stage ${idle:.2f}"
          f" + {active_tips:,} job tips ${active_tips * per_tip:.2f} (${per_tip * 1000:.4f} per 1,000: every job matching every"
          f" member, the upper bound) + {JOINS} new members ${JOINS * per_join:.2f} (${per_join * 1000:.3f} per 1,000 joins)"
          f" + Lambda time paced to SES's {rate:.0f}/s ${waiting:.2f}")
    print(f"    of which SES alone: ${active_tips * awsops.SES_PER_EMAIL + JOINS * awsops.SES_PER_EMAIL:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
