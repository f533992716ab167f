"""The campaign email: the recruiter's text in the candidate's language (else the company's),
re-checked before it goes. It belongs to the "campaigns" category, so the mechanism enforces the
person's choice for campaigns, the cap across every non-transactional email and suppressions,
and counts each outcome under the campaign's id (its results)."""
from __future__ import annotations

from pathlib import Path

from chalicelib.campaigns.messages import CampaignEmail
from chalicelib.campaigns.models import CampaignItem, get_campaign
from chalicelib.campaigns.unsubscribe import campaign_unsubscribe_link
from chalicelib.candidates.models import get_candidate
from chalicelib.candidates.preferences import receives
from chalicelib.companies.mail import SAMPLE_CANDIDATE, SAMPLE_COMPANY, company_of, email, frame, greeting
from chalicelib.companies.service import Company
from chalicelib.jobs.markdown import plain_text, to_html
from chalicelib.notifications import batch
from chalicelib.notifications.registry import Done, Email, register

TEMPLATES = Path(__file__).with_name("email_templates")
CATEGORY = "campaigns"


def content_for(campaign: CampaignItem, language: str | None, company: Company) -> tuple[str, dict]:
    """The campaign's version in ``language``, else in the company's language, else any."""
    contents = campaign.contents or {}
    for choice in (language, company.settings.language, *sorted(contents)):
        if choice in contents:
            return choice, contents[choice]
    raise LookupError("the campaign has no content")


def message_context(content: dict) -> dict:
    body = content.get("body") or ""
    return {"subject": content.get("subject") or "", "body_html": to_html(body, top_heading=2),
            "text": (content.get("text") or "").strip() or plain_text(body)}


def compose_campaign(notification: CampaignEmail) -> Email | Done:
    company = company_of(notification.company)
    campaign = batch.once(("campaign", company.slug, notification.campaign_id),
                          lambda: get_campaign(company.slug, notification.campaign_id))
    if campaign is None or campaign.state == "cancelled":
        return Done("campaign cancelled or gone")
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if not receives(candidate, CATEGORY):
        consented = candidate is not None and candidate.confirmed_at is not None and receives_ignoring_category(candidate)
        return Done("campaigns are not for this candidate now", outcome="stopped_category" if consented else "no_consent")
    language, content = content_for(campaign, candidate.language, company)
    unsubscribe = campaign_unsubscribe_link(company.slug, candidate.candidate_id, campaign.campaign_id, candidate.email)
    return email(company, "campaign", candidate.email, {
        **greeting(company, candidate.first_name, candidate.last_name), **message_context(content),
        "campaign_unsubscribe_url": unsubscribe,
    }, language=language, about={"candidate_id": candidate.candidate_id, "campaign_id": campaign.campaign_id},
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def receives_ignoring_category(candidate) -> bool:
    """Would they receive it but for having turned campaigns off (consent still valid)?"""
    from chalicelib import db

    return candidate.consent_expires_at is None or candidate.consent_expires_at > db.now()


def rendered_preview(company: Company, campaign: CampaignItem, language: str) -> dict:
    """The email as a recipient sees it, with a sample name, in the frame every email has."""
    from chalicelib.notifications.render import render

    language, content = content_for(campaign, language, company)
    kept = company.settings.templates.get("campaign")
    custom = kept.version(language) if kept else None
    context = {**greeting(company, SAMPLE_CANDIDATE["first_name"], SAMPLE_CANDIDATE["last_name"]), **message_context(content),
               "campaign_unsubscribe_url": "https://example.com/campaigns/unsubscribe?token=sample"}
    rendered = render("campaign", context, custom.model_dump() if custom else None, language=language, frame=frame(company))
    return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}


register(CampaignEmail, compose_campaign, TEMPLATES, {
    "company": SAMPLE_COMPANY, "candidate": SAMPLE_CANDIDATE,
    "subject": "News from the team", "text": "We are hiring again this spring.",
    "body_html": "<p>We are hiring again this spring.</p>",
    "campaign_unsubscribe_url": "https://api.example.com/campaigns/unsubscribe?token=sample",
}, category=CATEGORY)
