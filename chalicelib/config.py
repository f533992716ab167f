"""The environment, as one validated settings model (read once per Lambda container)."""
from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    stage: str = Field(alias="STAGE")
    companies_table: str = Field(alias="COMPANIES_TABLE")
    candidates_table: str = Field(alias="CANDIDATES_TABLE")
    jobs_table: str = Field(alias="JOBS_TABLE")
    subscription_index_table: str = Field(alias="SUBSCRIPTION_INDEX_TABLE")
    tokens_table: str = Field(alias="TOKENS_TABLE")
    rate_limits_table: str = Field(alias="RATE_LIMITS_TABLE")
    suppressions_table: str = Field(alias="SUPPRESSIONS_TABLE")
    digests_table: str = Field(alias="DIGESTS_TABLE")
    email_ledger_table: str = Field(alias="EMAIL_LEDGER_TABLE")
    applications_table: str = Field(alias="APPLICATIONS_TABLE")
    resumes_bucket: str = Field(alias="RESUMES_BUCKET")
    # EventBridge Scheduler: what a delayed rejection notice invokes, as whom, and where it gives up.
    rejection_function_arn: str = Field(alias="REJECTION_FUNCTION_ARN")
    scheduler_role_arn: str = Field(alias="SCHEDULER_ROLE_ARN")
    schedules_dlq_arn: str = Field(alias="SCHEDULES_DLQ_ARN")
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE")
    job_postings_queue: str = Field(alias="JOB_POSTINGS_QUEUE")
    job_postings_dlq: str = Field(alias="JOB_POSTINGS_DLQ")
    notifications_queue: str = Field(alias="NOTIFICATIONS_QUEUE")
    notifications_dlq: str = Field(alias="NOTIFICATIONS_DLQ")
    # Campaigns' fan-out, one page of the audience per message; scheduled sends arrive here too.
    campaigns_queue: str = Field(alias="CAMPAIGNS_QUEUE")
    campaigns_dlq: str = Field(alias="CAMPAIGNS_DLQ")
    schedule_group: str = Field(alias="SCHEDULE_GROUP")
    schedules_dlq: str = Field(alias="SCHEDULES_DLQ")
    ses_configuration_set: str = Field(alias="SES_CONFIGURATION_SET")
    sender_address: str = Field(alias="SENDER_ADDRESS")
    signing_secret_name: str = Field(alias="SIGNING_SECRET_NAME")
    # Where links in emails point: the API (unsubscribe) and, unless a company sets its own,
    # the page that exchanges a confirmation token for a session.
    public_api_url: str = Field(alias="PUBLIC_API_URL")
    confirm_token_hours: int = Field(default=24 * 7, alias="CONFIRM_TOKEN_HOURS")
    access_token_hours: int = Field(default=12, alias="ACCESS_TOKEN_HOURS")
    # OpenID Connect providers for "sign in with LinkedIn / Facebook" (tests serve their own).
    linkedin_jwks_url: str = Field(alias="LINKEDIN_JWKS_URL")
    linkedin_issuer: str = Field(alias="LINKEDIN_ISSUER")
    facebook_jwks_url: str = Field(alias="FACEBOOK_JWKS_URL")
    facebook_issuer: str = Field(alias="FACEBOOK_ISSUER")
    # How long unsubscribe and "remove my data" links in emails keep working (candidates/links.py).
    signed_link_days: int = Field(default=90, ge=1, le=3650, alias="SIGNED_LINK_DAYS")
    magic_link_minutes: int = Field(default=30, alias="MAGIC_LINK_MINUTES")
    # The authorization-code flow's endpoints (tests serve a stand-in provider).
    linkedin_authorize_url: str = Field(default="https://www.linkedin.com/oauth/v2/authorization", alias="LINKEDIN_AUTHORIZE_URL")
    linkedin_token_url: str = Field(default="https://www.linkedin.com/oauth/v2/accessToken", alias="LINKEDIN_TOKEN_URL")
    facebook_authorize_url: str = Field(default="https://www.facebook.com/v21.0/dialog/oauth", alias="FACEBOOK_AUTHORIZE_URL")
    facebook_token_url: str = Field(default="https://graph.facebook.com/v21.0/oauth/access_token", alias="FACEBOOK_TOKEN_URL")
    # The hiring console's workspace sign-in (team/workspace.py): the issuers a company may name.
    # Google Workspace has one issuer; Entra ID one per tenant, under this authority. Each is read
    # by OpenID discovery (tests and the local stack serve a stand-in).
    google_workspace_issuer: str = Field(default="https://accounts.google.com", alias="GOOGLE_WORKSPACE_ISSUER")
    entra_authority: str = Field(default="https://login.microsoftonline.com", alias="ENTRA_AUTHORITY")
    # Bot-check providers' server-side verification endpoints (tests serve a stand-in).
    turnstile_verify_url: str = Field(default="https://challenges.cloudflare.com/turnstile/v0/siteverify", alias="TURNSTILE_VERIFY_URL")
    hcaptcha_verify_url: str = Field(default="https://api.hcaptcha.com/siteverify", alias="HCAPTCHA_VERIFY_URL")
    # LinkedIn Apply Connect: one client, base URLs from here (tests and the local stack serve a
    # stand-in); the partner's parent application's credentials are a secret
    # ({"client_id", "client_secret"}) named by LINKEDIN_PARTNER_SECRET_NAME, set up by ops.
    linkedin_api_url: str = Field(default="https://api.linkedin.com", alias="LINKEDIN_API_URL")
    linkedin_oauth_url: str = Field(default="https://www.linkedin.com", alias="LINKEDIN_OAUTH_URL")
    linkedin_partner_secret_name: str = Field(default="", alias="LINKEDIN_PARTNER_SECRET_NAME")
    # LinkedIn work (postings, task follow-up, resume copies, status pushes) goes through its own
    # queue; an asynchronous posting task is checked again after this many seconds.
    linkedin_queue: str = Field(alias="LINKEDIN_QUEUE")
    linkedin_dlq: str = Field(alias="LINKEDIN_DLQ")
    # S3 notifies every object created in the resumes bucket here; the check deletes what no
    # live application owns (an upload that lands after its applicant erased their data).
    resume_uploads_queue: str = Field(alias="RESUME_UPLOADS_QUEUE")
    resume_uploads_dlq: str = Field(alias="RESUME_UPLOADS_DLQ")
    linkedin_task_poll_seconds: int = Field(default=60, ge=0, le=900, alias="LINKEDIN_TASK_POLL_SECONDS")
    # Only the local stack sets this: where moto's server answers /moto-api/.
    moto_api_url: str | None = Field(default=None, alias="MOTO_API_URL")

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.model_validate(dict(os.environ))
