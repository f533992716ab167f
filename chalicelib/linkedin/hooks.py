"""What LinkedIn adds to the capabilities below it (see chalicelib/plugins.py): its posting's
status in a job's admin view, and the LinkedIn applicant's data in application views."""
from __future__ import annotations

from chalicelib.applications import sources
from chalicelib.jobs import views
from chalicelib.jobs.models import JobItem
from chalicelib.linkedin.accounts import child_credentials
from chalicelib.linkedin.models import get_integration


def job_extra(job: JobItem) -> dict:
    from chalicelib.linkedin.postings import posting_view

    return {"linkedin": posting_view(job)}


def linkedin_applicants(company: str, pairs: list) -> None:
    """The LinkedIn icon and, with the Apply Package, the applicant highlights widget: what a
    recruiter's screen needs (application URN, organization, the customer's key). LinkedIn renders
    the highlights itself; nothing of the member's profile is stored here."""
    integration = get_integration(company)
    credentials = child_credentials(company) if integration is not None else None
    highlights = bool(integration and integration.enabled and integration.recruiter_contract and credentials)
    for item, view in pairs:
        ref = item.source_ref or {}
        view["linkedin"] = {
            "application_urn": ref.get("application_urn"),
            "integration_context": ref.get("organization"),
            "api_key": credentials["client_id"] if credentials else None,
            "highlights": highlights,
        }


views.register(job_extra)
sources.register("linkedin", linkedin_applicants)
