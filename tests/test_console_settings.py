"""Settings in the console (issue 17.2): each section saved on its own with the settings version
as its precondition (a stale form names who changed it and loses nothing), the catalogue's
removals refused with how many use them, every problem beside its field, translations of the
company's texts on the candidate pages, a preview of those pages, and the JSON twins
GET/PUT /admin/settings/{section}."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlencode

import pytest

from tests.test_console_team import FORM, HTML, join


class _Fields(HTMLParser):
    """The controls of a page's settings form, as a browser would send them (no button pressed)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "settings-form":
            self._in_form = True
        if not self._in_form or "name" not in a and tag not in ("option",):
            return
        if tag == "input" and a.get("type") not in ("submit",):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            else:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select" and self._select:
            chosen = next((v for v, selected in self._options if selected), self._options[0][0] if self._options else "")
            self.fields.append((self._select, chosen))
            self._select = None


def fields_of(html: str) -> dict[str, str]:
    import html as entities

    parser = _Fields()
    parser.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(entities.unescape(value))
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


class Screen:
    """A member's browser on one settings section: open it, change fields, press a button."""

    def __init__(self, stack, cookie: str, section: str, company: str = "acme"):
        self.stack, self.cookie, self.path = stack, cookie, f"/console/{company}/settings/{section}"
        self.page = stack.request("GET", self.path, headers={**HTML, "Cookie": cookie})
        assert self.page.status == 200, self.page.body
        self.fields = fields_of(self.page.body)

    def press(self, action: str = "save", **changes):
        fields = {**self.fields, **{k.replace("__", "."): v for k, v in changes.items()}}
        fields = {k: v for k, v in fields.items() if v is not None}
        pairs = [(k, item) for k, v in fields.items() for item in (v if isinstance(v, list) else [v])] + [("action", action)]
        self.page = self.stack.request("POST", self.path, raw=urlencode(pairs).encode(), headers={**FORM, "Cookie": self.cookie})
        if self.page.status != 303:
            self.fields = fields_of(self.page.body)
        return self.page


def admin(stack) -> tuple[str, str]:
    key = stack.company("acme")
    return key, join(stack, key, "ada@example.com", "admin", "Ada Lovelace")


def saved(stack, key: str, section: str) -> dict:
    response = stack.request("GET", f"/admin/settings/{section}", token=key)
    assert response.status == 200, response.body
    return response.body


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- the catalogue -----------------------------------------------------------------------

def test_an_admin_adds_renames_and_reorders_the_catalogue(stack):
    key, cookie = admin(stack)
    screen = Screen(stack, cookie, "catalogue")
    # When Ada asks for another department, the form is drawn again with an empty row, nothing saved
    before = saved(stack, key, "catalogue")["version"]
    assert screen.press("add:departments").status == 200
    assert "departments.4.name" in screen.fields and screen.fields["departments.4.name"] == ""
    assert saved(stack, key, "catalogue")["version"] == before
    # And she names it, gives it a role, renames Sales and moves London up, then saves
    screen.press("add:departments.4.roles", departments__4__name="People Operations")
    screen.press("up:locations.1", departments__4__roles__0__name="Recruiter", departments__2__name="Sales and Partnerships")
    assert screen.press("save").status == 303
    assert screen.page.headers["location"] == "catalogue?done=saved"
    # Then the catalogue holds the new department with ids made from its names, the rename and the order
    values = saved(stack, key, "catalogue")["values"]
    assert values["departments"][4] == {"id": "people-operations", "name": "People Operations",
                                        "roles": [{"id": "recruiter", "name": "Recruiter"}]}
    assert values["departments"][2]["id"] == "sales" and values["departments"][2]["name"] == "Sales and Partnerships"
    assert [loc["id"] for loc in values["locations"]] == ["london", "stockholm", "berlin"]
    # And the settings name who changed them
    assert saved(stack, key, "catalogue")["updated_by"]["name"] == "Ada Lovelace"
    assert "Saved." in stack.request("GET", "/console/acme/settings/catalogue?done=saved", headers={**HTML, "Cookie": cookie}).body


