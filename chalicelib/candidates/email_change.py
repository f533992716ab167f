"""A candidate changes their email address: it changes only once the new address's owner
follows the link sent there, and then every session and emailed link of the old address ends.

1. `request_change` (PATCH /me with `email`, or the dashboard's profile form): the change waits
   (candidates.changes, like any change that needs an address's owner) and a confirmation link
   goes to the new address. Nothing changes yet; the current address keeps working.
2. Following the link (`start_session` spends a `confirm` token naming the change) calls `apply`:
   the new address is claimed, the profile moved to it, the old claim released, and every access
   token and emailed link issued until then is revoked (a session opened for the old address, or
   a sign-in link still sitting in the old mailbox, must not outlive the change); signed links
   (unsubscribe, erase) signed before `email_changed_at` no longer act. The old address is kept
   in `former_emails`: applications made with it are still the person's to export and erase.
   The browser that followed the link gets the new session, opened right after.
"""
from __future__ import annotations

from datetime import timedelta

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import ratelimit
from chalicelib.auth import tokens
from chalicelib.candidates import changes
from chalicelib.candidates.messages import EmailChangeEmail
from chalicelib.candidates.models import EMAIL_PREFIX, CandidateItem, EmailClaimItem, search_text
from chalicelib.config import get_settings
from chalicelib.db import find, now
from chalicelib.errors import Conflict
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger

CHANGES_PER_CANDIDATE_PER_HOUR = 5


def request_change(company_slug: str, candidate: CandidateItem, new_email: str) -> dict:
    """Propose the change and send its confirmation link to the new address."""
    ratelimit.hit("email-change", f"{company_slug}#{candidate.candidate_id}", CHANGES_PER_CANDIDATE_PER_HOUR, 3600)
    lifetime = timedelta(hours=get_settings().confirm_token_hours)
    change_id = changes.propose(company_slug, candidate.candidate_id, {"email": new_email}, lifetime)
    enqueue([EmailChangeEmail(company=company_slug, candidate_id=candidate.candidate_id, change_id=change_id, new_email=new_email)])
    count("EmailChangesRequested")
    return {"to": new_email, "status": "confirmation_sent"}


def apply(company_slug: str, candidate: CandidateItem, new_email: str) -> None:
    """The new address's owner followed the link: move the profile there, end every old session."""
    old_email = candidate.email
    if new_email == old_email:
        return
    claim = EmailClaimItem(company=company_slug, sk=EMAIL_PREFIX + new_email, candidate_id=candidate.candidate_id)
    try:
        with TransactWrite(connection=Connection()) as transaction:
            transaction.save(claim, condition=EmailClaimItem.sk.does_not_exist())
            moment = now()
            former = [e for e in (candidate.former_emails or []) if e != new_email]
            transaction.update(candidate, actions=[
                CandidateItem.email.set(new_email), CandidateItem.updated_at.set(moment),
                CandidateItem.email_changed_at.set(moment), CandidateItem.former_emails.set([*former, old_email]),
                CandidateItem.search_text.set(search_text(candidate.first_name, candidate.last_name, new_email)),
            ], condition=CandidateItem.email == old_email)
            transaction.delete(EmailClaimItem(company=company_slug, sk=EMAIL_PREFIX + old_email))
    except TransactWriteError:
        owner = find(EmailClaimItem, company_slug, EMAIL_PREFIX + new_email, consistent=True)
        if owner is not None and owner.candidate_id == candidate.candidate_id:
            return  # already applied (a concurrent confirmation won)
        raise Conflict("that address is already connected with another profile; nothing was changed", field="email") from None
    candidate.refresh(consistent_read=True)
    revoked = tokens.revoke_all(company_slug, candidate.candidate_id, purposes=(tokens.ACCESS, *tokens.EMAILED))
    count("EmailChanges")
    logger.info("candidate email changed", extra={"company": company_slug, "candidate_id": candidate.candidate_id, "revoked": revoked})
