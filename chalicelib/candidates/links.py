"""The links emails carry to a candidate: the dashboard with a single-use token, one-click
unsubscribe (RFC 8058) and "remove my data". The last two are signed links that need no login."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from chalicelib import signing
from chalicelib.auth import tokens
from chalicelib.candidates.models import get_candidate
from chalicelib.companies.service import Company
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import DomainError, NotFound, Unauthorized, error_body

UNSUBSCRIBE_PURPOSE = "unsubscribe"
ERASE_PURPOSE = "erase"
# Unsubscribe and "remove my data" links carry the time they were signed ("t", Unix seconds)
# and work for SIGNED_LINK_DAYS (90 by default: long enough for an old email to still do what
# it says). Links signed before they carried a time are honoured as if signed at this moment,
# when links started carrying one: they keep working one full lifetime after the change is
# deployed, then expire like every other.
UNDATED_LINKS_SIGNED_AT = datetime(2026, 12, 2, tzinfo=timezone.utc)


class LinkExpired(DomainError):
    """A genuine link past its lifetime: the person is offered to sign in at the company instead."""

    status = 410
    code = "link_expired"

    def __init__(self, company: str):
        super().__init__("this link has expired; sign in to manage your job tips and data", field="token")
        self.company = company

    def sign_in_url(self) -> str:
        return f"{get_settings().public_api_url}/companies/{self.company}/sign-in"

    def body(self) -> dict:
        return {**error_body(self.code, self.message, self.field), "sign_in_url": self.sign_in_url()}


def _address_tag(email: str) -> str:
    # Which address a link was mailed to, without the address: after a change of address the
    # old mailbox's links act for nobody.
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def _signed_link_token(purpose: str, company: str, candidate_id: str, email: str | None = None, **more: str) -> str:
    claims = {"p": purpose, "c": company, "k": candidate_id, "t": int(now().timestamp()), **more}
    if email:
        claims["e"] = _address_tag(email)
    return signing.sign(claims)


def read_link(token: str | None, purpose: str) -> dict:
    """The claims of a genuine, unexpired unsubscribe or erase link; LinkExpired past its lifetime."""
    claims = signing.verify(token, purpose)
    signed = claims.get("t")
    if signed is None:
        signed_at = UNDATED_LINKS_SIGNED_AT
    elif isinstance(signed, int) and not isinstance(signed, bool) and 0 <= signed < 2**33:
        signed_at = datetime.fromtimestamp(signed, tz=timezone.utc)
    else:
        raise Unauthorized("invalid or altered link", field="token")
    if now() - signed_at > timedelta(days=get_settings().signed_link_days):
        raise LinkExpired(str(claims.get("c")))
    # A link mailed to an address the profile no longer has acts for nobody (candidates.email_change):
    # the address's tag where the link has one, else when it was signed.
    candidate = get_candidate(str(claims.get("c")), str(claims.get("k")))
    if candidate is not None:
        tag = claims.get("e")
        moved = tag != _address_tag(candidate.email) if tag is not None else (
            candidate.email_changed_at is not None and signed_at < candidate.email_changed_at.replace(microsecond=0))
        if moved:
            raise Unauthorized("this link was sent to an address that is no longer on the profile", field="token")
    return claims


def link_page(request, token: str | None, purpose: str, heading, paragraphs: list, status: int = 200, form: dict | None = None,
              link: dict | None = None):
    """A page of a signed link (unsubscribe, erase) in its company's branding and language: the
    company the genuine link names, else a neutral page."""
    from chalicelib.companies.service import page_view_of
    from chalicelib.web.render import message_page

    try:
        company = str(signing.verify(token, purpose).get("c"))
    except DomainError:
        company = None
    view = page_view_of(company)
    return message_page(heading, paragraphs, status=status, form=form, link=link, company=view, request=request,
                        company_language=view["language"] if view else None)


def expired_response(error: LinkExpired, request):
    """An expired link's answer: JSON for an API client (Accept: application/json), else a page
    in the company's branding and language offering its sign-in page."""
    from chalice import Response

    from urllib.parse import quote

    from chalicelib.web.render import message_page

    accept = ((request.headers or {}).get("accept") or "").split(",")[0].strip().lower()
    if accept.startswith("application/json"):
        return Response(body=error.body(), status_code=error.status, headers={"Content-Type": "application/json"})
    from chalicelib.companies.service import page_view_of

    view = page_view_of(error.company)
    return message_page(
        "This link has expired",
        [("Links in emails work for %(days)s days. Sign in to stop job tips or remove your data.",
          {"days": get_settings().signed_link_days})],
        status=error.status, company=view, request=request, company_language=view["language"] if view else None,
        link={"href": f"companies/{quote(view['slug'], safe='')}/sign-in", "text": "Sign in"} if view else None,
    )


def emailed_link(company: Company, candidate_id: str, purpose: str, lifetime: timedelta, change: str | None = None) -> str:
    """A link to the company's dashboard page carrying a fresh single-use token, which the page
    exchanges at POST /auth/session."""
    token = tokens.issue(company.slug, candidate_id, purpose, lifetime, change)
    page = company.settings.dashboard_url or f"{get_settings().public_api_url}/companies/{company.slug}/dashboard"
    return f"{page}?{urlencode({'token': token})}"


def unsubscribe_token(company: str, candidate_id: str, email: str | None = None, category: str = "job_tips",
                      kind: str | None = None, occasion: str | None = None) -> str:
    """A one-click link stopping ``category``. A link without a category ("cat", as every link
    sent before categories) stops job tips. ``kind`` and ``occasion`` name the email it came in,
    so the unsubscribe is counted for that email (notifications/ledger.py)."""
    more = {"cat": category} if category != "job_tips" else {}
    if kind and occasion:
        more.update(n=kind, o=occasion)
    return _signed_link_token(UNSUBSCRIBE_PURPOSE, company, candidate_id, email, **more)


def unsubscribe_link(company: str, candidate_id: str, email: str | None = None, category: str = "job_tips",
                     kind: str | None = None, occasion: str | None = None) -> str:
    token = unsubscribe_token(company, candidate_id, email, category, kind, occasion)
    return f"{get_settings().public_api_url}/unsubscribe?{urlencode({'token': token})}"


def erase_link(company: str, candidate_id: str, email: str | None = None) -> str:
    """A signed "remove my data" link (confirmed on a page). Job tips and digests carried one
    until they pointed to the dashboard instead; their links keep working their lifetime."""
    token = _signed_link_token(ERASE_PURPOSE, company, candidate_id, email)
    return f"{get_settings().public_api_url}/erase?{urlencode({'token': token})}"


def list_links(company: str, candidate_id: str, email: str | None = None) -> dict:
    """What a mailing-list email (job tip, digest) to ``email`` carries: the links in its context
    and the RFC 2369/8058 headers mail clients turn into an unsubscribe button. ``erase_url``
    stays in the context for company templates written when tips carried it; the shipped ones
    send people to the dashboard to remove their data."""
    unsubscribe = unsubscribe_link(company, candidate_id, email)
    return {
        "context": {"unsubscribe_url": unsubscribe, "erase_url": erase_link(company, candidate_id, email)},
        "headers": {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }
