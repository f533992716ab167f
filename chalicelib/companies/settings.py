"""The company's settings edited one section at a time (the console's Settings screens and
GET/PUT /admin/settings/{section}), each save conditional on the settings version the editor
saw: a colleague's change made meanwhile is never silently overwritten. The refusal names who
made it and carries the current values, so the editor's own are not lost either.

Use cases take the acting member or API key (team/actors.py `Actor`; companies sit below the
team, so it is used by its shape: `company`, `kind`, `id`, `name`, `require(permission)`).
"""
from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field
from pynamodb.exceptions import UpdateError

from chalicelib.companies.models import PROFILE, CompanyItem
from chalicelib.companies.schema import CompanySettings
from chalicelib.db import iso, now
from chalicelib.errors import Conflict, DomainError, InvalidInput, NotFound

# team.roles.SETTINGS: the admins' permission (tests/test_console_settings.py checks they agree).
SETTINGS = "settings"

# Each section and the settings fields it holds; a section is saved on its own.
SECTIONS: dict[str, tuple[str, ...]] = {
    "catalogue": ("departments", "locations"),
    "questions": ("questions",),
    "overview": ("overview",),
    "branding": ("branding",),
    "consent": ("consent_text", "consent_months"),
    "general": ("timezone", "delayed_rejection", "response_days", "postal_address", "language", "languages"),
    "translations": ("translations",),
    "promise": ("promise",),
    # How many non-transactional emails (job tips, digests, campaigns) a person gets at most.
    "email": ("email_cap_per_week",),
}
LABEL_NAMES = {"departments": "department", "roles": "role", "locations": "location"}


class SectionBody(BaseModel):
    """PUT /admin/settings/{section}: the section's fields (see SECTIONS; a field left out takes
    its default), and `version` (the settings version edited) unless If-Match says it."""

    model_config = ConfigDict(extra="allow")
    version: int | None = Field(default=None, ge=0)


class Acting(Protocol):
    company: str
    kind: str
    id: str
    name: str

    def require(self, permission: str) -> None: ...


class StaleSettings(DomainError):
    """The settings changed since the editor loaded them (412 for If-Match, as HTTP has it)."""

    status = 412
    code = "stale"

    def __init__(self, section: str, version: int, changed_by: dict | None, current: dict):
        who = (changed_by or {}).get("name") or "someone"
        super().__init__(f"{who} changed these settings meanwhile (now version {version}); "
                         "send your change again with the current version", field="version")
        self.section, self.version, self.changed_by, self.current = section, version, changed_by, current

    def body(self) -> dict:
        body = super().body()
        body["error"].update(version=self.version, changed_by=self.changed_by, current=self.current)
        return body

    def headers(self) -> dict[str, str]:
        return {"ETag": etag(self.version)}


class VersionRequired(DomainError):
    status = 428
    code = "precondition_required"


class InUse(Conflict):
    """Removing a department, role or location that candidates or open jobs still use."""

    def __init__(self, uses: list[dict]):
        first = uses[0]
        super().__init__(f"{LABEL_NAMES[first['label']]} {first['id']!r} is used by {describe(first)}; rename it instead",
                         field=first["label"])
        self.uses = uses

    def body(self) -> dict:
        body = super().body()
        body["error"]["in_use"] = self.uses
        return body


def describe(use: dict) -> str:
    """ "3 candidates and 1 open job" (English; the console words it in the page's language)."""
    parts = []
    for what, singular in (("candidates", "candidate"), ("open_jobs", "open job")):
        if use.get(what):
            parts.append(f"{use[what]} {singular if use[what] == 1 else singular + 's'}")
    return " and ".join(parts)


def etag(version: int) -> str:
    return f'"{version}"'


def version_from(if_match: str | None, body_version: Any = None) -> int | None:
    """The version a JSON client saw: If-Match: "3" (or W/"3"), else the body's `version`."""
    raw = (if_match or "").strip().removeprefix("W/").strip('"') if if_match else body_version
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not str(raw).isdigit() or len(str(raw)) > 12:
        raise InvalidInput("the version is a whole number, as GET gave it (ETag)", field="version")
    return int(raw)


