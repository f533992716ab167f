"""The one client for everything LinkedIn-facing. Base URLs are configuration: production
points at LinkedIn, the tests and the local stack at a stand-in on 127.0.0.1.

Tokens are client-credentials tokens (the partner's parent application for provisioning, a
company's child application for its jobs and applications), cached until shortly before they
expire. 429 and 5xx answers are retried with exponential backoff (honouring Retry-After, capped),
as LinkedIn's own SDK does; what still fails raises `LinkedInError` with the status and LinkedIn's
message, for the caller to retry later or park in a DLQ with that reason.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable

RETRIES = 3
BACKOFF_SECONDS = (1.0, 2.0, 4.0)
MAX_WAIT_SECONDS = 10.0
TIMEOUT_SECONDS = 10.0
# A resume's URL may redirect (LinkedIn's media to its CDN) at most this often.
MAX_REDIRECTS = 2
REDIRECTS = (301, 302, 303, 307, 308)


class LinkedInError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(f"LinkedIn answered {status}: {message}")
        self.status = status
        self.message = message
        self.code = code

    @property
    def retryable(self) -> bool:
        return self.status == 429 or self.status >= 500


@dataclass
class LinkedIn:
    api_url: str  # https://api.linkedin.com
    oauth_url: str  # https://www.linkedin.com
    client_id: str
    client_secret: str
    sleep: Callable[[float], None] = time.sleep
    _token: tuple[str, float] | None = field(default=None, repr=False)

    # -- transport -------------------------------------------------------------------
    def token(self) -> str:
        if self._token and self._token[1] > time.monotonic():
            return self._token[0]
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": self.client_id,
                                       "client_secret": self.client_secret}).encode()
        answer = self._send("POST", f"{self.oauth_url}/oauth/v2/accessToken", form,
                            {"Content-Type": "application/x-www-form-urlencoded"})
        self._token = (answer["access_token"], time.monotonic() + max(int(answer.get("expires_in", 0)) - 60, 0))
        return self._token[0]

    def call(self, method: str, path: str, body: Any = None, params: dict[str, str] | None = None,
             restli_method: str | None = None) -> dict:
        url = f"{self.api_url}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        headers = {"Authorization": f"Bearer {self.token()}", "X-Restli-Protocol-Version": "2.0.0"}
        if restli_method:
            headers["X-Restli-Method"] = restli_method
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        return self._send(method, url, data, headers)

    def download(self, url: str, max_bytes: int) -> tuple[bytes, str]:
        """A file behind one of LinkedIn's expiring media URLs (a resume); refused past
        ``max_bytes``. No redirect is followed by itself: each hop (at most MAX_REDIRECTS) must
        be a host `allowed_hop` allows, and the child application's token goes only to
        LinkedIn's API host (`sends_token`); anything else is refused, never fetched."""

        def read(response) -> tuple[bytes, str]:
            content = response.read(max_bytes + 1)
            if len(content) > max_bytes:
                raise LinkedInError(413, f"the file is larger than {max_bytes} bytes")
            return content, response.headers.get_content_type()

        for _hop in range(MAX_REDIRECTS + 1):
            if not allowed_hop(url, self.api_url):
                raise LinkedInError(400, "the resume URL is not on LinkedIn (https, port 443, LinkedIn's hosts)")
            headers = {"Authorization": f"Bearer {self.token()}"} if sends_token(url, self.api_url) else {}
            try:
                return self._send("GET", url, None, headers, read)
            except _Redirect as redirect:
                url = urllib.parse.urljoin(url, redirect.location)
        raise LinkedInError(400, f"the resume URL redirected more than {MAX_REDIRECTS} times")

    def _send(self, method: str, url: str, data: bytes | None, headers: dict[str, str],
              read: Callable[[Any], Any] = lambda response: json.loads(response.read() or b"{}")) -> Any:
        for attempt in range(RETRIES + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
                    return read(response)
            except urllib.error.HTTPError as error:
                if error.code in REDIRECTS:
                    location = error.headers.get("Location")
                    if not location:
                        raise LinkedInError(error.code, "a redirect without a Location") from None
                    raise _Redirect(error.code, location) from None
                failure = _error_of(error)
                if not failure.retryable or attempt == RETRIES:
                    raise failure from None
                self.sleep(_wait(error.headers.get("Retry-After"), attempt))
            except (urllib.error.URLError, TimeoutError) as error:
                if attempt == RETRIES:
                    raise LinkedInError(503, f"unreachable: {getattr(error, 'reason', error)}") from None
                self.sleep(_wait(None, attempt))
        raise AssertionError("unreachable")

    # -- partner: child applications --------------------------------------------------
    def provision(self, unique_foreign_id: str, name: str, description: str, js_domains: list[str]) -> dict:
        """Create the company's child application, or find it when it exists (a conflict)."""
        body = {"uniqueForeignId": unique_foreign_id, "name": name[:50], "description": description,
                "validJsSdkDomains": js_domains}
        try:
            return self.call("POST", "/v2/provisionedApplications", body)
        except LinkedInError as error:
            if error.status != 409:
                raise
        found = self.call("GET", "/v2/provisionedApplications",
                          params={"q": "credentialsByUniqueForeignId", "uniqueForeignId": unique_foreign_id})
        elements = found.get("elements") or []
        if not elements:
            raise LinkedInError(404, f"no provisioned application for {unique_foreign_id}")
        return elements[0]

    # -- jobs --------------------------------------------------------------------------
    def post_jobs(self, elements: list[dict]) -> list[str]:
        """CREATE/UPDATE/CLOSE postings; returns one task URN per element."""
        answer = self.call("POST", "/v2/simpleJobPostings", {"elements": elements}, restli_method="batch_create")
        return [element["id"] for element in answer.get("elements", [])]

    def tasks(self, task_urns: list[str]) -> dict[str, dict]:
        answer = self.call("GET", "/v2/simpleJobPostingTasks", params={"ids": ",".join(task_urns)})
        return answer.get("results", {})

    def posting_status(self, external_ids: list[str]) -> dict[str, dict]:
        answer = self.call("GET", "/v2/jobPostingStatus", params={"ids": ",".join(external_ids)})
        return answer.get("results", {})

    # -- applications ---------------------------------------------------------------------
    def lifecycle_action(self, job_application_urn: str, action: str, performed_at_ms: int, organization_urn: str) -> None:
        """APPLICATION_VIEWED, RESUME_DOWNLOADED or APPLICATION_REJECTED; LinkedIn drops duplicates."""
        self.call("POST", "/v2/jobApplicationLifecycleActions",
                  {"jobApplicationId": job_application_urn, "action": action, "performedAt": performed_at_ms,
                   "integrationContext": organization_urn}, restli_method="create")


# LinkedIn's own hosts (its API and its media CDN); the configured API host is LinkedIn too.
LINKEDIN_DOMAINS = ("linkedin.com", "licdn.com")
# LinkedIn's API host: the only one besides the configured API base that gets the bearer token.
LINKEDIN_API_HOST = "api.linkedin.com"


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL without credentials in it; None otherwise."""
    try:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port or {"https": 443, "http": 80}.get(parsed.scheme)
    except ValueError:  # a port that is not a number, or out of range
        return None
    if parsed.scheme not in ("https", "http") or not parsed.hostname or parsed.username or parsed.password:
        return None
    return parsed.scheme, parsed.hostname.lower(), port


def allowed_hop(url: str, api_url: str) -> bool:
    """The configured API base exactly as configured (the tests' stand-in on http://127.0.0.1:port
    is LinkedIn there), or https on port 443 to one of LinkedIn's hosts; nothing else."""
    origin, api = _origin(url), _origin(api_url)
    if origin is None:
        return False
    if origin == api:
        return True
    scheme, host, port = origin
    return scheme == "https" and port == 443 and any(host == d or host.endswith("." + d) for d in LINKEDIN_DOMAINS)


def sends_token(url: str, api_url: str) -> bool:
    """The child application's token goes to LinkedIn's API host only (or the configured base)."""
    origin = _origin(url)
    return origin is not None and allowed_hop(url, api_url) and (origin == _origin(api_url) or origin == ("https", LINKEDIN_API_HOST, 443))


class _Redirect(LinkedInError):
    """A 3xx: an error to every call but `download`, which decides whether to follow it."""

    def __init__(self, status: int, location: str):
        super().__init__(status, f"redirected to another URL ({status})")
        self.location = location


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are never followed by urllib: a 3xx comes back as an answer of its own, and
    only `download` follows one, after checking where it goes."""

    def redirect_request(self, *_args, **_kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _wait(retry_after: str | None, attempt: int) -> float:
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after.strip()), MAX_WAIT_SECONDS)
    return min(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)], MAX_WAIT_SECONDS)


def _error_of(error: urllib.error.HTTPError) -> LinkedInError:
    try:
        body = json.loads(error.read() or b"{}")
    except ValueError:
        body = {}
    message = str(body.get("message") or error.reason or "error")[:300]
    return LinkedInError(error.code, message, body.get("serviceErrorCode") and str(body.get("serviceErrorCode")))
