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
