"""Applying from a page, in two steps that work without JavaScript: the details and the job's
questions (the API's ApplyRequest), then, when there is a resume, a form that sends the file
straight to S3 through the presigned POST; S3 brings the browser back to the offer to connect.
The offer's secret travels in an HttpOnly cookie, never in a URL."""
from __future__ import annotations

from urllib.parse import quote

from chalicelib.applications.schema import ApplyRequest
from chalicelib.applications.service import apply, job_for_page
from chalicelib.aws.storage import MAX_RESUME_BYTES
from chalicelib.companies.service import load_company
from chalicelib.config import get_settings
from chalicelib.errors import InvalidInput
from chalicelib.pages import problems
from chalicelib.pages.connect import company_view
from chalicelib.pages.forms import first, interests_from

RESUME_KINDS = {
    "pdf": ("application/pdf", "PDF", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)", ".docx"),
    "doc": ("application/msword", "Word (.doc)", ".doc"),
    "txt": ("text/plain", "Text", ".txt"),
}
OFFER_COOKIE = "cc_offer"


FIELDS = ("email", "first_name", "last_name", "phone")


def form_view(company_slug: str, job_id: str, form: dict | None = None, errors: dict[str, str] | None = None,
              signed_in=None, language: str | None = None) -> dict:
    """The apply page: the job itself (description, department, locations, work mode), the
    company's stated response time, and the form, prefilled for a signed-in candidate."""
    from chalicelib.jobs.markdown import to_html
    from chalicelib.jobs.models import get_job

    from chalicelib.companies.service import localized
    from chalicelib.pages.connect import job_card, question_view

    job = job_for_page(company_slug, job_id)
    company = localized(load_company(company_slug), language)
    card = job_card(get_job(company.slug, job_id, consistent=True), company.settings)
    if form is None and signed_in is not None:
        form = {"email": [signed_in["email"]], "first_name": [signed_in["first_name"]], "last_name": [signed_in["last_name"]]}
    form = form or {}
    return {
        "company": company_view(company),
        # The description's Markdown, escaped first (jobs/markdown.py): under the page's h2.
        "job": {**job, **card, "description_html": to_html(card["description"], top_heading=3)},
        "response_days": company.settings.response_days,
        "reply_by": reply_by(company.settings, language),
        "questions": [question_view(q, company.settings, language, level="general", for_name="", **{"for": ""})
                      for q in job["questions"]],
        "resume_kinds": [{"id": k, "name": v[1]} for k, v in RESUME_KINDS.items()],
        "form": form, "first": lambda name: first(form, name),
        "errors": errors or {},
        "signed_in": signed_in,
    }


def signed_in_candidate(subject) -> dict | None:
    """Who a signed-in visitor is, for the prefilled form (None when the session's candidate is gone)."""
    from chalicelib.candidates.models import get_candidate

    candidate = get_candidate(subject.company, subject.candidate_id) if subject else None
    if candidate is None:
        return None
    return {"email": candidate.email, "first_name": candidate.first_name, "last_name": candidate.last_name}


def submit(company_slug: str, job_id: str, form: dict[str, list[str]], language: str = "en",
           session=None) -> tuple[dict | None, dict | None]:
    """(the upload step or the offer, None) on success; (None, the form with every problem) otherwise.
    With a signed-in ``session`` the application joins that candidate's account at once."""
    from chalicelib.candidates.service import check_answers

    job = job_for_page(company_slug, job_id)
    company = load_company(company_slug)
    body, order = interests_from(form, job["questions"])
    kind = RESUME_KINDS.get(first(form, "resume"))
    request_body = {
        "email": first(form, "email"), "first_name": first(form, "first_name"), "last_name": first(form, "last_name"),
        "phone": first(form, "phone") or None, "answers": body["answers"],
        "resume": {"file_name": f"resume{kind[2]}", "content_type": kind[0], "size": MAX_RESUME_BYTES} if kind else None,
        # The page's language is the applicant's: their receipt and any later answer come in it.
        "language": language,
    }
    back = f"{get_settings().public_api_url}/companies/{quote(company_slug, safe='')}/jobs/{quote(job_id, safe='')}/applied"
    request, found = problems.check(ApplyRequest, request_body, lambda r: check_answers(
        company.settings, r.answers, require_all=True, departments=[job["department"]], roles=[job["role"]]))
    if request is not None:
        try:
            return apply(company_slug, job_id, request, session=session, upload_redirect=back), None
        except InvalidInput as error:
            found = problems.from_invalid(error)
    types = {q.id: q.type for q in job["questions"]}
    signed = signed_in_candidate(session) if session else None
    return None, form_view(company_slug, job_id, form, problems.messages(found, language, order, types, FIELDS), signed_in=signed,
                           language=language)


def applied_view(company_slug: str, job_id: str, has_offer: bool, signed_in: bool = False, language: str | None = None) -> dict:
    """The thanks after applying and, for an anonymous applicant, the offer to connect (seed 000)
    with the job's department ticked; a signed-in candidate is sent to the dashboard instead."""
    from chalicelib.companies.service import localized
    from chalicelib.jobs.models import get_job

    company = localized(load_company(company_slug), language)
    job = get_job(company.slug, job_id)
    return {
        "company": company_view(company),
        "job_title": job.title if job else None,
        "response_days": company.settings.response_days,
        "reply_by": reply_by(company.settings, language),
        "signed_in": signed_in,
        "offer": {"departments": [job.department] if job else []} if has_offer and not signed_in else None,
        "departments": [{"id": d.id, "name": d.name} for d in company.settings.departments],
        "consent_text": company.settings.consent_text.replace("{company}", company.name),
    }


def reply_by(settings, language: str | None) -> str:
    """The promise's last day for an application made now, in the company's working days and
    time zone, as the candidate reads a date ("Monday 21 December 2026")."""
    from chalicelib.companies.promise import day_text
    from chalicelib.db import now

    return day_text(settings.promise.calendar(settings.timezone).due_day(now(), settings.response_days), language)
