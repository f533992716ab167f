"""The console's jobs (issue 17.1): the list, the job form (create and edit), publishing after
seeing the audience, closing and re-opening. Each handler parses, calls the jobs' use case
that /admin/jobs calls (chalicelib/jobs/service.py, matching/audience.py) and renders; the
use cases refuse a hiring member (roles.JOBS)."""
from __future__ import annotations

import secrets
from urllib.parse import quote, urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console.http import language, posted, render, screen
from chalicelib.errors import DomainError, InvalidInput
from chalicelib.web.render import redirect

bp = Blueprint(__name__)

STATUS_NAMES = {"draft": "Draft", "published": "Published", "closed": "Closed"}
WORK_MODE_NAMES = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}
QUESTION_TYPE_NAMES = {"text": "Text answer", "single_choice": "One of the options", "multiple_choice": "Any of the options",
                       "yes_no": "Yes or no"}
LINKEDIN_STATES = {"in_progress": "Being sent to LinkedIn", "posted": "On LinkedIn", "closed": "Closed on LinkedIn",
                   "failed": "LinkedIn refused it", "not_posted": "Not on LinkedIn"}
LISTING_NAMES = {"basic": "Basic (free)", "premium": "Premium (paid, with the Recruiter contract)"}
BLANK_QUESTIONS = 2  # empty question rows the form offers below the job's own

# What the form says about each field's problem (English source; console_jobs.po has the Swedish).
EMPTY = {
    "title": "Enter the job's title",
    "department": "Choose the department",
    "role": "Choose the role",
    "work_mode": "Choose how the job is done",
    "locations": "Choose at least one location for an on-site or hybrid job",
    "apply_url": "Enter the address of the page where candidates apply",
    "question_text": "Write the question",
    "question_options": "A choice question needs at least two options, one per line",
}
WRONG = {
    "title": "A title is one line of at most 200 characters",
    "department": "Choose a department from the list",
    "role": "Choose a role of the department you chose",
    "work_mode": "Choose how the job is done",
    "locations": "Choose locations from the list; an on-site or hybrid job needs at least one",
    "description": "The description is too long or holds special characters",
    "apply_url": "Enter an address that starts with https://",
    "question_text": "A question is one line of at most 500 characters",
    "question_options": "A choice question needs at least two different options, one per line; other questions take none",
    "question_type": "Choose the kind of answer from the list",
    "linkedin": "Choose the LinkedIn listing from the list",
    "too_long": "This is too long: shorten it",
    "controls": "Remove the special characters (line breaks, tabs) from this field",
    "other": "Check this field",
}
FIELDS = ("title", "department", "role", "work_mode", "locations", "description", "apply_url")
NOTICES = {
    "created": "The job %(title)s is saved as a draft.",
    "saved": "Your changes to %(title)s are saved.",
    "published": "%(title)s is published.",
    "closed": "%(title)s is closed: it no longer takes applications.",
}


def _first(form, name: str) -> str:
    from chalicelib.pages.forms import first

    return first(form, name).strip()


def _done(path: str, what: str, job_id: str):
    """After a form did its work: 303 to the jobs list (a reload re-sends nothing), which says what."""
    return redirect(f"{path}?{urlencode({'done': what, 'about': job_id})}")


# -- the list --------------------------------------------------------------------------

@bp.route("/console/{company}/jobs", methods=["GET"])
def jobs(company: str):
    return screen(bp, _jobs)(company)


def _jobs(request, record, actor):
    from chalicelib.jobs.service import get_job_view, list_jobs

    query = request.query_params or {}
    listed = list_jobs(actor, None, query.get("cursor"), 50)
    notice = None
    if query.get("done") in NOTICES and query.get("about"):
        try:
            notice = (NOTICES[query["done"]], {"title": get_job_view(actor, query["about"])["title"]})
        except DomainError:
            notice = None
    rows = [_row(job, record) for job in listed["jobs"]]
    return render(request, "jobs_list.html", {
        "jobs": rows, "next_cursor": listed["next_cursor"], "notice": notice, "current": "jobs",
        "linkedin_on": any(row["linkedin"] for row in rows) or _integration(record.slug) is not None,
        "statuses": STATUS_NAMES,
    }, company=record, actor=actor)


