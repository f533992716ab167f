"""The candidate's dashboard as a page: the same use cases as GET/PUT /me, driven by forms."""
from __future__ import annotations

from chalicelib.auth.tokens import TokenSubject
from chalicelib.companies.service import load_company
from chalicelib.dashboard.privacy import erase, export
from chalicelib.dashboard.schema import SubscriptionRequest
from chalicelib.dashboard.service import dashboard, renew_my_consent, replace_subscription
from chalicelib.api import validate
from chalicelib.pages.connect import WORK_MODE_NAMES, company_view
from chalicelib.pages.forms import first, roles_of_chosen
from chalicelib.schema import WORK_MODES


def view(subject: TokenSubject, csrf: str, notice: str | None = None, error: str | None = None) -> dict:
    data = dashboard(subject)
    company = load_company(subject.company)
    settings = company.settings
    questions = {q.id: q.text for q in settings.questions}
    profile = data["profile"]
    return {
        "company": company_view(company),
        "profile": profile,
        "location_name": settings.location_name(profile["location"]) if profile["location"] else None,
        "answers": [{"id": a["question_id"], "text": questions.get(a["question_id"], a["question_id"]), "value": _answer_text(a["value"]),
                     "shared": a.get("shared")} for a in profile["answers"]],
        "subscription": data["subscription"],
        "departments": [{"id": d.id, "name": d.name, "roles": [{"id": r.id, "name": r.name} for r in d.roles]} for d in settings.departments],
        "locations": [{"id": loc.id, "name": loc.name} for loc in settings.locations],
        "work_modes": [{"id": m, "name": WORK_MODE_NAMES[m]} for m in WORK_MODES],
        "applications": data["applications"],
        "overview": data["overview"],
        "consent_expires": (profile["consent"]["expires_at"] or "")[:10] or None,
        "csrf": csrf,
        "notice": notice,
        "error": error,
    }


def _answer_text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def save_subscription(subject: TokenSubject, form: dict[str, list[str]]) -> None:
    settings = load_company(subject.company).settings
    request = validate(SubscriptionRequest, {
        "departments": form.get("departments", []),
        "roles": roles_of_chosen(form, settings),
        "locations": form.get("locations", []),
        "work_modes": form.get("work_modes", []),
        "frequency": first(form, "frequency") or "instant",
        "paused": first(form, "paused") == "true",
    })
    replace_subscription(subject, request)


def renew(subject: TokenSubject) -> None:
    renew_my_consent(subject)


def download(subject: TokenSubject) -> dict:
    return export(subject)


def erase_all(subject: TokenSubject) -> None:
    erase(subject)


def save_profile(subject: TokenSubject, form: dict[str, list[str]]) -> str | None:
    """Names, the address (changed once confirmed there), location, the emails' language and
    which answers are shared (the answers stay). "email" when a confirmation link was sent."""
    from chalicelib.dashboard.schema import ProfilePatch
    from chalicelib.dashboard.service import dashboard as current, update_profile

    shared = set(form.get("shared", []))
    answers = [{**a, "shared": a["question_id"] in shared} for a in current(subject)["profile"]["answers"]]
    fields = {
        "first_name": first(form, "first_name"), "last_name": first(form, "last_name"),
        "location": first(form, "location") or None, "language": first(form, "language") or None, "answers": answers,
    }
    if first(form, "email").strip():  # an empty address field keeps the address
        fields["email"] = first(form, "email")
    patch = validate(ProfilePatch, fields)
    return "email" if "email_change" in update_profile(subject, patch) else None


def stop_job_tips(subject: TokenSubject) -> None:
    from chalicelib.candidates.unsubscribe import unsubscribe_candidate

    unsubscribe_candidate(subject.company, subject.candidate_id)
