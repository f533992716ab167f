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
