"""The campaigns' JSON routes, for machines (API keys): the same use cases the console's
campaign screens call, with the key as the Actor. A campaign email's one-click unsubscribe is
the mechanism's, for the "campaigns" category (GET/POST /unsubscribe)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, json_response, link_token, parse_body
from chalicelib.errors import DomainError, InvalidInput
from chalicelib.team.http import admin_actor

bp = Blueprint(__name__)


def _body() -> dict:
    from chalicelib.campaigns.schema import CampaignDraft

    # Checked by the use case too (the console's form arrives there without a model): here the
    # JSON's shape, so a malformed body is the same 400 whatever the face.
    return parse_body(bp.current_request, CampaignDraft).model_dump(mode="json", exclude_none=True)


@bp.route("/admin/campaigns", methods=["GET"])
def get_campaigns():
    from chalicelib.campaigns.service import list_campaigns

    return json_response({"campaigns": list_campaigns(admin_actor(bp.current_request))})


@bp.route("/admin/campaigns", methods=["POST"])
def post_campaign():
    from chalicelib.campaigns.service import create_campaign

    actor = admin_actor(bp.current_request)
    return json_response(create_campaign(actor, _body()), status=201)


@bp.route("/admin/campaigns/{campaign_id}", methods=["GET"])
def get_campaign(campaign_id: str):
    from chalicelib.campaigns.service import get_campaign_view

    return json_response(get_campaign_view(admin_actor(bp.current_request), campaign_id))


@bp.route("/admin/campaigns/{campaign_id}", methods=["PUT"])
def put_campaign(campaign_id: str):
    from chalicelib.campaigns.service import update_campaign

    actor = admin_actor(bp.current_request)
    return json_response(update_campaign(actor, campaign_id, _body()))


@bp.route("/admin/campaigns/{campaign_id}/audience", methods=["GET"])
def get_audience(campaign_id: str):
    from chalicelib.campaigns.service import audience_of

    return json_response(audience_of(admin_actor(bp.current_request), campaign_id))


@bp.route("/admin/campaigns/{campaign_id}/preview", methods=["GET"])
def get_preview(campaign_id: str):
    from chalicelib.campaigns.service import preview

    actor = admin_actor(bp.current_request)
    params = bp.current_request.query_params or {}
    unknown = set(params) - {"language"}
    if unknown:
        raise InvalidInput("unknown parameter", field=sorted(unknown)[0])
    return json_response(preview(actor, campaign_id, params.get("language")))


@bp.route("/admin/campaigns/{campaign_id}/send", methods=["POST"])
def post_send(campaign_id: str):
    from chalicelib.campaigns.service import send_now

    actor = admin_actor(bp.current_request)
    return json_response(send_now(actor, campaign_id), status=202)


@bp.route("/admin/campaigns/{campaign_id}/schedule", methods=["POST"])
def post_schedule(campaign_id: str):
    from chalicelib.campaigns.schema import ScheduleRequest
    from chalicelib.campaigns.service import schedule

    actor = admin_actor(bp.current_request)
    body = parse_body(bp.current_request, ScheduleRequest)
    return json_response(schedule(actor, campaign_id, body.model_dump()))


@bp.route("/admin/campaigns/{campaign_id}/cancel", methods=["POST"])
def post_cancel(campaign_id: str):
    from chalicelib.campaigns.service import cancel

    return json_response(cancel(admin_actor(bp.current_request), campaign_id))


@bp.route("/admin/campaigns/{campaign_id}/results", methods=["GET"])
def get_results(campaign_id: str):
    from chalicelib.campaigns.service import results

    return json_response(results(admin_actor(bp.current_request), campaign_id))
