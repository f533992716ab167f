"""Issue 8 (first part): the candidate pages over HTTP, without JavaScript, as a browser posts
forms. (Browser, axe and 360-px checks with Playwright are the next part.)"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from infrastructure.demo import DEMO_SETTINGS
from tests.support import cookie_pairs

HTML = {"Accept": "text/html,application/xhtml+xml"}
FORM = {"Content-Type": "application/x-www-form-urlencoded", **HTML}


class Controls(HTMLParser):
    """The form controls and labels of a page, as a browser sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.labels: set[str] = set()
        self.scripts: list[dict] = []
        self.inline_styles = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "script":
            self.scripts.append(attrs)


def form_post(stack, path, fields, cookie=None):
    headers = {**FORM, **({"Cookie": cookie} if cookie else {})}
    return stack.request("POST", path, raw=urlencode(fields, doseq=True).encode(), headers=headers)


def test_the_connect_page_is_a_real_page_with_strict_headers_and_labelled_controls(stack):
    stack.company("acme", {**DEMO_SETTINGS, "branding": {"primary_color": "#aa3300"}})

    page = stack.request("GET", "/companies/acme/connect", headers=HTML)
    data = stack.request("GET", "/companies/acme/connect")  # a career site's script still gets JSON
    theme = stack.request("GET", "/companies/acme/theme.css")

    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["x-content-type-options"] == "nosniff"
    controls = Controls(page.body)
    assert controls.inline_styles == 0 and all("src" in s for s in controls.scripts)
    unlabelled = [c for c in controls.inputs if c.get("id") not in controls.labels]
    assert unlabelled == []
    assert "Front End Developer" in page.body and "<legend>Roles in Product Development" in page.body
    assert isinstance(data.body, dict) and data.body["company"]["slug"] == "acme"
    assert theme.body.strip() == ":root { --primary: #aa3300; }"
    for asset in re.findall(r'(?:href|src)="\.\./\.\./(static/[a-z.]+)"', page.body):
        assert stack.request("GET", "/" + asset).status == 200


def test_connecting_from_the_page_without_javascript(stack):
    stack.company("acme")
    fields = {"departments": ["product"], "roles": ["front-end-developer"], "location": "stockholm",
              "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
              "answer.visa": "false", "share.visa": "on", "answer.linkedin": "", "consent": "true"}

    # A mistake is shown next to the field it is about, and nothing is written
    before = stack.records()
    wrong = form_post(stack, "/companies/acme/connect", {**fields, "email": "not-an-address"})
    assert wrong.status == 400 and stack.records() == before
    assert 'id="email-error"' in wrong.body and 'aria-describedby="email-error" aria-invalid="true"' in wrong.body
    assert 'value="Lovelace"' in wrong.body and "checked" in wrong.body  # what was typed is kept

    # Then the corrected form connects (303 to the thank-you page, which names the address), with
    # the answer shared as chosen
    done = form_post(stack, "/companies/acme/connect", fields)
    stack.drain()
    assert done.status == 303 and done.headers["location"] == "sent"
    thanks = stack.request("GET", "/companies/acme/sent", headers={**HTML, "Cookie": cookie_pairs(done.headers, "cc_sent")})
    assert "Check your inbox" in thanks.body and "ada@example.com" in thanks.body
    [email] = stack.emails_to("ada@example.com")
    [candidate] = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"]
    assert candidate["answers"] == [{"question_id": "visa", "value": False, "shared": True}]
    assert [r["id"] for r in candidate["roles"]] == ["front-end-developer"]


def signed_in_cookie(stack) -> str:
    stack.connect()
    stack.drain()
    token = stack.confirm_token("ada@example.com")
    return stack.signed_in_cookie("acme", token)


def test_the_dashboard_page_changes_job_tips_to_example_c_with_a_csrf_token(stack):
    # Given Candidate C, signed in from her emailed link, following Sales in London
    stack.company("acme")
    stack.connect(departments=["sales"], location="london")
    stack.drain()
    token = stack.confirm_token("ada@example.com")
    cookie = stack.signed_in_cookie("acme", token)
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body).group(1)
    example_c = {"departments": ["sales", "customer-success"], "locations": ["london"], "frequency": "instant"}

    # When a form without the CSRF token is posted (another site), and then hers
    forged = form_post(stack, "/companies/acme/dashboard/subscription", example_c, cookie)
    saved = form_post(stack, "/companies/acme/dashboard/subscription", {**example_c, "csrf": csrf}, cookie)
    stack.publish(external_id="csm", title="CSM", department="customer-success", role="customer-success-manager", locations=["london"])
    stack.publish(external_id="csm-berlin", title="CSM Berlin", department="customer-success", role="customer-success-manager", locations=["berlin"])
    stack.drain()

    # Then only hers changes anything, and job tips follow Example C
    assert forged.status == 403
    assert saved.status == 303 and saved.headers["location"] == "../dashboard?done=saved"
    assert [t["subject"] for t in stack.job_tips_to("ada@example.com")] == ["New job at Acme: CSM"]
    shown = stack.request("GET", "/companies/acme/dashboard?done=saved", headers={**HTML, "Cookie": cookie})
    assert "Your job tips are saved." in shown.body


