from __future__ import annotations

from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, link_token
from chalicelib.web.render import message_page
from chalicelib.errors import DomainError

bp = Blueprint(__name__)


@bp.route("/unsubscribe", methods=["GET"])
def confirm_unsubscribe():
    # A GET never unsubscribes: mail scanners follow links. It only asks the person to confirm
    # (or, for a link past its lifetime, offers to sign in instead).
    from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, LinkExpired, expired_response, read_link

    token = link_token(bp.current_request) or ""
    try:
        read_link(token, UNSUBSCRIBE_PURPOSE)
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError:
        pass  # an altered link is refused when the form is posted, as before
    return message_page(
        "Stop job tips?",
        ["You will stay connected and can turn job tips back on from your dashboard."],
        form={"action": f"?{urlencode({'token': token})}", "hidden": [("List-Unsubscribe", "One-Click")], "button": "Stop job tips"},
        request=bp.current_request,
    )


@bp.route("/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def one_click_unsubscribe():
    from chalicelib.candidates.links import LinkExpired, expired_response
    from chalicelib.candidates.unsubscribe import unsubscribe

    try:
        company_name = unsubscribe(link_token(bp.current_request))
    except LinkExpired as expired:
        return expired_response(expired, bp.current_request)
    except DomainError as error:
        return message_page("This link is not valid", [error.message], status=error.status, request=bp.current_request)
    return message_page("Done", [("You will get no more job tips from %(name)s. You are still connected and can turn them back on "
                                  "from your dashboard.", {"name": company_name})], request=bp.current_request)
