"""The environment, as one validated settings object (read once per Lambda container).

A plain class, not a pydantic model: every function reads it on its first request, and building
a pydantic model of some fifty fields cost ~20 ms of CPU at each cold start, for what is a typed
look-up of environment variables. Each field is read from the variable of its name in capitals;
a missing required one, or a number that is not one (or out of its bounds), is refused with
every problem named.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Mapping


class SettingsError(ValueError):
    """The environment does not hold what the stage needs: each problem named by its variable."""


class Settings:
    stage: str
    companies_table: str
    candidates_table: str
    jobs_table: str
    subscription_index_table: str
    tokens_table: str
    rate_limits_table: str
    suppressions_table: str
    digests_table: str
    applications_table: str
    resumes_bucket: str
    # EventBridge Scheduler: what a delayed rejection notice invokes, as whom, and where it gives up.
    rejection_function_arn: str
    scheduler_role_arn: str
    schedules_dlq_arn: str
    idempotency_table: str
    job_postings_queue: str
    job_postings_dlq: str
    notifications_queue: str
    notifications_dlq: str
    schedule_group: str
    schedules_dlq: str
    ses_configuration_set: str
    sender_address: str
    signing_secret_name: str
    # Where links in emails point: the API (unsubscribe) and, unless a company sets its own,
    # the page that exchanges a confirmation token for a session.
    public_api_url: str
    confirm_token_hours: int = 24 * 7
    access_token_hours: int = 12
    # OpenID Connect providers for "sign in with LinkedIn / Facebook" (tests serve their own).
    linkedin_jwks_url: str
    linkedin_issuer: str
    facebook_jwks_url: str
    facebook_issuer: str
    # How long unsubscribe and "remove my data" links in emails keep working (candidates/links.py).
    signed_link_days: int = 90  # 1 to 3650 (_BOUNDS)
    magic_link_minutes: int = 30
    # The authorization-code flow's endpoints (tests serve a stand-in provider).
    linkedin_authorize_url: str = "https://www.linkedin.com/oauth/v2/authorization"
    linkedin_token_url: str = "https://www.linkedin.com/oauth/v2/accessToken"
    facebook_authorize_url: str = "https://www.facebook.com/v21.0/dialog/oauth"
    facebook_token_url: str = "https://graph.facebook.com/v21.0/oauth/access_token"
    # The hiring console's workspace sign-in (team/workspace.py): the issuers a company may name.
    # Google Workspace has one issuer; Entra ID one per tenant, under this authority. Each is read
    # by OpenID discovery (tests and the local stack serve a stand-in).
    google_workspace_issuer: str = "https://accounts.google.com"
    entra_authority: str = "https://login.microsoftonline.com"
    # Bot-check providers' server-side verification endpoints (tests serve a stand-in).
    turnstile_verify_url: str = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    hcaptcha_verify_url: str = "https://api.hcaptcha.com/siteverify"
    # LinkedIn Apply Connect: one client, base URLs from here (tests and the local stack serve a
    # stand-in); the partner's parent application's credentials are a secret
    # ({"client_id", "client_secret"}) named by LINKEDIN_PARTNER_SECRET_NAME, set up by ops.
    linkedin_api_url: str = "https://api.linkedin.com"
    linkedin_oauth_url: str = "https://www.linkedin.com"
    linkedin_partner_secret_name: str = ""
    # LinkedIn work (postings, task follow-up, resume copies, status pushes) goes through its own
    # queue; an asynchronous posting task is checked again after this many seconds.
    linkedin_queue: str
    linkedin_dlq: str
    # S3 notifies every object created in the resumes bucket here; the check deletes what no
    # live application owns (an upload that lands after its applicant erased their data).
    resume_uploads_queue: str
    resume_uploads_dlq: str
    linkedin_task_poll_seconds: int = 60  # 0 to 900 (_BOUNDS)
    # Only the local stack sets this: where moto's server answers /moto-api/.
    moto_api_url: str | None = None

    # Bounds of the numeric fields that have them (inclusive).
    _BOUNDS = {"signed_link_days": (1, 3650), "linkedin_task_poll_seconds": (0, 900)}

    def __init__(self, environ: Mapping[str, str]) -> None:
        problems, values = [], {}
        for name, kind in _fields().items():
            variable = name.upper()
            raw = environ.get(variable)
            if raw is None:
                if not hasattr(Settings, name):
                    problems.append(f"{variable}: required")
                continue
            if kind != "int":
                values[name] = raw
            elif not re.fullmatch(r"\s*[+-]?[0-9]+\s*", raw):
                problems.append(f"{variable}: not a whole number")
            elif name in self._BOUNDS and not self._BOUNDS[name][0] <= int(raw) <= self._BOUNDS[name][1]:
                problems.append(f"{variable}: must be %d to %d" % self._BOUNDS[name])
            else:
                values[name] = int(raw)
        if problems:
            raise SettingsError("invalid environment: " + "; ".join(problems))
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("settings are read once and never changed")

    def __repr__(self) -> str:
        return f"Settings(stage={self.stage!r})"

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(os.environ)


@lru_cache(maxsize=1)
def _fields() -> dict[str, str]:
    """Each field's name and kind ("str", "int", "str | None"), in the order declared."""
    return {name: kind for name, kind in Settings.__annotations__.items() if not name.startswith("_")}
