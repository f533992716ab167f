"""The hiring team's console, the community and the candidate profile (issue 16, part 1):
the community newest first with filters on what people want now and the count, segments shared
with the team, LinkedIn's icon and snippet, a profile of shared answers with its history, and
who may see what (the use cases check the role, whichever face asks)."""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

import pytest

from tests.support import ROOT, free_port
from tests.test_console_team import FORM, HTML, join

LINKEDIN_CONTRACT = {"recruiter_contract": True}
# The LinkedIn tests' company asks every candidate for a portfolio link.
PORTFOLIO = [{"question_id": "portfolio", "value": "https://portfolio.example"}]


def page(stack, path: str, cookie: str):
    return stack.request("GET", path, headers={**HTML, "Cookie": cookie})


def post(stack, path: str, cookie: str, fields: dict):
    screen = page(stack, "/console/acme/community", cookie)
    csrf = re.search(r'name="csrf" value="([^"]+)"', screen.body).group(1)
    return stack.request("POST", path, raw=urlencode({"csrf": csrf, **fields}).encode(), headers={**FORM, "Cookie": cookie})


def names_in(body: str) -> list[str]:
    """The people listed on a community page, in order (their email lines)."""
    return [html.unescape(m) for m in re.findall(r'<div class="person-email">([^<]*)</div>', body)]


def candidates(stack, key, **params) -> dict:
    response = stack.request("GET", "/admin/candidates" + (f"?{urlencode(params)}" if params else ""), token=key)
    assert response.status == 200, response.body
    return response.body


def change_tips(stack, token: str, **subscription) -> None:
    body = {"departments": [], "roles": [], "locations": [], "work_modes": [], "frequency": "instant", **subscription}
    response = stack.request("PUT", "/me/subscription", body, token=token)
    assert response.status == 200, response.body


def consent_months(stack, key, months: int) -> None:
    settings = stack.request("GET", "/admin/settings", token=key).body["settings"]
    response = stack.request("PUT", "/admin/settings", {**settings, "consent_months": months}, token=key)
    assert response.status == 200, response.body


# -- who may see the community -----------------------------------------------------------------

def test_admins_recruiters_and_keys_see_the_community_and_hiring_members_are_refused_by_the_use_case(stack):
    # Given Acme with Ada in its community, and a member of each role
    key = stack.company("acme")
    stack.connect(email="ada@example.com")
    admin = join(stack, key, "alan@example.com", "admin", "Alan Turing")
    recruiter = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    hiring = join(stack, key, "hedy@example.com", "hiring", "Hedy Lamarr")
    ada_id = candidates(stack, key)["candidates"][0]["id"]

    # Then admins, recruiters and the API key see her list and profile
    for cookie in (admin, recruiter):
        assert names_in(page(stack, "/console/acme/community", cookie).body) == ["ada@example.com"]
        assert page(stack, f"/console/acme/candidates/{ada_id}", cookie).status == 200
    assert stack.request("GET", f"/admin/candidates/{ada_id}", token=key).status == 200
    # And a hiring member gets "not allowed" from the use case on every face: the screens, and
    # no link to the community in the navigation
    for path in ("/console/acme/community", f"/console/acme/candidates/{ada_id}"):
        refused = page(stack, path, hiring)
        assert refused.status == 403 and "ada@example.com" not in refused.body
    assert 'href="community"' not in page(stack, "/console/acme/home", hiring).body
    assert post_as(stack, "/console/acme/segments", hiring).status == 403


def test_another_companys_member_gets_nothing_of_ours(stack):
    # Given Acme's candidate and a recruiter of Beta
    key = stack.company("acme")
    beta = stack.company("beta")
    stack.connect(email="ada@example.com")
    ada_id = candidates(stack, key)["candidates"][0]["id"]
    beta_recruiter = join(stack, beta, "eve@example.com", "recruiter", "Eve", company="beta")

    # Then Beta's screens list nobody, Beta's session opens no Acme screen, and Ada's profile is
    # not found under Beta
    assert names_in(page(stack, "/console/beta/community", beta_recruiter).body) == []
    assert page(stack, "/console/acme/community", beta_recruiter).status == 303
    assert page(stack, f"/console/beta/candidates/{ada_id}", beta_recruiter).status == 404
    assert stack.request("GET", f"/admin/candidates/{ada_id}", token=beta).status == 404
    assert stack.request("GET", f"/admin/candidates/{ada_id}/history", token=beta).status == 404


