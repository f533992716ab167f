"""Who works on a job: the hiring members an admin or recruiter assigns from its applications
screen. A hiring member sees only these jobs and their applications (team/actors.py)."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from chalicelib.errors import NotFound
from chalicelib.schema import Strict
from chalicelib.jobs.models import get_job
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor
from chalicelib.team.models import MemberItem, members_of
from chalicelib.team.service import InvalidMember, member_view


class Assignment(Strict):
    """PUT /admin/jobs/{job_id}/members: the members who work on the job (an empty list: nobody)."""

    member_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = Field(max_length=200)


def members_of_job(actor: Actor, job_id: str) -> list[dict]:
    """Who works on the job, for anyone who may see the job."""
    actor.require_job(job_id)
    if get_job(actor.company, job_id) is None:
        raise NotFound("no such job", field="job_id")
    return assigned(actor.company, job_id)


def assign_to_job(actor: Actor, job_id: str, member_ids: list[str]) -> list[dict]:
    """Exactly these members are assigned to the job afterwards (admins and recruiters see every
    job whether assigned or not; assigning them decides who hears about its applications)."""
    actor.require(roles.ALL_APPLICATIONS)
    if get_job(actor.company, job_id) is None:
        raise NotFound("no such job", field="job_id")
    wanted = set(member_ids)
    team = {m.member_id: m for m in members_of(actor.company) if m.state != "removed"}
    unknown = wanted - set(team)
    if unknown:
        raise InvalidMember(sorted(unknown)[0])
    for member in team.values():
        has = job_id in (member.jobs or set())
        if member.member_id in wanted and not has:
            member.update(actions=[MemberItem.jobs.add({job_id})])
        elif member.member_id not in wanted and has:
            member.update(actions=[MemberItem.jobs.delete({job_id})])
    audit.record(actor, "job", job_id, "members_assigned", members=sorted(wanted))
    return assigned(actor.company, job_id)


def assigned(company: str, job_id: str) -> list[dict]:
    return [member_view(m) for m in members_of(company) if m.state != "removed" and job_id in (m.jobs or set())]
