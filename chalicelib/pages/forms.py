"""HTML forms in, the API's request models out: the pages post what the JSON API takes, and the
same models validate it, so a page never accepts what the API refuses (or the other way)."""
from __future__ import annotations

from urllib.parse import parse_qs

MAX_FORM_BYTES = 64 * 1024


def read_form(request) -> dict[str, list[str]]:
    raw = request.raw_body or b""
    if len(raw) > MAX_FORM_BYTES:
        return {}
    return parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)


def first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0]


def roles_of_chosen(form: dict[str, list[str]], settings) -> list[str]:
    """On the pages each role sits under its department: a role ticked under a department that is
    not (or no longer) ticked is not a choice. The JSON API, which has no such layout, refuses it."""
    departments = set(form.get("departments", []))
    owner = settings.role_department()
    return [role for role in form.get("roles", []) if owner.get(role) in departments or role not in owner]


def interests_from(form: dict[str, list[str]], questions) -> tuple[dict, list[str]]:
    """The Connect fields of a posted form, as the API's body, and which question each answer
    index is (to put an error next to the right question)."""
    answers, order = [], []
    for question in questions:
        name = f"answer.{question.id}"
        values = [v for v in form.get(name, []) if v.strip()]
        if not values:
            continue  # unanswered: optional questions are skippable; required ones are named by the check
        if question.type == "yes_no":
            value: object = values[0] == "true"
        elif question.type == "multiple_choice":
            value = values
        else:
            value = values[0]
        answers.append({"question_id": question.id, "value": value, "shared": first(form, f"share.{question.id}") == "on"})
        order.append(question.id)
    body = {
        "departments": form.get("departments", []),
        "roles": form.get("roles", []),
        "location": first(form, "location") or None,
        "work_modes": form.get("work_modes", []),
        "answers": answers,
    }
    if first(form, "consent") == "true":
        body["consent"] = True
    return body, order
