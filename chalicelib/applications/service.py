"""Applications: candidates apply to a job from the career page; the hiring team moves them on.

Every application keeps its history (applied, viewed by the hiring team, resume downloaded,
each status change) with times; the candidate sees the status on their dashboard.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Callable

from pynamodb.exceptions import UpdateError

from chalicelib import cursors
from chalicelib.applications.models import ApplicationItem, email_key, get_application, new_application, resume_key
from chalicelib.applications.owners import ask_owner
from chalicelib.applications.schema import ApplyRequest, BulkStatusChange
from chalicelib.api import validate
from chalicelib import ratelimit
from chalicelib.auth import botcheck
from chalicelib.auth.tokens import TokenSubject
from chalicelib.aws import storage
from chalicelib.candidates.applicants import forget_applicant, record_applicant
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.candidates.service import check_answers, find_by_email
from chalicelib.companies.service import load_company
from chalicelib.db import iso, now
from chalicelib.errors import Conflict, InvalidInput, NotFound, Unauthorized
from chalicelib.jobs.models import get_job
from chalicelib.jobs.questions import asked, own as own_questions
from chalicelib.observability import count, logger, tracer
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor

def _event(kind: str, **data) -> dict:
    return {"type": kind, "at": iso(now()), **data}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# One address may apply to a handful of jobs an hour; past that it is someone else's inbox.
APPLICATIONS_PER_ADDRESS_PER_HOUR = 10


def apply(company_slug: str, job_id: str, request: ApplyRequest, session: TokenSubject | None = None,
          upload_redirect: str | None = None) -> dict:
    """Store an application. It joins a candidate only when the request carries that candidate's
    access token; an anonymous application with a connected candidate's address stays apart
    and the address's owner is asked by email whether it is theirs. The answer is the same for
    known and unknown addresses, so it tells nobody who is connected."""
    company = load_company(company_slug)
    job = get_job(company.slug, job_id, consistent=True)
    if job is None or job.status != "published":
        raise NotFound(f"no open job {job_id!r}", field="job_id")
    botcheck.verify(company, request.bot_token)
    check_answers(company.settings, request.answers, require_all=True, departments=[job.department], roles=[job.role],
                  extra=tuple(own_questions(job)))
    ratelimit.hit("apply-address", f"{company.slug}#{request.email}", APPLICATIONS_PER_ADDRESS_PER_HOUR, 3600)
    if session is not None and session.company != company.slug:
        raise Unauthorized("this sign-in belongs to another company", field="authorization")
    candidate = get_candidate(company.slug, session.candidate_id, consistent=True) if session else None
    owner = None if candidate else find_by_email(company.slug, request.email)
    application_id = uuid.uuid4().hex
    moment = now()
    connect_token = None if candidate else secrets.token_urlsafe(32)
    item = new_application(
        company.slug, application_id, job.job_id, request.email, request.first_name, request.last_name, moment,
        [_event("applied")],
        candidate_id=candidate.candidate_id if candidate else None,
        candidate_key=f"{company.slug}#{candidate.candidate_id}" if candidate else None,
        phone=request.phone,
        answers=[a.model_dump() for a in request.answers],
        resume_key=resume_key(company.slug, application_id) if request.resume else None,
        resume_file_name=request.resume.file_name if request.resume else None,
        connect_token_hash=_hash(connect_token) if connect_token else None,
        language=request.language,
    )
    item.save()
    if candidate is not None:
        candidate.update(actions=[CandidateItem.applied_at.set(moment), CandidateItem.application_sources.add({item.source})])
    else:
        # Not connected (yet): in the recruiters' candidate list all the same, with no job tips.
        record_applicant(company.slug, application_id=application_id, email=request.email, first_name=request.first_name,
                         last_name=request.last_name, source=item.source, department=job.department, role=job.role, at=moment)
        if owner is not None:
            ask_owner(company.slug, owner.candidate_id, application_id)
    count("Applications")
    logger.info("application received", extra={"company": company.slug, "application_id": application_id, "job_id": job.job_id})
    return {
        "application_id": application_id,
        "status": "new",
        "resume_upload": storage.resume_upload(item.resume_key, request.resume.content_type, upload_redirect) if request.resume else None,
        # Seed 000: "the option to connect appears after a candidate has applied". Offered to
        # every anonymous applicant alike; a signed-in candidate is connected already.
        "connect_offer": None if candidate else {
            "application_token": connect_token,
            "departments": [job.department],
            "roles": [job.role],
            "message": f"Not the right job? Connect with {company.name} and hear about the next ones.",
        },
    }


def claim_applications(company: str, candidate: CandidateItem, application_ids: list[str]) -> int:
    """The owner of the address confirmed: these applications (made with that address and not
    yet anyone's) join the candidate."""
    claimed = 0
    for application_id in application_ids:
        item = get_application(company, application_id)
        if item is None or item.candidate_id is not None or item.email != candidate.email:
            continue
        link_candidate(item, candidate.candidate_id)
        claimed += 1
    return claimed


def job_for_page(company: str, job_id: str) -> dict:
    """What the apply page shows of an open job, and the questions it asks."""
    from chalicelib.companies.service import load_company

    record = load_company(company)
    job = get_job(record.slug, job_id, consistent=True)
    if job is None or job.status != "published":
        raise NotFound(f"no open job {job_id!r}", field="job_id")
    return {"id": job.job_id, "title": job.title, "department": job.department, "role": job.role,
            "questions": asked(record.settings, job)}


def application_for_connect_token(company: str, application_id: str, token: str) -> ApplicationItem:
    item = get_application(company, application_id)
    if item is None or not item.connect_token_hash or not (token or "").isascii() or not secrets.compare_digest(item.connect_token_hash, _hash(token or "")):
        raise NotFound("no such application offer", field="application_token")
    return item


def link_candidate(item: ApplicationItem, candidate_id: str) -> None:
    candidate = get_candidate(item.company, candidate_id)
    if candidate is not None:
        candidate.update(actions=[CandidateItem.applied_at.set(now()), CandidateItem.application_sources.add({item.source})])
    item.update(actions=[
        ApplicationItem.candidate_id.set(candidate_id),
        ApplicationItem.candidate_key.set(f"{item.company}#{candidate_id}"),
        ApplicationItem.connect_token_hash.remove(),
    ])


def view(actor: Actor, application_id: str) -> dict:
    """The hiring team opens the application: every opening is in the audit with who opened it;
    the first is also the application's "viewed" event (what LinkedIn is told, once)."""
    item = _visible(actor, application_id)
    audit.record(actor, audit.APPLICATION, application_id, "application_viewed")
    if not any(e["type"] == "viewed" for e in item.events):
        _record(item, _event("viewed", by=_by(actor)))
    return _detail(actor.company, item)


def views_of(company: str, items: list[ApplicationItem], summary: bool = False) -> list[dict]:
    """The views of these applications, with what their sources add (a LinkedIn applicant's
    application URN, organization and customer key, for LinkedIn's icon and highlights)."""
    from chalicelib.applications import sources

    pairs = [(item, application_view(item, summary=summary)) for item in items]
    sources.decorate(company, pairs)
    if any(item.status == "rejected" for item in items):
        delay = load_company(company).settings.delayed_rejection
        for item, shown in pairs:
            shown["rejection"] = rejection_of(item, delay)
    return [view for _, view in pairs]


def _detail(company: str, item: ApplicationItem) -> dict:
    return views_of(company, [item])[0]


def resume_link(actor: Actor, application_id: str) -> dict:
    item = _visible(actor, application_id)
    if not item.resume_key or not storage.has_object(item.resume_key):
        raise NotFound("this application has no resume", field="resume")
    url = storage.resume_download(item.resume_key, item.resume_file_name or "resume")
    audit.record(actor, audit.APPLICATION, application_id, "resume_downloaded")
    _record(item, _event("resume_downloaded", by=_by(actor)))
    return {"url": url, "expires_in": storage.DOWNLOAD_SECONDS}


@tracer.capture_method
def change_status(actor: Actor, application_id: str, status: str) -> dict:
    """Move one application. The new status is checked here too, whoever calls."""
    _check_status(status)
    item = _visible(actor, application_id)
    return _detail(actor.company, _move(actor, item, status))


def change_statuses(actor: Actor, data: dict) -> dict:
    """Move several applications to one status: every id is checked first (found, and one the
    actor may see), and one that is not refuses the whole request, naming it; nothing moves."""
    request = validate(BulkStatusChange, data)
    ids = list(dict.fromkeys(request.application_ids))
    items = []
    for application_id in ids:
        item = get_application(actor.company, application_id)
        if item is None or not actor.may(roles.APPLICATIONS) or not actor.sees_job(item.job_id):
            raise NotFound(f"no application {application_id!r}", field="application_ids")
        items.append(item)
    moved = [_move(actor, item, request.status) for item in items]
    return {"applications": views_of(actor.company, moved)}


def undo_rejection(actor: Actor, application_id: str) -> dict:
    """Take a rejection back while the candidate has not been told: the application returns to
    the status it had, and the rejection notice (and LinkedIn's status, which follows it) never
    goes out (applications/rejections.py deletes the schedule on the move out of `rejected`)."""
    item = _visible(actor, application_id)
    state = rejection_of(item, load_company(actor.company).settings.delayed_rejection)
    if state is None:
        raise Conflict("this application is not rejected", field="status")
    if not state["can_undo"]:
        raise Conflict("the candidate has been told already; the rejection cannot be undone", field="status")
    moved = _move(actor, item, state["restores"], undo=True)
    return _detail(actor.company, moved)


def _move(actor: Actor, item: ApplicationItem, status: str, undo: bool = False) -> ApplicationItem:
    company, application_id = item.company, item.application_id
    previous = item.status
    if previous == status:
        return item
    for _attempt in range(3):
        previous = item.status
        if previous == status:
            return item
        if previous == "withdrawn":
            raise Conflict("the candidate withdrew this application", field="status")
        change = _event("status_changed", **{"from": previous, "to": status}, by=_by(actor))
        if undo:
            change["undo"] = True
        if status == "rejected":
            # When the candidate is told, decided now and kept with the decision: what the
            # console promises is what the rejection notices do (applications/rejections.py).
            delay = load_company(company).settings.delayed_rejection
            change["tell_at"] = iso(_parse(change["at"]) + timedelta(hours=delay.delay_hours)) if delay.enabled else None
        try:
            item.update(actions=[
                ApplicationItem.status.set(status),
                ApplicationItem.status_key.set(f"{company}#{status}"),
                ApplicationItem.events.set([*item.events, change]),
                ApplicationItem.updated_at.set(now()),
            ])
            break
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            item = _get(company, application_id)
    else:
        raise Conflict("the application changed meanwhile; try again", field="status")
    if undo:
        audit.record(actor, audit.APPLICATION, application_id, "rejection_undone", **{"from": previous, "to": status})
    else:
        audit.record(actor, audit.APPLICATION, application_id, "status_changed", **{"from": previous, "to": status})
    count("ApplicationStatusChanges")
    return item


def rejection_of(item: ApplicationItem, delay=None) -> dict | None:
    """A rejected application's notice: when the candidate is (or was) told, and whether the
    rejection can still be undone (only before then). ``delay``: the company's setting, for
    decisions recorded before they carried their own time."""
    if item.status != "rejected":
        return None
    decision = next((e for e in reversed(item.events) if e.get("type") == "status_changed" and e.get("to") == "rejected"), None)
    if decision is None:
        return None
    released = next((e for e in item.events if e.get("type") == "rejection_released" and e.get("rejected_at") == decision["at"]), None)
    if "tell_at" in decision:
        tell_at = decision["tell_at"]
    else:
        tell_at = iso(_parse(decision["at"]) + timedelta(hours=delay.delay_hours)) if delay is not None and delay.enabled else None
    can_undo = released is None and tell_at is not None and now() < _parse(tell_at)
    return {"rejected_at": decision["at"], "tell_at": tell_at, "released_at": released["at"] if released else None,
            "can_undo": can_undo, "restores": decision.get("from") or "new"}


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def _check_status(status: str) -> None:
    from chalicelib.applications.schema import TEAM_STATUSES

    if status not in TEAM_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(TEAM_STATUSES)}", field="status")


