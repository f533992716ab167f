"""What applications answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from typing import Any

from chalicelib.applications import service
from chalicelib.applications.models import get_application
from chalicelib.candidates import joins
from chalicelib.errors import NotFound
from chalicelib.jobs import views as jobs_views


class _Applications:
    def offered(self, company: str, application_id: str, token: str) -> joins.Applicant:
        item = service.application_for_connect_token(company, application_id, token)
        return joins.Applicant(item.application_id, item.email, item.first_name, item.last_name)

    def join(self, company: str, application_id: str, candidate_id: str) -> None:
        item = get_application(company, application_id)
        if item is None:
            raise NotFound("no such application", field="application_id")
        service.link_candidate(item, candidate_id)

    def claim(self, company: str, candidate: Any, application_ids: list[str]) -> int:
        return service.claim_applications(company, candidate, application_ids)


joins.provide(_Applications())

# What the team's notifications read about applications (team/alerts.py).
from chalicelib.applications import team_news  # noqa: E402,F401

def application_count(job) -> dict:
    """A job's applications, as its list and view in the console and GET /admin/jobs show them."""
    from chalicelib.applications.models import ApplicationItem

    return {"applications": ApplicationItem.by_job.count(f"{job.company}#{job.job_id}")}


jobs_views.register(application_count)
