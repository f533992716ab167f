"""The console's configuration screens (issue 17, sections 3, 4 and 5): Settings -> Templates ->
Messages per language, Integrations -> LinkedIn (Apply Connect), API keys. Through HTTP as a
browser sends it (forms, cookies, CSRF), the emails as SES received them, LinkedIn's stand-in."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from tests.support import cookie_pairs
from tests.test_console_team import FORM, HTML, join

LINKEDIN = "https://platform.linkedin.com"


class Browser:
    """One member's browser: their console cookie, the CSRF field of the last page."""

    def __init__(self, stack, cookie: str, company: str = "acme"):
        self.stack, self.cookie, self.company = stack, cookie, company

    def get(self, path: str, cookie: str = ""):
        return self.stack.request("GET", f"/console/{self.company}/{path}",
                                  headers={**HTML, "Cookie": "; ".join(c for c in (self.cookie, cookie) if c)})

    def post(self, path: str, fields: dict, page: str | None = None):
        opened = self.get(page or path)
        assert opened.status == 200, opened.body
        csrf = re.search(r'name="csrf" value="([^"]+)"', opened.body).group(1)
        return self.send(path, {"csrf": csrf, **fields})

    def send(self, path: str, fields: dict):
        return self.stack.request("POST", f"/console/{self.company}/{path}", raw=urlencode(fields).encode(),
                                  headers={**FORM, "Cookie": self.cookie})


def version_of(body: str) -> str:
    return re.search(r'name="version" value="(\d+)"', body).group(1)


def editor_post(browser: Browser, name: str, language: str, action: str, **parts):
    """The editor's form as opened now, with ``parts`` typed over it and ``action`` pressed."""
    page = browser.get(f"messages/{name}/{language}")
    assert page.status == 200, page.body
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)
    typed = {part: _field(page.body, part) for part in ("subject", "text", "html")}
    return browser.send(f"messages/{name}/{language}",
                        {"csrf": csrf, "version": version_of(page.body), "action": action, **typed, **parts})


def _field(body: str, part: str) -> str:
    import html

    if part == "subject":
        return html.unescape(re.search(r'name="subject" value="([^"]*)"', body).group(1))
    return html.unescape(re.search(rf'<textarea id="template-{part}" name="{part}"[^>]*>(.*?)</textarea>', body, re.S).group(1))


@pytest.fixture
def team(stack):
    """Acme with an admin (Ada), a recruiter (Grace) and a hiring member (Linus), each signed in."""
    key = stack.company("acme")
    browsers = {role: Browser(stack, join(stack, key, email, role, name)) for role, email, name in (
        ("admin", "ada@example.com", "Ada Lovelace"), ("recruiter", "grace@example.com", "Grace Hopper"),
        ("hiring", "linus@example.com", "Linus Pauling"))}
    browsers["key"] = key
    return browsers


# -- roles ---------------------------------------------------------------------------------

def test_each_role_sees_and_may_use_only_its_screens(stack, team):
    # Templates are for admins and recruiters; LinkedIn and API keys for admins only
    expected = {
        "admin": {"messages": 200, "messages/rejection/sv": 200, "integrations/linkedin": 200, "api-keys": 200},
        "recruiter": {"messages": 200, "messages/rejection/sv": 200, "integrations/linkedin": 403, "api-keys": 403},
        "hiring": {"messages": 403, "messages/rejection/sv": 403, "integrations/linkedin": 403, "api-keys": 403},
    }
    for role, screens in expected.items():
        for path, status in screens.items():
            assert team[role].get(path).status == status, (role, path)
    # And the navigation offers each role what it may open, no more
    admin_nav = team["admin"].get("home").body
    recruiter_nav = team["recruiter"].get("home").body
    hiring_nav = team["hiring"].get("home").body
    assert all(f'href="./{p}"' in admin_nav for p in ("messages", "integrations/linkedin", "api-keys"))
    assert 'href="./messages"' in recruiter_nav and 'href="./api-keys"' not in recruiter_nav
    assert 'href="./messages"' not in hiring_nav and 'href="./integrations/linkedin"' not in hiring_nav
    # A hiring member's form post is refused in the use case too, whatever they send
    refused = team["hiring"].send("messages/rejection/en", {"csrf": "x", "action": "save", "version": "1"})
    assert refused.status == 403
    # No session: to sign in
    assert stack.request("GET", "/console/acme/messages", headers=HTML).status == 303


