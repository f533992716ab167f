"""Operable (issue 19.2): ops hear about what is parked or failing, see it and move it back.

Alarms and the dashboard are read from infrastructure/template.yaml (and checked against the
functions app.py defines and the metrics the code counts); the DLQ commands run the operator CLI
against moto with messages parked the two ways they really are (by the consumer with a reason,
by SQS after too many failed receives).
"""
from __future__ import annotations

import ast
import http.client
import json
import re
import threading

import boto3
import pytest
import yaml

from chalicelib.cli import main
from infrastructure.package import OVERRIDES, ROOT
from infrastructure.provision import load_template
from tests import faults
from tests.support import free_port

APP = "candidate-connect"


def _sub(value, stage="prod"):
    """A template value as CloudFormation would resolve it for names (Fn::Sub with Stage only)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return value["Fn::Sub"].replace("${Stage}", stage)
    return value


def _alarms() -> dict[str, dict]:
    return {name: r["Properties"] for name, r in load_template()["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def _deployed_function_names(stage="prod") -> set[str]:
    """What Chalice names every function of app.py when it deploys them."""
    import app as app_module

    functions = [source.name for source in app_module.app.event_sources]
    functions += [function.name for function in app_module.app.pure_lambda_functions]
    return {f"{APP}-{stage}"} | {f"{APP}-{stage}-{name}" for name in functions}


# -- alarms -------------------------------------------------------------------------------
def test_every_function_has_an_errors_and_a_throttles_alarm_under_the_name_it_is_deployed_with():
    # Given every function app.py defines (the API's handler included), by Chalice's deploy names
    expected = _deployed_function_names()

    # Then each has both alarms
    watched = {metric: {_sub(a["Dimensions"][0]["Value"]) for a in _alarms().values()
                        if a["Namespace"] == "AWS/Lambda" and a["MetricName"] == metric} for metric in ("Errors", "Throttles")}
    assert watched == {"Errors": expected, "Throttles": expected}

    # And the packaged path names every function the same way (the overrides), so the alarms
    # watch real functions whichever way the stage was deployed
    from chalice.utils import to_cfn_resource_name

    import app as app_module

    overrides = yaml.safe_load(OVERRIDES.read_text())["Resources"]
    names = {"APIHandler": f"{APP}-prod"}
    for function in [*app_module.app.event_sources, *app_module.app.pure_lambda_functions]:
        names[to_cfn_resource_name(function.name)] = f"{APP}-prod-{function.name}"
    assert {logical: _sub(overrides[logical]["Properties"].get("FunctionName")) for logical in names} == names


def test_every_dlq_alarms_on_one_message_and_every_work_queue_on_its_oldest_message():
    resources = load_template()["Resources"]
    queues = {name for name, r in resources.items() if r["Type"] == "AWS::SQS::Queue"}
    dlqs = {name for name in queues if name.endswith("DLQ")}
    by_queue: dict[str, list[dict]] = {}
    for alarm in _alarms().values():
        if alarm["Namespace"] == "AWS/SQS":
            by_queue.setdefault(alarm["Dimensions"][0]["Value"]["Fn::GetAtt"][0], []).append(alarm)

    for dlq in dlqs:
        (alarm,) = by_queue[dlq]
        assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
        assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (1, "GreaterThanOrEqualToThreshold")
    for queue in queues - dlqs:
        (alarm,) = by_queue[queue]
        assert alarm["MetricName"] == "ApproximateAgeOfOldestMessage"


def test_every_alarm_tells_the_alarm_topic_and_the_api_and_ses_reputation_are_watched():
    alarms = _alarms()
    assert all(a["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms.values())
    metrics = {(a["Namespace"], a["MetricName"]): a for a in alarms.values()}
    assert metrics[("AWS/ApiGateway", "5XXError")]["Dimensions"][0]["Value"] == APP
    # SES reviews an account at 5 % bounces and 0.1 % complaints: the alarms fire there
    assert metrics[("AWS/SES", "Reputation.BounceRate")]["Threshold"] == 0.05
    assert metrics[("AWS/SES", "Reputation.ComplaintRate")]["Threshold"] == 0.001
    # And the packaged API has the name the 5xx alarm watches (chalice deploy names it after the app)
    assert yaml.safe_load(OVERRIDES.read_text())["Resources"]["RestAPI"]["Properties"]["Name"] == APP


def test_the_alarm_address_ops_give_at_deploy_is_subscribed_and_none_is_invented(stack):
    from moto import mock_aws

    from infrastructure.provision import provision

    # Given the stack provisioned without an address (the test stack), no one is subscribed
    sns = boto3.client("sns")
    topic = stack.physical["AlarmTopic"]["Ref"]
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    assert len(boto3.client("cloudwatch").describe_alarms()["MetricAlarms"]) == len(_alarms())

    # When a stage is provisioned with ops' address, that address gets the alarms
    with mock_aws():
        physical = provision(stage="prod", alarm_email="ops@example.com")
        subscriptions = boto3.client("sns").list_subscriptions_by_topic(TopicArn=physical["AlarmTopic"]["Ref"])["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [("email", "ops@example.com")]


def _counted_metrics() -> set[str]:
    names = set()
    for path in (ROOT / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "count" \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def test_the_dashboard_shows_every_metric_the_product_counts(stack):
    # Given the dashboard as CloudWatch stored it
    body = json.loads(boto3.client("cloudwatch").get_dashboard(DashboardName=f"{APP}-dev")["DashboardBody"])
    shown = {metric[1] for widget in body["widgets"] for metric in widget["properties"]["metrics"]}

    # Then every metric the code counts is on it, in the namespace and dimension Powertools uses
    assert _counted_metrics() and _counted_metrics() <= shown
    assert {tuple(m[i] for i in (0, 2, 3)) for w in body["widgets"] for m in w["properties"]["metrics"]} == {
        ("CandidateConnect", "service", APP)}


# -- dead-letter queues --------------------------------------------------------------------
def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["dlq", *args, "--stage", "dev"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cli_env(stack, monkeypatch):
    # The CLI loads the stage's names from .chalice/config.json; moto answers in process
    monkeypatch.setattr("chalicelib.cli._load_stage", lambda stage: None)
    return stack


def test_dlq_show_prints_each_parked_message_with_its_reason_and_leaves_it_parked(cli_env, capsys):
    stack = cli_env
    # Given a message the notifications consumer cannot read, parked by it with the reason
    stack.send_raw(stack.env["NOTIFICATIONS_QUEUE"], '{"kind": "no-such-kind"}')
    stack.drain()

    # When ops list the DLQs, then show the notifications one twice
    code, listed, _ = _cli(capsys, "list")
    shown = [_cli(capsys, "show", "notifications")[1] for _ in range(2)]

    # Then the list names it with its count and the queue that feeds it
    assert code == 0
    line = next(line for line in listed.splitlines() if line.startswith(f"{APP}-dev-notifications-dlq"))
    assert re.search(r"\b1 parked", line) and f"fed by {APP}-dev-notifications" in line
    # And both showings print it with the consumer's reason: showing consumed nothing
    for out in shown:
        assert "1 message(s) shown" in out and "reason: not a notification this consumer knows" in out
        assert '{"kind": "no-such-kind"}' in out
    assert len(stack.queue_messages(stack.env["NOTIFICATIONS_DLQ"])) == 1


def test_an_email_parked_by_sqs_during_an_ses_outage_is_redriven_after_it_and_sent_once(cli_env, capsys, monkeypatch):
    stack = cli_env
    stack.company("acme")
    stack.pump.retry_failed_at_once = True  # Lambda's retries after the visibility timeout, at once

    # Given SES refusing every email for a while (an outage): Ada's thank-you email fails five
    # receives and SQS moves it to the DLQ (maxReceiveCount), with no reason of ours
    from chalicelib.aws.clients import client

    def outage(request, **_kwargs):
        return faults.error_response(request, "sesv2", 400, "MessageRejected")

    events = client("sesv2").meta.events
    events.register_first("before-send.sesv2.SendEmail", outage)
    assert stack.connect(email="ada@example.com").status == 201
    for _ in range(10):
        stack.pump.tick()
    assert stack.emails_to("ada@example.com") == [] and stack.pump.errors  # each failed batch, as Lambda logs it
    stack.pump.errors.clear()
    code, shown, _ = _cli(capsys, "show", "notifications-dlq")
    assert code == 0 and "1 message(s) shown" in shown and "too many failed receives" in shown

    # When SES is back and ops redrive the DLQ
    events.unregister("before-send.sesv2.SendEmail", outage)
    code, moved, _ = _cli(capsys, "redrive", "notifications")
    stack.drain()

    # Then the message went back to its queue (moto has no StartMessageMoveTask: one by one) and
    # Ada has her thank-you email exactly once; nothing is left parked
    assert code == 0 and f"moved 1 message(s) from {APP}-dev-notifications-dlq back to {APP}-dev-notifications" in moved
    assert len(stack.emails_to("ada@example.com", kind="Thanks for connecting")) == 1
    assert stack.queue_messages(stack.env["NOTIFICATIONS_DLQ"]) == []
    assert " 0 parked" in next(l for l in _cli(capsys, "list")[1].splitlines() if "notifications-dlq" in l)


def test_a_stream_dlq_is_shown_but_refused_for_redrive_and_an_unknown_queue_is_named(cli_env, capsys):
    code, _, err = _cli(capsys, "redrive", "jobs-stream")
    assert code == 2 and "cannot be moved back" in err
    code, _, err = _cli(capsys, "show", "nothing-like-it")
    assert code == 2 and "no dead-letter queue 'nothing-like-it'" in err


# -- health and unserved methods -----------------------------------------------------------
def test_health_answers_without_touching_aws(stack):
    # Given every AWS call counted (the fault injector at rate 0: it counts, injects nothing)
    plan = faults.PLAN
    plan.arm(rate=0.0)
    plan.active = True
    try:
        health = stack.request("GET", "/health")
        calls_for_health = sum(plan.calls.values())
        stack.request("GET", "/companies/acme/connect")  # the counter does see a request that reads
        calls_for_page = sum(plan.calls.values()) - calls_for_health
    finally:
        plan.disarm()

    assert health.status == 200 and health.body == {"status": "ok"}
    assert calls_for_health == 0 and calls_for_page > 0


@pytest.fixture
def local_api(stack):
    from chalice.cli.factory import CLIFactory

    import app as app_module
    from infrastructure.local_gateway import local_server

    port = free_port()
    server = local_server(app_module.app, CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="dev"), "127.0.0.1", port)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    yield port
    server.server.shutdown()


@pytest.mark.parametrize("method, path, status, code", [
    ("TRACE", "/health", 405, "method_not_allowed"),
    ("CONNECT", "/companies/acme/connect", 405, "method_not_allowed"),
    ("BREW", "/health", 405, "method_not_allowed"),
    ("TRACE", "/no/such/route", 404, "not_found"),
    ("DELETE", "/health", 405, "method_not_allowed"),
])
def test_the_local_stack_answers_every_method_it_does_not_serve_in_the_error_shape(local_api, method, path, status, code):
    connection = http.client.HTTPConnection("127.0.0.1", local_api, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    body = json.loads(response.read())

    assert response.status == status and response.getheader("Content-Type") == "application/json"
    assert set(body) == {"error"} and body["error"]["code"] == code and set(body["error"]) == {"code", "message", "field"}


def test_what_http_itself_refuses_is_answered_in_the_error_shape_too(local_api):
    import socket

    def raw(request: bytes) -> str:
        with socket.create_connection(("127.0.0.1", local_api), timeout=10) as connection:
            connection.sendall(request)
            received = b""
            while chunk := connection.recv(65536):  # the server closes the connection after its answer
                received += chunk
            return received.decode()

    # A request with more headers than the server reads: a 431 with JSON, not the HTML page
    head, _, body = raw(b"GET /health HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(120)) + b"\r\n").partition("\r\n\r\n")
    assert head.split()[1] == "431" and "Content-Type: application/json" in head
    assert set(json.loads(body)["error"]) == {"code", "message", "field"}
    # An HTTP version it cannot speak: answered the HTTP/0.9 way (no status line), still JSON
    assert set(json.loads(raw(b"GET /health HTTP/9.9\r\n\r\n"))["error"]) == {"code", "message", "field"}


def test_the_packaged_api_answers_what_no_route_serves_in_the_error_shape():
    # API Gateway answers a path or a method no route defines itself (403 "Missing Authentication
    # Token"), and its other refusals (throttling, a timeout) with DEFAULT_4XX/5XX: all declared
    from infrastructure.local_gateway import gateway_response

    for kind, status in (("MISSING_AUTHENTICATION_TOKEN", 403), ("DEFAULT_4XX", 429), ("DEFAULT_5XX", 504)):
        response = gateway_response(kind, status, 'a "quoted" message')
        body = json.loads(response["body"])
        assert response["headers"]["Content-Type"] == "application/json"
        assert set(body["error"]) == {"code", "message", "field"}


def test_a_redeploy_without_the_alarm_address_keeps_the_one_ops_gave():
    from moto import mock_aws

    from infrastructure import deploy

    with mock_aws():
        cloudformation = boto3.client("cloudformation")
        deploy.deploy_resources("dev", alarm_email="ops@example.com")
        deploy.deploy_resources("dev", sender_address="jobs@example.com")  # a later deploy, no --alarm-email
        parameters = {p["ParameterKey"]: p["ParameterValue"]
                      for p in cloudformation.describe_stacks(StackName=deploy.stack_name("dev"))["Stacks"][0]["Parameters"]}
    assert parameters["AlarmEmail"] == "ops@example.com"
