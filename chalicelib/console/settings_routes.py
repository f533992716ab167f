"""Settings in the console (issue 17.2): one screen per section, each saved on its own with the
settings version it was drawn at (a hidden field), and its JSON twin GET/PUT
/admin/settings/{section} (If-Match). The handlers parse the form into the section's values,
call the use cases of chalicelib/companies/settings.py and render; repeating rows ("Add
another", "Move up", "Remove") are submit buttons that redraw the form, so no JavaScript is needed.

A form is drawn from *rows*: the section's values with what editing needs besides (a row's
"remove" tick, whether it is new). Controls are named by the path of the value they edit
(`departments.0.roles.1.name`), so a problem the validator names is put beside its control."""
from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlencode

from chalice import Blueprint, Response

from chalicelib.api import FORM_CONTENT_TYPES, json_response, parse_body
from chalicelib.console.http import posted, render, screen
from chalicelib.errors import DomainError, InvalidInput
from chalicelib.web.render import redirect

bp = Blueprint(__name__)

SECTION_NAMES = {
    "catalogue": "Departments, roles and locations",
    "questions": "Questions",
    "overview": "Connect overview",
    "branding": "Branding",
    "consent": "Consent",
    "general": "Replies, time zone and languages",
    "translations": "Translations",
    "promise": "Response promise",
    "email": "Emails to candidates",
}
PREVIEWS = ("overview", "branding", "translations")
QUESTION_TYPES = {"text": "Free text", "single_choice": "One of the options", "multiple_choice": "Any of the options",
                  "yes_no": "Yes or no"}
NOTICES = {"saved": "Saved."}


# -- JSON twins ---------------------------------------------------------------------------

@bp.route("/admin/settings/{section}", methods=["GET"])
def get_settings_section(section: str):
    from chalicelib.companies.settings import etag, section_view
    from chalicelib.team.http import admin_actor

    view = section_view(admin_actor(bp.current_request), section)
    return json_response(view, headers={"ETag": etag(view["version"])})


@bp.route("/admin/settings/{section}", methods=["PUT"])
def put_settings_section(section: str):
    from chalicelib.companies.settings import SectionBody, etag, save_section, version_from
    from chalicelib.team.http import admin_actor

    request = bp.current_request
    actor = admin_actor(request)
    body = parse_body(request, SectionBody)
    view = save_section(actor, section, dict(body.model_extra or {}), version_from(request.headers.get("if-match"), body.version))
    return json_response(view, headers={"ETag": etag(view["version"])})


# -- screens ------------------------------------------------------------------------------

@bp.route("/console/{company}/settings", methods=["GET"])
def settings_index(company: str):
    return screen(bp, _index)(company)


def _index(request, record, actor):
    from chalicelib.companies.settings import SETTINGS, section_view

    actor.require(SETTINGS)
    view = section_view(actor, "general")
    return render(request, "settings_index.html", {"sections": SECTION_NAMES, "current": "settings", "updated_by": view["updated_by"],
                                                   "updated_at": view["updated_at"]}, company=record, actor=actor)


@bp.route("/console/{company}/settings/{section}", methods=["GET", "POST"], content_types=FORM_CONTENT_TYPES)
def settings_section(company: str, section: str):
    return screen(bp, _section)(company, section)


@bp.route("/console/{company}/preview.css", methods=["GET"])
def preview_css(company: str):
    """The unsaved colour of a branding preview, as a stylesheet (the CSP allows no inline style)."""
    colour = ((bp.current_request.query_params or {}).get("color") or "").strip()
    body = f".preview {{ --primary: {colour}; }}\n" if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else ""
    return Response(body=body, status_code=200, headers={"Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-store",
                                                         "X-Content-Type-Options": "nosniff"})


