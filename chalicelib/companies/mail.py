"""What every email a company sends shares: its sender, its language, its own template for the
kind, the greeting context, and the frame around every message (its logo and colour, its
postal address, the link to manage preferences on the dashboard). Composers in each capability
start from here."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from chalicelib.companies.service import Company, load_company
from chalicelib.config import get_settings
from chalicelib.notifications import batch
from chalicelib.notifications.registry import Email, Frame


def company_of(slug: str) -> Company:
    """The company, read once per batch of emails."""
    return batch.once(("company", slug), lambda: load_company(slug))


def greeting(company: Company, first_name: str, last_name: str) -> dict:
    """Who writes and to whom: in every template's context."""
    return {"company": {"slug": company.slug, "name": company.name}, "candidate": {"first_name": first_name, "last_name": last_name}}


def dashboard_url(company: Company) -> str:
    """The candidate's dashboard at the company (their career site's page, else the product's);
    it asks for a sign-in when the browser has no session."""
    return company.settings.dashboard_url or f"{get_settings().public_api_url}/companies/{company.slug}/dashboard"


def frame(company: Company, unsubscribe_url: str | None = None, preferences_url: str | None = None) -> Frame:
    branding = company.settings.branding
    return Frame(
        company=company.name,
        logo_url=branding.logo_url if branding else None,
        primary_color=branding.primary_color if branding else None,
        postal_address=company.settings.postal_address,
        preferences_url=preferences_url or dashboard_url(company),
        unsubscribe_url=unsubscribe_url,
    )


def email(company: Company, kind: str, to: str, context: Mapping[str, Any], *, language: str | None = None,
          headers: Mapping[str, str] | None = None, about: Mapping[str, str] | None = None,
          after_sending: Callable[[], Any] | None = None, unsubscribe_url: str | None = None,
          preferences_url: str | None = None) -> Email:
    """``preferences_url``: where the recipient manages what they get (a candidate's dashboard by
    default; a team member's own console screen for the team's emails)."""
    language = language or company.settings.language
    # The company's version of the kind in the email's language (or its version for every language).
    kept = company.settings.templates.get(kind)
    custom = kept.version(language) if kept else None
    return Email(
        to=to,
        context=context,
        sender_name=company.settings.sender_name or company.name,
        sender_address=company.settings.sender_address,
        language=language,
        custom=custom.model_dump() if custom else None,
        headers=headers or {},
        about=about or {},
        after_sending=after_sending,
        frame=frame(company, unsubscribe_url, preferences_url),
    )


SAMPLE_COMPANY = {"slug": "acme", "name": "Acme"}
SAMPLE_CANDIDATE = {"first_name": "Ada", "last_name": "Lovelace"}