# -- the list: newest first, filters on what people want now, the count, pages ---------------

def test_the_community_is_newest_first_in_pages_with_the_count_of_everyone(stack):
    # Given five people who joined one after the other
    key = stack.company("acme")
    for n in range(5):
        stack.connect(email=f"p{n}@example.com", first_name="Pat" + "abcde"[n])
    recruiter = join(stack, key, "grace@example.com", "recruiter")

    # When a recruiter opens the community and follows "Next page" (pages of 2 through the API)
    first = candidates(stack, key, limit=2)
    second = candidates(stack, key, limit=2, cursor=first["next_cursor"])
    third = candidates(stack, key, limit=2, cursor=second["next_cursor"])

    # Then the newest come first, every page counts everyone, and the last page ends the list
    assert [c["email"] for c in first["candidates"] + second["candidates"] + third["candidates"]] == [
        "p4@example.com", "p3@example.com", "p2@example.com", "p1@example.com", "p0@example.com"]
    assert first["count"] == second["count"] == third["count"] == 5 and third["next_cursor"] is None
    screen = page(stack, "/console/acme/community", recruiter).body
    assert names_in(screen)[0] == "p4@example.com" and "5 people match" in screen


def test_the_screen_pages_with_next_page_and_keeps_the_filter(stack):
    # Given 27 people in Sales and one in Product (a screen shows 25)
    key = stack.company("acme")
    for n in range(27):
        stack.connect(email=f"s{n:02}@example.com", departments=["sales"], client_ip=f"198.51.100.{n + 1}")
    stack.connect(email="p@example.com", departments=["product"])
    recruiter = join(stack, key, "grace@example.com", "recruiter")

    # When the recruiter filters on Sales and follows "Next page"
    first = page(stack, "/console/acme/community?department=sales", recruiter).body
    link = html.unescape(re.search(r'<a class="button secondary" href="([^"]+)">Next page</a>', first).group(1))
    second = page(stack, f"/console/acme/{link}", recruiter).body

    # Then the two pages hold the 27, newest first, and both count 27
    assert names_in(first) == [f"s{n:02}@example.com" for n in range(26, 1, -1)]
    assert names_in(second) == ["s01@example.com", "s00@example.com"]
    assert "27 people match" in first and "27 people match" in second and "Next page" not in second
    # And a cursor used with another filter is refused, naming it
    other = stack.request("GET", f"/admin/candidates?department=product&cursor={quote(link.split('cursor=')[1])}", token=key)
    assert other.status == 400 and other.body["error"]["field"] == "cursor"


def test_a_department_filter_finds_someone_who_changed_their_subscription(stack):
    # Given Ada, connected with Product, who now takes job tips for Sales in London, remote
    key = stack.company("acme")
    token = stack.connect_and_confirm(email="ada@example.com", departments=["product"])
    change_tips(stack, token, departments=["sales"], roles=["account-executive"], locations=["london"], work_modes=["remote"])
    stack.connect(email="bob@example.com", first_name="Bob", departments=["product"])
    recruiter = join(stack, key, "grace@example.com", "recruiter")

    # Then the filters on what she wants now find her, through the API and on the screen
    assert [c["email"] for c in candidates(stack, key, department="sales")["candidates"]] == ["ada@example.com"]
    assert [c["email"] for c in candidates(stack, key, role="account-executive")["candidates"]] == ["ada@example.com"]
    assert [c["email"] for c in candidates(stack, key, location="london")["candidates"]] == ["ada@example.com"]
    assert [c["email"] for c in candidates(stack, key, work_mode="remote")["candidates"]] == ["ada@example.com"]
    assert names_in(page(stack, "/console/acme/community?department=sales", recruiter).body) == ["ada@example.com"]
    # And what she connected with still finds her, beside Bob
    assert {c["email"] for c in candidates(stack, key, department="product")["candidates"]} == {"ada@example.com", "bob@example.com"}


