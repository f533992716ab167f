"""The team's use cases: invite, accept, sign in by emailed link, sessions, roles, removal,
assignments to jobs and each member's notification choice. The console's screens, the JSON
routes under /admin/members and the CLI call these."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal
from urllib.parse import urlencode

from chalicelib import ratelimit
from chalicelib.api import validate
from chalicelib.auth import tokens
from chalicelib.config import get_settings
from chalicelib.db import iso, now
from chalicelib.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from chalicelib.schema import Email, Line, Strict
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor
from chalicelib.team.models import MEMBER_PREFIX, MemberItem, get_member, members_of

INVITE = "member_invite"
SIGN_IN = "member_sign_in"
SESSION = "member_session"
INVITATION_DAYS = 7
SIGN_IN_MINUTES = 30
SESSION_HOURS = 12  # absolute: a session ends this long after sign-in, used or not
IDLE_MINUTES = 30
SIGN_INS_PER_ADDRESS_PER_HOUR = 5
NOTIFICATIONS = ("each", "daily", "none")


class NewMember(Strict):
    email: Email
    name: Line(120, min_length=0) = ""
    role: Literal[roles.ROLES]  # type: ignore[valid-type]
    language: Literal["en", "sv"] = "en"


class MemberChange(Strict):
    role: Literal[roles.ROLES] | None = None  # type: ignore[valid-type]
    name: Line(120) | None = None
    language: Literal["en", "sv"] | None = None


class NotificationChoice(Strict):
    notifications: Literal[NOTIFICATIONS]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Session:
    """A signed-in member: the opaque token for the cookie, and who they are."""

    token: str
    member: MemberItem
    max_age: int


def _subject(member_id: str) -> str:
    # Tokens name their subject in `candidate_id`; a member's is marked so it can never be a candidate's.
    return f"member:{member_id}"


def member_view(item: MemberItem) -> dict:
    expired = item.state == "invited" and item.invitation_expires_at is not None and item.invitation_expires_at <= now()
    return {
        "id": item.member_id, "email": item.email, "name": item.name, "role": item.role, "language": item.language,
        "state": "expired" if expired else item.state, "invited_at": iso(item.invited_at), "invited_by": item.invited_by,
        "invitation_expires_at": iso(item.invitation_expires_at) if item.state == "invited" else None,
        "joined_at": iso(item.joined_at), "removed_at": iso(item.removed_at), "last_signed_in_at": iso(item.last_signed_in_at),
        "jobs": sorted(item.jobs or []), "notifications": item.notifications,
    }


def actor_of(member: MemberItem) -> Actor:
    return Actor(company=member.company, kind="member", id=member.member_id, name=member.name or member.email,
                 role=member.role, jobs=frozenset(member.jobs or ()), email=member.email, language=member.language or "en")


def list_members(actor: Actor, include_removed: bool = False) -> list[dict]:
    """Everyone on the team sees who is on it (to assign and to read the history); only admins change it."""
    return [member_view(m) for m in sorted(members_of(actor.company), key=lambda m: (m.state == "removed", (m.name or m.email).lower()))
            if include_removed or m.state != "removed"]


def _by_email(company: str, email: str) -> MemberItem | None:
    return next((m for m in members_of(company) if m.email == email and m.state != "removed"), None)


def invite(actor: Actor, data: dict, send: bool = True) -> dict:
    """A new member, or a fresh invitation for one not yet joined (the old link stops working)."""
    actor.require(roles.TEAM)
    request = validate(NewMember, data)
    existing = _by_email(actor.company, request.email)
    if existing is not None and existing.state == "active":
        raise Conflict("this address is already a member of the team", field="email")
    moment = now()
    invitation = uuid.uuid4().hex
    member = existing or MemberItem(company=actor.company, sk=MEMBER_PREFIX + uuid.uuid4().hex[:16], email=request.email)
    if existing is None:
        member.member_id = member.sk.removeprefix(MEMBER_PREFIX)
    member.name = request.name or member.name or ""
    member.role = request.role
    member.language = request.language
    member.state = "invited"
    member.invited_at = moment
    member.invited_by = actor.name
    member.invitation_expires_at = moment + timedelta(days=INVITATION_DAYS)
    member.invitation_id = invitation
    member.save()
    # Only the newest invitation's link works: the tokens of earlier ones are deleted now.
    tokens.revoke_all(actor.company, _subject(member.member_id), purposes=(INVITE,))
    audit.record(actor, "member", member.member_id, "member_invited", role=request.role)
    if send:
        from chalicelib.notifications.messages import enqueue
        from chalicelib.team.messages import MemberInvitationEmail

        enqueue([MemberInvitationEmail(company=actor.company, member_id=member.member_id, invitation=invitation)])
    return member_view(member)


def reinvite(actor: Actor, member_id: str) -> dict:
    member = get_member(actor.company, member_id)
    if member is None or member.state == "removed":
        raise NotFound("no such member", field="member_id")
    return invite(actor, {"email": member.email, "name": member.name, "role": member.role, "language": member.language})


def _current_invitation(company: str, member_id: str) -> str | None:
    member = get_member(company, member_id)
    return member.invitation_id if member else None


def console_url(company: str, page: str = "", **query: str) -> str:
    from urllib.parse import quote

    base = f"{get_settings().public_api_url}/console/{quote(company, safe='')}/{page}"
    return f"{base}?{urlencode(query)}" if query else base


def invitation_link(company: str, member_id: str, invitation: str | None = None) -> str:
    """A fresh single-use link for the member's current invitation (the email's, or the CLI's)."""
    member = get_member(company, member_id)
    invitation = invitation or _current_invitation(company, member_id)
    if member is None or member.state != "invited" or invitation is None:
        raise NotFound("no open invitation for this member", field="member_id")
    lifetime = max(member.invitation_expires_at - now(), timedelta(minutes=1))
    token = tokens.issue(company, _subject(member_id), INVITE, lifetime, change=invitation)
    return console_url(company, "invitation", token=token)


def invitation_for(token: str | None) -> MemberItem:
    """The member a live invitation link is for (the page says who is invited as what)."""
    subject = tokens.peek(token, INVITE)
    member = _invited(subject)
    return member


def _invited(subject) -> MemberItem:
    if subject is None:
        raise Unauthorized("this invitation link is not valid any more; ask an admin to invite you again", field="token")
    member = get_member(subject.company, subject.candidate_id.removeprefix("member:"))
    if (member is None or member.state != "invited" or subject.change != _current_invitation(subject.company, member.member_id)
            or (member.invitation_expires_at and member.invitation_expires_at <= now())):
        raise Unauthorized("this invitation link is not valid any more; ask an admin to invite you again", field="token")
    return member


def accept_invitation(token: str | None, name: str | None = None) -> Session:
    member = _invited(tokens.peek(token, INVITE))
    tokens.redeem(token, INVITE)
    actions = [MemberItem.state.set("active"), MemberItem.joined_at.set(now()), MemberItem.invitation_expires_at.remove()]
    if name and name.strip():
        actions.append(MemberItem.name.set(validate(MemberChange, {"name": name}).name))
    member.update(actions=actions)
    return _start_session(member)


def request_sign_in(company: str, email: str) -> None:
    """The same answer whoever asks: only a member's address gets a link, nobody learns who is one."""
    from chalicelib.companies.service import load_company
    from chalicelib.schema import email_address

    load_company(company)
    try:
        address = email_address(email or "")
    except ValueError as problem:
        raise InvalidInput(str(problem) or "enter a valid email address", field="email") from None
    ratelimit.hit("member-sign-in", f"{company}#{address}", SIGN_INS_PER_ADDRESS_PER_HOUR, 3600)
    member = _by_email(company, address)
    if member is None or not _may_sign_in(member):
        return
    from chalicelib.notifications.messages import enqueue
    from chalicelib.team.messages import MemberSignInEmail

    enqueue([MemberSignInEmail(company=company, member_id=member.member_id, requested_at=iso(now()))])


def _may_sign_in(member: MemberItem) -> bool:
    if member.state == "active":
        return True
    return member.state == "invited" and member.invitation_expires_at is not None and member.invitation_expires_at > now()


def sign_in_link(company: str, member_id: str, lifetime: timedelta = timedelta(minutes=SIGN_IN_MINUTES)) -> str:
    """A single-use sign-in link (the emailed one; `make run` prints the demo admin's, longer-lived)."""
    token = tokens.issue(company, _subject(member_id), SIGN_IN, lifetime)
    return console_url(company, "sign-in/link", token=token)


def sign_in_for(token: str | None) -> MemberItem:
    subject = tokens.peek(token, SIGN_IN)
    member = get_member(subject.company, subject.candidate_id.removeprefix("member:")) if subject else None
    if member is None or not _may_sign_in(member):
        raise Unauthorized("this sign-in link is not valid any more; ask for a new one", field="token")
    return member


def redeem_sign_in(token: str | None) -> Session:
    member = sign_in_for(token)
    tokens.redeem(token, SIGN_IN)
    if member.state == "invited":
        # An emailed link proves the address as well as the invitation's does.
        member.update(actions=[MemberItem.state.set("active"), MemberItem.joined_at.set(now()),
                               MemberItem.invitation_expires_at.remove()])
    return _start_session(member)


