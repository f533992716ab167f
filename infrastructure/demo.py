"""The demo company the local stack seeds and the tests use: its departments, roles and locations
cover the seed's Examples A, B and C."""
from __future__ import annotations

DEMO_SLUG = "acme"
DEMO_NAME = "Acme Robotics"

DEMO_SETTINGS: dict = {
    "departments": [
        {
            "id": "product",
            "name": "Product Development",
            "roles": [
                {"id": "front-end-developer", "name": "Front End Developer"},
                {"id": "back-end-developer", "name": "Back End Developer"},
                {"id": "product-designer", "name": "Product Designer"},
            ],
        },
        {
            "id": "customer-support",
            "name": "Customer Support",
            "roles": [
                {"id": "technical-support-agent", "name": "Technical Support Agent"},
                {"id": "support-team-lead", "name": "Support Team Lead"},
            ],
        },
        {
            "id": "sales",
            "name": "Sales",
            "roles": [
                {"id": "account-executive", "name": "Account Executive"},
                {"id": "sales-development-rep", "name": "Sales Development Representative"},
            ],
        },
        {
            "id": "customer-success",
            "name": "Customer Success",
            "roles": [
                {"id": "customer-success-manager", "name": "Customer Success Manager"},
                {"id": "onboarding-specialist", "name": "Onboarding Specialist"},
            ],
        },
    ],
    "locations": [
        {"id": "stockholm", "name": "Stockholm"},
        {"id": "london", "name": "London"},
        {"id": "berlin", "name": "Berlin"},
    ],
    "questions": [
        {"id": "linkedin", "text": "Your LinkedIn profile (optional)", "type": "text"},
        {"id": "visa", "text": "Do you need a visa sponsorship to work with us?", "type": "yes_no"},
        {
            "id": "experience",
            "text": "Years of professional experience",
            "type": "single_choice",
            "options": ["0-2", "3-5", "6-10", "10+"],
        },
    ],
    "allowed_origins": ["http://127.0.0.1:8080", "https://careers.acme.example"],
    "sender_name": "Acme Robotics Careers",
    "timezone": "Europe/Stockholm",
}

# The demo's hiring team: one member of each role, the hiring member assigned to the demo job.
# Invited without an email (nobody reads them); the admin signs in by the link `make run` prints,
# the others by asking the console's sign-in page for a link (it lands in the local outbox).
DEMO_TEAM = (
    {"email": "grace@acme.example", "name": "Grace Hopper", "role": "admin"},
    {"email": "margaret@acme.example", "name": "Margaret Hamilton", "role": "recruiter"},
    {"email": "alan@acme.example", "name": "Alan Turing", "role": "hiring"},
)
DEMO_JOB = {
    "external_id": "pd-1", "title": "Product Designer", "department": "product", "role": "product-designer",
    "locations": ["stockholm"], "work_mode": "hybrid", "description": "Design the robots' companion app.",
    "apply_url": "https://careers.acme.example/jobs/pd-1", "status": "published", "version": 1,
}
DEMO_SIGN_IN_HOURS = 12


def seed_demo_team(slug: str = DEMO_SLUG) -> str:
    """The demo company's team and job; returns a link that signs the demo admin in (single use,
    twelve hours: long enough to open after reading the banner)."""
    from datetime import timedelta

    from chalicelib.jobs.assignments import assign_to_job
    from chalicelib.jobs.schema import JobPosting
    from chalicelib.jobs.service import upsert_posting
    from chalicelib.team.actors import system_actor
    from chalicelib.team.service import invite, sign_in_link

    operator = system_actor(slug, "make run")
    members = {m["role"]: invite(operator, m, send=False) for m in DEMO_TEAM}
    upsert_posting(operator, JobPosting.model_validate(DEMO_JOB), "api")
    assign_to_job(operator, DEMO_JOB["external_id"], [members["hiring"]["id"]])
    return sign_in_link(slug, members["admin"]["id"], timedelta(hours=DEMO_SIGN_IN_HOURS))
