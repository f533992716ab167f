"""Issue 7.5: an OpenAPI 3.1 document generated from the request models, and schemathesis
running every operation against it: zero 5xx, every response as documented."""
from __future__ import annotations

import threading

import hypothesis
import pytest
import schemathesis
from chalice.cli.factory import CLIFactory
from hypothesis import HealthCheck, Phase
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import app as app_module
from infrastructure.local_gateway import local_server
from tests.support import FIGURES, ROOT, free_port

# Bounded so that the whole suite stays within its time; schema-valid and schema-violating cases.
EXAMPLES_PER_OPERATION = 20
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_the_document_is_valid_openapi_3_1_and_lists_exactly_the_apps_routes(stack):
    response = stack.request("GET", "/openapi.json")

    assert response.status == 200
    document = response.body
    validate(document)
    assert document["openapi"].startswith("3.1")
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    routes = {(method, path) for path, methods in app_module.app.routes.items() for method in methods}
    assert documented == routes
    # The connect body is the very model that validates it: a field added there appears here.
    connect = document["components"]["schemas"]["ConnectRequest"]
    assert connect["additionalProperties"] is False and {"email", "first_name", "consent"} <= set(connect["properties"])


@pytest.fixture
def served(stack):
    """The app behind the local server (thread-local requests, API Gateway's own answers) with
    a company, a published job, an admin key and a candidate's access token."""
    key = stack.company("acme")
    token = stack.connect_and_confirm()
    stack.publish()
    stack.drain()
    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev")
    port = free_port()
    server = local_server(app_module.app, config, "127.0.0.1", port)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    # A team member's console session (the console's screens take it as a cookie).
    from urllib.parse import parse_qs, urlparse

    from chalicelib.team.service import accept_invitation, first_admin

    _, link = first_admin("acme", "ops@example.com", "Ops")
    member = accept_invitation(parse_qs(urlparse(link).query)["token"][0])
    yield f"http://127.0.0.1:{port}", {"admin": key, "candidate": token, "console": member.token}
    server.server.shutdown()
    server.server.server_close()


def test_schemathesis_finds_no_5xx_and_no_undocumented_response_in_any_operation(stack, served):
    base_url, credentials = served
    schema = schemathesis.openapi.from_dict(stack.request("GET", "/openapi.json").body)
    operations = [result.ok() for result in schema.get_all_operations()]
    cases = 0
    failures: list[str] = []

    for operation, mode in ((o, m) for o in operations for m in MODES):
        security = (operation.definition.raw.get("security") or [{}])[0]
        scheme = next(iter(security), None)
        headers = ({"Cookie": f"cc_console={credentials[scheme]}"} if scheme == "console"
                   else {"Authorization": f"Bearer {credentials[scheme]}"} if scheme else {})

        @hypothesis.given(case=operation.as_strategy(generation_mode=mode), real=hypothesis.strategies.booleans())
        @hypothesis.settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case, real):
            nonlocal cases
            cases += 1
            if real and case.path_parameters and "company" in case.path_parameters:
                case.path_parameters["company"] = "acme"  # half the cases reach a real company, not only 404s
                if "job_id" in case.path_parameters:
                    case.path_parameters["job_id"] = "job-1"  # and its published job
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failure:  # noqa: BLE001 - collected, reported together below
                failures.append(f"{mode.value} {operation.method.upper()} {operation.path}: {type(failure).__name__}: {str(failure)[:300]}")

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing in this operation can be made invalid

    FIGURES.append(f"schemathesis: {len(operations)} operations, {cases} cases (schema-valid and schema-violating), "
                   f"{len(failures)} failures")
    assert failures == [], "\n".join(failures[:20])
