"""Every test runs against a fresh moto backend built from infrastructure/template.yaml.

The resources are created under the `dev` stage's names, and the process gets the `dev` stage's
environment from .chalice/config.json, exactly as Chalice's test client does for HTTP calls.
"""
from __future__ import annotations

import os

# Before anything imports boto3 or botocore: fake credentials, one region, and botocore's
# account-id endpoints off (moto does not route them, see README "Known traps").
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_REGION="us-east-1",
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CandidateConnect",
    POWERTOOLS_SERVICE_NAME="candidate-connect",
)
for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(name, None)

# The deployed functions' own environment (log level included) before anything builds a Logger:
# a log call that only fails at the deployed level must fail here too.
from infrastructure.stage import stage_variables  # noqa: E402

os.environ.update(stage_variables("dev"))

# The fault injector joins every botocore session from the start (idle until a test arms it).
from tests import faults  # noqa: E402

faults.install()

# The pages read compiled message catalogs, as the package ships them.
from infrastructure.locales import compile_catalogs  # noqa: E402

compile_catalogs()

import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

from tests.support import FIGURES, Stack  # noqa: E402



def pytest_sessionfinish(session):
    # Under pytest-xdist each worker hands its figures to the controller, which prints them all.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["figures"] = list(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    FIGURES.extend(getattr(node, "workeroutput", {}).get("figures", []))


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def stack(monkeypatch):
    from chalicelib.runtime import reset_caches

    for name, value in stage_variables("dev").items():
        monkeypatch.setenv(name, value)
    # Sending is paced to SES's rate in real time (14 a second in dev): the tests send at a rate
    # that never waits, except those that enforce one (tests/test_sending_rate.py).
    monkeypatch.setenv("SES_MAX_SEND_RATE", "1000000")
    reset_caches()
    with mock_aws():
        yield Stack.start()
    reset_caches()


@pytest.fixture
def linkedin(monkeypatch, stack):
    """A stand-in LinkedIn on 127.0.0.1, the product's client pointed at it, the partner's
    parent-application credentials in Secrets Manager (what ops set up once)."""
    import json

    import boto3

    from chalicelib.config import get_settings
    from tests.standins.linkedin import LinkedInStandIn

    stand_in = LinkedInStandIn()
    monkeypatch.setenv("LINKEDIN_API_URL", stand_in.url)
    monkeypatch.setenv("LINKEDIN_OAUTH_URL", stand_in.url)
    # LinkedIn's tasks are checked again after a minute in AWS; here at once.
    monkeypatch.setenv("LINKEDIN_TASK_POLL_SECONDS", "0")
    get_settings.cache_clear()
    boto3.client("secretsmanager").create_secret(
        Name="candidate-connect-dev-linkedin-partner",
        SecretString=json.dumps({"client_id": stand_in.partner[0], "client_secret": stand_in.partner[1]}))
    yield stand_in
    stand_in.server.shutdown()
    get_settings.cache_clear()
