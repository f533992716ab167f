from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import json_response
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


@bp.route("/admin/jobs/{job_id}/audience", methods=["GET"])
def get_audience(job_id: str):
    from chalicelib.matching.audience import audience

    return json_response(audience(admin_actor(bp.current_request), job_id))
