"""Getting started: the console home's checklist for a company that is not set up yet. Each step
links to the screen that does it and is ticked from what is really stored (the settings, the
LinkedIn integration, the team, the jobs), never from a flag someone sets: a step undone again
(the last location removed) shows as to do again. Admins see it (they may do every step) until
the company's catalogue is set and its first job is published; the optional steps ride along."""
from __future__ import annotations

from chalicelib.team import roles
from chalicelib.team.actors import Actor

# (id, what the step is called, why it matters, the screen that does it, required to be set up:
# the catalogue and the first job, which checklist() reads first)
STEPS = (
    ("catalogue", "Add your departments, roles and locations",
     "Candidates choose from them when they connect, and every job is filed under them.", "settings/catalogue", True),
    ("questions", "Ask candidates your questions",
     "Optional: asked of everyone, or of one department or role, when they connect.", "settings/questions", False),
    ("overview", "Write your Connect overview",
     "What candidates read about you on the Connect page and their dashboard.", "settings/overview", False),
    ("branding", "Add your logo and colour", "Your pages and emails then look like yours.", "settings/branding", False),
    ("translations", "Translate your texts",
     "Candidates who read another language you offer see your departments, questions and consent text in it.",
     "settings/translations", False),
    ("templates", "Check your emails", "Optional: every email has a good default; make one your own and send yourself a test.",
     "messages", False),
    ("linkedin", "Post jobs to LinkedIn with Apply Connect",
     "Optional: candidates apply on LinkedIn and their applications arrive here.", "integrations/linkedin", False),
    ("team", "Invite your team", "Optional: recruiters and hiring members, each with what their role allows.", "team", False),
    ("job", "Publish your first job", "Before it goes out you see how many community members get a job tip.", "jobs/new", True),
)


def checklist(actor: Actor) -> dict | None:
    """The steps with whether each is done, or None when there is nothing to show this person."""
    if not actor.may(roles.SETTINGS):
        return None
    from chalicelib.companies.service import load_company

    settings = load_company(actor.company).settings
    catalogue = bool(settings.departments) and any(d.roles for d in settings.departments) and bool(settings.locations)
    published = _published_once(actor.company)
    if catalogue and published:
        return None  # set up: the home screen is about the work now (and reads nothing more for this)
    translated, texts = _translated(settings)
    done = {
        "catalogue": catalogue,
        "questions": bool(settings.questions),
        "overview": bool(settings.overview),
        "branding": bool(settings.branding and (settings.branding.logo_url or settings.branding.primary_color)),
        "translations": texts > 0 and translated == texts,
        "templates": bool(settings.templates),
        "linkedin": _linkedin_on(actor.company),
        "team": _team_invited(actor.company),
        "job": published,
    }
    steps = [{"id": id_, "title": title, "why": why, "href": href, "required": required, "done": done[id_]}
             for id_, title, why, href, required in STEPS]
    details = {"translations": (translated, texts)} if texts else {}
    if not any(language != settings.language for language in settings.languages):
        steps = [s for s in steps if s["id"] != "translations"]
    return {"steps": steps, "done": sum(1 for s in steps if s["done"]), "total": len(steps), "details": details}


def _translated(settings) -> tuple[int, int]:
    """How many of the company's texts have their translation in every other language it offers."""
    from chalicelib.companies.schema import DEFAULT_CONSENT_TEXT

    others = [language for language in settings.languages if language != settings.language]
    if not others:
        return 0, 0
    wanted: list[tuple[str, str]] = [("departments", d.id) for d in settings.departments]
    wanted += [("roles", r.id) for d in settings.departments for r in d.roles]
    wanted += [("locations", loc.id) for loc in settings.locations]
    wanted += [("questions", q.id) for q in settings.questions]
    wanted += [("overview", str(i)) for i, _ in enumerate(settings.overview)]
    if settings.consent_text != DEFAULT_CONSENT_TEXT:  # the shipped text comes translated
        wanted.append(("consent_text", ""))
    translated = 0
    for kind, key in wanted:
        if all(_has(settings.translations.get(language), kind, key) for language in others):
            translated += 1
    return translated, len(wanted)


def _has(texts, kind: str, key: str) -> bool:
    if texts is None:
        return False
    if kind == "consent_text":
        return bool(texts.consent_text)
    if kind == "overview":
        blocks = texts.overview
        return int(key) < len(blocks) and bool(blocks[int(key)].title)
    if kind == "questions":
        question = texts.questions.get(key)
        return question is not None and bool(question.text)
    return bool(getattr(texts, kind).get(key))


def _linkedin_on(company: str) -> bool:
    from chalicelib.linkedin.models import get_integration

    integration = get_integration(company)
    return bool(integration and integration.enabled)


def _team_invited(company: str) -> bool:
    from chalicelib.team.models import members_of

    return sum(1 for m in members_of(company) if m.state != "removed") > 1


def _published_once(company: str) -> bool:
    from chalicelib.jobs.service import ever_published

    return ever_published(company)
