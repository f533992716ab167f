"""The team's own emails: an invitation to the console, and a sign-in link. In the member's
language; the links are minted when the email is composed (no token travels on the queue)."""
from __future__ import annotations

from pathlib import Path

from chalicelib.companies.mail import SAMPLE_COMPANY, company_of, email
from chalicelib.notifications.registry import Done, Email, register
from chalicelib.team import roles
from chalicelib.team.messages import MemberInvitationEmail, MemberSignInEmail
from chalicelib.team.models import get_member
from chalicelib.team.service import INVITATION_DAYS, SIGN_IN_MINUTES, console_url, invitation_link, sign_in_link

TEMPLATES = Path(__file__).with_name("email_templates")


def _context(company, member) -> dict:
    return {"company": {"slug": company.slug, "name": company.name},
            "member": {"name": member.name or member.email, "email": member.email,
                       "role": roles.ROLE_NAMES.get(member.role, member.role)}}


def compose_invitation(notification: MemberInvitationEmail) -> Email | Done:
    company = company_of(notification.company)
    member = get_member(company.slug, notification.member_id)
    if member is None or member.state != "invited" or member.invitation_id != notification.invitation:
        return Done("the invitation was replaced, accepted or withdrawn")
    return email(company, "member_invitation", member.email, {
        **_context(company, member), "invited_by": member.invited_by or company.name,
        "invitation_url": invitation_link(company.slug, member.member_id, notification.invitation), "days": INVITATION_DAYS,
    }, language=member.language, about={"member_id": member.member_id}, preferences_url=console_url(company.slug, "notifications"))


def compose_sign_in(notification: MemberSignInEmail) -> Email | Done:
    company = company_of(notification.company)
    member = get_member(company.slug, notification.member_id)
    if member is None or member.state == "removed":
        return Done("no longer a member")
    return email(company, "member_sign_in", member.email, {
        **_context(company, member), "sign_in_url": sign_in_link(company.slug, member.member_id), "minutes": SIGN_IN_MINUTES,
    }, language=member.language, about={"member_id": member.member_id}, preferences_url=console_url(company.slug, "notifications"))


_SAMPLE = {"company": SAMPLE_COMPANY, "member": {"name": "Grace Hopper", "email": "grace@example.com", "role": "Recruiter"}}
register(MemberInvitationEmail, compose_invitation, TEMPLATES, {
    **_SAMPLE, "invited_by": "Ada Lovelace", "invitation_url": "https://api.example.com/console/acme/invitation?token=sample",
    "days": INVITATION_DAYS})
register(MemberSignInEmail, compose_sign_in, TEMPLATES, {
    **_SAMPLE, "sign_in_url": "https://api.example.com/console/acme/sign-in/link?token=sample", "minutes": SIGN_IN_MINUTES})
