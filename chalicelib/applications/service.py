"""Applications: candidates apply to a job from the career page; the hiring team moves them on.

Every application keeps its history (applied, viewed by the hiring team, resume downloaded,
each status change) with times; the candidate sees the status on their dashboard.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Callable

from pynamodb.exceptions import UpdateError

from chalicelib import cursors
from chalicelib.applications.models import ApplicationItem, email_key, get_application, new_application, resume_key
from chalicelib.applications.owners import ask_owner
from chalicelib.applications.schema import ApplyRequest
from chalicelib import ratelimit
from chalicelib.auth import botcheck
from chalicelib.auth.tokens import TokenSubject
from chalicelib.aws import storage
from chalicelib.candidates.applicants import forget_applicant, record_applicant
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.candidates.service import check_answers, find_by_email
from chalicelib.companies.service import load_company
from chalicelib.db import iso, now
from chalicelib.errors import Conflict, NotFound, Unauthorized
from chalicelib.jobs.models import get_job
from chalicelib.jobs.questions import asked, own as own_questions
from chalicelib.observability import count, logger, tracer

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


def view(company: str, application_id: str) -> dict:
    """The hiring team opens the application; the first time is recorded as "viewed"."""
    item = _get(company, application_id)
    if not any(e["type"] == "viewed" for e in item.events):
        _record(item, _event("viewed"))
    return views_of(company, [item])[0]


def views_of(company: str, items: list[ApplicationItem], summary: bool = False) -> list[dict]:
    """The views of these applications, with what their sources add (a LinkedIn applicant's
    application URN, organization and customer key, for LinkedIn's icon and highlights)."""
    from chalicelib.applications import sources

    pairs = [(item, application_view(item, summary=summary)) for item in items]
    sources.decorate(company, pairs)
    return [view for _, view in pairs]


def resume_link(company: str, application_id: str) -> dict:
    item = _get(company, application_id)
    if not item.resume_key or not storage.has_object(item.resume_key):
        raise NotFound("this application has no resume", field="resume")
    url = storage.resume_download(item.resume_key, item.resume_file_name or "resume")
    _record(item, _event("resume_downloaded"))
    return {"url": url, "expires_in": storage.DOWNLOAD_SECONDS}


@tracer.capture_method
def change_status(company: str, application_id: str, status: str) -> dict:
    item = _get(company, application_id)
    previous = item.status
    if previous == status:
        return views_of(company, [item])[0]
    change = _event("status_changed", **{"from": previous, "to": status})
    for _attempt in range(3):
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
    count("ApplicationStatusChanges")
    return views_of(company, [item])[0]


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


def list_applications(company: str, job_id: str | None, status: str | None, cursor: str | None, limit: int) -> dict:
    where = cursors.scope(company, "applications", job_id=job_id, status=status)
    start = cursors.decode(cursor, where)
    if job_id:
        query = ApplicationItem.by_job.query(
            f"{company}#{job_id}", filter_condition=(ApplicationItem.status == status) if status else None,
            scan_index_forward=False, limit=limit, last_evaluated_key=start,
        )
    elif status:
        query = ApplicationItem.by_status.query(f"{company}#{status}", scan_index_forward=False, limit=limit, last_evaluated_key=start)
    else:
        query = ApplicationItem.query(company, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    items = views_of(company, list(query), summary=True)
    return {"applications": items, "next_cursor": cursors.encode(query.last_evaluated_key, where)}


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


def history_lines(company: str, application_id: str) -> list[dict]:
    """An application's history as people read it, oldest first: what happened to it (applied,
    the rejection released to the candidate, ...) from its own events, and who did what (viewed,
    downloaded, moved) from the audit. An event a person caused carries "by" and is told by its
    audit line instead, so nothing is listed twice.

    Each line: {"at", "action", "by": {"kind", "id", "name"} | None, "detail": {...}}."""
    from chalicelib.team import audit

    item = _get(company, application_id)
    lines = [{"at": e.get("at"), "action": e.get("type"), "by": None,
              "detail": {k: v for k, v in e.items() if k not in ("type", "at")}}
             for e in item.events if "by" not in e]
    lines += audit.history(company, audit.APPLICATION, application_id)
    return sorted(lines, key=lambda line: line["at"] or "")
