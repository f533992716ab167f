"""Jobs to LinkedIn (seed 001): publishing, editing and closing a job sends CREATE, UPDATE or
CLOSE to LinkedIn's job postings API, from the jobs table's stream and never inside the request.

The stream only queues `SyncPosting(company, job, version)`; the LinkedIn worker brings the
posting up to the job's *current* version. What was sent is recorded per job (the version, the
operation, the task), so a redelivered stream record or queue message finds the version sent and
posts nothing twice; a newer version supersedes an older message. LinkedIn answers with an
asynchronous task, followed until it succeeds or fails; the outcome, LinkedIn's posting status and
the posting's URL are what `GET /admin/jobs/{id}` shows.
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from pynamodb.exceptions import PutError, UpdateError

from chalicelib.companies.schema import CompanySettings, Question
from chalicelib.companies.service import Company, load_company
from chalicelib.config import get_settings
from chalicelib.db import iso, now
from chalicelib.events import PoisonMessage
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.jobs.questions import asked
from chalicelib.jobs.service import linkedin_choice
from chalicelib.linkedin.client import LinkedInError
from chalicelib.linkedin.accounts import child_client
from chalicelib.linkedin.messages import FollowTask, SyncPosting, enqueue, enqueue_later
from chalicelib.linkedin.models import LinkedInIntegrationItem, LinkedInPostingItem, get_integration, get_posting, posting_sk
from chalicelib.observability import count, logger

# LinkedIn keeps tasks 30 days and says to check again minutes later; a task still running after
# this many checks is shown as failed, with that reason, for a recruiter to publish again.
MAX_TASK_CHECKS = 60
EXTERNAL_ID_MAX = 75
DESCRIPTION_MIN, DESCRIPTION_MAX = 100, 25_000
# LinkedIn's names for work modes (the reference lists the field, not its values: unverified).
WORKPLACE_TYPES = {"remote": "REMOTE", "hybrid": "HYBRID", "onsite": "ON_SITE"}


# -- the stream ---------------------------------------------------------------------------
def handle_job_change(record: DynamoDBRecord) -> None:
    """A new version of a job (a publish, an edit, a close) is a posting to bring up to date.
    Changes that are not a new version (the matcher marking the job announced) send nothing."""
    if record.event_name not in (DynamoDBRecordEventName.INSERT, DynamoDBRecordEventName.MODIFY):
        return
    stream = record.dynamodb
    new = stream.new_image if stream else None
    # (moto writes an UpdateItem that creates an item as two records, the first with the keys only.)
    if not new or new.get("version") is None:
        return
    old = stream.old_image or {}
    if old.get("version") == new["version"]:
        return
    enqueue([SyncPosting(company=new["company"], job_id=new["job_id"], version=int(new["version"]))])


def sync_open_jobs(company: str) -> int:
    """Apply Connect was switched on (every published job goes to LinkedIn) or off (the live
    postings are updated to apply off-site)."""
    jobs = [job for job in JobItem.query(company) if job.status == "published"]
    return enqueue([SyncPosting(company=company, job_id=job.job_id, version=int(job.version)) for job in jobs]) if jobs else 0


# -- the worker ---------------------------------------------------------------------------
def external_id(job_id: str) -> str:
    """LinkedIn's externalJobPostingId (at most 75 characters): the job's id, or a stable digest."""
    return job_id if len(job_id) <= EXTERNAL_ID_MAX else "h-" + hashlib.sha256(job_id.encode()).hexdigest()[:64]


def apply_connect_of(job: JobItem, integration: LinkedInIntegrationItem) -> bool:
    choice = linkedin_choice(job)["apply_connect"]
    return integration.default_apply_connect if choice == "default" else bool(choice)


def sync(message: SyncPosting) -> None:
    integration = get_integration(message.company)
    if integration is None:
        return
    job = get_job(message.company, message.job_id, consistent=True)
    if job is None:
        return
    state = get_posting(message.company, message.job_id)
    live = bool(state and state.live)
    # Apply Connect switched off for the company: its live postings stay on LinkedIn, applied to
    # off-site (the job's apply URL); switched on again, they take applications on LinkedIn again.
    apply_connect = integration.enabled and apply_connect_of(job, integration)
    switched = live and state.apply_connect != apply_connect
    if state is not None and state.synced_version >= int(job.version) and not switched:
        count("DuplicatesSuppressed")
        if state.state == "in_progress" and state.task and state.synced_version == int(job.version):
            _follow_later(message.company, job.job_id, state.task)  # in case the first follow-up was lost
        return  # this version (or a newer one) went out already
    if not integration.enabled and not live:
        return
    operation = ("UPDATE" if live else "CREATE") if job.status == "published" else ("CLOSE" if live else None)
    listing = linkedin_choice(job)["listing"]
    if operation is None:  # a draft or a closed job LinkedIn never had
        _save(state, message.company, job, operation=None, apply_connect=apply_connect, listing=listing, live=False,
              status="not_posted", task=None)
        return
    if listing == "premium" and operation != "CLOSE" and not integration.recruiter_contract_id:
        # LinkedIn's premium listing carries the Recruiter contract (`contract: urn:li:contract:N`);
        # an integration stored with the contract as a flag alone has no id to send.
        reason = ("a premium listing needs the Recruiter contract's id: set recruiter_contract_id "
                  "in PUT /admin/integrations/linkedin, or post the job as basic")
        _save(state, message.company, job, operation=operation, apply_connect=apply_connect, listing=listing, live=live,
              status="failed", task=None, reason=reason)
        raise PoisonMessage(f"{operation} of {job.job_id}: {reason}")
    company = load_company(message.company)
    element = posting_element(company, job, integration, operation, apply_connect)
    try:
        task = child_client(company.slug).post_jobs([element])[0]
    except LinkedInError as error:
        if error.retryable:
            raise
        _save(state, company.slug, job, operation=operation, apply_connect=apply_connect, listing=listing, live=live,
              status="failed", task=None, reason=f"LinkedIn refused the posting ({error.status}): {error.message}")
        raise PoisonMessage(f"LinkedIn refused the {operation} of {job.job_id} ({error.status}): {error.message}") from None
    # Live from the moment LinkedIn accepted the task: an edit meanwhile is an UPDATE, not a second CREATE.
    saved = _save(state, company.slug, job, operation=operation, apply_connect=apply_connect, listing=listing,
                  live=operation != "CLOSE", status="in_progress", task=task)
    count("LinkedInPostings")
    logger.info("linkedin posting sent", extra={"company": company.slug, "job_id": job.job_id, "operation": operation,
                                                "version": int(job.version), "recorded": saved})
    _follow_later(company.slug, job.job_id, task)


def _follow_later(company: str, job_id: str, task: str, checks: int = 0) -> None:
    """LinkedIn's task is checked in a message of its own (one call per message, retried alone)."""
    enqueue_later(FollowTask(company=company, job_id=job_id, task=task, checks=checks), get_settings().linkedin_task_poll_seconds)


