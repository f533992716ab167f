"""The actor behind an /admin request: the API key that signed it, named by its label."""
from __future__ import annotations

from chalicelib.companies.http import admin_key
from chalicelib.team.actors import Actor, api_key_actor


def admin_actor(request) -> Actor:
    key = admin_key(request)
    return api_key_actor(key.company, key.key_id, key.label, key.scope)
