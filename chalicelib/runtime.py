"""Per-container caches, in one place so that tests can start each case on a fresh AWS backend."""
from __future__ import annotations


def reset_caches() -> None:
    from chalicelib import db, signing
    from chalicelib.auth import oidc
    from chalicelib.aws import clients, queues, secrets
    from chalicelib.companies import service as companies
    from chalicelib.config import get_settings
    from chalicelib.notifications import consumer, pacing

    get_settings.cache_clear()
    clients.reset_clients()
    db.reset_clients()
    secrets.reset()
    queues.queue_url.cache_clear()
    queues.queue_arn.cache_clear()
    signing._provider.cache_clear()
    consumer.reset()
    pacing.reset()
    companies.reset_cache()
    oidc.reset()
    from chalicelib.linkedin import accounts as linkedin_accounts, status as linkedin_status

    linkedin_accounts.reset()
    linkedin_status.reset()
    from chalicelib.team import workspace

    workspace.reset()