def _section(request, record, actor, section: str):
    from chalicelib.companies.settings import SETTINGS, InUse, StaleSettings, draft, save_section, section_view

    actor.require(SETTINGS)
    view = section_view(actor, section)  # NotFound for an unknown section
    current = _settings(record.slug)
    language = _language(request, actor, record)
    context: dict[str, Any] = {"errors": {}, "stale": None, "preview": None}
    status = 200
    if request.method == "GET":
        rows = ROWS[section][0](view["values"], current)
        version = view["version"]
        notice = NOTICES.get((request.query_params or {}).get("done", ""))
    else:
        form = posted(request)
        notice = None
        rows = _rows_of(form, section)
        version = _version(form)
        action = _first(form, "action") or "save"
        if action.startswith(("add:", "up:", "down:")):
            _edit(rows, action)
        else:
            values, paths = ROWS[section][1](rows)
            try:
                if action == "preview:connect" or action == "preview:dashboard":
                    if section not in PREVIEWS:
                        raise InvalidInput("this section has no preview", field="action")
                    context["preview"] = _preview(request, record, draft(actor, section, values), action.split(":")[1], language,
                                                  values)
                elif action == "save":
                    save_section(actor, section, values, version)
                    return redirect(f"{section}?{urlencode({'done': 'saved'})}")
                else:
                    raise InvalidInput("unknown action", field="action")
            except StaleSettings as stale:
                # Nothing the person typed is lost: their form again, the current values beside it,
                # and the current version, so saving again is a deliberate choice.
                context["stale"] = {"by": (stale.changed_by or {}).get("name") or "", "current": stale.current}
                version, status = stale.version, 409
                current = _settings(record.slug)
            except InUse as refused:
                context["errors"] = _in_use_errors(refused, rows, language)
                status = 409
            except InvalidInput as error:
                context["errors"] = _problems(error, paths, section)
                status = 400
    return render(request, f"settings_{section}.html", {
        **context, "section": section, "sections": SECTION_NAMES, "rows": rows, "version": version, "notice": notice,
        "current": "settings", "settings": current, "types": QUESTION_TYPES, "targets": _targets(current, rows),
        "other_languages": [code for code in current.languages if code != current.language],
        "updated_by": view["updated_by"], "previews": section in PREVIEWS,
        "time_zones": _time_zones() if section == "general" else (),
    }, company=record, actor=actor, status=status)


def _time_zones() -> tuple[str, ...]:
    from chalicelib.schema import time_zones

    return time_zones()


def _settings(slug: str):
    from chalicelib.companies.service import load_company

    return load_company(slug).settings


def _language(request, actor, record) -> str:
    from chalicelib.console.http import language

    return language(request, actor, record.settings.language)[0]


def _first(form, name: str) -> str:
    from chalicelib.pages.forms import first

    return first(form, name).strip()


def _version(form) -> int | None:
    raw = _first(form, "version")
    return int(raw) if raw.isdigit() and len(raw) < 13 else None


# -- the form as rows, and rows as the section's values -----------------------------------

def _rows_of(form: dict[str, list[str]], section: str) -> dict:
    """The posted controls (named by path) as a tree: numbered parts become lists, in order."""
    tree: dict = {}
    for name, values in form.items():
        if name in ("csrf", "version", "action") or len(name) > 200:
            continue
        parts = name.split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = values if parts[-1] in MULTI else (values[0] if values else "")
    return _listed(tree)


MULTI = {"languages", "working_week", "status_emails"}


def _listed(node):
    if isinstance(node, dict):
        if node and all(key.isdigit() and len(key) < 4 for key in node):
            return [_listed(node[key]) for key in sorted(node, key=int)]
        return {key: _listed(value) for key, value in node.items()}
    return node


def _ticked(row: dict, name: str) -> bool:
    return row.get(name) in ("1", "true", "on", True)


