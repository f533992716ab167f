"""Applicants who never connected, as the recruiters' candidate list shows them: recorded when
an application is stored that joins nobody, removed with the address's personal data."""
from __future__ import annotations

from datetime import datetime

from chalicelib.candidates.models import ApplicantItem, applicant_key
from chalicelib.db import find


def record_applicant(company: str, *, application_id: str, email: str | None, first_name: str | None,
                     last_name: str | None, source: str, department: str | None, role: str | None, at: datetime) -> None:
    """One item per (company, address): the latest names, every department and role applied to,
    every source (career_site, linkedin) applications came through."""
    key = applicant_key(email, application_id)
    current = find(ApplicantItem, company, key, consistent=True)
    departments = list(dict.fromkeys([*(current.departments if current else []), *([department] if department else [])]))
    roles = list(dict.fromkeys([*(current.roles if current else []), *([role] if role else [])]))
    sources = set(current.application_sources or set()) if current else set()
    ApplicantItem(
        company=company, sk=key, email=email, first_name=first_name, last_name=last_name, departments=departments,
        roles=roles, application_sources=sources | {source}, applied_at=at,
        search_text=" ".join(p for p in (first_name, last_name, email) if p).lower(),
        created_at=current.created_at if current else at,
    ).save()


def forget_applicant(company: str, email: str | None, application_id: str) -> None:
    """Erasure: the list's record of this address (or of this address-less application)."""
    ApplicantItem(company=company, sk=applicant_key(email, application_id)).delete()
