"""The console's jobs in a real browser (issue 17.1): a recruiter creates a job from the form
(a mistake first: every problem beside its field), sees who will get a job tip, publishes, and
finds it in the list; axe finds nothing at 360 and 1280 px; screenshots in build/screenshots/console/."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture
from tests.test_console_browser import SHOTS, console_link


def test_a_recruiter_creates_a_job_sees_its_audience_and_publishes_it(stack, site):  # noqa: F811
    from chalicelib.team.service import first_admin

    base, browser = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Given two community members who asked for Product jobs, and Grace invited as a recruiter
    stack.connect_and_confirm(email="ada@example.com", departments=["product"])
    stack.connect_and_confirm(email="alan@example.com", departments=["product"])
    _, admin_link = first_admin("acme", "boss@example.com", "")
    page = browser.new_page()
    page.goto(base + admin_link[admin_link.index("/console/"):])
    page.get_by_role("button", name="Accept and sign in").click()
    page.get_by_role("link", name="Team", exact=True).click()
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Role", exact=True).select_option("recruiter")
    page.get_by_role("button", name="Send invitation").click()
    stack.drain()
    invitation = [e for e in stack.emails_to("grace@example.com") if "invited you" in e["subject"]][-1]
    grace = browser.new_page()
    grace.goto(console_link(invitation["text"], base))
    grace.get_by_label("Your name, as your team will see it").fill("Grace Hopper")
    grace.get_by_role("button", name="Accept and sign in").click()

    # When she opens Jobs and creates a job, first forgetting the title and the location
    grace.get_by_role("link", name="Jobs", exact=True).click()
    expect(grace.get_by_role("heading", level=1)).to_have_text("Jobs")
    check_page(grace, "console/jobs-empty")
    grace.get_by_role("link", name="Create a job").click()
    check_page(grace, "console/job-new")
    grace.get_by_label("Department").select_option("product")
    grace.get_by_label("Role", exact=True).select_option("front-end-developer")
    grace.get_by_label("On-site").check()
    grace.get_by_label("Description").fill("Build **the career site** with us.\n\n- React\n- Accessibility")
    grace.get_by_role("button", name="Save and publish…").click()
    # Then both problems are named, each beside its field, and what she chose is kept
    alert = grace.get_by_role("alert")
    assert "Enter the job's title" in alert.inner_text() and "Choose at least one location" in alert.inner_text()
    assert grace.get_by_label("Department").input_value() == "product"
    assert "the career site" in grace.get_by_label("Description").input_value()
    check_page(grace, "console/job-new-error")
    # When she corrects them, using the keyboard for the location
    grace.get_by_label("Title").fill("Front End Developer")
    grace.get_by_label("Stockholm").focus()
    grace.keyboard.press("Space")
    grace.get_by_role("button", name="Save and publish…").click()
    # Then she sees who will hear about it before anything is sent
    expect(grace.get_by_text("2 community members will get a job tip")).to_be_visible()
    expect(grace.locator("strong", has_text="the career site")).to_be_visible()
    check_page(grace, "console/job-publish")
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == []
    grace.get_by_role("button", name="Publish the job").click()
    # And publishing says so, lists the job as published, and the tips go out
    expect(grace.get_by_role("status")).to_have_text("Front End Developer is published.")
    expect(grace.get_by_role("cell", name="Published", exact=True)).to_be_visible()
    stack.drain()
    assert len(stack.job_tips_to("ada@example.com")) == 1 and len(stack.job_tips_to("alan@example.com")) == 1
    grace.reload()
    expect(grace.get_by_text("Sent to 2 community members")).to_be_visible()
    check_page(grace, "console/jobs")
    grace.get_by_role("link", name="Svenska").click()
    check_page(grace, "console/jobs-sv")


def test_two_recruiters_edit_the_same_job_and_the_later_save_names_who_saved_it_and_keeps_what_was_typed(stack, site):  # noqa: F811
    from tests.test_console_messages_browser import _join

    base, browser = site
    # Given a draft job, and Grace and Alan, recruiters of Acme, each with its form open in her or his own browser
    assert stack.publish(external_id="fe-1", version=None, status="draft").status == 201
    grace_context, alan_context = browser.new_context(), browser.new_context()
    grace, alan = grace_context.new_page(), alan_context.new_page()
    _join(stack, base, grace, "grace@example.com", "recruiter", "Grace Hopper")
    _join(stack, base, alan, "alan@example.com", "recruiter", "Alan Turing")
    for page in (grace, alan):
        page.goto(base + "/console/acme/jobs/fe-1")
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit Front End Developer")
    # When Grace saves a new title first
    grace.get_by_label("Title").fill("Front End Engineer")
    grace.get_by_role("button", name="Save changes").click()
    expect(grace.get_by_role("status")).to_have_text("Your changes to Front End Engineer are saved.")
    # And Alan saves his description on the form he opened before
    alan.get_by_label("Description").fill("Alan's description of the job.")
    alan.get_by_role("button", name="Save changes").click()
    # Then his save is refused: who saved meanwhile and when, what is saved now, and his text kept
    alert = alan.get_by_role("alert")
    expect(alert).to_contain_text("Grace Hopper saved a change to this job at")
    expect(alert).to_contain_text("Front End Engineer")
    expect(alan.get_by_label("Description")).to_have_value("Alan's description of the job.")
    check_page(alan, "console/job-edit-stale")
    assert stack.request("GET", "/admin/jobs/fe-1", token=stack._keys["acme"]).body["description"] != "Alan's description of the job."
    # When he saves again, knowingly, it is saved
    alan.get_by_role("button", name="Save changes").click()
    expect(alan.get_by_role("status")).to_contain_text("are saved.")
    assert stack.request("GET", "/admin/jobs/fe-1", token=stack._keys["acme"]).body["description"] == "Alan's description of the job."
    grace_context.close()
    alan_context.close()
