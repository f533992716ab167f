"""What a page form says about its mistakes: every problem at once, each beside its field, in
words people use and in the page's language.

The JSON API names fields in the validator's terms ("answers.2.value", "List should have at
least 1 item after validation"). A page turns each of those problems, pydantic's and the domain
checks' alike, into the form control it is about and a plain sentence: one per control, in the
order of the form. One mechanism for every page form (Connect, apply, sign-in, the dashboard's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from chalicelib.errors import InvalidInput

# The source (English) texts; their Swedish is in the message catalog. A form field's message
# when it was left empty, and when what was given is not right.
EMPTY = {
    "email": "Enter your email address",
    "first_name": "Enter your first name",
    "last_name": "Enter your last name",
    "departments": "Choose at least one department",
    "consent": "Tick the box to agree, so that we may keep your details",
    "answer": "Answer this question",
    "phone": "Enter your phone number, or leave it empty",
}
WRONG = {
    "email": "Enter an email address like name@example.com (the part before @ in letters a to z, digits, dots or hyphens)",
    "first_name": "A name can hold letters, spaces, hyphens, apostrophes and dots",
    "last_name": "A name can hold letters, spaces, hyphens, apostrophes and dots",
    "phone": "Enter a phone number with digits, spaces and an optional + at the start",
    "departments": "Choose departments from the list",
    "roles": "Choose roles from the list, under a department you chose",
    "location": "Choose a location from the list",
    "locations": "Choose locations from the list",
    "work_modes": "Choose work modes from the list",
    "language": "Choose a language from the list",
    "frequency": "Choose how often from the list",
    "answer": "Choose one of the answers offered",
    "answer_text": "Write your answer",
    "too_long": "This is too long: shorten it",
    "controls": "Remove the special characters (line breaks, tabs) from this field",
    "other": "Check this field",
}
# In the order problems are listed when a form does not say (the Connect form's order).
ORDER = ("email", "first_name", "last_name", "phone", "departments", "roles", "location", "locations", "work_modes")
EMPTY_INPUTS = ("", None, [], {})


@dataclass(frozen=True)
class Problem:
    """One mistake as the API states it: its field path, message and (from pydantic) its kind."""

    field: str | None
    message: str
    kind: str = "domain"
    empty: bool = False


def from_validation_error(error) -> list[Problem]:
    out = []
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"]) or None
        empty = detail["type"] in ("missing", "too_short", "string_too_short") or detail.get("input") in EMPTY_INPUTS
        out.append(Problem(field, detail["msg"].removeprefix("Value error, "), detail["type"], empty))
    return out


def from_invalid(error: InvalidInput) -> list[Problem]:
    return [Problem(p.get("field"), p.get("message") or "", "domain", "must be answered" in (p.get("message") or ""))
            for p in error.problems]


class FormProblems(InvalidInput):
    """A form's problems as found (with pydantic's kinds), for a use case a page drives that
    validates inside it (the dashboard's forms): the page words them, the API shape stays."""

    def __init__(self, found: list[Problem]):
        first = found[0]
        super().__init__(first.message, field=first.field, problems=[{"field": p.field, "message": p.message} for p in found])
        self.found = found


def validate(model, body: dict):
    """``body`` as ``model``, or FormProblems with every problem."""
    valid, found = check(model, body)
    if found:
        raise FormProblems(found)
    return valid


def from_error(error: InvalidInput) -> list[Problem]:
    return error.found if isinstance(error, FormProblems) else from_invalid(error)


def check(model, body: dict, domain_check: Callable[[Any], None] | None = None) -> tuple[Any, list[Problem]]:
    """``body`` as ``model``, and every problem found: pydantic's, and then the domain check's
    (the use case's own, e.g. the company's required questions) run on the fields that were
    valid, so an empty form hears about its required questions in the same answer."""
    from pydantic import ValidationError

    try:
        valid = model.model_validate(body)
    except ValidationError as error:
        problems = from_validation_error(error)
        if domain_check is not None:
            problems += _domain_problems(domain_check, _partial(model, body, {p.field.split(".")[0] for p in problems if p.field}))
        return None, problems
    if domain_check is not None:
        problems = _domain_problems(domain_check, valid)
        if problems:
            return None, problems
    return valid, []


def _domain_problems(domain_check, value) -> list[Problem]:
    try:
        domain_check(value)
    except InvalidInput as error:
        return from_invalid(error)
    return []


def _partial(model, body: dict, failed: set[str]):
    """The model with each field that validates on its own, the others at their defaults: what a
    domain check can still look at when some fields are wrong."""
    from pydantic import TypeAdapter
    from pydantic_core import PydanticUndefined
    from typing import Annotated

    values = {}
    for name, info in model.model_fields.items():
        default = [] if info.default is PydanticUndefined and info.default_factory is None else info.get_default(call_default_factory=True)
        if name in failed or name not in body:
            values[name] = default
            continue
        try:
            values[name] = TypeAdapter(Annotated[info.annotation, *info.metadata]).validate_python(body[name])
        except Exception:  # noqa: BLE001 - a field that is not valid alone is left at its default
            values[name] = default
    return model.model_construct(**values)


def page_field(api_field: str | None, answer_order: list[str], message: str = "") -> str | None:
    """The form control an API field path is about: `answers.2.value` is the third answered
    question's control, `departments.0` the departments fieldset, `answers` (a required question)
    the question its message names."""
    if not api_field:
        return None
    parts = api_field.split(".")
    if parts[0] == "answers":
        if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(answer_order):
            return f"answer.{answer_order[int(parts[1])]}"
        named = re.search(r"question '([a-z0-9-]+)'", message)
        return f"answer.{named.group(1)}" if named else "answers"
    return parts[0]


def plain(problem: Problem, field: str | None, question_types: dict[str, str] | None = None) -> str:
    """The English source text of a problem, in words people use (translated by the caller)."""
    key = "answer" if field and field.startswith("answer") else field
    if problem.empty and key in EMPTY:
        return EMPTY[key]
    if problem.kind in ("string_too_long", "too_long"):
        return WRONG["too_long"]
    if "control characters" in problem.message:
        return WRONG["controls"]
    if key == "answer" and field and (question_types or {}).get(field.removeprefix("answer.")) == "text":
        return WRONG["answer_text"]
    return WRONG.get(key or "", WRONG["other"])


def messages(problems: list[Problem], language: str, answer_order: list[str] | None = None,
             question_types: dict[str, str] | None = None, fields: tuple[str, ...] = ()) -> dict[str, str]:
    """{form control: plain message in ``language``}, one per control, in the form's order."""
    from chalicelib.i18n import translate

    found: dict[str, str] = {}
    for problem in problems:
        field = page_field(problem.field, answer_order or [], problem.message) or "form"
        if field not in found:
            found[field] = translate(language, plain(problem, field, question_types))
    order = ["form", *(fields or ORDER)]

    def position(field: str) -> int:
        if field in order:
            return order.index(field)
        return len(order) + (0 if field.startswith("answer") else 1 if field == "consent" else 2)

    return dict(sorted(found.items(), key=lambda item: position(item[0])))


def catalog_texts() -> set[str]:
    """Every text this module can show (tests check each has its Swedish)."""
    return set(EMPTY.values()) | set(WRONG.values())
