"""Email rendering with jinja2.

Shipped templates live beside this module and are trusted. Company-edited templates are not:
they run in jinja2's immutable sandbox, and are checked (syntax and a sample render) on save.
HTML parts are autoescaped in both cases; text parts and subjects are not HTML and are not escaped.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATE_DIR = Path(__file__).with_name("templates")
PARTS = ("subject", "text", "html")
KINDS = ("connect", "job_tip", "magic_link", "digest", "consent_renewal", "rejection", "application_link")


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


@lru_cache(maxsize=1)
def _shipped() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=lambda name: bool(name and name.endswith(".html")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=4)
def _sandbox(autoescape: bool, strict: bool = False) -> ImmutableSandboxedEnvironment:
    # Checking is strict (an unknown or unsafe name is an error the recruiter sees on save);
    # sending is lenient, so one odd field never stops an email from going out.
    return ImmutableSandboxedEnvironment(
        autoescape=autoescape, keep_trailing_newline=True, **({"undefined": StrictUndefined} if strict else {})
    )


def _file_name(kind: str, part: str) -> str:
    return f"{kind}.{ {'subject': 'subject.txt', 'text': 'txt', 'html': 'html'}[part] }"


def render(kind: str, context: Mapping[str, Any], custom: Mapping[str, str] | None = None, language: str = "en") -> RenderedEmail:
    """Render ``kind`` with the company's template parts when given, else the shipped default in
    ``language`` (templates/<language>/, English at the top level as the fallback)."""
    parts = {}
    for part in PARTS:
        if custom and custom.get(part):
            parts[part] = _sandbox(part == "html").from_string(custom[part]).render(context)
        else:
            name = _file_name(kind, part)
            localized = f"{language}/{name}"
            shipped = localized if language != "en" and (TEMPLATE_DIR / localized).is_file() else name
            parts[part] = _shipped().get_template(shipped).render(context)
    return RenderedEmail(subject=" ".join(parts["subject"].split()), text=parts["text"], html=parts["html"])


def check(kind: str, custom: Mapping[str, str]) -> None:
    """Raise TemplateProblem naming the part (and line) of a company template that cannot be used."""
    for part in PARTS:
        source = custom.get(part)
        if not source:
            continue
        environment = _sandbox(part == "html", strict=True)
        try:
            template = environment.from_string(source)
        except TemplateSyntaxError as error:
            raise TemplateProblem(part, error.message or "syntax error", error.lineno) from None
        try:
            template.render(SAMPLE_CONTEXT[kind])
        except SecurityError as error:
            raise TemplateProblem(part, f"not allowed in templates: {error}") from None
        except (UndefinedError, TypeError, ValueError, ArithmeticError, LookupError) as error:
            raise TemplateProblem(part, f"fails with sample data: {error}") from None


_SAMPLE_COMPANY = {"slug": "acme", "name": "Acme"}
_SAMPLE_CANDIDATE = {"first_name": "Ada", "last_name": "Lovelace"}
SAMPLE_CONTEXT: dict[str, dict[str, Any]] = {
    "connect": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "confirm_url": "https://careers.example.com/connect/confirm?token=sample",
        "departments": ["Sales"],
        "roles": ["Account Executive"],
    },
    "magic_link": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "sign_in_url": "https://careers.example.com/connect?token=sample",
        "minutes": 30,
    },
    "digest": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "jobs": [
            {"title": "Account Executive", "department": "Sales", "role": "Account Executive", "locations": ["London"],
             "work_mode": "Hybrid", "apply_url": "https://careers.example.com/jobs/1"},
        ],
        "frequency": "weekly",
        "unsubscribe_url": "https://api.example.com/unsubscribe?token=sample",
        "erase_url": "https://api.example.com/erase?token=sample",
    },
    "consent_renewal": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "renew_url": "https://careers.example.com/connect?token=sample",
        "expires_on": "2027-01-31",
    },
    "rejection": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "job": {"title": "Account Executive"},
        "connected": True,
    },
    "application_link": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "job": {"title": "Account Executive"},
        "confirm_url": "https://careers.example.com/connect?token=sample",
    },
    "job_tip": {
        "company": _SAMPLE_COMPANY,
        "candidate": _SAMPLE_CANDIDATE,
        "job": {
            "title": "Account Executive",
            "department": "Sales",
            "role": "Account Executive",
            "locations": ["London"],
            "work_mode": "hybrid",
            "apply_url": "https://careers.example.com/jobs/1",
        },
        "reason": "you follow Sales (Account Executive) in London",
        "why": {"department": "Sales", "role": "Account Executive", "locations": ["London"], "work_modes": ["hybrid"]},
        "unsubscribe_url": "https://api.example.com/unsubscribe?token=sample",
        "erase_url": "https://api.example.com/erase?token=sample",
    },
}
