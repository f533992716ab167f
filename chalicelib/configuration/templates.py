"""Settings -> Templates -> Messages: every email kind the product sends, with its shipped
default; the company's own subject, text and HTML per language, checked before they are saved
(the line and the reason when they cannot render); a preview with sample data in the sandbox; a
test sent to the member who asks; back to the default. Admins and recruiters (roles.TEMPLATES)."""
from __future__ import annotations

from typing import Any, Mapping

from chalicelib.companies.schema import EmailTemplate, KindTemplate, TemplateLanguage
from chalicelib.companies.service import load_company
from chalicelib.companies.templates import (
    SettingsState, checked, known, preview as render_preview, sample_context, save_kind, settings_state,
)
from chalicelib.db import iso
from chalicelib.errors import InvalidInput
from chalicelib.i18n import LANGUAGES
from chalicelib.notifications.registry import kind, kinds
from chalicelib.notifications.render import PARTS, _file_name, render, sample
from chalicelib.schema import Email, Strict
from chalicelib.team import audit, roles
from chalicelib.team.actors import Actor

SETTINGS = "settings"  # the audit's subject kind for settings changes
TEST_HEADER = "X-Candidate-Connect-Test"


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"no language {language!r}; languages are {', '.join(LANGUAGES)}", field="language")
    return language


def list_templates(actor: Actor) -> dict:
    """Every kind, and for each language whether the company has its own version."""
    actor.require(roles.TEMPLATES)
    company = load_company(actor.company)
    rows = []
    for name in sorted(kinds()):
        kept = company.settings.templates.get(name)
        rows.append({"name": name, "languages": {
            code: ("own" if kept and code in kept.languages else "shared" if kept and kept.shared() else "default")
            for code in LANGUAGES}})
    return {"templates": rows, "languages": list(LANGUAGES)}


def shipped(name: str, language: str) -> dict[str, str]:
    """The shipped default's source in ``language`` (English where it has no translation)."""
    folder = kind(name).templates
    parts = {}
    for part in PARTS:
        file = _file_name(name, part)
        localized = folder / language / file
        parts[part] = (localized if language != "en" and localized.is_file() else folder / file).read_text()
    return parts


def variables(name: str) -> list[dict]:
    """What a template of this kind may use, from the kind's sample data: dotted names with an
    example value (lists as lists: loop over them with {% for %})."""
    found: list[dict] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            found.append({"name": prefix, "example": None, "fields": sorted(value[0])})
        else:
            example = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            found.append({"name": prefix, "example": example, "fields": None})

    walk("", dict(sample(name)))
    return found


def template_view(actor: Actor, name: str, language: str) -> dict:
    """One kind in one language, as the editor shows it: the version in use (the company's own,
    its shared one, or the default), the default's text, the variables and the settings version."""
    actor.require(roles.TEMPLATES)
    known(name)
    _language(language)
    company = load_company(actor.company)
    kept = company.settings.templates.get(name)
    own = kept.languages.get(language) if kept else None
    shared = kept.shared() if kept else None
    source = "own" if own else "shared" if shared else "default"
    version = own or shared
    state = settings_state(actor.company)
    return {"name": name, "language": language, "source": source,
            "parts": version.model_dump() if version else shipped(name, language),
            "default": shipped(name, language), "variables": variables(name), "version": state.version,
            "updated_by": state.updated_by, "updated_at": iso(state.updated_at)}


def save_template(actor: Actor, name: str, language: str, draft: EmailTemplate, version: int) -> SettingsState:
    """The company's own version of ``name`` in ``language``; the other languages and every other
    setting stay as they are. Refused when the draft cannot render (TemplateRefused: its part,
    line and reason) or when the settings moved since the form was opened (StaleSettings)."""
    actor.require(roles.TEMPLATES)
    known(name)
    _language(language)
    checked(name, draft)
    kept = load_company(actor.company).settings.templates.get(name)
    languages = {**(kept.languages if kept else {}), language: draft}
    shared = kept.shared() if kept else None
    template = KindTemplate(languages=languages, **(shared.model_dump() if shared else {}))
    state = save_kind(actor.company, name, template, version, actor.name)
    audit.record(actor, SETTINGS, "templates", "template_saved", template=name, language=language)
    return state


