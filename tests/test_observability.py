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

