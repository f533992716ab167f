"""The notifications queue: every email the product sends on its own goes through here.

Each message is delivered at most once however often SQS hands it over: delivery is a
Powertools idempotent function keyed on what the email is about (the job tip's candidate and
job; the connect request), and the record is kept longer than SQS keeps a message.
Before a job tip goes out, the job and the candidate are checked again: between matching and
sending, the job may have closed or the candidate may have changed their mind.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any, Callable
from urllib.parse import urlencode

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from pydantic import ValidationError

from chalicelib.applications.models import get_application
from chalicelib.auth import tokens
from chalicelib.aws import email
from chalicelib.aws.clients import client
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.companies.service import Company, load_company
from chalicelib.config import get_settings
from chalicelib.dashboard.privacy import erase_link
from chalicelib.deliverability.suppressions import is_suppressed
from chalicelib.emails.render import render
from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import load_json
from chalicelib.db import now
from chalicelib.digests.service import clear, file_for_digest, pending_in
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.matching.announce import posting_of
from chalicelib.matching.eligibility import why_no_job_tips, why_not
from chalicelib.notifications.messages import (
    NOTIFICATION,
    AnyNotification,
    ConnectEmail,
    ConsentRenewalEmail,
    DigestEmail,
    RejectionEmail,
    JobTip,
    MagicLinkEmail,
    ApplicationLinkEmail,
    idempotency_key,
)
from chalicelib.observability import count, logger, tracer
from chalicelib.subscriptions.rules import Names, Subscription, reason, reason_parts
from chalicelib.subscriptions.unsubscribe import unsubscribe_token

# Longer than SQS's longest retention (14 days): any redelivery still finds the record.
IDEMPOTENCY_SECONDS = 15 * 24 * 3600
SENT, SKIPPED, FILED = "sent", "skipped", "filed_for_digest"
RENEWAL_LINK_LIFETIME = timedelta(days=30)


def handle_notification_message(record: SQSRecord, context: Any = None) -> None:
    try:
        notification = NOTIFICATION.validate_python(load_json(record.body))
    except (ValueError, ValidationError):
        raise PoisonMessage("not a notification this consumer knows") from None
    _deliver_once(context)(item={"key": idempotency_key(notification), "notification": notification.model_dump()})


@lru_cache(maxsize=1)
def _idempotency() -> tuple[DynamoDBPersistenceLayer, IdempotencyConfig]:
    config = IdempotencyConfig(
        event_key_jmespath="key",
        expires_after_seconds=IDEMPOTENCY_SECONDS,
        response_hook=_on_duplicate,
    )
    persistence = DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table, boto3_client=client("dynamodb", persistent=True)
    )
    return persistence, config


def _on_duplicate(response: Any, _record: Any) -> Any:
    count("DuplicatesSuppressed")
    logger.info("duplicate notification suppressed")
    return response


def _deliver_once(context: Any) -> Callable[..., dict]:
    persistence, config = _idempotency()
    if context is not None:
        config.register_lambda_context(context)
    return idempotent_function(data_keyword_argument="item", persistence_store=persistence, config=config)(_deliver)


@tracer.capture_method
def _deliver(item: dict) -> dict:
    notification = NOTIFICATION.validate_python(item["notification"])
    senders = {
        JobTip: send_job_tip,
        ConnectEmail: send_connect_email,
        MagicLinkEmail: send_magic_link,
        DigestEmail: send_digest,
        ConsentRenewalEmail: send_consent_renewal,
        RejectionEmail: send_rejection,
        ApplicationLinkEmail: send_application_link,
    }
    return {"outcome": senders[type(notification)](notification)}


def send_connect_email(notification: ConnectEmail) -> str:
    company = load_company(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return _skip(notification, "candidate no longer exists")
    hours = get_settings().confirm_token_hours
    names = Names(company.settings)
    context = {
        **_greeting(company, candidate.first_name, candidate.last_name),
        "confirm_url": emailed_link(company, candidate.candidate_id, tokens.CONFIRM, timedelta(hours=hours), notification.change_id),
        "departments": [names.department(d) for d in candidate.departments],
        "roles": [names.role(r) for r in candidate.roles],
    }
    _send(company, candidate, "connect", context, headers={})
    return SENT


def send_magic_link(notification: MagicLinkEmail) -> str:
    company = load_company(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return _skip(notification, "candidate no longer exists")
    minutes = get_settings().magic_link_minutes
    context = {
        **_greeting(company, candidate.first_name, candidate.last_name),
        "sign_in_url": emailed_link(company, candidate.candidate_id, tokens.MAGIC, timedelta(minutes=minutes)),
        "minutes": minutes,
    }
    _send(company, candidate, "magic_link", context, headers={})
    return SENT


def send_application_link(notification: ApplicationLinkEmail) -> str:
    company = load_company(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    application = get_application(company.slug, notification.application_id)
    if candidate is None or application is None:
        return _skip(notification, "candidate or application no longer exists")
    job = get_job(company.slug, application.job_id)
    hours = get_settings().confirm_token_hours
    context = {
        # The greeting uses the candidate's own name, never the one typed into the application.
        **_greeting(company, candidate.first_name, candidate.last_name),
        "job": {"title": job.title if job else "a job"},
        "confirm_url": emailed_link(company, candidate.candidate_id, tokens.CONFIRM, timedelta(hours=hours), notification.change_id),
    }
    _send(company, candidate, "application_link", context, headers={})
    return SENT


def emailed_link(company: Company, candidate_id: str, purpose: str, lifetime: timedelta, change: str | None = None) -> str:
    """A link to the company's dashboard page carrying a fresh single-use token, which the page
    exchanges at POST /auth/session."""
    token = tokens.issue(company.slug, candidate_id, purpose, lifetime, change)
    page = company.settings.dashboard_url or f"{get_settings().public_api_url}/companies/{company.slug}/dashboard"
    return f"{page}?{urlencode({'token': token})}"


def send_job_tip(notification: JobTip) -> str:
    company = load_company(notification.company)
    job = get_job(company.slug, notification.job_id, consistent=True)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    refusal = why_not(company, candidate, job)
    if refusal:
        return _skip(notification, refusal)
    subscription = Subscription.from_dict(candidate.subscription)
    if subscription.frequency != "instant":
        due = file_for_digest(company.slug, candidate.candidate_id, job.job_id, subscription.frequency,
                              candidate.timezone or company.settings.timezone)
        logger.info("job tip filed for digest", extra={"company": company.slug, "candidate_id": candidate.candidate_id, "job_id": job.job_id, "due_hour": due})
        return FILED
    names = Names(company.settings)
    context = {
        **_mail_context(company, candidate),
        "job": _job_context(job, names),
        "reason": reason(subscription, posting_of(job), names),
        "why": reason_parts(subscription, posting_of(job), names),
    }
    _send(company, candidate, "job_tip", context, _list_headers(context["unsubscribe_url"]))
    return SENT


def send_digest(notification: DigestEmail) -> str:
    company = load_company(notification.company)
    pending = pending_in(notification.due_hour, company.slug, notification.candidate_id)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    jobs = [get_job(company.slug, p.job_id, consistent=True) for p in pending]
    wanted = [job for job in jobs if why_not(company, candidate, job) is None]
    if wanted:
        names = Names(company.settings)
        frequency = Subscription.from_dict(candidate.subscription).frequency
        context = {**_mail_context(company, candidate), "jobs": [_job_context(job, names) for job in wanted], "frequency": frequency}
        _send(company, candidate, "digest", context, _list_headers(context["unsubscribe_url"]))
        _after_sending(notification, lambda: clear(pending))
    else:
        clear(pending)
    if not wanted:
        return _skip(notification, "nothing left to send")
    return SENT


def send_consent_renewal(notification: ConsentRenewalEmail) -> str:
    company = load_company(notification.company)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None or candidate.consent_expires_at is None or candidate.renewal_sent_at is not None:
        return _skip(notification, "no renewal due")
    context = {
        **_greeting(company, candidate.first_name, candidate.last_name),
        "renew_url": emailed_link(company, candidate.candidate_id, tokens.RENEW, RENEWAL_LINK_LIFETIME),
        "expires_on": candidate.consent_expires_at.date().isoformat(),
    }
    _send(company, candidate, "consent_renewal", context, headers={})
    _after_sending(notification, lambda: candidate.update(actions=[CandidateItem.renewal_sent_at.set(now())]))
    return SENT


def send_rejection(notification: RejectionEmail) -> str:
    company = load_company(notification.company)
    application = get_application(company.slug, notification.application_id)
    if application is None or application.status != "rejected":
        return _skip(notification, "application is no longer rejected")
    if application.erased_at is not None or not application.email:
        return _skip(notification, "the applicant's data was erased")
    decisions = [e["at"] for e in application.events if e["type"] == "status_changed" and e.get("to") == "rejected"]
    if not decisions or decisions[-1] != notification.rejected_at:
        return _skip(notification, "superseded by a later decision")
    job = get_job(company.slug, application.job_id)
    candidate = get_candidate(company.slug, application.candidate_id, consistent=True) if application.candidate_id else None
    context = {
        **_greeting(company, application.first_name, application.last_name),
        "job": {"title": job.title if job else "the position"},
        # Seed 002: stay in touch after a rejection, and respect stated preferences: only a
        # candidate who really gets job tips is told they continue.
        "connected": why_no_job_tips(candidate) is None,
    }
    _send_to(company, application.email, {"application_id": application.application_id}, "rejection", context, headers={},
             language=candidate.language if candidate else None)
    return SENT


def _greeting(company: Company, first_name: str, last_name: str) -> dict:
    """Who writes and to whom: in every template's context."""
    return {"company": {"slug": company.slug, "name": company.name}, "candidate": {"first_name": first_name, "last_name": last_name}}


