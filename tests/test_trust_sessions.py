"""Issue 15, sections 1 and 2: a session ends when the person says so, and signing in is bound to
the browser that started it (no login CSRF), for every page form and every sign-in path."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest

import app as app_module
from chalicelib.ratelimit import PUBLIC_WRITES
from infrastructure.demo import DEMO_SETTINGS
from tests.standins.oidc_provider import OpenIdProvider
from tests.support import cookie_pairs

HTML = {"Accept": "text/html"}
FORM = {"Content-Type": "application/x-www-form-urlencoded", **HTML}


def _csrf(page_body: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page_body).group(1)


# -- 1. A session ends when the person says so -------------------------------------------------

def another_session(stack, address: str = "ada@example.com") -> str:
    """A second device: a sign-in link asked for by email and exchanged there."""
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": address})
    stack.drain()
    link = stack.emails_to(address, kind="sign-in")[-1]["text"]
    return stack.request("POST", "/auth/session", {"token": re.search(r"token=([A-Za-z0-9_-]+)", link).group(1)}).body["access_token"]


def test_signing_out_of_the_dashboard_ends_the_session_for_the_cookie_and_the_bearer(stack):
    # Given Ada, signed in from her emailed link (the cookie's token is also a bearer for /me)
    stack.company("acme")
    stack.connect()
    stack.drain()
    cookie = stack.signed_in_cookie("acme", stack.confirm_token("ada@example.com"))
    token = cookie.split("=", 1)[1]
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert stack.request("GET", "/me", token=token).status == 200

    # When she signs out
    out = stack.request("POST", "/companies/acme/dashboard/sign-out", raw=urlencode({"csrf": _csrf(page.body)}).encode(),
                        headers={**FORM, "Cookie": cookie})

    # Then the cookie, replayed, opens nothing, and neither does the token as a bearer
    assert out.status == 303 and "Max-Age=0" in out.headers["set-cookie"]
    replayed = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert replayed.status == 401 and "Hi Ada" not in replayed.body
    assert stack.request("GET", "/me", token=token).status == 401


def test_delete_me_session_ends_the_session_at_once_and_only_that_one(stack):
    # Given Ada signed in on two devices
    stack.company("acme")
    phone = stack.connect_and_confirm()
    laptop = another_session(stack)

    # When she signs out on her phone (twice: the second is refused, nothing is left to end)
    first = stack.request("DELETE", "/me/session", token=phone)
    second = stack.request("DELETE", "/me/session", token=phone)

    # Then the phone's token opens nothing, as a bearer or as a page cookie; the laptop stays in
    assert first.status == 204 and second.status == 401
    assert stack.request("GET", "/me", token=phone).status == 401
    assert stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": f"cc_session={phone}"}).status == 401
    assert stack.request("GET", "/me", token=laptop).status == 200


def test_erasure_ends_every_session_of_the_person(stack):
    stack.company("acme")
    first = stack.connect_and_confirm()
    second = another_session(stack)

    assert stack.request("DELETE", "/me", token=first).status == 204

    assert stack.request("GET", "/me", token=first).status == 401
    assert stack.request("GET", "/me", token=second).status == 401


# -- 2. Sign-in bound to the browser -----------------------------------------------------------

def _form_routes():
    """Every state-changing route a browser's form can reach (it accepts a form's media type)."""
    for path, methods in app_module.app.routes.items():
        for method, entry in methods.items():
            if method in ("POST", "PUT", "PATCH", "DELETE") and "application/x-www-form-urlencoded" in (entry.content_types or []):
                yield method, path


def _fill(path: str) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: {"company": "acme", "provider": "linkedin"}.get(m.group(1), "job-1"), path)


@pytest.mark.parametrize("another_site", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://evil.acme.example"},
    {"Origin": "https://evil.example"},  # a browser without Fetch Metadata
    {"Origin": "null"},  # a sandboxed frame or a data: URL
    {"Sec-Fetch-Site": "cross-site"},
], ids=["cross-site", "same-site", "origin-only", "origin-null", "fetch-site-only"])
def test_every_page_form_posted_from_another_site_is_refused_before_anything_runs(stack, another_site):
    # Given a company, a job, Ada signed in (her cookie rides along) and a fresh emailed link
    stack.company("acme")
    stack.publish()
    stack.connect()
    stack.drain()
    cookie = stack.signed_in_cookie("acme", stack.confirm_token("ada@example.com"))
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    link_token = re.search(r"token=([A-Za-z0-9_-]+)", stack.emails_to("ada@example.com", kind="sign-in")[-1]["text"]).group(1)
    before = stack.records()
    routes = list(_form_routes())
    assert len(routes) >= 14, routes

    # When another site makes her browser post each form (with the link, the fields a form has)
    answers = {}
    for method, path in routes:
        body = urlencode({"token": link_token, "email": "ada@example.com", "departments": "product", "consent": "true",
                          "confirm": "yes", "first_name": "Eve", "last_name": "Attacker"}).encode()
        answers[(method, path)] = stack.request(method, _fill(path) + f"?token={link_token}", raw=body,
                                                headers={**FORM, "Cookie": cookie, **another_site})

    # Then every one is a 403 page that changed nothing, set no cookie, sent nothing
    for route, answer in answers.items():
        assert answer.status == 403, (route, answer.status)
        assert "set-cookie" not in answer.headers, route
        assert "another website" in answer.body, route
    assert stack.records() == before
    stack.drain()
    assert stack.emails_to("eve@example.com") == []
    # and the link still works for its owner, on her own page
    assert stack.follow_link("acme", link_token).status == 303


def test_a_form_from_the_sites_own_page_and_a_mail_providers_one_click_still_work(stack):
    # Given a company
    stack.company("acme")

    # When the Connect page's own form is posted by the browser (same origin), and by an old
    # browser that only sends Origin, naming this host
    same_origin = stack.request("POST", "/companies/acme/connect", raw=urlencode(
        {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "departments": "product", "consent": "true"}).encode(),
        headers={**FORM, "Sec-Fetch-Site": "same-origin", "Origin": "https://api.acme.example"})
    origin_only = stack.request("POST", "/companies/acme/connect", raw=urlencode(
        {"email": "bob@example.com", "first_name": "Bob", "last_name": "Builder", "departments": "product", "consent": "true"}).encode(),
        headers={**FORM, "Origin": "https://api.acme.example", "Host": "api.acme.example"})
    stack.drain()

    # Then both connect
    assert same_origin.status == 303 and origin_only.status == 303, (same_origin.body, origin_only.body)  # to the thank-you page
    assert stack.emails_to("ada@example.com") and stack.emails_to("bob@example.com")


def test_the_continue_button_signs_in_only_the_browser_that_opened_the_link(stack):
    # Given an attacker's own sign-in link (Eve connected and asked for one)
    stack.company("acme")
    stack.connect(email="eve@example.com", first_name="Eve")
    stack.drain()
    eve_link = stack.confirm_token("eve@example.com")

    # When the victim's browser is made to post it without having shown its page (no Continue
    # cookie: a cross-site form that slipped past Fetch Metadata, or a script)
    forged = stack.request("POST", f"/companies/acme/dashboard?token={eve_link}", raw=b"continue=0000", headers=FORM)
    # or with another browser's Continue token
    landing = stack.request("GET", f"/companies/acme/dashboard?token={eve_link}", headers=HTML)
    stolen_field = re.search(r'name="continue" value="([^"]+)"', landing.body).group(1)
    other_browser = stack.request("POST", f"/companies/acme/dashboard?token={eve_link}", raw=f"continue={stolen_field}".encode(),
                                  headers={**FORM, "Cookie": "cc_continue=another-browsers-value"})

    # Then no session is opened and the link is not spent: the page asks to press Continue there
    for answer in (forged, other_browser):
        assert answer.status == 403 and "cc_session" not in str(answer.headers.get("set-cookie", ""))
        assert 'name="continue"' in answer.body
    assert stack.follow_link("acme", eve_link).status == 303


@pytest.fixture
def idp(stack, monkeypatch):
    provider = OpenIdProvider("https://www.linkedin.test/oauth", "acme-linkedin-client", "secret-of-acme")
    for name, value in {"LINKEDIN_JWKS_URL": provider.jwks_url, "LINKEDIN_ISSUER": "https://www.linkedin.test/oauth",
                        "LINKEDIN_AUTHORIZE_URL": provider.authorize_url, "LINKEDIN_TOKEN_URL": provider.token_url}.items():
        monkeypatch.setenv(name, value)
    from chalicelib.runtime import reset_caches
    reset_caches()
    key = stack.company("acme", {**DEMO_SETTINGS, "identity_providers": {"linkedin": {"client_id": "acme-linkedin-client"}}})
    assert stack.request("PUT", "/admin/identity-providers/linkedin/secret", {"secret": "secret-of-acme"}, token=key).status == 204
    yield provider
    provider.close()


def _callback(stack, start) -> str:
    from tests.test_sign_in_flow import through_provider

    return through_provider(stack, start)


def test_a_provider_callback_completed_in_another_browser_is_refused_and_spends_the_state(stack, idp):
    # Given Eve, connected, who starts "Sign in with LinkedIn" in her own browser
    stack.connect_and_confirm(email="eve@example.com", first_name="Eve")
    start = stack.request("GET", "/companies/acme/sign-in/linkedin", headers=HTML)
    eve_binding = cookie_pairs(start.headers, "cc_oidc")
    assert "HttpOnly" in start.headers["set-cookie"] and "Path=/companies/acme/sign-in/" in start.headers["set-cookie"]
    callback = _callback(stack, start)

    # When the victim's browser is sent to the callback (without Eve's binding cookie, or with its own)
    bare = stack.request("GET", callback, headers=HTML)
    victims_own = stack.request("GET", callback, headers={**HTML, "Cookie": "cc_oidc=the-victims-own-flow"})
    eves_after = stack.request("GET", callback, headers={**HTML, "Cookie": eve_binding})

    # Then nobody is signed in, the code was never exchanged, and the state is spent
    for answer in (bare, victims_own, eves_after):
        assert answer.status == 401 and "cc_session" not in str(answer.headers.get("set-cookie", ""))
    assert idp.token_requests == []


def test_a_provider_that_does_not_verify_the_address_gets_a_sign_in_link_instead(stack, idp):
    # Given Ada, connected by email; LinkedIn answers with email_verified "False" (a string)
    stack.connect_and_confirm()
    idp.user = {**idp.user, "email_verified": "False"}

    # When she signs in with LinkedIn in her browser
    start = stack.request("GET", "/companies/acme/sign-in/linkedin", headers=HTML)
    done = stack.request("GET", _callback(stack, start), headers={**HTML, "Cookie": cookie_pairs(start.headers, "cc_oidc")})
    stack.drain()

    # Then no session opens; a sign-in link went to the address, which proves it
    assert done.status == 200 and "Check your inbox" in done.body
    assert "cc_session" not in str(done.headers.get("set-cookie", ""))
    assert len(stack.emails_to("ada@example.com", kind="sign-in")) == 1


def test_starting_a_provider_sign_in_is_a_limited_public_write(stack, idp):
    # Given the public write limit of starting a provider sign-in
    limit = PUBLIC_WRITES[("GET", "/companies/{company}/sign-in/{provider}")][1]

    # When one client starts it past the limit
    statuses = [stack.request("GET", "/companies/acme/sign-in/linkedin", headers=HTML, client_ip="203.0.113.77").status
                for _ in range(limit + 1)]

    # Then it is refused with 429 once the limit is passed, and stores no more state
    assert statuses[:limit] == [303] * limit and statuses[-1] == 429
    states = [i for i in stack.records()["TokensTable"] if i["purpose"]["S"] == "oidc_state"]
    assert len(states) == limit


def test_no_anonymous_get_stores_anything_unless_it_is_a_limited_public_write(stack, idp):
    # Given a company with a job and a provider sign-in
    stack.publish()
    before = stack.records()
    writers = []

    # When every GET route is called without credentials
    for path, methods in app_module.app.routes.items():
        if "GET" not in methods or path.startswith(("/admin", "/me", "/_local")):
            continue
        stack.request("GET", _fill(path) + "?token=x", headers=HTML, client_ip="198.51.100.200")
        after = stack.records()
        if after != before:
            writers.append(path)
        before = after

    # Then the only ones that stored something are public writes with a limit
    assert writers, "the walk should reach the provider sign-in"
    assert {("GET", p) for p in writers} <= set(PUBLIC_WRITES), writers


def test_the_connect_after_applying_form_needs_its_token(stack):
    # Given Grace, who just applied without an account (the offer cookie is set)
    stack.company("acme")
    stack.publish()
    applied = stack.request("POST", "/companies/acme/jobs/job-1/apply", raw=urlencode(
        {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"}).encode(), headers=FORM)
    offer = cookie_pairs(applied.headers, "cc_offer")
    assert offer, applied.headers
    page = stack.request("GET", "/companies/acme/jobs/job-1/applied", headers={**HTML, "Cookie": offer})
    fields = {"departments": "product", "consent": "true"}

    # When the offer is posted without the page's token (relying on SameSite alone), then with it
    forged = stack.request("POST", "/companies/acme/jobs/job-1/connect-after-applying", raw=urlencode(fields).encode(),
                           headers={**FORM, "Cookie": offer})
    real = stack.request("POST", "/companies/acme/jobs/job-1/connect-after-applying",
                         raw=urlencode({**fields, "csrf": _csrf(page.body)}).encode(), headers={**FORM, "Cookie": offer})
    stack.drain()

    # Then only the page's own form connects her
    assert forged.status == 403 and real.status == 200, (forged.status, real.body)
    assert len(stack.emails_to("grace@example.com", kind="Thanks for connecting")) == 1


# -- 1. ... and when the address changes -------------------------------------------------------

def _link_in(email: dict) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", email["text"]).group(1)


def test_changing_the_email_waits_for_the_new_address_then_ends_every_old_session_and_link(stack):
    # Given Ada signed in on two devices, with an unused sign-in link in her old mailbox
    key = stack.company("acme")
    phone = stack.connect_and_confirm()
    laptop = another_session(stack)
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    old_mailbox_link = _link_in(stack.emails_to("ada@example.com", kind="sign-in")[-1])

    # When she asks for a new address on her phone
    asked = stack.request("PATCH", "/me", {"email": "Ada.Lovelace@Example.org"}, token=phone)
    stack.drain()

    # Then nothing changes yet: her address, and both sessions, work as before
    assert asked.status == 200 and asked.body["email_change"] == {"to": "ada.lovelace@example.org", "status": "confirmation_sent"}
    assert asked.body["profile"]["email"] == "ada@example.com"
    assert stack.request("GET", "/me", token=laptop).status == 200
    [confirmation] = stack.emails_to("ada.lovelace@example.org")
    assert "Confirm your new email address" in confirmation["subject"]

    # When the new address's owner follows the link
    opened = stack.request("POST", "/auth/session", {"token": _link_in(confirmation)})

    # Then the profile moves there, the old sessions and the old mailbox's link open nothing,
    # and the browser that confirmed has a fresh session
    assert opened.status == 200
    assert stack.request("GET", "/me", token=opened.body["access_token"]).body["profile"]["email"] == "ada.lovelace@example.org"
    assert stack.request("GET", "/me", token=phone).status == 401
    assert stack.request("GET", "/me", token=laptop).status == 401
    assert stack.request("POST", "/auth/session", {"token": old_mailbox_link}).status == 401
    # and the recruiters, and a sign-in, find her by the new address only
    [row] = stack.request("GET", "/admin/candidates?q=lovelace@example.org", token=key).body["candidates"]
    assert row["email"] == "ada.lovelace@example.org"
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    assert len(stack.emails_to("ada@example.com", kind="sign-in")) == 2  # none more to the old address


def test_an_address_already_connected_is_not_taken_over(stack):
    # Given Ada and Bob, both connected
    stack.company("acme")
    ada = stack.connect_and_confirm()
    stack.connect_and_confirm(email="bob@example.com", first_name="Bob")

    # When Ada asks for Bob's address and the link is followed
    stack.request("PATCH", "/me", {"email": "bob@example.com"}, token=ada)
    stack.drain()
    [confirmation] = [e for e in stack.emails_to("bob@example.com") if "new email" in e["subject"]]
    opened = stack.request("POST", "/auth/session", {"token": _link_in(confirmation)})

    # Then it is refused, both keep their addresses, and Ada's session still works
    assert opened.status == 409 and opened.body["error"]["field"] == "email"
    assert stack.request("GET", "/me", token=ada).body["profile"]["email"] == "ada@example.com"


def test_the_dashboard_page_changes_the_email_through_the_same_use_case(stack):
    # Given Ada signed in on the dashboard page
    stack.company("acme")
    stack.connect()
    stack.drain()
    cookie = stack.signed_in_cookie("acme", stack.confirm_token("ada@example.com"))
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert 'type="email" name="email"' in page.body

    # When she types a new address in the profile form
    saved = stack.request("POST", "/companies/acme/dashboard/profile", raw=urlencode(
        {"csrf": _csrf(page.body), "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.net"}).encode(),
        headers={**FORM, "Cookie": cookie})
    stack.drain()

    # Then the page says where the link went, and the link moves her profile there
    assert saved.status == 303 and saved.headers["location"] == "../dashboard?done=email"
    notice = stack.request("GET", "/companies/acme/dashboard?done=email", headers={**HTML, "Cookie": cookie})
    assert "We sent a link to your new address" in notice.body
    [confirmation] = stack.emails_to("ada@example.net")
    new_cookie = stack.signed_in_cookie("acme", _link_in(confirmation))
    assert "ada@example.net" in stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": new_cookie}).body
    assert stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie}).status == 401


def test_a_look_alike_address_from_a_provider_signs_into_nobody_elses_profile(stack, idp):
    # Given Kim, connected and confirmed
    stack.connect_and_confirm(email="kim@example.com", first_name="Kim")
    # and a provider account whose verified address only lower-cases to hers (the Kelvin sign)
    idp.user = {**idp.user, "sub": "attacker", "email": "\u212aim@example.com", "email_verified": True}

    # When that account signs in
    start = stack.request("GET", "/companies/acme/sign-in/linkedin", headers=HTML)
    done = stack.request("GET", _callback(stack, start), headers={**HTML, "Cookie": cookie_pairs(start.headers, "cc_oidc")})

    # Then it is refused: the address is checked as a typed one would be, before any comparison
    assert done.status == 401 and "cc_session" not in str(done.headers.get("set-cookie", ""))


def test_after_an_email_change_the_old_mailboxs_unsubscribe_and_erase_links_do_nothing(stack):
    # Given Ada, with a job tip (its unsubscribe link) in her old mailbox, and an erase link as
    # tips carried before they pointed to the dashboard
    from urllib.parse import parse_qs, urlparse

    from chalicelib.candidates.links import erase_link

    key = stack.company("acme")
    access = stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    [tip] = stack.job_tips_to("ada@example.com")
    unsubscribe = re.search(r"/unsubscribe\?token=([^\s\"&]+)", tip["text"]).group(1)
    candidate_id = stack.request("GET", "/me", token=access).body["profile"]["candidate_id"]
    erase = parse_qs(urlparse(erase_link("acme", candidate_id, "ada@example.com")).query)["token"][0]

    # When she moves to a new address, and the old mailbox's links are followed
    stack.request("PATCH", "/me", {"email": "ada@example.org"}, token=access)
    stack.drain()
    [confirmation] = stack.emails_to("ada@example.org")
    new_access = stack.request("POST", "/auth/session", {"token": _link_in(confirmation)}).body["access_token"]
    stopped = stack.request("POST", f"/unsubscribe?token={unsubscribe}", raw=b"List-Unsubscribe=One-Click",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    erased = stack.request("POST", f"/erase?token={erase}", raw=b"", headers={"Content-Type": "application/x-www-form-urlencoded"})

    # Then neither acts: her profile is there, with job tips on
    assert stopped.status == 401 and erased.status == 401, (stopped.status, erased.status)
    me = stack.request("GET", "/me", token=new_access)
    assert me.status == 200 and me.body["subscription"]["unsubscribed_at"] is None
    # and a job tip to the new address carries links that work
    stack.publish(external_id="job-2", title="Designer")
    stack.drain()
    [new_tip] = stack.job_tips_to("ada@example.org")
    fresh = re.search(r"/unsubscribe\?token=([^\s\"&]+)", new_tip["text"]).group(1)
    assert stack.request("POST", f"/unsubscribe?token={fresh}", raw=b"List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded"}).status == 200
    assert key


def test_applications_made_with_a_former_address_are_still_exported_and_erased(stack):
    # Given Grace, confirmed, and an application someone made with her address (waiting for her)
    stack.company("acme")
    access = stack.connect_and_confirm(email="grace@example.com", first_name="Grace")
    stack.publish()
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                            {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"})
    assert applied.status == 201, applied.body
    stack.drain()

    # When she changes her address, then exports and erases
    stack.request("PATCH", "/me", {"email": "g2@example.com"}, token=access)
    stack.drain()
    [confirmation] = stack.emails_to("g2@example.com")
    access = stack.request("POST", "/auth/session", {"token": _link_in(confirmation)}).body["access_token"]
    export = stack.request("GET", "/me/export", token=access).body
    assert stack.request("DELETE", "/me", token=access).status == 204

    # Then the export held that application and her former address, and nothing names her after
    assert [a["id"] for a in export["applications"]] == [applied.body["application_id"]]
    assert export["candidate"]["former_emails"] == ["grace@example.com"]
    leftovers = str(stack.records())
    assert "grace@example.com" not in leftovers and "g2@example.com" not in leftovers and "Hopper" not in leftovers


def test_the_continue_page_says_which_address_the_link_signs_in_as(stack):
    stack.company("acme")
    stack.connect(email="eve@example.com", first_name="Eve")
    stack.drain()

    page = stack.request("GET", f"/companies/acme/dashboard?token={stack.confirm_token('eve@example.com')}", headers=HTML)
    nonsense = stack.request("GET", "/companies/acme/dashboard?token=not-a-token", headers=HTML)

    assert "This link signs in as eve@example.com" in page.body
    assert "signs in as" not in nonsense.body
