from __future__ import annotations

from typing import Literal

from chalicelib.notifications.registry import Notification


class MemberInvitationEmail(Notification):
    """An admin invited someone: the link (single use, seven days) is minted when the email is
    composed and its hash kept on the member, so a re-invitation replaces it."""

    kind: Literal["member_invitation"] = "member_invitation"
    member_id: str
    invitation: str  # the invitation's id (a re-invitation is another email)

    def subject_id(self) -> str:
        return self.member_id

    def occasion(self) -> str:
        return self.invitation


class MemberSignInEmail(Notification):
    kind: Literal["member_sign_in"] = "member_sign_in"
    member_id: str
    requested_at: str

    def subject_id(self) -> str:
        return self.member_id

    def occasion(self) -> str:
        return self.requested_at


class NewApplicationEmail(Notification):
    """Someone applied to a job of this member's (they chose an email for each application)."""

    kind: Literal["new_application"] = "new_application"
    member_id: str
    application_id: str

    def subject_id(self) -> str:
        return self.application_id

    def occasion(self) -> str:
        # One email per (member, application), however often the stream delivers the record.
        return self.member_id


class TeamDigestEmail(Notification):
    """A member's daily digest of their jobs' new applications: one per member and company day."""

    kind: Literal["team_digest"] = "team_digest"
    member_id: str
    day: str  # the company's calendar day (YYYY-MM-DD in its time zone)
    until: str  # the rule's time: the digest lists applications up to here

    def subject_id(self) -> str:
        return self.member_id

    def occasion(self) -> str:
        return self.day


class OverdueDigestEmail(Notification):
    """A member of the job's team: these applications just passed their status's target (composed
    by applications/emails.py, which knows applications; the team's emails are the team's messages)."""

    kind: Literal["overdue_digest"] = "overdue_digest"
    member_id: str
    day: str  # the company's calendar day of the rule
    breaches: list[dict]  # {"application_id", "status", "since"}: one breach each
    fingerprint: str  # of the breaches listed: a re-run with the same ones is the same email
    at: str  # the rule's time: how far past each target is, as of then

    def subject_id(self) -> str:
        return self.member_id

    def occasion(self) -> str:
        return f"{self.day}#{self.fingerprint}"