def _by(actor: Actor) -> dict:
    return {"kind": actor.kind, "id": actor.id, "name": actor.name}


def _visible(actor: Actor, application_id: str) -> ApplicationItem:
    """The application, if the actor may see its job; another job's is "not found" to them."""
    actor.require(roles.APPLICATIONS)
    item = get_application(actor.company, application_id)
    if item is None or not actor.sees_job(item.job_id):
        raise NotFound(f"no application {application_id!r}", field="application_id")
    return item


def record_once(item: ApplicationItem, event: dict, seen: Callable[[dict], bool]) -> bool:
    """Append ``event`` (stamped now) unless an event ``seen`` matches is already there."""
    appended = _append(item, _event(event["type"], **{k: v for k, v in event.items() if k != "type"}), seen)
    if appended is None:
        raise Conflict("the application changed meanwhile; try again", field="events")
    return appended


def _record(item: ApplicationItem, event: dict) -> None:
    # A view or a download still answers when its history line loses three races in a row.
    _append(item, event, None)


def _append(item: ApplicationItem, event: dict, seen: Callable[[dict], bool] | None) -> bool | None:
    """True appended, False there already, None when three concurrent changes won."""
    for _attempt in range(3):
        if seen is not None and any(seen(e) for e in item.events):
            return False
        try:
            item.update(actions=[ApplicationItem.events.set([*item.events, event])])
            return True
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            item.refresh(consistent_read=True)
    return None