def slug_of(name: str, taken: set[str]) -> str:
    """An id for a new department, role, location or question, from its name ("Customer
    Success" -> "customer-success"), never one already taken."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:50] or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _list(rows: dict, name: str) -> list:
    value = rows.get(name) or []
    return value if isinstance(value, list) else []


# catalogue
def _catalogue_rows(values: dict, settings) -> dict:
    return {"departments": [{"id": d["id"], "name": d["name"], "new": "", "remove": "",
                             "roles": [{"id": r["id"], "name": r["name"], "new": "", "remove": ""} for r in d["roles"]]}
                            for d in values["departments"]],
            "locations": [{"id": loc["id"], "name": loc["name"], "new": "", "remove": ""} for loc in values["locations"]]}


def _catalogue_values(rows: dict) -> tuple[dict, dict]:
    paths: dict[str, str] = {}
    taken = {d.get("id", "") for d in _list(rows, "departments")} | {
        r.get("id", "") for d in _list(rows, "departments") for r in _list(d, "roles")} | {
        loc.get("id", "") for loc in _list(rows, "locations")}
    departments = []
    for i, row in enumerate(_list(rows, "departments")):
        if _ticked(row, "remove") or (row.get("new") and not (row.get("name") or "").strip()):
            continue
        roles = []
        for j, role in enumerate(_list(row, "roles")):
            if _ticked(role, "remove") or (role.get("new") and not (role.get("name") or "").strip()):
                continue
            paths[f"departments.{len(departments)}.roles.{len(roles)}"] = f"departments.{i}.roles.{j}"
            roles.append({"id": role.get("id") or slug_of(role.get("name", ""), taken), "name": role.get("name", "")})
        paths[f"departments.{len(departments)}"] = f"departments.{i}"
        departments.append({"id": row.get("id") or slug_of(row.get("name", ""), taken), "name": row.get("name", ""), "roles": roles})
    locations = []
    for i, row in enumerate(_list(rows, "locations")):
        if _ticked(row, "remove") or (row.get("new") and not (row.get("name") or "").strip()):
            continue
        paths[f"locations.{len(locations)}"] = f"locations.{i}"
        locations.append({"id": row.get("id") or slug_of(row.get("name", ""), taken), "name": row.get("name", "")})
    return {"departments": departments, "locations": locations}, paths


# questions
def _question_rows(values: dict, settings) -> dict:
    return {"questions": [{"id": q["id"], "text": q["text"], "type": q["type"], "options": "\n".join(q["options"]),
                           "required": "1" if q["required"] else "", "applies": _applies(q), "new": "", "remove": ""}
                          for q in values["questions"]]}


def _applies(question: dict) -> str:
    if question.get("department"):
        return f"department:{question['department']}"
    if question.get("role"):
        return f"role:{question['role']}"
    return "general"


def _question_values(rows: dict) -> tuple[dict, dict]:
    paths: dict[str, str] = {}
    questions = []
    taken = {q.get("id", "") for q in _list(rows, "questions")}
    for i, row in enumerate(_list(rows, "questions")):
        if _ticked(row, "remove") or (row.get("new") and not (row.get("text") or "").strip()):
            continue
        level, _, target = (row.get("applies") or "general").partition(":")
        question = {"id": row.get("id") or slug_of(row.get("text", ""), taken), "text": row.get("text", ""),
                    "type": row.get("type") or "text", "required": _ticked(row, "required"),
                    "options": [o.strip() for o in (row.get("options") or "").splitlines() if o.strip()],
                    "level": level if level in ("general", "department", "role") else "general"}
        if question["level"] != "general":
            question[question["level"]] = target
        paths[f"questions.{len(questions)}"] = f"questions.{i}"
        questions.append(question)
    return {"questions": questions}, paths


# overview
OVERVIEW_FIELDS = ("title", "body", "link", "link_text", "image_url", "image_alt", "video_url")


def _overview_rows(values: dict, settings) -> dict:
    return {"overview": [{**{k: (b.get(k) or "") for k in OVERVIEW_FIELDS}, "new": "", "remove": ""} for b in values["overview"]]}


def _overview_values(rows: dict) -> tuple[dict, dict]:
    paths: dict[str, str] = {}
    blocks = []
    for i, row in enumerate(_list(rows, "overview")):
        if _ticked(row, "remove") or (row.get("new") and not any((row.get(k) or "").strip() for k in OVERVIEW_FIELDS)):
            continue
        block: dict[str, Any] = {"title": row.get("title", ""), "body": row.get("body", "").replace("\r\n", "\n"),
                                 "image_alt": row.get("image_alt", "")}
        for name in ("link", "link_text", "image_url", "video_url"):
            block[name] = (row.get(name) or "").strip() or None
        paths[f"overview.{len(blocks)}"] = f"overview.{i}"
        blocks.append(block)
    return {"overview": blocks}, paths


# branding
def _branding_rows(values: dict, settings) -> dict:
    branding = values["branding"] or {}
    return {"branding": {"logo_url": branding.get("logo_url") or "", "primary_color": branding.get("primary_color") or ""}}


def _branding_values(rows: dict) -> tuple[dict, dict]:
    branding = rows.get("branding") if isinstance(rows.get("branding"), dict) else {}
    values = {k: (branding.get(k) or "").strip() or None for k in ("logo_url", "primary_color")}
    return {"branding": values if any(values.values()) else None}, {}


# consent
def _consent_rows(values: dict, settings) -> dict:
    return {"consent_text": values["consent_text"], "consent_months": "" if values["consent_months"] is None else str(values["consent_months"])}


def _consent_values(rows: dict) -> tuple[dict, dict]:
    months = (rows.get("consent_months") or "").strip()
    return {"consent_text": (rows.get("consent_text") or "").replace("\r\n", "\n"), "consent_months": months or None}, {}


# general
def _general_rows(values: dict, settings) -> dict:
    return {"timezone": values["timezone"], "response_days": str(values["response_days"]),
            "postal_address": values["postal_address"] or "", "language": values["language"], "languages": values["languages"],
            "delayed_rejection": {"enabled": "1" if values["delayed_rejection"]["enabled"] else "",
                                  "delay_hours": str(values["delayed_rejection"]["delay_hours"])}}


def _general_values(rows: dict) -> tuple[dict, dict]:
    delayed = rows.get("delayed_rejection") if isinstance(rows.get("delayed_rejection"), dict) else {}
    languages = rows.get("languages") if isinstance(rows.get("languages"), list) else []
    return {"timezone": (rows.get("timezone") or "").strip(), "response_days": (rows.get("response_days") or "").strip(),
            "postal_address": (rows.get("postal_address") or "").replace("\r\n", "\n").strip() or None,
            "language": rows.get("language") or "", "languages": languages,
            "delayed_rejection": {"enabled": _ticked(delayed, "enabled"), "delay_hours": (delayed.get("delay_hours") or "").strip()}}, {}


# translations
def _translation_rows(values: dict, settings) -> dict:
    rows: dict = {}
    for language in settings.languages:
        if language == settings.language:
            continue
        texts = (values["translations"] or {}).get(language) or {}
        rows[language] = {
            "departments": dict(texts.get("departments") or {}), "roles": dict(texts.get("roles") or {}),
            "locations": dict(texts.get("locations") or {}), "consent_text": texts.get("consent_text") or "",
            "questions": {q.id: {"text": ((texts.get("questions") or {}).get(q.id) or {}).get("text") or "",
                                 "options": _padded(((texts.get("questions") or {}).get(q.id) or {}).get("options") or [], len(q.options))}
                          for q in settings.questions},
            "overview": [{k: ((texts.get("overview") or [])[i].get(k) or "") if i < len(texts.get("overview") or []) else ""
                          for k in ("title", "body", "link_text", "image_alt")} for i in range(len(settings.overview))],
        }
    return {"translations": rows}


def _padded(options: list, length: int) -> list:
    return [*(options[:length]), *([""] * max(length - len(options), 0))]


def _translation_values(rows: dict) -> tuple[dict, dict]:
    translations = {}
    for language, texts in (rows.get("translations") or {}).items():
        if not isinstance(texts, dict):
            continue
        clean = lambda value: (value or "").replace("\r\n", "\n").strip() if isinstance(value, str) else ""  # noqa: E731
        out: dict[str, Any] = {kind: {k: clean(v) for k, v in (texts.get(kind) or {}).items() if clean(v)}
                               for kind in ("departments", "roles", "locations")}
        out["questions"] = {}
        for key, question in (texts.get("questions") or {}).items():
            if not isinstance(question, dict):
                continue
            options = [clean(o) for o in question.get("options") or []] if isinstance(question.get("options"), list) else []
            entry = {"text": clean(question.get("text")) or None, "options": options if any(options) else []}
            if entry["text"] or entry["options"]:
                out["questions"][key] = entry
        out["consent_text"] = clean(texts.get("consent_text")) or None
        blocks = [{k: clean(b.get(k)) or None for k in ("title", "body", "link_text", "image_alt")}
                  for b in (texts.get("overview") or []) if isinstance(b, dict)]
        while blocks and not any(blocks[-1].values()):
            blocks.pop()
        out["overview"] = blocks
        translations[language] = out
    return {"translations": translations}, {}


# promise (issue 20.1)
def _promise_rows(values: dict, settings) -> dict:
    promise = values["promise"]
    return {"promise": {"working_week": list(promise["working_week"]), "status_emails": list(promise["status_emails"]),
                        "candidate_updates": "1" if promise["candidate_updates"] else "",
                        "targets": {k: "" if v is None else str(v) for k, v in promise["targets"].items()}}}


def _promise_values(rows: dict) -> tuple[dict, dict]:
    from chalicelib.companies.promise import OPEN_STATUSES

    promise = rows.get("promise") if isinstance(rows.get("promise"), dict) else {}
    targets = promise.get("targets") if isinstance(promise.get("targets"), dict) else {}
    listed = lambda name: promise.get(name) if isinstance(promise.get(name), list) else []  # noqa: E731
    return {"promise": {"working_week": listed("working_week"), "status_emails": listed("status_emails"),
                        "candidate_updates": _ticked(promise, "candidate_updates"),
                        "targets": {s: (str(targets.get(s) or "").strip() or None) for s in OPEN_STATUSES}}}, {}


ROWS = {
    "catalogue": (_catalogue_rows, _catalogue_values),
    "questions": (_question_rows, _question_values),
    "overview": (_overview_rows, _overview_values),
    "branding": (_branding_rows, _branding_values),
    "consent": (_consent_rows, _consent_values),
    "general": (_general_rows, _general_values),
    "translations": (_translation_rows, _translation_values),
    "promise": (_promise_rows, _promise_values),
    "email": (lambda values, _settings: {"email_cap_per_week": str(values["email_cap_per_week"])},
              lambda rows: ({"email_cap_per_week": (rows.get("email_cap_per_week") or "").strip()}, {})),
}
EMPTY_ROWS = {
    "departments": lambda: {"id": "", "name": "", "new": "1", "remove": "", "roles": []},
    "roles": lambda: {"id": "", "name": "", "new": "1", "remove": ""},
    "locations": lambda: {"id": "", "name": "", "new": "1", "remove": ""},
    "questions": lambda: {"id": "", "text": "", "type": "text", "options": "", "required": "", "applies": "general", "new": "1",
                          "remove": ""},
    "overview": lambda: {**{k: "" for k in OVERVIEW_FIELDS}, "new": "1", "remove": ""},
}


def _edit(rows: dict, action: str) -> None:
    """"add:departments.0.roles" appends an empty row there; "up:locations.2" / "down:..." swap
    a row with its neighbour. Nothing is saved: the form is drawn again."""
    verb, _, path = action.partition(":")
    parts = path.split(".")
    if verb == "add":
        *parent, name = parts
    else:
        *parent, name, index = parts
        if not index.isdigit():
            return
    node: Any = rows
    for part in parent:
        node = node[int(part)] if isinstance(node, list) and part.isdigit() and int(part) < len(node) else (
            node.get(part) if isinstance(node, dict) else None)
        if node is None:
            return
    if not isinstance(node, dict) or name not in EMPTY_ROWS:
        return
    items = node.setdefault(name, [])
    if not isinstance(items, list):
        return
    if verb == "add":
        if len(items) < 200:
            items.append(EMPTY_ROWS[name]())
        return
    i = int(index)
    j = i - 1 if verb == "up" else i + 1
    if 0 <= i < len(items) and 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]


def _targets(settings, rows: dict) -> list[tuple[str, str]]:
    """What a question can be asked of: everyone, a department, a role (for the questions form)."""
    targets = [("general", "Everyone")]
    for department in settings.departments:
        targets.append((f"department:{department.id}", department.name))
        targets += [(f"role:{role.id}", f"{department.name} · {role.name}") for role in department.roles]
    return targets


# -- problems, in plain words beside their controls ---------------------------------------

def _control(field: str | None, paths: dict[str, str]) -> str:
    if not field:
        return "form"
    for prefix in sorted(paths, key=len, reverse=True):
        if field == prefix or field.startswith(prefix + "."):
            return paths[prefix] + field[len(prefix):]
    return field


def _problems(error: InvalidInput, paths: dict[str, str], section: str) -> dict:
    from chalicelib.pages.problems import from_error

    found: dict[str, Any] = {}
    for problem in from_error(error):
        control = _control(problem.field, paths)
        # A row's own rule (a choice question without options) is about one of its controls.
        if re.fullmatch(r"questions\.\d+", control):
            control += ".options" if "option" in problem.message else ".applies"
        if control == "form" and section == "catalogue" and "twice" in problem.message:
            control = "form"
        found.setdefault(control, _plain(problem, control))
    return found


def _plain(problem, control: str):
    """A validator's problem as a sentence for people (English source; Swedish in console_settings.po)."""
    message, kind, last = problem.message, problem.kind, control.rsplit(".", 1)[-1]
    if "listed twice" in message:
        return ("Two of these have the same name or id: %(what)s. Give each its own name.", {"what": message.split(" is listed")[0]})
    if "at least two options" in message:
        return "A choice question needs at least two options, one per line"
    if "take no options" in message:
        return "Only choice questions take options: empty this field or choose a choice type"
    if "names unknown" in message or "names its" in message:
        return "Choose who is asked this question from the list"
    if "default language" in message:
        return "The default language must be one of the languages offered"
    if problem.empty and last not in ("languages",):
        return "Enter this, or remove the row"
    if last == "languages":
        return "Offer at least one language"
    if last == "working_week" or control.startswith("promise.working_week"):
        return "Choose at least one working day"
    if control.startswith("promise.targets."):
        return "Enter a number of working days from 1 to 90, or leave it empty for no target"
    if kind in ("string_too_long", "too_long"):
        return "This is too long: shorten it"
    if "control characters" in message:
        return "Remove the special characters (line breaks, tabs) from this field"
    if last in ("link", "logo_url", "image_url", "video_url"):
        return "Enter a full web address starting with https://"
    if last == "primary_color":
        return "Enter a colour as # and six hexadecimal digits, like #1f4fd1"
    if last == "timezone":
        return "Enter a time zone like Europe/Stockholm"
    if last == "response_days":
        return "Enter a number of working days from 1 to 90"
    if last == "delay_hours":
        return "Enter a number of hours from 1 to 720"
    if last == "consent_months":
        return "Enter a number of months from 1 to 120, or leave it empty"
    if "options" in control:
        return "Give as many options as the question has, in its order"
    return "Check this field"


