"""What jobs answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from collections import Counter

from chalicelib.companies import usage
from chalicelib.jobs.models import JobItem


def labels_in_use(company: str) -> dict[str, Counter]:
    """How many open jobs use each label: a closed job keeps its ids for the record, and nobody
    is matched to it."""
    used: dict[str, Counter] = {"departments": Counter(), "roles": Counter(), "locations": Counter()}
    for job in JobItem.query(company):
        if job.status != "closed":
            used["departments"][job.department] += 1
            used["roles"][job.role] += 1
            used["locations"].update(set(job.locations or []))
    return used


usage.register(labels_in_use, "open jobs")