def test_removing_what_candidates_or_open_jobs_use_is_refused_with_the_counts(stack):
    key, cookie = admin(stack)
    # Given two candidates connected to Sales and an open Product job
    for address in ("c1@example.com", "c2@example.com"):
        assert stack.connect(email=address, departments=["sales"]).status == 201
    assert stack.publish().status in (200, 201)
    screen = Screen(stack, cookie, "catalogue")
    # When Ada ticks Remove on Sales, on Product and on Berlin (which nothing uses) and saves
    refused = screen.press("save", departments__2__remove="1", departments__0__remove="1", locations__2__remove="1")
    # Then nothing is saved, and beside each used row the page says what uses it and how many
    assert refused.status == 409
    page = text_of(refused.body)
    assert "Sales cannot be removed: 2 candidates use it. Rename it instead." in page
    assert "Product Development cannot be removed: 1 open job uses it. Rename it instead." in page
    assert 'id="departments.2.remove-error"' in refused.body and 'aria-invalid="true"' in refused.body
    # And the ticks she made are still there to change
    assert screen.fields["departments.2.remove"] == "1" and screen.fields["locations.2.remove"] == "1"
    assert [d["id"] for d in saved(stack, key, "catalogue")["values"]["departments"]][:3] == ["product", "customer-support", "sales"]
    # And the JSON twin gives the same refusal with the counts
    values = saved(stack, key, "catalogue")
    body = {"departments": [d for d in values["values"]["departments"] if d["id"] != "sales"], "locations": values["values"]["locations"]}
    response = stack.request("PUT", "/admin/settings/catalogue", body, token=key, headers={"If-Match": f'"{values["version"]}"'})
    assert response.status == 409
    assert response.body["error"]["in_use"] == [{"label": "departments", "id": "sales", "name": "Sales", "candidates": 2, "open_jobs": 0}]
    # And removing what nothing uses works
    assert screen.press("save", departments__2__remove=None, departments__0__remove=None).status == 303
    assert [loc["id"] for loc in saved(stack, key, "catalogue")["values"]["locations"]] == ["stockholm", "london"]


# -- two admins, one section -------------------------------------------------------------

def test_a_second_admin_sees_who_changed_the_section_meanwhile_and_loses_nothing(stack):
    key, ada = admin(stack)
    grace = join(stack, key, "grace@example.com", "admin", "Grace Hopper")
    # Given both admins opened the catalogue
    ada_screen, grace_screen = Screen(stack, ada, "catalogue"), Screen(stack, grace, "catalogue")
    # When Grace renames Sales and saves first
    assert grace_screen.press("save", departments__2__name="Sales EMEA").status == 303
    # And Ada, on the form she opened before, renames Sales and Stockholm and saves
    stale = ada_screen.press("save", departments__2__name="Sales Nordics", locations__0__name="Stockholm HQ")
    # Then her save is refused, naming Grace, with Ada's values still in the form and the saved ones shown
    assert stale.status == 409
    page = text_of(stale.body)
    assert "Grace Hopper saved a change while you were editing" in page
    assert ada_screen.fields["departments.2.name"] == "Sales Nordics" and ada_screen.fields["locations.0.name"] == "Stockholm HQ"
    assert "Sales EMEA" in page
    assert saved(stack, key, "catalogue")["values"]["departments"][2]["name"] == "Sales EMEA"
    # And saving again is a deliberate choice that keeps hers
    assert ada_screen.press("save").status == 303
    values = saved(stack, key, "catalogue")["values"]
    assert values["departments"][2]["name"] == "Sales Nordics" and values["locations"][0]["name"] == "Stockholm HQ"


def test_a_save_of_another_section_also_makes_a_form_stale(stack):
    # The version is the whole settings' version: another section's save may have changed what
    # this one depends on (a question's department, a translation's id).
    key, ada = admin(stack)
    grace = join(stack, key, "grace@example.com", "admin", "Grace Hopper")
    questions = Screen(stack, ada, "questions")
    assert Screen(stack, grace, "general").press("save", response_days="5").status == 303
    assert questions.press("save").status == 409


# -- roles and keys ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["recruiter", "hiring"])
def test_only_admins_open_settings(stack, role):
    key, ada = admin(stack)
    cookie = join(stack, key, f"{role}@example.com", role, "Sam")
    for path in ("/console/acme/settings", "/console/acme/settings/catalogue"):
        assert stack.request("GET", path, headers={**HTML, "Cookie": cookie}).status == 403
    home = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": cookie}).body
    assert 'href="./settings"' not in home
    assert 'href="./settings"' in stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": ada}).body
    # A refused POST changes nothing
    before = saved(stack, key, "catalogue")
    csrf = re.search(r'name="csrf" value="([^"]+)"', home).group(1)
    posted = stack.request("POST", "/console/acme/settings/catalogue", raw=f"csrf={csrf}&version={before['version']}&action=save".encode(),
                           headers={**FORM, "Cookie": cookie})
    assert posted.status == 403 and saved(stack, key, "catalogue") == before


