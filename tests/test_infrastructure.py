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


@pytest.mark.parametrize("stage", ["dev", "prod", "local"])
def test_every_stage_environment_names_exactly_what_the_template_creates(stage):
    with mock_aws():
        created = stage_environment(provision(stage=stage))
    declared = stage_variables(stage)
    assert {name: declared.get(name) for name in created} == created


def test_every_queue_has_a_dlq_with_retries_and_visibility_six_times_its_consumer_timeout():
    resources = load_template()["Resources"]
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    consumers = {"JobPostingsQueue": "job_postings_consumer", "NotificationsQueue": "notifications_consumer"}
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
