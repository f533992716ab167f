"""What recruiters see of their candidates: how they came, what they connected with, and only
the answers they chose to share."""
from __future__ import annotations

from chalicelib import cursors
from chalicelib.applications.service import for_candidate, views_of
from chalicelib.candidates.models import (
    APPLICANT_PREFIX,
    CANDIDATE_PREFIX,
    EMAIL_PREFIX,
    CandidateItem,
    EmailClaimItem,
    get_candidate,
)
from chalicelib.candidates.views import connections_view
from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import load_company
from chalicelib.db import find, iso
from chalicelib.errors import NotFound


def applicant_row(applicant) -> dict:
    """Someone who applied and never connected: listed, marked as such (no job tips go to them)."""
    return {
        "id": None,
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "email": applicant.email,
        "source": "applied",
        "applied": True,
        "applied_through": sorted(applicant.application_sources or []),
        "connected": False,
        "confirmed": False,
        "departments": list(dict.fromkeys(applicant.departments or [])),
        "roles": list(dict.fromkeys(applicant.roles or [])),
        "location": None,
        "work_modes": [],
        "answers": [],
        "connected_at": None,
        "applied_at": iso(applicant.applied_at),
    }


def row(candidate: CandidateItem, settings: CompanySettings) -> dict:
    return {
        "id": candidate.candidate_id,
        "connected": True,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "email": candidate.email,
        # How they came: connected by email, LinkedIn, Facebook or right after applying; and whether they applied.
        "source": candidate.source,
        "applied": candidate.applied_at is not None,
        # Where their applications came from: "linkedin" marks a LinkedIn applicant.
        "applied_through": sorted(candidate.application_sources or []),
        "confirmed": candidate.confirmed_at is not None,
        **connections_view(candidate, settings),
        "location": candidate.location,
        "work_modes": list(candidate.work_modes),
        "answers": [a for a in candidate.answers if a.get("shared")],
        "connected_at": iso(candidate.created_at),
    }


def list_candidates(company_slug: str, filters: dict[str, str], cursor: str | None, limit: int) -> dict:
    company = load_company(company_slug)
    condition = None

    def both(extra):
        return extra if condition is None else condition & extra

    if filters.get("department"):
        condition = both(CandidateItem.departments.contains(filters["department"]))
    if filters.get("role"):
        condition = both(CandidateItem.roles.contains(filters["role"]))
    if filters.get("location"):
        condition = both(CandidateItem.location == filters["location"])
    if filters.get("source") == "applied":
        condition = both(CandidateItem.applied_at.exists())
    elif filters.get("source"):
        condition = both(CandidateItem.source == filters["source"])
    if filters.get("q"):
        condition = both(CandidateItem.search_text.contains(filters["q"].strip().lower()))
    where = cursors.scope(company.slug, "candidates", **{k: filters.get(k) for k in sorted(filters)})
    rows, last = [], None
    # One Query over the candidates and the applicants who never connected (applicant#... sorts
    # just before candidate#...; nothing else lives in between), so one cursor pages both.
    query = CandidateItem.query(
        company.slug, CandidateItem.sk.between(APPLICANT_PREFIX, CANDIDATE_PREFIX + "\uffff"), filter_condition=condition,
        last_evaluated_key=cursors.decode(cursor, where), page_size=max(limit, 25),
    )
    remaining = (item for item in query if not _connected_since(item))
    for candidate in remaining:
        if candidate.sk.startswith(APPLICANT_PREFIX):
            rows.append(applicant_row(candidate))  # read through the candidate's like-typed attributes
        else:
            rows.append(row(candidate, company.settings))
        last = candidate
        if len(rows) == limit:
            break
    # Filters make DynamoDB pages uneven: the cursor is the last row returned, if any row follows.
    more = len(rows) == limit and _has_more(remaining)
    next_key = {"company": {"S": last.company}, "sk": {"S": last.sk}} if (last is not None and more) else None
    return {"candidates": rows, "next_cursor": cursors.encode(next_key, where)}


def _connected_since(item: CandidateItem) -> bool:
    """An applicant whose address is a candidate's now is listed once, as that candidate."""
    if not item.sk.startswith(APPLICANT_PREFIX) or not item.email:
        return False
    return find(EmailClaimItem, item.company, EMAIL_PREFIX + item.email) is not None


def _has_more(remaining) -> bool:
    try:
        next(remaining)
    except StopIteration:
        return False
    return True


def candidate_detail(company_slug: str, candidate_id: str) -> dict:
    company = load_company(company_slug)
    candidate = get_candidate(company.slug, candidate_id, consistent=True)
    if candidate is None:
        raise NotFound(f"no candidate {candidate_id!r}", field="candidate_id")
    return {
        **row(candidate, company.settings),
        "subscription": {k: v for k, v in candidate.subscription.items() if k != "customized"},
        "consent": {"given_at": iso(candidate.consent_at), "version": candidate.consent_version},
        "applications": views_of(company.slug, for_candidate(company.slug, candidate.candidate_id), summary=True),
    }
