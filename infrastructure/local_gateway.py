"""API Gateway's own answers, emulated for the local stack and the tests.

Chalice's LocalGateway answers a path no route matches with API Gateway's default
403 "Missing Authentication Token". The deployed API answers it with the gateway response
declared in function-overrides.yaml; this gateway reads that same declaration, so the local
stack, the tests and AWS give one answer.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    LocalGatewayException,
)

OVERRIDES = Path(__file__).with_name("function-overrides.yaml")


@functools.lru_cache(maxsize=1)
def gateway_responses() -> dict[str, dict]:
    resources = yaml.safe_load(OVERRIDES.read_text())["Resources"]
    return resources["RestAPI"]["Properties"]["GatewayResponses"]


def gateway_response(kind: str, status: int, message: str) -> dict[str, Any]:
    """A Lambda-proxy-shaped response built from the declared gateway response ``kind``."""
    declared = gateway_responses().get(kind) or gateway_responses()["DEFAULT_4XX" if status < 500 else "DEFAULT_5XX"]
    template = declared["ResponseTemplates"]["application/json"]
    body = template.replace("$context.error.messageString", json.dumps(message))
    headers = {name: value.strip("'") for name, value in declared.get("ResponseParameters", {}).get("Headers", {}).items()}
    return {"statusCode": declared.get("StatusCode", status), "headers": headers, "multiValueHeaders": {}, "body": body}


class EmulatedGateway(LocalGateway):
    # API Gateway puts the caller's address in requestContext.identity.sourceIp; Chalice's local
    # gateway always says 127.0.0.1. The local server sets the real peer, the tests their own.
    source_ip: str | None = None

    def _generate_lambda_event(self, method, path, headers, body):
        event = super()._generate_lambda_event(method, path, headers, body)
        if self.source_ip:
            event["requestContext"]["identity"]["sourceIp"] = self.source_ip
        return event

    def handle_request(self, method: str, path: str, headers: dict, body: bytes | None) -> dict[str, Any]:
        try:
            return super().handle_request(method, path, headers, body)
        except LocalGatewayException as error:
            # The only ones LocalGateway raises without authorizers: no route matched.
            if error.CODE == 403:
                return gateway_response("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token")
            return gateway_response("DEFAULT_4XX" if error.CODE < 500 else "DEFAULT_5XX", error.CODE, "refused")


class _Handler(ChaliceRequestHandler):
    def __init__(self, request, client_address, server, app_object, config):
        self.local_gateway = EmulatedGateway(app_object, config)
        self.local_gateway.source_ip = client_address[0]
        # Skip ChaliceRequestHandler.__init__, which would build a plain LocalGateway.
        super(ChaliceRequestHandler, self).__init__(request, client_address, server)

    def __getattr__(self, name: str):
        # http.server answers a method it has no do_<METHOD> for (TRACE, CONNECT, anything) with
        # its own HTML 501. Every method goes to the gateway instead, which answers what the app
        # does not serve in the API's error shape (no route: 404; a route without it: 405).
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # What http.server still refuses itself (a malformed request line, a header too long):
        # the declared gateway response, JSON, never its HTML page.
        response = gateway_response("DEFAULT_4XX" if code < 500 else "DEFAULT_5XX", code, message or "refused")
        body = response["body"].encode()
        self.send_response(code, message)
        for name, value in response["headers"].items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)


def local_server(app_object, config, host: str, port: int) -> LocalDevServer:
    """Chalice's local server as `chalice local` builds it, plus the gateway responses above.

    Chalice's app object holds `current_request` for the whole process; `chalice local` swaps
    the app's class for one that keeps it per thread, and so does this (the plain
    LocalDevServer does not, and concurrent requests then read each other's bodies).
    Connections are served on threads, so a browser's keep-alive socket blocks nobody."""
    if not isinstance(app_object, LocalChalice):  # once per process (tests start several servers)
        CustomLocalChalice.__bases__ = (LocalChalice, type(app_object))
        app_object.__class__ = CustomLocalChalice
    return LocalDevServer(app_object, config, host, port, handler_cls=_Handler)


def use_in_test_client(http_client) -> None:
    """Give chalice.test's HTTP client the same gateway."""
    http_client._local_gateway = EmulatedGateway(http_client._app, http_client._config)

