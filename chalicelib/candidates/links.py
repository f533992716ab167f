"""The links emails carry to a candidate: the dashboard with a single-use token, one-click
unsubscribe (RFC 8058) and "remove my data". The last two are signed links that need no login."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from chalicelib import signing
from chalicelib.auth import tokens
from chalicelib.companies.service import Company
from chalicelib.config import get_settings

UNSUBSCRIBE_PURPOSE = "unsubscribe"
ERASE_PURPOSE = "erase"


def emailed_link(company: Company, candidate_id: str, purpose: str, lifetime: timedelta, change: str | None = None) -> str:
    """A link to the company's dashboard page carrying a fresh single-use token, which the page
    exchanges at POST /auth/session."""
    token = tokens.issue(company.slug, candidate_id, purpose, lifetime, change)
    page = company.settings.dashboard_url or f"{get_settings().public_api_url}/companies/{company.slug}/dashboard"
    return f"{page}?{urlencode({'token': token})}"


def unsubscribe_token(company: str, candidate_id: str) -> str:
    return signing.sign({"p": UNSUBSCRIBE_PURPOSE, "c": company, "k": candidate_id})


def unsubscribe_link(company: str, candidate_id: str) -> str:
    return f"{get_settings().public_api_url}/unsubscribe?{urlencode({'token': unsubscribe_token(company, candidate_id)})}"


def erase_link(company: str, candidate_id: str) -> str:
    """The "remove my data" link every job tip and digest carries (signed, confirmed on a page)."""
    token = signing.sign({"p": ERASE_PURPOSE, "c": company, "k": candidate_id})
    return f"{get_settings().public_api_url}/erase?{urlencode({'token': token})}"


def list_links(company: str, candidate_id: str) -> dict:
    """What a mailing-list email (job tip, digest) carries: the links in its context and the
    RFC 2369/8058 headers mail clients turn into an unsubscribe button."""
    unsubscribe = unsubscribe_link(company, candidate_id)
    return {
        "context": {"unsubscribe_url": unsubscribe, "erase_url": erase_link(company, candidate_id)},
        "headers": {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }
