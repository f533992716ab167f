"""Consent that lapses: companies may limit how long a candidate's consent lasts.

Shortly before it lapses the candidate gets a renewal email; following its link renews it
(POST /auth/session). After it lapses no job tips or digests go out until it is renewed.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.candidates.models import CANDIDATE_PREFIX, CandidateItem, get_candidate
from chalicelib.candidates.messages import ConsentRenewalEmail
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count

RENEWAL_NOTICE_DAYS = 14


def enqueue_renewal_reminders(at: datetime) -> int:
    """Reads only candidates whose consent lapses in the next two weeks (a sparse index by day)."""
    reminders = []
    for offset in range(RENEWAL_NOTICE_DAYS + 1):
        day = (at + timedelta(days=offset)).date().isoformat()
        for key in CandidateItem.by_consent_expiry.query(day):
            candidate = get_candidate(key.company, key.sk.removeprefix(CANDIDATE_PREFIX))
            if candidate and candidate.renewal_sent_at is None and candidate.consent_expires_at and candidate.consent_expires_at > at:
                reminders.append(ConsentRenewalEmail(company=candidate.company, candidate_id=candidate.candidate_id, expiry_day=day))
    enqueue(reminders)
    count("ConsentRenewalsDue", len(reminders))
    return len(reminders)
