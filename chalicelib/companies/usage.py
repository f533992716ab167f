"""Which of a company's labels (departments, roles, locations) its data still uses.

Companies sit below the capabilities that store these ids (candidates, jobs), so those answer
here through their hooks.py (`register`), and this module never imports them.
"""
from __future__ import annotations

from typing import Callable

from chalicelib import plugins

LABELS = ("departments", "roles", "locations")
Reader = Callable[[str], dict[str, set[str]]]
_READERS: list[Reader] = []


def register(reader: Reader) -> None:
    """``reader(company)`` returns the ids it uses, per kind of label."""
    if reader not in _READERS:
        _READERS.append(reader)


def in_use(company: str) -> dict[str, set[str]]:
    plugins.load("hooks")
    used: dict[str, set[str]] = {label: set() for label in LABELS}
    for reader in _READERS:
        for label, ids in reader(company).items():
            used[label] |= ids
    return used