def test_every_kind_is_listed_with_its_default_in_each_language(stack, team):
    from chalicelib.notifications.registry import kinds

    page = team["recruiter"].get("messages")
    for name in kinds():
        for language in ("en", "sv"):
            assert f'href="./messages/{name}/{language}"' in page.body, (name, language)
    # The editor opens with the default's text, and the variables the kind's sample offers
    editor = team["recruiter"].get("messages/rejection/sv")
    assert "Emails in this language use the default." in editor.body
    assert "{{ candidate.first_name }}" in editor.body and "{{ job.title }}" in editor.body
    assert "Tack" in _field(editor.body, "text")  # the Swedish default


# -- templates per language ----------------------------------------------------------------

def test_a_swedish_version_is_used_for_swedish_emails_only_as_ses_received_them(stack, team):
    # Given Grace saves Acme's own Swedish "Thanks for connecting"
    saved = editor_post(team["recruiter"], "connect", "sv", "save", subject="Välkommen till {{ company.name }}!",
                        text="Hej {{ candidate.first_name }}!\nBekräfta här: {{ confirm_url }}\n",
                        html="<p>Hej {{ candidate.first_name }}!</p><p><a href=\"{{ confirm_url }}\">Bekräfta</a></p>")
    assert saved.status == 303 and saved.headers["location"] == "sv?done=saved"
    assert "Emails in this language use your own version." in team["recruiter"].get("messages/connect/sv").body
    # When a Swedish and an English candidate connect
    assert stack.connect(email="sara@example.com", first_name="Sara", language="sv").status == 201
    assert stack.connect(email="ada@example.org", language="en").status == 201
    stack.drain()
    # Then the Swedish one gets Acme's Swedish version, both parts, with her data
    swedish = stack.emails_to("sara@example.com")[-1]
    assert swedish["subject"] == "Välkommen till Acme!"
    assert "Hej Sara!" in swedish["text"] and "Hej Sara!" in swedish["html"]
    # And the English one still the English default
    english = stack.emails_to("ada@example.org")[-1]
    assert english["subject"].startswith("Thanks for connecting")
    # And nothing else in the settings moved (the catalogue is the demo's still)
    settings = stack.request("GET", "/admin/settings", token=team["key"]).body["settings"]
    assert settings["departments"] and list(settings["templates"]["connect"]["languages"]) == ["sv"]
    assert settings["templates"]["connect"]["subject"] is None


def test_a_template_stored_before_languages_keeps_working_in_every_language(stack, team):
    # Given a template saved the old way, through PUT /admin/settings (one version for all)
    settings = stack.request("GET", "/admin/settings", token=team["key"]).body["settings"]
    settings["templates"] = {"connect": {"subject": "Hello from {{ company.name }}", "text": "Hi {{ confirm_url }}",
                                         "html": "<p>{{ confirm_url }}</p>"}}
    assert stack.request("PUT", "/admin/settings", settings, token=team["key"]).status == 200
    # Then both languages use it, and the editor says so
    assert "saved for every language" in team["recruiter"].get("messages/connect/sv").body
    assert stack.connect(email="sara@example.com", language="sv").status == 201
    stack.drain()
    assert stack.emails_to("sara@example.com")[-1]["subject"] == "Hello from Acme"
    # When Grace saves a Swedish version, English keeps the old one
    assert editor_post(team["recruiter"], "connect", "sv", "save", subject="Hej från {{ company.name }}").status == 303
    assert stack.connect(email="ada@example.org", language="en").status == 201
    assert stack.connect(email="sven@example.com", language="sv").status == 201
    stack.drain()
    assert stack.emails_to("ada@example.org")[-1]["subject"] == "Hello from Acme"
    assert stack.emails_to("sven@example.com")[-1]["subject"] == "Hej från Acme"


