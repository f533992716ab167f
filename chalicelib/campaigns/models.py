"""Campaigns live in the companies table, under the company's partition (campaign#<id>): a
company writes tens or hundreds of them, always read and listed by company, and they are small
(the texts, the audience's definition, progress). One Query lists them; no new table, no new
index, nothing to provision. The people they reach are never stored here: the audience is read
from the community when the campaign goes, and what became of each email is counted by the
notifications mechanism (notifications/outcomes.py) under the campaign's id."""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, find, usable_key

CAMPAIGN_PREFIX = "campaign#"
STATES = ("draft", "scheduled", "sending", "sent", "cancelled")


class CampaignItem(Model):
    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # campaign#<campaign id>
    campaign_id = UnicodeAttribute()
    name = UnicodeAttribute()
    state = UnicodeAttribute(default="draft")
    contents = JSONAttribute(default=dict)  # {language: {"subject", "body" (Markdown), "text" (or null)}}
    audience = JSONAttribute(default=dict)  # {"segment_id": id} or {"filters": {...}} (talent/filters.py)
    exclusions = JSONAttribute(default=dict)  # {"applied_within_days": n or null, "active_application": bool}
    # When: "now", or a wall-clock time ("2026-12-08T09:00") in the company's time zone ("company")
    # or in each person's own ("person"); the waves are the UTC moments that time falls on.
    send_mode = UnicodeAttribute(null=True)
    send_at = UnicodeAttribute(null=True)
    waves = JSONAttribute(default=list)  # [iso UTC moment, ...], ascending
    # The fan-out's progress: which wave and step it is at (a step is one page of the community).
    wave = NumberAttribute(default=0)
    step = NumberAttribute(default=0)
    queued = NumberAttribute(default=0)  # emails put on the notifications queue
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute(null=True)
    scheduled_at = UTCDateTimeAttribute(null=True)  # the first wave
    started_at = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    cancelled_at = UTCDateTimeAttribute(null=True)
    cancelled_by = UnicodeAttribute(null=True)
    version = VersionAttribute()


def get_campaign(company: str, campaign_id: str, consistent: bool = True) -> CampaignItem | None:
    if not usable_key(campaign_id):
        return None
    return find(CampaignItem, company, CAMPAIGN_PREFIX + campaign_id, consistent)


def campaigns_of(company: str) -> list[CampaignItem]:
    return list(CampaignItem.query(company, CampaignItem.sk.startswith(CAMPAIGN_PREFIX), consistent_read=True))
