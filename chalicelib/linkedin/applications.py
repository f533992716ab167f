"""Applications from LinkedIn (seed 001): LinkedIn POSTs each completed application to the job's
webhook. The signature is checked over the raw body, in constant time, before anything is parsed
(401 and nothing written otherwise); the application is stored once per LinkedIn application URN
(a redelivery is 200 and writes nothing), like any other, with `source: "linkedin"`, its URN and
organization, and the answers mapped back to the company's questions. The resume sits behind an
expiring LinkedIn URL: copying it is queued at once, so the webhook answers within LinkedIn's
time limit whatever the file's size.
"""
from __future__ import annotations

import hashlib

from pydantic import ValidationError

from chalicelib.api import invalid_from
from chalicelib.applications.models import get_application
from chalicelib.applications.sources import ExternalApplication, receive
from chalicelib.companies.schema import Question
from chalicelib.companies.service import load_company
from chalicelib import ratelimit
from chalicelib.errors import DomainError, PayloadTooLarge, Unauthorized, error_body
from chalicelib.jobs.models import get_job
from chalicelib.jobs.questions import asked
from chalicelib.jsonsafe import NotJson, load_json
from chalicelib.linkedin.accounts import child_credentials
from chalicelib.linkedin.messages import CopyResume, enqueue
from chalicelib.linkedin.models import get_integration, get_posting
from chalicelib.linkedin.payload import LinkedInApplication, QuestionResponse, clean_text
from chalicelib.linkedin.postings import symbolic_name
from chalicelib.linkedin.signature import MAX_BODY_BYTES, verify
from chalicelib.observability import count, logger

SOURCE = "linkedin"


class Refused(DomainError):
    """A delivery LinkedIn must not retry as it is; answered with LinkedIn's error fields."""

    status = 409
    code = "refused"

    def __init__(self, message: str, error_code: str, status: int = 409, field: str | None = "job_id"):
        super().__init__(message, field=field)
        self.status = status
        self.error_code = error_code

    def body(self) -> dict:
        # The product's one error shape, with the two fields LinkedIn reads from a failed delivery.
        return {**error_body(self.code, self.message, self.field), "errorCode": self.error_code,
                "additionalErrorDetails": self.message}


def application_id_of(urn: str) -> str:
    """Ours, from LinkedIn's: the same delivery always lands on the same item."""
    return "li" + hashlib.sha256(urn.encode()).hexdigest()[:30]


# Deliveries that fail the signature (or are too large to check), per client address and hour,
# before that address gets 429: LinkedIn's own never fail, so this only slows a flood.
UNSIGNED_PER_CLIENT_PER_HOUR = 30


