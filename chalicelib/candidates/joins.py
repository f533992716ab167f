"""How an application joins a candidate: after applying, the applicant connects with the
application's details; or the owner of an address confirms that applications made with it are
theirs.

Applications sit above candidates (they need candidates, never the reverse), so they answer
here through their hooks.py (`provide`), and candidates never import them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib import plugins


@dataclass(frozen=True)
class Applicant:
    application_id: str
    email: str
    first_name: str
    last_name: str


class Applications(Protocol):
    def offered(self, company: str, application_id: str, token: str) -> Applicant:
        """The application whose connect offer this token is; NotFound otherwise."""

    def join(self, company: str, application_id: str, candidate_id: str) -> None:
        """The application now belongs to the candidate."""

    def claim(self, company: str, candidate: Any, application_ids: list[str]) -> int:
        """Join those of the applications made with the candidate's address and not yet anyone's."""


_provided: list[Applications] = []


def provide(applications: Applications) -> None:
    _provided[:] = [applications]


def applications() -> Applications:
    plugins.load("hooks")
    if not _provided:
        raise RuntimeError("no capability provides applications (chalicelib/applications/hooks.py)")
    return _provided[0]
