"""`make run`, for real: the local stack in its own process, on loopback ports of its own.

Polls with deadlines only to wait for the stack to come up and for the consumers to run;
nothing here asserts how long anything took.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.support import ROOT, free_port


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


def banner_commands(banner: str) -> list[str]:
    """The command lines the banner prints, continuation lines joined, in order."""
    joined = banner.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip().startswith(("curl ", ".venv/bin/python "))]


def run_curl(line: str, token: str | None = None):
    """Run one of the banner's curl lines exactly as printed (method, headers, body, URL)."""
    args = shlex.split(line.replace("<token from the link>", token or ""))[1:]
    method, headers, data, url = "GET", {}, None, None
    while args:
        arg = args.pop(0)
        if arg == "-s":
            continue
        if arg == "-X":
            method = args.pop(0)
        elif arg == "-H":
            name, _, value = args.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            data = args.pop(0).encode()
        else:
            url = arg
    request = urllib.request.Request(url, method=method, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


def test_make_run_follows_its_banner_serves_concurrent_requests_and_the_cli(tmp_path):
    api_port, moto_port, linkedin_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "STAGE"))}
    env.update(LOCAL_API_PORT=str(api_port), LOCAL_MOTO_PORT=str(moto_port), LOCAL_OUTBOX_DIR=str(tmp_path),
               LOCAL_LINKEDIN_PORT=str(linkedin_port), LOCAL_SITE_PORT=str(free_port()))
    log = (tmp_path / "stack.log").open("w+")
    stack = subprocess.Popen([sys.executable, "-m", "infrastructure.local_stack"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{api_port}"
    try:
        # Given the stack is up with its demo company and has printed its banner
        form = wait_for(lambda: call("GET", f"{api}/companies/acme/connect")[1], 90)
        assert {d["id"] for d in form["departments"]} >= {"product", "customer-support", "sales", "customer-success"}
        banner = wait_for(lambda: "Ctrl-C stops everything" in (tmp_path / "stack.log").read_text() and (tmp_path / "stack.log").read_text(), 10)
        commands = banner_commands(banner)
        curls = [c for c in commands if c.startswith("curl ")]
        assert len(curls) == 11, commands
        # The browser's URLs come first, before any curl line (the career page, then the console's
        # sign-in link), and each opens a page
        pages = re.findall(r"^  (?:career page|console|Connect page|sign in) +(http://\S+)", banner, re.MULTILINE)
        assert len(pages) == 4 and banner.index(pages[-1]) < banner.index("curl ")
        assert "/console/acme/sign-in/link?token=" in pages[1]
        for url in pages:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=10) as page:
                assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
                if url == pages[1]:  # the demo admin's Continue page (opening it spends nothing)
                    assert "grace@acme.example" in page.read().decode()
        with urllib.request.urlopen(pages[0], timeout=10) as site:
            assert f"{api}/companies/acme/connect" in site.read().decode()

        # When the banner's curl lines are run in the order printed (the token from the outbox)
        assert run_curl(curls[0])[0] == 200
        assert run_curl(curls[1])[0] == 201
        assert run_curl(curls[2])[0] == 201
        # (A person reads the outbox after the first job was announced, to nobody confirmed yet;
        # the stack's consumers poll every second, slower on a busy machine: wait for that too.)
        key = re.search(r"Bearer (cck\.[^']+)'", banner).group(1)
        wait_for(lambda: call("GET", f"{api}/admin/jobs/csm-1", token=key)[1]["announced_at"], 30)
        outbox = wait_for(lambda: call("GET", f"{api}/_local/outbox")[1], 30)
        token = outbox[-1]["text"].split("token=")[1].split()[0]
        assert run_curl(curls[3], token)[0] == 200
        assert run_curl(curls[4])[0] == 201

        # Then the thank-you and the second job's tip are in the outbox, newest last, and on disk
        emails = wait_for(lambda: (lambda o: o if len(o) >= 2 else None)(run_curl(curls[5])[1]), 30)
        assert [e["subject"] for e in emails] == ["Thanks for connecting with Acme Robotics", "New job at Acme Robotics: Account Executive"]
        assert set(emails[-1]) == {"to", "from", "subject", "text", "html", "headers", "sent_at"}
        assert emails[-1]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        wait_for(lambda: len(list(tmp_path.glob("*.eml"))) >= 2, 10)

        # And LinkedIn Apply Connect, as the banner prints it: switched on, a job posted to the
        # stand-in LinkedIn with onsite apply, a signed application delivered back with its resume
        assert run_curl(curls[6])[0] == 200
        assert run_curl(curls[7])[0] == 201
        job = wait_for(lambda: (lambda j: j if (j["linkedin"]["posting"] or {}).get("state") == "posted" else None)(run_curl(curls[8])[1]), 30)
        assert job["linkedin"]["posting"]["apply_status"] == "ENABLED" and job["linkedin"]["posting"]["posting_url"]
        status, delivered = run_curl(curls[9])
        assert status == 200 and delivered["webhook_status"] == 200, delivered
        listed = wait_for(lambda: [a for a in run_curl(curls[10])[1]["applications"] if a["source"] == "linkedin" and a["has_resume"]], 30)
        assert listed[0]["linkedin"]["application_urn"].startswith("urn:li:jobApplication:")

        # And requests arriving at once never read each other's bodies
        def connect(i):
            body = {"email": f"p{i}@example.com", "first_name": "Ada", "last_name": "L", "departments": ["sales"], "consent": True}
            if i % 2:
                body["departments"] = ["no-such-department"]
            try:
                return i, call("POST", f"{api}/companies/acme/connections", body)[0], None
            except urllib.error.HTTPError as error:
                return i, error.code, json.loads(error.read())["error"]["field"]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(connect, range(16)))
        assert all((status, field) == ((400, "departments.0") if i % 2 else (201, None)) for i, status, field in answers), answers

        # And an unknown route answers in the API's error shape
        try:
            call("GET", f"{api}/no/such/route")
        except urllib.error.HTTPError as error:
            assert error.code == 404 and json.loads(error.read())["error"]["code"] == "not_found"

        # And the operator CLI, as the banner prints it, works against this stack without --stage
        [cli] = [c for c in commands if c.startswith(".venv/bin/python")]
        cli_args = shlex.split(cli)[1:]
        done = subprocess.run([sys.executable, *cli_args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert f"{api}/console/globex/invitation?token=" in done.stdout
        key = done.stdout.strip().splitlines()[-1]
        assert call("GET", f"{api}/admin/settings", token=key)[1]["name"] == "Globex"
    finally:
        # And Ctrl-C stops it all cleanly
        stack.send_signal(signal.SIGINT)
        try:
            code = stack.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # Never leave a stack running behind a failed test (it holds ports and a core).
            stack.kill()
            stack.wait()
            code = "did not stop within 60 s of Ctrl-C"
        log.close()
    assert code == 0, (tmp_path / "stack.log").read_text()[-3000:]
