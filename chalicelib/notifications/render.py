"""Email rendering with jinja2.

Shipped templates live in the folder each kind registered (chalicelib/notifications/registry.py)
and are trusted. Company-edited templates are not:
they run in jinja2's immutable sandbox, and are checked (syntax and a sample render) on save.
HTML parts are autoescaped in both cases; text parts and subjects are not HTML and are not escaped.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.notifications import registry
from chalicelib.notifications.registry import EmailKind

PARTS = ("subject", "text", "html")


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


def render(kind: str, context: Mapping[str, Any], custom: Mapping[str, str] | None = None, language: str = "en") -> RenderedEmail:
    """Render ``kind`` with the company's template parts when given, else the shipped default in
    ``language`` (<language>/ in the kind's folder, English at its top level as the fallback)."""
    folder = _registered(kind).templates
    parts = {}
    for part in PARTS:
        if custom and custom.get(part):
            parts[part] = _compiled(custom[part], part == "html", folder).render(context)
        else:
            name = _file_name(kind, part)
            localized = f"{language}/{name}"
            shipped = localized if language != "en" and (folder / localized).is_file() else name
            parts[part] = _shipped(folder).get_template(shipped).render(context)
    return RenderedEmail(subject=" ".join(parts["subject"].split()), text=parts["text"], html=parts["html"])


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