def _save(state: LinkedInPostingItem | None, company: str, job: JobItem, *, operation: str | None, apply_connect: bool,
          listing: str, live: bool, status: str, task: str | None, reason: str | None = None) -> bool:
    """Record what was sent for this version, unless a newer version was recorded meanwhile."""
    item = LinkedInPostingItem(
        company=company, sk=posting_sk(job.job_id), job_id=job.job_id, synced_version=int(job.version),
        operation=operation, apply_connect=apply_connect, listing=listing, live=live, state=status, task=task,
        reason=reason, listing_status=state.listing_status if state else None,
        apply_status=state.apply_status if state else None, posting_url=state.posting_url if state else None,
        updated_at=now(),
    )
    version = int(job.version)
    newer = LinkedInPostingItem.synced_version < version
    switched = (LinkedInPostingItem.synced_version == version) & (LinkedInPostingItem.apply_connect != apply_connect)
    try:
        item.save(condition=LinkedInPostingItem.sk.does_not_exist() | newer | switched)
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def follow(message: FollowTask) -> None:
    state = get_posting(message.company, message.job_id)
    if state is None or state.task != message.task:
        return  # superseded by a newer version's task
    client = child_client(message.company)
    try:
        result = client.tasks([message.task]).get(message.task) or {}
    except LinkedInError as error:
        if not error.retryable:  # shown on the job, and parked with the reason by the worker
            _finish_task(state, message.task, "failed", state.live, f"LinkedIn refused the task check ({error.status}): {error.message}")
        raise
    status = str(result.get("status", "IN_PROGRESS"))
    if status == "IN_PROGRESS":
        if message.checks + 1 >= MAX_TASK_CHECKS:
            _finish_task(state, message.task, "failed", state.live,
                         f"LinkedIn's task was still in progress after {MAX_TASK_CHECKS} checks")
            return
        _follow_later(message.company, message.job_id, message.task, message.checks + 1)
        return
    if status == "FAILED":
        reason = str(result.get("message") or result.get("failureReason") or "LinkedIn's task failed")[:500]
        # A failed CREATE leaves nothing on LinkedIn; a failed UPDATE or CLOSE leaves the posting as it was.
        _finish_task(state, message.task, "failed", state.operation != "CREATE", reason)
        count("LinkedInPostingsFailed")
        logger.warning("linkedin posting task failed", extra={"company": message.company, "job_id": message.job_id})
        return
    posting = client.posting_status([external_id(message.job_id)]).get(external_id(message.job_id)) or {}
    _finish_task(state, message.task, "closed" if state.operation == "CLOSE" else "posted", state.operation != "CLOSE", None,
                 listing_status=posting.get("listingStatus"), apply_status=posting.get("linkedInApplyStatus"),
                 posting_url=posting.get("jobPostingUrl"))


