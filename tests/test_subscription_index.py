"""The subscription index answers exactly what the plain matching rules answer.

The rules (chalicelib.subscriptions.rules.matches) are the in-memory statement of Examples
A-C; the index is how DynamoDB answers the same question without reading non-matches. Here
both are asked the same questions about a few hundred random subscribers.
"""
from __future__ import annotations

import random

from chalicelib.companies.schema import CompanySettings
from chalicelib.subscriptions.index import apply, entries_for, find_subscribers, keys_of
from chalicelib.subscriptions.rules import Posting, Subscription, matches
from chalicelib.subscriptions.service import catalogue
from infrastructure.demo import DEMO_SETTINGS

SETTINGS = CompanySettings.model_validate(DEMO_SETTINGS)
CATALOGUE = catalogue(SETTINGS)
LOCATIONS = [loc.id for loc in SETTINGS.locations]
MODES = ["remote", "hybrid", "onsite"]


def random_subscription(rng: random.Random) -> Subscription:
    departments = rng.sample([d.id for d in SETTINGS.departments], rng.randint(1, 3))
    roles = [r.id for d in SETTINGS.departments if d.id in departments for r in d.roles if rng.random() < 0.3]
    return Subscription(
        departments=tuple(departments),
        roles=tuple(roles),
        locations=tuple(rng.sample(LOCATIONS, rng.choice([0, 1, 1, 1, 2]))),
        work_modes=tuple(rng.sample(MODES, rng.choice([0, 1, 2]))),
    )


def random_posting(rng: random.Random) -> Posting:
    department = rng.choice(SETTINGS.departments)
    mode = rng.choice(MODES)
    locations = rng.sample(LOCATIONS, rng.choice([1, 1, 2])) if mode != "remote" else rng.sample(LOCATIONS, rng.choice([0, 1]))
    return Posting(department.id, rng.choice(department.roles).id, tuple(locations), mode)


def test_index_finds_exactly_the_subscribers_the_rules_match(stack):
    rng = random.Random(20261122)
    subscribers = {f"c{i:04d}": random_subscription(rng) for i in range(150)}
    for candidate_id, subscription in subscribers.items():
        apply("acme", candidate_id, set(), entries_for("acme", subscription, CATALOGUE))

    for _ in range(40):
        posting = random_posting(rng)
        expected = {c for c, s in subscribers.items() if matches(s, posting, CATALOGUE)}

        result = find_subscribers("acme", posting)

        assert set(result.candidate_ids) == expected, posting
        # Reads are bounded by matches: a subscriber appears once per shared location at most.
        assert result.items_read <= 2 * len(expected)


def test_paused_subscriptions_have_no_entries_and_changes_leave_none_behind(stack):
    before = Subscription(departments=("sales",), locations=("london",))
    after = Subscription(departments=("customer-success",), work_modes=("remote",))
    apply("acme", "c1", set(), entries_for("acme", before, CATALOGUE))

    apply("acme", "c1", entries_for("acme", before, CATALOGUE), entries_for("acme", after, CATALOGUE))

    sales_london = Posting("sales", "account-executive", ("london",), "onsite")
    cs_remote = Posting("customer-success", "onboarding-specialist", (), "remote")
    assert find_subscribers("acme", sales_london).candidate_ids == []
    assert find_subscribers("acme", cs_remote).candidate_ids == ["c1"]
    assert entries_for("acme", Subscription(departments=("sales",), paused=True), CATALOGUE) == set()
    index_items = stack.table_items()["SubscriptionIndexTable"]
    entries = {i["pk"]["S"] for i in index_items if not i["pk"]["S"].startswith("@")}
    recorded = {i["candidate_id"]["S"] for i in index_items if i["pk"]["S"] == "@subscriber#acme#c1"}
    assert entries == recorded == entries_for("acme", after, CATALOGUE)
    assert keys_of("acme", "c1") == entries
