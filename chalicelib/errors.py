"""Domain errors. Each knows its HTTP status; `chalicelib.api` maps them in one place."""
from __future__ import annotations

from chalice import ChaliceUnhandledError


# Chalice turns any other exception raised in a view into a 500 before middleware sees it;
# ChaliceUnhandledError is the one it lets through to the error middleware in chalicelib.api.
class DomainError(ChaliceUnhandledError):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def body(self) -> dict:
        return error_body(self.code, self.message, self.field)

    def headers(self) -> dict[str, str]:
        return {}


class InvalidInput(DomainError):
    """A client mistake. ``problems`` lists every problem found, each naming its field; the first
    is also the error's own message and field (what a client reading one error sees)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, field: str | None = None, problems: list[dict] | None = None):
        super().__init__(message, field)
        self.problems = problems or [{"field": field, "message": message}]

    def body(self) -> dict:
        body = error_body(self.code, self.message, self.field)
        body["error"]["errors"] = self.problems
        return body


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "too_large"


class TooManyRequests(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int, field: str | None = None):
        super().__init__(message, field)
        self.retry_after = max(1, int(retry_after))

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


def error_body(code: str, message: str, field: str | None = None) -> dict:
    """The one error shape of this API (also for the errors Chalice and API Gateway make)."""
    return {"error": {"code": code, "message": message, "field": field}}