def _get(company: str, application_id: str) -> ApplicationItem:
    item = get_application(company, application_id)
    if item is None:
        raise NotFound(f"no application {application_id!r}", field="application_id")
    return item


def list_applications(actor: Actor, job_id: str | None, status: str | None, cursor: str | None, limit: int) -> dict:
    """Newest first (by job, by status, or both; every job's for those who see all, else the
    actor's own jobs). Pages hold ``limit`` applications while more follow; the cursor is the
    last one listed."""
    actor.require(roles.APPLICATIONS)
    company = actor.company
    if job_id:
        actor.require_job(job_id)
    only = None if job_id or actor.may(roles.ALL_APPLICATIONS) else sorted(actor.jobs)
    where = cursors.scope(company, "applications", job_id=job_id, status=status,
                          **({"member": actor.id} if only is not None else {}))
    if only == []:
        return {"applications": [], "next_cursor": None}
    start = cursors.decode(cursor, where)
    mine = ApplicationItem.job_id.is_in(*only) if only else None
    if job_id:
        index = "by_job"
        query = ApplicationItem.by_job.query(
            f"{company}#{job_id}", filter_condition=(ApplicationItem.status == status) if status else None,
            scan_index_forward=False, page_size=limit, last_evaluated_key=start,
        )
    elif status:
        index = "by_status"
        query = ApplicationItem.by_status.query(f"{company}#{status}", filter_condition=mine, scan_index_forward=False,
                                                page_size=limit, last_evaluated_key=start)
    else:
        index = None
        query = ApplicationItem.query(company, filter_condition=mine, scan_index_forward=False, page_size=limit,
                                      last_evaluated_key=start)
    rows: list[ApplicationItem] = []
    for item in query:
        rows.append(item)
        if len(rows) == limit:
            break
    more = len(rows) == limit and next(iter(query), None) is not None
    next_key = _key(rows[-1], index) if rows and more else None
    return {"applications": views_of(company, rows, summary=True), "next_cursor": cursors.encode(next_key, where)}


