"""The console's configuration screens, part 2 (issue 17): Settings -> Templates -> Messages (every
email kind, per language: edit, preview, test to yourself, reset), Integrations -> LinkedIn (Apply
Connect, the Manage widget, every posted job) and API keys. Each handler parses the form, calls
one use case (chalicelib/configuration, linkedin/settings.py) and renders; a successful change
answers 303 to its screen, which says what was done."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console import session
from chalicelib.console.http import posted, render, screen
from chalicelib.errors import DomainError, InvalidInput
from chalicelib.web.render import redirect

bp = Blueprint(__name__)
LINKEDIN_ORIGIN = "https://platform.linkedin.com"
NEW_KEY_COOKIE = "cc_console_new_key"
PARTS = ("subject", "text", "html")


def _first(form, name: str) -> str:
    from chalicelib.pages.forms import first

    return first(form, name)


def _done(path: str, what: str, **about: str):
    return redirect(f"{path}?{urlencode({'done': what, **about})}")


def _version(form) -> int:
    value = _first(form, "version").strip()
    if not value.isdigit() or len(value) > 12:
        raise InvalidInput("the form lost its settings version: open the screen again", field="version")
    return int(value)


# -- JSON twins of these screens (an admin API key; the same use cases) -------------------

@bp.route("/admin/templates/{name}/test", methods=["POST"])
def post_template_test(name: str):
    """The editor's "Send me a test" for machines: to a named active member of the team, never
    anyone else; the draft when the body carries one, else the version in use."""
    from chalicelib.api import json_response, parse_body
    from chalicelib.configuration import templates
    from chalicelib.team.http import admin_actor

    request = bp.current_request
    actor = admin_actor(request)
    body = parse_body(request, templates.TemplateTest)
    language = body.language or _company_language(actor.company)
    return json_response(templates.send_test(actor, name, language, body.template, to=body.to), status=202)


def _company_language(slug: str) -> str:
    from chalicelib.companies.service import load_company

    return load_company(slug).settings.language


# -- Settings -> Templates -> Messages ----------------------------------------------------

KIND_NAMES = {
    "connect": "Thanks for connecting",
    "magic_link": "Sign-in link for candidates",
    "consent_renewal": "Consent renewal",
    "email_change": "Email address change",
    "job_tip": "Job tip",
    "digest": "Job tips digest",
    "application_link": "Application confirmation link",
    "application_receipt": "Application receipt",
    "rejection": "Rejection",
    "member_invitation": "Team invitation",
    "member_sign_in": "Team sign-in link",
}
LANGUAGE_NAMES = {"en": "English", "sv": "Swedish"}
SOURCES = {"own": "Own version", "shared": "Own version (all languages)", "default": "Default"}
TEMPLATE_NOTICES = {
    "saved": "Saved. Emails in %(language)s now use this version.",
    "test": "A test email went to %(email)s.",
    "reset": "Back to the default in %(language)s.",
}


@bp.route("/console/{company}/messages", methods=["GET"])
def messages(company: str):
    return screen(bp, _messages)(company)


def _messages(request, record, actor):
    from chalicelib.configuration.templates import list_templates

    listed = list_templates(actor)
    return render(request, "messages_list.html", {"templates": listed["templates"], "template_languages": listed["languages"], "kind_names": KIND_NAMES, "sources": SOURCES, "code_names": LANGUAGE_NAMES,
                                                "current": "messages"},
                  company=record, actor=actor)


@bp.route("/console/{company}/messages/{name}/{language}", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def message(company: str, name: str, language: str):
    return screen(bp, _message)(company, name, language)


def _message(request, record, actor, name: str, language: str):
    from chalicelib.companies.schema import EmailTemplate
    from chalicelib.companies.templates import StaleSettings, TemplateRefused
    from chalicelib.configuration import templates
    from chalicelib.pages import problems

    view = templates.template_view(actor, name, language)
    here = quote(language, safe='')  # relative to this screen's own folder, messages/<name>/
    if request.method == "GET":
        query = request.query_params or {}
        notice = None
        if query.get("done") in TEMPLATE_NOTICES:
            notice = (TEMPLATE_NOTICES[query["done"]], {"language": _language_name(request, record, actor, language),
                                                        "email": actor.email or ""})
        return _editor(request, record, actor, view, notice=notice)

    form = posted(request)
    action = _first(form, "action")
    if action == "reset":
        try:
            templates.reset_template(actor, name, language, _version(form))
        except StaleSettings as stale:
            return _editor(request, record, actor, view, stale=stale, status=409)
        return _done(here, "reset")
    draft_fields = {part: _first(form, part).replace("\r\n", "\n") for part in PARTS}
    draft, found = problems.check(EmailTemplate, draft_fields)
    if found:
        errors = {p.field: _field_problem(p) for p in found if p.field in PARTS}
        return _editor(request, record, actor, view, draft=draft_fields, errors=errors, status=400)
    try:
        if action == "save":
            templates.save_template(actor, name, language, draft, _version(form))
            return _done(here, "saved")
        if action == "test":
            templates.send_test(actor, name, language, draft)
            return _done(here, "test")
        if action == "preview":
            # Writes nothing: the preview is this answer (nothing for a reload to re-send).
            shown = templates.preview(actor, name, language, draft)
            return _editor(request, record, actor, view, draft=draft_fields, preview=shown)
        raise InvalidInput("unknown action", field="action")
    except TemplateRefused as refused:
        return _editor(request, record, actor, view, draft=draft_fields, errors={refused.part: _refusal(refused)}, status=400)
    except StaleSettings as stale:
        return _editor(request, record, actor, view, draft=draft_fields, stale=stale, status=409)
    except InvalidInput as error:
        if error.field == "actor":
            return _editor(request, record, actor, view, draft=draft_fields, errors={"test": (error.message, {})}, status=400)
        raise


def _language_name(request, record, actor, code: str) -> str:
    """A language's name in the language of the screen."""
    from chalicelib.console.http import language
    from chalicelib.i18n import translate

    return translate(language(request, actor, record.settings.language)[0], LANGUAGE_NAMES.get(code, code))


