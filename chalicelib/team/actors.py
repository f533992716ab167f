"""Who is acting: a team member signed in to the console, or an API key (a machine). Every use
case that reads or changes someone's data takes one, checks it (`require`, `require_job`) and
names it in the audit."""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.errors import Forbidden, NotFound
from chalicelib.team import roles


@dataclass(frozen=True)
class Actor:
    company: str
    kind: str  # member | api_key | system
    id: str
    name: str
    role: str
    jobs: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    language: str = "en"

    def may(self, permission: str) -> bool:
        return permission in roles.PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str) -> None:
        if not self.may(permission):
            raise Forbidden(f"your role ({roles.ROLE_NAMES.get(self.role, self.role)}) does not allow this", field="role")

    def sees_job(self, job_id: str | None) -> bool:
        return self.may(roles.ALL_APPLICATIONS) or (job_id is not None and job_id in self.jobs)

    def require_job(self, job_id: str | None) -> None:
        """A hiring member asking for another job's data learns nothing about it: not found."""
        if not self.may(roles.APPLICATIONS) or not self.sees_job(job_id):
            raise NotFound("no such job or application", field="job_id")

    @property
    def label(self) -> str:
        return self.name


def api_key_actor(company: str, key_id: str, label: str | None, scope: str) -> Actor:
    """A key acts as an admin within its scope (companies/scopes.py limits it further)."""
    return Actor(company=company, kind="api_key", id=key_id, name=f"API key {label}" if label else f"API key {key_id}",
                 role="admin")


def system_actor(company: str, what: str = "candidate-connect") -> Actor:
    return Actor(company=company, kind="system", id=what, name=what, role="admin")