def test_a_template_that_cannot_render_is_refused_with_its_line_and_reason(stack, team):
    before = stack.request("GET", "/admin/settings", token=team["key"]).body
    # A syntax error on line 2 of the text
    broken = editor_post(team["recruiter"], "rejection", "en", "save", text="Hi,\n{{ candidate.first_name }\nBye")
    assert broken.status == 400
    assert "Line 2:" in broken.body and 'id="template-text-error"' in broken.body
    # A name the kind does not have, on line 3 of the HTML
    unknown = editor_post(team["recruiter"], "rejection", "en", "save", html="<p>Hi</p>\n<p>x</p>\n<p>{{ offer.salary }}</p>")
    assert unknown.status == 400
    assert "Line 3:" in unknown.body and "&#39;offer&#39; is undefined" in unknown.body
    assert 'id="template-html-error"' in unknown.body
    # What was typed is kept in the form
    assert "{{ offer.salary }}" in _field(unknown.body, "html")
    # A sandbox escape is refused the same way, and a test send too
    escape = editor_post(team["recruiter"], "rejection", "en", "test", text="{{ job.__class__ }}")
    assert escape.status == 400 and "Line 1:" in escape.body and "not allowed in templates" in escape.body
    # And nothing was saved or sent
    assert stack.request("GET", "/admin/settings", token=team["key"]).body == before
    stack.drain()
    assert stack.emails_to("grace@example.com", kind="[Test]") == []


def test_preview_renders_the_draft_with_sample_data_and_writes_nothing(stack, team):
    before = stack.records()
    preview = editor_post(team["recruiter"], "rejection", "sv", "preview", subject="Om {{ job.title }}",
                          html="<p>Hej {{ candidate.first_name }} <script>x()</script></p>")
    assert preview.status == 200
    assert "Om Account Executive" in preview.body
    # The HTML version is shown in a sandboxed frame, its markup escaped into srcdoc
    frame = re.search(r'<iframe title="[^"]+" sandbox srcdoc="([^"]*)"', preview.body).group(1)
    assert "Hej Ada" in frame and "<script>" not in frame and "&lt;script&gt;" not in preview.body.split("srcdoc")[0][-50:]
    assert stack.records() == before


def test_send_me_a_test_goes_to_the_member_alone_marked_as_a_test(stack, team):
    sent_before = len(stack.outbox())
    response = editor_post(team["recruiter"], "job_tip", "sv", "test", subject="Nytt jobb: {{ job.title }}")
    assert response.status == 303 and response.headers["location"] == "sv?done=test"
    landing = team["recruiter"].get("messages/job_tip/sv?done=test")
    assert "grace@example.com" in landing.body
    # Exactly one email went out, to Grace, with the draft and the sample data, marked as a test
    outbox = stack.outbox()[sent_before:]
    assert [e["to"] for e in outbox] == ["grace@example.com"]
    raw = stack.raw_outbox()[-1]
    assert outbox[0]["subject"] == "[Test] Nytt jobb: Account Executive"
    assert "X-Candidate-Connect-Test: job_tip" in raw
    # And the draft was not saved by testing it
    assert "use the default" in team["recruiter"].get("messages/job_tip/sv").body


def test_reset_goes_back_to_the_default_in_that_language_only(stack, team):
    for language, subject in (("en", "Our news"), ("sv", "Våra nyheter")):
        assert editor_post(team["recruiter"], "rejection", language, "save", subject=subject).status == 303
    reset = editor_post(team["admin"], "rejection", "sv", "reset")
    assert reset.status == 303 and reset.headers["location"] == "sv?done=reset"
    assert "use the default" in team["recruiter"].get("messages/rejection/sv").body
    assert "your own version" in team["recruiter"].get("messages/rejection/en").body
    templates = stack.request("GET", "/admin/settings", token=team["key"]).body["settings"]["templates"]
    assert list(templates["rejection"]["languages"]) == ["en"]
    # Resetting the last language removes the kind's entry altogether
    assert editor_post(team["admin"], "rejection", "en", "reset").status == 303
    assert "rejection" not in stack.request("GET", "/admin/settings", token=team["key"]).body["settings"]["templates"]


