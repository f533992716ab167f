"""Email rendering with jinja2.

Shipped templates live in the folder each kind registered (chalicelib/notifications/registry.py)
and are trusted. Company-edited templates are not:
they run in jinja2's immutable sandbox, and are checked (syntax and a sample render) on save.
HTML parts are autoescaped in both cases; text parts and subjects are not HTML and are not escaped.

Every email, shipped or company-edited, then goes into one frame (layout/): the company's logo
and colour above the message, and below it who sent it and why (the kind's <kind>.reason.txt),
the company's postal address, a link to manage preferences and, for mailing lists, the link that
stops them, in the recipient's language and with `lang` on the HTML part. The frame is the same
facts in both parts by construction. A template that is a whole HTML document (as company
templates saved before the frame were) contributes what is inside its <body>.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.notifications import registry
from chalicelib.notifications.registry import EmailKind, Frame
from chalicelib.templating import SHIPPED

PARTS = ("subject", "text", "html")
LAYOUT = Path(__file__).with_name("layout")
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.S | re.I)
_DOCUMENT = re.compile(r"^\s*(<!doctype[^>]*>)?\s*(<html\b[^>]*>)?\s*(<head\b.*?</head\s*>)?", re.S | re.I)
WHITE = "#ffffff"
INK = "#1f2937"  # the body text; also the links' colour when the brand's is too light to read


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class TemplateProblem(ValueError):
    def __init__(self, part: str, message: str, line: int | None = None):
        where = f" (line {line})" if line else ""
        super().__init__(f"{part}: {message}{where}")
        self.part = part
        self.line = line
        self.reason = message


@lru_cache(maxsize=32)
def _shipped(folder: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=lambda name: bool(name and name.endswith(".html")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=SHIPPED,  # compiled in the package (chalicelib/templating.py)
    )


@lru_cache(maxsize=64)
def _sandbox(autoescape: bool, strict: bool = False, folder: Path | None = None) -> ImmutableSandboxedEnvironment:
    # Checking is strict (an unknown or unsafe name is an error the recruiter sees on save);
    # sending is lenient, so one odd field never stops an email from going out. The kind's own
    # folder is the loader: a company template may include the shipped partials its default
    # includes (sv/_why.txt), which then render in the sandbox too; nothing outside that folder.
    return ImmutableSandboxedEnvironment(
        autoescape=autoescape, keep_trailing_newline=True, loader=FileSystemLoader(folder) if folder else None,
        **({"undefined": StrictUndefined} if strict else {})
    )


def _file_name(kind: str, part: str) -> str:
    return f"{kind}.{ {'subject': 'subject.txt', 'text': 'txt', 'html': 'html'}[part] }"


@lru_cache(maxsize=256)
def _compiled(source: str, autoescape: bool, folder: Path | None = None) -> Template:
    """A company template compiled once per container: keyed by its text, so an edited template
    is a new key and the old one ages out; nothing to invalidate."""
    return _sandbox(autoescape, folder=folder).from_string(source)


def _registered(kind: str) -> EmailKind:
    registered = registry.kind(kind)
    if registered is None:
        raise KeyError(f"no email kind {kind!r}")
    return registered


def _localized(folder: Path, name: str, language: str) -> str:
    localized = f"{language}/{name}"
    return localized if language != "en" and (folder / localized).is_file() else name


def render(kind: str, context: Mapping[str, Any], custom: Mapping[str, str] | None = None, language: str = "en",
           frame: Frame | None = None) -> RenderedEmail:
    """Render ``kind`` with the company's template parts when given, else the shipped default in
    ``language`` (<language>/ in the kind's folder, English at its top level as the fallback),
    inside the frame every email shares (a frame naming only the company when none is given)."""
    folder = _registered(kind).templates
    parts = {}
    for part in PARTS:
        if custom and custom.get(part):
            parts[part] = _compiled(custom[part], part == "html", folder).render(context)
        else:
            parts[part] = _shipped(folder).get_template(_localized(folder, _file_name(kind, part), language)).render(context)
    subject = " ".join(parts["subject"].split())
    why = " ".join(_shipped(folder).get_template(_localized(folder, f"{kind}.reason.txt", language)).render(context).split())
    frame = frame or Frame(company=str((context.get("company") or {}).get("name", "")))
    framed = _framed(frame, language, subject, why, parts["text"], _fragment(parts["html"]))
    return RenderedEmail(subject=subject, text=framed["text"], html=framed["html"])


def _fragment(html: str) -> str:
    """The message of an HTML part: what is inside <body> of a whole document, else all of it."""
    inside = _BODY.search(html)
    if inside:
        return inside.group(1).strip()
    return _DOCUMENT.sub("", html, count=1).replace("</html>", "").strip()


def _framed(frame: Frame, language: str, subject: str, why: str, text: str, html: str) -> dict[str, str]:
    from markupsafe import Markup

    colour = frame.primary_color or INK
    context = {
        "frame": frame, "language": language, "subject": subject, "why": why,
        "brand": colour, "link": colour if _contrast(colour, WHITE) >= 4.5 else INK,
        "on_brand": WHITE if _contrast(colour, WHITE) >= _contrast(colour, INK) else INK,
        "address_lines": [line.strip() for line in (frame.postal_address or "").splitlines() if line.strip()],
    }
    environment = _layout(language)
    return {
        "text": environment.get_template("layout.txt").render(context, body=text.rstrip()),
        "html": environment.get_template("layout.html").render(context, body=Markup(html)),
    }


@lru_cache(maxsize=4)
def _layout(language: str) -> Environment:
    from chalicelib.i18n import translations

    environment = Environment(loader=FileSystemLoader(LAYOUT), autoescape=lambda name: bool(name and name.endswith(".html")),
                              undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                              extensions=["jinja2.ext.i18n"], bytecode_cache=SHIPPED)
    environment.install_gettext_translations(translations(language), newstyle=True)
    return environment


def shipped_environments() -> list[tuple[Environment, Path]]:
    """(environment, folder) for the frame and each capability's `email_templates` folder, for
    chalicelib/templating.py to compile ahead."""
    return [(_layout("en"), LAYOUT), *((_shipped(folder), folder) for folder in sorted(LAYOUT.parent.parent.glob("*/email_templates")))]


def _contrast(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def sample(kind: str) -> Mapping[str, Any]:
    return _registered(kind).sample


def check(kind: str, custom: Mapping[str, str]) -> None:
    """Raise TemplateProblem naming the part (and line) of a company template that cannot be used."""
    for part in PARTS:
        source = custom.get(part)
        if not source:
            continue
        environment = _sandbox(part == "html", strict=True, folder=_registered(kind).templates)
        try:
            template = environment.from_string(source)
        except TemplateSyntaxError as error:
            raise TemplateProblem(part, error.message or "syntax error", error.lineno) from None
        try:
            template.render(sample(kind))
        except SecurityError as error:
            raise TemplateProblem(part, f"not allowed in templates: {error}", _line_of(error)) from None
        except TemplateNotFound as error:  # (never the folder's path: the recruiter sees this)
            raise TemplateProblem(part, f"there is no {error.name!r} to include", _line_of(error)) from None
        except (UndefinedError, TypeError, ValueError, ArithmeticError, LookupError) as error:
            raise TemplateProblem(part, f"fails with sample data: {error}", _line_of(error)) from None


def _line_of(error: BaseException) -> int | None:
    """The template's line where rendering failed: jinja2 rewrites the traceback so the frames
    of a template compiled from a string carry its own line numbers (the last one is where it
    broke)."""
    line, trace = None, error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
