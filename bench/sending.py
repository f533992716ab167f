"""Sending at the SES quota: the sustained rate against the enforced one, and what a 100,000-tip
announcement takes.

For each quota (14, 100 and 1,000 emails a second) the bench publishes a job that matches TIPS
confirmed subscribers and runs the real matcher and notifications consumer (through the local
event pump, against moto in process) with SES's rate enforced at the boto3 layer by a token
bucket (tests/sesrate.py) on a virtual clock that the product's pacer sleeps on. It prints:

- the sustained send rate SES accepted, as a share of the quota (goal: at least 90 %), the
  busiest second (never above the quota) and how many sends SES refused;
- how long a 100,000-tip announcement takes at that quota: 100,000 at the sustained rate, with
  the consumers Lambda runs (``pacing.consumers``: each paces to its share of the rate; the
  pump here is one consumer pacing to the whole rate, the same sends in the same spacing);
- whether one consumer keeps up with its share: its CPU per email (measured) plus SES's
  in-region answer time (bench/awsops.LATENCY_SECONDS) against the interval it has.

    python -m bench.sending [TIPS]
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

TIPS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
QUOTAS = (14, 100, 1000)
ANNOUNCEMENT = 100_000
GOAL_SHARE = 0.90


def _quiet_metrics() -> None:
    """The functions' EMF metrics would print thousands of lines: the bench counts its own."""
    from chalicelib.observability import metrics

    metrics.add_metric = lambda *_args, **_kwargs: None


def main() -> int:
    _quiet_metrics()
    import app as app_module
    from bench.emails import seed
    from chalicelib.aws.clients import client
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import upsert_posting
    from chalicelib.team.actors import system_actor
    from chalicelib.matching.announce import announce
    from chalicelib.notifications import pacing
    from chalicelib.runtime import reset_caches
    from infrastructure.event_sources import EventPump
    from tests.sesrate import SesAccount, VirtualClock

    ok = True
    with mock_aws():
        os.environ.update(stage_variables("dev"))
        os.environ.update(stage_environment(provision("dev")))
        os.environ.update(POWERTOOLS_LOG_LEVEL="WARNING", NOTIFICATIONS_CONSUMERS="1", SES_MAX_SEND_RATE="100000")
        reset_caches()
        clock = VirtualClock()
        pacing.clock, pacing.sleep = clock, clock.sleep
        account = SesAccount(rate=QUOTAS[0], clock=clock)
        account.install(client("sesv2"))
        seed("acme", False, TIPS)
        pump = EventPump()
        pump.add_queue(os.environ["NOTIFICATIONS_QUEUE"], app_module.notifications_consumer, "notifications_consumer")
        pump.drain(max_ticks=10 * TIPS)  # the thank-you emails, unmeasured

        for quota in QUOTAS:
            job_id = f"job-{quota}"
            upsert_posting(system_actor("acme"), JobPosting(
                external_id=job_id, title="Backend Engineer", department="engineering", role="backend", locations=["berlin"],
                work_mode="hybrid", apply_url=f"https://example.com/jobs/{job_id}", status="published", version=1,
            ), source="bench")
            # A new account at this quota, its bucket full; the pacer reads the quota afresh.
            account.rate, account.sent_at, account.throttled = quota, [], 0
            account._tokens, account._last = None, clock()
            pacing.reset()
            announce("acme", job_id)
            meter = awsops.Meter()
            cpu = time.process_time()
            with awsops.metering(meter):
                pump.drain(max_ticks=10 * TIPS)
            ours = (time.process_time() - cpu - meter.aws_cpu) / max(len(account.sent_at), 1)
            assert not pump.errors, pump.errors[:3]
            sustained = account.sustained_rate()
            share = sustained / quota
            busiest = account.busiest_second()
            ok &= share >= GOAL_SHARE and busiest <= quota and len(account.sent_at) == TIPS
            consumers = pacing.consumers(quota)
            interval = consumers / quota
            busy = ours + awsops.LATENCY_SECONDS["sesv2"]
            hours = ANNOUNCEMENT / sustained / 3600
            print(f"quota {quota:>5}/s: {len(account.sent_at)} tips sent, {account.throttled} refused by SES; sustained "
                  f"{sustained:.1f}/s = {share:.1%} of the quota (goal >= {GOAL_SHARE:.0%}){'' if share >= GOAL_SHARE else '  MISSED'}, "
                  f"busiest second {busiest} (never above {quota}){'' if busiest <= quota else '  ABOVE'}")
            print(f"  a {ANNOUNCEMENT:,}-tip announcement takes {hours * 60:,.0f} min ({hours:.1f} h) with {consumers} consumers; "
                  f"each sends one email every {interval * 1000:.0f} ms and needs {busy * 1000:.1f} ms "
                  f"({ours * 1000:.1f} ms CPU + SES {awsops.LATENCY_SECONDS['sesv2'] * 1000:.0f} ms)"
                  f"{'' if busy <= interval else '  CANNOT KEEP UP'}")
            ok &= busy <= interval
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