def test_a_stale_form_says_who_saved_meanwhile_and_keeps_what_was_typed(stack, team):
    # Given Grace opened the Swedish rejection
    page = team["recruiter"].get("messages/rejection/sv")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)
    stale_version = version_of(page.body)
    # When Ada saves another kind meanwhile
    assert editor_post(team["admin"], "connect", "en", "save", subject="Hello").status == 303
    # Then Grace's save is refused, naming Ada, her text kept, and nothing of Ada's lost
    typed = {"subject": "Tyvärr", "text": "Hej {{ candidate.first_name }}", "html": "<p>Hej</p>"}
    refused = team["recruiter"].send("messages/rejection/sv", {"csrf": csrf, "version": stale_version, "action": "save", **typed})
    assert refused.status == 409
    assert "Ada Lovelace saved a change since you opened this form" in refused.body
    assert _field(refused.body, "subject") == "Tyvärr"
    # And saving again from the refused form (its new version) replaces knowingly
    again = team["recruiter"].send("messages/rejection/sv", {"csrf": csrf, "version": version_of(refused.body), "action": "save",
                                                             **typed})
    assert again.status == 303
    templates = stack.request("GET", "/admin/settings", token=team["key"]).body["settings"]["templates"]
    assert templates["connect"]["languages"]["en"]["subject"] == "Hello"
    assert templates["rejection"]["languages"]["sv"]["subject"] == "Tyvärr"


def test_every_form_needs_its_csrf_field(stack, team):
    refused = team["recruiter"].send("messages/rejection/en", {"csrf": "forged", "action": "reset", "version": "1"})
    assert refused.status == 403


# -- Integrations -> LinkedIn -------------------------------------------------------------

def test_switching_apply_connect_on_records_the_member_who_accepted_the_terms(stack, team, linkedin):
    admin = team["admin"]
    page = admin.get("integrations/linkedin")
    assert "By posting your job to LinkedIn, you agree to LinkedIn" in page.body and "Apply Connect is off." in page.body
    # Without ticking the terms: refused beside the box, nothing at LinkedIn
    missing = admin.post("integrations/linkedin", {"action": "on", "organization_id": "2414183"})
    assert missing.status == 400 and 'id="linkedin-terms-error"' in missing.body
    assert linkedin.apps == {}
    # Ticked, with the organization: on, recorded as Ada's
    on = admin.post("integrations/linkedin", {"action": "on", "organization_id": "2414183", "terms": "yes"})
    assert on.status == 303 and on.headers["location"] == "linkedin?done=on"
    state = stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body
    assert state["enabled"] and state["terms_accepted_by"] == "Ada Lovelace" and state["terms_accepted_at"]
    page = admin.get("integrations/linkedin?done=on")
    assert "Ada Lovelace accepted LinkedIn's jobs terms on " + state["terms_accepted_at"][:10] in page.body
    assert "No Apply Package" in page.body
    # The options: default off; notifications need the Apply Package
    no_package = admin.post("integrations/linkedin", {"action": "options", "status_notifications": "yes"})
    assert no_package.status == 400 and "needs the Apply Package" in no_package.body
    assert admin.post("integrations/linkedin", {"action": "options"}).status == 303
    assert stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body["default_apply_connect"] is False
    # Off again
    assert admin.post("integrations/linkedin", {"action": "off"}).status == 303
    assert stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body["enabled"] is False


def test_with_the_apply_package_notifications_can_be_switched_and_posted_jobs_show_their_state(stack, team, linkedin):
    from tests.support import posting

    admin = team["admin"]
    assert admin.post("integrations/linkedin", {"action": "on", "organization_id": "2414183", "terms": "yes"}).status == 303
    # LinkedIn's widget linked a contract (the JSON twin records it, as the widget's sync would)
    current = stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body
    body = {k: current[k] for k in ("enabled", "terms_accepted_by", "default_apply_connect", "organization_id")}
    assert stack.request("PUT", "/admin/integrations/linkedin", {**body, "recruiter_contract": True}, token=team["key"]).status == 200
    assert admin.post("integrations/linkedin", {"action": "options", "default_apply_connect": "yes",
                                                "status_notifications": "yes"}).status == 303
    state = stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body
    assert state["status_notifications"] is True and state["terms_accepted_by"] == "Ada Lovelace"
    # A published job is posted, with its LinkedIn link
    assert stack.request("POST", "/admin/jobs", posting(), token=team["key"]).status in (200, 201)
    stack.drain()
    page = admin.get("integrations/linkedin")
    assert "The Apply Package is active" in page.body
    row = re.search(r"<tr>\s*<td data-label=\"Job\">.*?</tr>", page.body, re.S).group(0)
    assert "Posted" in row and "View on LinkedIn" in row