def _in_use_errors(refused, rows: dict, language: str) -> dict:
    """Each refused removal beside its row's Remove box: what uses it, and how many."""
    from chalicelib.i18n import translate

    found = {}
    for use in refused.uses:
        parts = []
        for count, one, many in ((use["candidates"], "1 candidate", "%(count)s candidates"),
                                 (use["open_jobs"], "1 open job", "%(count)s open jobs")):
            if count:
                parts.append(translate(language, one) if count == 1 else translate(language, many, count=count))
        who = translate(language, "%(first)s and %(second)s", first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]
        text = "%(name)s cannot be removed: %(who)s uses it. Rename it instead." if use["candidates"] + use["open_jobs"] == 1 else (
            "%(name)s cannot be removed: %(who)s use it. Rename it instead.")
        found[_row_of(rows, use["label"], use["id"])] = translate(language, text, name=use["name"], who=who)
    return found


def _row_of(rows: dict, label: str, label_id: str) -> str:
    for i, department in enumerate(_list(rows, "departments")):
        if label == "departments" and department.get("id") == label_id:
            return f"departments.{i}.remove"
        for j, role in enumerate(_list(department, "roles")):
            if label == "roles" and role.get("id") == label_id:
                return f"departments.{i}.roles.{j}.remove"
    for i, location in enumerate(_list(rows, "locations")):
        if label == "locations" and location.get("id") == label_id:
            return f"locations.{i}.remove"
    return "form"


