"""The candidate pages' languages: English (the source text) and Swedish, from gettext message
catalogs (Babel). A page is in the language the person chose with the switch (`?lang=`, then
kept in a cookie), else the first of their browser's `Accept-Language` that is offered, else
the company's default (`settings.language`).

The catalogs are the .po files in locales/. The build compiles them to .mo beside them
(infrastructure/locales.py, run by `make run`, `make test` and the package step; the .mo files are
not in the repository), so what ships reads plain gettext catalogs and needs no Babel.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LANGUAGES = {"en": "English", "sv": "Svenska"}
DEFAULT = "en"
LOCALES = Path(__file__).with_name("locales")
COOKIE = "cc_lang"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT or language not in LANGUAGES:
        return gettext.NullTranslations()
    # messages.mo (the candidate pages and emails) first, then each other catalog (console.mo:
    # the hiring team's console), so that each part of the product keeps its own file.
    folder = LOCALES / language / "LC_MESSAGES"
    catalogs = sorted(folder.glob("*.mo"), key=lambda path: (path.name != "messages.mo", path.name))
    with catalogs[0].open("rb") as compiled:
        chain = gettext.GNUTranslations(compiled)
    for path in catalogs[1:]:
        with path.open("rb") as compiled:
            chain.add_fallback(gettext.GNUTranslations(compiled))
    return chain


def translate(language: str, text: str, **values) -> str:
    translated = translations(language).gettext(text)
    return translated % values if values else translated


def from_accept_language(header: str | None) -> str | None:
    """The first offered language of an Accept-Language header, by its q-values."""
    choices = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else None


def choose(chosen: str | None, accept_language: str | None, company_default: str | None) -> str:
    if chosen in LANGUAGES:
        return chosen
    return from_accept_language(accept_language) or (company_default if company_default in LANGUAGES else DEFAULT)


def for_request(request, company_default: str | None = None, profile: str | None = None) -> tuple[str, dict[str, str]]:
    """The language of a page request, and the cookie that keeps a choice made with the switch."""
    from http.cookies import SimpleCookie

    chosen = ((request.query_params or {}).get("lang") or "").lower()
    if chosen in LANGUAGES:
        return chosen, {"Set-Cookie": f"{COOKIE}={chosen}; Path=/; Max-Age=31536000; Secure; SameSite=Lax"}
    headers = request.headers or {}
    try:
        kept = SimpleCookie(headers.get("cookie") or "").get(COOKIE)
    except Exception:  # noqa: BLE001 - a malformed cookie header keeps no choice
        kept = None
    return choose(kept.value if kept else profile, headers.get("accept-language"), company_default), {}


def text(language: str, message) -> str:
    """A message given as text or as (text with %(name)s, values), in ``language``."""
    if isinstance(message, tuple):
        return translate(language, message[0], **message[1])
    return translate(language, message)
