"""Data rights: export everything, erase everything, from the dashboard or from any job tip."""
from __future__ import annotations

import json
from urllib.parse import urlparse


def _everything(stack) -> str:
    return json.dumps(stack.table_items(), default=str)


def test_export_returns_everything_stored_about_the_candidate(stack):
    stack.company("acme")
    token = stack.connect_and_confirm(
        location="london", answers=[{"question_id": "linkedin", "value": "https://linkedin.com/in/ada", "shared": False}]
    )

    export = stack.request("GET", "/me/export", token=token)

    assert export.status == 200
    candidate = export.body["candidate"]
    assert candidate["email"] == "ada@example.com" and candidate["location"] == "london"
    assert candidate["answers"] == [{"question_id": "linkedin", "value": "https://linkedin.com/in/ada", "shared": False}]
    assert candidate["consent_at"] and candidate["consent_version"] == "1"
    assert candidate["subscription"]["departments"] == ["product"]
    # The session, and the marker of the used emailed link (whose it was, until it would have
    # expired: a second click while signed in opens the dashboard): stored, so exported
    assert {t["purpose"] for t in export.body["tokens"]} == {"access", "spent"}
    assert export.body["email_suppressed"] is False


def test_erase_leaves_no_item_naming_the_candidate_in_any_table(stack):
    # Given a confirmed candidate with job tips sent, a digest pending, and several tokens
    stack.company("acme")
    token = stack.connect_and_confirm()
    candidate_id = stack.request("GET", "/me", token=token).body["profile"]["candidate_id"]
    stack.publish(external_id="instant")
    stack.drain()
    stack.request("PUT", "/me/subscription", {"departments": ["product"], "frequency": "weekly"}, token=token)
    stack.publish(external_id="for-digest", title="For the digest")
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    assert candidate_id in _everything(stack)

    # When the candidate erases themselves
    response = stack.request("DELETE", "/me", token=token)

    # Then no table holds their id or address, and their session is gone
    assert response.status == 204
    everything = _everything(stack)
    assert candidate_id not in everything and "ada@example.com" not in everything
    assert stack.request("GET", "/me", token=token).status == 401


def test_erased_candidates_get_no_more_email_and_can_connect_afresh(stack):
    stack.company("acme")
    token = stack.connect_and_confirm()
    stack.request("DELETE", "/me", token=token)

    stack.publish()
    stack.drain()
    again = stack.connect()
    stack.drain()

    assert stack.job_tips_to("ada@example.com") == []
    assert again.status == 201 and again.body["status"] == "pending_confirmation"


def test_a_remove_my_data_link_from_an_older_job_tip_erases_after_confirmation(stack):
    # Job tips carried a signed "Remove my data" link until they sent people to the dashboard
    # instead (issue 18.4); the links already in mailboxes keep working their lifetime.
    from chalicelib.candidates.links import erase_link

    stack.company("acme")
    token = stack.connect_and_confirm()
    candidate_id = stack.request("GET", "/me", token=token).body["profile"]["candidate_id"]
    url = urlparse(erase_link("acme", candidate_id, "ada@example.com"))

    page = stack.request("GET", f"{url.path}?{url.query}")
    assert "Remove all your data?" in page.body and "ada@example.com" in _everything(stack)

    done = stack.request("POST", f"{url.path}?{url.query}", raw=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})
    forged = stack.request("POST", "/erase?token=abc.def", raw=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})

    assert done.status == 200 and "ada@example.com" not in _everything(stack)
    assert forged.status == 401


def test_a_candidate_token_opens_only_its_own_candidate(stack):
    stack.company("acme")
    stack.company("beta")
    ada = stack.connect_and_confirm("acme", email="ada@example.com")
    bob = stack.connect_and_confirm("beta", email="bob@example.com")

    assert stack.request("GET", "/me", token=ada).body["profile"]["email"] == "ada@example.com"
    assert stack.request("GET", "/me", token=bob).body["company"]["slug"] == "beta"
    # Erasing Bob at Beta leaves Ada at Acme untouched.
    stack.request("DELETE", "/me", token=bob)
    assert stack.request("GET", "/me", token=ada).status == 200
    # A candidate token is not an admin key, and an admin key is not a candidate token.
    assert stack.request("GET", "/admin/settings", token=ada).status == 401
    assert stack.request("GET", "/me", token=stack._keys["acme"]).status == 401