def deliver(company_slug: str, job_id: str, raw: bytes, signature: str | None, client: str = "unknown") -> dict:
    # Refused before any work: a LinkedIn application is small (its resume comes as a URL).
    if len(raw) > MAX_BODY_BYTES:
        count("LinkedInDeliveriesUnauthorized")
        ratelimit.hit("client:linkedin-unsigned", client, UNSIGNED_PER_CLIENT_PER_HOUR, 3600)
        raise PayloadTooLarge(f"a LinkedIn application is at most {MAX_BODY_BYTES} bytes", field="body")
    integration = get_integration(company_slug)
    credentials = child_credentials(company_slug) if integration is not None else None
    # Nothing is read from the body before the signature holds (and an unknown company or a
    # company without a LinkedIn application cannot be told apart from a bad signature).
    if credentials is None or not verify(credentials["client_secret"], raw, signature):
        count("LinkedInDeliveriesUnauthorized")
        # Public write limits for what is not LinkedIn's: 429 once an address keeps failing.
        ratelimit.hit("client:linkedin-unsigned", client, UNSIGNED_PER_CLIENT_PER_HOUR, 3600)
        raise Unauthorized("the X-LI-Signature does not match this body", field="X-LI-Signature")
    try:
        delivery = LinkedInApplication.model_validate(load_json(raw.decode("utf-8")))
    except (NotJson, UnicodeDecodeError, ValueError) as error:
        field, message = "body", "not JSON"
        if isinstance(error, ValidationError):
            invalid = invalid_from(error)
            field, message = invalid.field, invalid.message
        raise Refused(f"{field}: {message}", "INVALID_APPLICATION", status=400, field=field) from None
    if not delivery.questionResponses.contactInformationQuestionResponses.reachable:
        # The one contact field this refuses: nobody could ever reach this applicant.
        raise Refused("no usable contact: neither the email address nor the phone number can be stored",
                      "INVALID_APPLICATION", status=400, field="questionResponses.contactInformationQuestionResponses.email")
    application_id = application_id_of(delivery.jobApplicationId)
    existing = get_application(company_slug, application_id)
    if existing is not None:
        count("DuplicatesSuppressed")
        _copy_resume(existing.company, application_id, delivery, stored_key=existing.resume_key)
        return {"application_id": application_id, "created": False}
    company = load_company(company_slug)
    job = get_job(company.slug, job_id, consistent=True)
    posting = get_posting(company.slug, job_id)
    if job is None:
        raise Refused(f"no job {job_id!r} here", "JOB_NOT_FOUND", status=404)
    if job.status != "published":
        raise Refused(f"the job {job_id!r} is closed", "JOB_CLOSED", status=410)
    if posting is None or not posting.apply_connect or not posting.live:
        raise Refused(f"the job {job_id!r} does not take applications on LinkedIn", "APPLY_CONNECT_DISABLED")
    contact = delivery.questionResponses.contactInformationQuestionResponses
    questions = {q.id: q for q in asked(company.settings, job)}
    resume = delivery.resume
    created = receive(company.slug, ExternalApplication(
        application_id=application_id, job_id=job.job_id, source=SOURCE,
        source_ref={"application_urn": delivery.jobApplicationId,
                    "organization": f"urn:li:organization:{integration.organization_id}" if integration.organization_id else None},
        email=contact.email, first_name=contact.firstName, last_name=contact.lastName,
        phone=contact.phoneNumber, answers=mapped_answers(delivery.responses(), questions),
        resume_file_name=_file_name(resume.fileName) if resume else None,
    ))
    if created:
        logger.info("linkedin application stored", extra={"company": company.slug, "application_id": application_id, "job_id": job.job_id})
    _copy_resume(company.slug, application_id, delivery, stored_key=None)
    return {"application_id": application_id, "created": created}


def _copy_resume(company: str, application_id: str, delivery: LinkedInApplication, stored_key: str | None) -> None:
    """Queued at once (and again on a redelivery while the copy is not done): the URL expires."""
    if delivery.resume is not None and not stored_key:
        enqueue([CopyResume(company=company, application_id=application_id, url=delivery.resume.url)])


def _file_name(name: str | None) -> str:
    cleaned = "".join(c for c in (name or "") if c.isprintable() and c not in '/\\"')
    return cleaned.strip()[:200] or "resume"


def mapped_answers(responses: list[QuestionResponse], questions: dict[str, Question]) -> list[dict]:
    """LinkedIn's answers, as answers to the company's own questions; anything that is not an
    answer to one of this job's questions (or not a valid one) is left out, not guessed at."""
    answers = []
    for response in responses:
        question = questions.get(response.partnerQuestionIdentifier)
        if question is None:
            continue
        value = _value(question, response)
        if value is not None:
            answers.append({"question_id": question.id, "value": value, "shared": True})
    return answers


def _value(question: Question, response: QuestionResponse):
    if question.type == "text":
        return clean_text((response.textQuestionResponse or {}).get("text"), 5000)
    chosen = (response.multipleChoiceQuestionResponse or {}).get("symbolicNames")
    if not isinstance(chosen, list):
        return None
    options = ["Yes", "No"] if question.type == "yes_no" else list(question.options)
    by_name = {symbolic_name(o): o for o in options}
    values = [by_name[name] for name in chosen if isinstance(name, str) and name in by_name]
    if question.type == "yes_no":
        return values[0] == "Yes" if len(values) == 1 else None
    if question.type == "single_choice":
        return values[0] if len(values) == 1 else None
    return list(dict.fromkeys(values)) or None
