"""Telling the hiring team about new applications: each member's choice (team/service.py
`set_notifications`): an email for each new application to their jobs, a daily digest, or none.

Who hears about a job's applications is the team's rule (`service.job_team`: the members
assigned to the job, else the recruiters and admins). What was applied for is the applications
capability's knowledge, and applications sit above the team (they import it, never the
reverse), so they answer here through their hooks.py (`provide`), as they answer candidates'
joins (chalicelib/candidates/joins.py):

- The applications table's stream: app.py's `applications_history` hands every record to
  `handle_application_change` too (a third reader of the stream would exceed the two that
  DynamoDB Streams serves per shard without throttling). An `applied` event queues one
  `NewApplicationEmail` per member of the job's team who chose "each"; its idempotency key is
  (member, application), so a redelivered record sends nobody a second email.
- A daily EventBridge rule (`team_digests` in app.py) calls `enqueue_due_digests`: it reads
  only the members who chose "daily" (a small register, one item each, kept by
  `set_notifications`), never the applications, and queues one `TeamDigestEmail` per member and
  day (the company's own calendar day, in its time zone). The composer reads that member's
  jobs' applications created since their last digest through the by-job index (job and
  created_at), and the send moves the member's mark forward.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Protocol
from zoneinfo import ZoneInfo

from chalicelib import plugins
from chalicelib.db import iso
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger
from chalicelib.team import daily



@dataclass(frozen=True)
class Applied:
    company: str
    application_id: str
    job_id: str


@dataclass(frozen=True)
class Summary:
    """What a member's email says about one application (their console shows the rest)."""

    application_id: str
    job_id: str
    job_title: str
    applicant: str  # the applicant's name; empty once erased
    created_at: str
    source: str


@dataclass(frozen=True)
class Overdue:
    """An application past its status's target, as the team's digest names it (issue 20.1)."""

    application_id: str
    job_id: str
    job_title: str
    applicant: str  # empty once erased
    status: str
    target_days: int
    working_days_past: int


class Applications(Protocol):
    def applied(self, record: Any) -> list[Applied]:
        """The applications a stream record says were just made (their `applied` events)."""

    def summary(self, company: str, application_id: str) -> Summary | None:
        """One application as an email names it; None if it is gone."""

    def jobs(self, company: str) -> dict[str, str]:
        """The company's jobs: id -> title."""

    def created_between(self, company: str, job_ids: Iterable[str], since: datetime, until: datetime) -> list[Summary]:
        """The applications to these jobs created after ``since`` and at or before ``until``,
        read by job and creation time (the by-job index), oldest first."""

    def overdue(self, company: str, application_id: str, status: str, since: str, at: datetime) -> Overdue | None:
        """The application, if it is still in ``status`` entered at ``since`` (no decision, not
        moved on) and past its target; how far past as of ``at``. None otherwise."""


_provided: list[Applications] = []


def provide(applications: Applications) -> None:
    _provided[:] = [applications]


def applications() -> Applications:
    plugins.load("hooks")
    if not _provided:
        raise RuntimeError("no capability provides applications (chalicelib/applications/hooks.py)")
    return _provided[0]


# -- each new application ---------------------------------------------------------------

def handle_application_change(record: Any) -> None:
    """The applications stream: an `applied` event tells the job's team who chose "each"."""
    from chalicelib.team.messages import NewApplicationEmail
    from chalicelib.team.service import job_team

    for applied in applications().applied(record):
        members = [m for m in job_team(applied.company, applied.job_id) if m.notifications == "each"]
        if members:
            enqueue([NewApplicationEmail(company=applied.company, member_id=m.member_id, application_id=applied.application_id)
                     for m in members])
            count("TeamApplicationAlerts", len(members))


def hears_about(company: str, member, job_id: str) -> bool:
    from chalicelib.team.service import job_team

    return any(m.member_id == member.member_id for m in job_team(company, job_id))


# -- the daily digest -------------------------------------------------------------------

def digest_day(at: datetime, timezone: str) -> str:
    """The company's calendar day at ``at``: one digest per member per such day."""
    return at.astimezone(ZoneInfo(timezone)).date().isoformat()


def enqueue_due_digests(at: datetime) -> int:
    """The daily rule: one digest message per member who chose "daily" (the composer finds what
    is new; nothing new, nothing sent). ``at`` is the rule's clock, not the machine's."""
    from chalicelib.companies.service import load_company
    from chalicelib.errors import NotFound
    from chalicelib.team.messages import TeamDigestEmail

    zones: dict[str, str | None] = {}
    messages = []
    for mark in daily.members():
        if mark.member_company not in zones:
            try:
                zones[mark.member_company] = load_company(mark.member_company).settings.timezone
            except NotFound:
                zones[mark.member_company] = None
        zone = zones[mark.member_company]
        if zone is None:
            continue  # the company is gone
        messages.append(TeamDigestEmail(company=mark.member_company, member_id=mark.member_id,
                                        day=digest_day(at, zone), until=iso(at)))
    enqueue(messages)
    count("TeamDigestsDue", len(messages))
    logger.info("team digests queued", extra={"digests": len(messages)})
    return len(messages)


def member_jobs(company: str, member, jobs: dict[str, str]) -> list[str]:
    """The jobs whose applications this member hears about (job_team's rule, for one member):
    the jobs they are assigned to; for a recruiter or admin also every job nobody is assigned to."""
    from chalicelib.team.models import members_of

    assigned = {job for m in members_of(company) if m.state == "active" for job in (m.jobs or ())}
    mine = set(member.jobs or ())
    if member.role in ("recruiter", "admin"):
        mine |= {job for job in jobs if job not in assigned}
    return sorted(job for job in mine if job in jobs)


