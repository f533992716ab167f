"""Before publishing: how many subscribers a job would notify."""
from __future__ import annotations

from chalicelib.candidates.models import get_candidate
from chalicelib.companies.service import load_company
from chalicelib.errors import NotFound
from chalicelib.jobs.models import get_job
from chalicelib.matching.announce import match
from chalicelib.matching.eligibility import why_not
from chalicelib.team import roles
from chalicelib.team.actors import Actor


def audience(actor: Actor, job_id: str) -> dict:
    """Counted by the matcher that sends (the index) and the same check the notification
    consumer makes before each email. A job announced already (published before, closed and
    re-opened) tips nobody again: `already_announced`, and `tipped` says how many it reached."""
    actor.require(roles.JOBS)
    company = load_company(actor.company)
    job = get_job(company.slug, job_id, consistent=True)
    if job is None:
        raise NotFound(f"no job {job_id!r}", field="job_id")
    found = match(company.slug, job)
    notified = [c for c in found.candidate_ids if why_not(company, get_candidate(company.slug, c), job, as_if_published=True) is None]
    return {"job_id": job_id, "audience": len(notified), "already_announced": job.announced_at is not None,
            "tipped": int(job.matched_count) if job.matched_count is not None else None}
