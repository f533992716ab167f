"""Connect: a person who is not applying today joins a company's talent community."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib import ratelimit
from chalicelib.auth import botcheck, tokens
from chalicelib.candidates.models import (
    EMAIL_PREFIX,
    CandidateItem,
    EmailClaimItem,
    candidate_key,
    get_candidate,
    search_text,
)
from chalicelib.auth.oidc import verify_id_token
from chalicelib.candidates import changes, joins
from chalicelib.candidates.schema import Answer, ApplicationConnectRequest, ConnectRequest, Interests, SocialConnectRequest
from chalicelib.companies.schema import CompanySettings
from chalicelib.companies.service import Company, load_company
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import InvalidInput, NotFound, Unauthorized
from chalicelib.candidates.messages import ConnectEmail
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger, tracer
from chalicelib.subscriptions.rules import Subscription
from chalicelib.subscriptions.service import sync_index


class AddressNotVerified(Unauthorized):
    """A provider's sign-in whose email address the provider does not vouch for."""


@dataclass(frozen=True)
class ConnectResult:
    candidate_id: str
    status: str  # "pending_confirmation" until the address is confirmed, then "connected"
    created: bool
    access_token: str | None = None  # for sign-in with a provider: the dashboard opens at once
    awaiting_owner: bool = False  # the address is a confirmed candidate's: nothing changed yet


def connect_form(company_slug: str) -> dict:
    """What a career page needs to draw the Connect form."""
    company = load_company(company_slug)
    settings = company.settings
    return {
        "company": {"slug": company.slug, "name": company.name},
        "departments": [d.model_dump() for d in settings.departments],
        "locations": [loc.model_dump() for loc in settings.locations],
        "work_modes": ["remote", "hybrid", "onsite"],
        "questions": [q.model_dump() for q in settings.questions],
        "consent": {"text": settings.consent_text.replace("{company}", company.name), "version": settings.consent_version},
    }


def check_against_settings(request: ConnectRequest, settings: CompanySettings) -> None:
    """Every id must be one the company offers; a role must belong to a chosen department."""
    problems = _choice_problems(settings, request.departments, request.roles, [request.location] if request.location else [], "location")
    try:
        check_answers(settings, request.answers, require_all=True, departments=request.departments, roles=request.roles)
    except InvalidInput as error:
        problems += error.problems
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def check_choices(
    settings: CompanySettings, departments: list[str], roles: list[str], locations: list[str], location_field: str = "locations"
) -> None:
    """Every problem at once (InvalidInput's problems), the first leading."""
    problems = _choice_problems(settings, departments, roles, locations, location_field)
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def _choice_problems(settings: CompanySettings, departments, roles, locations, location_field: str) -> list[dict]:
    problems = []
    for i, department_id in enumerate(departments):
        if settings.department(department_id) is None:
            problems.append({"field": f"departments.{i}", "message": f"unknown department {department_id!r}"})
    role_department = settings.role_department()
    for i, role_id in enumerate(roles):
        if role_id not in role_department:
            problems.append({"field": f"roles.{i}", "message": f"unknown role {role_id!r}"})
        elif role_department[role_id] not in departments:
            problems.append({"field": f"roles.{i}", "message":
                             f"role {role_id!r} belongs to department {role_department[role_id]!r}, which is not chosen"})
    known = {loc.id for loc in settings.locations}
    for i, location in enumerate(locations):
        if location not in known:
            field = location_field if location_field == "location" else f"{location_field}.{i}"
            problems.append({"field": field, "message": f"unknown location {location!r}"})
    return problems


