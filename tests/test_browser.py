"""Issue 8 in a real browser: Debian's Chromium driven by Playwright, axe-core on every page.

The app runs behind the local server (as `make run` serves it) on a loopback port, against moto
in process. Journeys start from the first click; every page is checked by axe (WCAG 2.1 A and
AA: zero violations) at 360 px and on a desktop, and a screenshot of each is written to
build/screenshots/.
"""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from chalice.cli.factory import CLIFactory

import app as app_module
from infrastructure.local_gateway import local_server
from tests.support import ROOT, free_port

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "build" / "screenshots"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
# As the machine notes say: no sandbox as root, and no background traffic on a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]



@pytest.fixture
def site(stack):
    """The demo company served on loopback, and a browser."""
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    stack.company("acme")
    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
    port = free_port()
    server = local_server(app_module.app, config, "127.0.0.1", port)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield f"http://127.0.0.1:{port}", browser
        browser.close()
    server.server.shutdown()
    server.server.server_close()


def check_page(page, name: str) -> None:
    """Zero axe violations and a screenshot, at 360 px and on a desktop."""
    for width, height, label in ((360, 740, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        results = Axe().run(page, options=WCAG)
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
        assert violations == [], f"{name} at {width}px: {violations}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)


def link_in(text: str) -> str:
    return re.search(r"https?://\S+token=\S+", text).group(0)


def local(url: str, base: str) -> str:
    """An emailed link (made for the stage's public URL) opened on this test's server."""
    return base + url[url.index("/companies/"):]


@pytest.fixture
def career_site(site):
    """The sample career page (docs/career-page.html) served from its own origin, its Connect
    snippet pointing at the API under test."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    base, _browser = site
    html = (ROOT / "docs" / "career-page.html").read_text().replace("https://api.candidate-connect.example", base).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_connect_confirm_manage_job_tips_and_unsubscribe_in_a_browser(stack, site, career_site):
    base, browser = site
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    # Given the company's career page with the Connect snippet next to "Job openings"
    page.goto(career_site)
    page.get_by_role("link", name="Connect").click()
    assert page.url == f"{base}/companies/acme/connect"
    check_page(page, "connect")

    # When Ada picks Product / Front End Developer and Stockholm, answers, and connects
    page.get_by_label("Product Development").check()
    page.get_by_label("Front End Developer").check()
    page.get_by_label("Where you would like to work").select_option("stockholm")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("No", exact=True).check()
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Connect").click()

    # Then a thank-you page, and the thank-you email's link opens her dashboard
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you for connecting")
    check_page(page, "thank-you")
    stack.drain()
    [email] = stack.emails_to("ada@example.com")
    page.goto(local(link_in(email["text"]), base))
    check_page(page, "continue")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hi Ada"
    check_page(page, "dashboard")

    # And she changes her job tips to Example C, and they follow it
    page.get_by_label("Product Development").uncheck()
    page.get_by_label("Sales", exact=True).check()
    page.get_by_label("Customer Success", exact=True).check()
    page.get_by_label("London").check()
    page.get_by_role("button", name="Save job tips").click()
    assert "Your job tips are saved." in page.inner_text("main")
    stack.publish(external_id="csm", title="CSM", department="customer-success", role="customer-success-manager", locations=["london"])
    stack.publish(external_id="fe", title="Front End", locations=["stockholm"])
    stack.drain()
    [tip] = stack.job_tips_to("ada@example.com")
    assert tip["subject"] == "New job at Acme: CSM"

    # And the job tip's unsubscribe link stops them with one button; removing her data is on the
    # dashboard the tip's "Manage your preferences" opens (tips no longer carry an erase link)
    unsubscribe = re.search(r"https?://\S+/unsubscribe\?token=\S+", tip["text"]).group(0)
    page.goto(base + unsubscribe[unsubscribe.index("/unsubscribe"):])
    check_page(page, "unsubscribe")
    page.get_by_role("button", name="Stop job tips").click()
    assert "no more job tips" in page.inner_text("main")
    check_page(page, "unsubscribed")
    assert "/erase?token=" not in tip["text"]
    manage = re.search(r"Manage your preferences: (https?://\S+)", tip["text"]).group(1)
    page.goto(base + manage[manage.index("/companies/"):])
    page.get_by_label("I understand that everything about me will be deleted").check()
    page.get_by_role("button", name="Delete all my data").click()
    assert "ada@example.com" not in str(stack.table_items())
    assert errors == []


def test_connect_page_by_keyboard_only_with_errors_announced(stack, site):
    base, browser = site
    page = browser.new_page()
    page.goto(f"{base}/companies/acme/connect")

    # Tab past the skip link and the language switch to the email field (the form's first, issue
    # 18), then to the first department; choose it with Space, and submit with Enter from a text field
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order == ["Skip to content", "Svenska", "email", "first_name", "last_name", "dept-product"]
    page.keyboard.press("Space")
    for label, text in (("First name", "Ada"), ("Last name", "Lovelace"), ("Email address", "not-an-address")):
        page.get_by_label(label).focus()
        page.keyboard.type(text)
    page.get_by_label(re.compile("I agree")).focus()
    page.keyboard.press("Space")
    page.get_by_label("Email address").focus()
    page.keyboard.press("Enter")

    # The error is announced (role=alert, focused) and tied to its field
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#email").get_attribute("aria-describedby") == "email-error"
    check_page(page, "connect-error")


def test_sign_in_with_the_stand_in_linkedin_in_a_browser(stack, site, monkeypatch):
    from chalicelib.runtime import reset_caches
    from infrastructure.demo import DEMO_SETTINGS
    from tests.standins.oidc_provider import OpenIdProvider

    # Given Ada, connected, and a company offering LinkedIn sign-in (the stand-in provider)
    base, browser = site
    idp = OpenIdProvider("https://www.linkedin.test/oauth", "acme-linkedin", "s3cret")
    for name, value in {"LINKEDIN_JWKS_URL": idp.jwks_url, "LINKEDIN_ISSUER": idp.issuer, "LINKEDIN_AUTHORIZE_URL": idp.authorize_url,
                        "LINKEDIN_TOKEN_URL": idp.token_url, "PUBLIC_API_URL": base}.items():
        monkeypatch.setenv(name, value)
    reset_caches()
    from chalicelib.config import get_settings
    assert get_settings().public_api_url == base  # read now: the test client's own requests see the stage's file
    key = stack._keys["acme"]
    stack.request("PUT", "/admin/settings", {**DEMO_SETTINGS, "identity_providers": {"linkedin": {"client_id": "acme-linkedin"}}}, token=key)
    stack.request("PUT", "/admin/identity-providers/linkedin/secret", {"secret": "s3cret"}, token=key)
    stack.connect_and_confirm()
    page = browser.new_page()

    # When she opens the sign-in page and chooses LinkedIn
    page.goto(f"{base}/companies/acme/sign-in")
    check_page(page, "sign-in")
    page.get_by_role("link", name="Sign in with LinkedIn").click()

    # Then, back from LinkedIn, she is on her dashboard
    assert page.url == f"{base}/companies/acme/dashboard"
    assert page.get_by_role("heading", level=1).inner_text() == "Hi Ada"
    idp.close()


def test_apply_with_a_resume_then_connect_from_the_offer_in_a_browser(stack, site, monkeypatch, tmp_path):
    import requests
    from chalicelib.runtime import reset_caches

    base, browser = site
    monkeypatch.setenv("PUBLIC_API_URL", base)
    reset_caches()
    from chalicelib.config import get_settings
    assert get_settings().public_api_url == base
    stack.publish()
    resume = tmp_path / "grace.pdf"
    resume.write_bytes(b"%PDF-1.4 a resume")
    page = browser.new_page()

    # The browser posts the file straight to S3 (moto, in this process): forward it there as sent.
    def to_s3(route):
        sent = route.request
        answer = requests.post(sent.url, data=sent.post_data_buffer, headers={"Content-Type": sent.headers["content-type"]},
                               allow_redirects=False, timeout=30)
        route.fulfill(status=answer.status_code, headers={k: v for k, v in answer.headers.items() if k.lower() in ("location", "content-type")},
                      body=answer.content)

    page.route("https://*.amazonaws.com/**", to_s3)

    # Given the job's apply page
    page.goto(f"{base}/companies/acme/jobs/job-1/apply")
    check_page(page, "apply")

    # When Grace fills it in, chooses a PDF resume, and uploads it on the next step
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Resume").select_option("pdf")
    page.get_by_role("button", name="Send application").click()
    check_page(page, "upload")
    page.get_by_label("Resume file").set_input_files(str(resume))
    page.get_by_role("button", name="Upload resume").click()

    # Then she is thanked and offered to connect; connecting sends the confirmation email
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for applying"
    check_page(page, "applied")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name=re.compile("Connect with")).click()
    assert "Check your inbox" in page.inner_text("main")
    stack.drain()
    assert stack.emails_to("grace@example.com", kind="Thanks for connecting")
    [application] = stack.request("GET", "/admin/applications", token=stack._keys["acme"]).body["applications"]
    download = stack.request("GET", f"/admin/applications/{application['id']}/resume", token=stack._keys["acme"])
    assert download.status == 200  # the file is in the resumes bucket


def test_the_pages_in_swedish_pass_axe_and_fit_a_phone(stack, site):
    base, browser = site
    page = browser.new_page(locale="sv-SE", extra_http_headers={"Accept-Language": "sv-SE,sv;q=0.9"})

    page.goto(f"{base}/companies/acme/connect")
    assert page.get_by_role("heading", level=1).inner_text() == "Anslut till Acme"
    check_page(page, "connect-sv")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Connect with Acme"


# -- issue 18: the candidate's journeys, in English and Swedish, at 360 px and 1280 px ---------

EMPTY_CONNECT = {
    "en": ("Please check these 5 things", ["Enter your email address", "Enter your first name", "Enter your last name",
                                          "Choose at least one department", "Tick the box to agree, so that we may keep your details"]),
    "sv": ("Kontrollera de här 5 sakerna", ["Fyll i din e-postadress", "Fyll i ditt förnamn", "Fyll i ditt efternamn",
                                           "Välj minst en avdelning", "Kryssa i rutan för att godkänna, så att vi får spara dina uppgifter"]),
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_empty_connect_form_shows_every_error_at_once_in_the_pages_language(stack, site, language):
    base, browser = site
    stack.publish()
    page = browser.new_page(locale="sv-SE" if language == "sv" else "en-GB",
                            extra_http_headers={"Accept-Language": "sv-SE,sv" if language == "sv" else "en-GB,en"})
    page.goto(f"{base}/companies/acme/connect")
    check_page(page, f"connect-jobs-{language}")

    # Roles appear once their department is chosen (CSS :has(), no script needed)
    roles = page.locator('fieldset.roles[data-department="product"]')
    assert not roles.is_visible()
    page.locator("#dept-product").check()
    assert roles.is_visible()
    page.locator("#dept-product").uncheck()

    # When the form is sent empty
    page.locator("#connect-form button[type=submit]").first.click()

    # Then every problem is in the summary (focused) and beside its field, in the page's language
    heading, messages = EMPTY_CONNECT[language]
    summary = page.locator("#error-summary")
    assert summary.locator("h2").inner_text() == heading
    assert summary.locator("li").all_inner_texts() == messages
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#email-error").inner_text().endswith(messages[0])
    for control in ("#email", "#first_name", "#last_name"):
        box = page.locator(control).bounding_box()
        assert box["height"] >= 44
    check_page(page, f"connect-errors-{language}")


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_signed_in_candidate_applies_and_sees_the_application_at_once(stack, site, language):
    base, browser = site
    stack.publish()
    stack.connect(language=language)
    stack.drain()
    [thanks] = stack.emails_to("ada@example.com")  # in her language
    token = re.search(r"token=([^\s&]+)", thanks["text"]).group(1)
    page = browser.new_page(extra_http_headers={"Accept-Language": "sv-SE,sv" if language == "sv" else "en-GB,en"})

    # Given Ada signed in from her emailed link
    page.goto(f"{base}/companies/acme/dashboard?token={token}")
    page.locator("form button[type=submit]").click()
    assert page.url == f"{base}/companies/acme/dashboard"

    # When she opens a job from her dashboard and sends the prefilled form
    page.locator('a[href="jobs/job-1/apply"]').first.click()
    assert page.locator("#email").input_value() == "ada@example.com"
    check_page(page, f"apply-signed-in-{language}")
    page.locator("#apply-form button[type=submit]").click()

    # Then she is thanked without an offer to connect again, and the application is on her dashboard
    assert page.locator("form[action=connect-after-applying]").count() == 0
    check_page(page, f"applied-signed-in-{language}")
    page.locator('a[href="../../dashboard"]').click()
    assert "Front End Developer" in page.locator("section[aria-labelledby=applications-h]").inner_text()
    check_page(page, f"dashboard-applied-{language}")
    stack.drain()
    assert [e for e in stack.emails_to("ada@example.com") if "yours" in e["subject"].lower()] == []


@pytest.mark.parametrize("language", ["en", "sv"])
def test_unsubscribe_erase_and_an_expired_link_show_the_company(stack, site, monkeypatch, language):
    from datetime import timedelta

    base, browser = site
    stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    [tip] = stack.job_tips_to("ada@example.com")
    page = browser.new_page(extra_http_headers={"Accept-Language": "sv-SE,sv" if language == "sv" else "en-GB,en"})
    unsubscribe = re.search(r"/unsubscribe\?token=\S+", tip["text"]).group(0)
    from chalicelib.candidates.links import erase_link  # (tips no longer carry it; older tips' links work)

    candidate_id = stack.request("GET", "/admin/candidates", token=stack._keys["acme"]).body["candidates"][0]["id"]
    erased = erase_link("acme", candidate_id, "ada@example.com")
    erase = erased[erased.index("/erase?"):]

    for name, path in (("unsubscribe", unsubscribe), ("erase", erase)):
        page.goto(base + path)
        assert page.locator("header .brand").inner_text() == "Acme"
        assert page.locator('link[href="companies/acme/theme.css"]').count() == 1
        check_page(page, f"{name}-branded-{language}")

    # An expired link: still the company's page, with its sign-in
    later = __import__("chalicelib.db", fromlist=["now"]).now() + timedelta(days=400)
    monkeypatch.setattr("chalicelib.candidates.links.now", lambda: later)
    page.goto(base + erase)
    assert page.locator("header .brand").inner_text() == "Acme"
    assert page.locator('a[href="companies/acme/sign-in"]').count() == 1
    check_page(page, f"expired-link-{language}")

    # And an unknown company's page is a neutral page, not JSON
    page.goto(f"{base}/companies/nobody/connect")
    assert page.locator("h1").count() == 1 and page.locator("header .brand").count() == 0
    check_page(page, f"not-found-{language}")

# The company's logo, as its CDN would answer (the closed network has no CDN).
LOGO_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">'
            b'<rect width="40" height="40" rx="8" fill="#0b5fff"/><text x="50" y="28" font-family="sans-serif" '
            b'font-size="22" font-weight="bold" fill="#0b5fff">Acme</text></svg>')


def test_every_email_kind_in_both_languages_rendered_in_chromium(stack):
    """Issue 18.5: each email as SES received it, opened in Chromium on a phone and a desktop,
    written to build/screenshots/emails/<kind>-<language>-<width>.png; on a phone it scrolls no
    wider than the screen, and axe finds no violation in it."""
    from tests.test_candidate_emails import LOGO, send_every_kind

    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    sent = send_every_kind(stack)
    folder = SCREENSHOTS / "emails"
    folder.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        # Nothing leaves the machine: the logo comes from here, anything else is refused.
        page.route("**/*", lambda route: route.fulfill(status=200, content_type="image/svg+xml", body=LOGO_SVG)
                   if route.request.url == LOGO else route.abort())
        for (kind, language), email in sorted(sent.items()):
            page.set_content(email["html"], wait_until="load")
            assert page.evaluate("document.documentElement.lang") == language
            assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"), f"{kind} {language}: logo"
            for width, height, label in ((360, 740, "phone"), (1280, 900, "desktop")):
                page.set_viewport_size({"width": width, "height": height})
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{kind} ({language}) scrolls sideways at {width}px"
                results = Axe().run(page, options=WCAG)
                violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
                assert violations == [], f"{kind} ({language}) at {width}px: {violations}"
                page.screenshot(path=str(folder / f"{kind}-{language}-{label}.png"), full_page=True)
        browser.close()
    assert len(list(folder.glob("*.png"))) >= len(sent) * 2
