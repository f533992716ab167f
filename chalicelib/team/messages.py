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
