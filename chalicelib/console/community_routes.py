"""The console's community screens: the community list (filters as a GET form, the count,
"Next page"), its segments (save, open, delete) and a candidate's profile. Each handler parses,
calls the talent use case its JSON twin under /admin calls, and renders; the use cases check
the role (a hiring member is refused there, not here)."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from chalice import Blueprint

from chalicelib.api import FORM_CONTENT_TYPES
from chalicelib.console.http import language, posted, render, screen
from chalicelib.errors import InvalidInput
from chalicelib.web.render import redirect

bp = Blueprint(__name__)
PAGE_SIZE = 25
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# How each history line reads (English source text; console_community.po has the Swedish).
LINES = {
    "profile_viewed": "Profile viewed by %(name)s, %(when)s",
    "application_viewed": "Viewed by %(name)s, %(when)s",
    "viewed": "Viewed by %(name)s, %(when)s",
    "resume_downloaded": "Resume downloaded by %(name)s, %(when)s",
    "status_changed": "Moved to %(status)s by %(name)s, %(when)s",
    "rejection_undone": "Rejection undone by %(name)s, %(when)s",
    "members_assigned": "Team on the job changed by %(name)s, %(when)s",
}
ANONYMOUS_LINES = {
    "applied": "Applied, %(when)s",
    "viewed": "Viewed, %(when)s",
    "resume_downloaded": "Resume downloaded, %(when)s",
    "status_changed": "Moved to %(status)s, %(when)s",
}
STATUS_NAMES = {"applied": "Applied", "in_review": "In review", "shortlisted": "Shortlisted", "interview": "Interview",
                "offer": "Offer", "hired": "Hired", "rejected": "Rejected", "withdrawn": "Withdrawn"}
SOURCE_NAMES = {"email": "Email", "linkedin": "LinkedIn", "facebook": "Facebook", "application": "After applying",
                "applied": "Applied (connected or not)"}
WORK_MODE_NAMES = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}


@bp.route("/console/{company}/community", methods=["GET"])
def community(company: str):
    return screen(bp, _community)(company)


@bp.route("/console/{company}/segments", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def segments(company: str):
    return screen(bp, _save_segment)(company)


@bp.route("/console/{company}/segments/{segment_id}/delete", methods=["POST"], content_types=FORM_CONTENT_TYPES)
def segment_delete(company: str, segment_id: str):
    return screen(bp, _delete_segment)(company, segment_id)


@bp.route("/console/{company}/candidates/{candidate_id}", methods=["GET"])
def candidate(company: str, candidate_id: str):
    return screen(bp, _profile)(company, candidate_id)


# -- the community -----------------------------------------------------------------------

def _filter_values(source: dict) -> dict:
    from chalicelib.talent.filters import FIELDS

    values = {}
    for name in FIELDS:
        value = source.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None:
            values[name] = value
    return values


def _community(request, record, actor, values: dict | None = None, errors: dict | None = None, status: int = 200,
               segment_name: str = ""):
    from chalicelib.talent.candidates import list_candidates
    from chalicelib.talent.segments import get_segment, list_segments

    query = request.query_params or {}
    segment = get_segment(actor, query["segment"]) if query.get("segment") and values is None else None
    if values is None:
        values = dict(segment["filters"]) if segment else _filter_values(query)
    errors = dict(errors or {})
    try:
        listing = list_candidates(actor, values, query.get("cursor") if not errors else None, PAGE_SIZE)
    except InvalidInput as error:
        errors[error.field or "filters"] = error.message
        status = 400
        listing = list_candidates(actor, {}, None, PAGE_SIZE)
        values = {}
    applied = listing["filters"]
    next_link = None
    if listing["next_cursor"]:
        next_link = "community?" + urlencode({**({"segment": segment["id"]} if segment else applied), "cursor": listing["next_cursor"]})
    lang, _cookie = language(request, actor, record.settings.language)
    tz = record.settings.timezone
    for row in listing["candidates"]:
        for application in (row.get("linkedin") or {}).get("applications", []):
            application["when"] = _when(application["applied_at"], tz, lang)
    settings = record.settings
    return render(request, "community_list.html", {
        "current": "community", "listing": listing, "values": values, "applied": applied, "errors": errors,
        "segments": list_segments(actor), "segment": segment, "segment_name": segment_name, "next_link": next_link,
        "first_page": not query.get("cursor"),
        "departments": settings.departments, "locations": settings.locations, "work_modes": WORK_MODE_NAMES,
        "sources": SOURCE_NAMES, "department_names": {d.id: d.name for d in settings.departments},
        "location_names": {loc.id: loc.name for loc in settings.locations},
        "saved": query.get("saved") == "1", "deleted": query.get("deleted") == "1",
    }, company=record, actor=actor, status=status)


def _save_segment(request, record, actor):
    from chalicelib.pages.forms import first
    from chalicelib.talent.segments import save_segment

    form = posted(request)
    values = _filter_values(form)
    name = first(form, "name")
    try:
        segment = save_segment(actor, name, values)
    except InvalidInput as error:
        field = "name" if error.field == "name" else "filters"
        return _community(request, record, actor, values=values, errors={field: error.message}, status=400,
                          segment_name=name)
    return redirect("community?" + urlencode({"segment": segment["id"], "saved": "1"}))


def _delete_segment(request, record, actor, segment_id: str):
    from chalicelib.talent.segments import delete_segment

    posted(request)
    delete_segment(actor, segment_id)
    return redirect("../../community?deleted=1")


# -- the profile ---------------------------------------------------------------------------

def _profile(request, record, actor, candidate_id: str):
    from chalicelib.talent.candidates import candidate_detail

    profile = candidate_detail(actor, candidate_id, with_history=True)
    lang, _cookie = language(request, actor, record.settings.language)
    tz = record.settings.timezone
    for application in profile["applications"]:
        application["when"] = _when(application["applied_at"], tz, lang)
        application["status_name"] = STATUS_NAMES.get(application["status"], application["status"])
        application["lines"] = [_line(line, tz, lang) for line in application["history"]]
    profile["lines"] = [_line(line, tz, lang) for line in profile["history"]]
    consent = profile["consent"]
    return render(request, "community_profile.html", {
        "current": "community", "profile": profile, "work_modes": WORK_MODE_NAMES, "sources": SOURCE_NAMES,
        "consent_given": _when(consent["given_at"], tz, lang), "consent_expires": _when(consent["expires_at"], tz, lang),
        "unsubscribed": _when(profile["unsubscribed_at"], tz, lang),
    }, company=record, actor=actor)


def _line(line: dict, tz: str, lang: str) -> tuple[str, dict]:
    """A history line as (English source text, values): "Viewed by Grace Hopper, 2 Dec 10:14"."""
    from chalicelib.i18n import translate

    by = line.get("by")
    detail = line.get("detail") or {}
    status = detail.get("to")
    values = {"when": _when(line.get("at"), tz, lang), "name": (by or {}).get("name") or "",
              "status": translate(lang, STATUS_NAMES.get(status, status or ""))}
    action = line.get("action") or ""
    if by:
        return LINES.get(action, "%(action)s by %(name)s, %(when)s"), {**values, "action": translate(lang, _action_text(action))}
    return ANONYMOUS_LINES.get(action, "%(action)s, %(when)s"), {**values, "action": translate(lang, _action_text(action))}


def _action_text(action: str) -> str:
    from chalicelib.team.audit import ACTIONS

    return ACTIONS.get(action, action.replace("_", " ").capitalize())


def _when(value: str | None, tz: str, lang: str) -> str:
    """A moment as the team reads it, in the company's time zone: "2 Dec 10:14" (the year when
    it is not this year's)."""
    from zoneinfo import ZoneInfo

    from chalicelib.i18n import translate

    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(ZoneInfo(tz or "UTC"))
    except ValueError:
        return value
    month = translate(lang, MONTHS[moment.month - 1])
    year = f" {moment.year}" if moment.year != datetime.now(moment.tzinfo).year else ""
    return f"{moment.day} {month}{year} {moment:%H:%M}"
