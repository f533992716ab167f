"""Powertools Logger, Metrics and Tracer shared by every function.

Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME and
POWERTOOLS_METRICS_NAMESPACE (set in .chalice/config.json).
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Mapping

import functools
from typing import Callable, TypeVar

from aws_lambda_powertools import Logger, Metrics

F = TypeVar("F", bound=Callable[..., Any])

# The attributes of a LogRecord. The standard library raises KeyError for an `extra` key that
# would overwrite one of them ("Attempt to overwrite 'created' in LogRecord"), but only when the
# level is enabled, so such a call passes every test run below that level and fails in Lambda.
RESERVED = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def safe_extra(extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """``extra`` with every reserved key renamed (``created`` → ``created_``), never dropped."""
    return {(f"{key}_" if key in RESERVED else key): value for key, value in (extra or {}).items()}


def _guarded(level: str):
    def log(self: "SafeLogger", msg: object, *args: object, extra: Mapping[str, object] | None = None, **kwargs: Any) -> None:
        method = getattr(super(SafeLogger, self), level)
        method(msg, *args, extra=safe_extra({**(extra or {}), **_fields(kwargs)}), **_options(kwargs))

    log.__name__ = level
    return log


class SafeLogger(Logger):
    """Powertools' Logger whose structured fields can never collide with the LogRecord's own."""

    debug = _guarded("debug")
    info = _guarded("info")
    warning = _guarded("warning")
    error = _guarded("error")
    exception = _guarded("exception")
    critical = _guarded("critical")


_OPTIONS = ("exc_info", "stack_info", "stacklevel")


def _options(kwargs: dict) -> dict:
    options = {k: v for k, v in kwargs.items() if k in _OPTIONS}
    # One frame more than Powertools expects: the caller's file and line, not this module's.
    options["stacklevel"] = options.get("stacklevel", 2) + 1
    return options


def _fields(kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k not in _OPTIONS}


logger = SafeLogger()
metrics = Metrics()


class LazyTracer:
    """Powertools' Tracer, created the first time a traced function runs, and only when tracing is
    on: creating a Tracer imports the X-Ray SDK (its recorder builds a botocore session and client
    outside Lambda, 100 to 300 ms of CPU) even when Powertools then disables it, which a function
    that traces nothing should not pay. Off, a traced function is the function itself."""

    def __init__(self) -> None:
        self._tracer = None

    def _get(self):
        if self._tracer is None:
            from aws_lambda_powertools import Tracer

            self._tracer = Tracer()
        return self._tracer

    def capture_method(self, method: F) -> F:
        traced: list[Callable[..., Any]] = []

        @functools.wraps(method)
        def run(*args: Any, **kwargs: Any) -> Any:
            if not traced:
                traced.append(self._get().capture_method(method) if tracing_enabled() else method)
            return traced[0](*args, **kwargs)

        return run  # type: ignore[return-value]


def tracing_enabled() -> bool:
    """Powertools' own rule: off with POWERTOOLS_TRACE_DISABLED, or outside Lambda (no
    LAMBDA_TASK_ROOT; or under SAM's or Chalice's local emulators). Importing the tracing module
    alone does not import the X-Ray SDK."""
    from aws_lambda_powertools.tracing.tracer import Tracer

    return not Tracer._is_tracer_disabled()


tracer = LazyTracer()


def count(name: str, value: int = 1) -> None:
    if value:
        metrics.add_metric(name=name, unit="Count", value=value)


def email_ref(email: str) -> str:
    """A stable, non-reversible reference for logs: addresses never appear in clear."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]
