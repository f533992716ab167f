"""What a recruiter sends to set up LinkedIn Apply Connect."""
from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from chalicelib.schema import Name, Strict

OrganizationId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,20}$")]


class IntegrationRequest(Strict):
    enabled: bool
    # LinkedIn requires the customer to accept its jobs terms before Apply Connect is on: the
    # person who accepted, recorded with the time.
    terms_accepted_by: Name | None = None
    # "Enable Apply Connect by default for all my LinkedIn job postings".
    default_apply_connect: bool = True
    organization_id: OrganizationId | None = None
    # Linked by the company's LinkedIn admin in LinkedIn's widget: applicant highlights and status
    # notifications need it; notifications can then be switched on or off.
    recruiter_contract: bool = False
    status_notifications: bool = False
    # Apply Connect postings require a resume, or only offer to take one.
    resume_required: bool = True