def test_a_read_key_reads_sections_and_only_a_full_key_saves_them(stack):
    key = stack.company("acme")
    read = stack.request("POST", "/admin/api-keys", {"label": "board", "scope": "read"}, token=key).body["key"]
    got = stack.request("GET", "/admin/settings/general", token=read)
    assert got.status == 200 and got.headers["etag"] == f'"{got.body["version"]}"'
    assert got.body["values"]["response_days"] == 10
    body = {**got.body["values"], "response_days": 7}
    assert stack.request("PUT", "/admin/settings/general", body, token=read, headers={"If-Match": got.headers["etag"]}).status == 403
    # A full key must say which version it edits
    missing = stack.request("PUT", "/admin/settings/general", body, token=key)
    assert missing.status == 428 and missing.body["error"]["field"] == "version"
    done = stack.request("PUT", "/admin/settings/general", body, token=key, headers={"If-Match": got.headers["etag"]})
    assert done.status == 200 and done.body["values"]["response_days"] == 7 and done.body["version"] == got.body["version"] + 1
    assert done.body["updated_by"]["kind"] == "api_key"
    # The old version again: 412, naming who changed it and the current values
    again = stack.request("PUT", "/admin/settings/general", {**body, "response_days": 3}, token=key,
                          headers={"If-Match": got.headers["etag"]})
    assert again.status == 412
    assert again.body["error"]["changed_by"]["kind"] == "api_key" and again.body["error"]["current"]["response_days"] == 7
    # The version may also come in the body
    assert stack.request("PUT", "/admin/settings/general", {**body, "version": done.body["version"]}, token=key).status == 200
    # Unknown sections and fields, and bad values, are 4xx naming them, and write nothing
    assert stack.request("GET", "/admin/settings/everything", token=key).status == 404
    current = saved(stack, key, "general")
    wrong = stack.request("PUT", "/admin/settings/general", {"response_days": 0, "colour": "red"}, token=key,
                          headers={"If-Match": f'"{current["version"]}"'})
    assert wrong.status == 400 and wrong.body["error"]["field"] == "colour"
    wrong = stack.request("PUT", "/admin/settings/general", {"response_days": 0}, token=key, headers={"If-Match": f'"{current["version"]}"'})
    assert wrong.status == 400 and wrong.body["error"]["field"] == "response_days"
    assert saved(stack, key, "general") == current


def test_the_settings_permission_is_the_teams():
    from chalicelib.companies.settings import SETTINGS
    from chalicelib.team import roles

    assert SETTINGS == roles.SETTINGS and roles.SETTINGS in roles.PERMISSIONS["admin"]
    assert roles.SETTINGS not in roles.PERMISSIONS["recruiter"] | roles.PERMISSIONS["hiring"]


# -- every problem beside its field ------------------------------------------------------

def test_every_problem_of_a_questions_form_is_shown_beside_its_field_with_the_values_kept(stack):
    key, cookie = admin(stack)
    screen = Screen(stack, cookie, "questions")
    screen.press("add:questions")
    before = saved(stack, key, "questions")
    # When Ada makes a choice question with one option, and a yes/no question with options
    refused = screen.press("save", questions__3__text="Which team?", questions__3__type="single_choice", questions__3__options="Only one",
                           questions__1__options="Yes\nNo")
    # Then both are named at once beside their fields, in plain words, and nothing is saved
    assert refused.status == 400
    assert 'id="questions.3.options-error"' in refused.body and 'id="questions.1.options-error"' in refused.body
    page = text_of(refused.body)
    assert "A choice question needs at least two options, one per line" in page
    assert "Only choice questions take options" in page
    assert screen.fields["questions.3.text"] == "Which team?" and screen.fields["questions.3.options"].strip() == "Only one"
    assert saved(stack, key, "questions") == before
    # And once right, the question is saved with its level, type and "required"
    screen.press("save", questions__3__options="Product\nSales", questions__1__options="", questions__3__required="1",
                 questions__3__applies="department:sales")
    assert screen.page.status == 303, text_of(screen.page.body)
    question = saved(stack, key, "questions")["values"]["questions"][3]
    assert question == {"id": "which-team", "text": "Which team?", "type": "single_choice", "options": ["Product", "Sales"],
                        "required": True, "level": "department", "department": "sales", "role": None}


