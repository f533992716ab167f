"""Job postings in, from the hiring team (the console, the admin API) and from job boards
through the queue. Every use case takes the Actor and needs roles.JOBS: admins, recruiters and
API keys; a hiring member is refused (403) whichever door they use."""
from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from pynamodb.exceptions import UpdateError

from chalicelib.companies.service import load_company
from chalicelib.db import iso, now
from chalicelib.api import validate
from chalicelib.errors import Conflict, DomainError, InvalidInput, NotFound
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.observability import count, logger, tracer
from chalicelib.team import roles
from chalicelib.team.actors import Actor

if TYPE_CHECKING:  # the request models load with the use cases that take them, not with a page's job list
    from chalicelib.companies.schema import CompanySettings
    from chalicelib.jobs.schema import JobPatch, JobPosting

CREATED, UPDATED, IGNORED_STALE = "created", "updated", "ignored_stale_version"


@dataclass(frozen=True)
class UpsertResult:
    outcome: str
    job: dict


def check_against_settings(posting, settings: CompanySettings) -> None:
    """The job's department, role and locations are the company's, and its own questions do not
    reuse a company question's id (an answer names its question by id). Every problem at once."""
    problems = []
    # (A page's form checks the fields that were valid alone: the others arrive empty, not str.)
    department, role = (v if isinstance(v, str) else None for v in (posting.department, posting.role))
    department_ok = department is not None and settings.department(department) is not None
    if department is not None and not department_ok:
        problems.append({"field": "department", "message": f"unknown department {posting.department!r}"})
    role_department = settings.role_department()
    if role is not None and role not in role_department:
        problems.append({"field": "role", "message": f"unknown role {posting.role!r}"})
    elif role is not None and department_ok and role_department[posting.role] != posting.department:
        problems.append({"field": "role", "message": f"role {posting.role!r} belongs to department {role_department[posting.role]!r}"})
    known = {loc.id for loc in settings.locations}
    for i, location in enumerate(posting.locations or []):
        if location not in known:
            problems.append({"field": f"locations.{i}", "message": f"unknown location {location!r}"})
    company_questions = {q.id for q in settings.questions}
    for i, question in enumerate(getattr(posting, "questions", None) or []):
        if question.id in company_questions:
            problems.append({"field": f"questions.{i}.id", "message": f"question id {question.id!r} is one of the company's questions"})
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def apply_page(company: str, job_id: str) -> str:
    """This product's apply page for the job: where candidates apply unless the job names another."""
    from chalicelib.config import get_settings

    return f"{get_settings().public_api_url.rstrip('/')}/companies/{quote(company, safe='')}/jobs/{quote(job_id, safe='')}/apply"


def applies_here(job: JobItem) -> bool:
    return job.apply_url == apply_page(job.company, job.job_id)


