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
