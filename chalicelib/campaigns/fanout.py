"""A campaign's fan-out: the audience read one page at a time, each page its own message on the
campaigns queue, so that an audience of any size never holds one invocation for long (as the
job-tip announcer keeps its work to what one invocation does).

A step enqueues one CampaignEmail per person of its page who receives the campaign and whose
wave it is, puts the next step on the queue, and only then records on the campaign that it is
done (a conditional write on the campaign's version). So at-least-once delivery is safe:

- a step delivered twice, or a schedule that fires twice, finds the campaign already past it and
  does nothing (a step still running twice at once enqueues its emails twice, and the
  notifications consumer's idempotency on (campaign, person) sends each once);
- a step that arrives before its predecessor has recorded itself is retried later;
- a cancelled campaign stops at its next step, and its emails already queued are dropped by the
  composer, which reads the state before each one.
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError
from pynamodb.exceptions import UpdateError

from chalicelib import db
from chalicelib.aws import queues, scheduler
from chalicelib.campaigns import audience as audiences
from chalicelib.campaigns.messages import CampaignEmail, Step
from chalicelib.campaigns.models import CampaignItem, get_campaign
from chalicelib.companies.service import load_company
from chalicelib.config import get_settings
from chalicelib.errors import Conflict
from chalicelib.events import PoisonMessage
from chalicelib.jsonsafe import load_json
from chalicelib.notifications.messages import enqueue
from chalicelib.observability import count, logger


def schedule_name(campaign_id: str, wave: int) -> str:
    # EventBridge Scheduler names: at most 64 characters of [0-9a-zA-Z-_.]; the id is 32 hex.
    return f"campaign-{campaign_id}-{wave}"


def local_moment(wall: str, zone: str) -> datetime:
    """A wall-clock time ("2026-12-08T09:00") in ``zone`` as a UTC moment."""
    naive = datetime.strptime(wall, "%Y-%m-%dT%H:%M")
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def person_zone(candidate, company) -> str:
    """A person's time zone is the one they chose on their dashboard; else the company's. (A
    location in the catalogue carries no time zone, so it cannot stand in for one.)"""
    return candidate.timezone or company.settings.timezone or "UTC"


class NotYet(Exception):
    """The step's predecessor has not recorded itself yet: retried after the visibility timeout."""


def start(company: str, campaign_id: str, wave: int) -> None:
    queues.send_json(get_settings().campaigns_queue, Step(company=company, campaign_id=campaign_id, wave=wave, step=0).model_dump())


def schedule_waves(company: str, campaign_id: str, moments: list[datetime]) -> None:
    """One EventBridge schedule per wave, delivering the wave's first step to the campaigns queue."""
    target = queues.queue_arn(get_settings().campaigns_queue)
    for wave, moment in enumerate(moments):
        scheduler.schedule_once(schedule_name(campaign_id, wave), moment,
                                Step(company=company, campaign_id=campaign_id, wave=wave, step=0).model_dump(), target_arn=target)


def handle_campaign_message(record: SQSRecord) -> None:
    try:
        step = Step.model_validate(load_json(record.body))
    except (ValueError, ValidationError):
        raise PoisonMessage("not a campaign step") from None
    run(step)


def run(step: Step) -> str:
    campaign = get_campaign(step.company, step.campaign_id)
    if campaign is None or campaign.state not in ("scheduled", "sending"):
        return "nothing to do"  # cancelled, finished, or never there
    at = (step.wave, step.step)
    here = (int(campaign.wave), int(campaign.step))
    if at < here:
        count("DuplicatesSuppressed")
        return "done before"
    if at > here:
        raise NotYet(f"campaign {step.campaign_id} is at {here}, this step is {at}")
    company = load_company(step.company)
    from chalicelib.team.actors import system_actor

    try:
        segment = audiences.segment_filters(system_actor(step.company, "campaigns"), campaign.audience)
    except Conflict:  # the segment was deleted after the campaign was scheduled
        logger.warning("campaign's segment is gone; nothing sent", extra={"company": step.company, "campaign_id": step.campaign_id})
        _record(campaign, at, None, 0, final=True)
        return "segment gone"
    criteria = audiences.criteria_of(campaign.audience, segment)
    waves = [datetime.fromisoformat(w.replace("Z", "+00:00")) for w in campaign.waves or [db.iso(db.now())]]
    moment = db.now()
    items, following = audiences.page(step.company, step.start)
    recipients = []
    for candidate in audiences.matching(items, criteria, moment):
        if campaign.send_mode == "person" and len(waves) > 1:
            own = local_moment(campaign.send_at, person_zone(candidate, company))
            if _wave_of(own, waves) != step.wave:
                continue
        if audiences.why_left_out(candidate, campaign.exclusions or {}, moment, suppression=False) is None:
            recipients.append(candidate.candidate_id)
    enqueue(CampaignEmail(company=step.company, candidate_id=c, campaign_id=step.campaign_id) for c in recipients)
    if following is not None:
        queues.send_json(get_settings().campaigns_queue, Step(company=step.company, campaign_id=step.campaign_id,
                                                              wave=step.wave, step=step.step + 1, start=following).model_dump())
    last_wave = step.wave + 1 >= len(waves)
    _record(campaign, at, following, len(recipients), final=following is None and last_wave)
    count("CampaignEmailsQueued", len(recipients))
    return "stepped"


def _wave_of(own: datetime, waves: list[datetime]) -> int:
    """The first wave at or after the person's own moment (the last for anyone later)."""
    for index, wave in enumerate(waves):
        if own <= wave:
            return index
    return len(waves) - 1


def _record(campaign: CampaignItem, at: tuple[int, int], following: str | None, queued: int, final: bool) -> None:
    wave, step = at
    moment = db.now()
    actions = [CampaignItem.queued.add(queued)]
    if campaign.state == "scheduled":
        actions.append(CampaignItem.started_at.set(moment))
    if following is not None:
        actions.append(CampaignItem.step.set(step + 1))
    else:
        actions += [CampaignItem.wave.set(wave + 1), CampaignItem.step.set(0)]
    if final:
        actions += [CampaignItem.state.set("sent"), CampaignItem.finished_at.set(moment)]
    elif campaign.state == "scheduled":
        actions.append(CampaignItem.state.set("sending"))
    try:
        campaign.update(actions=actions, condition=CampaignItem.state.is_in("scheduled", "sending")
                        & (CampaignItem.wave == wave) & (CampaignItem.step == step))
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        # Cancelled meanwhile, or a twin of this step recorded first: the next delivery decides.
        logger.info("campaign step not recorded: the campaign moved on", extra={"company": campaign.company,
                                                                                  "campaign_id": campaign.campaign_id})
        return
    if final:
        logger.info("campaign sent", extra={"company": campaign.company, "campaign_id": campaign.campaign_id,
                                            "queued": int(campaign.queued or 0)})
