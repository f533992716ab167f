"""The campaigns' use cases: write (draft), count the audience, preview, send now or at a time,
cancel, read results. Every face (the console's screens, the JSON routes under /admin) calls
these with the Actor; the role is checked here: admins and recruiters (and API keys) write
campaigns, hiring members never see them.

States: draft -> scheduled -> sending -> sent, or cancelled (from draft, scheduled or sending:
cancelling a campaign that is going stops it before the next email; the composer reads the state
before every email, so nothing queued goes out after a cancel).
"""
from __future__ import annotations

import uuid
from datetime import timedelta

from pynamodb.exceptions import UpdateError

from chalicelib import db
from chalicelib.api import validate
from chalicelib.campaigns import audience as audiences
from chalicelib.campaigns.fanout import local_moment, person_zone, schedule_name
from chalicelib.campaigns.models import CAMPAIGN_PREFIX, CampaignItem, campaigns_of, get_campaign
from chalicelib.campaigns.schema import CampaignDraft, ScheduleRequest
from chalicelib.companies.service import Company, load_company
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.notifications import ledger
from chalicelib.observability import count, logger
from chalicelib.team import roles
from chalicelib.team.actors import Actor

KIND = "campaign"
MAX_CAMPAIGNS = 1000
# A time to send must leave room to cancel, and not lie beyond what anyone plans.
MIN_LEAD = timedelta(minutes=5)
MAX_AHEAD = timedelta(days=365)
OPEN = ("draft", "scheduled", "sending")


# -- views -----------------------------------------------------------------------------------

def view(item: CampaignItem) -> dict:
    return {
        "id": item.campaign_id, "name": item.name, "state": item.state,
        "contents": dict(item.contents or {}), "audience": dict(item.audience or {}),
        "exclusions": {"applied_within_days": None, "active_application": False, **(item.exclusions or {})},
        "send_mode": item.send_mode, "send_at": item.send_at, "waves": list(item.waves or []),
        "queued": int(item.queued or 0),
        "created_at": db.iso(item.created_at), "created_by": item.created_by,
        "updated_at": db.iso(item.updated_at), "updated_by": item.updated_by,
        "scheduled_at": db.iso(item.scheduled_at), "started_at": db.iso(item.started_at),
        "finished_at": db.iso(item.finished_at), "cancelled_at": db.iso(item.cancelled_at),
        "cancelled_by": item.cancelled_by,
    }


def _require(actor: Actor) -> None:
    actor.require(roles.CAMPAIGNS)


def _item(actor: Actor, campaign_id: str) -> CampaignItem:
    item = get_campaign(actor.company, campaign_id)
    if item is None:
        raise NotFound("no such campaign", field="campaign_id")
    return item


def list_campaigns(actor: Actor) -> list[dict]:
    _require(actor)
    return sorted((view(i) for i in campaigns_of(actor.company)), key=lambda c: c["created_at"] or "", reverse=True)


def get_campaign_view(actor: Actor, campaign_id: str) -> dict:
    _require(actor)
    return view(_item(actor, campaign_id))


# -- writing -----------------------------------------------------------------------------------

def _checked(actor: Actor, company: Company, data: dict) -> CampaignDraft:
    """The draft as the schema and the company's own settings allow it: its languages, its
    default language written (the version everyone else falls back to), a segment that exists."""
    draft = validate(CampaignDraft, data)
    problems = []
    offered = company.settings.languages
    for language in draft.contents:
        if language not in offered:
            problems.append({"field": f"contents.{language}", "message": f"the company does not offer {language!r}"})
    if company.settings.language not in draft.contents:
        problems.append({"field": f"contents.{company.settings.language}",
                         "message": "write the company's default language: people in other languages get it when theirs is missing"})
    if draft.audience.segment_id is not None:
        from chalicelib.talent.segments import get_segment

        try:
            get_segment(actor, draft.audience.segment_id)
        except NotFound:
            problems.append({"field": "audience.segment_id", "message": "no such segment"})
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)
    return draft


def _stored(draft: CampaignDraft) -> dict:
    return {
        "name": draft.name,
        "contents": {lang: c.model_dump() for lang, c in draft.contents.items()},
        "audience": ({"segment_id": draft.audience.segment_id} if draft.audience.segment_id is not None
                     else {"filters": draft.audience.filters.model_dump(exclude_defaults=True)}),
        "exclusions": draft.exclusions.model_dump(),
    }


