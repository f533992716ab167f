"""The response promise in a real browser (issue 20.1): an admin sets the working week and the
targets, the home lists an application past its target the morning after, and a candidate
withdraws an application from the dashboard. No JavaScript needed; every screen passes axe at
360 px and 1280 px and is saved under build/screenshots/."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture
from tests.test_promise import ADA, clock, guard, morning  # noqa: F401 - the controlled clock


def test_an_admin_sets_the_promise_and_the_home_lists_what_is_late(stack, site, clock):  # noqa: F811
    from chalicelib.team.service import first_admin

    base, browser = site
    assert stack.publish("acme").status == 201
    page = browser.new_page()
    # Given Ada, the first admin, signed in from her invitation
    _, link = first_admin("acme", "ada.admin@example.com", "")
    page.goto(base + link[link.index("/console/"):])
    page.get_by_label("Your name, as your team will see it").fill("Ada Admin")
    page.get_by_role("button", name="Accept and sign in").click()
    # When she opens Settings → Response promise
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Response promise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Response promise")
    check_page(page, "console/settings-promise")
    # And makes the new applications' target 3 working days, turns the interview email on, saves
    page.get_by_label("Applied").fill("3")
    page.get_by_label("Tell the candidate when they reach the interview stage").check()
    page.get_by_role("button", name="Save response promise").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    assert page.get_by_label("Applied").input_value() == "3"
    # When Grace applies on Monday 7 December and the rule runs on Friday 11 (3 working days ended Thursday)
    grace = stack.request("POST", "/companies/acme/jobs/job-1/applications",
                          {**ADA, "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper"})
    assert grace.status == 201
    stack.drain()
    guard(stack, clock, morning(11))
    # Then her home lists Grace past the target
    page.get_by_role("link", name="Home").click()
    late = page.get_by_role("region", name="Past their target")
    expect(late).to_contain_text("Grace Hopper")
    expect(late).to_contain_text("1 working day past its 3-working-day target")
    check_page(page, "console/home-past-target")


def test_a_candidate_withdraws_an_application_from_the_dashboard(stack, site, clock):  # noqa: F811
    base, browser = site
    assert stack.publish("acme").status == 201
    token = stack.connect_and_confirm(departments=["product"])
    assert stack.request("POST", "/companies/acme/jobs/job-1/applications", ADA, token=token).status == 201
    stack.drain()
    stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"})
    stack.drain()
    link = re.search(r"https?://\S+token=\S+", stack.emails_to("ada@example.com")[-1]["text"]).group(0)
    page = browser.new_page()
    page.goto(base + link[link.index("/companies/"):])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    # When she opens "Withdraw this application" and confirms, by keyboard
    page.get_by_text("Withdraw this application").click()
    check_page(page, "dashboard-withdraw")
    page.get_by_role("button", name="Withdraw my application for Front End Developer").focus()
    page.keyboard.press("Enter")
    # Then the dashboard says it is withdrawn, and offers no withdrawal any more
    expect(page.get_by_role("status")).to_contain_text("Your application is withdrawn.")
    assert page.get_by_text("Withdraw this application").count() == 0
    check_page(page, "dashboard-withdrawn")