def _item(company: str) -> CompanyItem:
    try:
        return CompanyItem.get(company, PROFILE, consistent_read=True)
    except CompanyItem.DoesNotExist:
        raise NotFound(f"no company {company!r}", field="company") from None


def _fields(section: str) -> tuple[str, ...]:
    if section not in SECTIONS:
        raise NotFound(f"no settings section {section!r}; sections are {', '.join(SECTIONS)}", field="section")
    return SECTIONS[section]


def _values(settings: CompanySettings, section: str) -> dict:
    dumped = settings.model_dump(mode="json")
    return {name: dumped[name] for name in _fields(section)}


def _stored(item: CompanyItem) -> CompanySettings:
    from chalicelib.schema import STORED

    return CompanySettings.model_validate(item.settings, context=STORED)


def section_view(actor: Acting, section: str) -> dict:
    """A section's values, the settings version to send back, and who changed the settings last."""
    actor.require(SETTINGS)
    _fields(section)
    item = _item(actor.company)
    return _view(section, _stored(item), item)


def _view(section: str, settings: CompanySettings, item: CompanyItem) -> dict:
    return {"section": section, "version": int(item.settings_version or 0), "values": _values(settings, section),
            "updated_by": item.updated_by, "updated_at": iso(item.updated_at)}


def draft(actor: Acting, section: str, values: dict) -> CompanySettings:
    """The settings as they would be with ``values`` for ``section``, validated, not saved (the
    console's preview). InvalidInput with every problem when they are not valid."""
    actor.require(SETTINGS)
    return _merged(_stored(_item(actor.company)), section, values)


def _merged(current: CompanySettings, section: str, values: dict) -> CompanySettings:
    from chalicelib.api import invalid_from
    from pydantic import ValidationError

    fields = _fields(section)
    if not isinstance(values, dict):
        raise InvalidInput("body must be a JSON object with the section's fields", field=None)
    unknown = sorted(set(values) - set(fields) - {"version"})
    if unknown:
        raise InvalidInput(f"unknown field; the {section} section holds {', '.join(fields)}", field=unknown[0])
    merged = current.model_dump(mode="json")
    for name in fields:
        merged.pop(name)
        if name in values:
            merged[name] = values[name]
    try:
        settings = CompanySettings.model_validate(merged)
    except ValidationError as error:
        raise invalid_from(error) from None
    if section == "translations":
        _check_translations(settings)
    return settings


def _check_translations(settings: CompanySettings) -> None:
    """Translations name texts the company has, in a language it offers besides its own."""
    problems = []
    known = {"departments": {d.id for d in settings.departments}, "roles": set(settings.role_department()),
             "locations": {loc.id for loc in settings.locations}, "questions": {q.id for q in settings.questions}}
    for language, texts in settings.translations.items():
        if language == settings.language or language not in settings.languages:
            problems.append({"field": f"translations.{language}",
                             "message": "translations are for the languages the company offers besides its own"})
        for kind, ids in known.items():
            for key in getattr(texts, kind):
                if key not in ids:
                    problems.append({"field": f"translations.{language}.{kind}.{key}", "message": f"no {kind[:-1]} {key!r}"})
        for key, question in texts.questions.items():
            original = settings.question(key)
            if original is not None and question.options and len(question.options) != len(original.options):
                problems.append({"field": f"translations.{language}.questions.{key}.options",
                                 "message": f"give {len(original.options)} options, in the question's order"})
        if len(texts.overview) > len(settings.overview):
            problems.append({"field": f"translations.{language}.overview", "message": "more blocks than the overview has"})
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def _pruned(settings: CompanySettings) -> CompanySettings:
    """Translations of what is no longer there (a department removed) go with it."""
    if not settings.translations:
        return settings
    departments = {d.id for d in settings.departments}
    roles = set(settings.role_department())
    locations = {loc.id for loc in settings.locations}
    questions = {q.id: len(q.options) for q in settings.questions}
    kept = {}
    for language, texts in settings.translations.items():
        kept[language] = texts.model_copy(update={
            "departments": {k: v for k, v in texts.departments.items() if k in departments},
            "roles": {k: v for k, v in texts.roles.items() if k in roles},
            "locations": {k: v for k, v in texts.locations.items() if k in locations},
            "questions": {k: (v if not v.options or len(v.options) == questions[k] else v.model_copy(update={"options": []}))
                          for k, v in texts.questions.items() if k in questions},
            "overview": texts.overview[:len(settings.overview)],
        })
    return settings.model_copy(update={"translations": kept})


