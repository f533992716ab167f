"""Which of a company's labels (departments, roles, locations) its data still uses, and how much.

Companies sit below the capabilities that store these ids (candidates, jobs), so those answer
here through their hooks.py (`register`), and this module never imports them.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Mapping

from chalicelib import plugins

LABELS = ("departments", "roles", "locations")
# reader(company) -> {label: {id: how many use it}} (a set counts each id once).
Reader = Callable[[str], Mapping[str, "Counter[str] | set[str]"]]
_READERS: list[tuple[str, Reader]] = []


def register(reader: Reader, what: str = "candidates") -> None:
    """``reader(company)`` counts, per kind of label, the ``what`` (candidates, open jobs) using each id."""
    if all(existing is not reader for _, existing in _READERS):
        _READERS.append((what, reader))


def counts(company: str) -> dict[str, dict[str, dict[str, int]]]:
    """{label: {id: {what: how many}}} for every id in use, e.g.
    {"departments": {"sales": {"candidates": 3, "open jobs": 1}}}."""
    plugins.load("hooks")
    found: dict[str, dict[str, dict[str, int]]] = {label: {} for label in LABELS}
    for what, reader in _READERS:
        for label, ids in reader(company).items():
            tally = ids if isinstance(ids, Mapping) else Counter(ids)
            for label_id, number in tally.items():
                if number:
                    per = found[label].setdefault(label_id, {})
                    per[what] = per.get(what, 0) + number
    return found


def in_use(company: str) -> dict[str, set[str]]:
    return {label: set(ids) for label, ids in counts(company).items()}
