"""The test harness: the app over HTTP, the event pump, and moto's SES outbox.

Tests talk to the system only through these public doors: HTTP requests, messages on the
queues, stream and queue deliveries to the Lambda handlers, and the emails SES accepted.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3
from chalice.test import Client
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

import app as app_module
from chalicelib.companies.service import create_company
from chalicelib.local.outbox import parse_raw
from infrastructure.demo import DEMO_SETTINGS
from infrastructure.event_sources import EventPump
from infrastructure.local_gateway import use_in_test_client
from infrastructure.provision import provision, stage_environment
from infrastructure.wiring import wire


ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody listens on, for a server a test starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

# Figures a test measured (fault injection, schemathesis), printed at the end of the run by
# conftest.pytest_terminal_summary, whatever pytest's capture and verbosity.
FIGURES: list[str] = []


@dataclass
class Response:
    status: int
    body: Any
    headers: dict


@dataclass
class Stack:
    physical: dict
    env: dict
    pump: EventPump
    client: Client
    _keys: dict = field(default_factory=dict)

    @classmethod
    def start(cls) -> "Stack":
        physical = provision(stage="dev")
        env = stage_environment(physical)
        client = Client(app_module.app, stage_name="dev")
        use_in_test_client(client.http)  # API Gateway's own answers, as deployed
        stack = cls(physical, env, wire(app_module, physical, env), client)
        # What setting the stack up sent (S3's s3:TestEvent when the bucket's notification is
        # configured) is consumed before a test begins, as a deployed stack has long done.
        stack.drain()
        return stack

    # -- HTTP ---------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, token: str | None = None,
                headers: dict | None = None, raw: bytes | None = None, client_ip: str = "192.0.2.1") -> Response:
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        self.client.http._local_gateway.source_ip = client_ip  # who is asking, as API Gateway sees it
        response = self.client.http.request(method, path, headers=all_headers, body=payload)
        try:
            parsed = json.loads(response.body) if response.body else None
        except ValueError:
            parsed = response.body.decode()
        return Response(response.status_code, parsed, {k.lower(): v for k, v in response.headers.items()})

    # -- companies ------------------------------------------------------------------------
    def company(self, slug: str = "acme", settings: dict | None = None) -> str:
        """Create a company with the demo settings (or the given ones); returns its admin key."""
        _, key = create_company(slug, slug.title())
        response = self.request("PUT", "/admin/settings", settings if settings is not None else DEMO_SETTINGS, token=key)
        assert response.status == 200, response.body
        self._keys[slug] = key
        return key

    # -- candidates -----------------------------------------------------------------------
    def connect(self, company: str = "acme", client_ip: str | None = None, **fields: Any) -> Response:
        body = {
            "email": "ada@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "departments": ["product"],
            "roles": [],
            "location": None,
            "work_modes": [],
            "answers": [],
            "consent": True,
            **fields,
        }
        return self.request("POST", f"/companies/{company}/connections", body, **({"client_ip": client_ip} if client_ip else {}))

    def connect_and_confirm(self, company: str = "acme", client_ip: str | None = None, **fields: Any) -> str:
        """Connect, receive the thank-you email, follow its link; returns the access token."""
        response = self.connect(company, client_ip=client_ip, **fields)
        assert response.status == 201, response.body
        self.drain()
        address = fields.get("email", "ada@example.com")
        session = self.request("POST", "/auth/session", {"token": self.confirm_token(address)})
        assert session.status == 200, session.body
        return session.body["access_token"]

    def follow_link(self, company: str, token: str, headers: dict | None = None) -> Response:
        """Open an emailed link in a browser and press its Continue button: the GET sets the
        browser's Continue cookie and the form's token, the POST carries both (pages.session)."""
        from urllib.parse import quote

        html = {"Accept": "text/html", **(headers or {})}
        landing = self.request("GET", f"/companies/{company}/dashboard?token={quote(token)}", headers=html)
        assert landing.status == 200, landing.body
        field = re.search(r'name="continue" value="([^"]+)"', landing.body).group(1)
        cookie = cookie_pairs(landing.headers, "cc_continue")
        return self.request("POST", f"/companies/{company}/dashboard?token={quote(token)}",
                            raw=f"continue={field}".encode(),
                            headers={**html, "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})

    def signed_in_cookie(self, company: str, token: str) -> str:
        """The session cookie ("cc_session=...") an emailed link's Continue button sets."""
        pressed = self.follow_link(company, token)
        assert pressed.status == 303, pressed.body
        return cookie_pairs(pressed.headers, "cc_session")

    def confirm_token(self, address: str) -> str:
        email = self.emails_to(address, kind="Thanks for connecting")[-1]
        link = re.search(r"https?://\S+token=\S+", email["text"]).group(0)
        return parse_qs(urlparse(link).query)["token"][0]

    # -- jobs -----------------------------------------------------------------------------
    def publish(self, company: str = "acme", **fields: Any) -> Response:
        return self.request("POST", "/admin/jobs", posting(**fields), token=self._keys[company])

    def queue_posting(self, body: Any) -> None:
        self.send_raw(self.env["JOB_POSTINGS_QUEUE"], body if isinstance(body, str) else json.dumps(body))

    def send_raw(self, queue: str, body: str) -> None:
        sqs = self.pump.sqs
        sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=queue)["QueueUrl"], MessageBody=body)

    def queue_messages(self, queue: str) -> list[dict]:
        sqs = self.pump.sqs
        url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
        return sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]).get("Messages", [])

    def records(self) -> dict[str, list[dict]]:
        """Every item of every table but the rate-limit counters: what "nothing was written"
        means. A refused request still counts against its client's limit, on purpose."""
        return {name: items for name, items in self.table_items().items() if name != "RateLimitsTable"}

    def table_items(self) -> dict[str, list[dict]]:
        """Every item of every table (for "nothing was written" and "nothing is left" checks)."""
        ddb = boto3.client("dynamodb")
        tables = {name: res["Ref"] for name, res in self.physical.items() if name.endswith("Table")}
        return {name: ddb.scan(TableName=table)["Items"] for name, table in tables.items()}

    # -- events and email -----------------------------------------------------------------
    def drain(self) -> int:
        delivered = self.pump.drain()
        assert not self.pump.errors, self.pump.errors
        return delivered

    def outbox(self) -> list[dict]:
        backend = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
        return [parse_raw(message.raw_data) for message in backend.sent_messages if hasattr(message, "raw_data")]

    def raw_outbox(self) -> list[str]:
        """Every message exactly as SES received it (bytes as text), oldest first."""
        backend = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
        return [message.raw_data for message in backend.sent_messages if hasattr(message, "raw_data")]

    def emails_to(self, address: str, kind: str | None = None) -> list[dict]:
        return [
            e for e in self.outbox()
            if address in e["to"] and (kind is None or kind in e["subject"])
        ]

    def job_tips_to(self, address: str) -> list[dict]:
        return [e for e in self.emails_to(address) if e["subject"].startswith("New job at")]


def cookie_pairs(headers: dict, *names: str) -> str:
    """The name=value pairs of the Set-Cookie headers of a response (one or several), as a
    browser sends them back in Cookie; only ``names`` where given."""
    raw = headers.get("set-cookie") or ""
    values = raw if isinstance(raw, list) else [raw]
    pairs = [v.split(";")[0].strip() for value in values for v in re.split(r",(?=\s*[A-Za-z_]+=)", value) if v.strip()]
    return "; ".join(p for p in pairs if not names or p.split("=")[0] in names)


def posting(**fields: Any) -> dict:
    return {
        "external_id": "job-1",
        "title": "Front End Developer",
        "department": "product",
        "role": "front-end-developer",
        "locations": ["stockholm"],
        "work_mode": "onsite",
        "description": "Build the career site.",
        "apply_url": "https://careers.acme.example/jobs/1",
        "status": "published",
        "version": 1,
        **fields,
    }
