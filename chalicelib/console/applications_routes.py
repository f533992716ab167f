"""The console's applications screens: the list (per job or across jobs, by status, newest
first; move several; who works on the job), one application (the applicant, what they shared,
the job, the history; move it, undo a rejection) and its resume download. Each handler parses,
calls the use case its /admin twin calls, and renders."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console.http import posted, render, screen
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.web.render import redirect

bp = Blueprint(__name__)
PAGE = 25


def _first(form, name: str) -> str:
    from chalicelib.pages.forms import first

    return first(form, name).strip()


def _local(moment: str | None, tz: str) -> datetime | None:
    """An ISO time in the company's time zone (what every time on these screens is shown in)."""
    if not moment:
        return None
    try:
        parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(ZoneInfo(tz)) if parsed.tzinfo else None


def _statuses():
    from chalicelib.applications.schema import STATUSES

    return STATUSES


def _rejection(state: dict | None, tz: str) -> dict | None:
    if state is None:
        return None
    return {**state, "tell_at": _local(state["tell_at"], tz), "released_at": _local(state["released_at"], tz)}


def _delay(record) -> int | None:
    delay = record.settings.delayed_rejection
    return delay.delay_hours if delay.enabled else None


# -- the list --------------------------------------------------------------------------

@bp.route("/console/{company}/applications", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def applications(company: str):
    return screen(bp, _applications)(company)


def _applications(request, record, actor):
    from chalicelib.applications.service import change_statuses

    if request.method == "POST":
        form = posted(request)
        job_id, tab = _first(form, "job_id"), _first(form, "tab") or "new"
        back = {"job_id": job_id, "status": tab} if job_id else {"status": tab}
        if _first(form, "action") == "assign":
            from chalicelib.jobs.assignments import assign_to_job

            assign_to_job(actor, job_id, form.get("member", []))
            return redirect("applications?" + urlencode({**back, "assigned": "1"}))
        chosen, to = form.get("application", []), _first(form, "to")
        if not chosen:
            return _list(request, record, actor, job_id, tab, None, error="Choose at least one application to move.")
        if to not in _statuses():
            return _list(request, record, actor, job_id, tab, None, error="Choose the status to move them to.")
        moved = change_statuses(actor, {"application_ids": chosen, "status": to})["applications"]
        done = {"moved": str(len(moved)), "to": to}
        if to == "rejected":
            told = [a["rejection"]["tell_at"] for a in moved if a.get("rejection")]
            done["tell"] = max(told) if told and all(told) else "now"
        return redirect("applications?" + urlencode({**back, **done}))
    query = request.query_params or {}
    status = query.get("status") or "new"
    if status not in _statuses():
        raise InvalidInput("no such status", field="status")
    return _list(request, record, actor, query.get("job_id") or "", status, query.get("cursor"), done=query)


def _list(request, record, actor, job_id: str, status: str, cursor: str | None, done: dict | None = None,
          error: str | None = None):
    from chalicelib.applications.service import jobs_for, list_applications, status_counts
    from chalicelib.team import roles

    tz = record.settings.timezone
    listed = list_applications(actor, job_id or None, status, cursor, PAGE)
    jobs = jobs_for(actor)
    titles = {j["id"]: j["title"] for j in jobs}
    rows = [{**a, "applied_local": _local(a["applied_at"], tz), "job_title": titles.get(a["job_id"], a["job_id"]),
             "rejection": _rejection(a.get("rejection"), tz)} for a in listed["applications"]]
    team = None
    if job_id and actor.may(roles.ALL_APPLICATIONS):
        from chalicelib.jobs.assignments import members_of_job
        from chalicelib.team.service import list_members

        working = {m["id"] for m in members_of_job(actor, job_id)}
        team = [{**m, "assigned": m["id"] in working} for m in list_members(actor)]
    moved = _moved(done or {}, tz)
    here = {"job_id": job_id, "status": status} if job_id else {"status": status}
    return render(request, "applications_list.html", {
        "current": "applications", "rows": rows, "jobs": jobs, "job_id": job_id, "job_title": titles.get(job_id),
        "status": status, "statuses": _statuses(), "role_names": roles.ROLE_NAMES, "counts": status_counts(actor, job_id or None), "team": team,
        "next": ("applications?" + urlencode({**here, "cursor": listed["next_cursor"]})) if listed["next_cursor"] else None,
        "first_page": ("applications?" + urlencode(here)) if cursor else None,
        "notice": "Saved who works on this job." if (done or {}).get("assigned") == "1" else None, "moved": moved,
        "error": error, "delay_hours": _delay(record), "timezone": tz,
    }, company=record, actor=actor, status=200 if error is None else 400)


def _moved(done: dict, tz: str) -> dict | None:
    """What the last move did, from the redirect after it (a count, a status and, for a
    rejection, when the candidates are told); anything else in the query is ignored."""
    count, to = done.get("moved", ""), done.get("to", "")
    if not (count.isascii() and count.isdigit()) or to not in _statuses():
        return None
    return {"count": int(count), "to": to, "tell_at": _local(done.get("tell"), tz) if to == "rejected" else None}


# -- one application -------------------------------------------------------------------

@bp.route("/console/{company}/applications/{application_id}", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def application(company: str, application_id: str):
    return screen(bp, _application)(company, application_id)


def _application(request, record, actor, application_id: str):
    from chalicelib.applications.service import application_page, change_status, undo_rejection

    if request.method == "GET":
        return _detail(request, record, actor, application_page(actor, application_id))
    form = posted(request)
    try:
        if _first(form, "action") == "undo":
            undo_rejection(actor, application_id)
            notice = "The rejection is undone: the candidate will not be told."
        else:
            to = _first(form, "status")
            if to not in _statuses():
                raise InvalidInput("choose a status to move the application to", field="status")
            change_status(actor, application_id, to)
            notice = None
    except (Conflict, InvalidInput) as error:
        return _detail(request, record, actor, application_page(actor, application_id, opened=False), error=error.message,
                       status=error.status)
    # The move is the record of this request: showing its result is not another view.
    return _detail(request, record, actor, application_page(actor, application_id, opened=False), notice=notice)


def _detail(request, record, actor, shown: dict, notice=None, error: str | None = None, status: int = 200):
    tz = record.settings.timezone
    application = shown["application"]
    settings = record.settings
    answers = [{"question": (settings.question(a["question_id"]).text if settings.question(a["question_id"]) else a["question_id"]),
                "value": a["value"]} for a in application.get("answers", []) if a.get("shared")]
    history = [{**line, "when": _local(line["at"], tz)} for line in shown["history"]]
    return render(request, "applications_detail.html", {
        "current": "applications", "a": application, "job": shown["job"],
        "name": " ".join(p for p in (application["first_name"], application["last_name"]) if p) or "Erased applicant", "answers": answers, "history": history,
        "applied_local": _local(application["applied_at"], tz), "rejection": _rejection(application.get("rejection"), tz),
        "statuses": _statuses(), "delay_hours": _delay(record), "timezone": tz, "notice": notice, "error": error,
    }, company=record, actor=actor, status=status)


@bp.route("/console/{company}/applications/{application_id}/resume", methods=["GET"])
def resume(company: str, application_id: str):
    return screen(bp, _resume)(company, application_id)


def _resume(request, record, actor, application_id: str):
    from chalicelib.applications.service import resume_link

    try:
        link = resume_link(actor, application_id)
    except NotFound as error:
        if error.field != "resume":
            raise
        return render(request, "console_message.html", {
            "current": "applications", "heading": "No resume",
            "paragraphs": ["This application came without a resume, or its upload has not arrived."],
            "link": {"href": "../" + application_id, "text": "Back to the application"}}, company=record, actor=actor, status=404)
    return redirect(link["url"])
