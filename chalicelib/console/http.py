"""What every console screen shares: who is signed in, the page in their language, errors as
pages. A screen handler is `@screen`-wrapped: it receives the Actor (or the browser is sent to
sign in), and a domain error it does not handle itself becomes a console page with the status."""
from __future__ import annotations

from functools import wraps
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from chalice import Response

from chalicelib.console import session
from chalicelib.errors import DomainError, Forbidden, NotFound, Unauthorized
from chalicelib.web.render import merge_headers, page, redirect

TEMPLATES = Path(__file__).with_name("templates")


def base(company: str) -> str:
    """The console's root as a path the browser resolves (the stage prefix comes from the page's
    own URL: every console link is relative to <base href>)."""
    return f"/console/{quote(company, safe='')}/"


def language(request, actor=None, company_default: str | None = None) -> tuple[str, dict]:
    from chalicelib.i18n import for_request

    return for_request(request, company_default, actor.language if actor is not None else None)


def render(request, template: str, context: dict[str, Any], *, company, actor=None, status: int = 200,
           headers: dict | None = None) -> Response:
    lang, cookie = language(request, actor, company.settings.language)
    nav = _navigation(actor) if actor is not None else []
    return page(template, {
        "company": {"slug": company.slug, "name": company.name, "logo_url": str(company.settings.branding.logo_url)
                    if company.settings.branding and company.settings.branding.logo_url else None},
        "actor": actor, "nav": nav, "csrf": session.csrf(request), "root": _root(request),
        "console_root": _console_root(request), "path": request.context.get("resourcePath", ""),
        "notice": None, "current": None, "link": None, **context,
    }, status=status, headers=merge_headers(cookie, headers), language=lang, folders=(TEMPLATES,))


def _depth(request) -> int:
    return (request.context or {}).get("resourcePath", "/").strip("/").count("/")


def _root(request) -> str:
    """From this page back to the API's root (the static files), whatever the stage prefix."""
    return "../" * _depth(request)


def _console_root(request) -> str:
    # Screens live at /console/{company}/<screen>[/<id>...]: /console/acme/home -> ./ ,
    # /console/acme/candidates/c1 -> ../
    return "../" * max(_depth(request) - 2, 0) or "./"


def _navigation(actor) -> list[dict]:
    from chalicelib.team import roles

    items = [{"href": "home", "label": "Home", "id": "home"}]
    if actor.may(roles.JOBS):
        items.append({"href": "jobs", "label": "Jobs", "id": "jobs"})
    if actor.may(roles.COMMUNITY):
        items.append({"href": "community", "label": "Community", "id": "community"})
    if actor.may(roles.CAMPAIGNS):
        items.append({"href": "campaigns", "label": "Campaigns", "id": "campaigns"})
    items.append({"href": "applications", "label": "Applications", "id": "applications"})
    if actor.may(roles.TEMPLATES):
        items.append({"href": "messages", "label": "Messages", "id": "messages"})
    if actor.may(roles.INTEGRATIONS):
        items.append({"href": "integrations/linkedin", "label": "Integrations", "id": "integrations"})
    if actor.may(roles.TEAM):
        items.append({"href": "team", "label": "Team", "id": "team"})
    if actor.may(roles.SETTINGS):
        items.append({"href": "settings", "label": "Settings", "id": "settings"})
    if actor.may(roles.KEYS):
        items.append({"href": "api-keys", "label": "API keys", "id": "api-keys"})
    items.append({"href": "notifications", "label": "My notifications", "id": "notifications"})
    return items


def sign_in_redirect(request, company: str) -> Response:
    """To the sign-in screen; a cookie that no longer opens anything is cleared on the way."""
    return redirect(_console_root(request) + "sign-in",
                    headers={"Set-Cookie": session.clear_cookie(company)} if session.token(request) else None)


def screen(bp, handler: Callable) -> Callable:
    """A signed-in screen: the member, or a redirect to sign in; domain errors as console pages."""

    @wraps(handler)
    def wrapped(company: str, *args, **kwargs):
        from chalicelib.companies.service import load_company
        from chalicelib.team.service import authenticate

        request = bp.current_request
        try:
            record = load_company(company)
        except NotFound:
            return error_page(request, None, NotFound("no such company"), None)
        try:
            actor = authenticate(record.slug, session.token(request))
        except Unauthorized:
            return sign_in_redirect(request, record.slug)
        try:
            return handler(request, record, actor, *args, **kwargs)
        except DomainError as error:
            return error_page(request, record, error, actor)

    return wrapped


def error_page(request, company, error: DomainError, actor) -> Response:
    from chalicelib.web.render import NO_COMPANY

    heading = {403: "You cannot do this", 404: "Not found", 409: "This changed meanwhile"}.get(error.status, "Something is not right")
    if isinstance(error, Forbidden):
        message = "Your role does not allow this. Ask an admin of your team if you need it."
    elif isinstance(error, NotFound):
        message = "There is nothing here, or it is not one of yours."
    else:
        message = error.message
    if company is None:
        from chalicelib.web.render import message_page

        return message_page(heading, [message], status=error.status, company=NO_COMPANY, request=request, root=_root(request))
    return render(request, "console_message.html", {"heading": heading, "paragraphs": [message]}, company=company, actor=actor,
                  status=error.status)


def form_of(request) -> dict[str, list[str]]:
    from chalicelib.pages.forms import read_form

    return read_form(request)


def posted(request) -> dict[str, list[str]]:
    """A console form, CSRF-checked (a Forbidden page otherwise)."""
    from chalicelib.pages.forms import first

    form = form_of(request)
    session.check_csrf(request, first(form, "csrf"))
    return form