def test_filters_on_source_linkedin_confirmed_and_consent_expiring_and_the_count(stack, linkedin):
    from tests.test_linkedin_apply_connect import deliver, live_job

    # Given consent that lasts a month at Acme: Ada confirmed, Bob not; then consent of a year,
    # and Cy connected; and Grace applying on LinkedIn without connecting
    key = live_job(stack, linkedin)
    consent_months(stack, key, 1)
    stack.connect_and_confirm(email="ada@example.com", client_ip="192.0.2.11", answers=PORTFOLIO)
    stack.connect(email="bob@example.com", first_name="Bob", client_ip="192.0.2.12", answers=PORTFOLIO)
    consent_months(stack, key, 12)
    stack.connect(email="cy@example.com", first_name="Cy", client_ip="192.0.2.13", answers=PORTFOLIO)
    assert deliver(stack, linkedin, linkedin.application(resume=None)).status == 200
    stack.drain()

    def emails(**params):
        body = candidates(stack, key, **params)
        assert body["count"] == len(body["candidates"])
        return {c["email"] for c in body["candidates"]}

    # Then each filter finds exactly its people, and the count says how many
    assert emails() == {"ada@example.com", "bob@example.com", "cy@example.com", "grace@example.com"}
    assert emails(confirmed="true") == {"ada@example.com"}
    assert emails(consent_expiring="true") == {"ada@example.com", "bob@example.com"}
    assert emails(linkedin="true") == {"grace@example.com"}
    assert emails(source="email") == {"ada@example.com", "bob@example.com", "cy@example.com"}
    assert emails(source="applied") == {"grace@example.com"}
    assert emails(q="BOB") == {"bob@example.com"}
    assert emails(consent_expiring="true", q="ada") == {"ada@example.com"}
    # And a value that cannot be a filter is a 400 naming it
    for name, value in (("source", "carrier-pigeon"), ("confirmed", "maybe"), ("work_mode", "moon")):
        refused = stack.request("GET", f"/admin/candidates?{name}={value}", token=key)
        assert refused.status == 400 and refused.body["error"]["field"] == name


# -- segments ------------------------------------------------------------------------------------

def test_a_recruiter_saves_a_filter_as_a_segment_the_team_shares_opens_and_deletes(stack):
    # Given Ada in Sales and Bob in Product, and two recruiters
    key = stack.company("acme")
    stack.connect(email="ada@example.com", departments=["sales"])
    stack.connect(email="bob@example.com", first_name="Bob", departments=["product"])
    grace = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    alan = join(stack, key, "alan@example.com", "recruiter", "Alan Turing")

    # When Grace saves the Sales filter as "Sales people"
    saved = post(stack, "/console/acme/segments", grace, {"name": "Sales people", "department": "sales"})
    assert saved.status == 303
    opened = page(stack, f"/console/acme/{saved.headers['location']}", grace).body

    # Then it opens with its filter applied, and Alan sees it too (and through the API)
    assert "Segment saved" in opened and names_in(opened) == ["ada@example.com"]
    [segment] = stack.request("GET", "/admin/segments", token=key).body["segments"]
    assert segment["name"] == "Sales people" and segment["filters"] == {"department": "sales"}
    assert segment["created_by"] == "Grace Hopper"
    listed = page(stack, "/console/acme/community", alan).body
    assert f'href="community?segment={segment["id"]}"' in listed
    assert names_in(page(stack, f"/console/acme/community?segment={segment['id']}", alan).body) == ["ada@example.com"]

    # When a segment without a name is saved, nothing is saved and the field says why
    nameless = post(stack, "/console/acme/segments", grace, {"name": " ", "department": "product"})
    assert nameless.status == 400 and 'aria-invalid="true"' in nameless.body and "give the segment a name" in nameless.body
    assert len(stack.request("GET", "/admin/segments", token=key).body["segments"]) == 1

    # When Alan deletes it
    deleted = post(stack, f"/console/acme/segments/{segment['id']}/delete", alan, {})
    assert deleted.status == 303
    assert stack.request("GET", "/admin/segments", token=key).body["segments"] == []
    assert page(stack, f"/console/acme/community?segment={segment['id']}", alan).status == 404


