"""Job tips, instant or gathered into a daily or weekly digest.

Before a job tip goes out, the job and the candidate are checked again: between matching and
sending, the job may have closed or the candidate may have changed their mind. The job and the
company are read once per batch (a posting's tips arrive together), the candidate per email.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chalicelib.candidates.links import list_links
from chalicelib.candidates.models import CandidateItem, get_candidate
from chalicelib.companies.mail import SAMPLE_CANDIDATE, SAMPLE_COMPANY, company_of, email, greeting
from chalicelib.companies.service import Company
from chalicelib.jobs.excerpt import excerpt
from chalicelib.jobs.models import JobItem, get_job
from chalicelib.matching.announce import posting_of
from chalicelib.matching.digests import clear, defer, file_for_digest, pending_in
from chalicelib.matching.eligibility import why_not
from chalicelib.matching.messages import DigestEmail, JobTip
from chalicelib.notifications import batch
from chalicelib.notifications.registry import JOB_TIPS, Done, Email, register
from chalicelib.observability import logger
from chalicelib.subscriptions.rules import Names, Subscription, reason, reason_parts

TEMPLATES = Path(__file__).with_name("email_templates")
FILED = "filed_for_digest"


def _job(company: str, job_id: str) -> JobItem | None:
    return batch.once(("job", company, job_id), lambda: get_job(company, job_id, consistent=True))


def compose_job_tip(notification: JobTip) -> Email | Done:
    company = company_of(notification.company)
    job = _job(company.slug, notification.job_id)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    refusal = why_not(company, candidate, job)
    if refusal:
        return Done(refusal)
    subscription = Subscription.from_dict(candidate.subscription)
    if subscription.frequency != "instant":
        due = file_for_digest(company.slug, candidate.candidate_id, job.job_id, subscription.frequency,
                              candidate.timezone or company.settings.timezone)
        logger.info("job tip filed for digest", extra={"company": company.slug, "candidate_id": candidate.candidate_id, "job_id": job.job_id, "due_hour": due})
        return Done(f"filed for the digest due {due}", outcome=FILED)
    names = Names(company.settings.localized(candidate.language))  # the company's names in the email's language
    posting = posting_of(job)
    # Over the person's cap an instant job tip is skipped (no defer): they chose no digest.
    return _list_email(company, candidate, "job_tip", {
        "job": job_context(job, names),
        "reason": reason(subscription, posting, names),
        "why": reason_parts(subscription, posting, names),
    }, counted_in=(f"department#{job.department}",))


def compose_digest(notification: DigestEmail) -> Email | Done:
    company = company_of(notification.company)
    pending = pending_in(notification.due_hour, company.slug, notification.candidate_id)
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    jobs = [_job(company.slug, p.job_id) for p in pending]
    wanted = [job for job in jobs if why_not(company, candidate, job) is None]
    if not wanted:
        clear(pending)
        return Done("nothing left to send")
    names = Names(company.settings.localized(candidate.language))  # the company's names in the email's language
    frequency = Subscription.from_dict(candidate.subscription).frequency
    tz = candidate.timezone or company.settings.timezone
    # Over the person's cap the digest waits for their next one (notifications/categories.py).
    return _list_email(company, candidate, "digest", {"jobs": [job_context(job, names) for job in wanted], "frequency": frequency},
                       after_sending=lambda: clear(pending), defer=lambda: defer(pending, frequency, tz),
                       counted_in=tuple(f"department#{d}" for d in dict.fromkeys(job.department for job in wanted)))


def _list_email(company: Company, candidate: CandidateItem, kind: str, context: dict, after_sending=None, defer=None,
                counted_in: tuple[str, ...] = ()) -> Email:
    links = list_links(company.slug, candidate.candidate_id, candidate.email)
    composed = email(company, kind, candidate.email,
                     {**greeting(company, candidate.first_name, candidate.last_name), **links["context"], **context},
                     language=candidate.language, headers=links["headers"], about={"candidate_id": candidate.candidate_id},
                     after_sending=after_sending, unsubscribe_url=links["context"]["unsubscribe_url"])
    return replace(composed, defer=defer, counted_in=counted_in)


def job_context(job: JobItem, names: Names) -> dict:
    return {
        "id": job.job_id,
        "title": job.title,
        "department": names.department(job.department),
        "role": names.role(job.role),
        "locations": [names.location(loc) for loc in job.locations or []],
        "work_mode": names.work_mode(job.work_mode),
        "work_mode_id": job.work_mode,  # remote | hybrid | onsite, for templates in other languages
        "excerpt": excerpt(job.description),
        "apply_url": job.apply_url,
    }


_LIST_SAMPLE = {
    "company": SAMPLE_COMPANY,
    "candidate": SAMPLE_CANDIDATE,
    "unsubscribe_url": "https://api.example.com/unsubscribe?token=sample",
    "erase_url": "https://api.example.com/erase?token=sample",
}
_SAMPLE_JOB = {"title": "Account Executive", "department": "Sales", "role": "Account Executive", "locations": ["London"],
               "work_mode": "Hybrid", "work_mode_id": "hybrid",
               "excerpt": "Help growing companies find the tools they need, from the first call to the signed deal.",
               "apply_url": "https://careers.example.com/jobs/1"}
register(JobTip, compose_job_tip, TEMPLATES, {
    **_LIST_SAMPLE,
    "job": _SAMPLE_JOB,
    "reason": "you follow Sales (Account Executive) in London",
    "why": {"department": "Sales", "role": "Account Executive", "locations": ["London"], "work_modes": ["hybrid"]},
}, category=JOB_TIPS)
register(DigestEmail, compose_digest, TEMPLATES, {**_LIST_SAMPLE, "jobs": [_SAMPLE_JOB], "frequency": "weekly"}, category=JOB_TIPS)
