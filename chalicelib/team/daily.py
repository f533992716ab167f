"""The register of members who chose the daily digest (team/alerts.py), and how far each one's
last digest reached. It lives in the companies table under a partition no company slug can
have (slugs are [a-z0-9-]): the daily rule reads this one partition, never every company's, and
never the applications."""
from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, find

DAILY_PARTITION = "#team-daily"
FIRST_DIGEST_HOURS = 24  # a member's first digest looks back one day


class DailyDigestItem(Model):
    """A member who chose the daily digest, and how far their last digest reached."""

    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)  # DAILY_PARTITION
    sk = UnicodeAttribute(range_key=True)  # <company>#<member id>
    member_company = UnicodeAttribute()
    member_id = UnicodeAttribute()
    through = UTCDateTimeAttribute(null=True)  # the last sent digest covered applications up to here


def _daily_key(company: str, member_id: str) -> str:
    return f"{company}#{member_id}"


def daily_mark(company: str, member_id: str) -> DailyDigestItem | None:
    return find(DailyDigestItem, DAILY_PARTITION, _daily_key(company, member_id), consistent=True)


def choose(company: str, member_id: str, notifications: str) -> None:
    """Keep the daily register in step with a member's choice (set_notifications, removal)."""
    existing = daily_mark(company, member_id)
    if notifications == "daily" and existing is None:
        DailyDigestItem(company=DAILY_PARTITION, sk=_daily_key(company, member_id), member_company=company,
                        member_id=member_id).save(condition=DailyDigestItem.sk.does_not_exist())
    elif notifications != "daily" and existing is not None:
        existing.delete()


def digest_window(company: str, member_id: str, until: datetime) -> tuple[datetime, datetime]:
    mark = daily_mark(company, member_id)
    since = mark.through if mark is not None and mark.through is not None else until - timedelta(hours=FIRST_DIGEST_HOURS)
    return since, until


def mark_sent(company: str, member_id: str, until: datetime) -> None:
    """After the send: the next digest starts where this one ended (never moved backwards)."""
    from pynamodb.exceptions import UpdateError

    mark = daily_mark(company, member_id)
    if mark is None:
        return
    try:
        mark.update(actions=[DailyDigestItem.through.set(until)],
                    condition=DailyDigestItem.through.does_not_exist() | (DailyDigestItem.through < until))
    except UpdateError:
        pass  # a later digest already moved it further, or the member stopped the digest


def members() -> list[DailyDigestItem]:
    return list(DailyDigestItem.query(DAILY_PARTITION))