def reset_template(actor: Actor, name: str, language: str, version: int) -> SettingsState:
    """Back to the default in ``language``: the company's own version of that language goes; a
    version for every language (saved before languages existed) goes too, since it is what the
    language used."""
    actor.require(roles.TEMPLATES)
    known(name)
    _language(language)
    kept = load_company(actor.company).settings.templates.get(name)
    languages = {code: v for code, v in (kept.languages if kept else {}).items() if code != language}
    remaining = None
    if languages:
        remaining = KindTemplate(languages=languages)
    state = save_kind(actor.company, name, remaining, version, actor.name)
    audit.record(actor, SETTINGS, "templates", "template_reset", template=name, language=language)
    return state


def preview(actor: Actor, name: str, language: str, draft: EmailTemplate | None) -> dict:
    actor.require(roles.TEMPLATES)
    return render_preview(actor.company, name, draft, _language(language))


class TemplateTest(Strict):
    """POST /admin/templates/{name}/test: send a test of one kind in one language to a member of
    the team (`to`: an active member's address; a test never goes anywhere else). `template`, a
    draft to try (checked like a save); without it, the version the company uses now."""

    to: Email
    language: TemplateLanguage | None = None
    template: EmailTemplate | None = None


def send_test(actor: Actor, name: str, language: str, draft: EmailTemplate | None, to: str | None = None) -> dict:
    """The email with sample data, to a member of the team and to nobody else, marked as a test
    (its subject and a header), through the product's one sender (aws/email.py) at the account's
    rate. The draft when given (checked first), else the version in use. A member signed in to
    the console sends it to themselves; an API key names the member (``to``): an address that is
    not an active member's is refused, so a key cannot mail anyone else."""
    from chalicelib.aws import email
    from chalicelib.notifications import pacing
    from chalicelib.notifications.suppressions import is_suppressed

    actor.require(roles.TEMPLATES)
    known(name)
    _language(language)
    address = _test_address(actor, to)
    if draft is not None:
        checked(name, draft)
    company = load_company(actor.company)
    kept = company.settings.templates.get(name)
    source = draft or (kept.version(language) if kept else None)
    rendered = render(name, sample_context(company, name), source.model_dump() if source else None, language=language)
    if is_suppressed(address):
        raise InvalidInput("your address is on the suppression list (it bounced or complained); no email can go to it",
                           field="actor")
    pacing.wait_for_slot(email.account_send_rate)
    email.send(email.OutgoingEmail(
        to=address, subject=f"[Test] {rendered.subject}", text=rendered.text, html=rendered.html,
        sender_name=company.settings.sender_name or company.name, kind="template_test", company=company.slug,
        headers={TEST_HEADER: name}, sender_address=company.settings.sender_address))
    audit.record(actor, SETTINGS, "templates", "template_test_sent", template=name, language=language)
    return {"to": address, "subject": f"[Test] {rendered.subject}", "language": language}


def _test_address(actor: Actor, to: str | None) -> str:
    from chalicelib.team.models import members_of

    if actor.kind == "member" and actor.email:
        if to is not None and to.lower() != actor.email.lower():
            raise InvalidInput("a member sends a test to their own address", field="to")
        return actor.email
    if not to:
        raise InvalidInput("name the team member who receives the test (to: their address)", field="to")
    member = next((m for m in members_of(actor.company) if m.email == to.lower() and m.state == "active"), None)
    if member is None:
        raise InvalidInput("a test goes only to an active member of the team: this address is not one", field="to")
    return member.email
