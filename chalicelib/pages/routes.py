"""The candidate pages (issue 8): Connect, sign-in, the landing of emailed links, the dashboard.
Handlers parse the form, call one use case and render; errors become pages, not JSON."""
from __future__ import annotations

import json

from chalice import Blueprint, Response

from chalicelib.api import FORM_CONTENT_TYPES, link_token
from chalicelib.errors import DomainError, Forbidden, InvalidInput, NotFound, Unauthorized
from chalicelib.web.render import merge_headers, page, redirect, static_file, wants_html

bp = Blueprint(__name__)
ROOT = "../../"  # from /companies/{company}/<page> back to the API's root, whatever the stage prefix


def _company(company: str):
    from chalicelib.companies.service import load_company

    from chalicelib.pages.connect import company_view

    return company_view(load_company(company))


def _page(template: str, context: dict, company: str, status: int = 200, headers: dict | None = None,
          profile_language: str | None = None) -> Response:
    """A page in the request's language: the switch, else the signed-in candidate's profile, else
    the browser's, else the company's (from the company view the page already holds)."""
    from chalicelib.i18n import for_request

    language, cookie = for_request(bp.current_request, context["company"].get("language"), profile_language)
    return page(template, context, status=status, headers=merge_headers(cookie, headers), language=language,
                request=bp.current_request)


def _message(company: str, heading, paragraphs: list, status: int = 200, form: dict | None = None,
             link: dict | None = None, headers: dict | None = None, root: str = ROOT) -> Response:
    from chalicelib.web.render import message_page

    try:
        view = _company(company)
    except NotFound:
        view = None
    return message_page(heading, paragraphs, status=status, form=form, link=link, company=view, root=root, headers=headers,
                        request=bp.current_request, company_language=view["language"] if view else None)


@bp.route("/static/{name}", methods=["GET"])
def static(name: str):
    return static_file(name) or Response(body={"error": {"code": "not_found", "message": "no such file", "field": "name"}},
                                         status_code=404, headers={"Content-Type": "application/json"})


@bp.route("/companies/{company}/theme.css", methods=["GET"])
def theme(company: str):
    """The company's colour for the pages, as a stylesheet (the CSP allows no inline style)."""
    from chalicelib.companies.service import load_company

    try:
        branding = load_company(company).settings.branding
    except NotFound:
        branding = None
    colour = branding.primary_color if branding and branding.primary_color else None
    return Response(body=f":root {{ --primary: {colour}; }}\n" if colour else "", status_code=200,
                    headers={"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300"})


@bp.route("/companies/{company}/connect", methods=["GET"])
def get_connect_form(company: str):
    """A browser gets the Connect page; a career site's script (Accept: application/json) the
    data to draw its own form."""
    from chalicelib.companies.service import load_company

    if not wants_html(bp.current_request):
        from chalicelib.api import json_response
        from chalicelib.candidates.service import connect_form

        return json_response(connect_form(company))
    from chalicelib.pages import session
    from chalicelib.pages.connect import form_view

    signed_in = session.signed_in(bp.current_request, company) is not None
    return _page("connect.html", {**form_view(load_company(company), signed_in=signed_in, language=_language(company)), "root": ROOT},
                 company)


def _language(company: str) -> str:
    from chalicelib.i18n import for_request

    return for_request(bp.current_request, _company(company)["language"])[0]


def _refusal(error: DomainError) -> str:
    """A refusal that is not about one field (too many tries, the bot check), in plain words."""
    if error.status == 429:
        return "You have asked for several emails in the last hour. Please wait a while and try again."
    if error.field == "bot_token":
        return "We could not check that you are a person. Reload the page and try again."
    return "That did not work. Please try again."


