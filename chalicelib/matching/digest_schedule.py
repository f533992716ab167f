"""When a candidate's digest is due: 08:00 in their time zone, every day or every Monday."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DIGEST_HOUR = 8
MONDAY = 0


def next_due(frequency: str, tz: str, moment: datetime) -> datetime:
    local = moment.astimezone(ZoneInfo(tz))
    due = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == "weekly":
        due += timedelta(days=(MONDAY - local.weekday()) % 7)
        if due <= local:
            due += timedelta(days=7)
    elif due <= local:
        due += timedelta(days=1)
    # Aware local arithmetic keeps the wall clock across DST changes; convert only at the end.
    return due.astimezone(timezone.utc)


def hour_key(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H")
