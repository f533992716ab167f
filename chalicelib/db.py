"""PynamoDB glue: table names come from settings when a model is first used, not at import,
so that importing the app (tests, `chalice package`) needs no environment."""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.config import get_settings


class TableMeta:
    region = None  # botocore takes the region from the Lambda environment
    host = None  # and the endpoint from AWS_ENDPOINT_URL locally
    max_retry_attempts = 4  # five attempts in all, botocore's standard retry mode (as clients.RETRIES)

    def __init__(self, setting: str):
        self._setting = setting

    @property
    def table_name(self) -> str:
        return getattr(get_settings(), self._setting)


def usable_key(*values: str | None) -> bool:
    """Could these be parts of a DynamoDB key at all? Ids from paths and links are typed by
    people: an empty or oversized one would make DynamoDB answer ValidationException (a 500);
    it is simply not found."""
    return all(isinstance(v, str) and v and len(v.encode("utf-8", "surrogatepass")) <= 512 and v.isprintable() for v in values)


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
