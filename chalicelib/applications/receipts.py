"""The application receipt: everyone who applies on the career site hears that it arrived, what
happens next and when (the company's `response_days`, in working days).

It follows the application's "applied" event on the applications table's stream, never the
request (the applicant's answer does not wait for email). Applications from a job board are left
to the board, which tells its own applicants (LinkedIn does). The stream delivers at least once:
the receipt's idempotency key is the application (messages.ApplicationReceiptEmail), so however
often the event arrives the applicant gets one receipt.
"""
from __future__ import annotations

from chalicelib.applications.history import HistoryEvent
from chalicelib.applications.messages import ApplicationReceiptEmail
from chalicelib.notifications.messages import enqueue

CAREER_SITE = "career_site"  # ApplicationItem.source of an application made on the career site


def after_applied(event: HistoryEvent) -> None:
    if event.source == CAREER_SITE:
        enqueue([ApplicationReceiptEmail(company=event.company, application_id=event.application_id)])
