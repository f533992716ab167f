"""A company's email templates: what each will look like before it is ever sent (previews with
sample data), and saving one kind's versions without touching the rest of the settings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.companies.models import PROFILE, CompanyItem
from chalicelib.companies.schema import EmailTemplate, KindTemplate
from chalicelib.companies.service import Company, load_company
from chalicelib.db import now
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.companies.mail import frame
from chalicelib.notifications.registry import kinds
from chalicelib.notifications.render import TemplateProblem, check, render, sample


def known(name: str) -> None:
    if name not in kinds():
        raise NotFound(f"no template {name!r}; templates are {', '.join(sorted(kinds()))}", field="name")


def checked(name: str, draft: EmailTemplate) -> None:
    """A draft that cannot render is refused naming its part, its line and why."""
    try:
        check(name, draft.model_dump())
    except TemplateProblem as problem:
        raise TemplateRefused(problem) from None


class TemplateRefused(InvalidInput):
    def __init__(self, problem: TemplateProblem):
        super().__init__(str(problem), field=problem.part)
        self.part, self.line, self.reason = problem.part, problem.line, problem.reason


def sample_context(company: Company, name: str) -> dict:
    return {**sample(name), "company": {"slug": company.slug, "name": company.name}}


def preview(company_slug: str, name: str, draft: EmailTemplate | None, language: str | None = None) -> dict:
    """Render with sample data: the draft when given (checked like a save), else the saved
    template for ``language`` (the company's language when not given), else the shipped default."""
    company = load_company(company_slug)
    known(name)
    language = language or company.settings.language
    if draft is not None:
        checked(name, draft)
    kept = company.settings.templates.get(name)
    source = draft or (kept.version(language) if kept else None)
    context = sample_context(company, name)
    sample_links = {"unsubscribe_url": context["unsubscribe_url"]} if "unsubscribe_url" in context else {}
    rendered = render(name, context, source.model_dump() if source else None, language=language,
                      frame=frame(company, **sample_links))
    return {"name": name, "language": language, "custom": source is not None, "subject": rendered.subject,
            "text": rendered.text, "html": rendered.html}


@dataclass(frozen=True)
class SettingsState:
    """The settings as a form saw them: the version it must still be when saved, and who made it."""

    version: int
    updated_by: str | None
    updated_at: datetime | None


def settings_state(company_slug: str) -> SettingsState:
    try:
        item = CompanyItem.get(company_slug, PROFILE, consistent_read=True)
    except CompanyItem.DoesNotExist:
        raise NotFound("no such company", field="company") from None
    return SettingsState(int(item.settings_version or 0), who_changed(item.updated_by), item.updated_at)


def who_changed(updated_by) -> str | None:
    """The name a stale form shows: updated_by is {"kind", "id", "name", "section"}."""
    return updated_by.get("name") if isinstance(updated_by, dict) else updated_by


class StaleSettings(Conflict):
    """The settings changed after the form was opened; nothing was saved."""

    def __init__(self, state: SettingsState):
        who = state.updated_by or "someone"
        super().__init__(f"the settings changed meanwhile (by {who}); nothing was saved", field="version")
        self.state = state


def save_kind(company_slug: str, name: str, template: KindTemplate | None, version: int, by: str) -> SettingsState:
    """Replace the company's versions of one kind (None: back to the shipped default) and nothing
    else, if the settings are still at ``version`` (the one the form was opened at): a
    colleague's change to another section, or to this one, made meanwhile is never lost."""
    known(name)
    try:
        item = CompanyItem.get(company_slug, PROFILE, consistent_read=True)
    except CompanyItem.DoesNotExist:
        raise NotFound("no such company", field="company") from None
    current = int(item.settings_version or 0)
    if current != version:
        raise StaleSettings(SettingsState(current, who_changed(item.updated_by), item.updated_at))
    stored = dict(item.settings or {})
    templates = dict(stored.get("templates") or {})
    if template is None:
        templates.pop(name, None)
    else:
        templates[name] = template.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    stored["templates"] = templates
    moment = now()
    try:
        CompanyItem(company=company_slug, sk=PROFILE).update(
            actions=[CompanyItem.settings.set(stored), CompanyItem.settings_version.set(current + 1),
                     CompanyItem.updated_at.set(moment), CompanyItem.updated_by.set({"kind": "member", "name": by[:120], "section": "templates"})],
            condition=CompanyItem.settings_version == current,
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise StaleSettings(settings_state(company_slug)) from None
        raise
    return SettingsState(current + 1, by, moment)
