"""What recruiters see of their candidates: how they came, what they connected with, and only
the answers they chose to share. Every use case takes the Actor (a member, or an API key) and
checks the role here: the community and the profiles are for admins and recruiters (and keys),
never for hiring members, whatever screen or route asks."""
from __future__ import annotations

from chalicelib import cursors
from chalicelib.applications.models import ApplicationItem, email_key
from chalicelib.applications.service import for_candidate, history_lines, view, views_of
from chalicelib.candidates.models import (
    APPLICANT_PREFIX,
    EMAIL_PREFIX,
    CandidateItem,
    EmailClaimItem,
    get_candidate,
)
from chalicelib.candidates.views import connections_view
from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import load_company
from chalicelib.db import find, iso, now
from chalicelib.errors import NotFound
from chalicelib.jobs.models import get_job
from chalicelib.talent import filters
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor

LINKEDIN = "linkedin"


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


def list_candidates(actor: Actor, values: dict, cursor: str | None, limit: int) -> dict:
    """The community, newest first: candidates and the applicants who never connected, by when
    they joined (the candidates table's community index), filtered on what each wants now
    (talent/filters.py), with how many people the filter matches in all.

    The first page reads the company's whole index once, counting the matches (a DynamoDB
    filter would read, and bill, the same items) and keeps the newest ``limit``; the count
    travels in the signed cursor, so later pages read only from where the last one ended."""
    actor.require(roles.COMMUNITY)
    company = load_company(actor.company)
    criteria = filters.parse(values)
    where = cursors.scope(company.slug, "community", **filters.scope_values(criteria))
    state = cursors.decode(cursor, where)
    moment = now()
    query = CandidateItem.by_community.query(
        company.slug, scan_index_forward=False, last_evaluated_key=state["start"] if state else None,
        page_size=max(limit + 1, 25) if state else 200,
    )
    page, matched = [], 0
    for item in query:
        if not filters.matches(item, criteria, moment) or _connected_since(item):
            continue
        matched += 1
        if len(page) < limit:
            page.append(item)
        elif state is not None:
            break  # a later page: the count is known, and one more match says another page follows
    total = state["count"] if state else matched
    last = page[-1] if page else None
    next_cursor = None
    if last is not None and matched > len(page):
        start = {"company": {"S": last.company}, "sk": {"S": last.sk},
                 "created_at": {"S": CandidateItem.created_at.serialize(last.created_at)}}
        next_cursor = cursors.encode({"start": start, "count": total}, where)
    rows = [applicant_row(item) if item.sk.startswith(APPLICANT_PREFIX) else row(item, company.settings) for item in page]
    _add_linkedin_snippets(company.slug, rows)
    return {"candidates": rows, "count": total, "next_cursor": next_cursor, "filters": filters.scope_values(criteria)}


def _connected_since(item: CandidateItem) -> bool:
    """An applicant whose address is a candidate's now is listed once, as that candidate."""
    if not item.sk.startswith(APPLICANT_PREFIX) or not item.email:
        return False
    return find(EmailClaimItem, item.company, EMAIL_PREFIX + item.email) is not None


def _add_linkedin_snippets(company: str, rows: list[dict]) -> None:
    """A LinkedIn applicant's row carries what LinkedIn delivered (the name, a headline or a
    profile link where present, the job, when) and whether the company's Apply Package shows
    LinkedIn's applicant highlights: the list's LinkedIn icon opens it."""
    for entry in rows:
        if LINKEDIN not in entry["applied_through"]:
            continue
        if entry["id"]:
            items = [a for a in for_candidate(company, entry["id"]) if a.source == LINKEDIN]
        elif entry["email"]:
            items = [a for a in ApplicationItem.by_email.query(email_key(company, entry["email"])) if a.source == LINKEDIN]
        else:
            items = []
        entry["linkedin"] = snippet(company, items)