def test_segments_through_the_api_check_their_filters_and_roles(stack):
    key = stack.company("acme")
    hiring = join(stack, key, "hedy@example.com", "hiring", "Hedy Lamarr")
    # A key saves and deletes a segment; a filter that cannot be one is a 400 naming it
    created = stack.request("POST", "/admin/segments", {"name": "Remote", "filters": {"work_mode": "remote", "confirmed": True}}, token=key)
    assert created.status == 201 and created.body["filters"] == {"work_mode": "remote", "confirmed": "true"}
    bad = stack.request("POST", "/admin/segments", {"name": "X", "filters": {"colour": "red"}}, token=key)
    assert bad.status == 400 and bad.body["error"]["field"].startswith("filters")
    twice = stack.request("POST", "/admin/segments", {"name": "remote"}, token=key)
    assert twice.status == 400 and twice.body["error"]["field"] == "name"
    assert len(stack.request("GET", "/admin/segments", token=key).body["segments"]) == 1
    # A hiring member cannot delete it from the console
    refused = post_as(stack, f"/console/acme/segments/{created.body['id']}/delete", hiring)
    assert refused.status == 403
    assert stack.request("DELETE", f"/admin/segments/{created.body['id']}", token=key).status == 200
    assert stack.request("DELETE", f"/admin/segments/{created.body['id']}", token=key).status == 404


def post_as(stack, path: str, cookie: str):
    """A console form post from a member whose screens do not show this form (csrf from home)."""
    home = page(stack, "/console/acme/home", cookie)
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.body).group(1)
    return stack.request("POST", path, raw=f"csrf={csrf}".encode(), headers={**FORM, "Cookie": cookie})


# -- LinkedIn applicants in the list -------------------------------------------------------------

@pytest.mark.parametrize("contract, highlighted", [({}, False), (LINKEDIN_CONTRACT, True)])
def test_a_linkedin_applicant_carries_the_icon_and_an_accessible_snippet(stack, linkedin, contract, highlighted):
    from tests.test_linkedin_apply_connect import deliver, live_job

    # Given Grace applied on LinkedIn (with or without the Apply Package), and Ada connected
    key = live_job(stack, linkedin, **contract)
    stack.connect(email="ada@example.com", client_ip="192.0.2.14", answers=PORTFOLIO)
    assert deliver(stack, linkedin, linkedin.application(resume=None)).status == 200
    stack.drain()
    recruiter = join(stack, key, "grace.r@example.com", "recruiter")

    # When a recruiter opens the community
    body = page(stack, "/console/acme/community", recruiter).body

    # Then Grace's row has LinkedIn's icon as a disclosure (details/summary: keyboard and click,
    # no script) naming what it opens, and the snippet holds her name, the job and when
    [badge] = re.findall(r'<details class="li-badge".*?</details>', body, re.S)
    assert '<summary class="li-summary">' in badge and "<svg" in badge and 'aria-hidden="true"' in badge
    assert "LinkedIn applicant: what LinkedIn delivered about Grace Hopper" in badge
    assert "<dd>Grace Hopper</dd>" in badge and "<dd>Front End Developer</dd>" in badge
    assert re.search(r"<dt>When</dt><dd>\d{1,2} [A-Z][a-z]{2} \d\d:\d\d</dd>", badge)
    # And the slot for LinkedIn's applicant highlights is marked with the Apply Package only
    assert ('class="li-highlights active"' in badge) is highlighted
    # And Grace is marked as never connected (no profile link); Ada's row has no icon; no script anywhere
    grace_row = body[body.index('<span class="person-name">Grace Hopper</span>'):][:3000]
    assert "Applied, not connected" in grace_row.split('<li class="person">')[0]
    assert body.count('class="li-badge"') == 1 and "<script" not in body


# -- the profile ---------------------------------------------------------------------------------

