"""Matching at scale: items read must follow the matches, not the subscribers.

    make bench

For 1,000, 10,000 and 100,000 subscribers (spread over 10 departments x 5 roles, 20 locations
and the work modes), seeds the subscription index, publishes postings and runs the real matcher
(`announce`: index queries plus enqueueing the job tips) against moto, in process. Prints, for
each size: matches, index items read, DynamoDB requests and seconds per posting, and checks
the bound the design promises: items read <= 2 x matches + a small constant.

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

os.environ.update(
    AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled", POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CandidateConnectBench", POWERTOOLS_LOG_LEVEL="WARNING",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from moto import mock_aws  # noqa: E402

from chalicelib.companies.schema import CompanySettings  # noqa: E402
from chalicelib.companies.service import create_company  # noqa: E402
from chalicelib.jobs.schema import JobPosting  # noqa: E402
from chalicelib.jobs.service import upsert_posting  # noqa: E402
from chalicelib.jobs.models import get_job  # noqa: E402
from chalicelib.matching.announce import announce, match  # noqa: E402
from chalicelib.runtime import reset_caches  # noqa: E402
from chalicelib.subscriptions.index import SubscriptionIndexItem, entries_for  # noqa: E402
from chalicelib.subscriptions.rules import Subscription  # noqa: E402
from chalicelib.subscriptions.service import catalogue  # noqa: E402
from infrastructure.provision import provision, stage_environment  # noqa: E402
from infrastructure.stage import stage_variables  # noqa: E402

SIZES = [int(n) for n in sys.argv[1:]] or [1_000, 10_000, 100_000]
POSTINGS = 6
MODES = ["remote", "hybrid", "onsite"]


def synthetic_settings() -> CompanySettings:
    return CompanySettings.model_validate({
        "departments": [
            {"id": f"d{d}", "name": f"Department {d}", "roles": [{"id": f"d{d}-r{r}", "name": f"Role {d}.{r}"} for r in range(5)]}
            for d in range(10)
        ],
        "locations": [{"id": f"l{i}", "name": f"City {i}"} for i in range(20)],
    })


def random_subscription(rng: random.Random, settings: CompanySettings) -> Subscription:
    departments = rng.sample(settings.departments, rng.choice([1, 1, 2]))
    roles = [r.id for d in departments for r in d.roles if rng.random() < 0.3]
    return Subscription(
        departments=tuple(d.id for d in departments),
        roles=tuple(roles),
        locations=(rng.choice(settings.locations).id,) if rng.random() < 0.8 else (),
        work_modes=tuple(rng.sample(MODES, rng.choice([0, 1, 2]))),
    )


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


class RequestCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, **_: object) -> None:
        self.count += 1


def run(size: int) -> dict:
    rng = random.Random(size)
    settings = synthetic_settings()
    with mock_aws():
        os.environ.update(stage_variables("dev"))
        os.environ.update(stage_environment(provision("dev")))
        reset_caches()
        create_company("bench", "Bench Inc", settings)
        rules = catalogue(settings)
        with SubscriptionIndexItem.batch_write() as batch:
            for i in range(size):
                for key in entries_for("bench", random_subscription(rng, settings), rules):
                    batch.save(SubscriptionIndexItem(pk=key, candidate_id=f"c{i:06d}"))

        counter = RequestCounter()
        SubscriptionIndexItem._get_connection().connection.client.meta.events.register("before-call.dynamodb", counter)
        matches = items = requests = 0
        seconds = 0.0
        for p in range(POSTINGS):
            department = rng.choice(settings.departments)
            mode = rng.choice(MODES)
            posting = JobPosting(
                external_id=f"job-{p}", title="Bench job", department=department.id, role=rng.choice(department.roles).id,
                work_mode=mode, locations=[rng.choice(settings.locations).id], apply_url="https://example.com/j",
                status="published", version=1,
            )
            upsert_posting("bench", posting, source="bench")
            with moto_query_without_whole_table_sort():
                before = counter.count
                started = time.perf_counter()
                found = announce("bench", posting.external_id)
                seconds += time.perf_counter() - started
                requests += counter.count - before
                matches += found
                items += match("bench", get_job("bench", posting.external_id)).items_read
        reset_caches()
    return {"size": size, "matches": matches, "items": items, "requests": requests, "seconds": seconds}


def main() -> int:
    print(f"{'subscribers':>11} {'postings':>8} {'matches':>8} {'items read':>10} {'DDB requests':>12} {'s/posting':>9} {'ms/match':>8}")
    ok = True
    for size in SIZES:
        r = run(size)
        per_posting = r["seconds"] / POSTINGS
        per_match = 1000 * r["seconds"] / max(r["matches"], 1)
        print(f"{size:>11,} {POSTINGS:>8} {r['matches']:>8,} {r['items']:>10,} {r['requests']:>12,} {per_posting:>9.3f} {per_match:>8.2f}")
        if r["items"] > 2 * r["matches"] + 16 * POSTINGS:
            ok = False
            print(f"  !! items read {r['items']} exceed 2 x matches + constant", file=sys.stderr)
    print("bound items_read <= 2 x matches + 16 per posting:", "holds" if ok else "BROKEN")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
