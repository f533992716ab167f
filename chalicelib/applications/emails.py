"""The emails about an application: the receipt to a career-site applicant, the kind rejection
notice (never ghost), and the question to an address's owner whether an application made with
it is theirs."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from chalicelib.applications.messages import (
    STATUS_EMAILS, ApplicationLinkEmail, ApplicationReceiptEmail, PromiseUpdateEmail, RejectionEmail,
)
from chalicelib.applications.models import get_application
from chalicelib.applications.receipts import CAREER_SITE
from chalicelib.auth import tokens
from chalicelib.candidates.links import emailed_link
from chalicelib.candidates.models import get_candidate
from chalicelib.companies.mail import SAMPLE_CANDIDATE, SAMPLE_COMPANY, company_of, email, greeting
from chalicelib.config import get_settings
from chalicelib.jobs.models import get_job
from chalicelib.matching.eligibility import why_no_job_tips
from chalicelib.applications.promise import DECISIONS, calendar, entered_at, parse
from chalicelib.companies.promise import day_text
from chalicelib.notifications.registry import Done, Email, register

TEMPLATES = Path(__file__).with_name("email_templates")


def compose_rejection(notification: RejectionEmail) -> Email | Done:
    company = company_of(notification.company)
    application = get_application(company.slug, notification.application_id)
    if application is None or application.status != "rejected":
        return Done("application is no longer rejected")
    if application.erased_at is not None or not application.email:
        return Done("the applicant's data was erased")
    decisions = [e["at"] for e in application.events if e["type"] == "status_changed" and e.get("to") == "rejected"]
    if not decisions or decisions[-1] != notification.rejected_at:
        return Done("superseded by a later decision")
    job = get_job(company.slug, application.job_id)
    candidate = get_candidate(company.slug, application.candidate_id, consistent=True) if application.candidate_id else None
    return email(company, "rejection", application.email, {
        # A job board's applicant may have no usable first name: greeted by the last one.
        **greeting(company, application.first_name or application.last_name or "", application.last_name or ""),
        "job": {"title": job.title if job else "the position"},
        # Seed 002: stay in touch after a rejection, and respect stated preferences: only a
        # candidate who really gets job tips is told they continue.
        "connected": why_no_job_tips(candidate) is None,
    }, language=candidate.language if candidate and candidate.language else application.language,
        about={"application_id": application.application_id})


def compose_application_receipt(notification: ApplicationReceiptEmail) -> Email | Done:
    company = company_of(notification.company)
    application = get_application(company.slug, notification.application_id)
    if application is None:
        return Done("application no longer exists")
    if application.erased_at is not None or not application.email:
        return Done("the applicant's data was erased")
    if application.source != CAREER_SITE:
        return Done("the job board tells its own applicants")
    job = get_job(company.slug, application.job_id)
    candidate = get_candidate(company.slug, application.candidate_id, consistent=True) if application.candidate_id else None
    return email(company, "application_receipt", application.email, {
        **greeting(company, application.first_name or application.last_name or "", application.last_name or ""),
        "job": {"title": job.title if job else ""},
        "response_days": company.settings.response_days,
        # The promise's last day, counted in the company's working days and time zone.
        "reply_by": day_text(calendar(company.settings).due_day(parse(application.created_at), company.settings.response_days),
                             _language(candidate, application, company)),
        "connected": candidate is not None,
    }, language=candidate.language if candidate and candidate.language else application.language,
        about={"application_id": application.application_id})


def compose_application_link(notification: ApplicationLinkEmail) -> Email | Done:
    company = company_of(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    application = get_application(company.slug, notification.application_id)
    if candidate is None or application is None:
        return Done("candidate or application no longer exists")
    job = get_job(company.slug, application.job_id)
    hours = get_settings().confirm_token_hours
    return email(company, "application_link", candidate.email, {
        # The greeting uses the candidate's own name, never the one typed into the application.
        **greeting(company, candidate.first_name, candidate.last_name),
        "job": {"title": job.title if job else "a job"},
        "confirm_url": emailed_link(company, candidate.candidate_id, tokens.CONFIRM, timedelta(hours=hours), notification.change_id),
    }, language=candidate.language, about={"candidate_id": candidate.candidate_id})


_GREETING = {"company": SAMPLE_COMPANY, "candidate": SAMPLE_CANDIDATE}
register(ApplicationReceiptEmail, compose_application_receipt, TEMPLATES, {
    **_GREETING, "job": {"title": "Account Executive"}, "response_days": 10, "reply_by": "Monday 21 December 2026", "connected": False,
})
register(RejectionEmail, compose_rejection, TEMPLATES, {**_GREETING, "job": {"title": "Account Executive"}, "connected": True})
register(ApplicationLinkEmail, compose_application_link, TEMPLATES, {
    **_GREETING, "job": {"title": "Account Executive"}, "confirm_url": "https://careers.example.com/connect?token=sample",
})


# -- the promise (applications/promise.py) ---------------------------------------------------

# What a candidate reads of their application's stage, in their language.
STAGES = {"en": {"new": "received, waiting to be read", "in_review": "being reviewed", "shortlisted": "on the shortlist",
                 "interview": "at the interview stage", "offer": "at the offer stage"},
          "sv": {"new": "mottagen och väntar på att läsas", "in_review": "under granskning", "shortlisted": "på kortlistan",
                 "interview": "i intervjusteget", "offer": "i erbjudandesteget"}}
def _language(candidate, application, company) -> str:
    return (candidate.language if candidate and candidate.language else application.language) or company.settings.language


def _applicant(company, notification_application_id: str):
    application = get_application(company.slug, notification_application_id)
    if application is None:
        return None, None, Done("application no longer exists")
    if application.erased_at is not None or not application.email:
        return None, None, Done("the applicant's data was erased")
    candidate = get_candidate(company.slug, application.candidate_id, consistent=True) if application.candidate_id else None
    return application, candidate, None


def compose_promise_update(notification: PromiseUpdateEmail) -> Email | Done:
    company = company_of(notification.company)
    application, candidate, done = _applicant(company, notification.application_id)
    if done:
        return done
    if application.status in DECISIONS:
        return Done("decided or withdrawn meanwhile: the candidate hears that instead")
    if not company.settings.promise.candidate_updates:
        return Done("the company turned the updates off")
    language = _language(candidate, application, company)
    job = get_job(company.slug, application.job_id)
    days = calendar(company.settings)
    return email(company, "promise_update", application.email, {
        **greeting(company, application.first_name or application.last_name or "", application.last_name or ""),
        "job": {"title": job.title if job else ""},
        "stage": STAGES.get(language, STAGES["en"]).get(application.status, ""),
        "applied_on": day_text(days.local_day(parse(application.created_at)), language),
        "response_days": company.settings.response_days,
        "until": day_text(days.local_day(parse(notification.until)), language),
        "connected": candidate is not None,
    }, language=language, about={"application_id": application.application_id})


def _compose_status(notification) -> Email | Done:
    company = company_of(notification.company)
    application, candidate, done = _applicant(company, notification.application_id)
    if done:
        return done
    status = notification.kind.removeprefix("status_")
    if application.status != status or entered_at(application) != notification.entered_at:
        return Done("the application moved on before the email went out")
    if status not in company.settings.promise.status_emails:
        return Done(f"the company no longer announces {status!r}")
    job = get_job(company.slug, application.job_id)
    return email(company, notification.kind, application.email, {
        **greeting(company, application.first_name or application.last_name or "", application.last_name or ""),
        "job": {"title": job.title if job else ""}, "connected": candidate is not None,
    }, language=_language(candidate, application, company), about={"application_id": application.application_id})


_APPLICATION = {"title": "Account Executive"}
register(PromiseUpdateEmail, compose_promise_update, TEMPLATES, {
    **_GREETING, "job": _APPLICATION, "stage": "being reviewed", "applied_on": "Monday 7 December 2026", "response_days": 10,
    "until": "Monday 28 December 2026", "connected": True})
for _message in STATUS_EMAILS.values():
    register(_message, _compose_status, TEMPLATES, {**_GREETING, "job": _APPLICATION, "connected": True})