def test_only_the_widget_page_may_load_linkedins_script(stack, team, linkedin):
    admin = team["admin"]
    # Before Apply Connect is on there is no widget to load
    assert admin.get("integrations/linkedin/manage").status == 409  # switch Apply Connect on first
    assert admin.post("integrations/linkedin", {"action": "on", "organization_id": "2414183", "terms": "yes"}).status == 303
    manage = admin.get("integrations/linkedin/manage")
    assert manage.status == 200
    policy = dict(d.strip().split(" ", 1) for d in manage.headers["content-security-policy"].split(";"))
    # Exactly LinkedIn's origin, for its script and its frame, and nothing else widened
    assert policy["script-src"] == f"'self' {LINKEDIN}"
    assert policy["frame-src"] == LINKEDIN and policy["connect-src"] == LINKEDIN
    assert policy["default-src"] == "'none'" and policy["style-src"] == "'self'"
    assert f'<script src="{LINKEDIN}/xdoor/scripts/in.js">' in manage.body
    assert "extensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget" in manage.body
    assert "api_key: " + linkedin.apps["acme"]["credentials"]["client_id"] in manage.body
    # Every other page keeps the strict policy
    from chalicelib.web.render import CSP

    for path in ("integrations/linkedin", "messages", "api-keys", "home"):
        assert admin.get(path).headers["content-security-policy"] == CSP, path
        assert LINKEDIN not in CSP
    # A recruiter may not open it
    assert team["recruiter"].get("integrations/linkedin/manage").status == 403


def test_a_page_may_widen_one_directive_by_https_origins_only():
    from chalicelib.web.render import CSP, csp

    assert csp() == CSP
    assert "img-src 'self' https: data:" in csp(script_src=(LINKEDIN,))
    for bad in ("http://platform.linkedin.com", "https://x.example; script-src *", "'unsafe-inline'", "https://x.example/path"):
        with pytest.raises(ValueError):
            csp(script_src=(bad,))
    with pytest.raises(ValueError):
        csp(default_src=(LINKEDIN,))


# -- API keys ----------------------------------------------------------------------------------

def test_a_new_key_is_shown_once_and_works_then_rotates_and_revokes(stack, team):
    admin = team["admin"]
    created = admin.post("api-keys", {"action": "create", "label": "Career site", "scope": "read"})
    assert created.status == 303
    location = created.headers["location"]
    carried = cookie_pairs(created.headers, "cc_console_new_key")
    # The next page shows it once and clears it
    shown = admin.get(location.removeprefix("./"), cookie=carried)
    key = re.search(r'id="new-key" readonly value="([^"]+)"', shown.body).group(1)
    assert "Max-Age=0" in shown.headers["set-cookie"]
    assert 'id="new-key"' not in admin.get(location).body
    # It works, within its scope, and the product stored no secret
    assert stack.request("GET", "/admin/settings", token=key).status == 200
    assert stack.request("PUT", "/admin/settings", {}, token=key).status == 403
    assert key.split(".")[3] not in json.dumps(stack.table_items(), default=str)
    listed = admin.get("api-keys").body
    assert "Career site" in listed and "Read only" in listed
    key_id = key.split(".")[2]
    # Rotating gives a new key (shown once) and the old one stops
    rotated = admin.post("api-keys", {"action": "rotate", "key": key_id})
    assert rotated.status == 303
    new_key = re.search(r'id="new-key" readonly value="([^"]+)"', admin.get(
        rotated.headers["location"], cookie=cookie_pairs(rotated.headers, "cc_console_new_key")).body).group(1)
    assert stack.request("GET", "/admin/settings", token=key).status == 401
    assert stack.request("GET", "/admin/settings", token=new_key).status == 200
    # Revoking stops the new one
    assert admin.post("api-keys", {"action": "revoke", "key": new_key.split(".")[2]}).status == 303
    assert stack.request("GET", "/admin/settings", token=new_key).status == 401
    # An id that names nothing is not found; the company's last key cannot go
    assert admin.post("api-keys", {"action": "revoke", "key": "../../x"}).status == 404
    last = admin.post("api-keys", {"action": "revoke", "key": team["key"].split(".")[2]})
    assert last.status == 409 and "last active key" in last.body
    assert stack.request("GET", "/admin/settings", token=team["key"]).status == 200