def _mail_context(company: Company, candidate: CandidateItem) -> dict:
    public = get_settings().public_api_url
    return {
        **_greeting(company, candidate.first_name, candidate.last_name),
        "unsubscribe_url": unsubscribe_link(company.slug, candidate.candidate_id),
        "erase_url": erase_link(public, company.slug, candidate.candidate_id),
    }


def _job_context(job: JobItem, names: Names) -> dict:
    return {
        "id": job.job_id,
        "title": job.title,
        "department": names.department(job.department),
        "role": names.role(job.role),
        "locations": [names.location(loc) for loc in job.locations or []],
        "work_mode": names.work_mode(job.work_mode),
        "apply_url": job.apply_url,
    }


def _list_headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe_link(company: str, candidate_id: str) -> str:
    token = unsubscribe_token(company, candidate_id)
    return f"{get_settings().public_api_url}/unsubscribe?{urlencode({'token': token})}"


def _send(company: Company, candidate: CandidateItem, kind: str, context: dict, headers: dict[str, str]) -> None:
    _send_to(company, candidate.email, {"candidate_id": candidate.candidate_id}, kind, context, headers, candidate.language)


def _send_to(company: Company, address: str, ids: dict, kind: str, context: dict, headers: dict[str, str],
             language: str | None = None) -> None:
    """Every email the product sends passes here: suppression, the company's template, SES."""
    if is_suppressed(address):
        count("EmailsSuppressed")
        logger.info("email not sent: address suppressed", extra={"company": company.slug, "kind": kind, **ids})
        return
    custom = getattr(company.settings.templates, kind)
    rendered = render(kind, context, custom.model_dump() if custom else None, language=language or company.settings.language)
    message_id = email.send(
        email.OutgoingEmail(
            to=address,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            sender_name=company.settings.sender_name or company.name,
            kind=kind,
            company=company.slug,
            headers=headers,
            sender_address=company.settings.sender_address,
        )
    )
    count("EmailsSent")
    logger.info("email sent", extra={"company": company.slug, "kind": kind, "ses_message_id": message_id, **ids})


def _after_sending(notification: AnyNotification, bookkeeping: Callable[[], Any]) -> None:
    """Once SES has accepted an email, nothing may fail the delivery: a failure would delete the
    idempotency record and the retry would send the email again. Bookkeeping after the send is
    best effort (it is also re-checked: the renewal keeper and the digest are idempotent on
    their own keys), and a failure is logged, never raised."""
    try:
        bookkeeping()
    except Exception:  # noqa: BLE001 - see docstring
        logger.exception("bookkeeping after sending failed", extra={"kind": notification.kind, "company": notification.company})


def _skip(notification: AnyNotification, why: str) -> str:
    count("NotificationsSkipped")
    logger.info("notification skipped", extra={**notification.model_dump(), "reason": why})
    return SKIPPED
