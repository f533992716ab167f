"""The jobs' view extension point: what capabilities above jobs add to one job's admin view
(LinkedIn adds its posting's status) without jobs importing them (see chalicelib/plugins.py)."""
from __future__ import annotations

from typing import Callable

from chalicelib.jobs.models import JobItem

Extra = Callable[[JobItem], dict]
_extras: list[Extra] = []


def register(extra: Extra) -> None:
    if extra not in _extras:
        _extras.append(extra)


def extended(job: JobItem, view: dict) -> dict:
    from chalicelib import plugins

    plugins.load("hooks")
    for extra in _extras:
        view.update(extra(job))
    return view
