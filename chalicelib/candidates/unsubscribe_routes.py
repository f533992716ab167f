from __future__ import annotations

from urllib.parse import quote, urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES, link_token
from chalicelib.errors import DomainError

bp = Blueprint(__name__)
# What a person reads when a link was altered or sent to an address the profile no longer has.
_LINK_NOT_VALID = "This link does not work any more. Sign in to manage your job tips and your data."
# Each category's words on the pages (English source text; the catalogs translate them).
_ASK = {"job_tips": "Stop job tips?", "campaigns": "Stop news from %(name)s?"}
_BUTTON = {"job_tips": "Stop job tips", "campaigns": "Stop news"}
_STOPPED = {"job_tips": "You will get no more job tips from %(name)s.", "campaigns": "You will get no more news from %(name)s."}
_STILL = {"job_tips": "You still get job tips from %(name)s.", "campaigns": "You still get news from %(name)s."}
_ALSO = {"job_tips": "Stop job tips too", "campaigns": "Stop news too"}
_STAY = {"job_tips": "You will stay connected and can turn job tips back on from your dashboard.",
         "campaigns": "You will stay connected and can turn news back on from your dashboard."}


def _company_of(token: str | None) -> tuple[str | None, str, str]:
    """The slug, name and category the genuine link names (for the page's words)."""
    from chalicelib import signing
    from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE
    from chalicelib.companies.service import page_view_of

    try:
        claims = signing.verify(token, UNSUBSCRIBE_PURPOSE)
    except DomainError:
        return None, "", "job_tips"
    from chalicelib.candidates.unsubscribe import link_category

    view = page_view_of(str(claims.get("c")))
    return (view["slug"], view["name"], link_category(claims)) if view else (None, "", link_category(claims))


def _preferences(slug: str | None) -> dict | None:
    return {"href": f"companies/{quote(slug, safe='')}/dashboard#preferences-h", "text": "Manage your preferences"} if slug else None


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
    slug, name, category = _company_of(token)
    return link_page(
        bp.current_request, token, UNSUBSCRIBE_PURPOSE,
        (_ASK[category], {"name": name}),
        [_STAY[category]],
        form={"action": f"?{urlencode({'token': token})}", "hidden": [("List-Unsubscribe", "One-Click")], "button": _BUTTON[category]},
        link=_preferences(slug),
    )


@bp.route("/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def one_click_unsubscribe():
    """RFC 8058's one-click POST (body List-Unsubscribe=One-Click) and the page's button. The
    done page's "Stop ... too" button posts ``also`` with the other category."""
    from urllib.parse import parse_qs

    from chalicelib.candidates.links import UNSUBSCRIBE_PURPOSE, LinkExpired, expired_response, link_page
    from chalicelib.candidates.unsubscribe import unsubscribe

    request = bp.current_request
    token = link_token(request)
    also = (parse_qs((request.raw_body or b"").decode("utf-8", "replace")).get("also") or [None])[0]
    try:
        done = unsubscribe(token, also)
    except LinkExpired as expired:
        return expired_response(expired, request)
    except DomainError as error:
        return link_page(request, token, UNSUBSCRIBE_PURPOSE, "This link is not valid", [_LINK_NOT_VALID], status=error.status)
    slug, _name, _category = _company_of(token)
    stopped = [done.category] + ([also] if also in _STOPPED and also != done.category and also not in done.others_on else [])
    paragraphs = [(_STOPPED[c], {"name": done.company}) for c in stopped]
    paragraphs += [(_STILL[c], {"name": done.company}) for c in done.others_on]
    paragraphs.append("You are still connected and can change what you get from your dashboard.")
    other = next(iter(done.others_on), None)
    form = {"action": f"?{urlencode({'token': token})}", "hidden": [("also", other)], "button": _ALSO[other]} if other else None
    return link_page(request, token, UNSUBSCRIBE_PURPOSE, "Done", paragraphs, form=form, link=_preferences(slug))
