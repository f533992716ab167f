"""Cold start: CPU and peak memory to import `app` as Lambda does, against a bare Chalice app that
imports boto3 and makes one client (bench/baseline_app.py), side by side in one run; and a cold
start as users pay it: a fresh interpreter imports the app AND serves its first request (AWS
answered by a local moto server), against a minimal hand-written handler making the same kind
of AWS calls with plain boto3 (bench/baseline_handlers.py): the first connect request, the first
Connect page, the notifications consumer's first batch.

Each import runs in a fresh interpreter with the deployed stage's environment (what Lambda
gives the function), ROUNDS times, alternating; the medians are compared. Both sides run from
compiled bytecode, as deployed (infrastructure/package.py ships the app's checked-hash .pyc), and
write none (PYTHONDONTWRITEBYTECODE, as Lambda's read-only /var/task), so neither compiles Python. CPU is the process
time the import itself takes; memory is the process's peak resident set afterwards (what
Lambda reports as "Max Memory Used"), interpreter included for both.

    python -m bench.coldstart
"""
from __future__ import annotations

import compileall
import json
import os
import py_compile
import statistics
import subprocess
import sys
from pathlib import Path

from infrastructure.stage import stage_variables

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 9
GOAL_CPU, GOAL_MEMORY = 1.25, 1.20

_PROBE = """
import importlib, json, resource, sys, time
sys.path.insert(0, {root!r})
started = time.process_time()
importlib.import_module({module!r})
cpu = time.process_time() - started
# The process image's own peak (VmHWM starts afresh at exec; ru_maxrss keeps the forking bench's)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"cpu_ms": cpu * 1000, "rss_mb": hwm / 1024, "modules": len(sys.modules)}}))
"""


def lambda_environment(stage: str = "prod") -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
        **stage_variables(stage),
    }


def probe(module: str, env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, "-c", _PROBE.format(root=str(ROOT), module=module)],
                            env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def deployed_bytecode() -> None:
    """The app's bytecode as the package step makes it, and the baseline's the same way: without
    it every fresh interpreter would compile the app's ~80 modules from source, which a deployed
    function does not."""
    from infrastructure.package import compile_app

    compile_app()
    compileall.compile_dir(ROOT / "bench", quiet=1, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)


def measure(rounds: int = ROUNDS) -> dict:
    deployed_bytecode()
    env = lambda_environment()
    # Warm the file cache and compiled bytecode for both before measuring.
    probe("bench.baseline_app", env), probe("app", env)
    runs: dict[str, list[dict]] = {"baseline": [], "app": []}
    for _ in range(rounds):
        runs["baseline"].append(probe("bench.baseline_app", env))
        runs["app"].append(probe("app", env))
    median = {name: {key: statistics.median(r[key] for r in results) for key in ("cpu_ms", "rss_mb", "modules")}
              for name, results in runs.items()}
    return {
        **median,
        "cpu_ratio": median["app"]["cpu_ms"] / median["baseline"]["cpu_ms"],
        "memory_ratio": median["app"]["rss_mb"] / median["baseline"]["rss_mb"],
    }


def report(figures: dict) -> list[str]:
    base, app = figures["baseline"], figures["app"]
    return [
        f"import CPU: app {app['cpu_ms']:.0f} ms / bare Chalice+boto3 client {base['cpu_ms']:.0f} ms = "
        f"{figures['cpu_ratio']:.2f}x (goal <= {GOAL_CPU}x){'' if figures['cpu_ratio'] <= GOAL_CPU else '  MISSED'}",
        f"import peak memory: app {app['rss_mb']:.1f} MB / baseline {base['rss_mb']:.1f} MB = "
        f"{figures['memory_ratio']:.2f}x (goal <= {GOAL_MEMORY}x){'' if figures['memory_ratio'] <= GOAL_MEMORY else '  MISSED'}",
        f"modules loaded by the import: app {app['modules']:.0f}, baseline {base['modules']:.0f} (median of {ROUNDS} fresh interpreters each)",
    ]


GOAL_FIRST_REQUEST = 1.5
REQUEST_ROUNDS = 5

