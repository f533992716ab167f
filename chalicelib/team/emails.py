"""The team's own emails: an invitation to the console, a sign-in link, and the news of new
applications (one email each, or a daily digest; team/alerts.py). In the member's language; the
links are minted when the email is composed (no token travels on the queue), and what an
application email names (the job, the applicant) is read then too, never carried on the queue."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from chalicelib.companies.mail import SAMPLE_COMPANY, company_of, email
from chalicelib.notifications.registry import Done, Email, register
from chalicelib.team import alerts, daily, roles
from chalicelib.team.messages import (
    MemberInvitationEmail, MemberSignInEmail, NewApplicationEmail, OverdueDigestEmail, TeamDigestEmail,
)
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


MONTHS = {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
          "sv": "jan feb mars apr maj juni juli aug sep okt nov dec".split()}


def _when(at: str, timezone: str, language: str) -> str:
    """"2 Dec 10:14" in the company's time zone and the member's language (the console's way)."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(timezone))
    except ValueError:
        return at
    return f"{moment.day} {MONTHS.get(language, MONTHS['en'])[moment.month - 1]} {moment:%H:%M}"


def _application(company, summary: alerts.Summary, language: str) -> dict:
    return {"id": summary.application_id, "job": summary.job_title, "applicant": summary.applicant,
            "when": _when(summary.created_at, company.settings.timezone, language), "source": summary.source,
            "url": console_url(company.slug, f"applications/{summary.application_id}")}


def _receiving(company_slug: str, member_id: str, choice: str):
    member = get_member(company_slug, member_id)
    if member is None or member.state != "active":
        return None, Done("no longer a member")
    if member.notifications != choice:
        return None, Done(f"the member no longer chose {choice!r}")
    return member, None


def compose_new_application(notification: NewApplicationEmail) -> Email | Done:
    company = company_of(notification.company)
    member, done = _receiving(company.slug, notification.member_id, "each")
    if done:
        return done
    summary = alerts.applications().summary(company.slug, notification.application_id)
    if summary is None:
        return Done("the application is gone")
    if not alerts.hears_about(company.slug, member, summary.job_id):
        return Done("no longer on the job's team")
    return email(company, "new_application", member.email, {
        **_context(company, member), "application": _application(company, summary, member.language),
        "notifications_url": console_url(company.slug, "notifications"),
    }, language=member.language, about={"member_id": member.member_id, "application_id": summary.application_id},
        preferences_url=console_url(company.slug, "notifications"))


def compose_digest(notification: TeamDigestEmail) -> Email | Done:
    company = company_of(notification.company)
    member, done = _receiving(company.slug, notification.member_id, "daily")
    if done:
        return done
    until = datetime.fromisoformat(notification.until.replace("Z", "+00:00"))
    since, until = daily.digest_window(company.slug, member.member_id, until)
    if since >= until:
        return Done("an earlier digest already covered this day")
    source = alerts.applications()
    jobs = source.jobs(company.slug)
    found = source.created_between(company.slug, alerts.member_jobs(company.slug, member, jobs), since, until)
    if not found:
        return Done("no new applications since the last digest")
    return email(company, "team_digest", member.email, {
        **_context(company, member), "applications": [_application(company, s, member.language) for s in found], "count": len(found),
        "since": _when(since.isoformat(), company.settings.timezone, member.language),
        "applications_url": console_url(company.slug, "applications"),
        "notifications_url": console_url(company.slug, "notifications"),
    }, language=member.language, about={"member_id": member.member_id},
        after_sending=lambda: daily.mark_sent(company.slug, member.member_id, until),
        preferences_url=console_url(company.slug, "notifications"))


# What a member reads of a status in their email (the console's names).
STATUS_NAMES = {"en": {"new": "Applied", "in_review": "In review", "shortlisted": "Shortlisted", "interview": "Interview",
                       "offer": "Offer"},
                "sv": {"new": "Ansökt", "in_review": "Granskas", "shortlisted": "Utvald", "interview": "Intervju",
                       "offer": "Erbjudande"}}


def compose_overdue_digest(notification: OverdueDigestEmail) -> Email | Done:
    """The applications of this member's jobs that passed their target (issue 20.1), each
    checked again now: one that moved on or was decided meanwhile is left out."""
    from chalicelib.team.service import job_team

    company = company_of(notification.company)
    member = get_member(company.slug, notification.member_id)
    if member is None or member.state != "active":
        return Done("no longer a member")
    language = member.language if member.language in STATUS_NAMES else "en"
    at = datetime.fromisoformat(notification.at.replace("Z", "+00:00"))
    source = alerts.applications()
    rows = []
    for breach in notification.breaches:
        found = source.overdue(company.slug, str(breach.get("application_id")), str(breach.get("status")), str(breach.get("since")), at)
        if found is None or not any(m.member_id == member.member_id for m in job_team(company.slug, found.job_id)):
            continue
        rows.append({"applicant": found.applicant, "job": found.job_title, "days": found.target_days, "past": found.working_days_past,
                     "status": STATUS_NAMES[language].get(found.status, found.status),
                     "url": console_url(company.slug, f"applications/{found.application_id}")})
    if not rows:
        return Done("every application listed moved on or was decided")
    return email(company, "overdue_digest", member.email, {
        **_context(company, member), "applications": rows, "count": len(rows), "home_url": console_url(company.slug, "home"),
    }, language=member.language, about={"member_id": member.member_id},
        preferences_url=console_url(company.slug, "notifications"))


_SAMPLE = {"company": SAMPLE_COMPANY, "member": {"name": "Grace Hopper", "email": "grace@example.com", "role": "Recruiter"}}
register(MemberInvitationEmail, compose_invitation, TEMPLATES, {
    **_SAMPLE, "invited_by": "Ada Lovelace", "invitation_url": "https://api.example.com/console/acme/invitation?token=sample",
    "days": INVITATION_DAYS})
register(MemberSignInEmail, compose_sign_in, TEMPLATES, {
    **_SAMPLE, "sign_in_url": "https://api.example.com/console/acme/sign-in/link?token=sample", "minutes": SIGN_IN_MINUTES})
_APPLICATION = {"id": "a1b2c3", "job": "Account Executive", "applicant": "Ada Lovelace", "when": "2 Dec 10:14", "source": "linkedin",
                "url": "https://api.example.com/console/acme/applications/a1b2c3"}
register(NewApplicationEmail, compose_new_application, TEMPLATES, {
    **_SAMPLE, "application": _APPLICATION, "notifications_url": "https://api.example.com/console/acme/notifications"})
register(TeamDigestEmail, compose_digest, TEMPLATES, {
    **_SAMPLE, "applications": [_APPLICATION], "count": 1, "since": "1 Dec 06:00",
    "applications_url": "https://api.example.com/console/acme/applications",
    "notifications_url": "https://api.example.com/console/acme/notifications"})
register(OverdueDigestEmail, compose_overdue_digest, TEMPLATES, {
    **_SAMPLE, "count": 1, "home_url": "https://api.example.com/console/acme/home",
    "applications": [{"applicant": "Ada Lovelace", "job": "Account Executive", "status": "Applied", "days": 5, "past": 2,
                      "url": "https://api.example.com/console/acme/applications/a1b2c3"}]})
