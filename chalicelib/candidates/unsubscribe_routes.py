from __future__ import annotations

from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, link_token
from chalicelib.errors import DomainError

bp = Blueprint(__name__)
# What a person reads when a link was altered or sent to an address the profile no longer has.
_LINK_NOT_VALID = "This link does not work any more. Sign in to manage your job tips and your data."


@bp.route("/unsubscribe", methods=["GET"])
def confirm_unsubscribe():
    # A GET never unsubscribes: mail scanners follow links. It only asks the person to confirm
    # (or, for a link past its lifetime, offers to sign in instead).
    from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, LinkExpired, expired_response, link_page, read_link

    token = link_token(bp.current_request) or ""
    try:
        read_link(token, UNSUBSCRIBE_PURPOSE)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError:
        pass  # an altered link is refused when the form is posted, as before
    return link_page(
        bp.current_request, token, UNSUBSCRIBE_PURPOSE,
        "Stop job tips?",
        ["You will stay connected and can turn job tips back on from your dashboard."],
        form={"action": f"?{urlencode({'token': token})}", "hidden": [("List-Unsubscribe", "One-Click")], "button": "Stop job tips"},
    )


@bp.route("/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def one_click_unsubscribe():
    from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, LinkExpired, expired_response, link_page
    from chalicelib.candidates.unsubscribe import unsubscribe

    token = link_token(bp.current_request)
    try:
        company_name = unsubscribe(token)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError as error:
        return link_page(bp.current_request, token, UNSUBSCRIBE_PURPOSE, "This link is not valid", [_LINK_NOT_VALID], status=error.status)
    return link_page(bp.current_request, token, UNSUBSCRIBE_PURPOSE, "Done", [
        ("You will get no more job tips from %(name)s. You are still connected and can turn them back on "
         "from your dashboard.", {"name": company_name})])