def test_a_new_key_cookie_from_another_key_shows_nothing(stack, team):
    # The cookie only shows the key the redirect names
    admin = team["admin"]
    created = admin.post("api-keys", {"action": "create", "label": "A", "scope": "full"})
    carried = cookie_pairs(created.headers, "cc_console_new_key")
    assert 'id="new-key"' not in admin.get("api-keys?done=created&about=000000000000", cookie=carried).body


def test_a_key_is_renamed_on_its_screen_and_through_its_json_twin_and_the_history_names_it_so(stack, team):
    # Given a key made for the career site
    admin = team["admin"]
    key = stack.request("POST", "/admin/api-keys", {"label": "Career site"}, token=team["key"]).body["key"]
    key_id = key.split(".")[2]
    # When the admin renames it on the screen
    renamed = admin.post("api-keys", {"action": "rename", "key": key_id, "label": "Greenhouse sync"})
    assert renamed.status == 303 and "The key was renamed" in admin.get(renamed.headers["location"]).body
    # Then it keeps working, and what it does is named by its new label
    assert stack.publish(external_id="job-1", version=None).status == 201
    assert stack.request("PATCH", "/admin/jobs/job-1", {"title": "Engineer"}, token=key).status == 200
    assert stack.request("GET", "/admin/jobs/job-1", token=key).body["updated_by"]["name"] == "API key Greenhouse sync"
    # When a machine renames it through the JSON twin (a full key)
    answer = stack.request("PATCH", f"/admin/api-keys/{key_id}", {"label": "ATS"}, token=team["key"])
    assert answer.status == 200 and answer.body["label"] == "ATS" and answer.body["active"] is True
    assert "ATS" in admin.get("api-keys").body
    # And mistakes are named, and change nothing
    before = stack.records()
    assert stack.request("PATCH", f"/admin/api-keys/{key_id}", {"label": "x" * 101}, token=team["key"]).body["error"]["field"] == "label"
    assert stack.request("PATCH", f"/admin/api-keys/{key_id}", {"label": "a\nb"}, token=team["key"]).status == 400
    assert stack.request("PATCH", "/admin/api-keys/000000000000", {"label": "x"}, token=team["key"]).status == 404
    too_long = admin.post("api-keys", {"action": "rename", "key": key_id, "label": "y" * 101})
    assert too_long.status == 400 and "at most 100 characters" in too_long.body
    assert stack.records() == before
    # And a revoked key keeps its label
    assert admin.post("api-keys", {"action": "revoke", "key": key_id}).status == 303
    assert stack.request("PATCH", f"/admin/api-keys/{key_id}", {"label": "Later"}, token=team["key"]).status == 409


def test_keys_made_and_revoked_through_the_api_are_named_on_the_screen_as_the_consoles_are(stack, team):
    # Given the company's full key (labelled by the operator) and the admin's screen
    admin = team["admin"]
    # When a machine creates a key through the JSON twin, and the admin revokes it on the screen
    made = stack.request("POST", "/admin/api-keys", {"label": "Job board"}, token=team["key"])
    assert made.status == 201
    key_id = made.body["id"]
    assert admin.post("api-keys", {"action": "revoke", "key": key_id}).status == 303
    # And a key made on the screen is revoked by the machine
    assert admin.post("api-keys", {"action": "create", "label": "Career site", "scope": "read"}).status == 303
    other = next(k for k in stack.request("GET", "/admin/api-keys", token=team["key"]).body["api_keys"] if k["label"] == "Career site")
    assert stack.request("DELETE", f"/admin/api-keys/{other['id']}", token=team["key"]).status == 204
    # Then both faces wrote the same history: the screen and the JSON list name who did each
    keys = {k["label"]: k for k in stack.request("GET", "/admin/api-keys", token=team["key"]).body["api_keys"]}
    caller = next(k for k in keys.values() if k["active"])
    by_key = f"API key {caller['label']}" if caller["label"] else f"API key {caller['id']}"
    assert keys["Job board"]["created_by"] == by_key and keys["Job board"]["revoked_by"] == "Ada Lovelace"
    assert keys["Career site"]["created_by"] == "Ada Lovelace" and keys["Career site"]["revoked_by"] == by_key
    screen = admin.get("api-keys").body
    assert f"by {by_key}" in screen and "by Ada Lovelace" in screen


