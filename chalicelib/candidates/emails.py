"""The emails of connecting and signing in: the thank-you with its confirmation link, the
sign-in link, and the reminder before consent lapses."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from chalicelib.auth import tokens
from chalicelib.candidates.links import emailed_link
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.companies.mail import SAMPLE_CANDIDATE, SAMPLE_COMPANY, company_of, email, greeting
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.candidates.messages import ConnectEmail, ConsentRenewalEmail, EmailChangeEmail, MagicLinkEmail
from chalicelib.notifications.registry import Done, Email, register
from chalicelib.subscriptions.rules import Names

TEMPLATES = Path(__file__).with_name("email_templates")
RENEWAL_LINK_LIFETIME = timedelta(days=30)


def _to_candidate(company, candidate: CandidateItem, kind: str, context: dict, **options) -> Email:
    return email(company, kind, candidate.email, context, language=candidate.language,
                 about={"candidate_id": candidate.candidate_id}, **options)


def compose_connect(notification: ConnectEmail) -> Email | Done:
    company = company_of(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return Done("candidate no longer exists")
    hours = get_settings().confirm_token_hours
    names = Names(company.settings.localized(candidate.language))  # the company's names in the email's language
    return _to_candidate(company, candidate, "connect", {
        **greeting(company, candidate.first_name, candidate.last_name),
        "confirm_url": emailed_link(company, candidate.candidate_id, tokens.CONFIRM, timedelta(hours=hours), notification.change_id),
        "departments": [names.department(d) for d in candidate.departments],
        "roles": [names.role(r) for r in candidate.roles],
    })


def compose_magic_link(notification: MagicLinkEmail) -> Email | Done:
    company = company_of(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return Done("candidate no longer exists")
    minutes = get_settings().magic_link_minutes
    return _to_candidate(company, candidate, "magic_link", {
        **greeting(company, candidate.first_name, candidate.last_name),
        "sign_in_url": emailed_link(company, candidate.candidate_id, tokens.MAGIC, timedelta(minutes=minutes)),
        "minutes": minutes,
    })


def compose_consent_renewal(notification: ConsentRenewalEmail) -> Email | Done:
    company = company_of(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None or candidate.consent_expires_at is None or candidate.renewal_sent_at is not None:
        return Done("no renewal due")
    return _to_candidate(company, candidate, "consent_renewal", {
        **greeting(company, candidate.first_name, candidate.last_name),
        "renew_url": emailed_link(company, candidate.candidate_id, tokens.RENEW, RENEWAL_LINK_LIFETIME),
        "expires_on": candidate.consent_expires_at.date().isoformat(),
    }, after_sending=lambda: candidate.update(actions=[CandidateItem.renewal_sent_at.set(now())]))


def compose_email_change(notification: EmailChangeEmail) -> Email | Done:
    company = company_of(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return Done("candidate no longer exists")
    hours = get_settings().confirm_token_hours
    return email(company, "email_change", notification.new_email, {
        **greeting(company, candidate.first_name, candidate.last_name),
        "confirm_url": emailed_link(company, candidate.candidate_id, tokens.CONFIRM, timedelta(hours=hours), notification.change_id),
        "hours": hours,
    }, language=candidate.language, about={"candidate_id": candidate.candidate_id})


_GREETING = {"company": SAMPLE_COMPANY, "candidate": SAMPLE_CANDIDATE}
register(ConnectEmail, compose_connect, TEMPLATES, {
    **_GREETING,
    "confirm_url": "https://careers.example.com/connect/confirm?token=sample",
    "departments": ["Sales"],
    "roles": ["Account Executive"],
})
register(MagicLinkEmail, compose_magic_link, TEMPLATES, {
    **_GREETING, "sign_in_url": "https://careers.example.com/connect?token=sample", "minutes": 30,
})
register(ConsentRenewalEmail, compose_consent_renewal, TEMPLATES, {
    **_GREETING, "renew_url": "https://careers.example.com/connect?token=sample", "expires_on": "2027-01-31",
})
register(EmailChangeEmail, compose_email_change, TEMPLATES, {
    **_GREETING,
    "confirm_url": "https://careers.example.com/connect?token=sample", "hours": 72,
})
