"""A company's child application with LinkedIn: where its credentials live (Secrets Manager
only) and the client that acts for the company with them."""
from __future__ import annotations

import json

from chalicelib.aws import secrets
from chalicelib.config import get_settings
from chalicelib.errors import Conflict
from chalicelib.linkedin.client import LinkedIn


def child_secret_name(company: str) -> str:
    return f"candidate-connect-{get_settings().stage}-linkedin/{company}"


_children: dict[tuple[str, str, str], LinkedIn] = {}


def reset() -> None:
    _children.clear()


def child_credentials(company: str) -> dict | None:
    """The company's child application's credentials (Secrets Manager, cached five minutes)."""
    return _credentials(child_secret_name(company))


def partner_client() -> LinkedIn:
    """The partner's parent application (provisioning): its credentials are a secret ops create."""
    settings = get_settings()
    credentials = _credentials(settings.linkedin_partner_secret_name) if settings.linkedin_partner_secret_name else None
    if credentials is None:
        raise Conflict("LinkedIn Apply Connect is not set up for this installation yet", field=None)
    return LinkedIn(settings.linkedin_api_url, settings.linkedin_oauth_url, credentials["client_id"], credentials["client_secret"])


def _credentials(secret_name: str) -> dict | None:
    """{"client_id", "client_secret"} from a secret, or None when it is missing or malformed."""
    raw = secrets.get(secret_name)
    try:
        credentials = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(credentials, dict) or not credentials.get("client_id") or not credentials.get("client_secret"):
        return None
    return credentials


def child_client(company: str) -> LinkedIn:
    """The client that acts for the company (its jobs, applications and statuses); one per
    container and credentials, so its token is reused until it expires."""
    credentials = child_credentials(company)
    if credentials is None:
        raise Conflict("this company has no LinkedIn application yet", field=None)
    settings = get_settings()
    key = (settings.linkedin_api_url, credentials["client_id"], credentials["client_secret"])
    if key not in _children:
        _children[key] = LinkedIn(settings.linkedin_api_url, settings.linkedin_oauth_url,
                                  credentials["client_id"], credentials["client_secret"])
    return _children[key]
