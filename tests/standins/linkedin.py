"""A stand-in for LinkedIn's Apply Connect APIs, on 127.0.0.1, speaking the contract written down
in ../shared/reference/linkedin-apply-connect.md (with its unverified parts as the product reads
them, chalicelib/linkedin/signature.py):

- `POST /oauth/v2/accessToken` (client credentials: the partner's parent app or a child app);
- `POST /v2/provisionedApplications` (409 for a `uniqueForeignId` seen before) and
  `GET /v2/provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId=`;
- `POST /v2/simpleJobPostings` (`X-Restli-Method: batch_create`): one task per element;
  `GET /v2/simpleJobPostingTasks?ids=`; `GET /v2/jobPostingStatus?ids=`;
- `POST /v2/jobApplicationLifecycleActions`;
- `GET /media/<id>`: a resume behind an expiring URL (the child app's bearer token);
- towards the product: the webhook validation handshake and signed application deliveries.

It records every request (`requests`) and can be told to fail: `fail_next(status, times)` (429
with Retry-After, 500), `slow(seconds)`, `fail_task(external_id, reason)`, and answer 302 to a given
Location: `redirect(url, location)` (a second stand-in on another port can play "another host").
"""
from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from chalicelib.linkedin import signature


class LinkedInStandIn:
    def __init__(self, partner_id: str = "partner-app", partner_secret: str = "partner-secret", port: int = 0):
        self.partner = (partner_id, partner_secret)
        self.apps: dict[str, dict] = {}  # uniqueForeignId -> application
        self.tokens: dict[str, str] = {}  # token -> client id
        self.postings: dict[str, dict] = {}  # externalJobPostingId -> last element
        self.tasks: dict[str, dict] = {}
        self.actions: list[dict] = []
        self.media: dict[str, bytes] = {}
        self.media_types: dict[str, str] = {}  # media id -> Content-Type (default application/pdf)
        self.redirects: dict[str, str] = {}  # path -> Location: answered 302 there
        self.requests: list[dict] = []
        self._failures: list[tuple[int, dict, str | None]] = []
        self._failing_tasks: dict[str, str] = {}
        # How many times a new task answers IN_PROGRESS before it is done (LinkedIn: minutes).
        self.task_checks_in_progress = 0
        self._delay = 0.0
        self._lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: dict | bytes | None = None, headers: dict | None = None):
                payload = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
                self.send_response(status)
                media_type = stand_in.media_types.get(self.path.rsplit("/", 1)[-1], "application/pdf")
                self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else media_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _handle(self, method: str):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length) if length else b""
                url = urlparse(self.path)
                record = {"method": method, "path": url.path, "query": {k: v[0] for k, v in parse_qs(url.query).items()},
                          "headers": dict(self.headers), "body": raw}
                with stand_in._lock:
                    stand_in.requests.append(record)
                    failure = None
                    if url.path != "/oauth/v2/accessToken":
                        index = next((i for i, f in enumerate(stand_in._failures) if f[2] in (None, url.path)), None)
                        failure = stand_in._failures.pop(index) if index is not None else None
                if stand_in._delay:
                    time.sleep(stand_in._delay)
                if failure:
                    return self._answer(failure[0], {"message": "stand-in failure", "status": failure[0]}, failure[1])
                if url.path in stand_in.redirects:
                    return self._answer(302, {}, {"Location": stand_in.redirects[url.path]})
                status, body = stand_in.route(method, url.path, record)
                self._answer(status, body)

            def do_GET(self):  # noqa: N802
                self._handle("GET")

            def do_POST(self):  # noqa: N802
                self._handle("POST")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # -- failure injection --------------------------------------------------------------
    def fail_next(self, status: int, times: int = 1, retry_after: int | None = None, path: str | None = None) -> None:
        """The next ``times`` calls (to ``path`` only, if given) answer ``status``."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self._failures.extend([(status, headers, path)] * times)

    def redirect(self, url: str, location: str) -> None:
        """GET ``url`` (one of this stand-in's) answers 302 to ``location``."""
        self.redirects[urlparse(url).path] = location

    def slow(self, seconds: float) -> None:
        self._delay = seconds

    def fail_task(self, external_id: str, reason: str) -> None:
        self._failing_tasks[external_id] = reason

    def heal_task(self, external_id: str) -> None:
        self._failing_tasks.pop(external_id, None)

    # -- the API -------------------------------------------------------------------------
    def _client_of(self, record: dict) -> str | None:
        auth = record["headers"].get("Authorization", "")
        return self.tokens.get(auth.removeprefix("Bearer ")) if auth.startswith("Bearer ") else None

    def route(self, method: str, path: str, record: dict) -> tuple[int, dict | bytes]:
        if path == "/oauth/v2/accessToken" and method == "POST":
            form = {k: v[0] for k, v in parse_qs(record["body"].decode()).items()}
            known = {self.partner[0]: self.partner[1], **{a["credentials"]["client_id"]: a["credentials"]["client_secret"] for a in self.apps.values()}}
            if form.get("grant_type") != "client_credentials" or known.get(form.get("client_id")) != form.get("client_secret"):
                return 401, {"error": "invalid_client", "message": "invalid client credentials"}
            token = secrets.token_urlsafe(24)
            self.tokens[token] = form["client_id"]
            return 200, {"access_token": token, "expires_in": 1800}
        if path == "/_standin/deliver-sample" and method == "POST":
            # The local stack's "a member applies on LinkedIn": a sample application to the job's webhook.
            wanted = json.loads(record["body"] or b"{}").get("job")
            posting = self.postings.get(wanted) if wanted else next(
                (p for p in reversed(list(self.postings.values())) if p.get("onsiteApplyConfiguration")), None)
            if not posting or not posting.get("onsiteApplyConfiguration"):
                return 404, {"message": "no Apply Connect posting here yet: publish a job with Apply Connect on", "status": 404}
            foreign_id = next(f for f, a in self.apps.items() if a["credentials"]["client_id"] == posting["client"])
            url = posting["onsiteApplyConfiguration"]["jobApplicationWebhookUrl"]
            status, answer = self.deliver(url, foreign_id, self.application())
            return 200, {"webhook": url, "webhook_status": status, "webhook_answer": answer}
        if path == "/_standin/actions" and method == "GET":
            # What LinkedIn was told about applications (viewed, resume downloaded, rejected).
            return 200, {"actions": [{k: v for k, v in a.items() if k != "client"} for a in self.actions]}
        client = self._client_of(record)
        if client is None:
            return 401, {"message": "missing or invalid token", "status": 401}
        if path == "/v2/provisionedApplications":
            if client != self.partner[0]:
                return 403, {"message": "only the parent application provisions", "status": 403}
            if method == "POST":
                body = json.loads(record["body"])
                if body["uniqueForeignId"] in self.apps:
                    return 409, {"message": "uniqueForeignId already provisioned", "status": 409}
                if "linkedin" in body["name"].lower() or len(body["name"]) > 50:
                    return 422, {"message": "invalid name", "status": 422}
                app = {"key": f"urn:li:developerApplication:{len(self.apps) + 1000}", "uniqueForeignId": body["uniqueForeignId"],
                       "name": body["name"], "validJsSdkDomains": body.get("validJsSdkDomains", []),
                       "credentials": {"client_id": f"child-{secrets.token_hex(6)}", "client_secret": secrets.token_urlsafe(24)}}
                self.apps[body["uniqueForeignId"]] = app
                return 201, app
            found = self.apps.get(record["query"].get("uniqueForeignId", ""))
            return 200, {"elements": [found] if found else []}
        if path == "/v2/simpleJobPostings" and method == "POST":
            if record["headers"].get("X-Restli-Method", "").lower() != "batch_create":
                return 400, {"message": "X-Restli-Method batch_create expected", "status": 400}
            elements = []
            for element in json.loads(record["body"])["elements"]:
                task = f"urn:li:simpleJobPostingTask:{uuid.uuid4().hex}"
                external = element["externalJobPostingId"]
                reason = self._failing_tasks.get(external)
                self.tasks[task] = {"status": "FAILED" if reason else "SUCCEEDED", "externalJobPostingId": external,
                                    **({"message": reason} if reason else {}), "_pending": self.task_checks_in_progress}
                if not reason:
                    self.postings[external] = {**element, "client": client}
                elements.append({"status": 202, "id": task})
            return 200, {"elements": elements}
        if path == "/v2/simpleJobPostingTasks":
            results = {}
            for task_id in record["query"].get("ids", "").split(","):
                task = self.tasks.get(task_id)
                if task is None:
                    continue
                if task["_pending"] > 0:
                    task["_pending"] -= 1
                    results[task_id] = {"status": "IN_PROGRESS", "externalJobPostingId": task["externalJobPostingId"]}
                else:
                    results[task_id] = {k: v for k, v in task.items() if not k.startswith("_")}
            return 200, {"results": results}
        if path == "/v2/jobPostingStatus":
            results = {}
            for external in record["query"].get("ids", "").split(","):
                posting = self.postings.get(external)
                if posting:
                    closed = posting["jobPostingOperationType"] == "CLOSE"
                    results[external] = {
                        "listingStatus": "CLOSED" if closed else "LISTED",
                        "linkedInApplyStatus": "ENABLED" if posting.get("onsiteApplyConfiguration") else "NOT_ENABLED",
                        "jobPostingUrl": f"https://www.linkedin.com/jobs/view/{abs(hash(external)) % 10**9}",
                    }
            return 200, {"results": results}
        if path == "/v2/jobApplicationLifecycleActions" and method == "POST":
            self.actions.append({**json.loads(record["body"]), "client": client})
            return 201, {}
        if path.startswith("/media/") and method == "GET":
            content = self.media.get(path.removeprefix("/media/"))
            return (200, content) if content is not None else (404, {"message": "expired", "status": 404})
        return 404, {"message": f"no such resource {path}", "status": 404}

    # -- towards the product ---------------------------------------------------------------
    def add_resume(self, content: bytes) -> str:
        media_id = uuid.uuid4().hex
        self.media[media_id] = content
        return f"{self.url}/media/{media_id}"

    def validate_webhook(self, webhook_url: str, unique_foreign_id: str) -> tuple[int, dict, bool]:
        """LinkedIn's handshake: GET ?challengeCode&applicationId; True when the answer is right."""
        app = self.apps[unique_foreign_id]
        code = str(uuid.uuid4())
        query = urllib.parse.urlencode({"challengeCode": code, "applicationId": app["key"]})
        with urllib.request.urlopen(f"{webhook_url}{'&' if '?' in webhook_url else '?'}{query}", timeout=3) as response:
            body = json.loads(response.read())
            ok = body.get("challengeResponse") == signature.challenge_response(app["credentials"]["client_secret"], code)
            return response.status, body, ok and body.get("challengeCode") == code

    def application(self, first_name: str = "Grace", last_name: str = "Hopper", email: str = "grace@example.com",
                    phone: str | None = "+46 70 123 45 67", resume: bytes | None = b"%PDF-1.4 resume",
                    answers: list[dict] | None = None, urn: str | None = None) -> dict:
        """A completed application as LinkedIn delivers it (the reference's reported shape)."""
        responses = {"contactInformationQuestionResponses": {"firstName": first_name, "lastName": last_name, "email": email,
                                                             **({"phoneNumber": phone} if phone else {})}}
        if resume is not None:
            responses["resumeQuestionResponses"] = {"resume": {"url": self.add_resume(resume), "fileName": "resume.pdf"}}
        if answers:
            responses["additionalQuestionResponses"] = {"customQuestionSetResponses": [{"questionResponses": answers}]}
        return {"jobApplicationId": urn or f"urn:li:jobApplication:{secrets.randbelow(10**12)}", "questionResponses": responses}

    def signed(self, unique_foreign_id: str, application: dict, secret: str | None = None,
               utf8_body: bool = False, reading: int = 0) -> tuple[bytes, dict]:
        """The body and headers LinkedIn sends: signed with the child app's secret (or ``secret``)
        over "the escaped Unicode version of the payload"; the body itself escaped too, or, with
        ``utf8_body``, sent as UTF-8."""
        escaped = json.dumps(application, ensure_ascii=True).encode()
        raw = json.dumps(application, ensure_ascii=False).encode() if utf8_body else escaped
        key = secret or self.apps[unique_foreign_id]["credentials"]["client_secret"]
        # ``reading``: which of the public readings of LinkedIn's signature (signature.readings).
        return raw, {"Content-Type": "application/json; charset=utf-8", "X-LI-Signature": signature.readings(key, escaped)[reading]}

    def webhook_of(self, external_id: str) -> str:
        """The webhook URL the product registered with a posting (onsiteApplyConfiguration)."""
        return self.postings[external_id]["onsiteApplyConfiguration"]["jobApplicationWebhookUrl"]

    def deliver(self, webhook_url: str, unique_foreign_id: str, application: dict, secret: str | None = None) -> tuple[int, dict]:
        """POST an application to the product's webhook over HTTP, as LinkedIn does."""
        raw, headers = self.signed(unique_foreign_id, application, secret)
        request = urllib.request.Request(webhook_url, data=raw, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
