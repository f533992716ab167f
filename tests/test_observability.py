"""Structured logs and metrics: what ops can see, and what they must not."""
from __future__ import annotations

import json

from chalicelib.observability import logger
from tests.support import posting


def _emitted(out: str) -> tuple[dict[str, float], list[dict]]:
    """Metrics (CloudWatch EMF lines) summed by name, and the other JSON lines: the logs."""
    metrics: dict[str, float] = {}
    logs = []
    for line in out.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "_aws" in record:
            for definition in record["_aws"]["CloudWatchMetrics"][0]["Metrics"]:
                values = record[definition["Name"]]
                metrics[definition["Name"]] = metrics.get(definition["Name"], 0) + sum(values if isinstance(values, list) else [values])
        else:
            logs.append(record)
    return metrics, logs


# capfd, not capsys: the Logger's handler holds the process's stdout from before the test.
def test_the_core_loop_emits_its_metrics(stack, capfd):
    stack.company("acme")
    stack.pump.deliveries = 2
    stack.connect_and_confirm()
    stack.publish()
    stack.queue_posting({**posting(external_id="bad", department="astronomy"), "company": "acme"})
    stack.drain()

    metrics, _ = _emitted(capfd.readouterr().out)

    assert metrics["Connections"] == 1
    assert metrics["PostingsAccepted"] == 1
    assert metrics["PostingsRejected"] == 2  # the bad posting, delivered twice
    assert metrics["Matches"] == 1
    assert metrics["EmailsSent"] == 2  # thank-you and job tip, each once
    assert metrics["DuplicatesSuppressed"] >= 2


def test_logs_are_json_with_ids_and_never_an_email_address(stack, capfd, caplog):
    stack.company("acme")
    stack.connect_and_confirm(email="private.person@example.com")
    stack.publish()
    stack.drain()

    # Rendered by the Powertools formatter exactly as Lambda would write them to CloudWatch.
    lines = [logger.registered_formatter.format(record) for record in caplog.records if record.name == logger.name]
    logs = [json.loads(line) for line in lines]
    output = capfd.readouterr()

    assert "private.person@example.com" not in "\n".join(lines) + output.out + output.err
    sent = [r for r in logs if r.get("message") == "email sent"]
    assert {r["kind"] for r in sent} == {"connect", "job_tip"}
    assert all(r["company"] == "acme" and r["candidate_id"] for r in sent)
    announced = next(r for r in logs if r.get("message") == "job announced")
    assert announced["job_id"] == "job-1" and announced["matches"] == 1



_TRACED = (
    "import json, sys\n"
    "from chalicelib.observability import tracer\n"
    "@tracer.capture_method\n"
    "def connect():\n"
    "    return 'connected'\n"
    "print(json.dumps([connect(), 'aws_xray_sdk' in sys.modules]))\n"
)


def _run_traced(env: dict[str, str]) -> tuple[str, bool]:
    import subprocess
    import sys

    from bench.coldstart import ROOT, lambda_environment

    result = subprocess.run([sys.executable, "-c", _TRACED], env={**lambda_environment(), **env}, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    returned, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return returned, loaded


def test_with_tracing_off_a_traced_use_case_runs_without_loading_the_x_ray_sdk():
    # Given tracing off, by the switch (the local stage) or by running outside Lambda (no
    # LAMBDA_TASK_ROOT), where Powertools disables its Tracer anyway
    for env in ({"POWERTOOLS_TRACE_DISABLED": "true", "LAMBDA_TASK_ROOT": "/var/task"}, {}):
        # When a traced use case runs in a fresh interpreter
        returned, loaded = _run_traced(env)
        # Then it does its work, and the X-Ray SDK (its recorder builds a botocore client at
        # import) is never loaded: a cold start that traces nothing does not pay for it
        assert returned == "connected" and not loaded, env


def test_with_tracing_on_a_traced_use_case_sends_its_subsegment_to_the_x_ray_daemon(tmp_path):
    import socket

    # Given a Lambda environment with active tracing: the invocation's trace header and the
    # daemon's address, as Lambda sets them (the daemon is a UDP socket here, reading what arrives)
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    daemon.settimeout(30)
    port = daemon.getsockname()[1]
    env = {"LAMBDA_TASK_ROOT": str(tmp_path), "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{port}",
           "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}
    try:
        # When a traced use case runs
        returned, loaded = _run_traced(env)
        datagram = daemon.recv(65536).decode()
    finally:
        daemon.close()
    # Then it does its work and its subsegment goes to the daemon, under the function's module and name
    assert returned == "connected" and loaded
    header, segment = datagram.split("\n", 1)
    assert json.loads(header)["format"] == "json"
    assert json.loads(segment)["name"] == "## __main__.connect"