def create_campaign(actor: Actor, data: dict) -> dict:
    _require(actor)
    company = load_company(actor.company)
    stored = _stored(_checked(actor, company, data))
    if len(campaigns_of(actor.company)) >= MAX_CAMPAIGNS:
        raise InvalidInput(f"a company keeps at most {MAX_CAMPAIGNS} campaigns", field="name")
    campaign_id = uuid.uuid4().hex
    moment = db.now()
    item = CampaignItem(company=actor.company, sk=CAMPAIGN_PREFIX + campaign_id, campaign_id=campaign_id, state="draft",
                        created_at=moment, created_by=actor.name, updated_at=moment, updated_by=actor.name, **stored)
    item.save(condition=CampaignItem.sk.does_not_exist())
    logger.info("campaign created", extra={"company": actor.company, "campaign_id": campaign_id})
    return view(item)


def update_campaign(actor: Actor, campaign_id: str, data: dict) -> dict:
    """Only a draft changes: once scheduled, what the recruiter counted and saw is what goes."""
    _require(actor)
    company = load_company(actor.company)
    item = _item(actor, campaign_id)
    stored = _stored(_checked(actor, company, data))
    if item.state != "draft":
        raise Conflict(f"the campaign is {item.state}; only a draft can be changed", field="state")
    _update(item, [getattr(CampaignItem, name).set(value) for name, value in stored.items()]
            + [CampaignItem.updated_at.set(db.now()), CampaignItem.updated_by.set(actor.name)], expect=("draft",))
    return view(item)


def _update(item: CampaignItem, actions: list, expect: tuple[str, ...]) -> None:
    """One conditional write: the campaign is still in one of ``expect`` (and unchanged since it
    was read: its version); a change meanwhile is a 409 naming the state."""
    try:
        item.update(actions=actions, condition=CampaignItem.state.is_in(*expect))
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        fresh = get_campaign(item.company, item.campaign_id)
        raise Conflict(f"the campaign changed meanwhile (it is {fresh.state if fresh else 'gone'}); look again",
                       field="state") from None


# -- the audience and a preview ------------------------------------------------------------------

def audience_of(actor: Actor, campaign_id: str) -> dict:
    """Who will receive it if it went now, and a handful of them by name."""
    _require(actor)
    item = _item(actor, campaign_id)
    segment_name = None
    if item.audience.get("segment_id"):
        from chalicelib.talent.segments import get_segment

        try:
            segment_name = get_segment(actor, item.audience["segment_id"])["name"]
        except NotFound:
            segment_name = None
    criteria = audiences.criteria_of(item.audience, audiences.segment_filters(actor, item.audience))
    found = audiences.tally(actor.company, criteria, item.exclusions or {})
    return {"campaign_id": item.campaign_id, "segment": segment_name, "count": found.receiving, "matched": found.matched,
            "not_receiving": found.not_receiving, "excluded": found.excluded, "suppressed": found.suppressed,
            "sample": found.sample}


def preview(actor: Actor, campaign_id: str, language: str | None = None) -> dict:
    """The email in one of its languages, as a recipient would get it (a sample name)."""
    _require(actor)
    item = _item(actor, campaign_id)
    company = load_company(actor.company)
    from chalicelib.campaigns.emails import rendered_preview

    language = language if language in (item.contents or {}) else company.settings.language
    return {"campaign_id": item.campaign_id, "language": language, **rendered_preview(company, item, language)}


# -- when it goes ------------------------------------------------------------------------------

def send_now(actor: Actor, campaign_id: str) -> dict:
    """Start now. A second click (or a retried request) on a campaign already going is answered
    with the campaign as it is: nothing is started twice."""
    _require(actor)
    item = _item(actor, campaign_id)
    if item.state in ("sending", "sent") and item.send_mode == "now":
        return view(item)
    if item.state != "draft":
        raise Conflict(f"the campaign is {item.state}; only a draft can be sent", field="state")
    audiences.segment_filters(actor, item.audience)  # a deleted segment is refused now, not found later
    moment = db.now()
    try:
        _update(item, [CampaignItem.state.set("sending"), CampaignItem.send_mode.set("now"), CampaignItem.send_at.set(None),
                       CampaignItem.waves.set([db.iso(moment)]), CampaignItem.scheduled_at.set(moment),
                       CampaignItem.started_at.set(moment), CampaignItem.wave.set(0), CampaignItem.step.set(0),
                       CampaignItem.updated_at.set(moment), CampaignItem.updated_by.set(actor.name)], expect=("draft",))
    except Conflict:
        fresh = _item(actor, campaign_id)
        if fresh.state in ("sending", "sent") and fresh.send_mode == "now":
            return view(fresh)  # the other click won
        raise
    from chalicelib.campaigns.fanout import start

    start(actor.company, campaign_id, wave=0)
    count("CampaignsStarted")
    logger.info("campaign started", extra={"company": actor.company, "campaign_id": campaign_id})
    return view(item)


