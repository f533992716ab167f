"""Who did what to whose data, and when: every view of a person's data and every change, by a
member or an API key (by its label). Shown in the candidate's and the application's history
("Viewed by Grace Hopper, 2 Dec 10:14"); GET /admin/candidates/{id}/history and
/admin/applications/{id}/history give the same lines to machines."""
from __future__ import annotations

import secrets

from chalicelib.db import iso, now
from chalicelib.team.actors import Actor
from chalicelib.team.models import AUDIT_PREFIX, AuditItem

CANDIDATE = "candidate"
APPLICATION = "application"
# What the lines say, by action (English source text; the console translates them).
ACTIONS = {
    "profile_viewed": "Viewed the profile",
    "application_viewed": "Viewed the application",
    "resume_downloaded": "Downloaded the resume",
    "status_changed": "Moved the application",
    "rejection_undone": "Undid the rejection",
    "members_assigned": "Changed who works on the job",
    "member_invited": "Invited a member",
    "member_changed": "Changed a member",
    "member_removed": "Removed a member",
}


def _subject(kind: str, subject_id: str) -> str:
    return f"{kind}#{subject_id}"


def record(actor: Actor, kind: str, subject_id: str, action: str, **detail) -> None:
    moment = now()
    subject = _subject(kind, subject_id)
    AuditItem(
        company=actor.company, sk=f"{AUDIT_PREFIX}{subject}#{iso(moment)}#{secrets.token_hex(4)}", subject=subject,
        action=action, at=moment, actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name,
        detail={k: v for k, v in detail.items() if v is not None},
    ).save()


def history(company: str, kind: str, subject_id: str, limit: int = 200) -> list[dict]:
    """The newest lines first (a subject's history is short; the last ``limit`` are shown)."""
    items = AuditItem.query(company, AuditItem.sk.startswith(f"{AUDIT_PREFIX}{_subject(kind, subject_id)}#"),
                            scan_index_forward=False, limit=limit)
    return [line(item) for item in items]


def line(item: AuditItem) -> dict:
    return {"action": item.action, "at": iso(item.at), "by": {"kind": item.actor_kind, "id": item.actor_id, "name": item.actor_name},
            "detail": dict(item.detail or {})}