def test_export_download_and_erase_from_the_dashboard(stack):
    stack.company("acme")
    cookie = signed_in_cookie(stack)
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body).group(1)

    export = stack.request("GET", "/companies/acme/dashboard/export", headers={"Cookie": cookie})
    unconfirmed = form_post(stack, "/companies/acme/dashboard/erase", {"csrf": csrf}, cookie)
    erased = form_post(stack, "/companies/acme/dashboard/erase", {"csrf": csrf, "confirm": "yes"}, cookie)
    after = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})

    assert export.status == 200 and export.headers["content-disposition"] == 'attachment; filename="my-data.json"'
    body = export.body if isinstance(export.body, dict) else json.loads(export.body)
    assert body["candidate"]["email"] == "ada@example.com"
    assert unconfirmed.status == 400
    assert erased.status == 200 and "deleted" in erased.body and "Max-Age=0" in erased.headers["set-cookie"]
    assert after.status == 401 and "ada@example.com" not in json.dumps(stack.table_items())


def test_a_session_cookie_opens_only_its_own_company(stack):
    stack.company("acme")
    stack.company("beta")
    cookie = signed_in_cookie(stack)

    own = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    other = stack.request("GET", "/companies/beta/dashboard", headers={**HTML, "Cookie": cookie})
    garbage = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": "cc_session=\u00e9; x"})

    assert own.status == 200 and other.status == 401 and garbage.status == 401


def test_signing_in_by_email_from_the_page(stack):
    stack.company("acme")
    stack.connect_and_confirm()

    page = stack.request("GET", "/companies/acme/sign-in", headers=HTML)
    sent = form_post(stack, "/companies/acme/sign-in", {"email": "ada@example.com"})
    unknown = form_post(stack, "/companies/acme/sign-in", {"email": "nobody@example.com"})
    stack.drain()

    assert page.status == 200 and 'type="email"' in page.body
    # Both lead to the same page (a 303, nothing said about who is connected)
    assert sent.status == unknown.status == 303 and sent.headers["location"] == unknown.headers["location"] == "sent"
    [link] = stack.emails_to("ada@example.com", kind="sign-in")
    assert "/companies/acme/dashboard?token=" in link["text"]


def test_the_dashboard_edits_the_profile_share_choices_and_stops_job_tips(stack):
    # Given Ada, signed in, with a private answer
    stack.company("acme")
    stack.connect(answers=[{"question_id": "visa", "value": True, "shared": False}])
    stack.drain()
    token = stack.confirm_token("ada@example.com")
    cookie = stack.signed_in_cookie("acme", token)
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body).group(1)

    # When she renames herself, picks Berlin and Swedish emails, shares her answer, then stops job tips
    saved = form_post(stack, "/companies/acme/dashboard/profile",
                      {"csrf": csrf, "first_name": "Augusta", "last_name": "King", "location": "berlin", "language": "sv", "shared": "visa"}, cookie)
    stopped = form_post(stack, "/companies/acme/dashboard/unsubscribe", {"csrf": csrf}, cookie)

    # Then recruiters see the new name and the shared answer, the page follows her language, and no tips go out
    assert saved.status == 303 and stopped.status == 303
    [row] = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"]
    assert row["first_name"] == "Augusta" and row["location"] == "berlin" and row["answers"] == [{"question_id": "visa", "value": True, "shared": True}]
    shown = stack.request("GET", "/companies/acme/dashboard?done=unsubscribed", headers={**HTML, "Cookie": cookie})
    assert '<html lang="sv">' in shown.body and "Du får inga fler jobbtips" in shown.body
    stack.publish(locations=["berlin"])
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == []


def test_general_questions_come_first_and_department_questions_say_whom_they_are_for(stack):
    settings = {**DEMO_SETTINGS, "questions": [
        {"id": "stack", "text": "Favourite stack?", "type": "text", "level": "department", "department": "product"},
        *DEMO_SETTINGS["questions"],
    ]}
    stack.company("acme", settings)

    page = stack.request("GET", "/companies/acme/connect", headers=HTML).body

    positions = [page.index(f'id="answer.{q}"') for q in ("linkedin", "visa", "experience", "stack")]
    assert positions == sorted(positions)
    assert 'data-level="department" data-for="product"' in page and "for Product Development" in page


def test_the_dashboard_chooses_the_persons_time_zone_which_the_api_reads_back(stack):
    # Given Ada, signed in; her time zone is the company's until she chooses one
    stack.company("acme")
    stack.connect()
    stack.drain()
    token = stack.confirm_token("ada@example.com")
    cookie = stack.signed_in_cookie("acme", token)
    page = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert '<label for="timezone">' in page.body and '<option value="America/New_York">America/New York</option>' in page.body
    assert '<option value="Europe/Stockholm" selected>' in page.body  # the demo company's
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body).group(1)
    profile = {"csrf": csrf, "first_name": "Ada", "last_name": "Lovelace", "location": "", "language": "en"}

    # When she chooses New York on the page
    saved = form_post(stack, "/companies/acme/dashboard/profile", {**profile, "timezone": "America/New_York"}, cookie)
    # Then the profile (the same use case as PATCH /me) holds it, and the page shows it chosen
    assert saved.status == 303
    again = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert '<option value="America/New_York" selected>' in again.body

    # And a zone that is none is refused beside its field, changing nothing
    refused = form_post(stack, "/companies/acme/dashboard/profile", {**profile, "timezone": "Mars/Olympus"}, cookie)
    assert refused.status == 400 and 'id="timezone-error"' in refused.body
    kept = stack.request("GET", "/companies/acme/dashboard", headers={**HTML, "Cookie": cookie})
    assert '<option value="America/New_York" selected>' in kept.body