def _field_problem(problem) -> tuple[str, dict]:
    if problem.empty:
        return ("Write this part: an email needs a subject, a text and an HTML version.", {})
    return ("Check this part: %(reason)s", {"reason": problem.message})


def _refusal(refused) -> tuple[str, dict]:
    if refused.line:
        return ("Line %(line)s: %(reason)s", {"line": refused.line, "reason": refused.reason})
    return ("This part cannot be used: %(reason)s", {"reason": refused.reason})


def _editor(request, record, actor, view: dict, *, draft: dict | None = None, errors: dict | None = None, preview=None,
            stale=None, notice=None, status: int = 200):
    from chalicelib.companies.templates import settings_state

    version = view["version"]
    conflict = None
    if stale is not None:
        # The form goes back with what was typed and the settings' new version: saving again
        # replaces the colleague's version knowingly, and nothing typed is lost.
        version = settings_state(record.slug).version
        conflict = {"by": stale.state.updated_by, "at": stale.state.updated_at}
    return render(request, "messages_edit.html", {
        "template": view, "parts": draft or view["parts"], "errors": errors or {}, "preview": preview, "conflict": conflict,
        "version": version, "kind_name": KIND_NAMES.get(view["name"], view["name"]), "sources": SOURCES,
        "code_names": LANGUAGE_NAMES, "notice": notice, "current": "messages"}, company=record, actor=actor, status=status)


# -- Integrations -> LinkedIn --------------------------------------------------------------

POSTING_STATES = {"posted": "Posted", "in_progress": "Being posted", "failed": "Failed", "closed": "Closed",
                  "not_posted": "Not posted"}
LINKEDIN_NOTICES = {"on": "Apply Connect is on.", "off": "Apply Connect is off. Live postings go on with applications on your site.",
                    "options": "Saved.", "contract": "The Apply Package is saved."}