def schedule(actor: Actor, campaign_id: str, data: dict) -> dict:
    """Send at a wall-clock time in the company's time zone (one wave), or in each person's own
    (one wave per distinct moment that time falls on across the audience's time zones, read
    now; each wave sends to the people whose own moment it is)."""
    _require(actor)
    request = validate(ScheduleRequest, data)
    item = _item(actor, campaign_id)
    if item.state != "draft":
        raise Conflict(f"the campaign is {item.state}; only a draft can be scheduled", field="state")
    company = load_company(actor.company)
    zones = {company.settings.timezone}
    if request.zone == "person":
        zones |= _audience_zones(actor, item, company)
    try:
        first = local_moment(request.at, company.settings.timezone)
        moments = sorted({local_moment(request.at, zone) for zone in zones})
    except (ValueError, OverflowError):  # 2027-02-30, or a year no calendar reaches
        raise InvalidInput("not a date and time", field="at") from None
    moment = db.now()
    if moments[0] < moment + MIN_LEAD:
        raise InvalidInput(f"choose a time at least {int(MIN_LEAD.total_seconds() // 60)} minutes from now"
                           + (" in every time zone of the audience" if request.zone == "person" and first >= moment + MIN_LEAD else ""),
                           field="at")
    if moments[-1] > moment + MAX_AHEAD:
        raise InvalidInput("choose a time within a year", field="at")
    _update(item, [CampaignItem.state.set("scheduled"), CampaignItem.send_mode.set(request.zone), CampaignItem.send_at.set(request.at),
                   CampaignItem.waves.set([db.iso(m) for m in moments]), CampaignItem.scheduled_at.set(moments[0]),
                   CampaignItem.wave.set(0), CampaignItem.step.set(0),
                   CampaignItem.updated_at.set(moment), CampaignItem.updated_by.set(actor.name)], expect=("draft",))
    from chalicelib.campaigns.fanout import schedule_waves

    schedule_waves(actor.company, campaign_id, moments)
    logger.info("campaign scheduled", extra={"company": actor.company, "campaign_id": campaign_id, "waves": len(moments)})
    return view(item)


def _audience_zones(actor: Actor, item: CampaignItem, company: Company) -> set[str]:
    criteria = audiences.criteria_of(item.audience, audiences.segment_filters(actor, item.audience))
    at = db.now()
    zones: set[str] = set()
    start = None
    while True:
        items, start = audiences.page(company.slug, start, 500)
        zones |= {person_zone(c, company) for c in audiences.matching(items, criteria, at)}
        if start is None:
            return zones


def cancel(actor: Actor, campaign_id: str) -> dict:
    """Stop it: a scheduled campaign's schedules are deleted; one that is going stops before its
    next email (the composer reads the state). Cancelling twice is harmless."""
    _require(actor)
    item = _item(actor, campaign_id)
    if item.state == "cancelled":
        return view(item)
    if item.state not in OPEN:
        raise Conflict(f"the campaign is {item.state}; it can no longer be cancelled", field="state")
    moment = db.now()
    _update(item, [CampaignItem.state.set("cancelled"), CampaignItem.cancelled_at.set(moment),
                   CampaignItem.cancelled_by.set(actor.name), CampaignItem.updated_at.set(moment),
                   CampaignItem.updated_by.set(actor.name)], expect=OPEN)
    from chalicelib.aws.scheduler import cancel as delete_schedule

    for wave in range(len(item.waves or [])):
        delete_schedule(schedule_name(campaign_id, wave))
    logger.info("campaign cancelled", extra={"company": actor.company, "campaign_id": campaign_id})
    return view(item)


# -- results ---------------------------------------------------------------------------------

def results(actor: Actor, campaign_id: str) -> dict:
    """What became of it: how many were queued (the audience when it went), and of those how
    many were sent, skipped by the cap, suppressed, stopped (campaigns turned off meanwhile),
    without consent; bounces SES reported; people who used the unsubscribe link of this campaign's email.
    Clicks are not counted yet (issue 21): ``clicked`` is null until they are."""
    _require(actor)
    item = _item(actor, campaign_id)
    counted = ledger.counts(actor.company, KIND, item.campaign_id)
    return {"campaign_id": item.campaign_id, "state": item.state, "audience": int(item.queued or 0), **counted, "clicked": None}