def new_job_id(title: str) -> str:
    """A readable, unguessable id for a job the hiring team creates: its title's letters and a
    random tail ("front-end-developer-3f9a2c")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].strip("-") or "job"
    return f"{stem}-{secrets.token_hex(3)}"


@tracer.capture_method
def upsert_posting(actor: Actor, posting: JobPosting, source: str) -> UpsertResult:
    """Store the posting under (company, external_id) unless a same or newer version is stored.

    Re-delivering a posting is therefore a no-op: no write, no stream record, no second match.
    A posting without external_id is a new job (the product names it); one without a version is
    the next version of what is stored (the product counts versions, never the hiring team).
    """
    actor.require(roles.JOBS)
    company = load_company(actor.company)
    check_against_settings(posting, company.settings)
    job_id = posting.external_id or new_job_id(posting.title)
    stored = None
    if posting.version is None:
        stored = get_job(company.slug, job_id, consistent=True) if posting.external_id else None
        version = int(stored.version) + 1 if stored else 1
        condition = (JobItem.version == int(stored.version)) if stored else JobItem.job_id.does_not_exist()
    else:
        version = posting.version
        condition = JobItem.job_id.does_not_exist() | (JobItem.version < version)
    moment = now()
    actions = [
        JobItem.title.set(posting.title),
        JobItem.department.set(posting.department),
        JobItem.role.set(posting.role),
        JobItem.locations.set(list(posting.locations)),
        JobItem.work_mode.set(posting.work_mode),
        JobItem.description.set(posting.description),
        JobItem.apply_url.set(posting.apply_url or apply_page(company.slug, job_id)),
        JobItem.questions.set([q.model_dump() for q in posting.questions]),
        JobItem.status.set(posting.status),
        JobItem.version.set(version),
        JobItem.source.set(source),
        JobItem.linkedin.set(posting.linkedin.model_dump()),
        JobItem.updated_at.set(moment),
        JobItem.updated_by.set({"kind": actor.kind, "id": actor.id, "name": actor.name}),
        JobItem.created_at.set(JobItem.created_at | moment),
    ]
    if posting.status == "published":
        actions.append(JobItem.first_published_at.set(JobItem.first_published_at | moment))
    actions.append(JobItem.closed_at.set(JobItem.closed_at | moment) if posting.status == "closed" else JobItem.closed_at.remove())
    item = JobItem(company=company.slug, job_id=job_id)
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        if posting.version is None:
            raise Conflict("the job changed meanwhile; read it again and retry", field="version") from None
        count("PostingsIgnored")
        logger.info("stale posting ignored", extra={"company": company.slug, "job_id": job_id, "version": posting.version})
        current = get_job(company.slug, job_id, consistent=True)
        return UpsertResult(IGNORED_STALE, job_view(current) if current else {})
    count("PostingsAccepted")
    outcome = CREATED if item.created_at == moment else UPDATED
    if actor.kind != "system":  # a job board's queued posting is the board's, not a person's
        from chalicelib.team import audit

        audit.record(actor, "job", job_id, "job_saved", outcome=outcome, status=posting.status, version=version)
    logger.info("posting stored", extra={"company": company.slug, "job_id": item.job_id, "outcome": outcome, "status": item.status})
    return UpsertResult(outcome, job_view(item))


def job_view(job: JobItem) -> dict:
    return {
        "id": job.job_id,
        "external_id": job.job_id,
        "title": job.title,
        "department": job.department,
        "role": job.role,
        "locations": list(job.locations or []),
        "work_mode": job.work_mode,
        "description": job.description,
        "apply_url": job.apply_url,
        # Candidates apply on this product's apply page (true) or at apply_url elsewhere.
        "applies_here": applies_here(job),
        "questions": list(job.questions or []),
        "status": job.status,
        "version": int(job.version),
        "source": job.source,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        # Who saved this version: a member or an API key by name (a job board's queue: the system).
        "updated_by": dict(job.updated_by) if job.updated_by else None,
        "first_published_at": iso(job.first_published_at),
        "announced_at": iso(job.announced_at),
        "closed_at": iso(job.closed_at),
        # How many community members the job tip went to, when it was announced (once, ever).
        "tipped": int(job.matched_count) if job.matched_count is not None else None,
        "linkedin": linkedin_choice(job),
    }


def linkedin_choice(job: JobItem) -> dict:
    from chalicelib.jobs.schema import LinkedInChoice

    return {**LinkedInChoice().model_dump(), **(job.linkedin or {})}


def list_jobs(actor: Actor, status: str | None, cursor: str | None, limit: int) -> dict:
    """The company's jobs with what the capabilities above add to each (applications, LinkedIn)."""
    from chalicelib import cursors
    from chalicelib.jobs import views

    actor.require(roles.JOBS)
    company = actor.company
    where = cursors.scope(company, "jobs", status=status)
    query = JobItem.query(
        company, filter_condition=(JobItem.status == status) if status else None,
        limit=limit, last_evaluated_key=cursors.decode(cursor, where),
    )
    jobs = list(query)
    return {"jobs": views.extended_all(jobs, [job_view(job) for job in jobs]),
            "next_cursor": cursors.encode(query.last_evaluated_key, where)}


