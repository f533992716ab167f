"""Extension points: how a shared mechanism, or a lower capability, reaches the capabilities
above it without importing them.

A capability folder may hold a module with a conventional name; the code that needs them loads
every folder's module of that name, by convention, never by a list of capability names:

- ``emails.py``: the emails the capability composes, registered with the notifications
  mechanism (chalicelib/notifications/registry.py).
- ``hooks.py``: what it answers for capabilities below it (which company labels it uses, how an
  application joins a candidate), registered with that capability's extension point.

So imports point one way (up the stack only at run time, through this module), a new email kind
touches one capability folder, and a Lambda function loads these modules only when it first
needs them.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import lru_cache
from types import ModuleType
from typing import Iterator

import chalicelib

ROLES = ("emails", "hooks")


@lru_cache(maxsize=len(ROLES))
def load(role: str) -> tuple[ModuleType, ...]:
    """Import ``chalicelib.<folder>.<role>`` for every folder that has one (once per container)."""
    return tuple(importlib.import_module(name) for name in _names(role))


def each(role: str) -> Iterator[ModuleType]:
    """The same modules in the same order, imported one at a time: a caller that finds what it
    looks for in the first ones stops there (the notifications consumer looks for the one email
    kind it was sent; a fresh container need not import every capability's emails for it)."""
    for name in _names(role):
        yield importlib.import_module(name)


@lru_cache(maxsize=len(ROLES))
def _names(role: str) -> tuple[str, ...]:
    if role not in ROLES:
        raise ValueError(f"unknown extension role {role!r}")
    folders = sorted(m.name for m in pkgutil.iter_modules(chalicelib.__path__) if m.ispkg)
    return tuple(f"chalicelib.{folder}.{role}" for folder in folders if importlib.util.find_spec(f"chalicelib.{folder}.{role}") is not None)
