"""Getting started (issue 17: a new company's admin is told what to set up): the console home's
checklist, each step linked and ticked from what is really stored, shown to admins until the
catalogue is set and the first job is published; recruiters never see it."""
from __future__ import annotations

import html
import re

from chalicelib.companies.service import create_company
from tests.test_console_team import HTML, join


def home(stack, cookie: str, company: str = "globex") -> str:
    page = stack.request("GET", f"/console/{company}/home", headers={**HTML, "Cookie": cookie})
    assert page.status == 200, page.body
    return html.unescape(page.body)


def steps(page: str) -> dict[str, str]:
    """Each step's link text and its state as the checklist shows them."""
    found = re.findall(r'<a href="\./([^"]+)">([^<]+)</a>\s*<span class="step-state">([^<]+)</span>', page)
    return {title: state for _href, title, state in found}


def test_a_new_companys_admin_is_shown_what_to_set_up_and_each_step_is_ticked_from_what_is_stored(stack):
    # Given a brand-new company (nothing but its defaults) and its first admin signed in
    _, key = create_company("globex", "Globex")
    admin = join(stack, key, "hedy@globex.example", "admin", "Hedy Lamarr", company="globex")
    # When she opens the home screen
    page = home(stack, admin)
    # Then it says the company is not set up, with every step linked to its screen, none done but the team
    assert "Set up Globex" in page and "Your company is not set up yet" in page
    assert 'href="./settings/catalogue"' in page and 'href="./jobs/new"' in page and 'href="./integrations/linkedin"' in page
    shown = steps(page)
    assert shown["Add your departments, roles and locations"] == "To do" and shown["Publish your first job"] == "To do"
    assert shown["Write your Connect overview"] == "Not yet" and shown["Invite your team"] == "Not yet"
    assert "0 of 9 steps done" in page
    # When the catalogue, an overview and a colour are saved (through the same sections the screens save)
    version = stack.request("GET", "/admin/settings/catalogue", token=key).body["version"]
    catalogue = {"departments": [{"id": "eng", "name": "Engineering", "roles": [{"id": "dev", "name": "Developer"}]}],
                 "locations": [{"id": "sto", "name": "Stockholm"}]}
    assert stack.request("PUT", "/admin/settings/catalogue", {**catalogue, "version": version}, token=key).status == 200
    assert stack.request("PUT", "/admin/settings/branding", {"branding": {"primary_color": "#0b5c3b"}, "version": version + 1},
                         token=key).status == 200
    # Then those steps are ticked, and the translations step counts what is left to translate
    page = home(stack, admin)
    shown = steps(page)
    assert shown["Add your departments, roles and locations"] == "Done" and shown["Add your logo and colour"] == "Done"
    assert shown["Translate your texts"] == "Not yet" and "0 of 3 texts translated" in page
    assert "2 of 9 steps done" in page
    # When two of the three are translated into Swedish, the count follows
    assert stack.request("PUT", "/admin/settings/translations", {"translations": {"sv": {
        "departments": {"eng": "Teknik"}, "roles": {"dev": "Utvecklare"}}}, "version": version + 2}, token=key).status == 200
    assert "2 of 3 texts translated" in home(stack, admin)
    # And a recruiter never sees the checklist (setting up is the admins')
    recruiter = join(stack, key, "grace@globex.example", "recruiter", "Grace Hopper", company="globex")
    assert "Set up Globex" not in home(stack, recruiter)
    assert steps(home(stack, admin))["Invite your team"] == "Done"
    # When the first job is published, the company is set up: the checklist gives way to the work
    job = {"title": "Developer", "department": "eng", "role": "dev", "locations": ["sto"], "work_mode": "onsite",
           "status": "published"}
    assert stack.request("POST", "/admin/jobs", job, token=key).status == 201
    page = home(stack, admin)
    assert "Set up Globex" not in page and "Developer" in page


def test_a_step_undone_shows_as_to_do_again(stack):
    # Given a company whose catalogue is set, and its admin
    _, key = create_company("globex", "Globex")
    admin = join(stack, key, "hedy@globex.example", "admin", "Hedy Lamarr", company="globex")
    version = stack.request("GET", "/admin/settings/catalogue", token=key).body["version"]
    assert stack.request("PUT", "/admin/settings/catalogue", {"departments": [{"id": "eng", "name": "Engineering", "roles": [
        {"id": "dev", "name": "Developer"}]}], "locations": [{"id": "sto", "name": "Stockholm"}], "version": version},
        token=key).status == 200
    assert steps(home(stack, admin))["Add your departments, roles and locations"] == "Done"
    # When its only location is removed (nothing uses it yet)
    assert stack.request("PUT", "/admin/settings/catalogue", {"departments": [{"id": "eng", "name": "Engineering", "roles": [
        {"id": "dev", "name": "Developer"}]}], "locations": [], "version": version + 1}, token=key).status == 200
    # Then the step is to do again: it is read from what is stored, not remembered
    assert steps(home(stack, admin))["Add your departments, roles and locations"] == "To do"
