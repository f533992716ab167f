"""A stand-in OpenID Connect provider (LinkedIn, Facebook, or a workspace's Google or Entra ID)
on 127.0.0.1.

It speaks the authorization-code flow as the providers document it: `/authorize` (the person
consents at once and is sent back to `redirect_uri` with `code` and `state`), `/token` (form POST
of grant_type, code, redirect_uri, client_id, client_secret and the PKCE code_verifier, answered
with an RS256-signed `id_token` carrying the nonce), `/jwks` (its public key), and OpenID
discovery (`<issuer path>/.well-known/openid-configuration`, naming `issuer` and those three).
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class OpenIdProvider:
    def __init__(self, issuer: str, client_id: str, client_secret: str):
        self.issuer, self.client_id, self.client_secret = issuer, client_id, client_secret
        self.user = {"sub": "li-123", "email": "ada@example.com", "email_verified": True, "given_name": "Ada", "family_name": "Lovelace"}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwks = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status, body=b"", headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                if url.path == "/jwks":
                    return self._send(200, jwks, {"Content-Type": "application/json"})
                if url.path.endswith("/.well-known/openid-configuration"):
                    document = {"issuer": provider.issuer, "authorization_endpoint": provider.authorize_url,
                                "token_endpoint": provider.token_url, "jwks_uri": provider.jwks_url}
                    return self._send(200, json.dumps(document).encode(), {"Content-Type": "application/json"})
                if url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                        return self._send(400, b"bad authorization request")
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    return self._send(302, b"", {"Location": back})
                return self._send(404)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                status, body = provider.exchange(form)
                return self._send(status, json.dumps(body).encode(), {"Content-Type": "application/json"})

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        base = f"http://127.0.0.1:{self.server.server_port}"
        self.base_url = base
        self.authorize_url, self.token_url, self.jwks_url = f"{base}/authorize", f"{base}/token", f"{base}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def exchange(self, form: dict) -> tuple[int, dict]:
        started = self.codes.pop(form.get("code", ""), None)
        if started is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != started["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri mismatch"}
        challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest()).rstrip(b"=").decode()
        if started.get("code_challenge_method") != "S256" or challenge != started.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 600, "nonce": started.get("nonce"), **self.user}
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})
        return 200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 3600, "id_token": id_token}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