@bp.route("/console/{company}/integrations/linkedin", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def linkedin(company: str):
    return screen(bp, _linkedin)(company)


def _linkedin(request, record, actor):
    from chalicelib.linkedin import settings

    errors, values, status = {}, {}, 200
    if request.method == "POST":
        form = posted(request)
        action = _first(form, "action")
        try:
            if action == "on":
                values = {"organization_id": _first(form, "organization_id").strip()}
                settings.switch(actor, True, accepted_terms=_first(form, "terms") == "yes",
                                organization_id=values["organization_id"])
                return _done("linkedin", "on")
            if action == "off":
                settings.switch(actor, False)
                return _done("linkedin", "off")
            if action == "contract":
                values = {"recruiter_contract_id": _first(form, "recruiter_contract_id").strip()}
                settings.set_contract(actor, values["recruiter_contract_id"])
                return _done("linkedin", "contract")
            if action == "options":
                settings.set_options(actor, _first(form, "default_apply_connect") == "yes",
                                     _first(form, "status_notifications") == "yes")
                return _done("linkedin", "options")
            raise InvalidInput("unknown action", field="action")
        except InvalidInput as error:
            errors, status = {error.field or "form": _linkedin_problem(error)}, 400
    query = request.query_params or {}
    return render(request, "messages_linkedin.html", {
        "linkedin": settings.overview(actor), "errors": errors, "values": values, "states": POSTING_STATES,
        "notice": LINKEDIN_NOTICES.get(query.get("done", "")), "current": "integrations"},
        company=record, actor=actor, status=status)


LINKEDIN_PROBLEMS = {
    "terms": "Tick the box to accept LinkedIn's jobs terms.",
    "organization_id": "Give your company's LinkedIn organization id: the digits in your company page's admin address.",
    "status_notifications": "Notifying candidates needs the Apply Package: link your Recruiter contract with Manage first.",
    "enabled": "Switch Apply Connect on first.",
    "recruiter_contract_id": "Give the contract's id as LinkedIn shows it: its digits, or urn:li:contract: and the digits.",
}


def _linkedin_problem(error: InvalidInput) -> str:
    return LINKEDIN_PROBLEMS.get(error.field or "", "Check this field")


@bp.route("/console/{company}/integrations/linkedin/manage", methods=["GET"])
def linkedin_manage(company: str):
    return screen(bp, _linkedin_manage)(company)


def _linkedin_manage(request, record, actor):
    from chalicelib.linkedin import settings
    from chalicelib.web.render import csp

    widget = settings.widget(actor)
    # This page alone loads LinkedIn's script (and its widget's frame) from LinkedIn's origin.
    policy = csp(script_src=(LINKEDIN_ORIGIN,), frame_src=(LINKEDIN_ORIGIN,), connect_src=(LINKEDIN_ORIGIN,))
    return render(request, "messages_linkedin_manage.html", {"widget": widget, "current": "integrations"}, company=record,
                  actor=actor, headers={"Content-Security-Policy": policy})


# -- API keys --------------------------------------------------------------------------------

SCOPES = {"full": "Everything", "jobs": "Jobs (read, and write jobs)", "read": "Read only"}
KEY_NOTICES = {"created": "The key was created.", "rotated": "A new key replaces the old one, which no longer works.",
               "revoked": "The key was revoked: it no longer works.",
               "renamed": "The key was renamed. It works as before."}


@bp.route("/console/{company}/api-keys", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def api_keys(company: str):
    return screen(bp, _api_keys)(company)


def _key_cookie(company: str, value: str, max_age: int) -> str:
    return (f"{NEW_KEY_COOKIE}={value}; Path={session.path(company)}api-keys; Max-Age={max_age}; HttpOnly; Secure; "
            "SameSite=Strict")


def _api_keys(request, record, actor):
    from chalicelib.configuration import keys
    from chalicelib.pages.session import cookie_value

    errors, values, status = {}, {}, 200
    if request.method == "POST":
        form = posted(request)
        action = _first(form, "action")
        try:
            if action == "create":
                values = {"label": _first(form, "label").strip(), "scope": _first(form, "scope") or "full"}
                created = keys.create_key(actor, values["label"], values["scope"])
            elif action == "rotate":
                created = keys.rotate_key(actor, _first(form, "key"))
            elif action == "revoke":
                keys.revoke_key(actor, _first(form, "key"))
                return _done("api-keys", "revoked")
            elif action == "rename":
                keys.rename_key(actor, _first(form, "key"), _first(form, "label").strip())
                return _done("api-keys", "renamed")
            else:
                raise InvalidInput("unknown action", field="action")
        except DomainError as error:
            if error.status not in (400, 409):
                raise
            errors = {error.field if error.field in ("label", "scope") and action == "create" else "keys": _key_problem(error)}
            status = error.status
        else:
            # The secret crosses the redirect in a cookie for this screen alone, a few minutes at
            # most, and the next page clears it: shown once, and never stored by the product.
            done = "created" if action == "create" else "rotated"
            return redirect(f"api-keys?{urlencode({'done': done, 'about': created['id']})}",
                            headers={"Set-Cookie": _key_cookie(record.slug, created["key"], 300)})
    query = request.query_params or {}
    shown, headers = None, None
    kept = cookie_value(request, NEW_KEY_COOKIE)
    if kept:
        headers = {"Set-Cookie": _key_cookie(record.slug, "", 0)}
        if query.get("done") in ("created", "rotated") and kept.split(".")[2:3] == [query.get("about")]:
            shown = kept
    return render(request, "messages_keys.html", {
        "keys": keys.list_keys(actor), "scopes": SCOPES, "errors": errors, "values": values, "new_key": shown,
        "notice": KEY_NOTICES.get(query.get("done", "")) if not errors else None, "current": "api-keys"},
        company=record, actor=actor, status=status, headers=headers)


def _key_problem(error: DomainError) -> str:
    if error.status == 409 and "last active key" in error.message:
        return "This is the company's last active key: create another one before revoking it."
    if error.status == 409:
        return "This key is already revoked."
    if error.field == "label":
        return "A label is one line of at most 100 characters."
    return "Check this field"