def test_the_profile_shows_shared_answers_only_subscription_names_consent_and_is_audited(stack):
    # Given Ada, who shared her visa answer and not her LinkedIn profile, and now takes Sales tips
    key = stack.company("acme")
    token = stack.connect_and_confirm(email="ada@example.com", departments=["product"], roles=["front-end-developer"], location="berlin",
                                      answers=[{"question_id": "visa", "value": True, "shared": True},
                                               {"question_id": "linkedin", "value": "https://linkedin.com/in/secret", "shared": False}])
    change_tips(stack, token, departments=["sales"], locations=["london"])
    ada_id = candidates(stack, key)["candidates"][0]["id"]
    recruiter = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")

    # When Grace opens her profile
    profile = page(stack, f"/console/acme/candidates/{ada_id}", recruiter)

    # Then it shows the shared answer with its question, never the unshared one
    assert profile.status == 200
    assert "Do you need a visa sponsorship to work with us?" in profile.body and "secret" not in profile.body
    assert "Your LinkedIn profile" not in profile.body
    # And her connection and subscription by name, and her consent
    for name in ("Product Development", "Front End Developer", "Berlin", "Sales", "London"):
        assert name in profile.body
    assert "sales" not in re.sub(r"<[^>]+>", "", profile.body).split()
    assert "Version" in profile.body and "Not until they withdraw it" in profile.body
    # And the view is in the audit with Grace's name, shown in the profile's history
    [line] = stack.request("GET", f"/admin/candidates/{ada_id}/history", token=key).body["history"]
    assert (line["action"], line["by"]["name"], line["by"]["kind"]) == ("profile_viewed", "Grace Hopper", "member")
    again = page(stack, f"/console/acme/candidates/{ada_id}", recruiter).body
    assert re.search(r"Profile viewed by Grace Hopper, \d{1,2} [A-Z][a-z]{2} \d\d:\d\d", again)
    # And a key reading it through the API is named in the audit by its label
    stack.request("GET", f"/admin/candidates/{ada_id}", token=key)
    history = stack.request("GET", f"/admin/candidates/{ada_id}/history", token=key).body["history"]
    assert history[0]["by"]["kind"] == "api_key" and len(history) == 3


def test_the_profile_lists_applications_with_history_and_resume_links_and_is_the_linkedin_viewed_event(stack, linkedin):
    from tests.test_linkedin_apply_connect import deliver, live_job

    # Given Ada, connected, whose LinkedIn application joined her
    key = live_job(stack, linkedin, **LINKEDIN_CONTRACT)
    stack.connect_and_confirm(email="ada@example.com", client_ip="192.0.2.15", answers=PORTFOLIO)
    deliver(stack, linkedin, linkedin.application(first_name="Ada", last_name="Lovelace", email="ada@example.com"))
    stack.drain()
    [ask] = stack.emails_to("ada@example.com", kind="Is this application")
    assert stack.request("POST", "/auth/session", {"token": re.search(r"token=([A-Za-z0-9_-]+)", ask["text"]).group(1)}).status == 200
    ada_id = candidates(stack, key, q="ada@example.com")["candidates"][0]["id"]
    recruiter = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")

    # When Grace opens Ada's profile
    body = page(stack, f"/console/acme/candidates/{ada_id}", recruiter).body

    # Then her application is there with its history and the resume link the applications screen serves
    [application] = stack.request("GET", "/admin/applications", token=key).body["applications"]
    assert f'href="../applications/{application["id"]}/resume"' in body
    assert re.search(r"Applied, \d{1,2} [A-Z][a-z]{2} \d\d:\d\d", body)
    assert 'class="li-highlights active"' in body
    # And opening the profile was the application's "viewed" event (pushed to LinkedIn as before)
    events = stack.request("GET", f"/admin/applications/{application['id']}", token=key).body["events"]
    assert [e["type"] for e in events].count("viewed") == 1


def test_the_profile_in_swedish(stack):
    key = stack.company("acme")
    stack.connect(email="ada@example.com")
    ada_id = candidates(stack, key)["candidates"][0]["id"]
    recruiter = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    body = page(stack, f"/console/acme/candidates/{ada_id}?lang=sv", recruiter).body
    assert "Samtycke" in body and "Ansökningar" in body
    listing = page(stack, "/console/acme/community?lang=sv", recruiter).body
    assert "1 person matchar" in listing and "Spara segment" in listing


def test_every_console_community_text_has_a_swedish_translation():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from chalicelib.i18n import LOCALES

    with (LOCALES / "sv" / "LC_MESSAGES" / "console_community.po").open("rb") as source:
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id and m.string}
    folder = ROOT / "chalicelib" / "console" / "templates"
    extracted = {
        (message[0] if isinstance(message, tuple) else message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(folder), method_map=[("community_*.html", "jinja2")], options_map={"community_*.html": {"extensions": "jinja2.ext.i18n"}})
    }
    from chalicelib.console import community_routes as texts

    extracted |= {*texts.LINES.values(), *texts.ANONYMOUS_LINES.values(), *texts.STATUS_NAMES.values(), *texts.SOURCE_NAMES.values(),
                  *texts.WORK_MODE_NAMES.values(), *texts.MONTHS}
    assert extracted and extracted - translated == set()