def _key(item: ApplicationItem, index: str | None) -> dict:
    """Where a page that ends at ``item`` resumes (the table's key and the index's)."""
    key = {"company": {"S": item.company}, "application_id": {"S": item.application_id}}
    if index == "by_job":
        key |= {"job_key": {"S": item.job_key}, "created_at": {"S": item.created_at}}
    elif index == "by_status":
        key |= {"status_key": {"S": item.status_key}, "created_at": {"S": item.created_at}}
    return key


def status_counts(actor: Actor, job_id: str | None) -> dict[str, int]:
    """How many applications each status holds (of the job, or of every job the actor sees)."""
    from chalicelib.applications.schema import STATUSES

    actor.require(roles.APPLICATIONS)
    company = actor.company
    if job_id:
        actor.require_job(job_id)
        return {s: ApplicationItem.by_job.count(f"{company}#{job_id}", filter_condition=ApplicationItem.status == s)
                for s in STATUSES}
    if actor.may(roles.ALL_APPLICATIONS):
        return {s: ApplicationItem.by_status.count(f"{company}#{s}") for s in STATUSES}
    if not actor.jobs:
        return dict.fromkeys(STATUSES, 0)
    mine = ApplicationItem.job_id.is_in(*sorted(actor.jobs))
    return {s: ApplicationItem.by_status.count(f"{company}#{s}", filter_condition=mine) for s in STATUSES}


