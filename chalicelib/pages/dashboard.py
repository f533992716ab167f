"""The candidate's dashboard as a page: the same use cases as GET/PUT /me, driven by forms."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.auth.tokens import TokenSubject
from chalicelib.candidates.consent import RENEWAL_NOTICE_DAYS
from chalicelib.db import now
from chalicelib.companies.service import load_company
from chalicelib.dashboard.privacy import erase, export
from chalicelib.dashboard.schema import SubscriptionRequest
from chalicelib.dashboard.service import dashboard, renew_my_consent, replace_subscription
from chalicelib.api import validate
from chalicelib.pages.connect import WORK_MODE_NAMES, company_view
from chalicelib.pages import problems
from chalicelib.pages.forms import first, roles_of_chosen
from chalicelib.schema import WORK_MODES, time_zones


FIELDS = ("first_name", "last_name", "email", "location", "language", "departments", "roles", "locations", "work_modes", "frequency")


def view(subject: TokenSubject, csrf: str, notice: str | None = None, errors: dict[str, str] | None = None,
         posted: str | None = None, form: dict | None = None, language=None) -> dict:
    """The dashboard; after a refused form (``posted``: "profile" or "subscription"), that form
    shows what was typed, with ``errors`` beside the fields. ``language``: the page's language,
    or a function of the candidate's profile language that gives it; the company's texts are
    shown in it where the company translated them."""
    data = dashboard(subject)
    if callable(language):
        language = language(data["profile"]["language"])
    return _view(load_company(subject.company), data, csrf, notice, errors, posted, form, language)


def sample_view(company, csrf: str = "") -> dict:
    """The dashboard of a sample candidate (connected to the company's first department), to
    preview the company's settings as a candidate will see them (the console's Settings)."""
    settings = company.settings
    first_department = settings.departments[0].id if settings.departments else None
    departments = [first_department] if first_department else []
    data = {
        "profile": {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "location": None, "language": None,
                    "confirmed": True, "answers": [], "consent": {"expires_at": None}},
        "subscription": {"departments": departments, "roles": [], "locations": [], "work_modes": [], "frequency": "instant",
                         "paused": False, "unsubscribed_at": None},
        "applications": [],
        "preferences": {"job_tips": True, "campaigns": True, "emails_per_week": settings.email_cap_per_week},
    }
    return _view(company, data, csrf, None, None, None, None, None)


def _view(company, data: dict, csrf: str, notice, errors, posted, form, language) -> dict:
    from chalicelib.companies.service import localized
    from chalicelib.pages.connect import job_card, overview_view
    from chalicelib.subscriptions.rules import Posting, Subscription, matches
    from chalicelib.subscriptions.service import catalogue

    from chalicelib.jobs.service import open_jobs

    company = localized(company, language)
    settings = company.settings
    questions = {q.id: q.text for q in settings.questions}
    profile = data["profile"]
    subscription = data["subscription"]
    following = Subscription.from_dict(subscription)
    known = catalogue(settings)
    matching = [job_card(job, settings) for job in open_jobs(company.slug)
                if matches(following, Posting(job.department, job.role, tuple(job.locations or ()), job.work_mode), known)]
    expires = profile["consent"]["expires_at"]
    renewal_due = bool(expires) and datetime.fromisoformat(expires) - timedelta(days=RENEWAL_NOTICE_DAYS) <= now()
    form = form or {}
    if posted == "profile":
        profile = {**profile, **{k: first(form, k) for k in ("first_name", "last_name", "location", "language", "timezone")},
                   "new_email": first(form, "email")}
    if posted == "subscription":
        subscription = {**subscription, **{k: form.get(k, []) for k in ("departments", "locations", "work_modes")},
                        "roles": roles_of_chosen(form, settings), "frequency": first(form, "frequency") or "instant",
                        "paused": first(form, "paused") == "true"}
    return {
        "company": company_view(company),
        "profile": profile,
        "location_name": settings.location_name(profile["location"]) if profile["location"] else None,
        "answers": [{"id": a["question_id"], "text": questions.get(a["question_id"], a["question_id"]),
                     "value": _answer_text(a["value"], settings, language, a["question_id"]),
                     "shared": a.get("shared")} for a in profile["answers"]],
        "subscription": subscription,
        "stopped": subscription.get("unsubscribed_at") is not None,
        "matching_jobs": matching,
        "renewal_due": renewal_due,
        "departments": [{"id": d.id, "name": d.name, "roles": [{"id": r.id, "name": r.name} for r in d.roles]} for d in settings.departments],
        "locations": [{"id": loc.id, "name": loc.name} for loc in settings.locations],
        "time_zones": time_zones(),
        "work_modes": [{"id": m, "name": WORK_MODE_NAMES[m]} for m in WORK_MODES],
        "applications": data["applications"],
        "preferences": data["preferences"],
        "overview": overview_view(company),
        "consent_expires": (profile["consent"]["expires_at"] or "")[:10] or None,
        "csrf": csrf,
        "notice": notice,
        "errors": errors or {},
    }


def _answer_text(value, settings=None, language: str | None = None, question_id: str = "") -> str:
    """An answer as the candidate reads it: a chosen option in the page's language."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    option = (lambda o: settings.option_text(language, question_id, o)) if settings is not None else (lambda o: o)
    if isinstance(value, list):
        return ", ".join(option(v) for v in value)
    return option(str(value))


def save_subscription(subject: TokenSubject, form: dict[str, list[str]]) -> None:
    settings = load_company(subject.company).settings
    request = problems.validate(SubscriptionRequest, {
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
    if first(form, "timezone"):  # (a form without the field keeps the time zone)
        fields["timezone"] = first(form, "timezone")
    if first(form, "email").strip():  # an empty address field keeps the address
        fields["email"] = first(form, "email")
    patch = problems.validate(ProfilePatch, fields)
    return "email" if "email_change" in update_profile(subject, patch) else None


def resume_job_tips(subject: TokenSubject) -> None:
    """Job tips again, with the choices they had when they stopped (saving a subscription resumes it)."""
    current = dashboard(subject)["subscription"]
    replace_subscription(subject, validate(SubscriptionRequest, {
        k: current[k] for k in ("departments", "roles", "locations", "work_modes", "frequency")} | {"paused": False}))


def save_preferences(subject: TokenSubject, form: dict[str, list[str]]) -> None:
    """The dashboard's "Emails we send you": a ticked box is a category on, an unticked one off."""
    from chalicelib.dashboard.schema import PreferencesRequest
    from chalicelib.dashboard.service import set_preferences

    chosen = set(form.get("categories", []))
    set_preferences(subject, PreferencesRequest(job_tips="job_tips" in chosen, campaigns="campaigns" in chosen))


def stop_job_tips(subject: TokenSubject) -> None:
    from chalicelib.candidates.unsubscribe import unsubscribe_candidate

    unsubscribe_candidate(subject.company, subject.candidate_id)
