"""The candidate's own Connect dashboard: profile, connections, subscription, company content."""
from __future__ import annotations

from chalicelib.auth.tokens import TokenSubject
from chalicelib.candidates.email_change import request_change
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.candidates.views import connections_view
from chalicelib.candidates.service import check_answers, check_choices, follow_profile, search_text
from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import Company, load_company
from chalicelib.dashboard.schema import PreferencesRequest, ProfilePatch, SubscriptionRequest
from chalicelib.db import iso, now
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.subscriptions.index import MAX_ENTRIES_PER_SUBSCRIBER, entries_for
from chalicelib.subscriptions.rules import Subscription
from chalicelib.subscriptions.service import catalogue, sync_index


def _load(subject: TokenSubject) -> tuple[Company, CandidateItem]:
    company = load_company(subject.company)
    candidate = get_candidate(subject.company, subject.candidate_id, consistent=True)
    if candidate is None:
        raise NotFound("no such candidate", field=None)
    return company, candidate


def dashboard(subject: TokenSubject) -> dict:
    return _view(*_load(subject))


def _view(company: Company, candidate: CandidateItem) -> dict:
    return {
        "company": {"slug": company.slug, "name": company.name},
        "profile": profile_view(candidate, company.settings),
        "connections": connections_view(candidate, company.settings),
        "subscription": subscription_view(candidate),
        # The image, the link's words and the video link only where the company gave them.
        "overview": [{k: v for k, v in block.model_dump().items() if k in ("title", "body", "link") or v}
                     for block in company.settings.overview],
        "applications": applications_view(company, candidate),
        "preferences": preferences_view(company, candidate),
    }


def preferences_view(company: Company, candidate: CandidateItem) -> dict:
    """The categories of email the candidate gets (True: on) and the company's cap on them."""
    from chalicelib.candidates.preferences import choices

    return {**choices(candidate), "emails_per_week": company.settings.email_cap_per_week}


def preferences(subject: TokenSubject) -> dict:
    company, candidate = _load(subject)
    return preferences_view(company, candidate)


def set_preferences(subject: TokenSubject, request: PreferencesRequest) -> dict:
    """Turn job tips and news from the company (campaigns) on or off, each on its own."""
    from chalicelib.candidates.preferences import set_categories

    wanted = {k: v for k, v in request.model_dump().items() if v is not None}
    if not wanted:
        raise InvalidInput("send job_tips, campaigns or both (true or false)", field="job_tips")
    company, candidate = _load(subject)
    set_categories(company.slug, candidate.candidate_id, wanted)
    return preferences(subject)


def profile_view(candidate: CandidateItem, settings: CompanySettings) -> dict:
    return {
        "candidate_id": candidate.candidate_id,
        "email": candidate.email,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "location": candidate.location,
        "work_modes": list(candidate.work_modes),
        "timezone": candidate.timezone or settings.timezone,
        "language": candidate.language or settings.language,
        "answers": list(candidate.answers),
        "source": candidate.source,
        "confirmed": candidate.confirmed_at is not None,
        "consent": {
            "given_at": iso(candidate.consent_at),
            "version": candidate.consent_version,
            "expires_at": iso(candidate.consent_expires_at),
        },
    }




def subscription_view(candidate: CandidateItem) -> dict:
    subscription = Subscription.from_dict(candidate.subscription).to_dict()
    subscription.pop("customized")
    subscription["unsubscribed_at"] = iso(candidate.unsubscribed_at)
    return subscription


def applications_view(company: Company, candidate: CandidateItem) -> list[dict]:
    from chalicelib.applications.service import for_candidate
    from chalicelib.jobs.models import get_job

    views = []
    for application in for_candidate(company.slug, candidate.candidate_id):
        job = get_job(company.slug, application.job_id)
        views.append({
            "id": application.application_id,
            "job": {"id": application.job_id, "title": job.title if job else None},
            "status": application.status,
            # Open applications can be withdrawn (POST /me/applications/{id}/withdraw).
            "can_withdraw": application.status not in ("hired", "rejected", "withdrawn"),
            "applied_at": application.created_at,
            "updated_at": iso(application.updated_at),
        })
    return views


def update_profile(subject: TokenSubject, patch: ProfilePatch) -> dict:
    company, candidate = _load(subject)
    sent = patch.model_fields_set
    if "location" in sent and patch.location is not None:
        check_choices(company.settings, [], [], [patch.location], location_field="location")
    if patch.answers is not None:
        check_answers(company.settings, patch.answers, require_all=True, departments=list(candidate.departments), roles=list(candidate.roles))
    for required in ("first_name", "last_name", "email", "work_modes", "answers", "timezone"):
        if required in sent and getattr(patch, required) is None:
            raise InvalidInput("cannot be null", field=required)
    actions = [CandidateItem.updated_at.set(now())]
    if "first_name" in sent:
        actions.append(CandidateItem.first_name.set(patch.first_name))
    if "last_name" in sent:
        actions.append(CandidateItem.last_name.set(patch.last_name))
    if "timezone" in sent:
        actions.append(CandidateItem.timezone.set(patch.timezone))
    if "language" in sent:
        actions.append(CandidateItem.language.set(patch.language) if patch.language else CandidateItem.language.remove())
    if patch.answers is not None:
        actions.append(CandidateItem.answers.set([a.model_dump() for a in patch.answers]))
    location = patch.location if "location" in sent else candidate.location
    work_modes = patch.work_modes if patch.work_modes is not None else list(candidate.work_modes)
    if "location" in sent:
        actions.append(CandidateItem.location.set(location) if location else CandidateItem.location.remove())
    if patch.work_modes is not None:
        actions.append(CandidateItem.work_modes.set(work_modes))
    actions.append(CandidateItem.subscription.set(follow_profile(dict(candidate.subscription), location, work_modes)))
    actions.append(CandidateItem.search_text.set(search_text(
        patch.first_name or candidate.first_name, patch.last_name or candidate.last_name, candidate.email)))
    candidate.update(actions=actions)
    sync_index(candidate, company.settings)
    view = _view(company, candidate)
    if patch.email is not None and patch.email != candidate.email:
        view["email_change"] = request_change(company.slug, candidate, patch.email)
    return view


def replace_subscription(subject: TokenSubject, request: SubscriptionRequest) -> dict:
    """Example C: the candidate picks departments, roles and locations for job tips themselves.
    The next posting is matched against this; the index never keeps a stale entry."""
    company, candidate = _load(subject)
    check_choices(company.settings, request.departments, request.roles, request.locations)
    subscription = Subscription(
        departments=tuple(request.departments),
        roles=tuple(request.roles),
        locations=tuple(request.locations),
        work_modes=tuple(request.work_modes),
        frequency=request.frequency,
        paused=request.paused,
        customized=True,
    )
    if len(entries_for(company.slug, subscription, catalogue(company.settings))) > MAX_ENTRIES_PER_SUBSCRIBER:
        raise InvalidInput("too many combinations of departments, roles, locations and work modes", field="departments")
    actions = [CandidateItem.subscription.set(subscription.to_dict()), CandidateItem.updated_at.set(now())]
    if not request.paused:
        actions.append(CandidateItem.unsubscribed_at.remove())
    candidate.update(actions=actions)
    sync_index(candidate, company.settings)
    return subscription_view(candidate)


def renew_my_consent(subject: TokenSubject) -> dict:
    """Renew consent from the dashboard (also after it has lapsed): job tips resume."""
    from chalicelib.candidates.service import renew_consent

    company, candidate = _load(subject)
    renew_consent(candidate, company)
    return _view(company, candidate)