_REQUEST_PROBE = """
import importlib, json, resource, sys, time
sys.path.insert(0, {root!r})
class Context:
    function_name = "bench"; function_version = "$LATEST"; memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"; aws_request_id = "bench"
    log_group_name = "/aws/lambda/bench"; log_stream_name = "bench"
    def get_remaining_time_in_millis(self): return 30000
event = json.loads({event!r})
started = time.process_time()
module = importlib.import_module({module!r})
result = getattr(module, {handler!r})(event, Context())
cpu = time.process_time() - started
status = result.get("statusCode", 200) if isinstance(result, dict) else 200
failures = result.get("batchItemFailures", []) if isinstance(result, dict) else []
# Peak resident set of this process image: /proc's VmHWM starts afresh at exec, whereas
# ru_maxrss keeps the forking parent's (the bench, with moto's server in it).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"cpu_ms": cpu * 1000, "rss_mb": hwm / 1024, "status": status, "failures": len(failures)}}))
"""


def _http_event(method: str, path: str, resource: str, params: dict, body: dict | None, client: str) -> dict:
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": {"Content-Type": "application/json", "Accept": "text/html" if body is None else "application/json"},
        "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": params, "stageVariables": None, "isBase64Encoded": False,
        "body": json.dumps(body) if body is not None else None,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "path": f"/api{path}", "stage": "api",
                           "requestId": f"bench-{client}", "identity": {"sourceIp": client}},
    }


def _sqs_event(message: dict, queue_arn: str) -> dict:
    return {"Records": [{
        "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"], "body": message["Body"],
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0", "SenderId": "bench",
                       "ApproximateFirstReceiveTimestamp": "0"},
        "messageAttributes": {}, "md5OfBody": message["MD5OfBody"], "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn, "awsRegion": "us-east-1"}]}


def first_requests(rounds: int = REQUEST_ROUNDS) -> dict:
    """Import plus first request, app against its baseline, for connect, the page and the consumer."""
    deployed_bytecode()
    import boto3
    from moto.server import ThreadedMotoServer

    from infrastructure.demo import DEMO_SETTINGS
    from tests.support import free_port

    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every call
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    # moto's backends live in this process: a second run starts from an empty account too
    from urllib.request import Request, urlopen

    urlopen(Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"), timeout=30).read()
    env = {**lambda_environment(), "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"}
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        from chalicelib.companies.schema import CompanySettings
        from chalicelib.companies.service import create_company
        from chalicelib.runtime import reset_caches
        from infrastructure.provision import provision

        reset_caches()
        physical = provision(stage="prod")
        create_company("acme", "Acme Robotics", CompanySettings.model_validate(DEMO_SETTINGS))
        sqs = boto3.client("sqs")
        queue = physical["NotificationsQueue"]
        runs: dict[str, dict[str, list[dict]]] = {kind: {"baseline": [], "app": []} for kind in ("connect", "page", "consumer")}
        for i in range(rounds + 1):  # the first round warms the file cache, unmeasured
            for kind in ("connect", "page", "consumer"):
                for name in (("baseline", "app") if i % 2 else ("app", "baseline")):
                    client = f"198.51.{i}.{2 if name == 'app' else 3}"
                    if kind == "connect":
                        body = {"email": f"{name}{i}@example.com", "first_name": "Ada", "last_name": "Lovelace",
                                "departments": ["product"], "roles": [], "location": None, "work_modes": [], "answers": [],
                                "consent": True}
                        event = _http_event("POST", "/companies/acme/connections", "/companies/{company}/connections",
                                            {"company": "acme"}, body, client)
                        handler = "app"
                    elif kind == "page":
                        event = _http_event("GET", "/companies/acme/connect", "/companies/{company}/connect", {"company": "acme"}, None, client)
                        handler = "app"
                    else:
                        # A real thank-you notification, queued by a connect, for each consumer run (the
                        # queue emptied first: the baseline's connect queues a body of its own).
                        _empty(sqs, queue["Ref"])
                        connect = _http_event("POST", "/companies/acme/connections", "/companies/{company}/connections",
                                              {"company": "acme"}, {**body, "email": f"batch-{name}{i}@example.com"}, f"203.0.{i}.9")
                        probe_request("app", "app", connect, env)
                        message = sqs.receive_message(QueueUrl=queue["Ref"], MaxNumberOfMessages=1, VisibilityTimeout=600,
                                                      WaitTimeSeconds=1)["Messages"][0]
                        event = _sqs_event(message, queue["Arn"])
                        handler = "notifications_consumer" if name == "app" else "consumer"
                    module = "app" if name == "app" else "bench.baseline_handlers"
                    figures = probe_request(module, handler, event, env)
                    if i:
                        runs[kind][name].append(figures)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.stop()
    result = {}
    for kind, pair in runs.items():
        median = {name: {key: statistics.median(r[key] for r in results) for key in ("cpu_ms", "rss_mb")} for name, results in pair.items()}
        ok = all(r["status"] < 300 and not r["failures"] for results in pair.values() for r in results)
        result[kind] = {**median, "ok": ok, "cpu_ratio": median["app"]["cpu_ms"] / median["baseline"]["cpu_ms"],
                        "memory_ratio": median["app"]["rss_mb"] / median["baseline"]["rss_mb"]}
    return result


def _empty(sqs, url: str) -> None:
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600).get("Messages", []):
        sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(messages)])


