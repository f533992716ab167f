"""Fixed-window rate limits in DynamoDB: one atomic counter per (scope, key, window)."""
from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta
from chalicelib.errors import TooManyRequests


class CounterItem(Model):
    Meta = TableMeta("rate_limits_table")
    pk = UnicodeAttribute(hash_key=True)
    count = NumberAttribute(default=0)
    expires_at = TTLAttribute()


def hit(scope: str, key: str, limit: int, window_seconds: int) -> None:
    """Count one request; TooManyRequests once ``limit`` is passed within the window. Keys are
    hashed: the table never holds an address or an IP in clear."""
    window = int(time.time()) // window_seconds
    digest = hashlib.sha256(key.lower().encode()).hexdigest()[:32]
    item = CounterItem(pk=f"{scope}#{digest}#{window}")
    item.update(actions=[
        CounterItem.count.add(1),
        CounterItem.expires_at.set(datetime.fromtimestamp((window + 2) * window_seconds, tz=timezone.utc)),
    ])
    if item.count > limit:
        retry_after = (window + 1) * window_seconds - int(time.time())
        raise TooManyRequests("too many requests, try again later", retry_after=retry_after)


# Every write anyone may make without credentials, whatever its method (a GET that stores
# something, such as starting a provider sign-in, is a write), and how many an hour one client
# (source IP) may make. Each also has its own per-address limit where it emails an address (connect,
# apply, magic link). A public write route missing here still gets DEFAULT_PER_CLIENT, and a
# test fails until it is listed: no public write goes unlimited.
PUBLIC_WRITES: dict[tuple[str, str], tuple[str, int]] = {
    ("POST", "/companies/{company}/connections"): ("connect", 20),
    ("POST", "/companies/{company}/jobs/{job_id}/applications"): ("apply", 20),
    ("POST", "/auth/magic-link"): ("magic-link", 30),
    ("POST", "/auth/session"): ("session", 60),
    ("POST", "/companies/{company}/dashboard"): ("session", 60),
    ("POST", "/unsubscribe"): ("unsubscribe", 60),
    ("POST", "/erase"): ("erase", 30),
    ("POST", "/relevance"): ("relevance", 60),
    ("POST", "/companies/{company}/dashboard/preferences"): ("dashboard", 120),
    # The candidate pages post the same use cases as forms.
    ("POST", "/companies/{company}/connect"): ("connect", 20),
    ("POST", "/companies/{company}/sign-in"): ("magic-link", 30),
    # The thank-you page's "Send the link again" (a sign-in link, within its per-address limit too).
    ("POST", "/companies/{company}/sent"): ("magic-link", 30),
    ("POST", "/companies/{company}/dashboard/subscription"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/consent"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/profile"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/unsubscribe"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/resume"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/withdraw"): ("dashboard", 120),
    ("POST", "/companies/{company}/dashboard/erase"): ("erase", 30),
    ("POST", "/companies/{company}/dashboard/sign-out"): ("dashboard", 120),
    ("POST", "/companies/{company}/connect/{provider}"): ("connect", 20),
    ("POST", "/companies/{company}/jobs/{job_id}/apply"): ("apply", 20),
    ("POST", "/companies/{company}/jobs/{job_id}/connect-after-applying"): ("connect", 20),
    # The hiring console's doors: asking for a sign-in link, and spending an emailed link.
    ("POST", "/console/{company}/sign-in"): ("console-sign-in", 30),
    ("POST", "/console/{company}/sign-in/link"): ("console-session", 60),
    ("POST", "/console/{company}/invitation"): ("console-session", 60),
    # Starting a provider sign-in keeps the flow's state for ten minutes.
    ("GET", "/companies/{company}/sign-in/{provider}"): ("provider-sign-in", 30),
    # The console's workspace sign-in keeps its state too, and its callback starts a session.
    ("GET", "/console/{company}/sign-in/workspace"): ("provider-sign-in", 30),
    ("GET", "/console/{company}/sign-in/workspace/callback"): ("console-session", 60),
}
DEFAULT_PER_CLIENT = 30
# LinkedIn's webhook deliveries are signed with the company's child application's secret (checked
# before anything else); LinkedIn sends every applicant's application from a few addresses.
CREDENTIALED_PREFIXES = ("/admin", "/me", "/_local", "/linkedin/webhook/")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


# Every other console route needs a member's session (checked first, before any work).
CONSOLE_PREFIX = "/console/"


def is_public_write(method: str, path: str) -> bool:
    if path.startswith(CREDENTIALED_PREFIXES):
        return False
    if path.startswith(CONSOLE_PREFIX) and (method, path) not in PUBLIC_WRITES:
        return False
    return method in WRITES or (method, path) in PUBLIC_WRITES


def limit_public_write(method: str, path: str, client: str) -> None:
    """Count one public write for this client; TooManyRequests (429, Retry-After) past its limit."""
    if not is_public_write(method, path):
        return
    scope, limit = PUBLIC_WRITES.get((method, path), (f"write:{path}", DEFAULT_PER_CLIENT))
    hit(f"client:{scope}", client, limit, 3600)
