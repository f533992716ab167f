"""What the hiring team's notifications need to know about applications (team/alerts.py): which
applications a stream record says were just made, and how an email names them. Applications
import the team, never the reverse, so they answer through the team's extension point
(registered from hooks.py)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from chalicelib.applications.history import new_events
from chalicelib.applications.models import ApplicationItem, get_application
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.team import alerts


def _summary(item: ApplicationItem, title: str | None) -> alerts.Summary:
    name = " ".join(part for part in (item.first_name, item.last_name) if part) if item.erased_at is None else ""
    return alerts.Summary(application_id=item.application_id, job_id=item.job_id, job_title=title or item.job_id,
                          applicant=name, created_at=item.created_at, source=item.source)


def _key(moment: datetime) -> str:
    """A bound on created_at (db.iso, UTC) that compares as the moment does: always with microseconds."""
    return f"{moment.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%S.%f}Z"


class _TeamNews:
    def applied(self, record: Any) -> list[alerts.Applied]:
        found = []
        for event in new_events(record):
            if event.type == "applied":
                job_id = (record.dynamodb.new_image or {}).get("job_id")
                if isinstance(job_id, str):
                    found.append(alerts.Applied(event.company, event.application_id, job_id))
        return found

    def summary(self, company: str, application_id: str) -> alerts.Summary | None:
        item = get_application(company, application_id)
        if item is None:
            return None
        job = get_job(company, item.job_id)
        return _summary(item, job.title if job else None)

    def jobs(self, company: str) -> dict[str, str]:
        return {job.job_id: job.title for job in JobItem.query(company)}

    def created_between(self, company: str, job_ids: Iterable[str], since: datetime, until: datetime) -> list[alerts.Summary]:
        titles = self.jobs(company)
        start, end = _key(since), _key(until)
        found = []
        for job_id in job_ids:
            # The by-job index, by creation time: only this job's applications of the window are read.
            for item in ApplicationItem.by_job.query(f"{company}#{job_id}", ApplicationItem.created_at.between(start, end)):
                if item.created_at > start:
                    found.append(_summary(item, titles.get(job_id)))
        return sorted(found, key=lambda s: s.created_at)


    def overdue(self, company: str, application_id: str, status: str, since: str, at: datetime) -> alerts.Overdue | None:
        from datetime import timedelta

        from chalicelib.applications.promise import calendar, entered_at, standing
        from chalicelib.companies.service import load_company

        item = get_application(company, application_id)
        # Never after a decision, never a breach the application has moved on from.
        if item is None or item.status != status or entered_at(item) != since:
            return None
        settings = load_company(company).settings
        state = standing(item, settings)
        if state is None or state.target_at is None or state.target_days is None:
            return None
        days = calendar(settings)
        job = get_job(company, item.job_id)
        past = days.working_days_after(days.local_day(state.target_at - timedelta(microseconds=1)), at)
        return alerts.Overdue(application_id=item.application_id, job_id=item.job_id, job_title=job.title if job else item.job_id,
                              applicant=_summary(item, None).applicant, status=item.status, target_days=state.target_days,
                              working_days_past=past)


alerts.provide(_TeamNews())