def _finish_task(item: LinkedInPostingItem, task: str, outcome: str, live: bool, reason: str | None, **status: str | None) -> None:
    """The task's outcome, recorded only while it is still the posting's current task."""
    actions = [LinkedInPostingItem.state.set(outcome), LinkedInPostingItem.live.set(live), LinkedInPostingItem.updated_at.set(now())]
    actions.append(LinkedInPostingItem.reason.set(reason) if reason else LinkedInPostingItem.reason.remove())
    for name, value in status.items():
        if value is not None:
            actions.append(getattr(LinkedInPostingItem, name).set(str(value)))
    try:
        item.update(actions=actions, condition=LinkedInPostingItem.task == task)
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


# -- what is sent -----------------------------------------------------------------------
def posting_element(company: Company, job: JobItem, integration: LinkedInIntegrationItem, operation: str,
                    apply_connect: bool) -> dict:
    settings = company.settings
    listed = job.first_published_at or job.created_at
    element = {
        "externalJobPostingId": external_id(job.job_id),
        "jobPostingOperationType": operation,
        "title": job.title[:200],
        "description": description_of(company, job),
        "listedAt": int(listed.timestamp() * 1000) if isinstance(listed, datetime) else int(now().timestamp() * 1000),
        "location": ", ".join(settings.location_name(loc) for loc in job.locations or []) or "Remote",
        "companyApplyUrl": job.apply_url,
        "integrationContext": f"urn:li:organization:{integration.organization_id}",
        "listingType": linkedin_choice(job)["listing"].upper(),
        "availability": "PUBLIC",
        "workplaceTypes": [WORKPLACE_TYPES.get(job.work_mode, "ON_SITE")],
    }
    if element["listingType"] == "PREMIUM" and integration.recruiter_contract_id:
        element["contract"] = integration.recruiter_contract_id  # LinkedIn's upgrade guide
    if apply_connect:
        element["onsiteApplyConfiguration"] = {
            "jobApplicationWebhookUrl": webhook_url(company.slug, job.job_id),
            "questions": {
                "resumeQuestions": {"required": integration.resume_required},
                "additionalQuestions": {"customQuestionSets": [
                    {"questions": [question_element(q) for q in asked(settings, job)]}
                ]},
            },
        }
    return element


def webhook_url(company: str, job_id: str) -> str:
    from urllib.parse import quote

    return f"{get_settings().public_api_url.rstrip('/')}/linkedin/webhook/{quote(company, safe='')}/jobs/{quote(job_id, safe='')}"


def description_of(company: Company, job: JobItem) -> str:
    """LinkedIn takes 100 to 25,000 characters; a short description is completed with the facts
    of the job rather than refused."""
    text = (job.description or "").strip()
    if len(text) < DESCRIPTION_MIN:
        settings: CompanySettings = company.settings
        department = settings.department(job.department)
        facts = [f"{job.title} at {company.name}", f"Department: {department.name if department else job.department}",
                 f"Work mode: {job.work_mode}"]
        if job.locations:
            facts.append("Location: " + ", ".join(settings.location_name(loc) for loc in job.locations))
        facts.append(f"Apply: {job.apply_url}")
        text = "\n\n".join(part for part in (text, ". ".join(facts) + ".") if part)
    return text[:DESCRIPTION_MAX]


def symbolic_name(option: str) -> str:
    """A choice's stable name: from its text, so reordering the options changes nothing."""
    return "o" + hashlib.sha256(option.encode()).hexdigest()[:16]


def question_element(question: Question) -> dict:
    """One of the company's questions as LinkedIn asks it; its id is the partnerQuestionIdentifier
    (stable, and unique within the job because question ids are unique in the company)."""
    element = {"partnerQuestionIdentifier": question.id, "questionText": question.text, "required": question.required}
    if question.type == "text":
        element["questionDetails"] = {"textQuestionDetails": {"maxLength": 5000}}
    else:
        options = ["Yes", "No"] if question.type == "yes_no" else list(question.options)
        element["questionDetails"] = {"multipleChoiceQuestionDetails": {
            "selectMultiple": question.type == "multiple_choice",
            "choices": [{"symbolicName": symbolic_name(o), "displayValue": o} for o in options],
        }}
    return element


# -- what the hiring team sees ------------------------------------------------------------
def posting_view(job: JobItem) -> dict:
    integration = get_integration(job.company)
    state = get_posting(job.company, job.job_id)
    enabled = bool(integration and integration.enabled)
    view = {**linkedin_choice(job), "effective_apply_connect": apply_connect_of(job, integration) if enabled else None,
            "posting": None}
    if state is not None:
        view["posting"] = {
            "state": state.state, "operation": state.operation, "version": int(state.synced_version),
            "apply_connect": state.apply_connect, "listing": state.listing,
            "listing_status": state.listing_status, "apply_status": state.apply_status,
            "posting_url": state.posting_url, "failure_reason": state.reason, "updated_at": iso(state.updated_at),
        }
    return view

