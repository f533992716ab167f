"""The console's home: what needs attention now, from the use cases the other screens use."""
from __future__ import annotations

from chalicelib.team import roles
from chalicelib.team.actors import Actor


def overview(actor: Actor) -> dict:
    from chalicelib.applications.attention import past_target, published_jobs, waiting_longest

    jobs = published_jobs(actor)
    titles = {job["id"]: job["title"] for job in jobs}
    waiting = [{**item, "job_title": titles.get(item["job_id"], item["job_id"])} for item in waiting_longest(actor)]
    overdue = [{**item, "job_title": titles.get(item["job_id"], item["job_id"])} for item in past_target(actor)]
    return {"waiting": waiting, "overdue": overdue, "jobs": jobs, "new_members": _new_members(actor), "setup": _setup(actor)}


def _setup(actor: Actor) -> dict | None:
    from chalicelib.console.setup import checklist

    return checklist(actor)


def _new_members(actor: Actor) -> int | None:
    """How many joined the community in the last seven days (for those who may see it)."""
    if not actor.may(roles.COMMUNITY):
        return None
    try:
        from chalicelib.talent.growth import joined_since_days
    except ImportError:  # the community's counters are not in this build
        return None
    return joined_since_days(actor, 7)
