"""Issue 17's recruiter journey in a real browser: a recruiter opens Settings -> Templates ->
Messages, edits the Swedish rejection (a mistake first, refused with its line), previews it,
sends herself a test and saves it; every screen passes axe at 360 px and 1280 px and is saved
under build/screenshots/console/. The LinkedIn and API key screens are checked the same way."""
from __future__ import annotations

from playwright.sync_api import expect

from playwright import sync_api as playwright_api

import re

from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture
from tests.test_console_browser import SHOTS, console_link


def _join(stack, base, page, email: str, role: str, name: str) -> None:
    key = stack._keys["acme"]
    assert stack.request("POST", "/admin/members", {"email": email, "role": role, "name": name}, token=key).status == 201
    stack.drain()
    page.goto(console_link(stack.emails_to(email)[-1]["text"], base))
    page.get_by_role("button", name="Accept and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
def test_a_recruiter_edits_a_template_previews_it_and_sends_herself_a_test(stack, site):  # noqa: F811
    base, browser = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    # Given Grace, a recruiter of Acme, signed in
    _join(stack, base, page, "grace@example.com", "recruiter", "Grace Hopper")
    # When she opens Messages and the Swedish rejection
    page.get_by_role("link", name="Messages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    check_page(page, "console/messages")
    page.get_by_role("link", name=re.compile(r"^Default\s*: edit Rejection in Swedish$")).click()
    assert "Tack" in page.get_by_label("Text version").input_value()
    expect(page.get_by_text("{{ candidate.first_name }}").first).to_be_visible()
    check_page(page, "console/messages-edit")
    # And types a mistake on the second line
    page.get_by_label("Subject").fill("Om din ansökan till {{ job.title }}")
    page.get_by_label("Text version").fill("Hej {{ candidate.first_name }},\ntack för {{ job.title }\n")
    page.get_by_role("button", name="Preview").click()
    # Then it is refused beside the field, with the line and the reason
    assert "Line 2:" in page.get_by_role("alert").inner_text()
    check_page(page, "console/messages-edit-error")
    # When she corrects it and previews
    page.get_by_label("Text version").fill("Hej {{ candidate.first_name }},\ntack för din ansökan till {{ job.title }}.\n")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Om din ansökan till Account Executive")).to_be_visible()
    frame = page.frame_locator("iframe[title]")
    assert frame.locator("body").inner_text()
    check_page(page, "console/messages-preview")
    # And sends herself a test
    page.get_by_role("button", name="Send me a test").click()
    expect(page.get_by_role("status")).to_have_text("A test email went to grace@example.com.")
    test = stack.emails_to("grace@example.com", kind="[Test]")[-1]
    assert test["subject"] == "[Test] Om din ansökan till Account Executive"
    assert "tack för din ansökan till Account Executive." in test["text"]
    # And saves it, keyboard only
    page.get_by_label("Subject").fill("Om din ansökan till {{ job.title }}")
    page.get_by_label("Text version").fill("Hej {{ candidate.first_name }},\ntack för din ansökan till {{ job.title }}.\n")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    # (the key press starts a navigation: wait for the saved screen, not the one before it)
    playwright_api.expect(page.get_by_role("status")).to_have_text("Saved. Emails in Swedish now use this version.")
    expect(page.get_by_text("Emails in this language use your own version.")).to_be_visible()
    check_page(page, "console/messages-saved")
    # And the console speaks Swedish
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("button", name="Skicka ett test till mig")).to_be_visible()
    check_page(page, "console/messages-edit-sv")


def test_an_admin_sees_linkedin_and_api_keys_screens_that_pass_axe(stack, site):  # noqa: F811
    base, browser = site
    page = browser.new_page()
    _join(stack, base, page, "ada@example.com", "admin", "Ada Lovelace")
    page.get_by_role("link", name="Integrations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LinkedIn")
    check_page(page, "console/linkedin")
    page.get_by_role("button", name="Switch Apply Connect on").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "console/linkedin-error")
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Label").fill("Career site")
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Create the key").click()
    assert page.get_by_label("The key").input_value().startswith("cck.acme.")
    check_page(page, "console/api-keys-new")
    page.reload()
    assert page.get_by_label("The key").count() == 0
    check_page(page, "console/api-keys")
