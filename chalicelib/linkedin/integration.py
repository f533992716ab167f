"""Switching LinkedIn Apply Connect on and off for a company (seed 001).

Enabling records who accepted LinkedIn's jobs terms and when, and provisions the company's child
application with LinkedIn, idempotent on the company id (a conflict means it exists: it is looked
up, not failed). The child application's credentials go to Secrets Manager, never to DynamoDB or
a log. Disabling keeps the child application (LinkedIn keeps it too) so that enabling again
needs no new terms of its own beyond being recorded again.
"""
from __future__ import annotations

import json
import re
import uuid

from chalicelib.aws import secrets
from chalicelib.companies.service import load_company
from chalicelib.db import iso, now
from chalicelib.errors import DomainError, InvalidInput, NotFound
from chalicelib.linkedin.accounts import child_credentials, child_secret_name, partner_client
from chalicelib.linkedin.client import LinkedInError
from chalicelib.linkedin.models import SK, LinkedInIntegrationItem, get_integration
from chalicelib.linkedin.schema import IntegrationRequest
from chalicelib.linkedin.signature import challenge_response
from chalicelib.observability import logger

APP_NAME = "Candidate Connect"
WIDGET_SCRIPT = "https://platform.linkedin.com/xdoor/scripts/in.js"
ONBOARDING_EXTENSION = "ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget"
HIGHLIGHTS_EXTENSION = "ApplicantHighlights@https://www.linkedin.com/talentwidgets/extensions/applicant-highlights-widget"


class LinkedInUnavailable(DomainError):
    status = 502
    code = "linkedin_unavailable"


def view(company_slug: str) -> dict:
    company = load_company(company_slug)
    return _view(company, get_integration(company.slug))


def _view(company, item: LinkedInIntegrationItem | None) -> dict:
    if item is None:
        return {"enabled": False, "default_apply_connect": True, "organization_id": None, "terms_accepted_by": None,
                "terms_accepted_at": None, "recruiter_contract": False, "recruiter_contract_id": None,
                "status_notifications": False,
                "resume_required": True, "widget": None}
    return {
        "enabled": item.enabled,
        "default_apply_connect": item.default_apply_connect,
        "organization_id": item.organization_id,
        "terms_accepted_by": item.terms_accepted_by,
        "terms_accepted_at": iso(item.terms_accepted_at) if item.terms_accepted_at else None,
        "recruiter_contract": item.recruiter_contract,
        "recruiter_contract_id": item.recruiter_contract_id,
        "status_notifications": item.status_notifications,
        "resume_required": item.resume_required,
        "widget": _widget(company, item),
    }


def _widget(company, item: LinkedInIntegrationItem) -> dict | None:
    """What a recruiter's page needs to embed LinkedIn's onboarding widget (and, for lists, the
    applicant highlights): the customer's key (the child application's client id, which LinkedIn
    calls api_key; public by design), the script, and the domains allowed to load it."""
    credentials = child_credentials(company.slug)
    if credentials is None:
        return None
    return {
        "api_key": credentials["client_id"],
        "script": WIDGET_SCRIPT,
        "onboarding_extension": ONBOARDING_EXTENSION,
        "highlights_extension": HIGHLIGHTS_EXTENSION if item.recruiter_contract else None,
        "allowed_domains": list(company.settings.allowed_origins),
        "integration_context": f"urn:li:organization:{item.organization_id}" if item.organization_id else None,
    }


