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
    if candidate is None or candidate.confirmed_at is None:
        return "candidate is gone or unconfirmed"
    if candidate.consent_expires_at is not None and candidate.consent_expires_at <= now():
        return "consent has lapsed"
    subscription = Subscription.from_dict(candidate.subscription)
    if subscription.paused or not matches(subscription, posting_of(job), catalogue(company.settings)):
        return "subscription no longer matches"
    return None