def check_answers(
    settings: CompanySettings, answers: list[Answer], require_all: bool,
    departments: list[str] | None = None, roles: list[str] | None = None, extra: tuple = (),
) -> None:
    """Answers must be to questions asked of this candidate: general ones, and those of the
    departments and roles they chose (or applied to), and `extra` ones (a job's own questions);
    required ones must be answered. Every problem at once, the first leading."""
    asked = {q.id: q for q in (settings.questions_for(departments, roles or []) if departments is not None else settings.questions)}
    asked.update({q.id: q for q in extra if q.id not in asked})
    answered = {a.question_id for a in answers}
    problems = []
    for i, answer in enumerate(answers):
        question = asked.get(answer.question_id)
        if question is None:
            problems.append({"field": f"answers.{i}.question_id", "message": f"unknown question {answer.question_id!r}"})
            continue
        try:
            _check_answer(question.type, question.options, answer, f"answers.{i}.value")
        except InvalidInput as error:
            problems.append({"field": error.field, "message": error.message})
    if require_all:
        for question in asked.values():
            if question.required and question.id not in answered:
                problems.append({"field": "answers", "message": f"question {question.id!r} must be answered"})
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def _check_answer(kind: str, options: list[str], answer: Answer, field: str) -> None:
    value = answer.value
    if kind == "yes_no" and not isinstance(value, bool):
        raise InvalidInput("answer must be true or false", field=field)
    if kind == "text" and not (isinstance(value, str) and value.strip()):
        raise InvalidInput("answer must be text", field=field)
    if kind == "single_choice" and value not in options:
        raise InvalidInput("answer must be one of the question's options", field=field)
    if kind == "multiple_choice" and not (
        isinstance(value, list) and value and len(set(value)) == len(value) and set(value) <= set(options)
    ):
        raise InvalidInput("answer must be a list of the question's options", field=field)


def default_subscription(departments, roles, location, work_modes, previous: dict | None = None) -> dict:
    """Job tips follow what the candidate connected with, until they change it on the dashboard."""
    base = Subscription.from_dict(previous) if previous else None
    return Subscription(
        departments=tuple(departments),
        roles=tuple(roles),
        locations=(location,) if location else (),
        work_modes=tuple(work_modes),
        frequency=base.frequency if base else "instant",
        paused=base.paused if base else False,
    ).to_dict()


def follow_profile(subscription: dict, location: str | None, work_modes: list[str]) -> dict:
    """A subscription the candidate never edited keeps following their profile's location and modes."""
    if subscription.get("customized"):
        return subscription
    return {**subscription, "locations": [location] if location else [], "work_modes": list(work_modes)}


@tracer.capture_method
def connect(company_slug: str, request: ConnectRequest) -> ConnectResult:
    company = load_company(company_slug)
    botcheck.verify(company, request.bot_token)
    check_against_settings(request, company.settings)
    return _connect(company, request, source="email")


def connect_with_identity(company_slug: str, request: SocialConnectRequest) -> ConnectResult:
    """The provider has verified the address, so the candidate is confirmed at once."""
    company = load_company(company_slug)
    provider = getattr(company.settings.identity_providers, request.source)
    if provider is None:
        raise InvalidInput(f"{company.name} does not offer sign-in with {request.source}", field="source")
    identity = verify_id_token(request.source, request.id_token, provider.client_id)
    return connect_verified(company, identity, request.model_dump(include={"departments", "roles", "location", "work_modes", "answers"}))


def connect_verified(company: Company, identity, interests: dict) -> ConnectResult:
    """Connect someone whose address a provider has verified (ID token or authorization-code
    flow): the candidate is confirmed at once and gets a session."""
    connect_request = ConnectRequest.model_validate({
        **interests, "email": identity.email, "first_name": identity.first_name, "last_name": identity.last_name, "consent": True})
    check_against_settings(connect_request, company.settings)
    if not identity.email_verified:
        # The provider does not vouch for the address: confirmed by email, like a typed one (and a
        # confirmed candidate's address changes nothing until its owner follows the link).
        return _connect(company, connect_request, source=identity.provider)
    result = _connect(company, connect_request, source=identity.provider, verified=True)
    return ConnectResult(result.candidate_id, result.status, result.created, open_session(company.slug, result.candidate_id)["access_token"])