def _row(job: dict, record) -> dict:
    settings = record.settings
    department = settings.department(job["department"])
    posting = (job.get("linkedin") or {}).get("posting")
    return {
        "id": job["id"], "href": quote(job["id"], safe=""), "title": job["title"], "status": job["status"],
        "department": department.name if department else job["department"],
        "role": settings.role_name(job["role"]) or job["role"],
        "published": _date(job["first_published_at"], settings.timezone),
        "closed": _date(job.get("closed_at"), settings.timezone) if job["status"] == "closed" else None,
        "applications": job.get("applications", 0), "tipped": job.get("tipped"), "announced": job["announced_at"] is not None,
        "linkedin": {"state": posting["state"], "url": posting["posting_url"], "reason": posting["failure_reason"]} if posting else None,
    }


def _date(value: str | None, timezone: str) -> str | None:
    """A date as the company's calendar shows it (YYYY-MM-DD: the same in every language)."""
    if not value:
        return None
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone)).date().isoformat()


def _integration(company: str):
    """The company's LinkedIn integration when it is switched on (what the form's LinkedIn part needs)."""
    from chalicelib.linkedin.models import get_integration

    integration = get_integration(company)
    return integration if integration is not None and integration.enabled else None


# -- the form ----------------------------------------------------------------------------