def sign_in_verified(company: str, email: str) -> Session:
    """The company's workspace OpenID provider proved this address: a member's gets a session."""
    member = _by_email(company, email)
    if member is None or not _may_sign_in(member):
        raise Forbidden("this address is not a member of the team; ask an admin to invite you", field="email")
    if member.state == "invited":
        member.update(actions=[MemberItem.state.set("active"), MemberItem.joined_at.set(now()),
                               MemberItem.invitation_expires_at.remove()])
    return _start_session(member)


def _start_session(member: MemberItem) -> Session:
    token = tokens.issue(member.company, _subject(member.member_id), SESSION, timedelta(hours=SESSION_HOURS))
    member.update(actions=[MemberItem.last_signed_in_at.set(now())])
    member.refresh(consistent_read=True)
    return Session(token, member, SESSION_HOURS * 3600)


def authenticate(company: str, token: str | None) -> Actor:
    """The member a console session belongs to, re-read on every request: a removed member or a
    changed role takes effect at once."""
    subject = tokens.authenticate_idle(token, SESSION, timedelta(minutes=IDLE_MINUTES))
    if subject.company != company:
        raise Unauthorized("this session belongs to another company", field="session")
    member = get_member(company, subject.candidate_id.removeprefix("member:"))
    if member is None or member.state != "active":
        tokens.revoke(token)
        raise Unauthorized("you are no longer a member of this team", field="session")
    return actor_of(member)


def sign_out(token: str | None) -> None:
    tokens.revoke(token)


def _member_or_404(actor: Actor, member_id: str) -> MemberItem:
    member = get_member(actor.company, member_id)
    if member is None or member.state == "removed":
        raise NotFound("no such member", field="member_id")
    return member


def change_member(actor: Actor, member_id: str, data: dict) -> dict:
    actor.require(roles.TEAM)
    change = validate(MemberChange, data)
    member = _member_or_404(actor, member_id)
    if change.role and change.role != "admin" and member.role == "admin":
        _keep_an_admin(actor.company, member_id)
    actions = [getattr(MemberItem, name).set(value) for name, value in change.model_dump(exclude_none=True).items()]
    if actions:
        member.update(actions=actions)
        audit.record(actor, "member", member_id, "member_changed", **change.model_dump(exclude_none=True))
    return member_view(member)


def remove_member(actor: Actor, member_id: str) -> dict:
    """Gone at once: every session and link of theirs is deleted; the audit keeps their name."""
    actor.require(roles.TEAM)
    member = _member_or_404(actor, member_id)
    if member.role == "admin" and member.state == "active":
        _keep_an_admin(actor.company, member_id)
    member.update(actions=[MemberItem.state.set("removed"), MemberItem.removed_at.set(now())])
    tokens.revoke_all(actor.company, _subject(member_id))
    from chalicelib.team.daily import choose

    choose(actor.company, member_id, "none")  # no more digests for them
    audit.record(actor, "member", member_id, "member_removed")
    return member_view(member)


def _keep_an_admin(company: str, leaving: str) -> None:
    others = [m for m in members_of(company) if m.role == "admin" and m.state == "active" and m.member_id != leaving]
    if not others:
        raise Conflict("the team needs at least one admin: make someone else admin first", field="role")


def set_notifications(actor: Actor, data: dict) -> dict:
    """A member's own choice; nobody sets it for another."""
    if actor.kind != "member":
        raise Forbidden("only a member chooses their own notifications", field="notifications")
    choice = validate(NotificationChoice, data)
    member = _member_or_404(actor, actor.id)
    member.update(actions=[MemberItem.notifications.set(choice.notifications)])
    # The daily rule reads only the members who chose the digest (team/alerts.py).
    from chalicelib.team.daily import choose

    choose(actor.company, member.member_id, choice.notifications)
    return member_view(member)


def job_team(company: str, job_id: str) -> list[MemberItem]:
    """Who hears about the job's applications: the members assigned to it, else the recruiters."""
    team = [m for m in members_of(company) if m.state == "active"]
    assigned = [m for m in team if job_id in (m.jobs or set())]
    return assigned or [m for m in team if m.role in ("recruiter", "admin")]


class InvalidMember(NotFound):
    def __init__(self, member_id: str):
        super().__init__(f"no member {member_id!r}", field="members")


def first_admin(company: str, email: str, name: str = "") -> tuple[dict, str]:
    """The CLI's `create-company`: the first admin's invitation and its link (no email needed)."""
    from chalicelib.team.actors import system_actor

    member = invite(system_actor(company, "the operator"), {"email": email, "name": name, "role": "admin"}, send=False)
    return member, invitation_link(company, member["id"])




def member_of_actor(actor: Actor) -> dict:
    """The signed-in member's own record (their notification choice, their jobs)."""
    member = get_member(actor.company, actor.id) if actor.kind == "member" else None
    if member is None:
        raise NotFound("only a team member has notification choices", field="member")
    return member_view(member)
