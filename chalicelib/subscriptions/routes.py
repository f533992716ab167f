from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from chalice import Blueprint, Response

from chalicelib.errors import DomainError
from chalicelib.subscriptions.unsubscribe import unsubscribe

bp = Blueprint(__name__)

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title></head><body style="font-family: sans-serif; max-width: 32em; margin: 3em auto;">{body}</body></html>"""


def _html(title: str, body: str, status: int = 200) -> Response:
    return Response(body=_PAGE.format(title=escape(title), body=body), status_code=status,
                    headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"})


@bp.route("/unsubscribe", methods=["GET"])
def confirm_unsubscribe():
    # A GET never unsubscribes: mail scanners follow links. It only asks the person to confirm.
    token = (bp.current_request.query_params or {}).get("token", "")
    return _html(
        "Stop job tips?",
        "<h1>Stop job tips?</h1><p>You will stay connected and can turn job tips back on from your dashboard.</p>"
        f'<form method="post" action="?token={escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Stop job tips</button></form>',
    )


@bp.route("/unsubscribe", methods=["POST"], content_types=["application/x-www-form-urlencoded", "text/plain", "application/json", "multipart/form-data"])
def one_click_unsubscribe():
    request = bp.current_request
    token = (request.query_params or {}).get("token")
    form = parse_qs((request.raw_body or b"").decode("utf-8", "replace"))
    token = token or (form.get("token") or [None])[0]
    try:
        company_name = unsubscribe(token)
    except DomainError as error:
        return _html("Link not valid", f"<h1>This link is not valid</h1><p>{escape(error.message)}</p>", status=error.status)
    return _html("Unsubscribed", f"<h1>Done</h1><p>You will get no more job tips from {escape(company_name)}. "
                                 "You are still connected and can turn them back on from your dashboard.</p>")
