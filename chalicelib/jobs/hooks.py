"""What jobs answer for the capabilities below them (see chalicelib/plugins.py)."""
from __future__ import annotations

from chalicelib.companies import usage
from chalicelib.jobs.models import JobItem


def labels_in_use(company: str) -> dict[str, set[str]]:
    """Open jobs' labels: a closed job keeps its ids for the record, and nobody is matched to it."""
    used: dict[str, set[str]] = {"departments": set(), "roles": set(), "locations": set()}
    for job in JobItem.query(company):
        if job.status != "closed":
            used["departments"].add(job.department)
            used["roles"].add(job.role)
            used["locations"] |= set(job.locations or [])
    return used


usage.register(labels_in_use)
