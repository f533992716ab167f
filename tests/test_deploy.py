"""The `chalice deploy` path (infrastructure/deploy.py), against moto's server on 127.0.0.1.

moto runs the resources stack (the resource types its CloudFormation knows), IAM, Lambda and
its event sources, SNS subscriptions and EventBridge rules as `chalice deploy` creates them.
What it cannot run is API Gateway's import of Chalice's Swagger 2.0 document (moto imports
OpenAPI 3 only), the last step of `chalice deploy`: the test checks everything Chalice created
before it, and that this is the one step that failed. moto also needs `info.description` in
an imported API document, which AWS does not; that is patched here, in moto's process only.
"""
from __future__ import annotations

import json
import os
import shutil

import boto3
import pytest
import yaml

from infrastructure import deploy
from infrastructure.package import OVERRIDES, ROOT, build_deployment_package, chalice_package_path
from tests.support import free_port

# Building the deployment package writes .chalice/deployments in the project: one worker builds it.
pytestmark = pytest.mark.xdist_group("package")


@pytest.fixture()
def moto_server(monkeypatch):
    from moto.apigateway.models import APIGatewayBackend
    from moto.server import ThreadedMotoServer

    original = APIGatewayBackend.import_rest_api

    def import_rest_api(self, api_doc, fail_on_warnings):
        api_doc.setdefault("info", {}).setdefault("description", "")
        return original(self, api_doc, fail_on_warnings)

    monkeypatch.setattr(APIGatewayBackend, "import_rest_api", import_rest_api)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "deploy", "AWS_SECRET_ACCESS_KEY": "deploy",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        yield env
    finally:
        server.stop()


@pytest.fixture()
def project(tmp_path):
    """A copy of the project to deploy (the deploy writes the stage's configuration)."""
    package = build_deployment_package()
    target = tmp_path / "project"
    target.mkdir()
    for name in ("app.py", "requirements.txt"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "chalicelib", target / "chalicelib")
    shutil.copytree(ROOT / ".chalice", target / ".chalice", ignore=shutil.ignore_patterns("deployments"))
    (target / ".chalice" / "deployments").mkdir()
    shutil.copy(package, target / ".chalice" / "deployments" / package.name)
    return target


def test_one_command_deploys_the_resources_stack_then_chalice_then_the_event_source_options(moto_server, project):
    session = boto3.Session()

    # Given the resources stack deployed from infrastructure/template.yaml
    outputs = deploy.deploy_resources("dev", session=session)
    assert {"JobPostingsQueueArn", "NotificationsQueueArn", "JobsStreamArn", "ApplicationsStreamArn",
            "EmailEventsTopicArn", "ResumesBucketName", "SchedulerInvokeRoleArn", "SchedulesDLQArn"} <= set(outputs)
    assert deploy.deploy_resources("dev", session=session) == outputs  # a second run changes nothing

    # When its outputs feed the stage's configuration and Chalice deploys the functions
    values = deploy.configure_stage("dev", outputs, "123456789012", "us-east-1", project)
    stage_env = json.loads((project / ".chalice" / "config.json").read_text())["stages"]["dev"]["environment_variables"]
    assert {k: stage_env[k] for k in values} == values and stage_env["RESUMES_BUCKET"] == outputs["ResumesBucketName"]
    result = deploy.chalice_deploy("dev", outputs, project, env={**os.environ})
    assert "Reusing existing deployment package" in result.stdout + result.stderr
    assert result.returncode != 0 and "ImportRestApi" in result.stderr  # moto's limit, see the docstring

    # Then every event source points at the stack's own queue or stream: no placeholder left
    lambda_ = session.client("lambda")
    mappings = {m["FunctionArn"].rsplit(":", 1)[-1]: m for m in lambda_.list_event_source_mappings()["EventSourceMappings"]}
    expected_sources = {
        "job_postings_consumer": outputs["JobPostingsQueueArn"], "notifications_consumer": outputs["NotificationsQueueArn"],
        "jobs_stream_matcher": outputs["JobsStreamArn"], "applications_history": outputs["ApplicationsStreamArn"],
        "linkedin_worker": outputs["LinkedInQueueArn"], "linkedin_jobs": outputs["JobsStreamArn"],
        "linkedin_applications": outputs["ApplicationsStreamArn"], "resume_uploads": outputs["ResumeUploadsQueueArn"],
    }
    assert {name: mappings[deploy.function_name("dev", name)]["EventSourceArn"] for name in expected_sources} == expected_sources
    topics = session.client("sns").list_subscriptions_by_topic(TopicArn=outputs["EmailEventsTopicArn"])["Subscriptions"]
    assert [s["Endpoint"].rsplit(":", 1)[-1] for s in topics] == [deploy.function_name("dev", "email_events")]
    assert "000000000000" not in json.dumps(list(mappings.values()), default=str)

    # And the options Chalice cannot express are applied as function-overrides.yaml declares them
    deploy.apply_event_source_options("dev", outputs, session)
    mappings = {m["FunctionArn"].rsplit(":", 1)[-1]: m for m in lambda_.list_event_source_mappings()["EventSourceMappings"]}
    for name in expected_sources:
        assert mappings[deploy.function_name("dev", name)]["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name
    overrides = yaml.safe_load(OVERRIDES.read_text())["Resources"]
    declared = overrides["ApplicationsHistory"]["Properties"]["Events"]["ApplicationsHistoryDynamodbEventSource"]["Properties"]
    for name, dlq in (("jobs_stream_matcher", "JobsStreamDLQArn"), ("applications_history", "ApplicationsStreamDLQArn"),
                      ("linkedin_jobs", "JobsStreamDLQArn"), ("linkedin_applications", "ApplicationsStreamDLQArn")):
        stream = mappings[deploy.function_name("dev", name)]
        assert stream["BisectBatchOnFunctionError"] is True and stream["MaximumRetryAttempts"] == declared["MaximumRetryAttempts"]
        assert stream["DestinationConfig"] == {"OnFailure": {"Destination": outputs[dlq]}}
    assert chalice_package_path().exists()
