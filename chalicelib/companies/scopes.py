"""What an admin API key may do: its scope, checked for every /admin request in one place
(companies/http.py admin_key, which every admin route calls to learn its company).

- read: GET and HEAD on /admin/*, except the key management (/admin/api-keys);
- jobs: read, and writing jobs (POST, PUT, PATCH, DELETE on /admin/jobs and below, but not who
  works on a job), for a job board;
- full: everything, key management included.

The rules below are matched in order; a route none of them names needs "full", so a route added
later is closed to narrower keys until someone decides otherwise.
"""
from __future__ import annotations

SCOPES = ("read", "jobs", "full")
_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}
# Keys made before scopes existed could do everything; they still can.
LEGACY = "full"

READS = frozenset({"GET", "HEAD"})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# (methods, path or path prefix ending in "/", scope needed); the first match decides.
RULES: tuple[tuple[frozenset[str], str, str], ...] = (
    (READS | WRITES, "/admin/api-keys", "full"),
    (READS | WRITES, "/admin/api-keys/", "full"),
    # Who works on a job is the team's business, not a job board's.
    (WRITES, "/admin/jobs/{job_id}/members", "full"),
    (WRITES, "/admin/jobs", "jobs"),
    (WRITES, "/admin/jobs/", "jobs"),
    (READS, "/admin/", "read"),
)


def needed(method: str, path: str) -> str:
    """The scope an admin request needs: by method and route path (e.g. /admin/jobs/{job_id})."""
    for methods, pattern, scope in RULES:
        if method.upper() in methods and (path == pattern or (pattern.endswith("/") and path.startswith(pattern))):
            return scope
    return "full"


def covers(have: str | None, need: str) -> bool:
    return _RANK.get(have or LEGACY, -1) >= _RANK[need]
