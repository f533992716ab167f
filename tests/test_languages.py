"""Issue 8: the pages in the candidate's language. English and Swedish ship; a page follows the
language switch (kept in a cookie), else the browser's Accept-Language, else the company's."""
from __future__ import annotations

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from chalicelib.i18n import LANGUAGES, LOCALES, from_accept_language
from infrastructure.demo import DEMO_SETTINGS
from tests.support import ROOT

HTML = {"Accept": "text/html"}


def test_every_text_of_every_page_template_has_a_swedish_translation():
    with (LOCALES / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    translated = {m.id for m in catalog if m.id and m.string}
    extracted = {
        (message[0] if isinstance(message, tuple) else message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "chalicelib" / "web" / "templates"), method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}})
    }
    assert extracted and extracted - translated == set()


def test_accept_language_picks_the_first_offered_language_by_quality():
    assert from_accept_language("sv-SE,sv;q=0.9,en;q=0.8") == "sv"
    assert from_accept_language("de-DE,de;q=0.9,sv;q=0.5,en;q=0.7") == "en"
    assert from_accept_language("fr") is None and set(LANGUAGES) == {"en", "sv"}


def test_the_connect_page_in_swedish_from_the_browser_the_switch_or_the_company(stack):
    stack.company("acme")
    stack.company("beta", {**DEMO_SETTINGS, "language": "sv"})

    browser_sv = stack.request("GET", "/companies/acme/connect", headers={**HTML, "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    switched = stack.request("GET", "/companies/acme/connect?lang=sv", headers=HTML)
    kept = stack.request("GET", "/companies/acme/sign-in", headers={**HTML, "Cookie": switched.headers["set-cookie"].split(";")[0]})
    company_default = stack.request("GET", "/companies/beta/connect", headers=HTML)
    english = stack.request("GET", "/companies/beta/connect", headers={**HTML, "Accept-Language": "en-GB"})

    for page in (browser_sv, switched, company_default):
        assert '<html lang="sv">' in page.body and "Anslut till" in page.body and "Avdelningar och roller" in page.body
    assert "Logga in" in kept.body
    assert '<html lang="en">' in english.body and "Departments and roles" in english.body
    assert re.search(r'<a href="\?lang=en" lang="en" hreflang="en">English</a>', switched.body)


def test_message_pages_follow_the_language_too(stack):
    stack.company("acme")

    unsubscribe = stack.request("GET", "/unsubscribe?token=x", headers={**HTML, "Accept-Language": "sv"})

    assert "Sluta få jobbtips?" in unsubscribe.body and '<html lang="sv">' in unsubscribe.body


def test_emails_follow_the_language_of_the_page_the_candidate_connected_from(stack):
    from urllib.parse import urlencode

    # Given Ada, connecting from the Connect page shown in Swedish
    stack.company("acme")
    fields = {"departments": ["product"], "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "consent": "true"}
    stack.request("POST", "/companies/acme/connect?lang=sv", raw=urlencode(fields, doseq=True).encode(),
                  headers={"Content-Type": "application/x-www-form-urlencoded", **HTML})
    stack.drain()
    [thanks] = stack.emails_to("ada@example.com")
    session = stack.request("POST", "/auth/session", {"token": re.search(r"token=([\w-]+)", thanks["text"]).group(1)}).body

    # When a job she follows is published
    stack.publish(title="Utvecklare <Front End>")
    stack.drain()

    # Then her emails are Swedish (the HTML part still escapes what recruiters typed)
    [tip] = stack.job_tips_to("ada@example.com") or [e for e in stack.emails_to("ada@example.com") if e["subject"].startswith("Nytt jobb")]
    assert thanks["subject"] == "Tack för att du anslöt till Acme" and "Bekräfta din e-postadress" in thanks["text"]
    assert tip["subject"] == "Nytt jobb hos Acme: Utvecklare <Front End>"
    # (why she gets it is in the footer every email shares, in her language too)
    assert "Acme skickade det här mejlet till dig eftersom du bad om jobbtips och du följer Product Development (alla roller) på valfri ort, alla arbetsformer." in tip["text"]
    assert "&lt;Front End&gt;" in tip["html"] and "<Front End>" not in tip["html"]

    # And she can switch them to English from her profile
    stack.request("PATCH", "/me", {"language": "en"}, token=session["access_token"])
    stack.publish(external_id="job-2", title="Second")
    stack.drain()
    assert any(e["subject"] == "New job at Acme: Second" for e in stack.emails_to("ada@example.com"))


def test_every_shipped_email_has_a_swedish_version_that_renders_with_the_sample_data():
    from chalicelib.notifications.registry import kinds
    from chalicelib.notifications.render import PARTS, _file_name, render

    assert len(kinds()) >= 7
    for kind, registered in kinds().items():
        for part in PARTS:
            assert (registered.templates / "sv" / _file_name(kind, part)).is_file(), (kind, part)
        assert (registered.templates / "sv" / f"{kind}.reason.txt").is_file(), kind
        swedish, english = render(kind, registered.sample, language="sv"), render(kind, registered.sample)
        # (a campaign's subject is the recruiter's own, written per language: the same sample in both)
        assert (swedish.subject != english.subject or kind == "campaign") and swedish.text != english.text
        assert 'lang="sv"' in swedish.html
