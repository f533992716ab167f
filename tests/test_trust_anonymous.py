"""Issue 7.3: no anonymous write changes someone else's record; every public write is limited.

Anyone can type anyone's address. A confirmed candidate's record changes only when the owner of
the address follows an emailed link, or when the request carries that candidate's access token.
"""
from __future__ import annotations

import re

import pytest

import app as app_module
from chalicelib.ratelimit import PUBLIC_WRITES, is_public_write


def confirm_link_token(email: dict) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", email["text"]).group(1)


def admin_view(stack, address):
    key = stack._keys["acme"]
    [row] = [c for c in stack.request("GET", "/admin/candidates", token=key).body["candidates"] if c["email"] == address]
    return stack.request("GET", f"/admin/candidates/{row['id']}", token=key).body


def test_applying_with_a_connected_address_answers_like_any_address_and_joins_only_when_the_owner_confirms(stack):
    # Given Ada, connected and confirmed, and an open job
    stack.company("acme")
    token = stack.connect_and_confirm(email="ada@example.com")
    stack.publish()
    stack.drain()

    # When a stranger applies with her address (other letter case), and another with an unknown one
    known = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                          {"email": "ADA@Example.com", "first_name": "Mallory", "last_name": "M"})
    unknown = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                            {"email": "nobody@example.com", "first_name": "Mallory", "last_name": "M"})
    stack.drain()

    # Then both answers look alike, and nothing is attached to Ada's account yet
    assert known.status == unknown.status == 201
    assert set(known.body) == set(unknown.body)
    assert {k: type(v) for k, v in known.body.items()} == {k: type(v) for k, v in unknown.body.items()}
    assert known.body["connect_offer"]["departments"] == unknown.body["connect_offer"]["departments"]
    assert stack.request("GET", "/me", token=token).body["applications"] == []
    assert admin_view(stack, "ada@example.com")["applications"] == []

    # And Ada is asked, by email, in her own name; following the link adds the application
    [ask] = stack.emails_to("ada@example.com", kind="Is this application")
    assert "Hi Ada" in ask["text"] and "Mallory" not in ask["text"]
    assert stack.request("POST", "/auth/session", {"token": confirm_link_token(ask)}).status == 200
    [shown] = stack.request("GET", "/me", token=token).body["applications"]
    assert shown["id"] == known.body["application_id"]


def test_an_anonymous_reconnect_changes_nothing_of_a_confirmed_candidate_until_confirmed(stack):
    # Given Ada, confirmed, following Sales with a private answer
    stack.company("acme")
    stack.connect_and_confirm(departments=["sales"], answers=[{"question_id": "visa", "value": False, "shared": False}])
    before = admin_view(stack, "ada@example.com")

    # When someone connects with her address to Product, with a shared answer, and a new address does the same
    stranger = stack.connect(email="Ada@example.com", first_name="Mallory", departments=["product"],
                             answers=[{"question_id": "visa", "value": True, "shared": True}])
    newcomer = stack.connect(email="new@example.com", first_name="Mallory", departments=["product"])
    stack.drain()

    # Then the answers look alike and everything recruiters see of Ada is as it was
    assert stranger.status == newcomer.status == 201
    assert stranger.body["status"] == newcomer.body["status"] == "pending_confirmation"
    assert set(stranger.body) == set(newcomer.body)
    assert admin_view(stack, "ada@example.com") == before

    # And when Ada follows the link in the email her address received, the new interest applies
    latest = stack.emails_to("ada@example.com", kind="Thanks for connecting")[-1]
    assert stack.request("POST", "/auth/session", {"token": confirm_link_token(latest)}).status == 200
    after = admin_view(stack, "ada@example.com")
    assert {d["id"] for d in after["departments"]} == {"sales", "product"}
    assert after["answers"] == []  # her own private answer stands; a stranger's never replaced it
    assert after["first_name"] == "Ada"


def test_a_signed_in_candidate_applies_straight_into_their_dashboard_but_not_at_another_company(stack):
    stack.company("acme")
    stack.company("beta")
    token = stack.connect_and_confirm(email="ada@example.com")
    stack.publish("acme")
    stack.publish("beta")
    stack.drain()

    own = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                        {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}, token=token)
    elsewhere = stack.request("POST", "/companies/beta/jobs/job-1/applications",
                              {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}, token=token)

    assert own.status == 201 and own.body["connect_offer"] is None
    assert [a["id"] for a in stack.request("GET", "/me", token=token).body["applications"]] == [own.body["application_id"]]
    assert elsewhere.status == 401


def test_every_public_write_route_has_a_per_client_limit():
    public = {(m, p) for p, methods in app_module.app.routes.items() for m in methods if is_public_write(m, p)}
    assert public and public <= set(PUBLIC_WRITES), public - set(PUBLIC_WRITES)


def test_one_client_cannot_send_thank_you_emails_to_forty_addresses(stack):
    # Given one client connecting forty different addresses
    stack.company("acme")
    answers = [stack.connect(email=f"person{i}@example.com").status for i in range(40)]
    limited = stack.connect(email="one-more@example.com")
    elsewhere = stack.request("POST", "/companies/acme/connections", {
        "email": "other@example.com", "first_name": "Ada", "last_name": "L", "departments": ["product"], "consent": True,
    }, client_ip="198.51.100.7")
    stack.drain()

    # Then it is stopped with 429 and Retry-After long before forty, and another client is not
    limit = PUBLIC_WRITES[("POST", "/companies/{company}/connections")][1]
    assert answers[:limit] == [201] * limit and set(answers[limit:]) == {429}
    assert limited.status == 429 and limited.body["error"]["code"] == "rate_limited"
    assert 0 < int(limited.headers["retry-after"]) <= 3600
    assert elsewhere.status == 201
    assert len(stack.outbox()) == limit + 1


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/auth/session", {"token": "nope"}),
    ("POST", "/companies/acme/jobs/job-1/applications", {"email": "x@example.com", "first_name": "A", "last_name": "B"}),
    ("POST", "/unsubscribe?token=nope", None),
    ("POST", "/erase?token=nope", None),
    ("POST", "/companies/acme/dashboard?token=nope", None),
    ("POST", "/auth/magic-link", {"company": "acme", "email": "x@example.com"}),
])
def test_each_public_write_answers_429_with_retry_after_past_its_limit(stack, method, path, body):
    stack.company("acme")
    stack.publish()
    resource = next(p for (m, p) in PUBLIC_WRITES if m == method and re.fullmatch(re.sub(r"\{[a-z_]+\}", "[^/]+", p), path.split("?")[0]))
    limit = PUBLIC_WRITES[(method, resource)][1]
    form = {"Content-Type": "application/x-www-form-urlencoded"} if body is None else {}

    statuses = [stack.request(method, path, body, raw=b"" if body is None else None, headers=form,
                              client_ip="203.0.113.9").status for _ in range(limit + 1)]

    # (the apply case meets its per-address limit first; every other one its per-client limit)
    assert statuses[0] != 429 and statuses[-1] == 429
    last = stack.request(method, path, body, raw=b"" if body is None else None, headers=form, client_ip="203.0.113.9")
    assert last.status == 429 and int(last.headers["retry-after"]) > 0


def test_one_address_cannot_be_flooded_with_applications(stack):
    stack.company("acme")
    stack.publish()
    statuses = [stack.request("POST", "/companies/acme/jobs/job-1/applications",
                              {"email": "victim@example.com", "first_name": "A", "last_name": "B"},
                              client_ip=f"198.51.100.{i}").status for i in range(12)]

    assert statuses[:10] == [201] * 10 and statuses[10:] == [429, 429]
