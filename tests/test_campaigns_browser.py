"""Campaigns in a real browser (issue 20.2): a recruiter writes a campaign in English and Swedish
(a mistake first: the problem beside its field), sees who will receive it and a few of their
names, previews both languages, and sends it; the results follow. axe finds nothing at 360 and
1280 px, in English and Swedish; screenshots in build/screenshots/console/campaigns-*.png."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture
from tests.test_console_browser import SHOTS, console_link


def test_a_recruiter_writes_a_campaign_sees_its_audience_and_sends_it(stack, site):  # noqa: F811
    base, browser = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    key = stack._keys["acme"]
    # Given three confirmed people who follow Sales, one who follows Product, and a Sales segment
    for email, first in (("ada@example.com", "Ada"), ("alan@example.com", "Alan"), ("grete@example.com", "Grete")):
        stack.connect_and_confirm(email=email, first_name=first, departments=["sales"])
    stack.connect_and_confirm(email="pat@example.com", first_name="Pat", departments=["product"])
    assert stack.request("POST", "/admin/segments", {"name": "Sales people", "filters": {"department": "sales"}},
                         token=key).status == 201
    # And Rita, a recruiter, has joined the console
    assert stack.request("POST", "/admin/members", {"email": "rita@example.com", "role": "recruiter", "name": "Rita"},
                         token=key).status == 201
    stack.drain()
    invitation = [e for e in stack.emails_to("rita@example.com") if "invited you" in e["subject"]][-1]
    rita = browser.new_page()
    rita.goto(console_link(invitation["text"], base))
    rita.get_by_label("Your name, as your team will see it").fill("Rita Recruiter")
    rita.get_by_role("button", name="Accept and sign in").click()

    # When she opens Campaigns
    rita.get_by_role("link", name="Campaigns", exact=True).click()
    expect(rita.get_by_role("heading", level=1)).to_have_text("Campaigns")
    check_page(rita, "console/campaigns-empty")
    rita.get_by_role("link", name="Write a campaign").click()
    # And writes one for the segment, forgetting the English subject
    rita.get_by_label("Name (for your team; recipients do not see it)").fill("Spring update")
    rita.get_by_label("Who receives it").select_option(label="Segment: Sales people")
    rita.locator("#contents-en-body").fill("We opened an office in **Berlin**.\n\n[Read the story](https://acme.example/berlin)")
    rita.locator("#contents-sv-subject").fill("Nytt från Acme")
    rita.locator("#contents-sv-body").fill("Vi har öppnat ett kontor i **Berlin**.")
    rita.get_by_role("button", name="Save and see the audience").click()
    # Then the problem is named beside its field, and what she wrote is kept
    expect(rita.get_by_role("alert")).to_contain_text("Write a subject")
    assert "Berlin" in rita.locator("#contents-en-body").input_value()
    check_page(rita, "console/campaigns-new-error")
    # When she adds it and saves
    rita.locator("#contents-en-subject").fill("News from Acme")
    rita.get_by_role("button", name="Save and see the audience").click()
    # Then she sees who will receive it, some of them by name, and both languages' previews
    expect(rita.get_by_text("3 people will receive it.")).to_be_visible()
    expect(rita.get_by_role("link", name="Grete Lovelace")).to_be_visible()
    expect(rita.get_by_text("Pat")).to_have_count(0)
    expect(rita.locator("iframe")).to_have_count(2)
    assert "Berlin" in rita.frame_locator("iframe").first.locator("strong").inner_text()
    check_page(rita, "console/campaigns-draft")
    rita.set_viewport_size({"width": 1280, "height": 900})
    rita.locator("iframe").first.scroll_into_view_if_needed()
    rita.locator("section.preview").first.screenshot(path=str(SHOTS / "campaigns-preview-en.png"))
    rita.get_by_role("link", name="Svenska").click()
    expect(rita.get_by_text("3 personer kommer att få det.")).to_be_visible()
    check_page(rita, "console/campaigns-draft-sv")
    rita.get_by_role("link", name="English").click()
    # And nothing has been sent yet
    stack.drain()
    assert not [e for e in stack.emails_to("ada@example.com") if e["subject"] == "News from Acme"]

    # When she sends it now, with the keyboard
    rita.get_by_role("button", name="Send now to 3 people").focus()
    rita.keyboard.press("Enter")
    expect(rita.get_by_role("status")).to_have_text("The campaign is being sent.")
    stack.drain()
    # Then each of the three has it once, in the frame every email has, and the results say so
    for address in ("ada@example.com", "alan@example.com", "grete@example.com"):
        assert len([e for e in stack.emails_to(address) if e["subject"] == "News from Acme"]) == 1
    assert not [e for e in stack.emails_to("pat@example.com") if e["subject"] == "News from Acme"]
    rita.reload()
    expect(rita.get_by_role("row", name="Sent 3", exact=True)).to_be_visible()
    check_page(rita, "console/campaigns-results")
    rita.get_by_role("link", name="Back to campaigns").click()
    expect(rita.get_by_role("cell", name="Sent", exact=True)).to_be_visible()
    check_page(rita, "console/campaigns-list")
    rita.get_by_role("link", name="Svenska").click()
    check_page(rita, "console/campaigns-list-sv")