def test_the_json_twin_of_send_me_a_test_mails_a_named_member_and_nobody_else(stack, team):
    key = team["key"]
    sent_before = len(stack.outbox())
    # When a machine asks for a Swedish test of a draft, to Grace, a member of the team
    draft = {"subject": "Nytt jobb: {{ job.title }}", "text": "Hej {{ candidate.first_name }}", "html": "<p>Hej</p>"}
    answer = stack.request("POST", "/admin/templates/job_tip/test", {"to": "grace@example.com", "language": "sv", "template": draft},
                           token=key)
    # Then it went to her alone, rendered with sample data, marked as a test, and nothing was saved
    assert answer.status == 202 and answer.body == {"to": "grace@example.com", "subject": "[Test] Nytt jobb: Account Executive",
                                                    "language": "sv"}
    outbox = stack.outbox()[sent_before:]
    assert [e["to"] for e in outbox] == ["grace@example.com"] and outbox[0]["subject"] == "[Test] Nytt jobb: Account Executive"
    assert "X-Candidate-Connect-Test: job_tip" in stack.raw_outbox()[-1]
    assert "use the default" in team["recruiter"].get("messages/job_tip/sv").body
    # And without a draft it sends the version in use, in the company's language
    default = stack.request("POST", "/admin/templates/rejection/test", {"to": "ada@example.com"}, token=key)
    assert default.status == 202 and default.body["language"] == "en" and default.body["subject"].startswith("[Test] ")
    # And an address that is not an active member's, a template that cannot render, an unknown kind: refused, nothing sent
    sent = len(stack.outbox())
    stranger = stack.request("POST", "/admin/templates/job_tip/test", {"to": "someone@example.net"}, token=key)
    assert stranger.status == 400 and stranger.body["error"]["field"] == "to"
    broken = stack.request("POST", "/admin/templates/job_tip/test",
                           {"to": "grace@example.com", "template": {**draft, "text": "Hej\n{{ job.title }"}}, token=key)
    assert broken.status == 400 and broken.body["error"]["field"] == "text" and "line 2" in broken.body["error"]["message"].lower()
    assert stack.request("POST", "/admin/templates/nothing/test", {"to": "grace@example.com"}, token=key).status == 404
    stack.drain()
    assert len(stack.outbox()) == sent


def test_the_admin_records_the_apply_package_linkedin_showed_them_and_removing_it_stops_notifications(stack, team, linkedin):
    # Given Apply Connect on, and the contract linked in LinkedIn's widget (LinkedIn shows its id there)
    admin = team["admin"]
    assert admin.post("integrations/linkedin", {"action": "on", "organization_id": "2414183", "terms": "yes"}).status == 303
    # When the admin records it on the screen
    saved = admin.post("integrations/linkedin", {"action": "contract", "recruiter_contract_id": "urn:li:contract:778899"})
    # Then the Apply Package is active, premium listings carry it, and notifications may be switched on
    assert saved.status == 303 and "The Apply Package is saved." in admin.get("integrations/linkedin?done=contract").body
    state = stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body
    assert state["recruiter_contract"] is True and state["recruiter_contract_id"] == "urn:li:contract:778899"
    assert admin.post("integrations/linkedin", {"action": "options", "status_notifications": "yes"}).status == 303
    # A mistyped id is refused beside its field, and nothing changes
    wrong = admin.post("integrations/linkedin", {"action": "contract", "recruiter_contract_id": "contract 12"})
    assert wrong.status == 400 and 'id="linkedin-recruiter_contract_id-error"' in wrong.body and 'value="contract 12"' in wrong.body
    assert stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body["recruiter_contract_id"] == "urn:li:contract:778899"
    # When the field is emptied, the package is gone and status notifications with it
    assert admin.post("integrations/linkedin", {"action": "contract", "recruiter_contract_id": ""}).status == 303
    state = stack.request("GET", "/admin/integrations/linkedin", token=team["key"]).body
    assert state["recruiter_contract"] is False and state["recruiter_contract_id"] is None and state["status_notifications"] is False
    assert "No Apply Package" in admin.get("integrations/linkedin").body
