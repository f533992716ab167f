"""The admin API keys' JSON routes: the same use cases as the console's API keys screen
(configuration/keys.py), with the calling key as the actor, so every change is in the audit named
by the key that made it. (Every /admin request is authenticated before its route runs: app.py.)"""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body

bp = Blueprint(__name__)


@bp.route("/admin/api-keys", methods=["GET"])
def get_api_keys():
    from chalicelib.configuration.keys import list_keys
    from chalicelib.team.http import admin_actor

    return json_response({"api_keys": list_keys(admin_actor(bp.current_request))})


@bp.route("/admin/api-keys", methods=["POST"])
def post_api_key():
    from chalicelib.companies.http import admin_key
    from chalicelib.companies.schema import NewKey
    from chalicelib.configuration.keys import create_key
    from chalicelib.team.http import admin_actor

    request = bp.current_request
    body = parse_body(request, NewKey) if request.raw_body else NewKey()
    # A key never creates a wider one than itself (granted_by: the calling key's scope).
    return json_response(create_key(admin_actor(request), body.label[:100], body.scope, granted_by=admin_key(request).scope),
                         status=201)


@bp.route("/admin/api-keys/{key_id}", methods=["PATCH"])
def patch_api_key(key_id: str):
    """Rename a key (its label: how the history names what it did); the secret and scope stay."""
    from chalicelib.configuration import keys
    from chalicelib.team.http import admin_actor

    request = bp.current_request
    actor = admin_actor(request)
    body = parse_body(request, keys.KeyLabel)
    return json_response(keys.rename_key(actor, key_id, body.label))


@bp.route("/admin/api-keys/{key_id}/rotate", methods=["POST"])
def post_rotate(key_id: str):
    from chalicelib.configuration.keys import rotate_key
    from chalicelib.team.http import admin_actor

    return json_response(rotate_key(admin_actor(bp.current_request), key_id), status=201)


@bp.route("/admin/api-keys/{key_id}", methods=["DELETE"])
def delete_api_key(key_id: str):
    from chalicelib.configuration.keys import revoke_key
    from chalicelib.team.http import admin_actor

    revoke_key(admin_actor(bp.current_request), key_id)
    return Response(body="", status_code=204)
