"""What matching puts on the notifications queue (composed in emails.py)."""
from __future__ import annotations

from typing import Literal

from chalicelib.notifications.registry import Notification


class JobTip(Notification):
    """A newly published job that matches the candidate's subscription."""

    kind: Literal["job_tip"] = "job_tip"
    candidate_id: str
    job_id: str

    def occasion(self) -> str:
        return self.job_id


class DigestEmail(Notification):
    """The job tips filed for one candidate's digest due at one hour."""

    kind: Literal["digest"] = "digest"
    candidate_id: str
    due_hour: str

    def occasion(self) -> str:
        return self.due_hour