# -- the preview: the candidate's own pages, drawn with the unsaved settings --------------

def _preview(request, record, settings, page: str, language: str, values: dict) -> dict:
    """The Connect page or the dashboard as a candidate would see it with these settings (the real
    templates, in the console's language), cut to its header and main content, to show inert."""
    from chalicelib.companies.service import Company, localized
    from chalicelib.web.render import page as draw

    company = localized(Company(record.slug, record.name, settings), language)
    if page == "connect":
        from chalicelib.pages.connect import form_view

        context, template = form_view(company), "connect.html"
    else:
        from chalicelib.pages.dashboard import sample_view

        context, template = sample_view(company), "dashboard.html"
    html = draw(template, {**context, "root": "../../../", "here": ""}, language=language).body
    body = html[html.index("<header"):html.index("</main>")]
    body = re.sub(r'<main id="main" tabindex="-1">', '<div class="preview-main">', body) + "</div>"
    # Ids are the candidate page's own; prefixed, they cannot clash with the console's.
    body = re.sub(r'\b(id|for|aria-labelledby|aria-describedby)="([^"]*)"',
                  lambda m: f'{m.group(1)}="{" ".join("pv-" + part for part in m.group(2).split())}"', body)
    body = re.sub(r'href="#([^"]*)"', r'href="#pv-\1"', body)
    branding = settings.branding
    colour = branding.primary_color if branding and branding.primary_color else None
    from markupsafe import Markup

    return {"page": page, "html": Markup(body), "colour": colour}