@bp.route("/companies/{company}/connect", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def post_connect_form(company: str):
    from chalicelib.i18n import translate
    from chalicelib.pages import session
    from chalicelib.pages.connect import form_view, submit
    from chalicelib.pages.forms import read_form

    from chalicelib.companies.service import load_company

    language = _language(company)
    form = read_form(bp.current_request)
    try:
        email, problem = submit(company, form, language)
    except DomainError as error:
        if error.status == 404 or error.status >= 500:
            raise
        problem, email = form_view(load_company(company), form, {"form": translate(language, _refusal(error))}, language=language), None
        return _page("connect.html", {**problem, "root": ROOT}, company, status=error.status, headers=error.headers())
    if problem is not None:
        return _page("connect.html", {**problem, "root": ROOT}, company, status=400)
    # 303 to the thank-you page: a refresh there sends nothing again.
    return redirect("sent", headers={"Set-Cookie": session.sent_cookie(company, email, "connect")})


@bp.route("/companies/{company}/sent", methods=["GET"])
def sent_page(company: str):
    """Where the Connect and sign-in forms lead: which address the link went to, and a button
    that sends it again (within the sign-in link's limits)."""
    return _sent_page(company)


def _sent_page(company: str, status: int = 200, notice: str | None = None, headers: dict | None = None) -> Response:
    from chalicelib.pages import session

    request = bp.current_request
    sent = session.sent(request, company)
    name = _company(company)["name"]
    if sent is None:
        return _message(company, "Check your inbox", ["We sent you an email with a link. It works once."], status=status)
    again = {"action": "sent", "hidden": [("csrf", session.resend_token(request))], "button": "Send the link again"}
    if sent["kind"] == "sign-in":
        heading = "Check your inbox"
        paragraphs = [("If %(email)s is connected with %(name)s, a sign-in link is on its way. It works once, for 30 minutes.",
                       {"email": sent["email"], "name": name})]
    else:
        heading = ("Thank you for connecting with %(name)s", {"name": name})
        paragraphs = [("Check your inbox: we sent an email to %(email)s with a link that confirms your address.", {"email": sent["email"]}),
                      "Once it is confirmed, you will get job tips that match what you chose."]
    paragraphs.append("No email after a few minutes? Look in your spam folder, or send the link again.")
    if notice:
        paragraphs.insert(0, notice)
    return _message(company, heading, paragraphs, status=status, form=again, headers=headers,
                    link={"href": "sign-in", "text": "Use another address"} if sent["kind"] == "sign-in"
                    else {"href": "connect", "text": "Wrong address? Connect again"})


@bp.route("/companies/{company}/sent", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def send_again(company: str):
    """The thank-you page's "Send the link again": a sign-in link (it also confirms the address),
    within the sign-in link's per-address limits."""
    from chalicelib.candidates.sign_in import request_magic_link
    from chalicelib.pages import session
    from chalicelib.pages.forms import first, read_form

    request = bp.current_request
    sent = session.sent(request, company)
    try:
        session.check_form_token(session.resend_token(request), first(read_form(request), "csrf"))
        if sent is None:
            raise Forbidden("this page has expired", field="csrf")
        request_magic_link(company, sent["email"])
    except DomainError as error:
        if error.status == 403:
            return _message(company, "This page has expired", ["Fill in the form again to get a new link."], status=403,
                            link={"href": "connect", "text": "Back to the Connect page"})
        return _sent_page(company, status=error.status, notice=_refusal(error), headers=error.headers())
    return redirect("sent?again=1")


@bp.route("/companies/{company}/sign-in", methods=["GET"])
def sign_in_page(company: str):
    return _page("sign_in.html", {"company": _company(company), "root": ROOT, "errors": {}, "email": ""}, company)


@bp.route("/companies/{company}/sign-in", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def post_sign_in(company: str):
    from chalicelib.candidates.schema import MagicLinkRequest
    from chalicelib.candidates.sign_in import request_magic_link
    from chalicelib.i18n import translate
    from chalicelib.pages import problems, session
    from chalicelib.pages.forms import first, read_form

    form = read_form(bp.current_request)
    language = _language(company)
    typed = first(form, "email")
    body, found = problems.check(MagicLinkRequest, {"company": company, "email": typed})
    status, headers = 400, {}
    if body is not None:
        try:
            request_magic_link(body.company, body.email)
            return redirect("sent", headers={"Set-Cookie": session.sent_cookie(company, body.email, "sign-in")})
        except DomainError as error:
            found, status, headers = [], error.status, error.headers()
            errors = {"form": translate(language, _refusal(error))}
    if found:
        errors = problems.messages(found, language)
    return _page("sign_in.html", {"company": _company(company), "root": ROOT, "errors": errors, "email": typed}, company,
                 status=status, headers=headers)


@bp.route("/companies/{company}/dashboard", methods=["GET"])
def dashboard_page(company: str):
    """With ?token= (an emailed link): a page whose GET spends nothing (mail scanners open links),
    with one button. Without: the dashboard, for a signed-in candidate of this company."""
    from chalicelib.pages import session

    request = bp.current_request
    token = link_token(request)
    if token and session.already_signed_in_for(request, company, token):
        return redirect("dashboard")  # the link was used; its candidate is signed in here
    if token:
        return _continue_page(company, token)
    subject = session.signed_in(request, company)
    if subject is None:
        return _message(company, "Sign in", ["Your session has ended or you have not signed in on this device."],
                        status=401, link={"href": "sign-in", "text": "Get a sign-in link by email"})
    from chalicelib.i18n import for_request
    from chalicelib.pages.dashboard import view

    notice = {"saved": "Your job tips are saved.", "renewed": "Your consent is renewed.", "profile": "Your profile is saved.",
              "email": "Your profile is saved. We sent a link to your new address: your email changes when you open it.",
              "unsubscribed": "You will get no more job tips. Turn them back on above, any time.",
              "resumed": "Your job tips are on again.",
              "withdrawn": "Your application is withdrawn. The hiring team sees it; you will get no more emails about it.",
              "preferences": "Your email choices are saved."}.get((request.query_params or {}).get("done", ""))
    default = _company(company)["language"]
    context = view(subject, session.csrf_token(request), notice,
                   language=lambda profile_language: for_request(request, default, profile_language)[0])
    return _page("dashboard.html", {**context, "root": ROOT, "here": ""}, company, profile_language=context["profile"]["language"])


@bp.route("/companies/{company}/dashboard", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_sign_in(company: str):
    """The Continue button of an emailed link: spend the token (confirming the address, applying
    a waiting change, renewing consent), keep the session in an HttpOnly cookie, open the dashboard."""
    from chalicelib.pages import session
    from chalicelib.pages.forms import first, read_form

    from chalicelib.candidates.service import start_session

    request = bp.current_request
    token = link_token(request)
    try:
        session.check_continue(request, token, first(read_form(request), "continue"))
    except DomainError:
        # Not pressed on this browser's own page of the link (or that page is over an hour old):
        # nothing is spent; the same page is shown again, bound to this browser.
        return _continue_page(company, token or "", status=403)
    try:
        opened = start_session(token, company=company)
    except DomainError as error:
        if session.already_signed_in_for(request, company, token):
            return redirect("dashboard")
        return _message(company, "This link is not valid",
                        ["It has been used already or is too old. Links in emails work once.", "Ask for a new sign-in link."],
                        status=error.status, link={"href": "sign-in", "text": "Get a sign-in link by email"})
    return redirect("dashboard", headers={"Set-Cookie": session.cookie_header(company, opened["access_token"])})


def _continue_page(company: str, token: str, status: int = 200) -> Response:
    """The page an emailed link lands on: its GET spends nothing (mail scanners open links); its
    one button, bound to this browser (pages.session), spends the link and signs in."""
    from urllib.parse import urlencode

    from chalicelib.pages import session

    from chalicelib.candidates.service import link_address

    field, cookie = session.continue_form(bp.current_request, company, token)
    name = _company(company)["name"]
    address = link_address(token, company)
    paragraphs = ["Continue to confirm your email address and open your Connect dashboard."]
    if address:
        paragraphs.append(("This link signs in as %(email)s. If that is not your address, close this page.", {"email": address}))
    return _message(company, ("%(name)s: continue", {"name": name}), paragraphs,
                    form={"action": f"dashboard?{urlencode({'token': token})}", "hidden": [("continue", field)], "button": "Continue"},
                    status=status, headers=cookie)


def _signed_in_form(company: str):
    from chalicelib.pages import session

    from chalicelib.pages.forms import first, read_form

    request = bp.current_request
    subject = session.signed_in(request, company)
    if subject is None:
        raise Unauthorized("sign in first", field="session")
    form = read_form(request)
    session.check_csrf(request, first(form, "csrf"))
    return subject, form


def _refused(company: str, error: DomainError) -> Response:
    return _message(company, "That did not work", [error.message], status=error.status,
                    link={"href": "../dashboard" if error.status != 401 else "../sign-in", "text": "Back"})


def _dashboard_action(company: str, action, done: str, form_name: str | None = None) -> Response:
    """A signed-in dashboard form: check session and CSRF, run ``action(subject, form)``, go back
    (303). A refused profile or subscription form (``form_name``) is shown again with what was
    typed and every problem beside its field."""
    from chalicelib.i18n import translate
    from chalicelib.pages import problems, session
    from chalicelib.pages.dashboard import FIELDS, view

    try:
        subject, form = _signed_in_form(company)
    except DomainError as error:
        return _refused(company, error)
    try:
        outcome = action(subject, form)
    except DomainError as error:
        if form_name is None or error.status >= 500 or error.status in (401, 403, 404):
            return _refused(company, error)
        request = bp.current_request
        language, _cookie = _request_language(company, subject)
        if isinstance(error, InvalidInput):
            errors = problems.messages(problems.from_error(error), language, fields=FIELDS)
        else:
            errors = {"form": translate(language, _refusal(error))}
        context = view(subject, session.csrf_token(request), errors=errors, posted=form_name, form=form, language=language)
        # Drawn at /dashboard/<form>: its links and the language switch lead back from there.
        return _page("dashboard.html", {**context, "root": "../../../", "here": "../", "switch_base": "../dashboard"}, company,
                     status=error.status,
                     profile_language=context["profile"]["language"])
    return redirect(f"../dashboard?done={outcome or done}")


def _request_language(company: str, subject) -> tuple[str, dict]:
    from chalicelib.i18n import for_request

    from chalicelib.dashboard.service import dashboard

    profile_language = dashboard(subject)["profile"]["language"]
    return for_request(bp.current_request, _company(company)["language"], profile_language)


@bp.route("/companies/{company}/dashboard/subscription", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_subscription(company: str):
    from chalicelib.pages.dashboard import save_subscription

    return _dashboard_action(company, save_subscription, "saved", form_name="subscription")


@bp.route("/companies/{company}/dashboard/profile", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_profile(company: str):
    from chalicelib.pages.dashboard import save_profile

    return _dashboard_action(company, save_profile, "profile", form_name="profile")


@bp.route("/companies/{company}/dashboard/unsubscribe", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_unsubscribe(company: str):
    from chalicelib.pages.dashboard import stop_job_tips

    return _dashboard_action(company, lambda subject, _form: stop_job_tips(subject), "unsubscribed")


@bp.route("/companies/{company}/dashboard/preferences", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_preferences(company: str):
    from chalicelib.pages.dashboard import save_preferences

    return _dashboard_action(company, save_preferences, "preferences")


@bp.route("/companies/{company}/dashboard/resume", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_resume(company: str):
    from chalicelib.pages.dashboard import resume_job_tips

    return _dashboard_action(company, lambda subject, _form: resume_job_tips(subject), "resumed")


@bp.route("/companies/{company}/dashboard/consent", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_consent(company: str):
    from chalicelib.pages.dashboard import renew

    return _dashboard_action(company, lambda subject, _form: renew(subject), "renewed")


@bp.route("/companies/{company}/dashboard/withdraw", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_withdraw(company: str):
    from chalicelib.applications.service import withdraw
    from chalicelib.pages.forms import first

    return _dashboard_action(company, lambda subject, form: withdraw(subject, first(form, "application").strip()) and None,
                             "withdrawn")


@bp.route("/companies/{company}/dashboard/export", methods=["GET"])
def dashboard_export(company: str):
    from chalicelib.pages import session

    from chalicelib.pages.dashboard import download

    subject = session.signed_in(bp.current_request, company)
    if subject is None:
        return _refused(company, Unauthorized("sign in first", field="session"))
    return Response(body=json.dumps(download(subject), indent=2), status_code=200, headers={
        "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="my-data.json"', "Cache-Control": "no-store"})


@bp.route("/companies/{company}/dashboard/erase", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_erase(company: str):
    from chalicelib.pages import session

    from chalicelib.pages.dashboard import erase_all
    from chalicelib.pages.forms import first

    try:
        subject, form = _signed_in_form(company)
        if first(form, "confirm") != "yes":
            return _message(company, "Nothing was deleted", ["Tick the box to confirm that everything about you should be deleted."],
                            status=400, link={"href": "../dashboard", "text": "Back to your dashboard"})
        erase_all(subject)
    except DomainError as error:
        return _refused(company, error)
    return _message(company, "Your data is deleted", ["Everything we stored about you has been deleted. You can connect again at any time."],
                    headers={"Set-Cookie": session.clear_cookie_header(company)})


@bp.route("/companies/{company}/dashboard/sign-out", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def dashboard_sign_out(company: str):
    from chalicelib.candidates.service import end_session
    from chalicelib.pages import session

    try:
        _signed_in_form(company)
        end_session(session.session_token(bp.current_request))
    except DomainError as error:
        return _refused(company, error)
    return redirect("../sign-in", headers={"Set-Cookie": session.clear_cookie_header(company)})


PROVIDER_ROOT = "../../../"  # from /companies/{company}/<page>/{provider} back to the API's root


@bp.route("/companies/{company}/sign-in/{provider}", methods=["GET"])
def sign_in_with_provider(company: str, provider: str):
    """Start the authorization-code flow: off to LinkedIn or Facebook."""
    from chalicelib.pages.providers import start_sign_in

    try:
        return _to_provider(company, start_sign_in(company, provider))
    except DomainError as error:
        return _message(company, "Sign-in is not available", [error.message], status=error.status,
                        link={"href": "../sign-in", "text": "Sign in by email"}, root=PROVIDER_ROOT)


@bp.route("/companies/{company}/connect/{provider}", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def connect_with_provider(company: str, provider: str):
    """The Connect form's "Connect with LinkedIn/Facebook": the choices ride along the flow."""
    from chalicelib.pages.forms import read_form
    from chalicelib.pages.providers import start_connect

    try:
        return _to_provider(company, start_connect(company, provider, read_form(bp.current_request)))
    except DomainError as error:
        return _message(company, "Please check your choices", [error.message], status=error.status,
                        link={"href": "../connect", "text": "Back to the Connect page"}, root=PROVIDER_ROOT)


@bp.route("/companies/{company}/sign-in/{provider}/callback", methods=["GET"])
def provider_callback(company: str, provider: str):
    """The provider sent the browser back: finish the flow, sign in (or connect), open the dashboard."""
    from chalicelib.pages import session

    from chalicelib.pages.providers import finish

    request = bp.current_request
    # The binding is spent with the state, whatever the outcome.
    cleared = {"Set-Cookie": _provider_cookie(company, "", 0)}
    try:
        done = finish(company, provider, request.query_params or {}, session.cookie_value(request, PROVIDER_COOKIE))
    except DomainError as error:
        return _message(company, "Sign-in did not work", [error.message], status=error.status,
                        link={"href": "../../sign-in", "text": "Try again"}, root="../../../../", headers=cleared)
    if done.access_token is None:
        return _message(company, "Check your inbox",
                        [("%(provider)s did not confirm your email address, so we sent a link to %(email)s. Open it to continue.",
                          {"provider": provider.title(), "email": done.email})], root="../../../../", headers=cleared)
    return redirect("../../dashboard", headers={"Set-Cookie": [session.cookie_header(company, done.access_token), cleared["Set-Cookie"]]})


# The provider flow's browser binding (auth.oidc_flow.Started): ten minutes, sent back with the
# provider's redirect to the callback (a top-level GET, which SameSite=Lax allows).
PROVIDER_COOKIE = "cc_oidc"


def _provider_cookie(company: str, value: str, max_age: int = 600) -> str:
    from chalicelib.pages.session import cookie

    return cookie(PROVIDER_COOKIE, value, company, max_age, under="sign-in/")


def _to_provider(company: str, started) -> Response:
    return redirect(started.url, headers={"Set-Cookie": _provider_cookie(company, started.browser_binding)})


JOB_ROOT = "../../../../"  # from /companies/{company}/jobs/{job_id}/<page> back to the API's root


OFFER_COOKIE = "cc_offer"


def _offer_cookie(company: str, value: str, max_age: int = 3600) -> str:
    from chalicelib.pages.session import cookie

    return cookie(OFFER_COOKIE, value, company, max_age)


@bp.route("/companies/{company}/jobs/{job_id}/apply", methods=["GET"])
def apply_page(company: str, job_id: str):
    from chalicelib.pages import session
    from chalicelib.pages.apply import form_view, signed_in_candidate

    subject = session.signed_in(bp.current_request, company)
    try:
        context = form_view(company, job_id, signed_in=signed_in_candidate(subject), language=_language(company))
    except NotFound:
        return _message(company, "This job is not open", ["It may have been filled or taken down. See the open jobs on the Connect page."],
                        status=404, root=JOB_ROOT, link={"href": "../../connect", "text": "See the open jobs"})
    return _page("apply.html", {**context, "root": JOB_ROOT}, company)


@bp.route("/companies/{company}/jobs/{job_id}/apply", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def post_apply_form(company: str, job_id: str):
    from chalicelib.i18n import translate
    from chalicelib.pages import session
    from chalicelib.pages.apply import form_view, signed_in_candidate, submit
    from chalicelib.pages.forms import read_form

    request = bp.current_request
    # A signed-in candidate's application joins their account at once: no "is this yours?" email,
    # no offer to connect again.
    subject = session.signed_in(request, company)
    form = read_form(request)
    language = _language(company)
    try:
        result, problem = submit(company, job_id, form, language, session=subject)
    except NotFound:
        return _message(company, "This job is not open", ["It may have been filled or taken down. See the open jobs on the Connect page."],
                        status=404, root=JOB_ROOT, link={"href": "../../connect", "text": "See the open jobs"})
    except DomainError as error:
        if error.status >= 500:
            raise
        problem = form_view(company, job_id, form, {"form": translate(language, _refusal(error))}, signed_in=signed_in_candidate(subject),
                            language=language)
        return _page("apply.html", {**problem, "root": JOB_ROOT}, company, status=error.status, headers=error.headers())
    if problem is not None:
        return _page("apply.html", {**problem, "root": JOB_ROOT}, company, status=400)
    offer = result["connect_offer"]
    cookie = _offer_cookie(company, f"{result['application_id']}.{offer['application_token']}") if offer else None
    headers = {"Set-Cookie": cookie} if cookie else {}
    if result["resume_upload"]:
        # This one form posts to the resumes bucket: the CSP names exactly that origin.
        from urllib.parse import urlparse

        from chalicelib.web.render import CSP

        target = urlparse(result["resume_upload"]["url"])
        csp = CSP.replace("form-action 'self'", f"form-action 'self' {target.scheme}://{target.netloc}")
        return _page("upload.html", {"company": _company(company), "root": JOB_ROOT, "upload": result["resume_upload"]}, company,
                     headers={**headers, "Content-Security-Policy": csp})
    return redirect("applied", headers=headers)


@bp.route("/companies/{company}/jobs/{job_id}/applied", methods=["GET"])
def applied_page(company: str, job_id: str):
    """Where S3 sends the browser after the upload (and where an application without a resume
    lands): the thanks, and the offer to connect (seed 000); a signed-in candidate's way to the
    dashboard, where the application already is."""
    from chalicelib.pages import session
    from chalicelib.pages.apply import applied_view

    request = bp.current_request
    offer = session.cookie_value(request, OFFER_COOKIE)
    signed_in = session.signed_in(request, company) is not None
    context = {**applied_view(company, job_id, has_offer=_offer(request) is not None, signed_in=signed_in,
                              language=_language(company)), "root": JOB_ROOT,
               "csrf": session.form_token("offer", offer) if offer else ""}
    return _page("applied.html", context, company)


def _offer(request) -> tuple[str, str] | None:
    from chalicelib.pages import session

    application_id, _, token = (session.cookie_value(request, OFFER_COOKIE) or "").partition(".")
    return (application_id, token) if application_id and token else None


@bp.route("/companies/{company}/jobs/{job_id}/connect-after-applying", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def connect_after_applying_form(company: str, job_id: str):
    from chalicelib.api import validate
    from chalicelib.candidates.schema import ApplicationConnectRequest
    from chalicelib.candidates.service import connect_after_applying
    from chalicelib.pages.forms import first, read_form

    from chalicelib.pages import session

    offer = _offer(bp.current_request)
    form = read_form(bp.current_request)
    try:
        if offer is None:
            raise Unauthorized("this offer has expired; connect from the Connect page", field="application_token")
        # Like the dashboard's forms: bound to this browser's offer cookie, not to SameSite alone.
        session.check_form_token(session.form_token("offer", session.cookie_value(bp.current_request, OFFER_COOKIE)), first(form, "csrf"))
        body = {"source": "application", "application_id": offer[0], "application_token": offer[1],
                "departments": form.get("departments", [])}
        if first(form, "consent") == "true":
            body["consent"] = True
        connect_after_applying(company, validate(ApplicationConnectRequest, body))
    except DomainError as error:
        return _message(company, "That did not work", [error.message], status=error.status,
                        link={"href": "applied", "text": "Back"}, root=JOB_ROOT)
    return _message(company, "Check your inbox", ["We sent you an email with a link that confirms your address and opens your dashboard."],
                    headers={"Set-Cookie": _offer_cookie(company, "", 0)}, root=JOB_ROOT)