def for_candidate(company: str, candidate_id: str) -> list[ApplicationItem]:
    return list(ApplicationItem.by_candidate.query(f"{company}#{candidate_id}"))


def application_view(item: ApplicationItem, summary: bool = False) -> dict:
    view = {
        "id": item.application_id,
        "job_id": item.job_id,
        "status": item.status,
        "candidate_id": item.candidate_id,
        "email": item.email,
        "first_name": item.first_name,
        "last_name": item.last_name,
        "source": item.source,
        "applied_at": item.created_at,
        "updated_at": iso(item.updated_at),
        "has_resume": bool(item.resume_key),
    }
    if not summary:
        view.update(phone=item.phone, answers=list(item.answers), events=list(item.events))
    return view


def of_person(company: str, candidate_id: str, *emails: str) -> list[ApplicationItem]:
    """Every application of the person who owns this candidate and these addresses (the current
    one and any it had before): linked to the candidate, or made with an address and never linked."""
    found = {a.application_id: a for a in ApplicationItem.by_candidate.query(f"{company}#{candidate_id}")}
    for email in dict.fromkeys(emails):
        for application in ApplicationItem.by_email.query(email_key(company, email)):
            found.setdefault(application.application_id, application)
    return sorted(found.values(), key=lambda a: a.created_at)


def export_view(item: ApplicationItem) -> dict:
    """The application as its applicant's export holds it: every field the hiring team sees,
    the source's own reference (LinkedIn's application URN and organization), the history, and
    the resume itself as a short-lived download link under the name it was given."""
    job = get_job(item.company, item.job_id)
    return {
        **application_view(item),
        "job_title": job.title if job else None,
        "resume_file_name": item.resume_file_name,
        "source_ref": dict(item.source_ref) if item.source_ref else None,
        "resume": _resume_copy(item),
    }


def _resume_copy(item: ApplicationItem) -> dict | None:
    if not item.resume_key or not storage.has_object(item.resume_key):
        return None
    name = item.resume_file_name or "resume"
    return {"file_name": name, "url": storage.resume_download(item.resume_key, name), "expires_in": storage.DOWNLOAD_SECONDS}


def erase_personal_data(item: ApplicationItem) -> None:
    """Erasure: the resume objects are deleted and every personal field removed. What is kept
    is anonymous: the job, the status, the dates and the history of status changes, so that the
    company's hiring figures still add up.

    The objects are deleted before the fields go (a failure leaves the application findable,
    so erasing again finishes the job) and once more after erased_at is set: an upload landing
    in between is deleted here, and one landing later is deleted by the upload check
    (applications/uploads.py), which then sees the application erased."""
    prefix = f"{item.company}/{item.application_id}/"
    storage.delete_prefix(prefix)
    forget_applicant(item.company, item.email, item.application_id)
    item.update(actions=[
        ApplicationItem.email.remove(),
        ApplicationItem.email_key.remove(),
        ApplicationItem.first_name.remove(),
        ApplicationItem.last_name.remove(),
        ApplicationItem.phone.remove(),
        ApplicationItem.answers.set([]),
        ApplicationItem.candidate_id.remove(),
        ApplicationItem.candidate_key.remove(),
        ApplicationItem.resume_key.remove(),
        ApplicationItem.resume_file_name.remove(),
        ApplicationItem.connect_token_hash.remove(),
        # A job board's id for the application identifies the person there too.
        ApplicationItem.source_ref.remove(),
        ApplicationItem.erased_at.set(now()),
    ])
    storage.delete_prefix(prefix)


