"""Matching at scale: items read follow the matches, and a posting is announced well inside
one invocation.

    python -m bench.matching [SIZES...]

For 1,000, 10,000 and 100,000 subscribers (10 departments x 5 roles, 20 locations, the work
modes), seeds the subscription index and runs the real matcher (`announce`: index queries, then
the job tips enqueued in concurrent SQS batches) against moto, in process, for two mixes:
postings and subscribers with one location each, and postings with one to three locations
against subscribers with none to three. For each it prints matches, index items read and their
ratio, and checks that every item read is a match, read at most once per location the posting
and the subscriber share (exactly: no wasted reads).

Then one posting that matches every one of 100,000 subscribers: its DynamoDB and SQS requests
(counted at boto3), our CPU (moto's own CPU inside the calls taken out), moto's seconds, and the
time it would take inside AWS (our CPU plus each request's in-region round trip, the SQS batches
CONCURRENCY at a time), against the matcher's Lambda timeout.

Seconds are measured against moto on this machine: they show the shape (flat per match), not
AWS latency. moto 5.2 answers every Query by collecting *and sorting every item of the table*
before keeping the partition asked for, which DynamoDB never does (a Query reads one partition).
Left alone, that makes a 100,000-subscriber run take hours for a reason that is not ours, so
while the matcher runs the bench lets moto skip that whole-table sort (results are still sorted
by range key afterwards, as moto always does). Items read and request counts are DynamoDB's own
figures (ScannedCount, requests sent) and are not affected.
"""
from __future__ import annotations

import os
import random
from contextlib import contextmanager
import sys
import time
import json
from pathlib import Path

