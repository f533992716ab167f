"""The campaigns' JSON routes, for machines (API keys): the same use cases the console's
campaign screens call, with the key as the Actor. And the campaign email's own one-click
unsubscribe (a signed link, no login)."""
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


# -- the campaign email's own unsubscribe --------------------------------------------------

@bp.route("/campaigns/unsubscribe", methods=["GET"])
def confirm_campaign_unsubscribe():
    # A GET never unsubscribes (mail scanners follow links): it asks to confirm.
    from urllib.parse import urlencode

    from chalicelib.campaigns.unsubscribe import PURPOSE
    from chalicelib.candidates.links import LinkExpired, expired_response, link_page, read_link

    token = link_token(bp.current_request) or ""
    try:
        read_link(token, PURPOSE)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError:
        pass  # an altered link is refused when the form is posted
    return link_page(bp.current_request, token, PURPOSE, "Stop these updates?",
                     ["You will get no more campaign emails from this company. Job tips are a separate choice and go on."],
                     form={"action": f"?{urlencode({'token': token})}", "hidden": [("List-Unsubscribe", "One-Click")],
                           "button": "Stop these updates"})


@bp.route("/campaigns/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def one_click_campaign_unsubscribe():
    from chalicelib.campaigns.unsubscribe import PURPOSE, unsubscribe
    from chalicelib.candidates.links import LinkExpired, expired_response, link_page

    token = link_token(bp.current_request)
    try:
        company_name = unsubscribe(token)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError as error:
        return link_page(bp.current_request, token, PURPOSE, "This link is not valid",
                         ["This link does not work any more. Sign in to manage what you receive."], status=error.status)
    return link_page(bp.current_request, token, PURPOSE, "Done", [
        ("You will get no more campaign emails from %(name)s. Job tips, if you get them, go on; you can change both on your "
         "dashboard.", {"name": company_name})])
