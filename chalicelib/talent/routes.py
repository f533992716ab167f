"""The community's JSON routes, for machines (API keys): the same use cases the console's
community and profile screens call, with the key as the Actor."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response, page_limit, parse_body
from chalicelib.errors import InvalidInput
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


@bp.route("/admin/candidates", methods=["GET"])
def get_candidates():
    from chalicelib.talent.candidates import list_candidates
    from chalicelib.talent.filters import FIELDS

    actor = admin_actor(bp.current_request)
    params = bp.current_request.query_params or {}
    unknown = set(params) - {*FIELDS, "cursor", "limit"}
    if unknown:
        raise InvalidInput("unknown filter", field=sorted(unknown)[0])
    filters = {name: params[name] for name in FIELDS if name in params}
    return json_response(list_candidates(actor, filters, params.get("cursor"), page_limit(params)))


@bp.route("/admin/candidates/{candidate_id}", methods=["GET"])
def get_candidate(candidate_id: str):
    from chalicelib.talent.candidates import candidate_detail

    return json_response(candidate_detail(admin_actor(bp.current_request), candidate_id))


@bp.route("/admin/candidates/{candidate_id}/history", methods=["GET"])
def get_candidate_history(candidate_id: str):
    from chalicelib.talent.candidates import candidate_history

    return json_response(candidate_history(admin_actor(bp.current_request), candidate_id))


@bp.route("/admin/segments", methods=["GET"])
def get_segments():
    from chalicelib.talent.segments import list_segments

    return json_response({"segments": list_segments(admin_actor(bp.current_request))})


@bp.route("/admin/segments", methods=["POST"])
def post_segment():
    from chalicelib.talent.schema import NewSegment
    from chalicelib.talent.segments import save_segment

    actor = admin_actor(bp.current_request)
    body = parse_body(bp.current_request, NewSegment)
    return json_response(save_segment(actor, body.name, body.filters.model_dump(exclude_defaults=True)), status=201)


@bp.route("/admin/segments/{segment_id}", methods=["DELETE"])
def delete_segment(segment_id: str):
    from chalicelib.talent.segments import delete_segment as delete

    return json_response(delete(admin_actor(bp.current_request), segment_id))
