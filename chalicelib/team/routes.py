"""The team's JSON twins of the console's team screens, for machines (API keys)."""
from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.api import json_response, parse_body
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


@bp.route("/admin/members", methods=["GET"])
def get_members():
    from chalicelib.team.service import list_members

    return json_response({"members": list_members(admin_actor(bp.current_request))})


@bp.route("/admin/members", methods=["POST"])
def post_member():
    from chalicelib.team.service import NewMember, invite

    actor = admin_actor(bp.current_request)  # who asks before what they ask: no key, no parsing
    return json_response(invite(actor, parse_body(bp.current_request, NewMember).model_dump()), status=201)


@bp.route("/admin/members/{member_id}", methods=["PATCH"])
def patch_member(member_id: str):
    from chalicelib.team.service import MemberChange, change_member

    actor = admin_actor(bp.current_request)
    return json_response(change_member(actor, member_id, parse_body(bp.current_request, MemberChange).model_dump(exclude_none=True)))


@bp.route("/admin/members/{member_id}", methods=["DELETE"])
def delete_member(member_id: str):
    from chalicelib.team.service import remove_member

    return json_response(remove_member(admin_actor(bp.current_request), member_id))


@bp.route("/admin/members/{member_id}/invitation", methods=["POST"])
def post_invitation(member_id: str):
    """A fresh invitation email for a member who has not joined; the earlier link stops working."""
    from chalicelib.team.service import reinvite

    return json_response(reinvite(admin_actor(bp.current_request), member_id), status=201)


@bp.route("/admin/workspace-sign-in/secret", methods=["PUT"])
def put_workspace_sign_in_secret():
    """The client secret at the company's workspace OpenID provider (the console's "Sign in with
    Google/Microsoft"), straight into Secrets Manager: never into settings, never echoed back."""
    from chalicelib.auth.schema import SecretBody
    from chalicelib.team.workspace import store_secret

    store_secret(admin_actor(bp.current_request), parse_body(bp.current_request, SecretBody).secret)
    return Response(body="", status_code=204)