def history(actor: Actor, application_id: str) -> list[dict]:
    """The application's history for someone who may see it (GET .../history, the console)."""
    _visible(actor, application_id)
    return history_lines(actor.company, application_id)


def history_lines(company: str, application_id: str) -> list[dict]:
    """An application's history as people read it, oldest first: what happened to it (applied,
    the rejection released to the candidate, ...) from its own events, and who did what (viewed,
    downloaded, moved) from the audit. An event a person caused carries "by" and is told by its
    audit line instead, so nothing is listed twice.

    Each line: {"at", "action", "by": {"kind", "id", "name"} | None, "detail": {...}}."""
    item = _get(company, application_id)
    lines = [{"at": e.get("at"), "action": e.get("type"), "by": None,
              "detail": {k: v for k, v in e.items() if k not in ("type", "at")}}
             for e in item.events if "by" not in e]
    lines += audit.history(company, audit.APPLICATION, application_id)
    return sorted(lines, key=lambda line: line["at"] or "")


def jobs_for(actor: Actor) -> list[dict]:
    """The jobs whose applications the actor sees (every job, or a hiring member's own), by title."""
    from chalicelib.jobs.models import JobItem

    actor.require(roles.APPLICATIONS)
    if actor.may(roles.ALL_APPLICATIONS):
        jobs = []
        for job in JobItem.query(actor.company):
            jobs.append(job)
            if len(jobs) >= 500:  # a filter lists the first 500; more are reached by their link
                break
    else:
        jobs = [job for job in (get_job(actor.company, job_id) for job_id in sorted(actor.jobs)) if job is not None]
    return sorted(({"id": j.job_id, "title": j.title, "status": j.status} for j in jobs), key=lambda j: (j["title"].lower(), j["id"]))


def application_page(actor: Actor, application_id: str, opened: bool = True) -> dict:
    """What the console's application screen shows: the application (opening it is a view, in
    the audit; after a move on the same screen, ``opened`` is False: the move is the record),
    its job and its history."""
    shown = view(actor, application_id) if opened else _detail(actor.company, _visible(actor, application_id))
    job = get_job(actor.company, shown["job_id"])
    return {"application": shown, "job": {"id": shown["job_id"], "title": job.title if job else shown["job_id"]},
            "history": history_lines(actor.company, application_id)}


def withdraw(subject: TokenSubject, application_id: str) -> dict:
    """The candidate withdraws their own application (the dashboard, POST /me/applications/{id}/withdraw):
    it leaves every open status for `withdrawn`, which the team sees and cannot move; nothing
    more is sent about it (promise updates, status emails). Withdrawing again changes nothing.
    A hire, or a rejection the candidate was already told of, is decided: it cannot be
    withdrawn. A rejection not yet told (the company's delay) gives way silently, so the
    answer reveals nothing the candidate has not been told."""
    company = load_company(subject.company)
    item = get_application(company.slug, application_id)
    if item is None or not item.candidate_id or item.candidate_id != subject.candidate_id:
        raise NotFound(f"no application {application_id!r}", field="application_id")
    for _attempt in range(3):
        if item.status == "withdrawn":
            break
        told = rejection_of(item, company.settings.delayed_rejection)
        if item.status == "hired" or (told is not None and told["released_at"] is not None):
            raise Conflict("this application is decided already; it cannot be withdrawn", field="application_id")
        change = _event("status_changed", **{"from": item.status, "to": "withdrawn", "by_candidate": True})
        try:
            item.update(actions=[
                ApplicationItem.status.set("withdrawn"),
                ApplicationItem.status_key.set(f"{company.slug}#withdrawn"),
                ApplicationItem.events.set([*item.events, change]),
                ApplicationItem.updated_at.set(now()),
                # Nothing is due after a withdrawal (the stream would say so too, a moment later).
                ApplicationItem.due_shard.remove(), ApplicationItem.due_at.remove(),
            ])
            break
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            item = _get(company.slug, application_id)
    else:
        raise Conflict("the application changed meanwhile; try again", field="application_id")
    count("ApplicationsWithdrawn")
    logger.info("application withdrawn", extra={"company": company.slug, "application_id": application_id})
    return {"id": item.application_id, "job_id": item.job_id, "status": item.status}
