"""PynamoDB glue: table names come from settings when a model is first used, not at import,
so that importing the app (tests, `chalice package`) needs no environment."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

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


def find(model: Any, hash_key: str, range_key: str | None = None, consistent: bool = False) -> Any:
    """One item by its key, or None: when it does not exist, or when the key (typed by someone,
    in a path or a link) could not be a key at all."""
    if not usable_key(hash_key, *(() if range_key is None else (range_key,))):
        return None
    try:
        return model.get(hash_key, range_key, consistent_read=consistent)
    except model.DoesNotExist:
        return None


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
