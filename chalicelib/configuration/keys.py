"""The company's admin API keys, managed by a person (roles.KEYS: admins): created (the secret
shown once, never stored), labelled, rotated and revoked, with their scopes. Every change is in
the audit with who made it."""
from __future__ import annotations

import re

from chalicelib.api import validate
from chalicelib.companies.schema import NewKey
from chalicelib.schema import Line, Strict
from chalicelib.companies.service import create_api_key, list_api_keys, relabel_api_key, revoke_api_key, rotate_api_key
from chalicelib.errors import NotFound
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor

KEY = "api_key"  # the audit's subject kind


def list_keys(actor: Actor) -> list[dict]:
    """Active keys first, each with who created and who revoked it (the audit's names; keys made
    before the audit have none). A company has a handful of keys: one short query each."""
    actor.require(roles.KEYS)
    keys = sorted(list_api_keys(actor.company), key=lambda k: (not k["active"], k["created_at"] or ""))
    for key in keys:
        lines = audit.history(actor.company, KEY, key["id"], limit=20)
        key["created_by"] = next((ln["by"]["name"] for ln in lines if ln["action"] == "key_created"), None)
        key["revoked_by"] = next((ln["by"]["name"] for ln in lines if ln["action"] == "key_revoked"), None)
    return keys


def create_key(actor: Actor, label: str, scope: str, granted_by: str = "full") -> dict:
    """A new key; its secret is in the answer and nowhere else, ever. ``granted_by``: the scope
    of the key asking (a key never creates a wider one; a person is an admin: "full")."""
    actor.require(roles.KEYS)
    request = validate(NewKey, {"label": label, "scope": scope})
    created = create_api_key(actor.company, request.label, request.scope, granted_by=granted_by)
    audit.record(actor, KEY, created["id"], "key_created", label=request.label, scope=request.scope)
    return created


def _key_id(key_id: str) -> str:
    # The shape issue_api_key gives ids: anything else names no key (and never reaches the table).
    if not re.fullmatch(r"[0-9a-f]{12}", key_id or ""):
        raise NotFound("no such API key", field="key_id")
    return key_id


class KeyLabel(Strict):
    """PATCH /admin/api-keys/{key_id}: the key's new label (empty: no label)."""

    label: Line(100, min_length=0)


def rename_key(actor: Actor, key_id: str, label: str) -> dict:
    """A new label for an active key; the audit keeps the old one and who renamed it."""
    actor.require(roles.KEYS)
    key_id = _key_id(key_id)
    request = validate(KeyLabel, {"label": label})
    old = next((k["label"] for k in list_api_keys(actor.company) if k["id"] == key_id), None)
    renamed = relabel_api_key(actor.company, key_id, request.label)
    audit.record(actor, KEY, key_id, "key_renamed", label=request.label, previous=old or "")
    return renamed


def rotate_key(actor: Actor, key_id: str) -> dict:
    actor.require(roles.KEYS)
    key_id = _key_id(key_id)
    created = rotate_api_key(actor.company, key_id)
    audit.record(actor, KEY, key_id, "key_rotated", replaced_by=created["id"])
    return created


def revoke_key(actor: Actor, key_id: str) -> dict:
    actor.require(roles.KEYS)
    key_id = _key_id(key_id)
    revoked = revoke_api_key(actor.company, key_id)
    audit.record(actor, KEY, key_id, "key_revoked")
    return revoked
