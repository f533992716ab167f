"""What campaigns put on the queues: one email per (campaign, person) on the notifications queue
(composed in emails.py), and the fan-out's steps on the campaigns queue (fanout.py)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.notifications.registry import Notification
from chalicelib.schema import Slug, Strict


class CampaignEmail(Notification):
    """The campaign to one candidate. Its idempotency key is (kind, company, candidate,
    campaign): a retry, a redelivery, a second fan-out of the same page or a schedule firing
    twice delivers it once."""

    kind: Literal["campaign"] = "campaign"
    candidate_id: str = Field(min_length=1, max_length=200)
    campaign_id: str = Field(min_length=1, max_length=64)

    def occasion(self) -> str:
        return self.campaign_id


class Step(Strict):
    """One step of a campaign's fan-out: wave ``wave``'s page number ``step``, which starts at
    ``start`` (the community index's position; None for a wave's first page)."""

    company: Slug
    campaign_id: str = Field(min_length=1, max_length=64)
    wave: int = Field(ge=0, le=100)
    step: int = Field(ge=0, le=10_000_000)
    start: str | None = Field(default=None, max_length=4000)
