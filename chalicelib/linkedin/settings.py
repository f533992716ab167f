"""Integrations -> LinkedIn, for the hiring team (roles.INTEGRATIONS: admins): the Apply Connect
switch beside LinkedIn's jobs-terms sentence (who accepted it, when: the member who switched it
on), the default for new job postings, the Apply Package (the Recruiter contract linked in
LinkedIn's onboarding widget), the status notifications to candidates, and how every job posted
to LinkedIn stands. The same use cases as PUT /admin/integrations/linkedin (integration.py)."""
from __future__ import annotations

from chalicelib.api import validate
from chalicelib.db import iso
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.jobs.models import get_job
from chalicelib.linkedin.integration import configure, view
from chalicelib.linkedin.models import LinkedInPostingItem
from chalicelib.linkedin.schema import IntegrationRequest
from chalicelib.schema import keep_name_characters
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor

# LinkedIn asks for this sentence directly next to the account-level toggle (and the job-level
# one). Its opening words are from LinkedIn's customer-configuration page; check the rest against
# that page before a release.
JOBS_TERMS = "By posting your job to LinkedIn, you agree to LinkedIn's Jobs Terms and Conditions."
JOBS_TERMS_URL = "https://www.linkedin.com/legal/l/jobs-terms-and-conditions"
INTEGRATION = "integration"  # the audit's subject kind
_REQUEST_FIELDS = ("enabled", "terms_accepted_by", "default_apply_connect", "organization_id", "recruiter_contract",
                   "recruiter_contract_id", "status_notifications", "resume_required")


def overview(actor: Actor) -> dict:
    actor.require(roles.INTEGRATIONS)
    current = view(actor.company)
    return {**current, "jobs_terms": JOBS_TERMS, "jobs_terms_url": JOBS_TERMS_URL, "postings": postings(actor.company),
            "history": audit.history(actor.company, INTEGRATION, "linkedin", limit=20)}


def _request(current: dict, **changes) -> IntegrationRequest:
    fields = {name: current.get(name) for name in _REQUEST_FIELDS}
    fields.update(changes)
    return validate(IntegrationRequest, {k: v for k, v in fields.items() if v is not None})


def switch(actor: Actor, enabled: bool, accepted_terms: bool = False, organization_id: str | None = None) -> dict:
    """On: the member accepts LinkedIn's jobs terms (recorded with their name and the time) and
    names the company's LinkedIn organization; off: live postings go on as off-site apply."""
    actor.require(roles.INTEGRATIONS)
    current = view(actor.company)
    if enabled and not current["enabled"]:
        if not accepted_terms:
            raise InvalidInput("accept LinkedIn's jobs terms to switch Apply Connect on", field="terms")
        organization = (organization_id or "").strip() or current["organization_id"]
        if not organization:
            raise InvalidInput("the company's LinkedIn organization id is needed to post jobs", field="organization_id")
        name = keep_name_characters(actor.name) or "Team member"
        result = configure(actor.company, _request(current, enabled=True, terms_accepted_by=name, organization_id=organization))
        audit.record(actor, INTEGRATION, "linkedin", "apply_connect_on", terms=JOBS_TERMS, organization_id=organization,
                     member_email=actor.email)
        return result
    if not enabled and current["enabled"]:
        result = configure(actor.company, _request(current, enabled=False))
        audit.record(actor, INTEGRATION, "linkedin", "apply_connect_off")
        return result
    return current


def set_options(actor: Actor, default_apply_connect: bool, status_notifications: bool) -> dict:
    """"Enable Apply Connect by default for all my LinkedIn job postings", and "Notify candidates
    of application status on LinkedIn" (which needs the Apply Package)."""
    actor.require(roles.INTEGRATIONS)
    current = view(actor.company)
    if not current["enabled"]:
        raise InvalidInput("switch Apply Connect on first", field="enabled")
    result = configure(actor.company, _request(current, default_apply_connect=default_apply_connect,
                                               status_notifications=status_notifications))
    audit.record(actor, INTEGRATION, "linkedin", "apply_connect_options", default_apply_connect=default_apply_connect,
                 status_notifications=status_notifications)
    return result


def set_contract(actor: Actor, contract_id: str | None) -> dict:
    """The Apply Package as the company's admin records it: the Recruiter contract's id LinkedIn
    showed them when they linked it in LinkedIn's widget (digits or urn:li:contract:N), or none.
    LinkedIn documents no API through which a partner reads the linked contract back (see
    docs/linkedin.md), so the product keeps what the admin says; without a contract, status
    notifications go off (they need it)."""
    actor.require(roles.INTEGRATIONS)
    current = view(actor.company)
    if not current["enabled"]:
        raise InvalidInput("switch Apply Connect on first", field="enabled")
    contract = (contract_id or "").strip() or None
    if contract is None:
        request = _request({**current, "recruiter_contract_id": None}, recruiter_contract=False, status_notifications=False)
    else:
        request = _request(current, recruiter_contract=True, recruiter_contract_id=contract)
    result = configure(actor.company, request)
    audit.record(actor, INTEGRATION, "linkedin", "apply_package_recorded" if contract else "apply_package_removed",
                 contract=result["recruiter_contract_id"] or "")
    return result


def widget(actor: Actor) -> dict:
    """What the Manage page embeds: LinkedIn's onboarding widget with the company's key."""
    actor.require(roles.INTEGRATIONS)
    found = view(actor.company)["widget"]
    if not found:
        raise Conflict("switch Apply Connect on first: LinkedIn's widget needs the company's application", field="widget")
    return found


def postings(company: str) -> list[dict]:
    """Every job sent to LinkedIn: posted, in progress, failed (with LinkedIn's reason) or
    closed, with its LinkedIn link; newest change first."""
    rows = []
    for item in LinkedInPostingItem.query(company, LinkedInPostingItem.sk.startswith("linkedin#job#")):
        job = get_job(company, item.job_id)
        rows.append({"job_id": item.job_id, "title": job.title if job else item.job_id, "state": item.state,
                     "reason": item.reason, "url": item.posting_url, "apply_connect": item.apply_connect,
                     "listing": item.listing, "updated_at": iso(item.updated_at)})
    return sorted(rows, key=lambda r: r["updated_at"] or "", reverse=True)
