"""The campaign email: the recruiter's text in the candidate's language (else the company's),
re-checked before it goes. It belongs to the "campaigns" category, so the mechanism enforces the
person's choice for campaigns, the cap across every non-transactional email and suppressions,
and counts each outcome under the campaign's id (its results)."""
from __future__ import annotations

from pathlib import Path

from chalicelib.campaigns.messages import CampaignEmail
from chalicelib.campaigns.models import CampaignItem, get_campaign
from chalicelib.candidates.models import get_candidate
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
    # The person's choice for campaigns, their consent and confirmation were checked by the
    # mechanism before composing; suppression, the cap, the one-click unsubscribe for campaigns
    # and the "Was this relevant?" links come after (notifications/categories.py).
    candidate = get_candidate(company.slug, notification.candidate_id, consistent=True)
    if candidate is None:
        return Done("the candidate is gone")
    language, content = content_for(campaign, candidate.language, company)
    return email(company, "campaign", candidate.email, {
        **greeting(company, candidate.first_name, candidate.last_name), **message_context(content),
    }, language=language, about={"candidate_id": candidate.candidate_id, "campaign_id": campaign.campaign_id})


def rendered_preview(company: Company, campaign: CampaignItem, language: str) -> dict:
    """The email as a recipient sees it, with a sample name, in the frame every email has."""
    from chalicelib.notifications.render import render

    language, content = content_for(campaign, language, company)
    kept = company.settings.templates.get("campaign")
    custom = kept.version(language) if kept else None
    context = {**greeting(company, SAMPLE_CANDIDATE["first_name"], SAMPLE_CANDIDATE["last_name"]), **message_context(content),
               }
    rendered = render("campaign", context, custom.model_dump() if custom else None, language=language, frame=frame(company))
    return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}


register(CampaignEmail, compose_campaign, TEMPLATES, {
    "company": SAMPLE_COMPANY, "candidate": SAMPLE_CANDIDATE,
    "subject": "News from the team", "text": "We are hiring again this spring.",
    "body_html": "<p>We are hiring again this spring.</p>",
}, category=CATEGORY)
