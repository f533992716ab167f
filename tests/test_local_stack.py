"""`make run`, for real: the local stack in its own process, on loopback ports of its own.

Polls with deadlines only to wait for the stack to come up and for the consumers to run;
nothing here asserts how long anything took.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method: str, url: str, body: dict | None = None, token: str | None = None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the local stack did not get there in time")
        time.sleep(0.5)


def test_make_run_serves_the_api_runs_the_consumers_and_keeps_an_outbox(tmp_path):
    api_port, moto_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "STAGE"))}
    env.update(LOCAL_API_PORT=str(api_port), LOCAL_MOTO_PORT=str(moto_port), LOCAL_OUTBOX_DIR=str(tmp_path))
    log = (tmp_path / "stack.log").open("w+")
    stack = subprocess.Popen([sys.executable, "-m", "infrastructure.local_stack"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{api_port}"
    try:
        # Given the stack is up with its demo company
        form = wait_for(lambda: call("GET", f"{api}/companies/acme/connect")[1], 90)
        assert {d["id"] for d in form["departments"]} >= {"product", "customer-support", "sales", "customer-success"}
        banner = wait_for(lambda: "cck.acme." in (tmp_path / "stack.log").read_text() and (tmp_path / "stack.log").read_text(), 10)
        admin_key = next(word for word in banner.split() if word.startswith("cck.acme."))

        # When someone connects, and the company publishes a job
        status, connected = call("POST", f"{api}/companies/acme/connections", {
            "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
            "departments": ["sales"], "roles": [], "location": "london", "work_modes": [], "answers": [], "consent": True,
        })
        assert status == 201
        outbox = wait_for(lambda: call("GET", f"{api}/_local/outbox")[1], 30)
        token = outbox[-1]["text"].split("token=")[1].split()[0]
        call("POST", f"{api}/auth/session", {"token": token})
        call("POST", f"{api}/admin/jobs", {
            "external_id": "ae-1", "title": "Account Executive", "department": "sales", "role": "account-executive",
            "locations": ["london"], "work_mode": "hybrid", "apply_url": "https://careers.acme.example/jobs/ae-1",
            "status": "published", "version": 1,
        }, token=admin_key)

        # Then the thank-you email and the job tip are in the outbox, newest last, and on disk
        emails = wait_for(lambda: (lambda o: o if len(o) >= 2 else None)(call("GET", f"{api}/_local/outbox")[1]), 30)
        assert [e["subject"] for e in emails] == ["Thanks for connecting with Acme Robotics", "New job at Acme Robotics: Account Executive"]
        assert set(emails[-1]) == {"to", "from", "subject", "text", "html", "headers", "sent_at"}
        assert emails[-1]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        wait_for(lambda: len(list(tmp_path.glob("*.eml"))) >= 2, 10)
    finally:
        # And Ctrl-C stops it all cleanly
        stack.send_signal(signal.SIGINT)
        code = stack.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "stack.log").read_text()[-3000:]
