"""Issue 16 in a real browser: a recruiter works through applications in the console, driven by
the screens' labels and roles in Debian's Chromium (Playwright), axe-core (WCAG 2.1 A and AA)
on every screen at 1280 and 360 px, screenshots under build/screenshots/console/."""
from __future__ import annotations

from playwright.sync_api import expect

import re
from urllib.parse import urlencode

import boto3
import pytest

from infrastructure.demo import DEMO_SETTINGS
from tests.support import ROOT

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from tests.test_browser import WCAG, site  # noqa: E402,F401 - the served app and the browser

SCREENSHOTS = ROOT / "build" / "screenshots" / "console"


def check_screen(page, name: str) -> None:
    """Zero axe violations, no sideways scrolling and a screenshot, at 1280 and 360 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, label in ((1280, 900, "desktop"), (360, 740, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        results = Axe().run(page, options=WCAG)
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
        assert violations == [], f"{name} at {width}px: {violations}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_recruiter_opens_downloads_moves_rejects_with_a_delay_and_undoes(stack, site):  # noqa: F811
    import requests

    base, browser = site
    key = stack._keys["acme"]
    # Given a company that tells rejected candidates two days later, and Grace's application with a resume
    settings = {**DEMO_SETTINGS, "timezone": "Europe/Stockholm", "delayed_rejection": {"enabled": True, "delay_hours": 48}}
    assert stack.request("PUT", "/admin/settings", settings, token=key).status == 200
    assert stack.publish().status == 201
    applied = stack.request("POST", "/companies/acme/jobs/job-1/applications", {
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper",
        "resume": {"file_name": "grace.pdf", "content_type": "application/pdf", "size": 17}})
    assert applied.status == 201, applied.body
    boto3.client("s3").put_object(Bucket=stack.env["RESUMES_BUCKET"], Key=applied.body["resume_upload"]["fields"]["key"],
                                  Body=b"%PDF-1.4 a resume")
    # And Rita, invited as a recruiter, accepting her emailed invitation in the browser
    assert stack.request("POST", "/admin/members", {"email": "rita@example.com", "role": "recruiter", "name": "Rita Recruiter"},
                         token=key).status == 201
    stack.drain()
    [invitation] = stack.emails_to("rita@example.com")
    link = re.search(r"https?://\S+/invitation\?token=[^\s\"<]+", invitation["text"]).group(0)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The resume's short-lived link points at S3 (moto, in this process): fetch it there, as sent.
    def from_s3(route):
        answer = requests.get(route.request.url, timeout=30)
        route.fulfill(status=answer.status_code, body=answer.content, headers={
            k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "content-disposition")})

    page.route("https://*.amazonaws.com/**", from_s3)
    page.goto(base + link[link.index("/console/"):])
    page.get_by_role("button", name="Accept and sign in").click()

    # When she opens Applications from the console's navigation
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    assert page.get_by_role("link", name=re.compile(r"Applied\s+1")).get_attribute("aria-current") == "page"
    check_screen(page, "applications")

    # And opens Grace's application
    page.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    check_screen(page, "application")

    # And downloads the resume: the file arrives under its name
    application = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the resume").click()
    assert download.value.suggested_filename == "grace.pdf"
    assert open(download.value.path(), "rb").read() == b"%PDF-1.4 a resume"
    if page.url != application:  # a download Playwright fulfilled leaves Chromium's error page behind; S3 does not
        page.goto(application)

    # And moves it to In review
    page.get_by_role("button", name="Move to In review").click()
    assert "In review" in page.locator(".status-line").inner_text()

    # And rejects it: the screen says exactly when Grace is told, in the company's time zone
    page.get_by_role("button", name="Reject").click()
    stack.drain()
    told = page.get_by_role("status").filter(has_text="will be told on").inner_text()
    assert re.search(r"Grace Hopper will be told on \d{1,2} [A-Z][a-z]{2} \d\d:\d\d \(Europe/Stockholm\)", told), told
    check_screen(page, "application-rejected")

    # And undoes it: back in review, and Grace is never told
    page.get_by_role("button", name="Undo rejection").click()
    stack.drain()
    assert "The rejection is undone" in page.inner_text("main")
    assert "In review" in page.locator(".status-line").inner_text()
    history = page.locator(".history").inner_text()
    assert "Viewed by Rita Recruiter" in history and "Resume downloaded by Rita Recruiter" in history
    assert "Rejection undone by Rita Recruiter" in history
    check_screen(page, "application-undone")
    assert [e for e in stack.emails_to("grace@example.com") if e["subject"].startswith("Your application to")] == []

    # And, from the list, she moves it on with a checkbox and the Move to choice
    page.get_by_role("link", name=re.compile("Applications for")).click()
    page.get_by_label("Choose Grace Hopper").check()
    page.get_by_label("Move the chosen applications to").select_option(label="Shortlisted")
    page.get_by_role("button", name="Move", exact=True).click()
    assert "Moved to Shortlisted: 1." in page.get_by_role("status").first.inner_text()
    check_screen(page, "applications-moved")
    assert errors == []
    assert stack.request("GET", "/admin/applications?" + urlencode({"status": "shortlisted"}), token=key).body["applications"]