def sign_in_verified(company: Company, identity) -> dict:
    """Sign in someone whose address a provider has verified; they must have connected before.
    An address the provider has not verified opens nothing (AddressNotVerified)."""
    if not identity.email_verified:
        raise AddressNotVerified(f"{identity.provider} has not verified {identity.email}", field="id_token")
    candidate = _candidate_by_email(company.slug, identity.email)
    if candidate is None:
        raise NotFound(f"{identity.email} has not connected with {company.name} yet", field="email")
    if candidate.confirmed_at is None:
        candidate.update(actions=[CandidateItem.confirmed_at.set(now())])
        sync_index(candidate, company.settings)
    return open_session(company.slug, candidate.candidate_id)


def connect_after_applying(company_slug: str, request: ApplicationConnectRequest) -> ConnectResult:
    """Seed 000: the option to connect appears after applying; the application's details are reused.
    The address was typed by the applicant, so it is confirmed by email like any other."""
    company = load_company(company_slug)
    application = joins.applications().offered(company.slug, request.application_id, request.application_token)
    connect_request = ConnectRequest(
        email=application.email, first_name=application.first_name, last_name=application.last_name, consent=True,
        **request.model_dump(include={"departments", "roles", "location", "work_modes", "answers"}),
    )
    check_against_settings(connect_request, company.settings)
    result = _connect(company, connect_request, source="application", application_id=application.application_id)
    if not result.awaiting_owner:
        joins.applications().join(company.slug, application.application_id, result.candidate_id)
    return result


# Anyone can type any address into a career page: past this, the address gets no more
# thank-you emails from that company for the hour (and the request is refused, nothing written).
CONNECTS_PER_ADDRESS_PER_HOUR = 5


def _connect(
    company: Company, request: ConnectRequest, source: str, verified: bool = False, application_id: str | None = None
) -> ConnectResult:
    ratelimit.hit("connect-address", f"{company.slug}#{request.email}", CONNECTS_PER_ADDRESS_PER_HOUR, 3600)
    existing = _candidate_by_email(company.slug, request.email)
    if existing is not None and existing.confirmed_at is not None and not verified:
        return _await_owner(company, existing, request, application_id)
    created, candidate = _create_or_merge(company, request, source)
    if verified and candidate.confirmed_at is None:
        candidate.update(actions=[CandidateItem.confirmed_at.set(now())])
    sync_index(candidate, company.settings)
    enqueue([ConnectEmail(company=company.slug, candidate_id=candidate.candidate_id, connection_id=uuid.uuid4().hex)])
    count("Connections")
    logger.info("candidate connected", extra={"company": company.slug, "candidate_id": candidate.candidate_id, "new": created})
    status = "connected" if candidate.confirmed_at else "pending_confirmation"
    return ConnectResult(candidate.candidate_id, status, created)


def _await_owner(company: Company, candidate: CandidateItem, request: ConnectRequest, application_id: str | None) -> ConnectResult:
    """The address is a confirmed candidate's and nobody proved to be its owner: store what was
    asked as a pending change and email the address a link that applies it. The answer is the
    one an unknown address gets, so it tells nobody who is connected."""
    change = {
        "interests": request.model_dump(include={"departments", "roles", "answers"}, mode="json"),
        "applications": [application_id] if application_id else [],
    }
    change_id = changes.propose(company.slug, candidate.candidate_id, change, timedelta(hours=get_settings().confirm_token_hours))
    enqueue([ConnectEmail(company=company.slug, candidate_id=candidate.candidate_id, connection_id=uuid.uuid4().hex, change_id=change_id)])
    count("ConnectionsAwaitingOwner")
    logger.info("connect awaits the address's owner", extra={"company": company.slug, "candidate_id": candidate.candidate_id})
    return ConnectResult(candidate.candidate_id, "pending_confirmation", False, awaiting_owner=True)


