"""The candidate's dashboard: profile, subscription (Example C), pausing, unsubscribing."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlparse

from infrastructure.demo import DEMO_SETTINGS


def _subscription(**fields):
    return {"departments": [], "roles": [], "locations": [], "work_modes": [], "frequency": "instant", "paused": False, **fields}


def test_dashboard_shows_profile_connections_subscription_and_company_content(stack):
    stack.company("acme", {**DEMO_SETTINGS, "overview": [{"title": "Life at Acme", "body": "We build robots.", "link": "https://acme.example/life"}]})
    token = stack.connect_and_confirm(
        departments=["sales"], roles=["account-executive"], location="london",
        answers=[{"question_id": "visa", "value": False, "shared": True}],
    )

    me = stack.request("GET", "/me", token=token)

    assert me.status == 200
    assert me.body["profile"]["email"] == "ada@example.com" and me.body["profile"]["confirmed"] is True
    assert me.body["profile"]["timezone"] == "Europe/Stockholm"
    assert me.body["profile"]["answers"] == [{"question_id": "visa", "value": False, "shared": True}]
    assert me.body["connections"]["departments"] == [{"id": "sales", "name": "Sales"}]
    assert me.body["connections"]["roles"] == [{"id": "account-executive", "name": "Account Executive", "department": "sales"}]
    assert me.body["subscription"]["departments"] == ["sales"] and me.body["subscription"]["locations"] == ["london"]
    assert me.body["overview"] == [{"title": "Life at Acme", "body": "We build robots.", "link": "https://acme.example/life"}]
    assert me.body["applications"] == []


def test_dashboard_needs_a_valid_access_token(stack):
    stack.company("acme")
    stack.connect()
    stack.drain()
    confirm_token = stack.confirm_token("ada@example.com")

    assert stack.request("GET", "/me").status == 401
    assert stack.request("GET", "/me", token="made-up").status == 401
    # The emailed confirmation token is not a session: it must be exchanged first.
    assert stack.request("GET", "/me", token=confirm_token).status == 401


def test_example_c_exactly(stack):
    # Given candidate C connected with Sales and chose London
    stack.company("acme")
    token = stack.connect_and_confirm(email="c@example.com", departments=["sales"], location="london")

    # When C subscribes to Customer Success and Sales, London
    response = stack.request("PUT", "/me/subscription", _subscription(departments=["customer-success", "sales"], locations=["london"]), token=token)
    for dept, role in (("sales", "account-executive"), ("customer-success", "onboarding-specialist")):
        for location in ("london", "berlin"):
            stack.publish(external_id=f"{dept}-{location}", title=f"{dept} in {location}", department=dept, role=role, locations=[location])
    stack.drain()

    # Then job tips come for both departments, London only
    assert response.status == 200 and response.body["departments"] == ["customer-success", "sales"]
    assert sorted(t["subject"] for t in stack.job_tips_to("c@example.com")) == [
        "New job at Acme: customer-success in london",
        "New job at Acme: sales in london",
    ]


def test_changing_the_subscription_leaves_nothing_matching_the_old_one(stack):
    stack.company("acme")
    token = stack.connect_and_confirm(departments=["sales"], location="london")

    stack.request("PUT", "/me/subscription", _subscription(departments=["product"], locations=["berlin"]), token=token)
    stack.publish(external_id="old", title="Old interest", department="sales", role="account-executive", locations=["london"])
    stack.publish(external_id="new", title="New interest", department="product", role="back-end-developer", locations=["berlin"])
    stack.drain()

    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: New interest"]


def test_a_paused_subscription_gets_nothing_until_resumed(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()

    stack.request("PUT", "/me/subscription", _subscription(departments=["product"], paused=True), token=token)
    stack.publish(external_id="while-paused")
    stack.drain()
    stack.request("PUT", "/me/subscription", _subscription(departments=["product"]), token=token)
    stack.publish(external_id="after", title="After resuming")
    stack.drain()

    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: After resuming"]


def test_invalid_subscription_is_400_naming_the_field(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()

    cases = [
        (_subscription(departments=["nope"]), "departments.0"),
        (_subscription(departments=["sales"], roles=["front-end-developer"]), "roles.0"),
        (_subscription(departments=["sales"], locations=["paris"]), "locations.0"),
        (_subscription(departments=["sales"], frequency="hourly"), "frequency"),
        ({**_subscription(departments=["sales"]), "extra": True}, "extra"),
    ]
    for body, field in cases:
        response = stack.request("PUT", "/me/subscription", body, token=token)
        assert response.status == 400 and response.body["error"]["field"] == field, (body, response.body)


def test_profile_changes_follow_into_an_unedited_subscription(stack):
    stack.company("acme")
    token = stack.connect_and_confirm(location="london")

    patched = stack.request("PATCH", "/me", {"location": "berlin", "work_modes": ["remote"], "first_name": "Ada B."}, token=token)
    stack.publish(external_id="berlin-remote", title="Berlin remote", locations=["berlin"], work_mode="remote")
    stack.publish(external_id="london-remote", title="London remote", locations=["london"], work_mode="remote")
    stack.drain()

    assert patched.status == 200 and patched.body["profile"]["first_name"] == "Ada B."
    assert patched.body["subscription"]["locations"] == ["berlin"]
    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: Berlin remote"]


def test_bad_profile_patch_is_400(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()

    assert stack.request("PATCH", "/me", {"location": "paris"}, token=token).body["error"]["field"] == "location"
    assert stack.request("PATCH", "/me", {"timezone": "Mars/Base"}, token=token).body["error"]["field"] == "timezone"
    # (a new address is accepted and confirmed there: tests/test_trust_sessions.py; a bad one is not)
    assert stack.request("PATCH", "/me", {"email": "not an address"}, token=token).body["error"]["field"] == "email"
    assert stack.request("PATCH", "/me", {"email": None}, token=token).body["error"]["field"] == "email"
    assert stack.request("PATCH", "/me", {"first_name": None}, token=token).body["error"]["field"] == "first_name"


def _unsubscribe_url(stack, address):
    [tip] = stack.job_tips_to(address)
    return tip["headers"]["List-Unsubscribe"].strip("<>")


def test_one_click_unsubscribe_stops_job_tips_but_keeps_the_connection(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.publish(external_id="first")
    stack.drain()
    url = urlparse(_unsubscribe_url(stack, "ada@example.com"))

    # A GET only asks to confirm (mail scanners follow links)...
    page = stack.request("GET", f"{url.path}?{url.query}")
    assert page.status == 200 and "Stop job tips" in page.body
    # ...the RFC 8058 POST, with no login and no cookie, unsubscribes.
    done = stack.request("POST", f"{url.path}?{url.query}", raw=b"List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    stack.publish(external_id="second", title="Second")
    stack.drain()

    assert done.status == 200 and "no more job tips" in done.body
    assert len(stack.job_tips_to("ada@example.com")) == 1
    me = stack.request("GET", "/me", token=token).body
    assert me["subscription"]["paused"] is True and me["subscription"]["unsubscribed_at"]

    # Resubscribing from the dashboard brings tips back.
    stack.request("PUT", "/me/subscription", _subscription(departments=["product"]), token=token)
    stack.publish(external_id="third", title="Third")
    stack.drain()
    assert len(stack.job_tips_to("ada@example.com")) == 2


def test_forged_or_altered_unsubscribe_tokens_are_refused(stack):
    stack.company("acme")
    stack.connect_and_confirm()
    bobs_session = stack.connect_and_confirm(email="bob@example.com")
    stack.publish()
    stack.drain()
    token = parse_qs(urlparse(_unsubscribe_url(stack, "ada@example.com")).query)["token"][0]
    body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    bobs = stack.request("GET", "/me", token=bobs_session).body["profile"]["candidate_id"]
    altered_body = base64.urlsafe_b64encode(json.dumps({**claims, "k": bobs}).encode()).rstrip(b"=").decode()

    # Ada's signature on a token rewritten to name Bob; a made-up signature; junk.
    for forged in (f"{altered_body}.{signature}", f"{body}.AAAA", "garbage", ""):
        response = stack.request("POST", f"/unsubscribe?token={forged}", raw=b"List-Unsubscribe=One-Click",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status == 401, forged
    stack.publish(external_id="after")
    stack.drain()
    assert len(stack.job_tips_to("bob@example.com")) == 2
    assert len(stack.job_tips_to("ada@example.com")) == 2


def test_the_dashboard_page_can_call_the_candidate_endpoints_cross_origin(stack):
    # Bearer tokens, never cookies: any origin may call, nothing rides on ambient credentials.
    stack.company("acme")
    token = stack.connect_and_confirm()

    preflight = stack.request("OPTIONS", "/me", headers={"Origin": "https://careers.acme.example"})
    me = stack.request("GET", "/me", token=token, headers={"Origin": "https://careers.acme.example"})
    session = stack.request("OPTIONS", "/auth/session", headers={"Origin": "https://careers.acme.example"})

    assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == "*"
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    assert me.headers["access-control-allow-origin"] == "*"
    assert session.status == 204 and "access-control-allow-credentials" not in session.headers


def test_the_candidate_item_stays_the_same_size_however_broad_the_subscription(stack):
    # Given a candidate following one department in one place
    stack.company("acme")
    token = stack.connect_and_confirm(departments=["sales"], location="london")

    def candidate_item():
        [item] = [i for i in stack.table_items()["CandidatesTable"] if i["sk"]["S"].startswith("candidate#")]
        return item

    def index_entries():
        items = stack.table_items()["SubscriptionIndexTable"]
        return ({i["pk"]["S"] for i in items if not i["pk"]["S"].startswith("@")},
                {i["candidate_id"]["S"] for i in items if i["pk"]["S"].startswith("@subscriber#")})

    narrow = candidate_item()
    narrow_entries, _ = index_entries()

    # When they follow everything, everywhere, in every work mode
    everything = _subscription(departments=[d["id"] for d in DEMO_SETTINGS["departments"]],
                               roles=[r["id"] for d in DEMO_SETTINGS["departments"] for r in d["roles"]],
                               locations=[loc["id"] for loc in DEMO_SETTINGS["locations"]],
                               work_modes=["remote", "hybrid", "onsite"])
    assert stack.request("PUT", "/me/subscription", everything, token=token).status == 200
    broad = candidate_item()
    entries, recorded = index_entries()

    # Then the index grew, and the records of which keys are theirs with it, not the candidate item
    assert len(entries) > 10 * len(narrow_entries) and recorded == entries
    assert set(broad) == set(narrow) and "index_keys" not in broad
    assert len(json.dumps(broad["subscription"])) < 2000

    # And narrowing again leaves no entry or record behind
    assert stack.request("PUT", "/me/subscription", _subscription(departments=["sales"], locations=["london"]), token=token).status == 200
    assert index_entries() == (narrow_entries, narrow_entries)
