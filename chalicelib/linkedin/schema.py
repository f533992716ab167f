"""What a recruiter sends to set up LinkedIn Apply Connect."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StrictBool, StringConstraints

from chalicelib.schema import Name, Strict

OrganizationId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,20}$")]
CONTRACT_PREFIX = "urn:li:contract:"


def _contract_urn(value: str) -> str:
    """The Recruiter contract's id as LinkedIn's upgrade guide sends it (`urn:li:contract:{id}`),
    from the id itself or that URN; anything else is refused."""
    match = re.fullmatch(r"(?:urn:li:contract:)?([0-9]{1,20})", value)
    if match is None:
        raise ValueError("must be the contract's id (digits) or urn:li:contract:<id>")
    return CONTRACT_PREFIX + match.group(1)


ContractId = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40), AfterValidator(_contract_urn)]


class IntegrationRequest(Strict):
    # Every switch strictly true or false: "no", 0 or "off" is a mistake, never a choice (a
    # lax "no" would switch the integration off and re-post every live job off-site).
    enabled: StrictBool
    # LinkedIn requires the customer to accept its jobs terms before Apply Connect is on: the
    # person who accepted, recorded with the time.
    terms_accepted_by: Name | None = None
    # "Enable Apply Connect by default for all my LinkedIn job postings".
    default_apply_connect: StrictBool = True
    organization_id: OrganizationId | None = None
    # Linked by the company's LinkedIn admin in LinkedIn's widget: applicant highlights and status
    # notifications need it; notifications can then be switched on or off.
    recruiter_contract: StrictBool = False
    # The contract's id, which premium (paid) postings carry as `contract`; giving it means a
    # contract is linked.
    recruiter_contract_id: ContractId | None = None
    status_notifications: StrictBool = False
    # Apply Connect postings require a resume, or only offer to take one.
    resume_required: StrictBool = True
