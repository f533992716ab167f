"""A stand-in for Cloudflare Turnstile's and hCaptcha's siteverify endpoints, on 127.0.0.1.

Both document the same contract: a form-encoded POST of `secret` and `response` (hCaptcha also
`sitekey`, both optionally `remoteip`), answered with JSON `{"success": bool, "error-codes": [...],
"challenge_ts", "hostname"}`; a token is valid once ("timeout-or-duplicate" after that).
Tokens this stand-in accepts are the ones a test hands out with `issue()`.
"""
from __future__ import annotations

import json
import secrets
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class BotVerifier:
    def __init__(self, secret: str, site_key: str | None = None):
        self.secret = secret
        self.site_key = site_key
        self.valid: set[str] = set()
        self.used: set[str] = set()
        self.requests: list[dict] = []
        verifier = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                verifier.requests.append({"path": self.path, "content_type": self.headers.get("Content-Type"), **form})
                body = json.dumps(verifier.answer(form)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/siteverify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def issue(self) -> str:
        """A token as the widget would give the browser after a passed challenge."""
        token = "0." + secrets.token_urlsafe(24)
        self.valid.add(token)
        return token

    def answer(self, form: dict) -> dict:
        codes = []
        if form.get("secret") != self.secret:
            codes.append("invalid-input-secret")
        token = form.get("response")
        if not token:
            codes.append("missing-input-response")
        elif token in self.used:
            codes.append("timeout-or-duplicate")
        elif token not in self.valid:
            codes.append("invalid-input-response")
        if self.site_key is not None and form.get("sitekey") != self.site_key:
            codes.append("sitekey-secret-mismatch")
        if not codes:
            self.valid.discard(token)
            self.used.add(token)
            return {"success": True, "challenge_ts": datetime.now(timezone.utc).isoformat(), "hostname": "careers.acme.example",
                    "error-codes": []}
        return {"success": False, "error-codes": codes}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
