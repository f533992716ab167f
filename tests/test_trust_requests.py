"""Issue 15: mechanisms every request goes through, checked as classes across every route.

- Path parameters are percent-decoded once, in one place (API Gateway's REST APIs hand them over
  encoded), so an id with a character a client escapes is found wherever it is used.
- Every answer carries `X-Content-Type-Options: nosniff`.
- Every boolean of every request model is a JSON boolean: "no", "yes", 0 and 1 are refused,
  found by walking the OpenAPI document rather than by listing fields by hand.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

import app as app_module
from chalicelib.openapi import document
from tests.support import posting


def test_an_id_with_an_escaped_character_is_found_on_every_route_that_names_it(stack):
    # Given a published job whose id holds ':' (the posting schema allows it)
    key = stack.company("acme")
    assert stack.publish(external_id="eng:2026.backend", title="Back End Developer").status in (200, 201)
    escaped = quote("eng:2026.backend", safe="")
    assert "%3A" in escaped

    # When a client sends the id percent-encoded, as LinkedIn and browsers may
    admin = stack.request("GET", f"/admin/jobs/{escaped}", token=key)
    page = stack.request("GET", f"/companies/acme/jobs/{escaped}/apply", headers={"Accept": "text/html"})
    plain = stack.request("GET", "/admin/jobs/eng:2026.backend", token=key)

    # Then the same job answers either way
    assert admin.status == 200 and admin.body["id"] == "eng:2026.backend", admin.body
    assert plain.status == 200 and plain.body["id"] == "eng:2026.backend"
    assert page.status == 200 and "Back End Developer" in page.body


def test_a_percent_sign_is_decoded_once_not_twice(stack):
    # Given a company, and a job id that, decoded twice, would become another id
    key = stack.company("acme")
    stack.publish(external_id="job-1")

    # When a client asks for "job%2D1" encoded once more ("job%252D1")
    response = stack.request("GET", "/admin/jobs/job%252D1", token=key)

    # Then it is the literal id "job%2D1", which does not exist (a decoded-twice id would be job-1)
    assert response.status == 404, response.body


@pytest.mark.parametrize("segment", ["%FF", "%C3%28", "job%E2%82"])
def test_a_path_segment_that_is_not_utf8_is_a_400_naming_the_parameter(stack, segment):
    key = stack.company("acme")

    response = stack.request("GET", f"/admin/jobs/{segment}", token=key)

    assert response.status == 400, response.body
    assert response.body["error"]["field"] == "job_id"


def _fill(path: str) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: {"company": "acme", "name": "app.css"}.get(m.group(1), "job-1"), path)


def test_every_answer_says_nosniff(stack):
    # Given a company with a job, a signed-in candidate and the admin's key
    key = stack.company("acme")
    stack.publish()
    access = stack.connect_and_confirm()

    # When every route is called with each method it serves, signed in or not, right or wrong
    missing = []
    for path, methods in app_module.app.routes.items():
        for method in methods:
            for token in (None, key if path.startswith("/admin") else access):
                response = stack.request(method, _fill(path), token=token, raw=b"{}" if method != "GET" else None)
                if response.headers.get("x-content-type-options") != "nosniff":
                    missing.append((method, path, response.status))
    # and paths and methods nobody serves
    for method, path in (("GET", "/no/such/route"), ("DELETE", "/openapi.json")):
        response = stack.request(method, path)
        if response.headers.get("x-content-type-options") != "nosniff":
            missing.append((method, path, response.status))

    # Then every one of them told the browser not to guess the type
    assert missing == []


def _resolve(schema: dict, schemas: dict) -> dict:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _boolean_fields(schema: dict, schemas: dict, path: tuple = (), depth: int = 0):
    """(path, union?) of every boolean in a request body schema; a list's items at index 0."""
    schema = _resolve(schema, schemas)
    if depth > 6:
        return
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        kinds = [_resolve(o, schemas) for o in options]
        if any(k.get("type") == "boolean" or k.get("const") is True for k in kinds):
            yield path, True
        for kind in kinds:
            if kind.get("type") in ("object", "array"):
                yield from _boolean_fields(kind, schemas, path, depth + 1)
        return
    if schema.get("type") == "boolean" or schema.get("const") is True:
        yield path, False
    elif schema.get("type") == "object":
        for name, child in (schema.get("properties") or {}).items():
            yield from _boolean_fields(child, schemas, (*path, name), depth + 1)
    elif schema.get("type") == "array" and "items" in schema:
        yield from _boolean_fields(schema["items"], schemas, (*path, 0), depth + 1)


