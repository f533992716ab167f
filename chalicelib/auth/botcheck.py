"""Bot checks on public writes: Cloudflare Turnstile or hCaptcha, verified on the server.

A company that configures one (`bot_check: {provider, site_key}` in its settings, the secret key
through PUT /admin/bot-check/secret into Secrets Manager) gets every Connect, application and
sign-in-link request checked: the widget's token (`bot_token` in the body) is sent to the
provider's siteverify endpoint with the company's secret, and only `"success": true` lets the
request through. Both providers document the same form-encoded POST and JSON answer:
https://developers.cloudflare.com/turnstile/get-started/server-side-validation/ and
https://docs.hcaptcha.com/#verify-the-user-response-server-side. The endpoints are settings, so
tests and the local stack point them at a stand-in on 127.0.0.1.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from chalicelib.aws import secrets
from chalicelib.config import get_settings
from chalicelib.errors import DomainError
from chalicelib.observability import count, logger

MAX_TOKEN_LENGTH = 2048  # Turnstile's documented maximum


class BotCheckFailed(DomainError):
    status = 403
    code = "bot_check_failed"


class BotCheckUnavailable(DomainError):
    status = 503
    code = "bot_check_unavailable"


def secret_name(company: str) -> str:
    return f"candidate-connect-{get_settings().stage}-bot-check/{company}"


def store_secret(company: str, secret: str) -> None:
    secrets.put(secret_name(company), secret)


def verify(company, token: str | None) -> None:
    """Raise unless the company has no bot check or the provider accepts ``token``."""
    check = company.settings.bot_check
    if check is None:
        return
    if not token:
        raise BotCheckFailed("complete the bot check", field="bot_token")
    secret = secrets.get(secret_name(company.slug))
    if secret is None:
        logger.error("bot check configured without a secret", extra={"company": company.slug})
        raise BotCheckUnavailable("the bot check is not set up yet; try again later", field="bot_token")
    settings = get_settings()
    url = settings.turnstile_verify_url if check.provider == "turnstile" else settings.hcaptcha_verify_url
    form = {"secret": secret, "response": token}
    if check.provider == "hcaptcha":
        form["sitekey"] = check.site_key
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (https in production, settings)
            answer = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        logger.warning("bot check provider unreachable", extra={"company": company.slug, "provider": check.provider, "error": str(error)})
        raise BotCheckUnavailable("the bot check could not be verified; try again", field="bot_token") from None
    if not (isinstance(answer, dict) and answer.get("success") is True):
        count("BotChecksFailed")
        codes = answer.get("error-codes") if isinstance(answer, dict) else None
        logger.info("bot check refused", extra={"company": company.slug, "provider": check.provider, "codes": codes})
        raise BotCheckFailed("the bot check failed; try again", field="bot_token")