def test_general_branding_and_consent_sections(stack):
    key, cookie = admin(stack)
    assert Screen(stack, cookie, "general").press(
        "save", response_days="7", postal_address="Acme Robotics\nBox 1\nStockholm", delayed_rejection__enabled="1",
        delayed_rejection__delay_hours="24", timezone="Europe/London").status == 303
    values = saved(stack, key, "general")["values"]
    assert values["response_days"] == 7 and values["postal_address"] == "Acme Robotics\nBox 1\nStockholm"
    assert values["delayed_rejection"] == {"enabled": True, "delay_hours": 24} and values["timezone"] == "Europe/London"
    # A wrong colour and a logo that is not https are named beside their fields
    branding = Screen(stack, cookie, "branding")
    refused = branding.press("save", branding__logo_url="ftp://x", branding__primary_color="blue")
    assert refused.status == 400
    assert "Enter a colour as # and six hexadecimal digits" in text_of(refused.body)
    assert "Enter a full web address starting with https://" in text_of(refused.body)
    assert branding.press("save", branding__logo_url="https://acme.example/logo.png", branding__primary_color="#0b5c3b").status == 303
    assert saved(stack, key, "branding")["values"]["branding"] == {"logo_url": "https://acme.example/logo.png", "primary_color": "#0b5c3b"}
    # A new consent text is a new consent version
    version = stack.request("GET", "/admin/settings", token=key).body["settings"]["consent_version"]
    assert Screen(stack, cookie, "consent").press("save", consent_text="I agree that {company} keeps my profile.",
                                                  consent_months="12").status == 303
    settings = stack.request("GET", "/admin/settings", token=key).body["settings"]
    assert settings["consent_text"] == "I agree that {company} keeps my profile." and settings["consent_months"] == 12
    assert settings["consent_version"] == str(int(version) + 1)


# -- the overview, the preview -----------------------------------------------------------

def test_the_overview_with_an_image_and_a_video_link_and_its_preview(stack):
    key, cookie = admin(stack)
    screen = Screen(stack, cookie, "overview")
    screen.press("add:overview")
    block = {"overview__0__title": "Life at Acme", "overview__0__body": "We build robots.\n\nCome and see.",
             "overview__0__image_url": "https://acme.example/team.jpg", "overview__0__image_alt": "The team in the workshop",
             "overview__0__video_url": "https://video.example/acme", "overview__0__link": "https://acme.example/life",
             "overview__0__link_text": "Our blog"}
    # When Ada previews the Connect page with the unsaved block
    preview = screen.press("preview:connect", **block)
    # Then the page shows the candidate's Connect page with it, inert, and nothing is saved
    assert preview.status == 200
    assert '<div class="preview" inert>' in preview.body
    shown = preview.body[preview.body.index('class="preview"'):]
    assert "Life at Acme" in shown and 'src="https://acme.example/team.jpg"' in shown and 'alt="The team in the workshop"' in shown
    assert "Connect with Acme" in text_of(shown)
    assert saved(stack, key, "overview")["values"]["overview"] == []
    # The preview's ids cannot clash with the console's own
    ids = re.findall(r'\bid="([^"]+)"', preview.body)
    assert len(ids) == len(set(ids))
    dashboard = screen.press("preview:dashboard")
    assert dashboard.status == 200 and "Hi Ada" in text_of(dashboard.body) and "Life at Acme" in dashboard.body
    # And once saved, the candidate's Connect page shows the block
    assert screen.press("save").status == 303
    page = stack.request("GET", "/companies/acme/connect", headers=HTML).body
    assert 'src="https://acme.example/team.jpg"' in page and 'href="https://video.example/acme"' in page and ">Our blog<" in page


def test_a_branding_preview_shows_the_unsaved_logo_and_colour(stack):
    key, cookie = admin(stack)
    screen = Screen(stack, cookie, "branding")
    preview = screen.press("preview:connect", branding__logo_url="https://acme.example/logo.png", branding__primary_color="#aa3300")
    assert preview.status == 200
    assert 'href="../preview.css?color=%23aa3300"' in preview.body
    assert 'src="https://acme.example/logo.png"' in preview.body[preview.body.index('class="preview"'):]
    css = stack.request("GET", "/console/acme/preview.css?color=%23aa3300", headers={"Accept": "text/css"})
    assert css.status == 200 and css.body.strip() == ".preview { --primary: #aa3300; }"
    assert stack.request("GET", "/console/acme/preview.css?color=red;}body{x", headers={"Accept": "text/css"}).body in ("", None)
    assert saved(stack, key, "branding")["values"]["branding"] is None


# -- translations ------------------------------------------------------------------------

