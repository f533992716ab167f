"""Template previews for recruiters: what an email will look like, before it is ever sent."""
from __future__ import annotations

from chalicelib.companies.mail import frame
from chalicelib.companies.schema import EmailTemplate
from chalicelib.companies.service import load_company
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.notifications.registry import kinds
from chalicelib.notifications.render import TemplateProblem, check, render, sample


def preview(company_slug: str, name: str, draft: EmailTemplate | None) -> dict:
    """Render with sample data: the draft when given (checked like a save), else the saved
    template, else the shipped default."""
    company = load_company(company_slug)
    if name not in kinds():
        raise NotFound(f"no template {name!r}; templates are {', '.join(sorted(kinds()))}", field="name")
    if draft is not None:
        try:
            check(name, draft.model_dump())
        except TemplateProblem as problem:
            raise InvalidInput(str(problem), field=problem.part) from None
    source = draft or company.settings.templates.get(name)
    context = {**sample(name), "company": {"slug": company.slug, "name": company.name}}
    sample_links = {"unsubscribe_url": context["unsubscribe_url"]} if "unsubscribe_url" in context else {}
    rendered = render(name, context, source.model_dump() if source else None, language=company.settings.language,
                      frame=frame(company, **sample_links))
    return {"name": name, "custom": source is not None, "subject": rendered.subject, "text": rendered.text, "html": rendered.html}