def _consent_version(old: CompanySettings, new: CompanySettings) -> CompanySettings:
    """A new consent text is a new consent version (what each candidate agreed to is kept)."""
    if new.consent_text == old.consent_text or new.consent_version != old.consent_version:
        return new
    version = old.consent_version
    bumped = str(int(version) + 1) if version.isdigit() else f"{version}.1"
    return new.model_copy(update={"consent_version": bumped[:40]})


def save_section(actor: Acting, section: str, values: dict, version: int | None) -> dict:
    """Replace one section, if the settings are still at ``version`` (what the editor saw).
    StaleSettings (who changed them, the current values) otherwise; InUse when a removed
    department, role or location is still used (with the counts); InvalidInput naming fields."""
    actor.require(SETTINGS)
    _fields(section)
    if version is None:
        raise VersionRequired("send the settings version you edited (If-Match: \"<version>\" from GET's ETag)", field="version")
    item = _item(actor.company)
    current = _stored(item)
    if int(item.settings_version or 0) != version:
        raise StaleSettings(section, int(item.settings_version or 0), item.updated_by, _values(current, section))
    settings = _merged(current, section, values)
    refuse_removing_what_is_used(actor.company, current, settings)
    settings = _consent_version(current, _pruned(settings))
    by = {"kind": actor.kind, "id": actor.id, "name": actor.name, "section": section}
    try:
        CompanyItem(company=actor.company, sk=PROFILE).update(
            actions=[CompanyItem.settings.set(settings.model_dump(mode="json")), CompanyItem.settings_version.add(1),
                     CompanyItem.updated_at.set(now()), CompanyItem.updated_by.set(by)],
            condition=CompanyItem.settings_version == version,
        )
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        # Someone saved between our read and our write: the same answer as a stale form.
        fresh = _item(actor.company)
        raise StaleSettings(section, int(fresh.settings_version or 0), fresh.updated_by, _values(_stored(fresh), section)) from None
    return _view(section, settings, _item(actor.company))


def refuse_removing_what_is_used(slug: str, old: CompanySettings, new: CompanySettings) -> None:
    """Renaming keeps ids. Removing a department, role or location that candidates or open jobs
    still use is refused (InUse, with how many use each): their subscriptions and index entries
    would point at nothing. A role cannot move to another department."""
    from chalicelib.companies.usage import counts

    removed = {
        "departments": [d.id for d in old.departments if new.department(d.id) is None],
        "roles": [r for r in old.role_department() if r not in new.role_department()],
        "locations": [loc.id for loc in old.locations if loc.id not in {n.id for n in new.locations}],
    }
    moved = {r for r, d in new.role_department().items() if old.role_department().get(r, d) != d}
    if moved:
        raise Conflict(f"role {sorted(moved)[0]!r} cannot move to another department; create a new role", field="departments")
    if not any(removed.values()):
        return
    # Reads this company's candidates and jobs (Queries on its partition, never a Scan); settings
    # edits that remove something are rare, and correctness beats speed here.
    used = counts(slug)
    names = {"departments": lambda i: old.department(i).name, "roles": old.role_name,
             "locations": old.location_name}
    uses = [{"label": label, "id": label_id, "name": names[label](label_id),
             "candidates": used[label][label_id].get("candidates", 0), "open_jobs": used[label][label_id].get("open jobs", 0)}
            for label, ids in removed.items() for label_id in ids if label_id in used[label]]
    if uses:
        raise InUse(uses)
