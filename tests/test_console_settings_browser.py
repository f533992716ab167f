"""Settings in a real browser (issue 17.2): an admin adds a department to the catalogue, gives it
and another one their Swedish names, previews a new colour on the Connect page, and a Swedish
candidate page shows the translations. No JavaScript is needed: every button posts the form.
Every screen passes axe at 360 px and 1280 px and is saved under build/screenshots/console/."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.test_browser import check_page, site  # noqa: F401 - the browser fixture


def test_an_admin_edits_the_catalogue_translates_it_and_previews_the_branding(stack, site):  # noqa: F811
    from chalicelib.team.service import first_admin

    base, browser = site
    page = browser.new_page()
    # Given Ada, the first admin, signed in from her invitation
    _, link = first_admin("acme", "ada@example.com", "")
    page.goto(base + link[link.index("/console/"):])
    page.get_by_label("Your name, as your team will see it").fill("Ada Lovelace")
    page.get_by_role("button", name="Accept and sign in").click()

    # When she opens Settings, then the catalogue
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    check_page(page, "console/settings")
    page.get_by_role("link", name="Departments, roles and locations").click()
    check_page(page, "console/settings-catalogue")
    # And adds a department with one role, by keyboard for the first step
    page.get_by_role("button", name="Add another department").focus()
    page.keyboard.press("Enter")
    new = page.get_by_role("group", name="New department")
    new.get_by_label("Department name").fill("People Operations")
    new.get_by_role("button", name="Add a role").click()
    # (the form is drawn again: the row is now headed by the name she typed)
    page.get_by_role("group", name="People Operations", exact=True).get_by_label("Role name").fill("Recruiter")
    page.get_by_role("button", name="Save departments, roles and locations").click()
    # Then it is saved, and the form shows it
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_role("group", name="People Operations", exact=True)).to_be_visible()  # (waits for the screen a click opened)
    # When she removes Sales, which a candidate uses
    stack.connect(email="c1@example.com", departments=["sales"])
    page.reload()
    page.get_by_label("Remove Sales when saving").check()
    page.get_by_role("button", name="Save departments, roles and locations").click()
    # Then the refusal says why and how many, beside the row, and her tick is kept
    assert "Sales cannot be removed: 1 candidate uses it. Rename it instead." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Remove Sales when saving").is_checked()
    check_page(page, "console/settings-catalogue-refused")
    page.get_by_label("Remove Sales when saving").uncheck()

    # When she gives the new department and Product Development their Swedish names
    page.get_by_role("link", name="Translations").click()
    page.get_by_label("People Operations", exact=True).fill("Personalavdelningen")
    page.get_by_label("Product Development", exact=True).fill("Produktutveckling")
    page.get_by_role("button", name="Save translations").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    check_page(page, "console/settings-translations")

    # And previews a new colour on the Connect page
    page.get_by_role("link", name="Branding").click()
    page.get_by_label("Colour").fill("#0b5c3b")
    page.get_by_role("button", name="Preview the Connect page").click()
    expect(page.get_by_role("heading", name="Preview: the Connect page")).to_be_visible()  # (waits for the screen a click opened)
    expect(page.locator(".preview").get_by_text("Connect with Acme").first).to_be_visible()  # (waits for the screen a click opened)
    check_page(page, "console/settings-branding-preview")

    # Then a candidate's Swedish Connect page shows the Swedish names (the colour is not saved)
    candidate = browser.new_page()
    candidate.goto(base + "/companies/acme/connect?lang=sv")
    expect(candidate.get_by_text("Produktutveckling", exact=True).first).to_be_visible()  # (waits for the screen a click opened)
    expect(candidate.get_by_text("Personalavdelningen", exact=True).first).to_be_visible()  # (waits for the screen a click opened)
    # And the settings speak Swedish too
    page.get_by_role("banner").get_by_role("link", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varumärke")
    check_page(page, "console/settings-branding-sv")
