"""The console's screens. Each handler parses the form or query, calls one use case (the same
one its JSON twin under /admin calls) and renders; `screen` supplies the signed-in member."""
from __future__ import annotations

import secrets
from urllib.parse import quote, urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console import session
from chalicelib.console.http import error_page, form_of, posted, render, screen
from chalicelib.errors import DomainError, InvalidInput, NotFound, Unauthorized
from chalicelib.web.render import redirect

bp = Blueprint(__name__)
CONTINUE_COOKIE = "cc_console_continue"


def _company(company: str):
    from chalicelib.companies.service import load_company

    return load_company(company)


def _first(form, name: str) -> str:
    from chalicelib.pages.forms import first

    return first(form, name).strip()


# -- signing in ------------------------------------------------------------------------

@bp.route("/console/{company}", methods=["GET"])
def console_root(company: str):
    return redirect(f"{quote(company, safe='')}/home")


@bp.route("/console/{company}/sign-in", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def sign_in(company: str):
    from chalicelib.team.service import request_sign_in

    request = bp.current_request
    try:
        record = _company(company)
    except NotFound as error:
        return error_page(request, None, error, None)
    query = request.query_params or {}
    if request.method == "GET":
        return render(request, "console_sign_in.html", {"email": "", "errors": {}, "sent": False,
                                                         "workspace": _workspace(record)}, company=record)
    form = form_of(request)
    email = _first(form, "email")
    try:
        request_sign_in(record.slug, email)
    except InvalidInput as error:
        return render(request, "console_sign_in.html", {"email": email, "errors": {"email": error.message}, "sent": False,
                                                         "workspace": _workspace(record)}, company=record, status=400)
    # The same page whoever asked: nobody learns from it who is on the team.
    return render(
        request, "console_sign_in.html", {"email": email, "errors": {}, "sent": True, "workspace": _workspace(record)},
        company=record)


def _workspace(record) -> dict | None:
    provider = record.settings.workspace_sign_in
    return {"name": provider.name} if provider else None


# The workspace flow's browser binding (auth.oidc_flow.Started): ten minutes, scoped to the
# flow's two paths, and SameSite=Lax: the provider's redirect back is a cross-site top-level GET.
WORKSPACE_COOKIE = "cc_console_oidc"


def _workspace_cookie(company: str, value: str, max_age: int = 600) -> str:
    return (f"{WORKSPACE_COOKIE}={value}; Path={session.path(company)}sign-in/workspace; Max-Age={max_age}; "
            "HttpOnly; Secure; SameSite=Lax")


@bp.route("/console/{company}/sign-in/workspace", methods=["GET"])
def sign_in_workspace(company: str):
    """"Sign in with Google/Microsoft": to the company's workspace provider (team/workspace.py)."""
    from chalicelib.team import workspace

    request = bp.current_request
    try:
        record = _company(company)
        started = workspace.begin(record)
    except NotFound as error:
        return error_page(request, None, error, None)
    except DomainError as error:
        return _workspace_refused(request, record, error)
    return redirect(started.url, headers={"Set-Cookie": _workspace_cookie(record.slug, started.browser_binding)})


@bp.route("/console/{company}/sign-in/workspace/callback", methods=["GET"])
def sign_in_workspace_callback(company: str):
    """The provider sent the browser back. The session cookie is SameSite=Strict, which a
    browser does not send on a navigation another site began (this one, and a redirect from
    it): the page says who is signed in and links to the console, a same-site navigation."""
    from chalicelib.pages.session import cookie_value
    from chalicelib.team import workspace

    request = bp.current_request
    try:
        record = _company(company)
    except NotFound as error:
        return error_page(request, None, error, None)
    spent = _workspace_cookie(record.slug, "", 0)  # the binding is spent with the state, whatever the outcome
    try:
        signed = workspace.complete(record, request.query_params or {}, cookie_value(request, WORKSPACE_COOKIE))
    except DomainError as error:
        return _workspace_refused(request, record, error, spent)
    return render(request, "console_message.html", {
        "heading": "You are signed in",
        "paragraphs": [("Signed in as %(email)s.", {"email": signed.member.email})],
        "link": {"href": "home", "text": "Open the hiring console"}}, company=record,
        headers={"Set-Cookie": [session.set_cookie(record.slug, signed.token, signed.max_age), spent]})


def _workspace_refused(request, record, error: DomainError, cookie: str | None = None):
    return render(request, "console_message.html", {
        "heading": "Sign-in did not work", "paragraphs": [error.message],
        "link": {"href": "../../sign-in" if cookie else "../sign-in", "text": "Back to sign-in"}}, company=record,
        status=error.status, headers={"Set-Cookie": cookie} if cookie else None)


def _continue(request, company: str, link: str, heading: str, paragraphs: list, button: str, extra: dict | None = None,
              record=None, status: int = 200):
    """The page of an emailed link: a Continue button bound to this browser (a cookie set now),
    so a link another site makes this browser open signs nobody in."""
    from chalicelib.pages.session import cookie_value, form_token

    value = cookie_value(request, CONTINUE_COOKIE)
    if not value or len(value) > 64 or not value.isascii():
        value = secrets.token_urlsafe(24)
    cookie = f"{CONTINUE_COOKIE}={value}; Path={session.path(company)}; Max-Age=3600; HttpOnly; Secure; SameSite=Strict"
    return render(request, "console_continue.html", {
        "heading": heading, "paragraphs": paragraphs, "button": button, "token": link,
        "continue": form_token("console-continue", value, link), **(extra or {})}, company=record, headers={"Set-Cookie": cookie},
        status=status)


def _check_continue(request, link: str, posted_value: str) -> None:
    from chalicelib.pages.session import check_form_token, cookie_value, form_token

    value = cookie_value(request, CONTINUE_COOKIE)
    if not value:
        raise Unauthorized("press Continue on the page of your link", field="continue")
    check_form_token(form_token("console-continue", value, link), posted_value)


def _signed_in(company: str, signed, next_screen: str = "home"):
    return redirect(next_screen, headers={"Set-Cookie": session.set_cookie(company, signed.token, signed.max_age)})


def _link_refused(request, record, error: DomainError, invitation: bool = False):
    """An emailed link that does nothing any more: used, replaced, expired or not ours."""
    paragraph = ("An invitation works once and for seven days, and only the newest one does. Ask an admin of your team to "
                 "invite you again." if invitation else "A sign-in link works once, for 30 minutes. Ask for a new one.")
    return render(request, "console_message.html", {
        "heading": "This link does not work any more", "paragraphs": [paragraph],
        "link": {"href": "sign-in", "text": "Ask for a new sign-in link"}}, company=record, status=error.status)


@bp.route("/console/{company}/sign-in/link", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def sign_in_link(company: str):
    from chalicelib.team.service import redeem_sign_in, sign_in_for

    request = bp.current_request
    try:
        record = _company(company)
    except NotFound as error:
        return error_page(request, None, error, None)
    query = request.query_params or {}
    form = form_of(request) if request.method == "POST" else {}
    link = _first(form, "token") or query.get("token") or ""
    try:
        member = sign_in_for(link)
        if member.company != record.slug:
            raise Unauthorized("this link belongs to another company", field="token")
        if request.method == "GET":
            return _continue(request, record.slug, link, "Sign in to the hiring console",
                             [("You are signing in as %(email)s.", {"email": member.email})], "Continue", record=record)
        _check_continue(request, link, _first(form, "continue"))
        return _signed_in(record.slug, redeem_sign_in(link), "../home")
    except DomainError as error:
        return _link_refused(request, record, error)


@bp.route("/console/{company}/invitation", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def invitation(company: str):
    from chalicelib.team.roles import ROLE_NAMES
    from chalicelib.team.service import accept_invitation, invitation_for

    request = bp.current_request
    try:
        record = _company(company)
    except NotFound as error:
        return error_page(request, None, error, None)
    query = request.query_params or {}
    form = form_of(request) if request.method == "POST" else {}
    link = _first(form, "token") or query.get("token") or ""
    try:
        member = invitation_for(link)
        if member.company != record.slug:
            raise Unauthorized("this link belongs to another company", field="token")
        if request.method == "GET":
            return _continue(request, record.slug, link, ("Join %(company)s's hiring team", {"company": record.name}),
                             [("%(inviter)s invited %(email)s as %(role)s.",
                               {"inviter": member.invited_by or record.name, "email": member.email,
                                "role": ROLE_NAMES.get(member.role, member.role)})],
                             "Accept and sign in", extra={"ask_name": True, "name": member.name}, record=record)
        _check_continue(request, link, _first(form, "continue"))
        return _signed_in(record.slug, accept_invitation(link, _first(form, "name")), "home")
    except DomainError as error:
        return _link_refused(request, record, error, invitation=True)


@bp.route("/console/{company}/sign-out", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def sign_out(company: str):
    from chalicelib.team.service import sign_out as end

    request = bp.current_request
    posted(request)
    end(session.token(request))
    return redirect("sign-in?signed_out=1", headers={"Set-Cookie": session.clear_cookie(company)})


# -- the screens -------------------------------------------------------------------------

@bp.route("/console/{company}/home", methods=["GET"])
def home(company: str):
    return screen(bp, _home)(company)


def _home(request, record, actor):
    from chalicelib.console.home import overview

    return render(request, "console_home.html", {**overview(actor), "current": "home"}, company=record, actor=actor)


@bp.route("/console/{company}/team", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def team(company: str):
    return screen(bp, _team)(company)


def _team(request, record, actor):
    from chalicelib.console.http import language
    from chalicelib.pages import problems
    from chalicelib.team import roles
    from chalicelib.team.service import NewMember, change_member, invite, list_members, reinvite, remove_member

    actor.require(roles.TEAM)
    errors, values, notice = {}, {}, None
    status = 200
    if request.method == "POST":
        form = posted(request)
        action = _first(form, "action")
        if action == "invite":
            values = {"email": _first(form, "email"), "name": _first(form, "name"), "role": _first(form, "role"),
                      "language": _first(form, "language") or "en"}
            _, found = problems.check(NewMember, values)
            if found:
                errors = problems.messages(found, language(request, actor, record.settings.language)[0],
                                           fields=("email", "name", "role", "language"))
                status = 400
            else:
                try:
                    return _done("team", "invited", invite(actor, values)["id"])
                except DomainError as error:
                    errors, status = {"email": _team_refusal(error)}, error.status
        elif action == "reinvite":
            return _done("team", "reinvited", reinvite(actor, _first(form, "member"))["id"])
        elif action == "role":
            return _done("team", "role", change_member(actor, _first(form, "member"), {"role": _first(form, "role")})["id"])
        elif action == "remove":
            return _done("team", "removed", remove_member(actor, _first(form, "member"))["id"])
        else:
            raise InvalidInput("unknown action", field="action")
    else:
        notice = _team_notice(request.query_params or {}, list_members(actor, include_removed=True))
    return render(request, "console_team.html", {"members": list_members(actor), "roles": roles.ROLE_NAMES, "errors": errors,
                                                  "values": values, "notice": notice, "current": "team"},
                  company=record, actor=actor, status=status)


def _done(screen_path: str, what: str, about: str = ""):
    """After a form did its work: 303 to the screen (a reload re-sends nothing), which says what was done."""
    return redirect(f"{screen_path}?{urlencode({'done': what, 'about': about} if about else {'done': what})}")


TEAM_NOTICES = {
    "invited": "Invitation sent to %(email)s.",
    "reinvited": "A new invitation went to %(email)s; the earlier link no longer works.",
    "role": "%(name)s's role is now %(role)s.",
    "removed": "%(name)s was removed and signed out everywhere.",
}


def _team_notice(query: dict, members: list[dict]):
    from chalicelib.team.roles import ROLE_NAMES

    text = TEAM_NOTICES.get(query.get("done", ""))
    member = next((m for m in members if m["id"] == query.get("about")), None)
    if text is None or member is None:
        return None
    return (text, {"email": member["email"], "name": member["name"] or member["email"],
                   "role": ROLE_NAMES.get(member["role"], member["role"])})


def _team_refusal(error: DomainError) -> str:
    if error.status == 409:
        return "This address is already a member of the team."
    return "Check this field"


@bp.route("/console/{company}/notifications", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def notifications(company: str):
    return screen(bp, _notifications)(company)


def _notifications(request, record, actor):
    from chalicelib.team.service import NOTIFICATIONS, member_of_actor, set_notifications

    if request.method == "POST":
        form = posted(request)
        set_notifications(actor, {"notifications": _first(form, "notifications")})
        return _done("notifications", "saved")
    notice = "Saved." if (request.query_params or {}).get("done") == "saved" else None
    return render(request, "console_notifications.html", {"choice": member_of_actor(actor)["notifications"], "choices": NOTIFICATIONS,
                                                           "notice": notice, "current": "notifications"}, company=record, actor=actor)
