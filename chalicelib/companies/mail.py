"""What every email a company sends shares: its sender, its language, its own template for the
kind, and the greeting context. Composers in each capability start from here."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from chalicelib.companies.service import Company, load_company
from chalicelib.notifications import batch
from chalicelib.notifications.registry import Email


def company_of(slug: str) -> Company:
    """The company, read once per batch of emails."""
    return batch.once(("company", slug), lambda: load_company(slug))


def greeting(company: Company, first_name: str, last_name: str) -> dict:
    """Who writes and to whom: in every template's context."""
    return {"company": {"slug": company.slug, "name": company.name}, "candidate": {"first_name": first_name, "last_name": last_name}}


def email(company: Company, kind: str, to: str, context: Mapping[str, Any], *, language: str | None = None,
          headers: Mapping[str, str] | None = None, about: Mapping[str, str] | None = None,
          after_sending: Callable[[], Any] | None = None) -> Email:
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
    )


SAMPLE_COMPANY = {"slug": "acme", "name": "Acme"}
SAMPLE_CANDIDATE = {"first_name": "Ada", "last_name": "Lovelace"}
