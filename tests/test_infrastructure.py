"""The one definition of the stack: linted, deployable, and the same names everywhere."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from moto import mock_aws

from infrastructure.package import ROOT, package
from infrastructure.provision import load_template, provision, stage_environment
from infrastructure.stage import stage_variables

# Building the deployment package writes .chalice/deployments in the project: one worker builds it.
pytestmark = pytest.mark.xdist_group("package")

CFN_LINT = [str(Path(sys.executable).with_name("cfn-lint"))]


def test_infrastructure_template_passes_cfn_lint():
    result = subprocess.run([*CFN_LINT, str(ROOT / "infrastructure" / "template.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> Path:
    return package("prod", tmp_path_factory.mktemp("package"))


def test_packaged_chalice_template_passes_cfn_lint(packaged):
    result = subprocess.run([*CFN_LINT, str(packaged)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_packaged_event_sources_use_the_stacks_resources_and_report_item_failures(packaged):
    import yaml

    resources = yaml.safe_load(packaged.read_text())["Resources"]
    sqs = resources["JobPostingsConsumer"]["Properties"]["Events"]["JobPostingsConsumerSqsEventSource"]["Properties"]
    stream = resources["JobsStreamMatcher"]["Properties"]["Events"]["JobsStreamMatcherDynamodbEventSource"]["Properties"]
    assert sqs["Queue"] == {"Fn::GetAtt": ["JobPostingsQueue", "Arn"]}
    assert sqs["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert stream["Stream"] == {"Fn::GetAtt": ["JobsTable", "StreamArn"]}
    assert stream["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert stream["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["JobsStreamDLQ", "Arn"]}
    assert "Queue" in resources["NotificationsQueue"]["Type"]
    # The notifications consumers are few enough to send at the stage's SES rate (pacing.py)
    from chalicelib.notifications import pacing

    notifications = resources["NotificationsConsumer"]["Properties"]["Events"]["NotificationsConsumerSqsEventSource"]["Properties"]
    assert notifications["ScalingConfig"] == {"MaximumConcurrency": pacing.consumers(float(stage_variables("prod")["SES_MAX_SEND_RATE"]))}


@pytest.mark.parametrize("stage", ["dev", "prod", "local"])
def test_every_stage_environment_names_exactly_what_the_template_creates(stage):
    with mock_aws():
        created = stage_environment(provision(stage=stage))
    declared = stage_variables(stage)
    assert {name: declared.get(name) for name in created} == created


def test_every_queue_has_a_dlq_with_retries_and_visibility_six_times_its_consumer_timeout():
    resources = load_template()["Resources"]
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    consumers = {"JobPostingsQueue": "job_postings_consumer", "NotificationsQueue": "notifications_consumer",
                 "ResumeUploadsQueue": "resume_uploads", "CampaignsQueue": "campaign_sender"}
    for queue, function in consumers.items():
        properties = resources[queue]["Properties"]
        timeout = config["stages"]["prod"]["lambda_functions"][function]["lambda_timeout"]
        assert properties["RedrivePolicy"]["maxReceiveCount"] > 1
        assert properties["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0] in resources
        assert properties["VisibilityTimeout"] >= 6 * timeout


def test_tables_have_the_stream_and_ttl_the_code_relies_on():
    resources = load_template()["Resources"]
    assert resources["JobsTable"]["Properties"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert resources["TokensTable"]["Properties"]["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert resources["IdempotencyTable"]["Properties"]["TimeToLiveSpecification"]["AttributeName"] == "expiration"


def test_the_package_is_small_and_holds_what_every_function_imports_but_nothing_lambda_provides(packaged, tmp_path):
    """The deployment package, unpacked as Lambda does, with only what Lambda's Python runtime
    adds (boto3 and its dependencies, from this environment) beside it: app.py and every module
    of chalicelib import, X-Ray tracing and the batch and idempotency utilities included."""
    import os
    import zipfile

    from infrastructure.package import PROVIDED_BY_RUNTIME
    from bench.coldstart import lambda_environment

    archive = packaged.parent / "deployment.zip"
    # Lambda takes 50 MB zipped; ours is ~11.5 MB, 4.8 MB of it cryptography's Rust core (PyJWT's
    # RS256/ES256 for ID tokens), ~0.1 MB the console's screens and catalogs, ~0.46 MB what a cold
    # start no longer compiles (the shipped templates compiled, 0.39 MB; app.py's and Chalice's
    # bytecode, 0.07 MB), and since 2026-12-08 campaigns, the response promise, email categories
    # and relevance (~0.3 MB with their compiled templates). The budget catches a dependency or a
    # data file slipping in.
    assert archive.stat().st_size <= 12_000_000
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        zipped.extractall(tmp_path / "task")
    tops = {name.split("/")[0].split("-")[0] for name in names}
    assert tops & set(PROVIDED_BY_RUNTIME) == set() and "babel" not in tops
    assert "chalicelib/local/outbox.py" not in names
    # Operator-only modules (the CLI and its DLQ commands) stay on the operator's machine
    assert not [name for name in names if name.startswith(("chalicelib/cli.", "chalicelib/aws/deadletters.", "chalicelib/__pycache__/cli.",
                                                            "chalicelib/aws/__pycache__/deadletters."))]
    assert "chalicelib/__pycache__/api.cpython-311.pyc" in names and "pydantic/main.pyc" in names
    # Nothing a cold start runs is compiled there: app.py's and Chalice's runtime's bytecode ship
    # too, and the shipped templates compiled (chalicelib/templating.py)
    assert {"__pycache__/app.cpython-311.pyc", "chalice/__pycache__/app.cpython-311.pyc"} <= set(names)
    assert len([name for name in names if name.startswith("chalicelib/__pycache__/jinja2/")]) >= 100
    assert any(name.endswith("LC_MESSAGES/messages.mo") for name in names)

    runtime = tmp_path / "runtime"
    runtime.mkdir()
    import boto3
    site = Path(boto3.__file__).parent.parent
    for entry in site.iterdir():
        if entry.name.split("-")[0].lower().replace("python_", "") in PROVIDED_BY_RUNTIME:
            os.symlink(entry, runtime / entry.name)
    probe = (
        "import importlib, pkgutil, sys\n"
        "import app, chalicelib\n"
        "skipped = ('chalicelib.local',)\n"
        "for info in pkgutil.walk_packages(chalicelib.__path__, 'chalicelib.'):\n"
        "    if not info.name.startswith(skipped): importlib.import_module(info.name)\n"
        "from aws_lambda_powertools import Tracer; Tracer(disabled=True)\n"
        "import aws_xray_sdk.core, jwt.algorithms\n"
        "from chalicelib.i18n import translate\n"
        "assert translate('sv', 'Connect') != 'Connect'\n"
        "assert all(not m.startswith(('moto', 'babel', 'pytest')) for m in sys.modules)\n"
        "print('imported', len(sys.modules))\n"
    )
    env = {**lambda_environment(), "PYTHONPATH": f"{tmp_path / 'task'}:{runtime}", "POWERTOOLS_TRACE_DISABLED": "true"}
    result = subprocess.run([sys.executable, "-S", "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
