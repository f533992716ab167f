"""The Connect journey as pages: the form, its validation next to each field, the thank-you."""
from __future__ import annotations

from chalicelib.api import validate
from chalicelib.candidates.schema import ConnectRequest
from chalicelib.companies.service import Company, load_company
from chalicelib.errors import DomainError
from chalicelib.pages.forms import first, form_field, interests_from, roles_of_chosen
from chalicelib.schema import WORK_MODES

WORK_MODE_NAMES = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}


PROVIDER_NAMES = {"linkedin": "LinkedIn", "facebook": "Facebook"}


def company_view(company: Company) -> dict:
    branding = company.settings.branding
    providers = company.settings.identity_providers
    return {"slug": company.slug, "name": company.name, "language": company.settings.language,
            "logo_url": branding.logo_url if branding else None,
            "providers": [{"id": p, "name": name} for p, name in PROVIDER_NAMES.items() if getattr(providers, p) is not None]}


def form_view(company: Company, form: dict[str, list[str]] | None = None, error: DomainError | None = None,
              field: str | None = None) -> dict:
    settings = company.settings
    form = form or {}
    chosen = set(form.get("departments", [])) | set(form.get("roles", []))
    return {
        "company": company_view(company),
        "departments": [{"id": d.id, "name": d.name, "roles": [{"id": r.id, "name": r.name} for r in d.roles]} for d in settings.departments],
        "locations": [{"id": loc.id, "name": loc.name} for loc in settings.locations],
        "work_modes": [{"id": m, "name": WORK_MODE_NAMES[m]} for m in WORK_MODES],
        "questions": [
            {"id": q.id, "text": q.text, "type": q.type, "options": q.options, "required": q.required, "level": q.level,
             "for": q.department or q.role or "", "for_name": _target_name(company, q)}
            # General questions first, then those of departments and roles (shown as they are chosen).
            for q in sorted(settings.questions, key=lambda q: q.level != "general")
        ],
        "consent_text": settings.consent_text.replace("{company}", company.name),
        "form": form,
        "chosen": chosen,
        "first": lambda name: first(form, name),
        "error": {"field": field, "message": error.message} if error else None,
    }


def _target_name(company: Company, question) -> str:
    if question.department:
        department = company.settings.department(question.department)
        return department.name if department else question.department
    if question.role:
        return company.settings.role_name(question.role) or question.role
    return ""


def submit(company_slug: str, form: dict[str, list[str]], language: str = "en"):
    """Validate the posted form with the API's own model and connect; on a mistake, return the
    form's view with the error next to the field that caused it."""
    # The use case and all it needs (PynamoDB's transactions, the rate limits, the bot check,
    # the subscription index) load with the first form posted, not with the first page shown.
    from chalicelib.candidates.service import connect

    company = load_company(company_slug)
    body, order = interests_from(form, company.settings.questions)
    body["roles"] = roles_of_chosen(form, company.settings)
    body.update(email=first(form, "email"), first_name=first(form, "first_name"), last_name=first(form, "last_name"),
                language=language)  # the emails follow the language the page was shown in
    try:
        request = validate(ConnectRequest, body)
        connect(company.slug, request)
    except DomainError as error:
        if error.status >= 500 or error.status == 429 or error.status == 404:
            raise
        return form_view(company, form, error, form_field(error.field, order, error.message))
    return None
