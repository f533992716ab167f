from __future__ import annotations

from urllib.parse import urlencode

from chalice import Blueprint, Response

from chalicelib.api import FORM_CONTENT_TYPES, json_response, link_token, parse_body
from chalicelib.auth.http import candidate_session
from chalicelib.errors import DomainError

bp = Blueprint(__name__)
# What a person reads when a link was altered or sent to an address the profile no longer has.
_LINK_NOT_VALID = "This link does not work any more. Sign in to manage your job tips and your data."


@bp.route("/me", methods=["GET"])
def get_me():
    from chalicelib.dashboard.service import dashboard

    return json_response(dashboard(candidate_session(bp.current_request)))


@bp.route("/me", methods=["PATCH"])
def patch_me():
    from chalicelib.dashboard.schema import ProfilePatch
    from chalicelib.dashboard.service import update_profile

    subject = candidate_session(bp.current_request)
    return json_response(update_profile(subject, parse_body(bp.current_request, ProfilePatch)))


@bp.route("/me/session", methods=["DELETE"])
def delete_session():
    """Sign out: this access token stops working at once, wherever a copy of it is."""
    from chalicelib.api import bearer_token
    from chalicelib.candidates.service import end_session

    request = bp.current_request
    candidate_session(request)
    end_session(bearer_token(request))
    return Response(body="", status_code=204)


@bp.route("/me/subscription", methods=["GET"])
def get_subscription():
    from chalicelib.dashboard.service import dashboard

    return json_response(dashboard(candidate_session(bp.current_request))["subscription"])


@bp.route("/me/subscription", methods=["PUT"])
def put_subscription():
    from chalicelib.dashboard.schema import SubscriptionRequest
    from chalicelib.dashboard.service import replace_subscription

    subject = candidate_session(bp.current_request)
    return json_response(replace_subscription(subject, parse_body(bp.current_request, SubscriptionRequest)))


@bp.route("/me/preferences", methods=["GET"])
def get_preferences():
    from chalicelib.dashboard.service import preferences

    return json_response(preferences(candidate_session(bp.current_request)))


@bp.route("/me/preferences", methods=["PUT"])
def put_preferences():
    from chalicelib.dashboard.schema import PreferencesRequest
    from chalicelib.dashboard.service import set_preferences

    subject = candidate_session(bp.current_request)
    return json_response(set_preferences(subject, parse_body(bp.current_request, PreferencesRequest)))


@bp.route("/me/consent", methods=["POST"])
def post_consent():
    from chalicelib.dashboard.schema import ConsentRenewal
    from chalicelib.dashboard.service import renew_my_consent

    subject = candidate_session(bp.current_request)
    parse_body(bp.current_request, ConsentRenewal)
    return json_response(renew_my_consent(subject))


@bp.route("/me/applications/{application_id}/withdraw", methods=["POST"])
def post_withdraw(application_id: str):
    from chalicelib.applications.service import withdraw

    # No body: the path says which application, the session whose.
    return json_response(withdraw(candidate_session(bp.current_request), application_id))


@bp.route("/me/export", methods=["GET"])
def get_export():
    from chalicelib.dashboard.privacy import export

    return json_response(export(candidate_session(bp.current_request)))


@bp.route("/me", methods=["DELETE"])
def delete_me():
    from chalicelib.dashboard.privacy import erase

    erase(candidate_session(bp.current_request))
    return Response(body="", status_code=204)


@bp.route("/erase", methods=["GET"])
def confirm_erase():
    from chalicelib.candidates.links import ERASE_PURPOSE, LinkExpired, expired_response, link_page, read_link

    token = link_token(bp.current_request) or ""
    try:
        read_link(token, ERASE_PURPOSE)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError:
        pass  # an altered link is refused when the form is posted, as before
    return link_page(
        bp.current_request, token, ERASE_PURPOSE,
        "Remove all your data?",
        ["Your profile, answers, subscription, applications' personal details, resumes and sign-in links will be deleted "
         "for good. You can always connect again later."],
        form={"action": f"?{urlencode({'token': token})}", "hidden": [], "button": "Remove my data"},
    )


@bp.route("/erase", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def erase_from_link():
    from chalicelib.candidates.links import ERASE_PURPOSE, LinkExpired, expired_response, link_page
    from chalicelib.dashboard.privacy import erase_by_link

    token = link_token(bp.current_request)
    try:
        erase_by_link(token)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError as error:
        return link_page(bp.current_request, token, ERASE_PURPOSE, "This link is not valid", [_LINK_NOT_VALID], status=error.status)
    return link_page(bp.current_request, token, ERASE_PURPOSE, "Done", ["Everything we stored about you has been deleted."])


# Browser preflights for the dashboard page; the CORS headers come from the HTTP middleware.
@bp.route("/me", methods=["OPTIONS"])
@bp.route("/me/subscription", methods=["OPTIONS"])
@bp.route("/me/export", methods=["OPTIONS"])
@bp.route("/me/consent", methods=["OPTIONS"])
@bp.route("/me/preferences", methods=["OPTIONS"])
@bp.route("/me/session", methods=["OPTIONS"])
@bp.route("/me/applications/{application_id}/withdraw", methods=["OPTIONS"])
def preflight(application_id: str | None = None):
    return Response(body="", status_code=204)
