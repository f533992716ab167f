"""What the emails of one batch share: the consumer opens a scope around each SQS batch, and
composers read through `once`, so ten job tips for the same job read the job (and the
company) once, not ten times. Outside a scope `once` simply loads."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Hashable, Iterator, TypeVar

T = TypeVar("T")
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("notification_batch", default=None)


@contextmanager
def scope() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: Hashable, load: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]
