"""Applications that arrive from elsewhere (a job board such as LinkedIn), and the view
extension point through which that source adds what a recruiter's screen needs (see
chalicelib/plugins.py): applications never import the capability that delivers them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from pynamodb.exceptions import PutError

from chalicelib.applications.models import ApplicationItem, get_application, new_application
from chalicelib.applications.owners import ask_owner
from chalicelib.candidates.applicants import record_applicant
from chalicelib.candidates.service import find_by_email
from chalicelib.jobs.models import get_job
from chalicelib.db import iso, now
from chalicelib.observability import count, logger

# (company, [(item, view)]) -> adds to each view; one call per page of one source.
Decorator = Callable[[str, list[tuple[ApplicationItem, dict]]], None]
_decorators: dict[str, Decorator] = {}


def register(source: str, decorator: Decorator) -> None:
    _decorators[source] = decorator


def decorate(company: str, pairs: list[tuple[ApplicationItem, dict]]) -> None:
    from chalicelib import plugins

    plugins.load("hooks")
    by_source: dict[str, list[tuple[ApplicationItem, dict]]] = {}
    for item, view in pairs:
        by_source.setdefault(item.source, []).append((item, view))
    for source, group in by_source.items():
        if source in _decorators:
            _decorators[source](company, group)


@dataclass(frozen=True)
class ExternalApplication:
    """An application a job board collected, already mapped to this product's terms."""

    application_id: str  # derived from the board's own id: a redelivery finds the same item
    job_id: str
    source: str
    source_ref: dict[str, Any]
    email: str | None  # None: the board's address could not be one (the application is kept)
    first_name: str | None
    last_name: str | None
    phone: str | None = None
    answers: list[dict] = field(default_factory=list)
    resume_file_name: str | None = None


def receive(company: str, application: ExternalApplication) -> bool:
    """Store it once: True when stored now, False when it was stored before (nothing written)."""
    moment = now()
    item = new_application(
        company, application.application_id, application.job_id, application.email, application.first_name,
        application.last_name, moment, [{"type": "applied", "at": iso(moment), "source": application.source}],
        phone=application.phone, answers=list(application.answers), source=application.source,
        source_ref=dict(application.source_ref), resume_file_name=application.resume_file_name,
    )
    try:
        item.save(condition=ApplicationItem.application_id.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        count("DuplicatesSuppressed")
        return False
    count("Applications")
    logger.info("application received", extra={"company": company, "application_id": application.application_id,
                                                "job_id": application.job_id, "source": application.source})
    # As for an anonymous career-site application: the owner of a connected address is asked
    # whether it is theirs before it joins them (nobody learns who is connected).
    owner = find_by_email(company, application.email) if application.email else None
    if owner is not None:
        ask_owner(company, owner.candidate_id, application.application_id)
    # Every applicant is in the recruiters' candidate list, marked not connected.
    job = get_job(company, application.job_id)
    record_applicant(company, application_id=application.application_id, email=application.email,
                     first_name=application.first_name, last_name=application.last_name, source=application.source,
                     department=job.department if job else None, role=job.role if job else None, at=moment)
    return True


def attach_resume(company: str, application_id: str, key: str) -> None:
    """The resume has been copied into the bucket under ``key``."""
    item = get_application(company, application_id)
    if item is not None and item.erased_at is None and item.resume_key != key:
        item.update(actions=[ApplicationItem.resume_key.set(key)])
