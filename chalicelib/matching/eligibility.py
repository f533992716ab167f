"""Would this candidate be told about this job now? One answer for sending and for counting."""
from __future__ import annotations

from chalicelib.candidates.models import CandidateItem
from chalicelib.companies.service import Company
from chalicelib.db import now
from chalicelib.jobs.models import JobItem
from chalicelib.matching.announce import posting_of
from chalicelib.subscriptions.rules import Subscription, matches
from chalicelib.subscriptions.service import catalogue


def why_not(company: Company, candidate: CandidateItem | None, job: JobItem | None, as_if_published: bool = False) -> str | None:
    """None when the candidate should get the job; otherwise the reason they should not."""
    if job is None or (job.status != "published" and not as_if_published):
        return "job is no longer published"
    refusal = why_no_job_tips(candidate)
    if refusal:
        return refusal
    subscription = Subscription.from_dict(candidate.subscription)
    if not matches(subscription, posting_of(job), catalogue(company.settings)):
        return "subscription no longer matches"
    return None


def why_no_job_tips(candidate: CandidateItem | None) -> str | None:
    """None when the candidate gets job tips at all (whatever the job); otherwise why not.
    Anything that promises job tips (the rejection email) asks this, so it never promises them
    to someone who unsubscribed, paused, never confirmed or let consent lapse."""
    if candidate is None or candidate.confirmed_at is None:
        return "candidate is gone or unconfirmed"
    if candidate.consent_expires_at is not None and candidate.consent_expires_at <= now():
        return "consent has lapsed"
    if candidate.unsubscribed_at is not None or Subscription.from_dict(candidate.subscription).paused:
        return "subscription is paused"
    return None
