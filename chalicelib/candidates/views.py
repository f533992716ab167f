"""How a candidate's connections read, for the candidate's dashboard and the recruiters alike."""
from __future__ import annotations

from chalicelib.candidates.models import CandidateItem
from chalicelib.companies.schema import CompanySettings


def connections_view(candidate: CandidateItem, settings: CompanySettings) -> dict:
    role_department = settings.role_department()
    return {
        "departments": [
            {"id": d, "name": (settings.department(d).name if settings.department(d) else d)} for d in candidate.departments
        ],
        "roles": [
            {"id": r, "name": settings.role_name(r) or r, "department": role_department.get(r)} for r in candidate.roles
        ],
    }