def snippet(company: str, items: list[ApplicationItem]) -> dict:
    views = views_of(company, items, summary=True)
    applications = []
    for item, shown in zip(items, views):
        ref = item.source_ref or {}
        job = get_job(company, item.job_id)
        applications.append({
            "application_id": item.application_id, "job_id": item.job_id, "job_title": job.title if job else None,
            "applied_at": item.created_at, "first_name": item.first_name, "last_name": item.last_name,
            "headline": ref.get("headline"), "profile_url": ref.get("profile_url"),
            "application_urn": shown.get("linkedin", {}).get("application_urn"),
        })
    applications.sort(key=lambda a: a["applied_at"] or "", reverse=True)
    return {"applications": applications, "highlights": any(v.get("linkedin", {}).get("highlights") for v in views)}


def candidate_detail(actor: Actor, candidate_id: str, with_history: bool = False) -> dict:
    """A candidate's profile as the hiring team reads it: shared answers only, what they
    connected with and their job-tip subscription (ids and names), consent, their applications
    with each one's history, and who has looked at the profile. Opening it is recorded in the
    audit ("profile_viewed") and, for a LinkedIn applicant, is the "viewed" event of their
    LinkedIn applications (pushed to LinkedIn as an application view is). ``with_history``: the
    profile's own audit lines too (the console shows them; machines read them from
    GET /admin/candidates/{id}/history, so the profile itself reads the same at every look)."""
    actor.require(roles.COMMUNITY)
    company = load_company(actor.company)
    candidate = get_candidate(company.slug, candidate_id, consistent=True)
    if candidate is None:
        raise NotFound(f"no candidate {candidate_id!r}", field="candidate_id")
    settings = company.settings
    audit.record(actor, audit.CANDIDATE, candidate.candidate_id, "profile_viewed")
    items = for_candidate(company.slug, candidate.candidate_id)
    for item in items:
        if item.source == LINKEDIN:
            view(actor, item.application_id)
    items = for_candidate(company.slug, candidate.candidate_id)
    applications = views_of(company.slug, items, summary=True)
    for shown in applications:
        job = get_job(company.slug, shown["job_id"])
        shown["job_title"] = job.title if job else None
        shown["history"] = history_lines(company.slug, shown["id"])
    subscription = {k: v for k, v in candidate.subscription.items() if k != "customized"}
    questions = {q.id: q.text for q in settings.questions}
    detail = row(candidate, settings)
    detail["answers"] = [{**a, "question": questions.get(a.get("question_id"))} for a in detail["answers"]]
    return {
        **detail,
        "location_name": _location_name(settings, candidate.location),
        "subscription": subscription,
        "subscription_named": _named(settings, subscription),
        "consent": {"given_at": iso(candidate.consent_at), "version": candidate.consent_version,
                    "expires_at": iso(candidate.consent_expires_at)},
        "unsubscribed_at": iso(candidate.unsubscribed_at),
        "applications": applications,
        **({"history": audit.history(company.slug, audit.CANDIDATE, candidate.candidate_id)} if with_history else {}),
    }


def candidate_history(actor: Actor, candidate_id: str) -> dict:
    """Who looked at or changed this candidate's data, newest first (the profile shows the same)."""
    actor.require(roles.COMMUNITY)
    candidate = get_candidate(actor.company, candidate_id, consistent=True)
    if candidate is None:
        raise NotFound(f"no candidate {candidate_id!r}", field="candidate_id")
    return {"history": audit.history(actor.company, audit.CANDIDATE, candidate.candidate_id)}


def _location_name(settings: CompanySettings, location: str | None) -> str | None:
    if not location:
        return None
    names = {loc.id: loc.name for loc in settings.locations}
    return names.get(location, location)


def _named(settings: CompanySettings, subscription: dict) -> dict:
    role_department = settings.role_department()
    return {
        "departments": [{"id": d, "name": settings.department(d).name if settings.department(d) else d}
                        for d in subscription.get("departments", [])],
        "roles": [{"id": r, "name": settings.role_name(r) or r, "department": role_department.get(r)}
                  for r in subscription.get("roles", [])],
        "locations": [{"id": loc, "name": _location_name(settings, loc)} for loc in subscription.get("locations", [])],
        "work_modes": list(subscription.get("work_modes", [])),
        "frequency": subscription.get("frequency"),
        "paused": bool(subscription.get("paused")),
    }
