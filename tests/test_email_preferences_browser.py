"""Issue 20 in a real browser: a candidate chooses job tips and news from the company on the
dashboard (stopping one keeps the other), and answers "Was this relevant?" from a job tip, in
English and Swedish, at 360 px and 1280 px, with axe finding nothing."""
from __future__ import annotations

import re

import pytest

from tests.test_browser import SCREENSHOTS, check_page, link_in, local, site  # noqa: F401 - the fixture

WORDS = {
    "en": {"news": "News from Acme", "tips": "Job tips", "save": "Save my choices", "saved": "Your email choices are saved.",
           "not": "No, not relevant", "why": "Why? (optional)", "send": "Send my answer", "choose": "Choose what you get from Acme",
           "continue": "Continue"},
    "sv": {"news": "Nyheter från Acme", "tips": "Jobbtips", "save": "Spara mina val", "saved": "Dina val av mejl är sparade.",
           "not": "Nej, inte relevant", "why": "Varför? (valfritt)", "send": "Skicka mitt svar", "choose": "Välj vad du får från Acme",
           "continue": "Fortsätt"},
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_candidate_chooses_categories_on_the_dashboard_and_answers_relevance(stack, site, language):  # noqa: F811
    base, browser = site
    words = WORDS[language]
    token = stack.connect_and_confirm()
    assert stack.request("PATCH", "/me", {"language": language}, token=token).status == 200  # the emails' language
    stack.publish()
    stack.drain()
    [tip] = [e for e in stack.emails_to("ada@example.com") if "/relevance?token=" in e["text"]]
    page = browser.new_page(locale="sv-SE" if language == "sv" else "en-GB",
                            extra_http_headers={"Accept-Language": "sv-SE,sv" if language == "sv" else "en-GB,en"})

    # Given Ada signed in on her dashboard (through a sign-in link)
    assert stack.request("POST", "/auth/magic-link", {"company": "acme", "email": "ada@example.com"}).status == 202
    stack.drain()
    page.goto(local(link_in(stack.emails_to("ada@example.com")[-1]["text"]), base))
    page.get_by_role("button", name=words["continue"]).click()
    page.wait_for_url(re.compile(r".*/dashboard$"))

    # When she unticks the company's news and saves
    news = page.get_by_role("checkbox", name=words["news"])
    tips = page.get_by_role("checkbox", name=words["tips"], exact=True)
    assert news.is_checked() and tips.is_checked()
    check_page(page, f"dashboard-preferences-{language}")
    page.set_viewport_size({"width": 360, "height": 740})
    page.locator('section[aria-labelledby="preferences-h"]').screenshot(path=str(SCREENSHOTS / f"preferences-{language}-phone.png"))
    news.uncheck()
    page.get_by_role("button", name=words["save"]).click()

    # Then the dashboard says so, news is off and job tips stay on
    assert words["saved"] in page.inner_text("main")
    assert not page.get_by_role("checkbox", name=words["news"]).is_checked()
    assert page.get_by_role("checkbox", name=words["tips"], exact=True).is_checked()
    assert stack.request("GET", "/me/preferences", token=token).body == {"job_tips": True, "campaigns": False, "emails_per_week": 3}

    # When she opens the job tip's "not relevant" link (a keyboard and screen-reader friendly form)
    not_relevant = re.search(r"(https?://\S+/relevance\?token=\S+answer=not_relevant)", tip["text"]).group(1)
    page.goto(base + not_relevant[not_relevant.index("/relevance"):])
    assert page.get_by_role("radio", name=words["not"]).is_checked()
    check_page(page, f"relevance-{language}")
    page.get_by_label(words["why"]).fill("Only remote jobs, please")
    page.get_by_role("button", name=words["send"]).click()

    # Then she is thanked and offered her choices on the dashboard, which the link opens
    link = page.get_by_role("link", name=words["choose"])
    check_page(page, f"relevance-answered-{language}")
    link.click()
    page.wait_for_url(re.compile(r".*/dashboard#preferences-h$"))
    assert page.get_by_role("checkbox", name=words["news"]).is_visible()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_admin_sets_the_weekly_cap_in_the_console(stack, site, language):  # noqa: F811
    from playwright.sync_api import expect

    from chalicelib.team.service import first_admin

    base, browser = site
    page = browser.new_page()
    words = {"en": (None, None, "Emails to candidates",
                    "At most this many emails per person in any 7 days", "Save emails to candidates", "Saved."),
             "sv": (None, None, "Mejl till kandidater",
                    "Högst så här många mejl per person under sju dagar", "Spara mejl till kandidater", "Sparat.")}[language]
    # Given Ada, the first admin, signed in from her invitation, on Settings in her language
    _, link = first_admin("acme", "ada@example.com", "")
    page.goto(base + link[link.index("/console/"):])
    page.get_by_label("Your name, as your team will see it").fill("Ada Lovelace")
    page.get_by_role("button", name="Accept and sign in").click()
    page.goto(f"{base}/console/acme/settings?lang={language}")
    # When she opens "Emails to candidates" and sets 2
    page.get_by_role("link", name=words[2]).click()
    expect(page.get_by_label(words[3])).to_have_value("3")
    check_page(page, f"console/settings-email-{language}")
    page.get_by_label(words[3]).fill("2")
    page.get_by_role("button", name=words[4]).click()
    # Then it is saved, and candidates' emails follow it
    expect(page.get_by_role("status")).to_have_text(words[5])
    assert stack.request("GET", "/admin/settings/email", token=stack._keys["acme"]).body["values"] == {"email_cap_per_week": 2}
