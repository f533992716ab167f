"""Server-rendered pages: jinja2 with autoescaping, and the headers a careful site sends.

Pages work without JavaScript; the little script there is comes from this app (/static/), so the
Content-Security-Policy allows no inline script or style and nothing from elsewhere but images.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from chalice import Response

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "https:", "data:"),
    "form-action": ("'self'",),
    "base-uri": ("'none'",),
    "frame-ancestors": ("'none'",),
}


def csp(**allow: tuple[str, ...]) -> str:
    """The policy, with what one page needs beyond it: `csp(script_src=("https://x.example",))`
    adds that origin to that directive for the page that sends it (render(..., headers=
    {"Content-Security-Policy": csp(...)})), and nothing else changes. Only https origins."""
    directives = {name: list(sources) for name, sources in CSP_DIRECTIVES.items()}
    for key, origins in allow.items():
        for origin in origins:
            if not origin.startswith("https://") or any(c in origin for c in " ;,'\"") or origin.count("/") != 2:
                raise ValueError(f"not an https origin: {origin!r}")
        name = key.replace("_", "-")
        if name == "default-src":
            raise ValueError("widen a single directive, never default-src")
        directives.setdefault(name, [s for s in CSP_DIRECTIVES["default-src"] if s != "'none'"])
        directives[name] = [s for s in directives[name] if s != "'none'"] + [o for o in origins if o not in directives[name]]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


CSP = csp()
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # Emailed links carry tokens in the URL: never hand them to another site.
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "X-Frame-Options": "DENY",
}


@lru_cache(maxsize=8)
def _environment(language: str, folders: tuple[Path, ...] = ()):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from chalicelib.i18n import translations
    from chalicelib.templating import SHIPPED

    # A capability with pages of its own (the console) puts its folder first; the pages' layout
    # and macros stay shared. Templates come compiled from the package (chalicelib/templating.py).
    environment = Environment(loader=FileSystemLoader([*folders, TEMPLATES]), autoescape=select_autoescape(default=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
                              bytecode_cache=SHIPPED)
    environment.install_gettext_translations(translations(language), newstyle=True)
    return environment


def shipped_environments() -> list:
    """(environment, folder) for every folder of page templates: the shared one, and each
    capability's own `templates` folder (put first, as that capability renders them), for
    chalicelib/templating.py to compile ahead."""
    capabilities = [folder for folder in sorted(TEMPLATES.parent.parent.glob("*/templates")) if folder != TEMPLATES]
    return [(_environment("en"), TEMPLATES), *((_environment("en", (folder,)), folder) for folder in capabilities)]


def merge_headers(*parts: dict[str, Any] | None) -> dict[str, Any]:
    """Headers from several sources; every Set-Cookie is kept (a list, which Chalice sends as
    several headers) instead of the last one silently replacing the others."""
    merged: dict[str, Any] = {}
    cookies: list[str] = []
    for part in parts:
        for name, value in (part or {}).items():
            if name.lower() == "set-cookie":
                cookies.extend(value if isinstance(value, list) else [value])
            else:
                merged[name] = value
    if cookies:
        merged["Set-Cookie"] = cookies[0] if len(cookies) == 1 else cookies
    return merged


def page(template: str, context: dict[str, Any], status: int = 200, headers: dict[str, Any] | None = None,
         language: str = "en", folders: tuple[Path, ...] = (), request=None) -> Response:
    """``request``: the page's request, whose query the language switch keeps (kept_query)."""
    from chalicelib.i18n import LANGUAGES

    body = _environment(language, folders).get_template(template).render(
        lang=language, languages=LANGUAGES, **{"keep_query": kept_query(request), **context})
    return Response(body=body, status_code=status, headers=merge_headers(
        {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}, SECURITY_HEADERS, headers))


def kept_query(request) -> dict[str, str]:
    """The query a page was opened with, less ``lang``: the language switch keeps it, so a page
    opened from a signed link (unsubscribe, relevance, erase, Continue) is still that page in
    the other language, not "this link is not valid"."""
    return {k: v for k, v in ((request.query_params if request is not None else None) or {}).items() if k != "lang"}


def redirect(location: str, headers: dict[str, Any] | None = None) -> Response:
    """303 See Other: after a form post, the browser GETs the result (no re-post on reload)."""
    return Response(body="", status_code=303, headers=merge_headers({"Location": location, "Cache-Control": "no-store"}, SECURITY_HEADERS, headers))


STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8"}


def static_file(name: str) -> Response | None:
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        return None
    return Response(body=path.read_text(), status_code=200, headers={
        "Content-Type": STATIC_TYPES[path.suffix], "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})


def wants_html(request) -> bool:
    """A browser navigating (Accept: text/html first) rather than a script asking for JSON."""
    accept = (request.headers or {}).get("accept", "")
    return "text/html" in accept.split(",")[0]


# A page that belongs to no company we know (an unknown company, an altered link): neutral, with
# no company's name, stylesheet or language.
NO_COMPANY = {"slug": None, "name": "", "logo_url": None, "providers": [], "language": None}


def message_page(heading, paragraphs: list, status: int = 200, form: dict | None = None, link: dict | None = None,
                 company: dict | None = None, root: str = "", headers: dict[str, str] | None = None, request=None,
                 company_language: str | None = None) -> Response:
    """A one-message page (a confirmation, an outcome, a refusal) in the pages' layout, in the
    request's language. Texts are English source text, or (text with %(name)s, values).
    ``form``: {"action", "hidden": [(name, value)], "button"}; ``link``: {"href", "text"}."""
    from chalicelib.i18n import DEFAULT, for_request, text

    language, cookie = for_request(request, company_language) if request is not None else (DEFAULT, {})
    translated_form = {**form, "button": text(language, form["button"])} if form else None
    translated_link = {**link, "text": text(language, link["text"])} if link else None
    return page("message.html", {"company": company or NO_COMPANY, "root": root, "heading": text(language, heading),
                                 "paragraphs": [text(language, p) for p in paragraphs], "form": translated_form,
                                 "link": translated_link}, status=status, headers=merge_headers(cookie, headers), language=language,
                request=request)
