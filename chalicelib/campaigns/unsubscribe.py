"""A campaign email's own one-click unsubscribe (RFC 8058): it stops campaigns only (job tips go
on: a separate choice), and counts toward the campaign's "unsubscribed". A signed link, no login,
working as long as the product's other signed links (SIGNED_LINK_DAYS); a link mailed to an
address the profile no longer has acts for nobody (candidates/links.read_link)."""
from __future__ import annotations

from urllib.parse import urlencode

from chalicelib import signing
from chalicelib.candidates.links import _address_tag, read_link  # the same tag every signed link carries
from chalicelib.candidates.preferences import stop
from chalicelib.companies.service import load_company
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import NotFound
from chalicelib.notifications import outcomes
from chalicelib.observability import count, logger

PURPOSE = "campaigns_unsubscribe"
CATEGORY = "campaigns"


def campaign_unsubscribe_link(company: str, candidate_id: str, campaign_id: str, email: str) -> str:
    token = signing.sign({"p": PURPOSE, "c": company, "k": candidate_id, "m": campaign_id, "t": int(now().timestamp()),
                          "e": _address_tag(email)})
    return f"{get_settings().public_api_url}/campaigns/unsubscribe?{urlencode({'token': token})}"


def unsubscribe(token: str | None) -> str:
    """Stop campaigns for the link's candidate; returns the company's name for the page. Twice
    is harmless and counts once."""
    claims = read_link(token, PURPOSE)
    company_slug, candidate_id, campaign_id = str(claims.get("c")), str(claims.get("k")), str(claims.get("m"))
    try:
        company = load_company(company_slug)
    except NotFound:
        return "the company"
    if stop(company.slug, candidate_id, CATEGORY):
        outcomes.record(company.slug, "campaign", campaign_id, "unsubscribed")
        count("CampaignsUnsubscribed")
        logger.info("candidate stopped campaigns", extra={"company": company.slug, "candidate_id": candidate_id,
                                                          "campaign_id": campaign_id})
    return company.name
