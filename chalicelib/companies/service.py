"""Companies: creation, admin API keys, and the Connect settings."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.api import validate
from chalicelib.companies import scopes
from chalicelib.companies.models import API_KEY_PREFIX, PROFILE, ApiKeyItem, CompanyItem
from chalicelib.companies.schema import CompanySettings
from chalicelib.db import iso, now, usable_key
from chalicelib.errors import Conflict, Forbidden, NotFound, Unauthorized
from chalicelib.schema import STORED, Label, Slug, Strict

KEY_SCHEME = "cck"
ADMIN_KEY = re.compile(rf"{KEY_SCHEME}\.[a-z0-9][a-z0-9-]{{0,62}}\.[0-9a-f]{{12}}\.[A-Za-z0-9_-]{{43}}")


class NewCompany(Strict):
    slug: Slug
    name: Label


@dataclass(frozen=True)
class AdminKey:
    """Who signed an admin request: the company, the key and what it may do."""

    company: str
    key_id: str
    scope: str
    label: str = ""


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    settings: CompanySettings


def page_view(company: Company) -> dict:
    """How a candidate page shows the company (web.render's layout): name, logo, language, the
    stylesheet's path segment. Every page a candidate reaches is drawn with it."""
    branding = company.settings.branding
    return {"slug": company.slug, "name": company.name, "language": company.settings.language,
            "languages": list(company.settings.languages), "logo_url": branding.logo_url if branding else None, "providers": []}


def page_view_of(slug: str | None) -> dict | None:
    """The page view of the company ``slug`` names, or None (no such company: a neutral page)."""
    if not slug:
        return None
    try:
        return page_view(load_company(slug))
    except NotFound:
        return None


def _hash(secret: str) -> str:
    # Keys are 256 random bits, so a plain digest is as strong as a slow hash here.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_company(slug: str, name: str, settings: CompanySettings | None = None) -> tuple[Company, str]:
    """Create a company and its first admin API key. The key is returned once and never stored."""
    validate(NewCompany, {"slug": slug, "name": name})
    moment = now()
    settings = settings or CompanySettings()
    item = CompanyItem(
        company=slug, sk=PROFILE, name=name, settings=settings.model_dump(mode="json"), settings_version=1,
        created_at=moment, updated_at=moment,
    )
    try:
        item.save(condition=CompanyItem.company.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise Conflict(f"company {slug!r} already exists", field="slug") from None
        raise
    return Company(slug, name, settings), issue_api_key(slug)


def issue_api_key(company: str, label: str = "", scope: str = "full") -> str:
    if scope not in scopes.SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    ApiKeyItem(company=company, sk=API_KEY_PREFIX + key_id, key_hash=_hash(secret), label=label, scope=scope,
               created_at=now()).save()
    return f"{KEY_SCHEME}.{company}.{key_id}.{secret}"


def key_view(item: ApiKeyItem) -> dict:
    return {
        "id": item.sk.removeprefix(API_KEY_PREFIX),
        "label": item.label,
        "scope": item.scope or scopes.LEGACY,
        "created_at": iso(item.created_at),
        "revoked_at": iso(item.revoked_at),
        "active": item.revoked_at is None,
    }


def list_api_keys(company: str) -> list[dict]:
    """Never the secret: only its hash is stored, and the hash is not shown either."""
    return [key_view(item) for item in ApiKeyItem.query(company, ApiKeyItem.sk.startswith(API_KEY_PREFIX))]


def create_api_key(company: str, label: str = "", scope: str = "full", granted_by: str = "full") -> dict:
    """A new key, never wider than the key (``granted_by``, its scope) that asks for it."""
    if not scopes.covers(granted_by, scope):
        raise Forbidden(f"a {granted_by!r} key cannot create a {scope!r} key", field="scope")
    key = issue_api_key(company, label, scope)
    return {"id": key.split(".")[2], "label": label, "scope": scope, "key": key}


def relabel_api_key(company: str, key_id: str, label: str) -> dict:
    """A key's new label (the history names what a key did by it); its secret and scope stay.
    A revoked key keeps the label it had when it was revoked (409)."""
    try:
        item = ApiKeyItem.get(company, API_KEY_PREFIX + key_id, consistent_read=True)
    except ApiKeyItem.DoesNotExist:
        raise NotFound(f"no API key {key_id!r}", field="key_id") from None
    if item.revoked_at is not None:
        raise Conflict("this key is revoked: it keeps the label it had", field="key_id")
    try:
        item.update(actions=[ApiKeyItem.label.set(label)], condition=ApiKeyItem.revoked_at.does_not_exist())
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise Conflict("this key is revoked: it keeps the label it had", field="key_id") from None
    return key_view(item)


def revoke_api_key(company: str, key_id: str) -> dict:
    """Stops working at once (every request reads the key item). The last active key cannot be
    revoked: a company must not lock itself out."""
    try:
        item = ApiKeyItem.get(company, API_KEY_PREFIX + key_id, consistent_read=True)
    except ApiKeyItem.DoesNotExist:
        raise NotFound(f"no API key {key_id!r}", field="key_id") from None
    if item.revoked_at is None:
        active = [k for k in list_api_keys(company) if k["active"]]
        if len(active) <= 1:
            raise Conflict("this is the company's last active key: create another one first", field="key_id")
        item.update(actions=[ApiKeyItem.revoked_at.set(now())])
    return key_view(item)


def rotate_api_key(company: str, key_id: str) -> dict:
    """A new key with the same label; the old one is revoked in the same call."""
    try:
        old = ApiKeyItem.get(company, API_KEY_PREFIX + key_id, consistent_read=True)
    except ApiKeyItem.DoesNotExist:
        raise NotFound(f"no API key {key_id!r}", field="key_id") from None
    if old.revoked_at is not None:
        raise Conflict("this key is already revoked", field="key_id")
    new = create_api_key(company, old.label, old.scope or scopes.LEGACY)
    old.update(actions=[ApiKeyItem.revoked_at.set(now())])
    return new


def authenticate_admin(api_key: str | None, method: str, path: str) -> AdminKey:
    """The key that signed an admin request, or Unauthorized; Forbidden (naming the key's scope
    and the one needed) when the key may not make this request (companies/scopes.py)."""
    # The exact shape issue_api_key gives out; anything else (empty parts, odd characters, huge
    # values DynamoDB would refuse as a key) never reaches the table.
    if not ADMIN_KEY.fullmatch(api_key or ""):
        raise Unauthorized("a valid admin API key is required (Authorization: Bearer <key>)")
    _, company, key_id, secret = (api_key or "").split(".")
    try:
        item = ApiKeyItem.get(company, API_KEY_PREFIX + key_id, consistent_read=True)
    except (ApiKeyItem.DoesNotExist, ValueError):
        item = None
    if item is None or item.revoked_at is not None or not hmac.compare_digest(item.key_hash, _hash(secret)):
        raise Unauthorized("a valid admin API key is required (Authorization: Bearer <key>)")
    scope = item.scope or scopes.LEGACY
    need = scopes.needed(method, path)
    if not scopes.covers(scope, need):
        raise Forbidden(f"this key's scope is {scope!r}; {method.upper()} {path} needs {need!r}", field="authorization")
    return AdminKey(company, key_id, scope, item.label or "")


def load_company(slug: str) -> Company:
    if not usable_key(slug):
        raise NotFound("no such company", field="company")
    try:
        item = CompanyItem.get(slug, PROFILE)
    except (CompanyItem.DoesNotExist, ValueError):
        raise NotFound(f"no company {slug!r}", field="company") from None
    return Company(item.company, item.name, _validated_settings(item))


# slug -> (settings version, validated settings): per container, see CompanyItem.settings_version.
_SETTINGS: dict[str, tuple[int, CompanySettings]] = {}


def _validated_settings(item: CompanyItem) -> CompanySettings:
    version = int(item.settings_version or 0)
    cached = _SETTINGS.get(item.company)
    if cached is not None and cached[0] == version and version:
        return cached[1]
    settings = CompanySettings.model_validate(item.settings, context=STORED)
    _SETTINGS[item.company] = (version, settings)
    return settings


def reset_cache() -> None:
    _SETTINGS.clear()


def replace_settings(slug: str, settings: CompanySettings, by: dict | None = None) -> Company:
    """The whole settings document at once (PUT /admin/settings). Renaming keeps ids; removing a
    department, role or location that candidates or open jobs still use is refused (409, naming
    it and how many use it). ``by``: who changed it ({"kind", "id", "name"}), shown to a colleague
    whose form went stale meanwhile."""
    from chalicelib.companies.settings import refuse_removing_what_is_used

    company = load_company(slug)
    refuse_removing_what_is_used(slug, company.settings, settings)
    actions = [CompanyItem.settings.set(settings.model_dump(mode="json")), CompanyItem.settings_version.add(1),
               CompanyItem.updated_at.set(now())]
    if by is not None:
        actions.append(CompanyItem.updated_by.set({**by, "section": "all"}))
    CompanyItem(company=slug, sk=PROFILE).update(actions=actions, condition=CompanyItem.company.exists())
    return Company(slug, company.name, settings)


def localized(company: Company, language: str | None) -> Company:
    """The company with its texts in ``language`` where it translated them (CompanySettings.localized)."""
    settings = company.settings.localized(language)
    return company if settings is company.settings else Company(company.slug, company.name, settings)