os.environ.update(
    AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled", POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CandidateConnectBench", POWERTOOLS_LOG_LEVEL="WARNING",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from moto import mock_aws  # noqa: E402

from bench import awsops  # noqa: E402

from chalicelib.companies.schema import CompanySettings  # noqa: E402
from chalicelib.companies.service import create_company  # noqa: E402
from chalicelib.jobs.schema import JobPosting  # noqa: E402
from chalicelib.jobs.service import upsert_posting  # noqa: E402
from chalicelib.team.actors import system_actor  # noqa: E402
from chalicelib.jobs.models import get_job  # noqa: E402
from chalicelib.matching.announce import announce, match  # noqa: E402
from chalicelib.aws.queues import CONCURRENCY  # noqa: E402
from chalicelib.runtime import reset_caches  # noqa: E402
from chalicelib.subscriptions.index import SubscriptionIndexItem, entries_for  # noqa: E402
from chalicelib.subscriptions.rules import Subscription  # noqa: E402
from chalicelib.subscriptions.service import catalogue  # noqa: E402
from infrastructure.provision import provision, stage_environment  # noqa: E402
from infrastructure.stage import stage_variables  # noqa: E402

SIZES = [int(n) for n in sys.argv[1:]] or [1_000, 10_000, 100_000]
POSTINGS = 6
MODES = ["remote", "hybrid", "onsite"]
FULL_MATCH = 100_000
ROOT = Path(__file__).resolve().parent.parent


def matcher_timeout() -> int:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return config["stages"]["prod"]["lambda_functions"]["jobs_stream_matcher"]["lambda_timeout"]


def synthetic_settings() -> CompanySettings:
    return CompanySettings.model_validate({
        "departments": [
            {"id": f"d{d}", "name": f"Department {d}", "roles": [{"id": f"d{d}-r{r}", "name": f"Role {d}.{r}"} for r in range(5)]}
            for d in range(10)
        ],
        "locations": [{"id": f"l{i}", "name": f"City {i}"} for i in range(20)],
    })


def random_subscription(rng: random.Random, settings: CompanySettings, multi: bool) -> Subscription:
    departments = rng.sample(settings.departments, rng.choice([1, 1, 2]))
    roles = [r.id for d in departments for r in d.roles if rng.random() < 0.3]
    if multi:
        locations = tuple(loc.id for loc in rng.sample(settings.locations, rng.choice([0, 1, 2, 3])))
    else:
        locations = (rng.choice(settings.locations).id,) if rng.random() < 0.8 else ()
    return Subscription(departments=tuple(d.id for d in departments), roles=tuple(roles), locations=locations,
                        work_modes=tuple(rng.sample(MODES, rng.choice([0, 1, 2]))))


@contextmanager
def moto_query_without_whole_table_sort():
    from moto.dynamodb.models.table import Table

    original = Table.all_items

    def unsorted_items(self):
        for hash_set in self.items.values():
            if self.range_key_attr:
                yield from hash_set.values()
            else:
                yield hash_set

    Table.all_items = unsorted_items
    try:
        yield
    finally:
        Table.all_items = original


def seed(subscriptions: dict[str, Subscription], settings: CompanySettings) -> None:
    rules = catalogue(settings)
    with SubscriptionIndexItem.batch_write() as batch:
        for candidate_id, subscription in subscriptions.items():
            for key in entries_for("bench", subscription, rules):
                batch.save(SubscriptionIndexItem(pk=key, candidate_id=candidate_id))


def publish(job_id: str, department: str, role: str, mode: str, locations: list[str]) -> None:
    upsert_posting(system_actor("bench"), JobPosting(
        external_id=job_id, title="Bench job", department=department, role=role, work_mode=mode, locations=locations,
        apply_url="https://example.com/j", status="published", version=1,
    ), source="bench")


@contextmanager
def moto_sqs_without_queue_scans():
    """moto 5.2 recounts every message of a queue (visible, delayed, in flight) on each
    SendMessageBatch, so sending n messages costs it O(n^2); SQS does not. While the matcher runs
    the bench answers those approximate counts with 0 (nothing here reads them)."""
    from moto.sqs.models import Queue

    names = ("approximate_number_of_messages", "approximate_number_of_messages_delayed",
             "approximate_number_of_messages_not_visible")
    originals = {name: getattr(Queue, name) for name in names}
    for name in names:
        setattr(Queue, name, property(lambda self: 0))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(Queue, name, original)


def announce_metered(job_id: str) -> dict:
    meter = awsops.Meter()
    with moto_query_without_whole_table_sort(), moto_sqs_without_queue_scans(), awsops.metering(meter):
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        found = announce("bench", job_id)
        wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
    result = match("bench", get_job("bench", job_id))
    ours = max(cpu - meter.aws_cpu, 0.0)
    queries = meter.calls[("dynamodb", "Query")]
    batches = meter.calls[("sqs", "SendMessageBatch")]
    in_aws = ours + (queries + 2) * awsops.LATENCY_SECONDS["dynamodb"] + batches / CONCURRENCY * awsops.LATENCY_SECONDS["sqs"]
    return {"matches": found, "items": result.items_read, "queries": queries, "batches": batches, "ours": ours,
            "moto": max(wall - ours, 0.0), "in_aws": in_aws}


def expected_reads(subscriptions: dict[str, Subscription], locations: list[str], matched: set[str]) -> int:
    """Each matched subscriber once per location they share with the posting (once if they
    chose no location): the reads the index design promises, and no more."""
    return sum(max(1, len(set(subscriptions[c].locations) & set(locations))) for c in matched)


@contextmanager
def fresh_backend():
    """A new moto backend with the stack provisioned and the stage's environment set."""
    with mock_aws():
        os.environ.update(stage_variables("dev"))
        os.environ.update(stage_environment(provision("dev")))
        os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
        reset_caches()
        yield
        reset_caches()


def run(size: int, multi: bool) -> dict:
    rng = random.Random(size + multi)
    settings = synthetic_settings()
    with fresh_backend():
        create_company("bench", "Bench Inc", settings)
        subscriptions = {f"c{i:06d}": random_subscription(rng, settings, multi) for i in range(size)}
        seed(subscriptions, settings)
        totals = {"matches": 0, "items": 0, "expected": 0, "queries": 0, "ours": 0.0, "moto": 0.0}
        for p in range(POSTINGS):
            department = rng.choice(settings.departments)
            locations = [loc.id for loc in rng.sample(settings.locations, rng.choice([1, 2, 3]) if multi else 1)]
            publish(f"job-{p}", department.id, rng.choice(department.roles).id, rng.choice(MODES), locations)
            figures = announce_metered(f"job-{p}")
            matched = set(match("bench", get_job("bench", f"job-{p}")).candidate_ids)
            totals["expected"] += expected_reads(subscriptions, locations, matched)
            for key in ("matches", "items", "queries", "ours", "moto"):
                totals[key] += figures[key]
    return {"size": size, "multi": multi, **totals}


def full_match(size: int = FULL_MATCH) -> dict:
    """One posting every subscriber matches: the whole announcement, counted and timed."""
    settings = synthetic_settings()
    with fresh_backend():
        create_company("bench", "Bench Inc", settings)
        seed({f"c{i:06d}": Subscription(departments=("d0",), locations=("l0",)) for i in range(size)}, settings)
        publish("everyone", "d0", "d0-r0", "onsite", ["l0"])
        figures = announce_metered("everyone")
    return figures


def main() -> int:
    ok = True
    print(f"{'subscribers':>11} {'mix':>15} {'postings':>8} {'matches':>8} {'items read':>10} {'read/match':>10} {'no waste':>8}")
    for size in SIZES:
        for multi in (False, True):
            r = run(size, multi)
            exact = r["items"] == r["expected"]
            ok &= exact
            mix = "1-3 locations" if multi else "one location"
            print(f"{size:>11,} {mix:>15} {POSTINGS:>8} {r['matches']:>8,} {r['items']:>10,} "
                  f"{r['items'] / max(r['matches'], 1):>10.2f} {'yes' if exact else 'NO':>8}")
    if max(SIZES) >= FULL_MATCH:
        f = full_match()
        timeout = matcher_timeout()
        inside = f["in_aws"] <= timeout / 4
        ok &= inside and f["matches"] == FULL_MATCH
        print(f"one posting matching {f['matches']:,} subscribers: {f['queries']} DynamoDB queries, "
              f"{f['batches']:,} SQS batches ({CONCURRENCY} in flight); our CPU {f['ours']:.1f} s; "
              f"moto's own time {f['moto']:.1f} s (not AWS's); inside AWS about {f['in_aws']:.1f} s "
              f"of the matcher's {timeout} s timeout{'' if inside else '  MISSED (goal: a quarter of it)'}")
    print("every index item read is a match, once per shared location:", "holds" if ok else "BROKEN")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