def ever_published(company: str) -> bool:
    """Whether the company has published a job at least once (closed since or not)."""
    query = JobItem.query(company, filter_condition=JobItem.first_published_at.exists(),
                          attributes_to_get=["job_id"])
    return next(iter(query), None) is not None


OPEN_JOBS_SHOWN = 50


def open_jobs(company: str, limit: int = OPEN_JOBS_SHOWN) -> list[JobItem]:
    """The company's published jobs, as the candidate pages list them (newest first, at most ``limit``)."""
    jobs = []
    for job in JobItem.query(company, filter_condition=JobItem.status == "published"):
        jobs.append(job)
        if len(jobs) >= 500:  # a page lists the newest; more is not read
            break
    jobs.sort(key=lambda job: job.first_published_at or job.created_at, reverse=True)
    return jobs[:limit]


def get_job_view(actor: Actor, job_id: str) -> dict:
    """One job as the hiring team sees it, with what other capabilities add (its LinkedIn
    posting's status, for one) through the jobs' view extension point."""
    from chalicelib.jobs import views

    actor.require(roles.JOBS)
    job = _existing(actor.company, job_id)
    return views.extended(job, job_view(job))


def _existing(company: str, job_id: str) -> JobItem:
    job = get_job(company, job_id, consistent=True)
    if job is None:
        raise NotFound(f"no job {job_id!r}", field="job_id")
    return job


EDITABLE = ("title", "department", "role", "locations", "work_mode", "description", "apply_url", "questions", "status", "linkedin")


def _full_view(job: JobItem) -> dict:
    from chalicelib.jobs import views

    return views.extended(job, job_view(job))


class StaleJob(DomainError):
    """The job was saved by someone else after the editor loaded it (412, as HTTP has it for
    If-Match): who saved it, when, and the job as it is now, so nothing typed need be lost."""

    status = 412
    code = "stale"

    def __init__(self, job: dict):
        who = (job.get("updated_by") or {}).get("name") or "someone"
        super().__init__(f"{who} changed this job meanwhile (at {job['updated_at']}, now version {job['version']}); "
                         "send your change again with the current version", field="version")
        self.job = job

    def body(self) -> dict:
        body = super().body()
        body["error"].update(version=self.job["version"], changed_by=self.job.get("updated_by"),
                             changed_at=self.job["updated_at"], current=self.job)
        return body

    def headers(self) -> dict[str, str]:
        return {"ETag": job_etag(self.job["version"])}


def job_etag(version: int) -> str:
    return f'"{version}"'


def edit_job(actor: Actor, job_id: str, patch: JobPatch, expected_version: int | None = None) -> UpsertResult:
    """Publish, edit, close or re-open: the stored posting with the changes, as the next version.
    Re-opening a job announces nothing again (matching/announce.py tips a job once, ever).

    ``expected_version`` is the version the editor saw (the console form's, or If-Match): when the
    job moved on since, nothing is saved and StaleJob says who moved it. Without it (a machine
    that sends no If-Match) the change applies to the job as it is now."""
    actor.require(roles.JOBS)
    job = _existing(actor.company, job_id)
    if expected_version is not None and int(job.version) != expected_version:
        raise StaleJob(_full_view(job))
    current = job_view(job)
    fields = {k: current[k] for k in EDITABLE}
    if current["applies_here"]:
        fields["apply_url"] = None  # this product's page, wherever the product is served from
    changes = patch.model_dump(exclude_unset=True)
    if isinstance(changes.get("linkedin"), dict):  # a partial choice keeps the rest of it
        changes["linkedin"] = {**current["linkedin"], **changes["linkedin"]}
    fields.update(changes)
    from chalicelib.jobs.schema import JobPosting

    posting = validate(JobPosting, {**fields, "external_id": job_id, "version": int(job.version) + 1})
    result = upsert_posting(actor, posting, source=job.source)
    if result.outcome == IGNORED_STALE:
        # Someone saved between our read and our write.
        if expected_version is not None:
            fresh = _existing(actor.company, job_id)
            raise StaleJob(_full_view(fresh))
        raise Conflict("the job changed meanwhile; read it again and retry", field="version")
    return result
