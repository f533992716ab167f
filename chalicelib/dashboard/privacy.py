"""The candidate's data rights: a copy of everything stored, and erasure of all of it."""
from __future__ import annotations

from chalicelib.applications.service import erase_personal_data, export_view, of_person
from chalicelib.auth import tokens
from chalicelib.auth.tokens import TokenItem, TokenSubject
from chalicelib.candidates.changes import PURPOSE as CHANGE_PURPOSE
from chalicelib.candidates.links import ERASE_PURPOSE, read_link
from chalicelib.jsonsafe import load_json
from chalicelib.candidates.models import EMAIL_PREFIX, EmailClaimItem, get_candidate
from chalicelib.db import iso, now
from chalicelib.notifications.suppressions import is_suppressed, suppression_of
from chalicelib.matching.digest_queue import PendingDigestItem, pending_for
from chalicelib.errors import NotFound
from chalicelib.feedback.models import answers_of, erase_answers
from chalicelib.observability import count, logger
from chalicelib.subscriptions import index


def erase_by_link(token: str | None) -> None:
    claims = read_link(token, ERASE_PURPOSE)
    if get_candidate(claims["c"], claims["k"]) is not None:
        erase(TokenSubject(claims["c"], claims["k"]))


# What a copy of the data cannot show: where else it still lives for a while, and what erasure
# keeps on purpose. True of infrastructure/template.yaml (a test reads it to keep this honest).
BACKUP_DAYS = 35
BACKED_UP_TABLES = ("companies", "candidates", "jobs", "applications")
RETENTION = {
    "backups": (f"DynamoDB point-in-time recovery keeps every change to the {', '.join(BACKED_UP_TABLES)} tables for "
                f"{BACKUP_DAYS} days: what is erased today stays restorable by the operator for {BACKUP_DAYS} days, "
                "then it is gone. The other tables have no backup."),
    "backup_days": BACKUP_DAYS,
    "resume_files": "Resume files are not versioned or backed up: once deleted they are gone.",
    "kept_after_erasure": ("If this address bounced or complained, a one-way hash of it stays on the suppression list so "
                           "that nothing is ever sent to it again; the applications' job, status, dates and status history "
                           "stay without anything that names you. The times of the emails you got in the last 7 days "
                           "(for the company's cap on emails per person) stay under a one-way hash for at most 8 days; "
                           "counts of emails sent, deferred and answered name no one."),
    "links": "Resume links are valid for a few minutes; ask for a new export to get fresh ones.",
}


def export(subject: TokenSubject) -> dict:
    """Everything the product keeps about the candidate, item by item: the profile (with its
    consent record), the address claim, sign-in links' metadata, changes waiting for the
    address's owner, pending digest tips, the suppression record of the address, and every
    application of the person (with the source's reference, the history and the resume file as
    a short-lived link). GET /me/export and the dashboard page's download are this one call."""
    candidate = get_candidate(subject.company, subject.candidate_id, consistent=True)
    if candidate is None:
        raise NotFound("no such candidate", field=None)
    record = {name: _plain(value) for name, value in candidate.attribute_values.items()}
    held = [TokenItem.get(i.token_hash) for i in TokenItem.by_subject.query(f"{subject.company}#{subject.candidate_id}")]
    return {
        "exported_at": iso(now()),
        "company": subject.company,
        "candidate": record,
        "email_claim": {"email": candidate.email, "candidate_id": candidate.candidate_id},
        "tokens": [{"purpose": t.purpose, "created_at": iso(t.created_at), "expires_at": iso(t.expires_at)}
                   for t in held if t.purpose != CHANGE_PURPOSE],
        "pending_changes": [{"created_at": iso(t.created_at), "expires_at": iso(t.expires_at), "change": load_json(t.payload or "{}")}
                            for t in held if t.purpose == CHANGE_PURPOSE],
        "pending_digest_jobs": [{"job_id": p.job_id, "due": p.due_hour, "queued_at": iso(p.queued_at)} for p in pending_for(subject.company, subject.candidate_id)],
        "relevance_answers": [{"email": {"kind": a.kind, "occasion": a.occasion}, "answer": a.answer, "reason": a.reason,
                               "answered_at": iso(a.answered_at)} for a in answers_of(subject.company, subject.candidate_id)],
        "email_suppressed": is_suppressed(candidate.email),
        "email_suppression": suppression_of(candidate.email),
        "applications": [export_view(a) for a in of_person(subject.company, subject.candidate_id, candidate.email, *(candidate.former_emails or []))],
        "retention": RETENTION,
    }


def _plain(value):
    """A stored value as JSON: times as ISO-8601, sets (DynamoDB string sets) as sorted lists."""
    if hasattr(value, "isoformat"):
        return iso(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value


def erase(subject: TokenSubject) -> None:
    """Delete the candidate and everything that names them: their applications' personal fields
    and resume files, index entries, pending digests, tokens and pending changes (which ends this
    session too), the email claim and the profile."""
    candidate = get_candidate(subject.company, subject.candidate_id, consistent=True)
    if candidate is None:
        raise NotFound("no such candidate", field=None)
    for application in of_person(subject.company, subject.candidate_id, candidate.email, *(candidate.former_emails or [])):
        erase_personal_data(application)
    index.remove(candidate.company, candidate.candidate_id)
    with PendingDigestItem.batch_write() as batch:
        for pending in pending_for(subject.company, subject.candidate_id):
            batch.delete(pending)
    erase_answers(subject.company, subject.candidate_id)
    EmailClaimItem(company=candidate.company, sk=EMAIL_PREFIX + candidate.email).delete()
    candidate.delete()
    tokens.revoke_all(subject.company, subject.candidate_id)
    count("CandidatesErased")
    logger.info("candidate erased", extra={"company": subject.company, "candidate_id": subject.candidate_id})