def apply_change(company: Company, candidate: CandidateItem, change_id: str) -> None:
    """The owner followed the link: add the interests and applications that waited for them.
    Interests the company no longer offers are left out; the rest still applies."""
    change = changes.take(company.slug, candidate.candidate_id, change_id)
    if change is None:
        return
    if change.get("email"):
        from chalicelib.candidates import email_change

        email_change.apply(company.slug, candidate, change["email"])
    interests = change.get("interests")
    if interests:
        try:
            request = Interests.model_validate({**interests, "consent": True})
            check_choices(company.settings, request.departments, request.roles, [])
            check_answers(company.settings, request.answers, require_all=False, departments=request.departments, roles=request.roles)
            _merge(candidate, request)
        except (InvalidInput, ValueError) as problem:
            logger.info("waiting interests no longer fit the company's settings", extra={"company": company.slug, "candidate_id": candidate.candidate_id, "reason": str(problem)})
    if change.get("applications"):
        joins.applications().claim(company.slug, candidate, change["applications"])


def _create_or_merge(company: Company, request: ConnectRequest, source: str) -> tuple[bool, CandidateItem]:
    for _attempt in range(3):
        existing = _candidate_by_email(company.slug, request.email)
        if existing is not None:
            try:
                return False, _merge(existing, request)
            except UpdateError as error:
                if error.cause_response_code != "ConditionalCheckFailedException":
                    raise
                continue  # someone else changed this candidate meanwhile: read again and merge again
        try:
            return True, _create(company, request, source)
        except TransactWriteError as error:
            if "ConditionalCheckFailed" not in str(error.cause_response_message or "") + str(error):
                raise
            # The same address connected concurrently: merge into the candidate that won.
    raise RuntimeError("could not record the connection after concurrent updates")


def _candidate_by_email(company: str, email: str) -> CandidateItem | None:
    try:
        claim = EmailClaimItem.get(company, EMAIL_PREFIX + email, consistent_read=True)
    except EmailClaimItem.DoesNotExist:
        return None
    return get_candidate(company, claim.candidate_id, consistent=True)


def _create(company: Company, request: ConnectRequest, source: str) -> CandidateItem:
    moment = now()
    candidate_id = uuid.uuid4().hex
    candidate = CandidateItem(
        company=company.slug,
        sk=candidate_key(candidate_id),
        candidate_id=candidate_id,
        email=request.email,
        first_name=request.first_name,
        last_name=request.last_name,
        language=request.language,
        source=source,
        departments=list(request.departments),
        roles=list(request.roles),
        location=request.location,
        work_modes=list(request.work_modes),
        answers=[a.model_dump() for a in request.answers],
        subscription=default_subscription(request.departments, request.roles, request.location, request.work_modes),
        search_text=search_text(request.first_name, request.last_name, request.email),
        consent_at=moment,
        consent_version=company.settings.consent_version,
        consent_expires_at=consent_expiry(company.settings, moment),
        consent_expiry_day=_day(consent_expiry(company.settings, moment)),
        created_at=moment,
        updated_at=moment,
    )
    claim = EmailClaimItem(company=company.slug, sk=EMAIL_PREFIX + request.email, candidate_id=candidate_id)
    with TransactWrite(connection=Connection()) as transaction:
        transaction.save(claim, condition=EmailClaimItem.sk.does_not_exist())
        transaction.save(candidate)
    return candidate


def _merge(candidate: CandidateItem, request: ConnectRequest) -> CandidateItem:
    """Connecting again adds departments and roles to the same candidate.

    For a confirmed candidate this runs only once the owner of the address has confirmed the
    change (or signed in with a provider), and it only adds interests and new answers; names,
    location and work modes are theirs to change from the dashboard. Before confirmation the
    latest submission wins.
    """
    departments = _union(candidate.departments, request.departments)
    roles = _union(candidate.roles, request.roles)
    answers = {a["question_id"]: a for a in candidate.answers}
    for answer in request.answers:
        if not candidate.confirmed_at or answer.question_id not in answers:
            answers[answer.question_id] = answer.model_dump()
    if candidate.confirmed_at or candidate.subscription.get("customized"):
        first_name, last_name = candidate.first_name, candidate.last_name
        location, work_modes = candidate.location, list(candidate.work_modes)
        subscription = dict(candidate.subscription)
        subscription["departments"] = _union(subscription.get("departments", []), request.departments)
        subscription["roles"] = _union(subscription.get("roles", []), request.roles)
    else:
        first_name, last_name = request.first_name, request.last_name
        location, work_modes = request.location, list(request.work_modes)
        subscription = default_subscription(departments, roles, location, work_modes, candidate.subscription)
    candidate.update(
        actions=[
            CandidateItem.first_name.set(first_name),
            CandidateItem.last_name.set(last_name),
            CandidateItem.departments.set(departments),
            CandidateItem.roles.set(roles),
            CandidateItem.location.set(location) if location else CandidateItem.location.remove(),
            CandidateItem.work_modes.set(work_modes),
            CandidateItem.answers.set(list(answers.values())),
            CandidateItem.subscription.set(subscription),
            CandidateItem.search_text.set(search_text(first_name, last_name, candidate.email)),
            CandidateItem.updated_at.set(now()),
        ]
    )
    return candidate


