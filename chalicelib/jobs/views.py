"""The jobs' view extension point: what capabilities above jobs add to one job's admin view
(LinkedIn adds its posting's status, applications their count) without jobs importing them (see chalicelib/plugins.py)."""
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


def extended_all(jobs: list[JobItem], views: list[dict]) -> list[dict]:
    """A page of jobs, each with what the capabilities above add (the jobs list's screen and JSON)."""
    return [extended(job, view) for job, view in zip(jobs, views)]
