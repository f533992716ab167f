"""Issue 17's own journey in Debian's Chromium: an operator creates a brand-new company with the
CLI, which prints its first admin's invitation link; the admin follows it and, by clicks and the
keyboard only (never JSON, never a version number), sets the company up from the home screen's
checklist: the catalogue, a question, the Connect overview, branding, the consent text, Swedish
translations of every text, an email template, LinkedIn Apply Connect on by default; then
creates a job, sees its audience and publishes it with Apply Connect on. The outcome is checked
where others see it: the Swedish Connect page, the candidate pages, the job tips as SES
received them, and what the stand-in LinkedIn received. Every screen passes axe at 1280 px, the
key ones at 360 px too; screenshots in build/screenshots/console/setup-*.png.

Then the other journeys the issue names that concern settings: two admins edit the same section
in two browsers (the later save is refused naming who saved meanwhile, and keeps what was typed)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.test_browser import SCREENSHOTS, check_page, site  # noqa: F401 - the browser fixture
from tests.test_console_browser import SHOTS


def look(page, name: str) -> None:
    """Zero axe violations and a screenshot at 1280 px (check_page adds 360 px for the key screens)."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_browser import WCAG

    page.set_viewport_size({"width": 1280, "height": 900})
    results = Axe().run(page, options=WCAG)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], f"{name}: {violations}"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)


def step(page, name: str):
    """A step of the home screen's checklist: its line."""
    return page.locator(".setup-steps li").filter(has=page.get_by_role("link", name=name, exact=True))