def configure(company_slug: str, request: IntegrationRequest) -> dict:
    company = load_company(company_slug)
    if request.enabled and not request.terms_accepted_by:
        raise InvalidInput("name the person who accepted LinkedIn's jobs terms", field="terms_accepted_by")
    if request.enabled and not request.organization_id:
        raise InvalidInput("the company's LinkedIn organization id is needed to post jobs", field="organization_id")
    if request.recruiter_contract_id and "recruiter_contract" in request.model_fields_set and not request.recruiter_contract:
        raise InvalidInput("a contract id means a Recruiter contract is linked", field="recruiter_contract")
    contract = request.recruiter_contract or request.recruiter_contract_id is not None
    if request.status_notifications and not contract:
        raise InvalidInput("status notifications need a linked Recruiter contract (Apply Package)", field="status_notifications")
    current = get_integration(company.slug)
    application_key = current.application_key if current else None
    if request.enabled:
        application_key = _provision(company)
    moment = now()
    newly_accepted = request.enabled and not (current and current.enabled)
    item = LinkedInIntegrationItem(
        company=company.slug, sk=SK, enabled=request.enabled,
        terms_accepted_by=request.terms_accepted_by if newly_accepted else (current.terms_accepted_by if current else None),
        terms_accepted_at=moment if newly_accepted else (current.terms_accepted_at if current else None),
        default_apply_connect=request.default_apply_connect, organization_id=request.organization_id,
        application_key=application_key, recruiter_contract=contract, recruiter_contract_id=request.recruiter_contract_id,
        status_notifications=request.status_notifications, resume_required=request.resume_required, updated_at=moment,
    )
    item.save()
    logger.info("linkedin integration configured", extra={"company": company.slug, "enabled": request.enabled})
    if request.enabled != bool(current and current.enabled):
        # On: once a customer's first job goes through the API, all its open public jobs must
        # (LinkedIn). Off: the live postings go on as off-site apply.
        from chalicelib.linkedin.postings import sync_open_jobs

        sync_open_jobs(company.slug)
    return _view(company, item)


def child_app_name(company_name: str) -> str:
    """"{ATS} - {Customer}", at most 50 characters and without "LinkedIn" in any letter case
    (LinkedIn's rule for a child application's name is case-blind)."""
    name = f"{APP_NAME} - {company_name}"
    while re.search(r"linkedin", name, re.IGNORECASE):
        name = re.sub(r"linkedin", "LI", name, flags=re.IGNORECASE)
    return name[:50].rstrip()


def _provision(company) -> str:
    """The child application, created once per company; its credentials into Secrets Manager."""
    domains = [origin.rstrip("/") for origin in company.settings.allowed_origins]
    try:
        app = partner_client().provision(company.slug, child_app_name(company.name),
                                         f"Apply Connect for {company.name}"[:200], domains)
    except LinkedInError as error:
        logger.warning("linkedin provisioning failed", extra={"company": company.slug, "status": error.status})
        raise LinkedInUnavailable(f"LinkedIn did not provision the application: {error.message}", field=None) from None
    credentials = app.get("credentials") or {}
    secrets.put(child_secret_name(company.slug), json.dumps({"client_id": credentials.get("client_id"),
                                                             "client_secret": credentials.get("client_secret")}))
    return str(app.get("key", ""))


APPLICATION_PREFIX = "urn:li:developerApplication:"


def is_own_application(application_id: str | None, application_key: str) -> bool:
    """LinkedIn's guide calls applicationId the "ID of the Developer Application": the company's
    own child application, as its URN or as the bare id; nothing else."""
    own = application_key.removeprefix(APPLICATION_PREFIX)
    return bool(own) and application_id in (APPLICATION_PREFIX + own, own)


def answer_challenge(company_slug: str, challenge_code: str | None, application_id: str | None) -> dict:
    """LinkedIn's webhook validation handshake: prove we hold the child application's secret.
    LinkedIn repeats it every two hours and blocks the URL after three failures, so it reads
    only the cached secret and the integration item."""
    try:
        code = str(uuid.UUID(challenge_code or ""))
    except ValueError:
        raise InvalidInput("challengeCode must be a UUID", field="challengeCode") from None
    item = get_integration(company_slug)
    credentials = child_credentials(company_slug) if item is not None and item.application_key else None
    if credentials is None or not is_own_application(application_id, item.application_key):
        raise NotFound("no LinkedIn application here", field="applicationId")
    return {"challengeCode": code, "challengeResponse": challenge_response(credentials["client_secret"], code)}
