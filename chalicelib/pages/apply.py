"""Applying from a page, in two steps that work without JavaScript: the details and the job's
questions (the API's ApplyRequest), then, when there is a resume, a form that sends the file
straight to S3 through the presigned POST; S3 brings the browser back to the offer to connect.
The offer's secret travels in an HttpOnly cookie, never in a URL."""
from __future__ import annotations

from urllib.parse import quote

from chalicelib.api import validate
from chalicelib.applications.schema import ApplyRequest
from chalicelib.applications.service import apply, job_for_page
from chalicelib.aws.storage import MAX_RESUME_BYTES
from chalicelib.companies.service import load_company
from chalicelib.config import get_settings
from chalicelib.errors import DomainError
from chalicelib.pages.connect import company_view
from chalicelib.pages.forms import first, form_field, interests_from

RESUME_KINDS = {
    "pdf": ("application/pdf", "PDF", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)", ".docx"),
    "doc": ("application/msword", "Word (.doc)", ".doc"),
    "txt": ("text/plain", "Text", ".txt"),
}
OFFER_COOKIE = "cc_offer"


def form_view(company_slug: str, job_id: str, form: dict | None = None, error: DomainError | None = None, field: str | None = None) -> dict:
    job = job_for_page(company_slug, job_id)
    form = form or {}
    return {
        "company": company_view(load_company(company_slug)),
        "job": job,
        "questions": [{"id": q.id, "text": q.text, "type": q.type, "options": q.options, "required": q.required,
                       "level": "general", "for": "", "for_name": ""} for q in job["questions"]],
        "resume_kinds": [{"id": k, "name": v[1]} for k, v in RESUME_KINDS.items()],
        "form": form, "first": lambda name: first(form, name),
        "error": {"field": field, "message": error.message} if error else None,
    }


def submit(company_slug: str, job_id: str, form: dict[str, list[str]]) -> tuple[dict | None, dict | None]:
    """(the upload step or the offer, None) on success; (None, the form with its error) otherwise."""
    job = job_for_page(company_slug, job_id)
    body, order = interests_from(form, job["questions"])
    kind = RESUME_KINDS.get(first(form, "resume"))
    request_body = {
        "email": first(form, "email"), "first_name": first(form, "first_name"), "last_name": first(form, "last_name"),
        "phone": first(form, "phone") or None, "answers": body["answers"],
        "resume": {"file_name": f"resume{kind[2]}", "content_type": kind[0], "size": MAX_RESUME_BYTES} if kind else None,
    }
    back = f"{get_settings().public_api_url}/companies/{quote(company_slug, safe='')}/jobs/{quote(job_id, safe='')}/applied"
    try:
        result = apply(company_slug, job_id, validate(ApplyRequest, request_body), upload_redirect=back)
    except DomainError as error:
        if error.status in (404, 429) or error.status >= 500:
            raise
        return None, form_view(company_slug, job_id, form, error, form_field(error.field, order, error.message))
    return result, None


def applied_view(company_slug: str, job_id: str, has_offer: bool) -> dict:
    """The thanks after applying and, for an anonymous applicant, the offer to connect (seed 000)
    with the job's department ticked."""
    from chalicelib.jobs.models import get_job

    company = load_company(company_slug)
    job = get_job(company.slug, job_id) if has_offer else None
    return {
        "company": company_view(company),
        "offer": {"departments": [job.department] if job else []} if has_offer else None,
        "departments": [{"id": d.id, "name": d.name} for d in company.settings.departments],
        "consent_text": company.settings.consent_text.replace("{company}", company.name),
    }