def test_a_new_companys_admin_sets_it_up_from_the_invitation_to_its_first_job_with_apply_connect(stack, site, linkedin,
                                                                                                  capsys):
    from chalicelib.cli import main

    base, browser = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Given the operator creates Globex with its first admin, the way operators do
    assert main(["create-company", "globex", "--name", "Globex", "--admin-email", "hedy@globex.example"]) == 0
    printed = capsys.readouterr().out
    link = re.search(r"https?://\S+/console/globex/invitation\?token=\S+", printed).group(0)
    page = browser.new_page()

    # When Hedy opens the invitation link and accepts
    page.goto(base + link[link.index("/console/"):])
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Globex's hiring team")
    look(page, "console/setup-invitation")
    page.get_by_label("Your name, as your team will see it").fill("Hedy Lamarr")
    page.get_by_role("button", name="Accept and sign in").click()
    # Then the home screen says the company is not set up, and what to do, each step a link
    expect(page.get_by_role("heading", name="Set up Globex")).to_be_visible()
    expect(page.get_by_text("0 of 9 steps done")).to_be_visible()
    expect(step(page, "Add your departments, roles and locations")).to_contain_text("To do")
    check_page(page, "console/setup-home")
    # (and in Swedish, then back to English)
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("heading", name="Kom igång med Globex")).to_be_visible()
    check_page(page, "console/setup-home-sv")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Set up Globex")).to_be_visible()

    # When she follows the first step: the catalogue, empty, says so
    page.get_by_role("link", name="Add your departments, roles and locations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Departments, roles and locations")
    expect(page.get_by_text("No departments yet.")).to_be_visible()
    look(page, "console/setup-catalogue-empty")
    # And adds a department with a role and a location, starting by keyboard
    page.get_by_role("button", name="Add a department").focus()
    page.keyboard.press("Enter")
    page.get_by_role("group", name="New department").get_by_label("Department name").fill("Engineering")
    page.get_by_role("button", name=re.compile("^Add a role")).click()
    engineering = page.get_by_role("group", name="Engineering", exact=True)
    engineering.get_by_label("Role name").fill("Backend Developer")
    page.get_by_role("button", name="Add a location").click()
    page.get_by_label("Location name").fill("Stockholm")
    page.get_by_role("button", name="Save departments, roles and locations").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_label("Role name")).to_have_value("Backend Developer")
    check_page(page, "console/setup-catalogue")

    # When she adds a required yes-or-no question for everyone
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Questions").click()
    expect(page.get_by_text("No questions yet.")).to_be_visible()
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("Do you have the right to work in Sweden?")
    page.get_by_label("Kind of answer").select_option("yes_no")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save questions").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    look(page, "console/setup-questions")

    # And writes the Connect overview, previewing it as candidates will see it
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Connect overview").click()
    page.get_by_role("button", name="Add a block").click()
    page.get_by_label("Heading").fill("Life at Globex")
    page.get_by_label("Text", exact=True).fill("We build weather satellites in Stockholm.")
    page.get_by_role("button", name="Preview the Connect page").click()
    expect(page.locator(".preview").get_by_text("Life at Globex")).to_be_visible()
    look(page, "console/setup-overview-preview")
    page.get_by_role("button", name="Save connect overview").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")

    # And gives the pages her colour
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Branding").click()
    page.get_by_label("Colour").fill("#0b5c3b")
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    look(page, "console/setup-branding")

    # And writes her own consent text
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Consent").click()
    page.get_by_label("Consent text", exact=True).fill("Globex may keep my profile for two years and email me job tips.")
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    look(page, "console/setup-consent")

    # And checks that Swedish is offered (a new company offers English and Swedish)
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Replies, time zone and languages").click()
    expect(page.get_by_label("Svenska")).to_be_checked()
    page.get_by_label("Time zone").select_option("Europe/Stockholm")
    page.get_by_role("button", name=re.compile("^Save replies")).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    look(page, "console/setup-general")

    # And translates every text of hers into Swedish
    page.get_by_role("navigation", name="Settings sections").get_by_role("link", name="Translations").click()
    page.get_by_label("Engineering", exact=True).fill("Teknik")
    page.get_by_label("Engineering · Backend Developer").fill("Backendutvecklare")
    page.get_by_label("Stockholm", exact=True).fill("Stockholm")
    page.get_by_label("Do you have the right to work in Sweden?").fill("Har du rätt att arbeta i Sverige?")
    page.get_by_label("Globex may keep my profile for two years and email me job tips.").fill(
        "Globex får spara min profil i två år och mejla mig jobbtips.")
    page.get_by_label("Life at Globex").fill("Livet på Globex")
    page.get_by_label("We build weather satellites in Stockholm.").fill("Vi bygger vädersatelliter i Stockholm.")
    page.get_by_role("button", name="Save translations").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    check_page(page, "console/setup-translations")

    # Then home ticks what she did, from what is stored
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_text("5 of 9 steps done")).to_be_visible()
    for done in ("Add your departments, roles and locations", "Ask candidates your questions", "Write your Connect overview",
                 "Add your logo and colour", "Translate your texts"):
        expect(step(page, done)).to_contain_text("Done")
    expect(step(page, "Publish your first job")).to_contain_text("To do")

    # When she opens the emails step and makes the job tip her own, keyboard only to save
    page.get_by_role("link", name="Check your emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    look(page, "console/setup-messages")
    page.get_by_role("link", name=re.compile(r"^Default\s*: edit Job tip in English$")).click()
    page.get_by_label("Subject").fill("Globex is hiring: {{ job.title }}")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Saved. Emails in English now use this version.")
    look(page, "console/setup-template")

    # And switches LinkedIn Apply Connect on, accepting LinkedIn's jobs terms, on by default for every posting
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Post jobs to LinkedIn with Apply Connect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LinkedIn")
    page.get_by_label("Your company's LinkedIn organization id").fill("2414183")
    page.get_by_label("By posting your job to LinkedIn").check()
    page.get_by_role("button", name="Switch Apply Connect on").click()
    expect(page.get_by_role("status")).to_have_text("Apply Connect is on.")
    expect(page.get_by_text("Hedy Lamarr accepted LinkedIn's jobs terms")).to_be_visible()
    page.get_by_label("Enable Apply Connect by default for all my LinkedIn job postings").check()
    page.get_by_role("button", name="Save options").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_label("Enable Apply Connect by default for all my LinkedIn job postings")).to_be_checked()
    check_page(page, "console/setup-linkedin")

    # Given two people joined Globex's community for Engineering meanwhile
    stack.connect_and_confirm(company="globex", email="ada@example.com", departments=["engineering"],
                              answers=[{"question_id": "do-you-have-the-right-to-work-in-sweden", "value": True}])
    stack.connect_and_confirm(company="globex", email="alan@example.com", departments=["engineering"],
                              answers=[{"question_id": "do-you-have-the-right-to-work-in-sweden", "value": False}])

    # When she creates the first job from its step; Apply Connect is ticked, as the default says
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Publish your first job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a job")
    expect(page.get_by_label("Use LinkedIn Apply Connect for this job posting")).to_be_checked()
    expect(page.get_by_role("group", name="LinkedIn").get_by_text("By posting your job to LinkedIn, you agree")).to_be_visible()
    page.get_by_label("Title").fill("Backend Developer")
    page.get_by_label("Department").select_option(label="Engineering")
    page.get_by_label("Role", exact=True).select_option(label="Backend Developer")
    page.get_by_label("On-site").check()
    page.get_by_label("Stockholm").focus()
    page.keyboard.press("Space")
    page.get_by_label("Description").fill("Build the ground systems of **our satellites**.\n\n- Python\n- Distributed systems")
    look(page, "console/setup-job-new")
    page.get_by_role("button", name="Save and publish…").click()
    # Then she sees who will hear of it before anything is sent
    expect(page.get_by_text("2 community members will get a job tip")).to_be_visible()
    expect(page.get_by_text("It is posted on LinkedIn with Apply Connect")).to_be_visible()
    check_page(page, "console/setup-job-publish")
    stack.drain()
    assert stack.emails_to("ada@example.com", kind="Globex is hiring") == []
    page.get_by_role("button", name="Publish the job").click()
    expect(page.get_by_role("status")).to_have_text("Backend Developer is published.")
    job_id = page.get_by_role("link", name="Backend Developer").first.get_attribute("href").rsplit("/", 1)[-1]
    stack.drain()
    look(page, "console/setup-jobs")

    # Then Globex is set up: the home screen gives the checklist way to the work
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", name="Published jobs")).to_be_visible()
    assert page.get_by_role("heading", name="Set up Globex").count() == 0
    check_page(page, "console/setup-done")

    # And the public faces show it: the Swedish Connect page, in Swedish, with her colour's brand
    candidate = browser.new_page()
    candidate.goto(base + "/companies/globex/connect?lang=sv")
    expect(candidate.get_by_text("Teknik", exact=True).first).to_be_visible()
    # (a department's roles show once it is ticked)
    candidate.get_by_label("Teknik", exact=True).check()
    expect(candidate.get_by_label("Backendutvecklare", exact=True)).to_be_visible()
    expect(candidate.get_by_text("Globex får spara min profil i två år och mejla mig jobbtips.")).to_be_visible()
    expect(candidate.get_by_text("Har du rätt att arbeta i Sverige?")).to_be_visible()
    expect(candidate.get_by_text("Livet på Globex")).to_be_visible()
    assert "Engineering" not in candidate.locator("main").inner_text()
    check_page(candidate, "console/setup-public-connect-sv")
    # And the job is on the candidate pages, with its apply page
    expect(candidate.get_by_role("link", name="Backend Developer")).to_be_visible()
    expect(candidate.get_by_text("Teknik · Backendutvecklare · Stockholm")).to_be_visible()
    candidate.goto(base + f"/companies/globex/jobs/{job_id}/apply")
    expect(candidate.get_by_role("heading", level=1)).to_contain_text("Backend Developer")
    # And the two members got one job tip each, in Hedy's own subject, as SES received it
    assert [e["subject"] for e in stack.emails_to("ada@example.com", kind="Globex is hiring")] == [
        "Globex is hiring: Backend Developer"]
    assert len(stack.emails_to("alan@example.com", kind="Globex is hiring")) == 1
    # And LinkedIn received the posting with onsite apply (Apply Connect), under Globex's organization
    posted = linkedin.postings[job_id]
    assert posted["title"] == "Backend Developer" and posted["onsiteApplyConfiguration"]["jobApplicationWebhookUrl"]
    assert posted["integrationContext"] == "urn:li:organization:2414183"


