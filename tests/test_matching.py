"""Who gets a job tip, and when: the rules beyond Examples A-C, and the life of a posting."""
from __future__ import annotations


def test_remote_only_subscriber_never_gets_onsite_or_hybrid_jobs(stack):
    # Seed 002: "Don't keep pushing on-site jobs to candidates who have made it very clear they're not interested."
    stack.company("acme")
    stack.connect_and_confirm(email="remote@example.com", departments=["product"], location="berlin", work_modes=["remote"])

    for mode in ("onsite", "hybrid", "remote"):
        stack.publish(external_id=f"fe-{mode}", title=f"FE {mode}", locations=["berlin"], work_mode=mode)
    stack.drain()

    assert [t["subject"] for t in stack.job_tips_to("remote@example.com")] == ["New job at Acme: FE remote"]


def test_remote_posting_without_location_matches_any_location_choice(stack):
    stack.company("acme")
    stack.connect_and_confirm(email="london@example.com", departments=["product"], location="london")
    stack.connect_and_confirm(email="anywhere@example.com", departments=["product"])

    stack.publish(external_id="fe-remote", title="FE anywhere", locations=[], work_mode="remote")
    stack.publish(external_id="fe-stockholm", title="FE Stockholm remote", locations=["stockholm"], work_mode="remote")
    stack.drain()

    assert [t["subject"] for t in stack.job_tips_to("london@example.com")] == ["New job at Acme: FE anywhere"]
    assert sorted(t["subject"] for t in stack.job_tips_to("anywhere@example.com")) == [
        "New job at Acme: FE Stockholm remote",
        "New job at Acme: FE anywhere",
    ]


def test_onsite_and_hybrid_postings_need_a_location(stack):
    stack.company("acme")

    response = stack.publish(locations=[], work_mode="hybrid")

    assert response.status == 400 and response.body["error"]["field"] == "locations"
    assert "needs at least one location" in response.body["error"]["message"]


def test_job_tip_says_what_why_and_how_to_stop(stack):
    stack.company("acme")
    stack.connect_and_confirm(departments=["sales"], roles=["account-executive"], location="london", work_modes=["hybrid", "remote"])

    stack.publish(external_id="ae", title="Account Executive", department="sales", role="account-executive", locations=["london", "berlin"], work_mode="hybrid")
    stack.drain()

    [tip] = stack.job_tips_to("ada@example.com")
    for part in (tip["text"], tip["html"]):
        assert "Account Executive" in part and "Sales" in part and "London, Berlin" in part and "Hybrid" in part
        assert "https://careers.acme.example/jobs/1" in part
        assert "you follow Sales (Account Executive) in London, hybrid or remote" in part
    assert tip["headers"]["List-Unsubscribe"].startswith("<https://") and "token=" in tip["headers"]["List-Unsubscribe"]
    assert tip["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_drafts_do_not_notify_until_published_and_then_once(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    stack.publish(status="draft", version=1)
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == []

    stack.publish(status="published", version=2)
    stack.drain()
    assert len(stack.job_tips_to("ada@example.com")) == 1


def test_edits_closing_and_republishing_never_notify_twice(stack):
    stack.company("acme")
    stack.connect_and_confirm()
    stack.publish(version=1)
    stack.drain()

    stack.publish(version=2, title="Front End Developer (edited)")
    stack.publish(version=3, status="closed")
    stack.publish(version=4, status="published")
    stack.drain()

    assert len(stack.job_tips_to("ada@example.com")) == 1


def test_a_job_closed_before_its_tips_go_out_sends_none(stack):
    stack.company("acme")
    stack.connect_and_confirm()
    stack.publish(version=1)
    # The matcher runs and enqueues, but the notification consumer has not yet run...
    stack.pump.queues, held = [q for q in stack.pump.queues if "notifications" not in q.queue_name], stack.pump.queues
    stack.drain()
    # ...when the recruiter closes the job.
    stack.publish(version=2, status="closed")
    stack.pump.queues = held
    stack.drain()

    assert stack.job_tips_to("ada@example.com") == []


def test_lower_version_is_ignored(stack):
    stack.company("acme")
    stack.publish(version=5, title="Newest")

    stale = stack.publish(version=4, title="Older")
    same = stack.publish(version=5, title="Same version, replayed")

    assert stale.status == 200 and stale.body["result"] == "ignored_stale_version"
    assert stale.body["job"]["title"] == "Newest" and stale.body["job"]["version"] == 5
    assert same.body["result"] == "ignored_stale_version"


def test_new_subscribers_after_announcement_are_not_sent_old_jobs_on_edit(stack):
    stack.company("acme")
    stack.publish(version=1)
    stack.drain()

    stack.connect_and_confirm(email="late@example.com")
    stack.publish(version=2, title="Edited")
    stack.drain()

    assert stack.job_tips_to("late@example.com") == []


def test_invalid_admin_posting_is_400_and_writes_nothing(stack):
    stack.company("acme")
    before = stack.records()

    cases = [
        ({"department": "astronomy"}, "department"),
        ({"role": "account-executive"}, "role"),
        ({"locations": ["paris"]}, "locations.0"),
        ({"status": "live"}, "status"),
        ({"version": -1}, "version"),
        ({"apply_url": "javascript:alert(1)"}, "apply_url"),
        ({"external_id": "has spaces"}, "external_id"),
        ({"salary": 1}, "salary"),
    ]
    for change, field in cases:
        response = stack.publish(**change)
        assert response.status == 400, change
        assert response.body["error"]["field"] == field, (change, response.body)
    stack.drain()
    assert stack.records() == before


def test_a_posting_matching_many_subscribers_sends_each_one_tip(stack):
    # Given 23 confirmed subscribers (three SQS batches of job tips, sent concurrently)
    stack.company("acme")
    addresses = [f"fan{i}@example.com" for i in range(23)]
    for i, address in enumerate(addresses):  # each from their own network, as people are
        stack.connect_and_confirm(email=address, departments=["product"], location="berlin", client_ip=f"198.51.100.{i}")

    # When a matching job is published
    stack.publish(external_id="fe-berlin", title="FE Berlin", locations=["berlin"], work_mode="onsite")
    stack.drain()

    # Then every one of them gets exactly one job tip
    assert [len(stack.job_tips_to(address)) for address in addresses] == [1] * 23
