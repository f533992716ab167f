"""Signing in without a password: a single-use link by email."""
from __future__ import annotations

import uuid

from chalicelib import ratelimit
from chalicelib.auth import botcheck
from chalicelib.candidates.service import find_by_email
from chalicelib.companies.service import load_company
from chalicelib.errors import NotFound
from chalicelib.candidates.messages import MagicLinkEmail
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count

PER_ADDRESS_PER_HOUR = 5
ACCEPTED = {"status": "accepted", "message": "If this address is connected, a sign-in link is on its way."}


def request_magic_link(company_slug: str, email: str, bot_token: str | None = None) -> dict:
    """Answers the same whether or not the address is known, so nobody can learn who is connected.
    Per-client limits are applied to every public write in one place (ratelimit.PUBLIC_WRITES)."""
    ratelimit.hit("magic-link-address", f"{company_slug}#{email}", PER_ADDRESS_PER_HOUR, 3600)
    try:
        company = load_company(company_slug)
    except NotFound:
        return ACCEPTED
    botcheck.verify(company, bot_token)
    candidate = find_by_email(company.slug, email)
    if candidate is not None:
        enqueue([MagicLinkEmail(company=company.slug, candidate_id=candidate.candidate_id, request_id=uuid.uuid4().hex)])
        count("MagicLinksRequested")
    return ACCEPTED
