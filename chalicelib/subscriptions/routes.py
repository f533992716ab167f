from __future__ import annotations

from html import escape

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, html_page, link_token
from chalicelib.errors import DomainError
from chalicelib.subscriptions.unsubscribe import unsubscribe

bp = Blueprint(__name__)


@bp.route("/unsubscribe", methods=["GET"])
def confirm_unsubscribe():
    # A GET never unsubscribes: mail scanners follow links. It only asks the person to confirm.
    token = link_token(bp.current_request) or ""
    return html_page(
        "Stop job tips?",
        "<h1>Stop job tips?</h1><p>You will stay connected and can turn job tips back on from your dashboard.</p>"
        f'<form method="post" action="?token={escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Stop job tips</button></form>',
    )


@bp.route("/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def one_click_unsubscribe():
    try:
        company_name = unsubscribe(link_token(bp.current_request))
    except DomainError as error:
        return html_page("Link not valid", f"<h1>This link is not valid</h1><p>{escape(error.message)}</p>", status=error.status)
    return html_page("Unsubscribed", f"<h1>Done</h1><p>You will get no more job tips from {escape(company_name)}. "
                                     "You are still connected and can turn them back on from your dashboard.</p>")