def test_a_swedish_page_shows_the_translated_catalogue_consent_and_questions(stack):
    key, cookie = admin(stack)
    screen = Screen(stack, cookie, "translations")
    # When Ada translates a department, a role, a location, a question with its options and the consent
    assert screen.press("save", **{
        "translations__sv__departments__product": "Produktutveckling",
        "translations__sv__roles__front-end-developer": "Frontendutvecklare",
        "translations__sv__locations__london": "London (Storbritannien)",
        "translations__sv__questions__experience__text": "År av yrkeserfarenhet",
        "translations__sv__questions__experience__options__3": "mer än 10",
        "translations__sv__questions__visa__text": "Behöver du visum?",
        "translations__sv__consent_text": "Jag godkänner att {company} sparar min profil.",
    }).status == 303
    # Then the Swedish Connect page shows them, and the company's own text where none was given
    swedish = text_of(stack.request("GET", "/companies/acme/connect?lang=sv", headers=HTML).body)
    for shown in ("Produktutveckling", "Frontendutvecklare", "London (Storbritannien)", "År av yrkeserfarenhet", "mer än 10",
                  "Behöver du visum?", "Jag godkänner att Acme sparar min profil.", "Customer Support", "0-2"):
        assert shown in swedish, shown
    assert "Product Development" not in swedish and "I agree that" not in swedish
    # The value sent stays the company's own option
    html = stack.request("GET", "/companies/acme/connect?lang=sv", headers=HTML).body
    assert 'value="10+"' in html
    # And the English page is as the company wrote it
    english = text_of(stack.request("GET", "/companies/acme/connect?lang=en", headers=HTML).body)
    assert "Product Development" in english and "Produktutveckling" not in english
    # A Swedish candidate's answer is read back in Swedish on the dashboard
    assert stack.connect(email="eva@example.com", departments=["product"], language="sv",
                         answers=[{"question_id": "experience", "value": "10+", "shared": True}]).status == 201
    stack.drain()
    link = re.search(r"token=([^\s\"<&]+)", stack.emails_to("eva@example.com")[-1]["text"]).group(1)
    session = stack.signed_in_cookie("acme", unquote(link))
    dashboard = text_of(stack.request("GET", "/companies/acme/dashboard?lang=sv", headers={**HTML, "Cookie": session}).body)
    assert "År av yrkeserfarenhet: mer än 10" in dashboard and "Produktutveckling" in dashboard


def test_translations_of_unknown_texts_are_refused_and_removed_ones_go_with_them(stack):
    key, cookie = admin(stack)
    current = saved(stack, key, "translations")
    wrong = stack.request("PUT", "/admin/settings/translations", {"translations": {"sv": {"departments": {"nope": "Nej"}}}}, token=key,
                          headers={"If-Match": f'"{current["version"]}"'})
    assert wrong.status == 400 and wrong.body["error"]["field"] == "translations.sv.departments.nope"
    english = stack.request("PUT", "/admin/settings/translations", {"translations": {"en": {"departments": {"sales": "Sales"}}}},
                            token=key, headers={"If-Match": f'"{current["version"]}"'})
    assert english.status == 400 and english.body["error"]["field"] == "translations.en"
    done = stack.request("PUT", "/admin/settings/translations", {"translations": {"sv": {"locations": {"berlin": "Berlin (DE)"}}}},
                         token=key, headers={"If-Match": f'"{current["version"]}"'})
    assert done.status == 200
    # When Berlin is removed from the catalogue, its translation goes too
    Screen(stack, cookie, "catalogue").press("save", locations__2__remove="1")
    assert saved(stack, key, "translations")["values"]["translations"]["sv"]["locations"] == {}


def test_text_for_gives_the_company_text_in_a_language_or_its_own():
    # The one function the emails call for a company-written text (see the report).
    from chalicelib.companies.schema import CompanySettings
    from infrastructure.demo import DEMO_SETTINGS

    settings = CompanySettings.model_validate({**DEMO_SETTINGS, "translations": {"sv": {
        "departments": {"sales": "Försäljning"}, "questions": {"experience": {"options": ["", "", "", "över 10"]}}}}})
    assert settings.text_for("sv", "department", "sales") == "Försäljning"
    assert settings.text_for("en", "department", "sales") == "Sales"
    assert settings.text_for("sv", "department", "product") == "Product Development"
    assert settings.text_for("sv", "option", "experience/3") == "över 10"
    assert settings.option_text("sv", "experience", "0-2") == "0-2"
    assert settings.localized("sv").departments[2].name == "Försäljning"