# -- in a browser ----------------------------------------------------------------------------------

@pytest.fixture
def console_browser(stack, linkedin):
    """Acme with LinkedIn's Apply Package served on loopback as `make run` serves it, and Debian's
    Chromium (as tests/test_browser.py drives it)."""
    import threading

    from chalice.cli.factory import CLIFactory

    import app as app_module
    from infrastructure.local_gateway import local_server
    from tests.test_linkedin_apply_connect import live_job

    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.test_browser import ARGS, CHROMIUM

    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    key = live_job(stack, linkedin, **LINKEDIN_CONTRACT)
    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
    port = free_port()
    server = local_server(app_module.app, config, "127.0.0.1", port)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    (ROOT / "build" / "screenshots" / "console").mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield key, f"http://127.0.0.1:{port}", browser
        browser.close()
    server.server.shutdown()
    server.server.server_close()


def test_a_recruiter_finds_filters_saves_a_segment_and_opens_a_profile_in_a_browser(stack, linkedin, console_browser):
    from tests.test_browser import check_page
    from tests.test_console_team import invite, link_in
    from tests.test_linkedin_apply_connect import deliver

    key, base, browser = console_browser
    # Given Acme's community: Ada (Sales, her visa answer shared), Bob (Product), and Grace, who
    # applied on LinkedIn only
    stack.connect_and_confirm(email="ada@example.com", departments=["sales"], client_ip="192.0.2.21",
                              answers=[*PORTFOLIO, {"question_id": "visa", "value": False, "shared": True}])
    stack.connect(email="bob@example.com", first_name="Bob", last_name="Babbage", departments=["product"], client_ip="192.0.2.22",
                  answers=PORTFOLIO)
    assert deliver(stack, linkedin, linkedin.application(resume=None)).status == 200
    stack.drain()
    # And Margaret, invited as a recruiter
    invite(stack, key, "margaret@example.com", "recruiter", "Margaret Hamilton")
    token = link_in(stack.emails_to("margaret@example.com")[-1], "/invitation")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # When she follows her invitation and opens the community from the navigation
    page.goto(f"{base}/console/acme/invitation?token={quote(token)}")
    page.get_by_role("button", name="Accept and sign in").click()
    page.get_by_role("link", name="Community").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Community"
    assert page.get_by_role("status").first.inner_text() == "3 people match"
    check_page(page, "console/community")

    # Then Grace's LinkedIn icon opens the snippet on hover and on keyboard focus (no script)
    snippet = page.locator(".li-snippet")
    assert not snippet.is_visible()
    page.locator(".li-summary").hover()
    assert snippet.is_visible() and "Front End Developer" in snippet.inner_text()
    page.mouse.move(0, 0)
    page.locator(".li-summary").focus()
    assert snippet.is_visible()
    page.keyboard.press("Enter")  # and it stays open for a keyboard or touch user
    page.mouse.move(0, 0)
    page.get_by_label("Name or email").focus()
    assert snippet.is_visible()
    check_page(page, "console/community-linkedin-snippet")

    # When she filters on Sales and saves the filter as a segment
    page.get_by_label("Department they want").select_option(label="Sales")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("status").first.inner_text() == "1 person matches"
    page.get_by_label("Save this filter as a segment named").fill("Sales people")
    page.get_by_role("button", name="Save segment").click()

    # Then the segment is open, shared, and lists Ada
    assert page.get_by_role("heading", level=1).inner_text() == "Community: Sales people"
    assert page.get_by_role("link", name="Sales people").is_visible()
    check_page(page, "console/community-segment")

    # When she opens Ada's profile
    page.get_by_role("link", name="Ada Lovelace").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Lovelace"
    assert page.get_by_text("Do you need a visa?").is_visible()
    assert page.get_by_text(re.compile(r"Profile viewed by Margaret Hamilton, \d{1,2} [A-Z][a-z]{2} \d\d:\d\d")).is_visible()
    check_page(page, "console/profile")
    assert errors == []