def probe_request(module: str, handler: str, event: dict, env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, "-c", _REQUEST_PROBE.format(root=str(ROOT), module=module, handler=handler, event=json.dumps(event))],
                            env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def report_first_requests(figures: dict) -> list[str]:
    lines = []
    for kind, label in (("connect", "first POST /companies/{company}/connections"), ("page", "first GET /companies/{company}/connect"),
                        ("consumer", "notifications consumer's first batch")):
        f = figures[kind]
        worst = max(f["cpu_ratio"], f["memory_ratio"])
        lines.append(
            f"import + {label}: CPU {f['app']['cpu_ms']:.0f} ms / minimal handler {f['baseline']['cpu_ms']:.0f} ms = {f['cpu_ratio']:.2f}x, "
            f"peak memory {f['app']['rss_mb']:.0f} MB / {f['baseline']['rss_mb']:.0f} MB = {f['memory_ratio']:.2f}x "
            f"(goal <= {GOAL_FIRST_REQUEST}x each){'' if worst <= GOAL_FIRST_REQUEST else '  MISSED'}"
            f"{'' if f['ok'] else '  (a request failed)'}")
    lines.append(f"(median of {REQUEST_ROUNDS} fresh interpreters each, alternating; AWS answered by a local moto server)")
    return lines


def report_repeats(runs: list[dict]) -> list[str]:
    """Each ratio's median and spread over several whole runs of `first_requests` (each run's
    ratios come from its own alternating measurements, so a busy machine shifts both sides)."""
    lines = [f"over {len(runs)} runs: median ratio (lowest-highest)"]
    for kind, label in (("connect", "first connect"), ("page", "first page"), ("consumer", "consumer's first batch")):
        cpu = [run[kind]["cpu_ratio"] for run in runs]
        memory = [run[kind]["memory_ratio"] for run in runs]
        worst = max(statistics.median(cpu), statistics.median(memory))
        lines.append(f"  {label}: CPU {statistics.median(cpu):.2f}x ({min(cpu):.2f}-{max(cpu):.2f}), "
                     f"peak memory {statistics.median(memory):.2f}x ({min(memory):.2f}-{max(memory):.2f})"
                     f"{'' if worst <= GOAL_FIRST_REQUEST else '  MISSED'}")
    return lines


def _machine() -> str:
    import datetime

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
            f"load average {load} (1, 5, 15 min)")


if __name__ == "__main__":
    # python -m bench.coldstart [--import-only] [--repeat N]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    print(_machine())
    for line in report(measure()):
        print(line)
    if "--import-only" not in sys.argv:
        runs = []
        for _ in range(repeat):
            runs.append(first_requests())
            for line in report_first_requests(runs[-1]):
                print(line)
        if repeat > 1:
            for line in report_repeats(runs):
                print(line)
        print(_machine())
