"""Job postings in, from the admin API and from job boards through the queue."""
from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import UpdateError

from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import load_company
from chalicelib.db import iso, now
from chalicelib.api import validate
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.jobs.schema import JobPatch, JobPosting
from chalicelib.observability import count, logger, tracer

CREATED, UPDATED, IGNORED_STALE = "created", "updated", "ignored_stale_version"


@dataclass(frozen=True)
class UpsertResult:
    outcome: str
    job: dict


def check_against_settings(posting: JobPosting, settings: CompanySettings) -> None:
    if settings.department(posting.department) is None:
        raise InvalidInput(f"unknown department {posting.department!r}", field="department")
    role_department = settings.role_department()
    if posting.role not in role_department:
        raise InvalidInput(f"unknown role {posting.role!r}", field="role")
    if role_department[posting.role] != posting.department:
        raise InvalidInput(
            f"role {posting.role!r} belongs to department {role_department[posting.role]!r}", field="role"
        )
    known = {loc.id for loc in settings.locations}
    for i, location in enumerate(posting.locations):
        if location not in known:
            raise InvalidInput(f"unknown location {location!r}", field=f"locations.{i}")


@tracer.capture_method
def upsert_posting(company_slug: str, posting: JobPosting, source: str) -> UpsertResult:
    """Store the posting under (company, external_id) unless a same or newer version is stored.

    Re-delivering a posting is therefore a no-op: no write, no stream record, no second match.
    """
    company = load_company(company_slug)
    check_against_settings(posting, company.settings)
    moment = now()
    actions = [
        JobItem.title.set(posting.title),
        JobItem.department.set(posting.department),
        JobItem.role.set(posting.role),
        JobItem.locations.set(list(posting.locations)),
        JobItem.work_mode.set(posting.work_mode),
        JobItem.description.set(posting.description),
        JobItem.apply_url.set(posting.apply_url),
        JobItem.status.set(posting.status),
        JobItem.version.set(posting.version),
        JobItem.source.set(source),
        JobItem.linkedin.set(posting.linkedin.model_dump()),
        JobItem.updated_at.set(moment),
        JobItem.created_at.set(JobItem.created_at | moment),
    ]
    if posting.status == "published":
        actions.append(JobItem.first_published_at.set(JobItem.first_published_at | moment))
    item = JobItem(company=company.slug, job_id=posting.external_id)
    try:
        item.update(actions=actions, condition=JobItem.job_id.does_not_exist() | (JobItem.version < posting.version))
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        count("PostingsIgnored")
        logger.info("stale posting ignored", extra={"company": company.slug, "job_id": posting.external_id, "version": posting.version})
        current = get_job(company.slug, posting.external_id, consistent=True)
        return UpsertResult(IGNORED_STALE, job_view(current) if current else {})
    count("PostingsAccepted")
    outcome = CREATED if item.created_at == moment else UPDATED
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
        "status": job.status,
        "version": int(job.version),
        "source": job.source,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "first_published_at": iso(job.first_published_at),
        "announced_at": iso(job.announced_at),
        "linkedin": linkedin_choice(job),
    }


def linkedin_choice(job: JobItem) -> dict:
    from chalicelib.jobs.schema import LinkedInChoice

    return {**LinkedInChoice().model_dump(), **(job.linkedin or {})}


def list_jobs(company: str, status: str | None, cursor: str | None, limit: int) -> dict:
    from chalicelib import cursors

    where = cursors.scope(company, "jobs", status=status)
    query = JobItem.query(
        company, filter_condition=(JobItem.status == status) if status else None,
        limit=limit, last_evaluated_key=cursors.decode(cursor, where),
    )
    return {"jobs": [job_view(job) for job in query], "next_cursor": cursors.encode(query.last_evaluated_key, where)}


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


def get_job_view(company: str, job_id: str) -> dict:
    """One job as the hiring team sees it, with what other capabilities add (its LinkedIn
    posting's status, for one) through the jobs' view extension point."""
    from chalicelib.jobs import views

    job = _existing(company, job_id)
    return views.extended(job, job_view(job))


def _existing(company: str, job_id: str) -> JobItem:
    job = get_job(company, job_id, consistent=True)
    if job is None:
        raise NotFound(f"no job {job_id!r}", field="job_id")
    return job


def edit_job(company: str, job_id: str, patch: JobPatch) -> UpsertResult:
    """Publish, edit or close: the stored posting with the changes, as the next version."""
    job = _existing(company, job_id)
    current = job_view(job)
    fields = {k: current[k] for k in ("title", "department", "role", "locations", "work_mode", "description", "apply_url", "status", "linkedin")}
    changes = patch.model_dump(exclude_unset=True)
    if isinstance(changes.get("linkedin"), dict):  # a partial choice keeps the rest of it
        changes["linkedin"] = {**current["linkedin"], **changes["linkedin"]}
    fields.update(changes)
    posting = validate(JobPosting, {**fields, "external_id": job_id, "version": int(job.version) + 1})
    result = upsert_posting(company, posting, source=job.source)
    if result.outcome == IGNORED_STALE:
        raise Conflict("the job changed meanwhile; read it again and retry", field="version")
    return result