def test_two_admins_edit_the_same_section_and_the_later_save_says_who_saved_meanwhile_keeping_what_was_typed(stack, site):  # noqa: F811
    from tests.test_console_messages_browser import _join

    base, browser = site
    # Given Ada and Grace, both admins of Acme, each in her own browser with the consent section open
    ada_context, grace_context = browser.new_context(), browser.new_context()
    ada, grace = ada_context.new_page(), grace_context.new_page()
    _join(stack, base, ada, "ada@example.com", "admin", "Ada Lovelace")
    _join(stack, base, grace, "grace@example.com", "admin", "Grace Hopper")
    for page in (ada, grace):
        page.goto(base + "/console/acme/settings/consent")
        expect(page.get_by_role("heading", level=1)).to_have_text("Consent")
    # When Ada saves a new consent text first
    ada.get_by_label("Consent text", exact=True).fill("Acme keeps my profile for a year and emails me job tips.")
    ada.get_by_role("button", name="Save consent").click()
    expect(ada.get_by_role("status")).to_have_text("Saved.")
    # And Grace, who opened the form before, saves her own text and duration
    grace.get_by_label("Consent text", exact=True).fill("Acme keeps my profile for two years.")
    grace.get_by_label("Consent lasts (months)").fill("24")
    grace.get_by_role("button", name="Save consent").click()
    # Then her save is refused, naming Ada, showing what Ada saved, and keeping what Grace typed
    alert = grace.get_by_role("alert")
    expect(alert).to_contain_text("Ada Lovelace saved a change while you were editing")
    expect(alert).to_contain_text("Acme keeps my profile for a year and emails me job tips.")
    expect(grace.get_by_label("Consent text", exact=True)).to_have_value("Acme keeps my profile for two years.")
    expect(grace.get_by_label("Consent lasts (months)")).to_have_value("24")
    check_page(grace, "console/setup-two-admins-stale")
    # And nothing of hers was saved yet
    assert stack.request("GET", "/admin/settings/consent", token=stack._keys["acme"]).body["values"]["consent_text"] == (
        "Acme keeps my profile for a year and emails me job tips.")
    # When she saves again, knowingly, hers is saved
    grace.get_by_role("button", name="Save consent").click()
    expect(grace.get_by_role("status")).to_have_text("Saved.")
    values = stack.request("GET", "/admin/settings/consent", token=stack._keys["acme"]).body["values"]
    assert values == {"consent_text": "Acme keeps my profile for two years.", "consent_months": 24}
    ada_context.close()
    grace_context.close()
