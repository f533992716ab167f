"""PynamoDB glue: table names come from settings when a model is first used, not at import,
so that importing the app (tests, `chalice package`) needs no environment."""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

from pynamodb.connection.base import Connection

from chalicelib.config import get_settings

_own_session = Connection.session


def _shared_session(connection: Connection) -> Any:
    """The process's botocore session (boto3's, aws/clients.py) for every PynamoDB connection on
    the main thread, where Lambda runs the handler. PynamoDB makes a botocore session for each
    connection, that is for each model class (pynamodb issue 876), and each one reads the
    endpoints and the DynamoDB model from disk again: on a first connect, seven sessions cost
    ~450 ms of CPU and ~45 MB. Other threads keep PynamoDB's own session per thread (botocore's
    client creation is not thread-safe), as does a connection given credentials of its own."""
    if threading.current_thread() is threading.main_thread() and not connection._aws_access_key_id:
        from chalicelib.aws.clients import botocore_session

        return botocore_session()
    return _own_session.fget(connection)


Connection.session = property(_shared_session)  # type: ignore[method-assign]

_own_client = Connection.client
_CLIENTS: dict[tuple, Any] = {}


def _shared_client(connection: Connection) -> Any:
    """One botocore DynamoDB client for every PynamoDB connection configured alike, on the main
    thread. PynamoDB builds a client per connection, that is per model class: a first connect
    uses five models, and each client costs as much CPU as a first API call. The connections
    share it only where nothing is their own (no credentials or extra headers of their own);
    PynamoDB's check that a client has credentials (botocore can cache empty ones) still runs."""
    if threading.current_thread() is not threading.main_thread() or connection._aws_access_key_id or connection._extra_headers:
        return _own_client.fget(connection)
    key = (connection.region, connection.host, connection._connect_timeout_seconds, connection._read_timeout_seconds,
           connection._max_pool_connections, connection._max_retry_attempts_exception, repr(connection._retry_configuration))
    shared = _CLIENTS.get(key)
    if shared is None or (shared._request_signer and not shared._request_signer._credentials):
        connection._client = None
        shared = _CLIENTS[key] = _own_client.fget(connection)
    connection._client = shared
    return shared


Connection.client = property(_shared_client)  # type: ignore[method-assign]


def reset_clients() -> None:
    """Tests start each case on a fresh AWS backend: the shared clients are made again."""
    _CLIENTS.clear()


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


# The one clock the product reads. Modules import `now` by name, so a test that moves time
# forward sets `clock` here (tests/support.py's Clock) and every one of them follows, instead of
# patching each module's own reference.
clock: Any = None


def now() -> datetime:
    return clock() if clock is not None else datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
