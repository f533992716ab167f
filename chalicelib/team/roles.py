"""What each role may do. Checked in the use cases (team/actors.py `Actor.require`), so a
console screen, a JSON route and the CLI refuse the same things; the console only hides what
the role cannot use.

- admin: everything, the team, API keys, settings and integrations included;
- recruiter: jobs, the community, every application, templates, segments, campaigns;
- hiring: only the jobs they are assigned to and those jobs' applications; no community list,
  no candidate profile outside their jobs' applications, no export.
"""
from __future__ import annotations

ROLES = ("admin", "recruiter", "hiring")
ROLE_NAMES = {"admin": "Admin", "recruiter": "Recruiter", "hiring": "Hiring member"}

TEAM = "team"  # invite, change roles, remove members
KEYS = "keys"
SETTINGS = "settings"
COMMUNITY = "community"  # the community list, candidate profiles, segments
ALL_APPLICATIONS = "all_applications"  # every job's applications, and assigning members to jobs
JOBS = "jobs"
APPLICATIONS = "applications"  # the applications the actor can see (a hiring member: their jobs')
EXPORT = "export"
TEMPLATES = "templates"  # the company's email templates (Settings -> Templates -> Messages)
INTEGRATIONS = "integrations"  # LinkedIn Apply Connect and other integrations
CAMPAIGNS = "campaigns"  # nurture campaigns: write, count the audience, send, cancel, results

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({TEAM, KEYS, SETTINGS, INTEGRATIONS, COMMUNITY, ALL_APPLICATIONS, JOBS, APPLICATIONS, EXPORT, TEMPLATES,
                        CAMPAIGNS}),
    "recruiter": frozenset({COMMUNITY, ALL_APPLICATIONS, JOBS, APPLICATIONS, EXPORT, TEMPLATES, CAMPAIGNS}),
    "hiring": frozenset({APPLICATIONS}),
}
