"""The console's campaign screens: the list, composing a campaign per language, its page (the
audience with a sample of names, each language's preview in a sandboxed frame, send now, send
at a time, cancel) and its results. Each handler parses, calls the campaigns use case its JSON
twin under /admin calls, and renders; the use cases check the role (a hiring member is refused
there, and the navigation does not offer the screens)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console.http import language, posted, render, screen
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.team import roles
from chalicelib.web.render import redirect

bp = Blueprint(__name__)

STATES = {"draft": "Draft", "scheduled": "Scheduled", "sending": "Sending", "sent": "Sent", "cancelled": "Cancelled"}
LANGUAGE_NAMES = {"en": "English", "sv": "Swedish"}
EVERYONE = "everyone"
# What the form says beside each field when the use case refuses it (English source text;
# console_campaigns.po has the Swedish). Other messages are shown as the use case words them.
FIELD_MESSAGES = {
    "name": "Give the campaign a name (at most 100 characters): only your team sees it.",
    "subject": "Write a subject: one line of at most 150 characters.",
    "body": "Write the message (at most 20,000 characters).",
    "text": "The plain-text version is at most 20,000 characters.",
    "audience": "Choose who receives it.",
    "applied_within_days": "Give a number of days from 1 to 365, or leave it empty.",
    "default_language": "Write the email in %(name)s: people whose language is missing get that version.",
    "at": "Choose a date and time at least 5 minutes from now and within a year.",
}
NOTICES = {"saved": "The campaign is saved.", "created": "The campaign is saved as a draft. Check its audience and preview, then send it.",
           "sending": "The campaign is being sent.", "scheduled": "The campaign is scheduled.",
           "cancelled": "The campaign is cancelled. Nothing more will be sent."}


@bp.route("/console/{company}/campaigns", methods=["GET"])
def campaigns(company: str):
    return screen(bp, _list)(company)


@bp.route("/console/{company}/campaigns/new", methods=["GET"])
def new_campaign(company: str):
    return screen(bp, _new)(company)


@bp.route("/console/{company}/campaigns/new", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def create_campaign(company: str):
    return screen(bp, _create)(company)


@bp.route("/console/{company}/campaigns/{campaign_id}", methods=["GET"])
def campaign(company: str, campaign_id: str):
    return screen(bp, _page)(company, campaign_id)


@bp.route("/console/{company}/campaigns/{campaign_id}/edit", methods=["GET"])
def edit_campaign(company: str, campaign_id: str):
    return screen(bp, _edit)(company, campaign_id)


@bp.route("/console/{company}/campaigns/{campaign_id}/edit", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def save_campaign(company: str, campaign_id: str):
    return screen(bp, _save)(company, campaign_id)


@bp.route("/console/{company}/campaigns/{campaign_id}/send", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def send_campaign(company: str, campaign_id: str):
    return screen(bp, _send)(company, campaign_id)


@bp.route("/console/{company}/campaigns/{campaign_id}/schedule", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def schedule_campaign(company: str, campaign_id: str):
    return screen(bp, _schedule)(company, campaign_id)


@bp.route("/console/{company}/campaigns/{campaign_id}/cancel", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def cancel_campaign(company: str, campaign_id: str):
    return screen(bp, _cancel)(company, campaign_id)


# -- the list ---------------------------------------------------------------------------------

def _list(request, record, actor):
    from chalicelib.campaigns.service import list_campaigns

    lang, _cookie = language(request, actor, record.settings.language)
    rows = list_campaigns(actor)
    for row in rows:
        row["when"] = _when_text(row, record.settings.timezone, lang)
    return render(request, "campaigns_list.html", {"current": "campaigns", "campaigns": rows, "states": STATES},
                  company=record, actor=actor)


def _when_text(row: dict, tz: str, lang: str) -> str:
    from chalicelib.console.community_routes import _when

    moment = row.get("finished_at") or row.get("started_at") or row.get("scheduled_at") or row.get("cancelled_at")
    return _when(moment, tz, lang) if moment else ""


# -- composing --------------------------------------------------------------------------------

def _segments(actor) -> list[dict]:
    from chalicelib.talent.segments import list_segments

    return list_segments(actor)


def _form_page(request, record, actor, values: dict, errors: dict | None = None, status: int = 200, campaign=None):
    return render(request, "campaigns_form.html", {
        "current": "campaigns", "values": values, "errors": errors or {}, "segments": _segments(actor),
        "offered": record.settings.languages, "default_language": record.settings.language,
        "language_names": LANGUAGE_NAMES, "campaign": campaign,
    }, company=record, actor=actor, status=status)


def _blank(record) -> dict:
    return {"name": "", "audience": EVERYONE, "applied_within_days": "", "active_application": False,
            "contents": {lang: {"subject": "", "body": "", "text": ""} for lang in record.settings.languages}}


def _values_of(campaign: dict, record) -> dict:
    values = _blank(record)
    values.update(name=campaign["name"], audience=campaign["audience"].get("segment_id") or EVERYONE,
                  applied_within_days=str(campaign["exclusions"].get("applied_within_days") or ""),
                  active_application=bool(campaign["exclusions"].get("active_application")))
    for lang, content in campaign["contents"].items():
        values["contents"][lang] = {"subject": content.get("subject") or "", "body": content.get("body") or "",
                                    "text": content.get("text") or ""}
    return values


def _read_form(request, record) -> tuple[dict, dict, dict]:
    """The form as (what it showed, the use case's data, problems found before the use case)."""
    from chalicelib.pages.forms import first

    form = posted(request)
    values = _blank(record)
    values["name"] = first(form, "name") or ""
    values["audience"] = first(form, "audience") or EVERYONE
    values["applied_within_days"] = (first(form, "applied_within_days") or "").strip()
    values["active_application"] = first(form, "active_application") == "on"
    for lang in record.settings.languages:
        values["contents"][lang] = {part: first(form, f"contents-{lang}-{part}") or "" for part in ("subject", "body", "text")}
    errors = {}
    days = None
    if values["applied_within_days"]:
        if values["applied_within_days"].isascii() and values["applied_within_days"].isdigit() and len(values["applied_within_days"]) < 4:
            days = int(values["applied_within_days"])
        else:
            errors["applied_within_days"] = FIELD_MESSAGES["applied_within_days"]
    audience = {"filters": {}} if values["audience"] == EVERYONE else {"segment_id": values["audience"]}
    contents = {}
    for lang, parts in values["contents"].items():
        if parts["subject"].strip() or parts["body"].strip() or parts["text"].strip():
            contents[lang] = {"subject": parts["subject"], "body": parts["body"], **({"text": parts["text"]} if parts["text"].strip() else {})}
    data = {"name": values["name"], "contents": contents, "audience": audience,
            "exclusions": {"applied_within_days": days, "active_application": values["active_application"]}}
    return values, data, errors


def _form_errors(error: InvalidInput, record, lang: str) -> dict:
    """Each problem beside its field (ids as the form names them), in the page's language."""
    from chalicelib.i18n import translate

    errors: dict[str, str] = {}
    for problem in error.problems:
        field = problem.get("field") or "name"
        parts = field.split(".")
        if parts[0] == "contents" and len(parts) >= 3 and parts[2] in ("subject", "body", "text"):
            errors.setdefault(f"contents-{parts[1]}-{parts[2]}", translate(lang, FIELD_MESSAGES[parts[2]]))
        elif parts[0] == "contents":
            wanted = parts[1] if len(parts) > 1 else record.settings.language
            errors.setdefault(f"contents-{wanted}-subject", translate(lang, FIELD_MESSAGES["default_language"],
                                                                     name=translate(lang, LANGUAGE_NAMES.get(wanted, wanted))))
        elif parts[0] == "audience":
            errors.setdefault("audience", translate(lang, FIELD_MESSAGES["audience"]))
        elif parts[-1] == "applied_within_days":
            errors.setdefault("applied_within_days", translate(lang, FIELD_MESSAGES["applied_within_days"]))
        else:
            errors.setdefault("name", translate(lang, FIELD_MESSAGES["name"]))
    return errors


def _new(request, record, actor):
    actor.require(roles.CAMPAIGNS)
    return _form_page(request, record, actor, _blank(record))


def _create(request, record, actor):
    from chalicelib.campaigns.service import create_campaign as create
    from chalicelib.i18n import translate

    actor.require(roles.CAMPAIGNS)
    lang, _cookie = language(request, actor, record.settings.language)
    values, data, errors = _read_form(request, record)
    errors = {k: translate(lang, v) for k, v in errors.items()}
    try:
        if errors:
            raise InvalidInput("see the form", field=next(iter(errors)))
        created = create(actor, data)
    except InvalidInput as error:
        return _form_page(request, record, actor, values, errors or _form_errors(error, record, lang), status=400)
    return redirect(f"{created['id']}?done=created")


def _edit(request, record, actor, campaign_id: str):
    from chalicelib.campaigns.service import get_campaign_view

    campaign = get_campaign_view(actor, campaign_id)
    if campaign["state"] != "draft":
        return redirect(f"../{campaign_id}")
    return _form_page(request, record, actor, _values_of(campaign, record), campaign=campaign)


def _save(request, record, actor, campaign_id: str):
    from chalicelib.campaigns.service import get_campaign_view, update_campaign
    from chalicelib.i18n import translate

    campaign = get_campaign_view(actor, campaign_id)
    lang, _cookie = language(request, actor, record.settings.language)
    values, data, errors = _read_form(request, record)
    errors = {k: translate(lang, v) for k, v in errors.items()}
    try:
        if errors:
            raise InvalidInput("see the form", field=next(iter(errors)))
        update_campaign(actor, campaign_id, data)
    except InvalidInput as error:
        return _form_page(request, record, actor, values, errors or _form_errors(error, record, lang), status=400, campaign=campaign)
    return redirect(f"../{campaign_id}?done=saved")


# -- a campaign's page ----------------------------------------------------------------------------

def _page(request, record, actor, campaign_id: str, errors: dict | None = None, status: int = 200, schedule_values=None):
    from chalicelib.campaigns.service import audience_of, get_campaign_view, preview, results

    campaign = get_campaign_view(actor, campaign_id)
    lang, _cookie = language(request, actor, record.settings.language)
    tz = record.settings.timezone
    context = {"current": "campaigns", "campaign": campaign, "states": STATES, "language_names": LANGUAGE_NAMES,
               "errors": errors or {}, "timezone": tz, "schedule": schedule_values or {"at": "", "zone": "company"},
               "notice": NOTICES.get((request.query_params or {}).get("done") or ""), "segment_gone": False,
               "segment_name": None}
    if context["notice"] and (request.query_params or {}).get("done") == "sending" and campaign["state"] != "sending":
        context["notice"] = None  # (a reload after it went: the status says it)
    if campaign["state"] == "draft":
        try:
            context["audience"] = audience_of(actor, campaign_id)
        except Conflict:
            context["segment_gone"] = True
            context["audience"] = None
        context["previews"] = [preview(actor, campaign_id, language_code) for language_code in campaign["contents"]]
    else:
        context["results"] = results(actor, campaign_id)
        context["waves"] = [_when_local(w, tz, lang) for w in campaign["waves"]]
        context["cancelled_when"] = _when_local(campaign["cancelled_at"], tz, lang)
    if campaign["audience"].get("segment_id"):
        names = {s["id"]: s["name"] for s in _segments(actor)}
        context["segment_name"] = names.get(campaign["audience"]["segment_id"])
    return render(request, "campaigns_page.html", context, company=record, actor=actor, status=status)


def _when_local(value: str | None, tz: str, lang: str) -> str:
    from chalicelib.console.community_routes import _when

    return _when(value, tz, lang) if value else ""


def _send(request, record, actor, campaign_id: str):
    from chalicelib.campaigns.service import send_now

    posted(request)
    send_now(actor, campaign_id)
    return redirect(f"../{campaign_id}?done=sending")


def _schedule(request, record, actor, campaign_id: str):
    from chalicelib.campaigns.service import schedule
    from chalicelib.i18n import translate
    from chalicelib.pages.forms import first

    form = posted(request)
    lang, _cookie = language(request, actor, record.settings.language)
    values = {"at": (first(form, "at") or "").strip()[:16], "zone": first(form, "zone") or "company"}
    try:
        schedule(actor, campaign_id, values)
    except InvalidInput as error:
        message = translate(lang, FIELD_MESSAGES["at"]) if error.field in ("at", None) else error.message
        if "in every time zone of the audience" in error.message:
            # In each person's own zone the earliest wave counts: say so, or the refusal looks wrong.
            message = translate(lang, "In each person's own time zone, the earliest of them must be at least 5 minutes from now: "
                                      "choose a later time.")
        if error.field == "zone":
            message = translate(lang, "Choose whose time zone the time is in.")
        return _page(request, record, actor, campaign_id, errors={"at" if error.field != "zone" else "zone": message}, status=400,
                     schedule_values=values)
    return redirect(f"../{campaign_id}?done=scheduled")


def _cancel(request, record, actor, campaign_id: str):
    from chalicelib.campaigns.service import cancel

    posted(request)
    cancel(actor, campaign_id)
    return redirect(f"../{campaign_id}?done=cancelled")


def local_now(tz: str) -> str:
    return datetime.now(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")
