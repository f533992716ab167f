"""Cold start: CPU and peak memory to import `app` as Lambda does, against a bare Chalice app that
imports boto3 and makes one client (bench/baseline_app.py), side by side in one run.

Each import runs in a fresh interpreter with the deployed stage's environment (what Lambda
gives the function), ROUNDS times, alternating; the medians are compared. CPU is the process
time the import itself takes; memory is the process's peak resident set afterwards (what
Lambda reports as "Max Memory Used"), interpreter included for both.

    python -m bench.coldstart
"""
from __future__ import annotations

import json
import os
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
print(json.dumps({{"cpu_ms": cpu * 1000, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "modules": len(sys.modules)}}))
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


def measure(rounds: int = ROUNDS) -> dict:
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


if __name__ == "__main__":
    for line in report(measure()):
        print(line)