@bp.route("/console/{company}/jobs/new", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def new_job(company: str):
    return screen(bp, _new_job)(company)


def _new_job(request, record, actor):
    from chalicelib.jobs.service import upsert_posting
    from chalicelib.team import roles

    actor.require(roles.JOBS)
    integration = _integration(record.slug)
    if request.method == "GET":
        values = {"title": "", "department": "", "role": "", "work_mode": "", "locations": [], "description": "",
                  "apply": "here", "apply_url": "", "questions": [],
                  "apply_connect": bool(integration and integration.default_apply_connect), "listing": "basic"}
        return _form(request, record, actor, values, {}, integration, job=None)
    form = posted(request)
    values = _values(form)
    body = _body(values, integration, status="draft")
    valid, errors = _check(request, record, actor, body)
    if errors:
        return _form(request, record, actor, values, errors, integration, job=None, status=400)
    job = upsert_posting(actor, valid, source="console").job
    if _first(form, "action") == "publish":
        return redirect(f"{quote(job['id'], safe='')}/publish")
    return _done("../jobs", "created", job["id"])


@bp.route("/console/{company}/jobs/{job_id}", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def job(company: str, job_id: str):
    return screen(bp, _job)(company, job_id)


def _job(request, record, actor, job_id):
    from chalicelib.jobs.schema import JobPatch
    from chalicelib.jobs.service import StaleJob, edit_job, get_job_view

    current = get_job_view(actor, job_id)
    integration = _integration(record.slug)
    if request.method == "GET":
        return _form(request, record, actor, _stored_values(current, integration), {}, integration, job=current)
    form = posted(request)
    values = _values(form)
    # The version the form was drawn at (the product's, never typed): a colleague's save since
    # then is not overwritten unseen.
    version = _version(form)
    body = _body(values, integration, status=current["status"])
    valid, errors = _check(request, record, actor, body)
    if errors:
        return _form(request, record, actor, values, errors, integration, job=current, status=400, version=version)
    patch = JobPatch.model_validate({k: v for k, v in valid.model_dump().items() if k in JobPatch.model_fields and k != "status"
                                     and (k != "linkedin" or integration is not None)})
    try:
        edit_job(actor, job_id, patch, version)
    except StaleJob as stale:
        # Nothing typed is lost: the form again with this person's values, what the colleague
        # saved beside it, and the current version, so saving again is a deliberate choice.
        return _form(request, record, actor, values, {}, integration, job=stale.job, status=409,
                     stale=_stale(stale.job, record, integration))
    if _first(form, "action") == "publish" and current["status"] != "published":
        return redirect(f"{quote(job_id, safe='')}/publish")
    return _done("../jobs", "saved", job_id)


def _version(form) -> int:
    raw = _first(form, "version")
    if not raw.isdigit() or len(raw) > 15:
        raise InvalidInput("the form lost the job's version: open the job again", field="version")
    return int(raw)


def _stale(job: dict, record, integration) -> dict:
    """Who saved the job meanwhile, when (in the company's time zone) and what it holds now."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    settings = record.settings
    at = datetime.fromisoformat(job["updated_at"].replace("Z", "+00:00")).astimezone(ZoneInfo(settings.timezone))
    saved = _stored_values(job, integration)
    department = settings.department(saved["department"])
    return {"by": (job.get("updated_by") or {}).get("name") or "", "at": at.strftime("%Y-%m-%d %H:%M"),
            "timezone": settings.timezone,
            "saved": {"title": saved["title"], "department": department.name if department else saved["department"],
                      "role": settings.role_name(saved["role"]) or saved["role"], "work_mode": WORK_MODE_NAMES.get(saved["work_mode"]),
                      "locations": ", ".join(settings.location_name(loc) or loc for loc in saved["locations"]),
                      "description": saved["description"]}}


def _stored_values(job: dict, integration) -> dict:
    choice = job["linkedin"].get("apply_connect", "default")
    return {
        "title": job["title"], "department": job["department"], "role": job["role"], "work_mode": job["work_mode"],
        "locations": job["locations"], "description": job["description"],
        "apply": "here" if job["applies_here"] else "elsewhere", "apply_url": "" if job["applies_here"] else job["apply_url"],
        "questions": [{**q, "options": "\n".join(q.get("options") or [])} for q in job["questions"]],
        "apply_connect": bool(integration and integration.default_apply_connect) if choice == "default" else bool(choice),
        "listing": job["linkedin"].get("listing", "basic"),
    }


def _values(form) -> dict:
    """What the form holds, as typed (shown again beside its problems)."""
    questions = []
    for i in range(int(_first(form, "question_rows") or 0) if _first(form, "question_rows").isdigit() else 0):
        if i >= 40:
            break
        text = _first(form, f"q-{i}-text")
        if not text:
            continue  # an empty row is no question (clearing a question's text removes it)
        questions.append({"id": _first(form, f"q-{i}-id") or f"q-{secrets.token_hex(4)}", "text": text,
                          "type": _first(form, f"q-{i}-type") or "text", "options": _first(form, f"q-{i}-options"),
                          "required": _first(form, f"q-{i}-required") == "on"})
    return {
        "title": _first(form, "title"), "department": _first(form, "department"), "role": _first(form, "role"),
        "work_mode": _first(form, "work_mode"), "locations": form.get("locations", []),
        "description": (form.get("description") or [""])[0].replace("\r\n", "\n"),
        "apply": "elsewhere" if _first(form, "apply") == "elsewhere" else "here", "apply_url": _first(form, "apply_url"),
        "questions": questions, "apply_connect": _first(form, "apply_connect") == "on",
        "listing": _first(form, "listing") or "basic",
    }


def _body(values: dict, integration, status: str) -> dict:
    """The form's values as the API's posting: what POST and PATCH /admin/jobs take."""
    body = {
        "title": values["title"], "department": values["department"], "role": values["role"],
        "work_mode": values["work_mode"], "locations": values["locations"], "description": values["description"],
        "apply_url": values["apply_url"] if values["apply"] == "elsewhere" else None,
        "questions": [{"id": q["id"], "text": q["text"], "type": q["type"], "required": q["required"],
                       "options": [o.strip() for o in q["options"].split("\n") if o.strip()]} for q in values["questions"]],
        "status": status,
    }
    if integration is not None:
        body["linkedin"] = {"apply_connect": values["apply_connect"], "listing": values["listing"]}
    return body


def _check(request, record, actor, body: dict):
    """The posting, or every problem of the form at once: {control: message}."""
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import check_against_settings
    from chalicelib.pages import problems

    valid, found = problems.check(JobPosting, body, lambda posting: check_against_settings(posting, record.settings))
    if not found:
        return valid, {}
    lang = language(request, actor, record.settings.language)[0]
    return None, _messages(found, lang)


def _messages(found, lang: str) -> dict[str, str]:
    from chalicelib.i18n import translate

    out: dict[str, str] = {}
    for problem in found:
        control, key = _control(problem.field)
        if control in out:
            continue
        if problem.kind in ("string_too_long", "too_long") and key != "locations":
            text = WRONG["too_long"]
        elif "control characters" in problem.message:
            text = WRONG["controls"]
        elif problem.empty and key in EMPTY:
            text = EMPTY[key]
        elif key == "question_options" or (key == "question" and "option" in problem.message):
            text = WRONG["question_options"] if not problem.empty else EMPTY["question_options"]
        else:
            text = WRONG.get(key, WRONG["other"])
        out[control] = translate(lang, text)
    order = [*FIELDS]

    def position(control: str) -> tuple[int, str]:
        return (order.index(control) if control in order else len(order), control)

    return dict(sorted(out.items(), key=lambda item: position(item[0])))


def _control(field: str | None) -> tuple[str, str]:
    """The form control an API field is about, and which of the texts above words it."""
    parts = (field or "").split(".")
    if parts[0] == "questions" and len(parts) > 1 and parts[1].isdigit():
        what = parts[2] if len(parts) > 2 else ""
        key = {"text": "question_text", "options": "question_options", "type": "question_type", "id": "question_text"}.get(
            what, "question_options")
        return f"q-{parts[1]}", key
    if parts[0] == "questions":
        return "questions", "question_text"
    if parts[0] in FIELDS or parts[0] == "linkedin":
        return parts[0], parts[0]
    return "title", "other"


def _form(request, record, actor, values: dict, errors: dict, integration, job: dict | None, status: int = 200,
          version: int | None = None, stale: dict | None = None):
    settings = record.settings
    rows = [*values["questions"], *({"id": "", "text": "", "type": "text", "options": "", "required": False}
                                    for _ in range(BLANK_QUESTIONS))]
    return render(request, "jobs_form.html", {
        "values": values, "errors": errors, "job": job, "current": "jobs", "stale": stale,
        "version": version if version is not None else (job["version"] if job else None),
        "departments": [{"id": d.id, "name": d.name, "roles": [{"id": r.id, "name": r.name} for r in d.roles]}
                        for d in settings.departments],
        "locations": [{"id": loc.id, "name": loc.name} for loc in settings.locations],
        "work_modes": WORK_MODE_NAMES, "question_types": QUESTION_TYPE_NAMES, "question_rows": rows,
        "company_questions": [q.text for q in settings.questions_for([values["department"]], [values["role"]])]
        if values["department"] else [],
        "linkedin": _linkedin_part(integration) if integration else None,
        "statuses": STATUS_NAMES,
    }, company=record, actor=actor, status=status)


def _linkedin_part(integration) -> dict:
    """The form's LinkedIn part: LinkedIn asks for its jobs-terms sentence beside the per-job choice too."""
    from chalicelib.linkedin.settings import JOBS_TERMS, JOBS_TERMS_URL

    return {"contract": bool(integration.recruiter_contract_id), "listings": LISTING_NAMES, "jobs_terms": JOBS_TERMS,
            "jobs_terms_url": JOBS_TERMS_URL}


# -- publishing, closing, re-opening -------------------------------------------------------

@bp.route("/console/{company}/jobs/{job_id}/publish", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def publish(company: str, job_id: str):
    return screen(bp, _publish)(company, job_id)


def _publish(request, record, actor, job_id):
    """Publishing (or re-opening) shows who will hear of the job first; it happens on confirm."""
    from chalicelib.jobs.markdown import to_html
    from chalicelib.jobs.schema import JobPatch
    from chalicelib.jobs.service import edit_job, get_job_view
    from chalicelib.matching.audience import audience

    if request.method == "POST":
        posted(request)
        current = get_job_view(actor, job_id)
        if current["status"] != "published":
            edit_job(actor, job_id, JobPatch(status="published"))
        return _done("../../jobs", "published", job_id)
    current = get_job_view(actor, job_id)
    if current["status"] == "published":
        raise InvalidInput("this job is published already", field="status")
    reach = audience(actor, job_id)
    settings = record.settings
    department = settings.department(current["department"])
    return render(request, "jobs_publish.html", {
        "job": {**current, "department_name": department.name if department else current["department"],
                "role_name": settings.role_name(current["role"]) or current["role"],
                "location_names": [settings.location_name(loc) for loc in current["locations"]],
                "description_html": to_html(current["description"], top_heading=3)},
        "audience": reach, "current": "jobs", "work_modes": WORK_MODE_NAMES,
        "linkedin": current["linkedin"] if _integration(record.slug) else None,
    }, company=record, actor=actor)


@bp.route("/console/{company}/jobs/{job_id}/close", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def close(company: str, job_id: str):
    return screen(bp, _close)(company, job_id)


def _close(request, record, actor, job_id):
    from chalicelib.jobs.schema import JobPatch
    from chalicelib.jobs.service import edit_job, get_job_view

    posted(request)
    if get_job_view(actor, job_id)["status"] != "closed":
        edit_job(actor, job_id, JobPatch(status="closed"))
    return _done("../../jobs", "closed", job_id)