def _body_with(path: tuple, value, discriminators: dict) -> dict:
    body: dict = dict(discriminators)
    node = body
    for here, after in zip(path, path[1:]):
        child = [{}] if isinstance(after, int) else {}
        if isinstance(node, list):
            node[0] = node[0] or child
            node = node[0]
            continue
        node = node.setdefault(here, child)
    if isinstance(node, list):
        node[0] = value
    else:
        node[path[-1]] = value
    return body


def _discriminators(schema: dict, schemas: dict) -> dict:
    """The fields that pick one model of a body that takes several (e.g. `source`)."""
    schema = _resolve(schema, schemas)
    return {name: child["const"] for name, child in (schema.get("properties") or {}).items()
            if "const" in _resolve(child, schemas) and name != "consent"} if schema.get("type") == "object" else {}


def test_every_boolean_of_every_operation_refuses_strings_and_numbers(stack):
    # Given a company, a job and a signed-in candidate: every operation can be reached
    key = stack.company("acme")
    stack.publish()
    access = stack.connect_and_confirm()
    spec = document()
    schemas = spec["components"]["schemas"]
    checked = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if not content:
                continue
            bodies = content["schema"].get("anyOf") or [content["schema"]]
            security = {name for entry in operation.get("security", []) for name in entry}
            token = access if "candidate" in security else key if "admin" in security else None
            for body_schema in bodies:
                discriminators = _discriminators(body_schema, schemas)
                for field_path, in_union in _boolean_fields(body_schema, schemas):
                    # a union of a boolean and a string (an answer) rightly takes "no" as text
                    for wrong in ((1,) if in_union else ("no", "yes", "off", 0, 1)):
                        # When the boolean is sent as a string or a number
                        body = _body_with(field_path, wrong, discriminators)
                        # (each from its own address: the public write limits are not what is tested)
                        response = stack.request(method.upper(), _fill(path), body, token=token,
                                                 client_ip=f"198.51.100.{len(checked) % 250 + 1}")
                        # Then the request is refused, naming that field among its problems
                        name = ".".join(str(p) for p in field_path)
                        problems = (response.body or {}).get("error", {}).get("errors") or []
                        assert response.status == 400, (method, path, name, wrong, response.status, response.body)
                        assert any(p["field"] is not None and p["field"].startswith(name) for p in problems), \
                            (method, path, name, wrong, problems)
                        checked.append((method, path, name))
    # (the walk reached the booleans there are: connect's consent and answers, settings, the dashboard's)
    names = {name for _m, _p, name in checked}
    assert {"consent", "answers.0.shared", "paused"} <= names, names


def test_the_settings_boolean_that_no_means_off_is_refused_and_nothing_changes(stack):
    # Given a company whose delayed rejection is on
    key = stack.company("acme")
    settings = stack.request("GET", "/admin/settings", token=key).body["settings"]
    settings["delayed_rejection"] = {"enabled": True, "delay_hours": 48}
    assert stack.request("PUT", "/admin/settings", settings, token=key).status == 200

    # When a client sends "no" for it
    settings["delayed_rejection"]["enabled"] = "no"
    response = stack.request("PUT", "/admin/settings", settings, token=key)

    # Then it is a 400 naming the field, and the setting is still on
    assert response.status == 400
    assert response.body["error"]["field"] == "delayed_rejection.enabled"
    assert stack.request("GET", "/admin/settings", token=key).body["settings"]["delayed_rejection"]["enabled"] is True


def test_a_refused_body_lists_every_problem_beside_its_field(stack):
    # Given a company
    stack.company("acme")

    # When a connect arrives with several mistakes at once
    response = stack.connect(email="not an address", first_name="", departments=[], consent=1)

    # Then every one is named, not only the first
    fields = {p["field"] for p in response.body["error"]["errors"]}
    assert response.status == 400
    assert {"email", "first_name", "departments", "consent"} <= fields, fields


def test_a_job_posting_with_a_job_board_boolean_as_a_string_is_refused(stack):
    key = stack.company("acme")

    response = stack.request("POST", "/admin/jobs", posting(linkedin={"apply_connect": "yes"}), token=key)

    assert response.status == 400
    assert response.body["error"]["field"].startswith("linkedin.apply_connect")