def _day(moment) -> str | None:
    return moment.date().isoformat() if moment else None


def _union(current: list[str], added: list[str]) -> list[str]:
    return list(dict.fromkeys([*current, *added]))


def start_session(token: str | None, company: str | None = None) -> dict:
    """Exchange an emailed token (Connect, sign-in or consent renewal) for an access token.

    Following any of those links proves the address is the candidate's, so it also confirms it;
    a renewal link also renews consent. With ``company``, a token of another company is refused
    (and stays unspent)."""
    if company is not None and tokens.company_of(token, tokens.EMAILED) != company:
        raise Unauthorized("missing or invalid token", field="token")
    subject = tokens.redeem(token, tokens.EMAILED)
    company = load_company(subject.company)
    candidate = get_candidate(subject.company, subject.candidate_id, consistent=True)
    if candidate is None:
        raise NotFound("candidate no longer exists", field="token")
    if subject.purpose == tokens.RENEW:
        renew_consent(candidate, company)
    if candidate.confirmed_at is None:
        candidate.update(actions=[CandidateItem.confirmed_at.set(now())])
        count("Confirmations")
    if subject.change:
        apply_change(company, candidate, subject.change)
    sync_index(candidate, company.settings)
    return open_session(subject.company, subject.candidate_id)


def link_address(token: str | None, company: str) -> str | None:
    """The address an emailed link signs in as (for an address change, the new one), shown on the
    link's page before anything is spent: a person made to open someone else's link sees whose it
    is. None when the link is not live for this company."""
    subject = tokens.peek(token, tokens.EMAILED)
    if subject is None or subject.company != company:
        return None
    if subject.change:
        waiting = changes.peek(company, subject.candidate_id, subject.change)
        if waiting and waiting.get("email"):
            return waiting["email"]
    candidate = get_candidate(company, subject.candidate_id)
    return candidate.email if candidate else None


def open_session(company: str, candidate_id: str) -> dict:
    hours = get_settings().access_token_hours
    access = tokens.issue(company, candidate_id, tokens.ACCESS, timedelta(hours=hours))
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": hours * 3600,
        "company": company,
        "candidate_id": candidate_id,
    }


def end_session(token: str | None) -> None:
    """Sign out: the session ends on the server at once, for the cookie holding the token and for
    any copy of it used as a bearer (the dashboard page and DELETE /me/session alike)."""
    tokens.revoke(token)
    count("SignOuts")


def find_by_email(company: str, email: str) -> CandidateItem | None:
    return _candidate_by_email(company, email)


def consent_expiry(settings: CompanySettings, given_at):
    if not settings.consent_months:
        return None
    return given_at + timedelta(days=round(30.44 * settings.consent_months))


def renew_consent(candidate: CandidateItem, company: Company) -> None:
    moment = now()
    expires = consent_expiry(company.settings, moment)
    candidate.update(actions=[
        CandidateItem.consent_at.set(moment),
        CandidateItem.consent_version.set(company.settings.consent_version),
        CandidateItem.consent_expires_at.set(expires) if expires else CandidateItem.consent_expires_at.remove(),
        CandidateItem.consent_expiry_day.set(expires.date().isoformat()) if expires else CandidateItem.consent_expiry_day.remove(),
        CandidateItem.renewal_sent_at.remove(),
    ])
    count("ConsentRenewed")
