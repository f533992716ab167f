"""What needs the hiring team's attention (the console's home): the applications waiting
longest with nothing done (still "applied"), and each published job with its applications."""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.applications.models import ApplicationItem
from chalicelib.db import now
from chalicelib.team import roles
from chalicelib.team.actors import Actor

# A hiring member's oldest waiting applications are found among at most this many of the
# company's (oldest first): the home screen reads a bounded number of items whatever the backlog.
READ_AT_MOST = 500


def waiting_longest(actor: Actor, limit: int = 10) -> list[dict]:
    """The oldest applications nobody has moved yet (status "applied"), of the jobs the actor
    sees, with how many days each has waited."""
    actor.require(roles.APPLICATIONS)
    moment = now()
    found: list[dict] = []
    query = ApplicationItem.by_status.query(f"{actor.company}#new", scan_index_forward=True, limit=READ_AT_MOST)
    for item in query:
        if not actor.sees_job(item.job_id) or item.erased_at is not None:
            continue
        applied = datetime.fromisoformat(item.created_at.replace("Z", "+00:00")).astimezone(timezone.utc)
        found.append({"id": item.application_id, "job_id": item.job_id,
                      "name": " ".join(n for n in (item.first_name, item.last_name) if n) or None,
                      "applied_at": item.created_at, "days_waiting": max((moment - applied).days, 0)})
        if len(found) == limit:
            break
    return found


def past_target(actor: Actor, limit: int = 20) -> list[dict]:
    """Applications past their status's target, as the daily guard found them (issue 20.1),
    of the jobs the actor sees, longest past first: how many working days past, and since when."""
    from datetime import timedelta

    from chalicelib.applications.models import get_application
    from chalicelib.applications.promise import calendar, entered_at, overdue, parse
    from chalicelib.companies.service import load_company

    actor.require(roles.APPLICATIONS)
    settings = load_company(actor.company).settings
    days = calendar(settings)
    moment = now()
    found: list[dict] = []
    for mark in overdue(actor.company, READ_AT_MOST):
        if not actor.sees_job(mark.job_id):
            continue
        item = get_application(actor.company, mark.application_id)
        # The register follows the stream: an application moved on a moment ago is not listed.
        if item is None or item.status != mark.status or entered_at(item) != mark.since:
            continue
        due_day = days.local_day(parse(mark.target_at) - timedelta(microseconds=1))
        found.append({"id": item.application_id, "job_id": item.job_id, "status": item.status, "target_at": mark.target_at,
                      "name": " ".join(n for n in (item.first_name, item.last_name) if n) if item.erased_at is None else None,
                      "target_days": settings.promise.targets.of(item.status), "due_day": due_day,
                      "working_days_past": days.working_days_after(due_day, moment)})
    return sorted(found, key=lambda row: row["target_at"])[:limit]


JOBS_SHOWN = 20


def published_jobs(actor: Actor) -> list[dict]:
    """Each published job the actor sees (the first JOBS_SHOWN by title), with its applications:
    all, and those still waiting."""
    from chalicelib.applications.service import jobs_for

    jobs = [j for j in jobs_for(actor) if j.get("status") == "published"][:JOBS_SHOWN]
    for job in jobs:
        key = f"{actor.company}#{job['id']}"
        job["applications"] = ApplicationItem.by_job.count(key)
        job["waiting"] = ApplicationItem.by_job.count(key, filter_condition=ApplicationItem.status == "new")
    return jobs
