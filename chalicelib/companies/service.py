"""Companies: creation, admin API keys, and the Connect settings."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pynamodb.exceptions import PutError

from chalicelib.api import validate
from chalicelib.companies.models import API_KEY_PREFIX, PROFILE, ApiKeyItem, CompanyItem
from chalicelib.companies.schema import CompanySettings
from chalicelib.db import now
from chalicelib.errors import Conflict, NotFound, Unauthorized
from chalicelib.schema import Slug, Strict

KEY_SCHEME = "cck"


class NewCompany(Strict):
    slug: Slug
    name: str


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    settings: CompanySettings


def _hash(secret: str) -> str:
    # Keys are 256 random bits, so a plain digest is as strong as a slow hash here.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_company(slug: str, name: str, settings: CompanySettings | None = None) -> tuple[Company, str]:
    """Create a company and its first admin API key. The key is returned once and never stored."""
    validate(NewCompany, {"slug": slug, "name": name})
    moment = now()
    settings = settings or CompanySettings()
    item = CompanyItem(
        company=slug, sk=PROFILE, name=name, settings=settings.model_dump(mode="json"),
        created_at=moment, updated_at=moment,
    )
    try:
        item.save(condition=CompanyItem.company.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise Conflict(f"company {slug!r} already exists", field="slug") from None
        raise
    return Company(slug, name, settings), issue_api_key(slug)


def issue_api_key(company: str) -> str:
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    ApiKeyItem(company=company, sk=API_KEY_PREFIX + key_id, key_hash=_hash(secret), created_at=now()).save()
    return f"{KEY_SCHEME}.{company}.{key_id}.{secret}"


def authenticate_admin(api_key: str | None) -> str:
    """The company an admin API key belongs to, or Unauthorized."""
    parts = (api_key or "").split(".")
    if len(parts) != 4 or parts[0] != KEY_SCHEME:
        raise Unauthorized("a valid admin API key is required (Authorization: Bearer <key>)")
    _, company, key_id, secret = parts
    try:
        item = ApiKeyItem.get(company, API_KEY_PREFIX + key_id)
    except ApiKeyItem.DoesNotExist:
        item = None
    if item is None or item.revoked_at is not None or not hmac.compare_digest(item.key_hash, _hash(secret)):
        raise Unauthorized("a valid admin API key is required (Authorization: Bearer <key>)")
    return company


def load_company(slug: str) -> Company:
    try:
        item = CompanyItem.get(slug, PROFILE)
    except (CompanyItem.DoesNotExist, ValueError):
        raise NotFound(f"no company {slug!r}", field="company") from None
    return Company(item.company, item.name, CompanySettings.model_validate(item.settings))


def replace_settings(slug: str, settings: CompanySettings) -> Company:
    company = load_company(slug)
    CompanyItem(company=slug, sk=PROFILE).update(
        actions=[CompanyItem.settings.set(settings.model_dump(mode="json")), CompanyItem.updated_at.set(now())],
        condition=CompanyItem.company.exists(),
    )
    return Company(slug, company.name, settings)
