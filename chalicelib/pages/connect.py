"""The Connect journey as pages: the form, its validation next to each field, the thank-you."""
from __future__ import annotations

from chalicelib.companies.service import Company, load_company
from chalicelib.errors import InvalidInput
from chalicelib.pages import problems
from chalicelib.pages.forms import first, interests_from, roles_of_chosen
from chalicelib.schema import WORK_MODES

WORK_MODE_NAMES = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}


PROVIDER_NAMES = {"linkedin": "LinkedIn", "facebook": "Facebook"}


def company_view(company: Company) -> dict:
    from chalicelib.companies.service import page_view

    providers = company.settings.identity_providers
    return {**page_view(company),
            "providers": [{"id": p, "name": name} for p, name in PROVIDER_NAMES.items() if getattr(providers, p) is not None]}


def job_card(job, settings) -> dict:
    """A job as the candidate pages show it: what it is, where, how, and its apply page (relative
    to a page at /companies/{company}/<page>)."""
    from urllib.parse import quote

    department = settings.department(job.department)
    return {"id": job.job_id, "title": job.title, "department": department.name if department else job.department,
            "role": settings.role_name(job.role) or "" if job.role else "",
            "locations": [settings.location_name(loc) or loc for loc in job.locations or []],
            "work_mode": WORK_MODE_NAMES.get(job.work_mode, job.work_mode), "description": job.description or "",
            "apply_href": f"jobs/{quote(job.job_id, safe='')}/apply"}


def open_job_cards(company: Company) -> list[dict]:
    from chalicelib.jobs.service import open_jobs

    return [job_card(job, company.settings) for job in open_jobs(company.slug)]


def overview_view(company: Company) -> list[dict]:
    """The company's overview blocks (seed 000: text, an image, a link, a video link), for the
    Connect page and the dashboard alike."""
    return [{"title": b.title, "paragraphs": [p for p in b.body.split("\n\n") if p.strip()], "link": b.link,
             "link_text": b.link_text, "image_url": b.image_url, "image_alt": b.image_alt, "video_url": b.video_url}
            for b in company.settings.overview]


def question_view(question, settings, language: str | None, **extra) -> dict:
    """A question as a page asks it, in ``language`` where the company translated it: its text,
    and its options (the value sent stays the company's own option, the label is translated)."""
    return {"id": question.id, "text": settings.text_for(language, "question", question.id, question.text), "type": question.type,
            "options": [{"value": o, "label": settings.option_text(language, question.id, o)} for o in question.options],
            "required": question.required, **extra}


FIELDS = ("email", "first_name", "last_name", "departments", "roles", "location", "work_modes")


def form_view(company: Company, form: dict[str, list[str]] | None = None, errors: dict[str, str] | None = None,
              signed_in: bool = False, language: str | None = None) -> dict:
    """The Connect page, with the company's texts in ``language`` where it translated them."""
    from chalicelib.companies.service import localized

    company = localized(company, language)
    settings = company.settings
    form = form or {}
    chosen = set(form.get("departments", [])) | set(form.get("roles", []))
    return {
        "company": company_view(company),
        "overview": overview_view(company),
        "jobs": open_job_cards(company),
        "departments": [{"id": d.id, "name": d.name, "roles": [{"id": r.id, "name": r.name} for r in d.roles]} for d in settings.departments],
        "locations": [{"id": loc.id, "name": loc.name} for loc in settings.locations],
        "work_modes": [{"id": m, "name": WORK_MODE_NAMES[m]} for m in WORK_MODES],
        "questions": [
            question_view(q, settings, language, level=q.level, **{"for": q.department or q.role or ""},
                          for_name=_target_name(company, q))
            # General questions first, then those of departments and roles (shown as they are chosen).
            for q in sorted(settings.questions, key=lambda q: q.level != "general")
        ],
        "consent_text": settings.consent_text.replace("{company}", company.name),
        "form": form,
        "chosen": chosen,
        "first": lambda name: first(form, name),
        "errors": errors or {},
        "signed_in": signed_in,
    }


def _target_name(company: Company, question) -> str:
    if question.department:
        department = company.settings.department(question.department)
        return department.name if department else question.department
    if question.role:
        return company.settings.role_name(question.role) or question.role
    return ""


def submit(company_slug: str, form: dict[str, list[str]], language: str = "en"):
    """Validate the posted form with the API's own model and the use case's own checks, and
    connect: (the address the link went to, None), or (None, the form's view with every problem
    beside its field, in ``language``)."""
    # The use case and all it needs (its request model, PynamoDB's transactions, the rate limits,
    # the bot check, the subscription index) load with the first form posted, not with the first
    # page shown.
    from chalicelib.candidates.schema import ConnectRequest
    from chalicelib.candidates.service import check_against_settings, connect

    company = load_company(company_slug)
    body, order = interests_from(form, company.settings.questions)
    body["roles"] = roles_of_chosen(form, company.settings)
    body.update(email=first(form, "email"), first_name=first(form, "first_name"), last_name=first(form, "last_name"),
                language=language)  # the emails follow the language the page was shown in
    request, found = problems.check(ConnectRequest, body, lambda r: check_against_settings(r, company.settings))
    if request is not None:
        try:
            connect(company.slug, request)
            return request.email, None
        except InvalidInput as error:
            found = problems.from_invalid(error)
    types = {q.id: q.type for q in company.settings.questions}
    return None, form_view(company, form, problems.messages(found, language, order, types, FIELDS), language=language)
