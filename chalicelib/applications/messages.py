"""What applications put on the notifications queue (composed in emails.py)."""
from __future__ import annotations

from typing import Literal

from chalicelib.notifications.registry import Notification


class RejectionEmail(Notification):
    kind: Literal["rejection"] = "rejection"
    application_id: str
    rejected_at: str  # which decision this notice is for: a later re-rejection is a new notice

    def subject_id(self) -> str:
        return self.application_id

    def occasion(self) -> str:
        return self.rejected_at


class ApplicationReceiptEmail(Notification):
    """The applicant is told their application arrived, what happens next and when they will hear."""

    kind: Literal["application_receipt"] = "application_receipt"
    application_id: str

    def subject_id(self) -> str:
        return self.application_id

    def occasion(self) -> str:
        return "received"  # one receipt per application, however often its arrival is reported


class ApplicationLinkEmail(Notification):
    """Someone applied with a connected candidate's address: ask its owner whether the
    application is theirs (the link adds it to their dashboard)."""

    kind: Literal["application_link"] = "application_link"
    candidate_id: str
    application_id: str
    change_id: str

    def occasion(self) -> str:
        return self.change_id


class PromiseUpdateEmail(Notification):
    """The company's promise passed with no decision: the candidate hears the truth (nothing is
    decided yet) and when they will hear next (applications/promise.py)."""

    kind: Literal["promise_update"] = "promise_update"
    application_id: str
    number: int  # the application's first, second, ... update: one email each, however often queued
    until: str  # when they will hear from the company at the latest (the next update)

    def subject_id(self) -> str:
        return self.application_id

    def occasion(self) -> str:
        return f"update-{self.number}"


class _StatusEmail(Notification):
    """The application entered a status the company announces (off by default, per status)."""

    application_id: str
    entered_at: str  # which entry: one email per entry into the status

    def subject_id(self) -> str:
        return self.application_id

    def occasion(self) -> str:
        return self.entered_at


class ShortlistedEmail(_StatusEmail):
    kind: Literal["status_shortlisted"] = "status_shortlisted"


class InterviewEmail(_StatusEmail):
    kind: Literal["status_interview"] = "status_interview"


class OfferEmail(_StatusEmail):
    kind: Literal["status_offer"] = "status_offer"


STATUS_EMAILS = {"shortlisted": ShortlistedEmail, "interview": InterviewEmail, "offer": OfferEmail}
