"""HTTP plumbing shared by the blueprints: body parsing, error mapping, responses."""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from chalice import Response
from chalice.app import Request
from chalicelib.errors import DomainError, InvalidInput, PayloadTooLarge, error_body
from chalicelib.jsonsafe import NotJson, load_json
from chalicelib.observability import logger

if TYPE_CHECKING:  # pydantic is imported when a body is first parsed, not at cold start
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
MAX_BODY_BYTES = 64 * 1024


def parse_body(request: Request, model: type[M]) -> M:
    """The request's JSON body as ``model``; any client mistake becomes InvalidInput naming the field."""
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"body is larger than {MAX_BODY_BYTES} bytes")
    try:
        data = load_json(raw or b"null")
    except NotJson as error:
        raise InvalidInput(f"body is {error}", field=None) from None
    return validate(model, data)


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except _validation_error() as error:
        raise invalid_from(error) from None


def _validation_error() -> type[Exception]:
    from pydantic import ValidationError

    return ValidationError


def invalid_from(error: "ValidationError") -> InvalidInput:
    """Every problem pydantic found, each with its field; the first leads."""
    problems = [_problem(detail) for detail in error.errors()]
    return InvalidInput(problems[0]["message"], field=problems[0]["field"], problems=problems)


def _problem(detail: dict) -> dict:
    field = ".".join(str(part) for part in detail["loc"]) or None
    message = "unknown field" if detail["type"] == "extra_forbidden" else detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "model_type" and not detail["loc"]:
        message = "body must be a JSON object"
    return {"field": field, "message": message}


PAGE_LIMIT = 100


def page_limit(params: dict) -> int:
    """The `limit` query parameter of a paginated list: 1 to 100, 100 when absent."""
    raw = params.get("limit", str(PAGE_LIMIT))
    # ASCII digits only: str.isdigit() also accepts "²" and "١", which int() refuses or reads.
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= PAGE_LIMIT:
        raise InvalidInput(f"limit must be 1 to {PAGE_LIMIT}", field="limit")
    return int(raw)


def choice_param(params: dict, name: str, allowed) -> str | None:
    """An optional query parameter that must be one of ``allowed``."""
    value = params.get(name)
    if value is not None and value not in allowed:
        raise InvalidInput(f"unknown {name}", field=name)
    return value


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json", **(headers or {})})


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def http_middleware(event: Request, get_response: Callable[[Request], Response],
                    error_page: Callable[[Request, Response], Response] | None = None) -> Response:
    """The one place errors become HTTP responses: domain errors, and the errors Chalice makes
    itself (405, 415, an unexpected exception's 500) in its own {"Code", "Message"} shape. With
    ``error_page``, a browser navigating (Accept: text/html first) gets a page instead of the
    JSON error; API clients keep the JSON."""
    from chalicelib.web.origin import from_another_site

    if from_another_site(event):
        logger.info("form from another site refused", extra={"method": event.method, "route": (event.context or {}).get("resourcePath")})
        return _cross_site_refusal(event)
    try:
        decode_path_parameters(event)
        context = event.context or {}
        client = (context.get("identity") or {}).get("sourceIp") or "unknown"
        from chalicelib import ratelimit

        ratelimit.limit_public_write(event.method, context.get("resourcePath", ""), client)
        response = _in_our_shape(get_response(event))
    except DomainError as error:
        logger.info("request refused", extra={"status": error.status, "code": error.code, "field": error.field})
        response = json_response(error.body(), status=error.status, headers=error.headers())
    except Exception:  # noqa: BLE001 - what fails here (the rate limiter's table) would reach Chalice's own 500 shape
        logger.exception("request failed before its route")
        response = json_response(error_body("internal", "an internal error occurred", None), status=500)
    if error_page is not None and response.status_code >= 400 and _is_json(response):
        from chalicelib.web.render import wants_html

        if wants_html(event):
            try:
                response = error_page(event, response)
            except Exception:  # noqa: BLE001 - the JSON error stands if its page cannot be drawn
                logger.exception("error page failed")
    # Every answer, JSON, page, file or error: a browser never guesses another type than the one
    # declared (an export or an error echoing input must not be sniffed into HTML).
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _is_json(response: Response) -> bool:
    content_type = next((v for k, v in response.headers.items() if k.lower() == "content-type"), "")
    return content_type.startswith("application/json") or isinstance(response.body, dict)


def decode_path_parameters(event: Request) -> None:
    """Every path parameter, percent-decoded exactly once, here, for every route.

    API Gateway's REST APIs (and Chalice's local gateway) hand path parameters over as they were
    in the URL, still percent-encoded: a job id `a:b` that a client (LinkedIn, a browser) sent as
    `a%3Ab` would otherwise be looked up as `a%3Ab` and not be found. The parameters are decoded
    in the event itself, which Chalice reads the view's arguments from; the links and cookie paths
    the product builds encode them again (`pages.session.cookie`, `linkedin.postings.webhook_url`)."""
    from urllib.parse import unquote

    params = event.uri_params
    if not params:
        return
    for name, value in list(params.items()):
        if value is None or "%" not in value:
            continue
        try:
            params[name] = unquote(value, errors="strict")
        except UnicodeDecodeError:
            raise InvalidInput("not a valid percent-encoded UTF-8 path segment", field=name) from None


def _cross_site_refusal(event: Request) -> Response:
    """403 before anything runs: a page (the request was a form post) or the API's error shape."""
    from chalicelib.web.render import message_page, wants_html

    headers = {"X-Content-Type-Options": "nosniff"}
    if wants_html(event) or "form" in (event.headers.get("content-type") or ""):
        depth = (event.context or {}).get("resourcePath", "/").strip("/").count("/")
        return message_page("This form came from another website",
                            ["Nothing was changed. Open the page on this site and send the form from there."],
                            status=403, request=event, headers=headers, root="../" * depth)
    return json_response(error_body("cross_site", "a form posted from another site is refused", "Origin"), status=403, headers=headers)


_CHALICE_ERRORS = {
    405: ("method_not_allowed", None),
    415: ("unsupported_media_type", "Content-Type"),
    400: ("invalid", None),
    500: ("internal", None),
}


def _in_our_shape(response: Response) -> Response:
    body = response.body
    if not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return response
    code, field = _CHALICE_ERRORS.get(response.status_code, ("error", None))
    message = "an internal error occurred" if response.status_code >= 500 else str(body["Message"])
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    return json_response(error_body(code, message, field), status=response.status_code, headers=headers)


FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "text/plain", "application/json", "multipart/form-data"]


def link_token(request: Request) -> str | None:
    """The token of an emailed link: in the query string, or posted by its confirmation form."""
    from urllib.parse import parse_qs

    token = (request.query_params or {}).get("token")
    if token:
        return token
    form = parse_qs((request.raw_body or b"").decode("utf-8", "replace"))
    return (form.get("token") or [None])[0]
