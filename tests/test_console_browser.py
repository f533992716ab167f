"""The console's foundation in a real browser (issue 16): an invited admin joins, invites a
colleague (a mistake first), signs out and back in by an emailed link; every screen passes axe at
360 px and 1280 px, in English and Swedish, and is saved under build/screenshots/console/."""
from __future__ import annotations

from playwright.sync_api import expect

import re

from tests.support import ROOT
from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture

SHOTS = ROOT / "build" / "screenshots" / "console"


def console_link(text: str, base: str) -> str:
    url = re.search(r"https?://\S+/console/\S+token=[^\s\"<]+", text).group(0)
    return base + url[url.index("/console/"):]


def test_an_invited_admin_joins_invites_a_colleague_and_signs_back_in(stack, site):  # noqa: F811
    from chalicelib.team.service import first_admin

    base, browser = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    # Given the operator's first-admin invitation for Acme
    _, link = first_admin("acme", "ada@example.com", "")
    # When Ada opens it, gives her name and accepts
    page.goto(base + link[link.index("/console/"):])
    check_page(page, "console/invitation")
    page.get_by_label("Your name, as your team will see it").fill("Ada Lovelace")
    page.get_by_role("button", name="Accept and sign in").click()
    # Then she is on the home screen, signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.get_by_text("Ada Lovelace").first).to_be_visible()
    check_page(page, "console/home")

    # When she invites a colleague with a mistyped address
    page.get_by_role("link", name="Team", exact=True).click()
    check_page(page, "console/team")
    page.get_by_label("Email", exact=True).fill("grace@")
    page.get_by_label("Name", exact=True).fill("Grace Hopper")
    page.get_by_label("Role", exact=True).select_option("recruiter")
    page.get_by_role("button", name="Send invitation").click()
    # Then the problem is named beside the field, what she typed kept
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Name", exact=True).input_value() == "Grace Hopper"
    check_page(page, "console/team-error")
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_have_text("Invitation sent to grace@example.com.")
    expect(page.get_by_role("cell", name="grace@example.com", exact=True)).to_be_visible()
    # When she signs out, asks for a sign-in link and follows it
    page.get_by_role("button", name="Sign out").click()
    check_page(page, "console/sign-in")
    page.get_by_label("Your work email").fill("ada@example.com")
    page.get_by_role("button", name="Email me a sign-in link").click()
    assert "sign-in link is on its way" in page.get_by_role("status").inner_text()
    stack.drain()
    email = stack.emails_to("ada@example.com", kind="sign-in link")[-1]
    page.goto(console_link(email["text"], base))
    check_page(page, "console/sign-in-link")
    page.get_by_role("button", name="Continue").click()
    # Then she is back home
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    # And the console speaks Swedish when she switches
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    check_page(page, "console/home-sv")
    page.get_by_role("link", name="Mina aviseringar").click()
    check_page(page, "console/notifications-sv")
    page.get_by_label("Mejla mig en sammanfattning per dag").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Sparat.")