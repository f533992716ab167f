"""`make run`: the whole product on this machine, against moto's server on 127.0.0.1.

- moto's server (every AWS call goes there through AWS_ENDPOINT_URL);
- every resource created from infrastructure/template.yaml, stage `local`;
- a demo company seeded (Examples A, B and C are drawable with it), with its hiring team (an
  admin, a recruiter, a hiring member assigned to its demo job): the banner prints a link that
  signs the admin in to the console;
- the HTTP API (Chalice's local server, in process) on http://127.0.0.1:8000;
- the event consumers: the job-postings, notifications, LinkedIn and resume-uploads queues (moto's
  S3 sends the bucket's ObjectCreated notifications to the last, as S3 does), the streams and due
  schedules, polled and handed to the same handler functions Lambda runs;
- every email SES accepts written to .local/outbox/ as an .eml file and listed at /_local/outbox;
- a stand-in LinkedIn (tests/standins/linkedin.py) on 127.0.0.1 for Apply Connect, with the
  partner's credentials in moto's Secrets Manager;
- the sample career page (docs/career-page.html) on its own origin, http://127.0.0.1:8001/, its
  Connect link pointing at the local API.

Ctrl-C stops it all. Ports: LOCAL_API_PORT (8000), LOCAL_MOTO_PORT (5000), LOCAL_SITE_PORT (8001);
the outbox folder: LOCAL_OUTBOX_DIR (.local/outbox).
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API_PORT = int(os.environ.get("LOCAL_API_PORT", "8000"))
MOTO_PORT = int(os.environ.get("LOCAL_MOTO_PORT", "5000"))
LINKEDIN_PORT = int(os.environ.get("LOCAL_LINKEDIN_PORT", "5002"))
SITE_PORT = int(os.environ.get("LOCAL_SITE_PORT", "8001"))
OUTBOX_DIR = Path(os.environ.get("LOCAL_OUTBOX_DIR", ROOT / ".local" / "outbox"))
POLL_SECONDS = 1.0
# Where the operator CLI finds this stack while it runs (chalicelib/cli.py reads it).
STACK_FILE = ROOT / ".local" / "stack.json"


def local_environment() -> dict[str, str]:
    from infrastructure.stage import stage_variables

    moto_url = f"http://127.0.0.1:{MOTO_PORT}"
    return {
        **stage_variables("local"),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": moto_url,
        # botocore 1.40+ would send DynamoDB Streams calls to account-id endpoints moto cannot route.
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "MOTO_API_URL": moto_url,
        "PUBLIC_API_URL": f"http://127.0.0.1:{API_PORT}",
        "LINKEDIN_API_URL": f"http://127.0.0.1:{LINKEDIN_PORT}",
        "LINKEDIN_OAUTH_URL": f"http://127.0.0.1:{LINKEDIN_PORT}",
        # LinkedIn's posting tasks are checked again after a minute in AWS; locally after two seconds.
        "LINKEDIN_TASK_POLL_SECONDS": "2",
    }


def main() -> int:
    os.environ.update(local_environment())
    os.environ.pop("AWS_PROFILE", None)

    from infrastructure.locales import compile_catalogs

    compile_catalogs()  # the pages read compiled catalogs, as in Lambda

    from moto.server import ThreadedMotoServer

    # moto's server logs every AWS call the pollers make each second; keep the console readable.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=MOTO_PORT, verbose=False)
    moto.start()

    from chalice.cli.factory import CLIFactory

    import app as app_module
    from chalicelib.companies.service import create_company
    from chalicelib.companies.schema import CompanySettings
    from chalicelib.local.outbox import raw_messages_from_moto
    from infrastructure.local_gateway import local_server
    from infrastructure.demo import DEMO_NAME, DEMO_SETTINGS, DEMO_SLUG, seed_demo_team
    from infrastructure.provision import provision, stage_environment
    from infrastructure.wiring import wire

    physical = provision(stage="local")
    env = stage_environment(physical)
    _, admin_key = create_company(DEMO_SLUG, DEMO_NAME, CompanySettings.model_validate(DEMO_SETTINGS))
    console_link = seed_demo_team(DEMO_SLUG)
    pump = wire(app_module, physical, env)
    linkedin = start_linkedin_stand_in()
    site = start_career_site()

    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="local")
    api = local_server(app_module.app, config, "127.0.0.1", API_PORT)
    threading.Thread(target=api.server.serve_forever, name="api", daemon=True).start()

    OUTBOX_DIR.mkdir(parents=True, exist_ok=True)
    STACK_FILE.parent.mkdir(parents=True, exist_ok=True)
    STACK_FILE.write_text(json.dumps({"moto_url": os.environ["MOTO_API_URL"], "api_url": f"http://127.0.0.1:{API_PORT}"}))
    for stale in OUTBOX_DIR.glob("*.eml"):
        stale.unlink()
    print(banner(admin_key, console_link), flush=True)

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    written = 0
    try:
        while not stopping.is_set():
            # One failed poll (moto's /moto-api/data.json answers 500 now and then, e.g. while a
            # schedule exists) is reported and retried on the next pass; it never stops the stack.
            try:
                pump.tick()
                pump.run_periodic()
            except Exception as error:  # noqa: BLE001 - the loop must survive anything a poll raises
                print(f"[poll error] {error!r}", file=sys.stderr, flush=True)
            for error in pump.errors:
                print(f"[consumer error] {error}", file=sys.stderr, flush=True)
            pump.errors.clear()
            try:
                raw = raw_messages_from_moto(os.environ["MOTO_API_URL"])
            except Exception as error:  # noqa: BLE001
                print(f"[outbox poll error] {error!r}", file=sys.stderr, flush=True)
                raw = []
            for message in raw[written:]:
                written += 1
                (OUTBOX_DIR / f"{written:05d}.eml").write_text(message)
                print(f"[outbox] email {written} written to .local/outbox/{written:05d}.eml", flush=True)
            stopping.wait(POLL_SECONDS)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nstopping the local stack", flush=True)
        STACK_FILE.unlink(missing_ok=True)
        api.server.shutdown()
        linkedin.server.shutdown()
        site.shutdown()
        moto.stop()
    return 0


def start_linkedin_stand_in():
    """LinkedIn for Apply Connect, on 127.0.0.1 (never in what ships), and the partner's parent
    application's credentials where the product reads them: Secrets Manager (moto's)."""
    import boto3

    from tests.standins.linkedin import LinkedInStandIn

    stand_in = LinkedInStandIn(port=LINKEDIN_PORT)
    boto3.client("secretsmanager").create_secret(
        Name=os.environ["LINKEDIN_PARTNER_SECRET_NAME"],
        SecretString=json.dumps({"client_id": stand_in.partner[0], "client_secret": stand_in.partner[1]}))
    return stand_in


def start_career_site():
    """The sample career page a company would have, on its own origin, linking to the local API."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    html = (ROOT / "docs" / "career-page.html").read_text().replace(
        "https://api.candidate-connect.example", f"http://127.0.0.1:{API_PORT}").encode()

    class CareerPage(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", SITE_PORT), CareerPage)
    threading.Thread(target=server.serve_forever, name="career-site", daemon=True).start()
    return server


def banner(admin_key: str, console_link: str) -> str:
    api = f"http://127.0.0.1:{API_PORT}"
    return f"""
candidate-connect local stack is up. Open in a browser:
  career page   http://127.0.0.1:{SITE_PORT}/   (a company's sample career page; its Connect link opens the next one)
  console       {console_link}
                (the hiring console, signed in as the demo admin Grace Hopper: single use, 12 hours;
                 the team screen lists a recruiter and a hiring member; each signs in at
                 {api}/console/acme/sign-in with the link it emails to the outbox)
  Connect page  {api}/companies/acme/connect
  sign in       {api}/companies/acme/sign-in   (candidates: a sign-in link by email, read in the outbox)
  outbox        {api}/_local/outbox   (every email SES accepted; also .local/outbox/*.eml)

Also running:
  API        {api}   (GET /health, GET /openapi.json)
  moto       http://127.0.0.1:{MOTO_PORT}   (dashboard: /moto-api/)

Demo company "acme". Its admin API key (shown once, only its hash is stored):
  {admin_key}

Try it:
  curl -s {api}/companies/acme/connect
  curl -s -X POST {api}/companies/acme/connections -H 'Content-Type: application/json' \\
    -d '{{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","departments":["sales","customer-success"],"roles":["account-executive"],"location":"london","work_modes":[],"answers":[],"consent":true}}'
  curl -s -X POST {api}/admin/jobs -H 'Authorization: Bearer {admin_key}' -H 'Content-Type: application/json' \\
    -d '{{"external_id":"csm-1","title":"Customer Success Manager","department":"customer-success","role":"customer-success-manager","locations":["london"],"work_mode":"hybrid","description":"","apply_url":"https://careers.acme.example/jobs/csm-1","status":"published","version":1}}'

Confirm Ada's address: open the link in her thank-you email (the outbox) and press Continue,
or post its token:
  curl -s -X POST {api}/auth/session -H 'Content-Type: application/json' -d '{{"token":"<token from the link>"}}'
Then publish a second job; its job tip to Ada appears in the outbox within a second or two:
  curl -s -X POST {api}/admin/jobs -H 'Authorization: Bearer {admin_key}' -H 'Content-Type: application/json' \\
    -d '{{"external_id":"ae-1","title":"Account Executive","department":"sales","role":"account-executive","locations":["london"],"work_mode":"hybrid","description":"","apply_url":"https://careers.acme.example/jobs/ae-1","status":"published","version":1}}'
  curl -s {api}/_local/outbox

LinkedIn Apply Connect (a stand-in LinkedIn on http://127.0.0.1:{LINKEDIN_PORT}): switch it on, publish
a job (it is posted to the stand-in with onsite apply), then have a LinkedIn member apply:
  curl -s -X PUT {api}/admin/integrations/linkedin -H 'Authorization: Bearer {admin_key}' -H 'Content-Type: application/json' \
    -d '{{"enabled":true,"terms_accepted_by":"Grace Hopper","organization_id":"2414183","recruiter_contract":true,"status_notifications":true}}'
  curl -s -X POST {api}/admin/jobs -H 'Authorization: Bearer {admin_key}' -H 'Content-Type: application/json' \
    -d '{{"external_id":"fe-1","title":"Front End Developer","department":"product","role":"front-end-developer","locations":["stockholm"],"work_mode":"onsite","description":"","apply_url":"https://careers.acme.example/jobs/fe-1","status":"published","version":1,"linkedin":{{"apply_connect":true,"listing":"basic"}}}}'
The job shows LinkedIn's posting status and URL once the stand-in's task is done:
  curl -s {api}/admin/jobs/fe-1 -H 'Authorization: Bearer {admin_key}'
A LinkedIn member applies: the stand-in delivers a signed sample application to the job's webhook,
and the application (with its resume, copied through the LinkedIn queue) is listed from LinkedIn:
  curl -s -X POST http://127.0.0.1:{LINKEDIN_PORT}/_standin/deliver-sample -d '{{"job":"fe-1"}}'
  curl -s {api}/admin/applications -H 'Authorization: Bearer {admin_key}'

Operator CLI against this stack (no --stage needed while it runs):
  .venv/bin/python -m chalicelib.cli create-company globex --name "Globex" --admin-email hedy@globex.example
Ctrl-C stops everything.
"""


if __name__ == "__main__":
    sys.exit(main())
