"""GET/POST /relevance: the page behind an email's "Was this relevant?" links (service.py)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, link_token
from chalicelib.errors import DomainError

bp = Blueprint(__name__)
TEMPLATES = Path(__file__).with_name("templates")
_NOT_VALID = "This link does not work any more. Sign in to manage what you get from us."


def _company(token: str | None) -> dict | None:
    """The branding of the company a genuine link names (an altered one gets a neutral page)."""
    from chalicelib.companies.service import page_view_of
    from chalicelib.notifications import relevance

    try:
        return page_view_of(relevance.read(token)["c"])
    except DomainError:
        return None


def _page(request, token, context: dict, status: int = 200):
    from chalicelib.i18n import for_request, text
    from chalicelib.web.render import NO_COMPANY, merge_headers, page

    company = _company(token)
    language, cookie = for_request(request, company["language"] if company else None)
    context = {**context, "heading": text(language, context["heading"]),
               "paragraphs": [text(language, p) for p in context.get("paragraphs", [])]}
    return page("relevance.html", {"company": company or NO_COMPANY, "root": "", "errors": {}, "done": False, **context},
                status=status, headers=merge_headers(cookie), language=language, folders=(TEMPLATES,), request=request)


def _refused(request, token, error: DomainError):
    from chalicelib.web.render import message_page

    company = _company(token)
    link = {"href": f"companies/{quote(company['slug'], safe='')}/sign-in", "text": "Sign in"} if company else None
    return message_page("This link is not valid", [_NOT_VALID], status=error.status, company=company, request=request,
                        company_language=company["language"] if company else None, link=link)


@bp.route("/relevance", methods=["GET"])
def relevance_page():
    """The choice and an optional reason; nothing is recorded (mail scanners open links)."""
    from chalicelib.feedback.service import read

    request = bp.current_request
    token = link_token(request) or ""
    try:
        read(token)
    except DomainError as error:
        return _refused(request, token, error)
    chosen = (request.query_params or {}).get("answer")
    return _page(request, token, {"heading": "Was this email relevant to you?", "action": f"?{urlencode({'token': token})}",
                                  "chosen": chosen, "reason": ""})


@bp.route("/relevance", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def relevance_answer():
    """Record the answer once (service.answer); "not relevant" offers the dashboard's choices."""
    from urllib.parse import parse_qs

    from chalicelib.errors import InvalidInput
    from chalicelib.feedback.service import PROBLEMS, answer
    from chalicelib.i18n import for_request, translate

    request = bp.current_request
    token = link_token(request)
    form = parse_qs((request.raw_body or b"").decode("utf-8", "replace"))
    chosen, reason = (form.get("answer") or [""])[0] or None, (form.get("reason") or [""])[0]
    try:
        recorded = answer(token, chosen, reason)
    except InvalidInput as error:
        company = _company(token)
        language = for_request(request, company["language"] if company else None)[0]
        errors = {error.field: translate(language, PROBLEMS[error.field])}
        return _page(request, token, {"heading": "Was this email relevant to you?", "action": f"?{urlencode({'token': token})}",
                                      "chosen": chosen, "reason": reason, "errors": errors}, status=400)
    except DomainError as error:
        return _refused(request, token, error)
    company = _company(token)
    adjust = (f"companies/{quote(company['slug'], safe='')}/dashboard#preferences-h"
              if company and recorded.answer == "not_relevant" else None)
    paragraphs = ["We have your answer."] if recorded.first else ["We already had your answer; it stays as it was."]
    if adjust:
        paragraphs.append("You can choose which emails you get, and which jobs your job tips are about.")
    return _page(request, token, {"heading": "Thank you", "done": True, "paragraphs": paragraphs, "adjust": adjust})
