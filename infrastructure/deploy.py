"""Deploy a stage with `chalice deploy`: the supported path for operators.

    python -m infrastructure.deploy --stage prod [--sender-address jobs@example.com] [--alarm-email ops@example.com]
    (make deploy STAGE=prod SENDER=jobs@example.com ALARM_EMAIL=ops@example.com)

1. Deploys infrastructure/template.yaml as its own CloudFormation stack,
   `candidate-connect-<stage>-resources` (created, or updated when it exists): every table,
   queue, topic, bucket, the scheduler group and role, SES and the signing secret, the alarms
   and the dashboard. The alarms' address (--alarm-email) is kept from the last deploy when
   not given; SNS mails it a confirmation link to click once.
2. Feeds the stack's outputs to the stage's configuration: `.chalice/config.json` gets the
   bucket, the scheduler's role and DLQ and the rejection function's ARN, and the queue, stream
   and topic ARNs go to app.py's event-source decorators (environment, read at deploy time).
3. Builds the deployment package (infrastructure/package.py) and runs
   `chalice deploy --stage <stage>`, which reuses it.
4. Applies what Chalice cannot express through the Lambda API, exactly as
   infrastructure/function-overrides.yaml declares it for the packaged path: partial batch
   responses on every SQS and stream source, and on streams the retry limit, record age,
   bisection and the on-failure DLQ.

The packaged path (infrastructure/package.py, then `aws cloudformation deploy`) stays beside it;
both read the same template and the same overrides.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import yaml

from infrastructure.package import OVERRIDES, ROOT, build_deployment_package, deploy_time_variables

APP = "candidate-connect"
TEMPLATE = ROOT / "infrastructure" / "template.yaml"
# app.py's event-source decorators read these when `chalice deploy` imports it.
EVENT_SOURCE_VARIABLES = {
    "JOB_POSTINGS_QUEUE_ARN": "JobPostingsQueueArn",
    "NOTIFICATIONS_QUEUE_ARN": "NotificationsQueueArn",
    "LINKEDIN_QUEUE_ARN": "LinkedInQueueArn",
    "RESUME_UPLOADS_QUEUE_ARN": "ResumeUploadsQueueArn",
    "CAMPAIGNS_QUEUE_ARN": "CampaignsQueueArn",
    "JOBS_STREAM_ARN": "JobsStreamArn",
    "APPLICATIONS_STREAM_ARN": "ApplicationsStreamArn",
    "EMAIL_EVENTS_TOPIC_ARN": "EmailEventsTopicArn",
}
# Event-source mapping settings the Lambda API takes as they are written in the overrides.
MAPPING_OPTIONS = ("FunctionResponseTypes", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
                   "MaximumRecordAgeInSeconds", "DestinationConfig")


def stack_name(stage: str) -> str:
    return f"{APP}-{stage}-resources"


def deploy_resources(stage: str, sender_address: str | None = None, session: boto3.Session | None = None,
                     alarm_email: str | None = None) -> dict[str, str]:
    """Create or update the resources stack and wait for it; returns its outputs."""
    cloudformation = (session or boto3.Session()).client("cloudformation")
    try:
        stack = cloudformation.describe_stacks(StackName=stack_name(stage))["Stacks"][0]
        previous = {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])}
        exists = True
    except cloudformation.exceptions.ClientError:
        previous, exists = {}, False
    parameters = [{"ParameterKey": "Stage", "ParameterValue": stage}]
    if sender_address:
        parameters.append({"ParameterKey": "SenderAddress", "ParameterValue": sender_address})
    if alarm_email:
        parameters.append({"ParameterKey": "AlarmEmail", "ParameterValue": alarm_email})
    elif previous.get("AlarmEmail"):  # an update without the option keeps the address ops gave
        parameters.append({"ParameterKey": "AlarmEmail", "ParameterValue": previous["AlarmEmail"]})
    arguments = {"StackName": stack_name(stage), "TemplateBody": TEMPLATE.read_text(), "Parameters": parameters,
                 "Capabilities": ["CAPABILITY_IAM"], "Tags": [{"Key": "stage", "Value": stage}]}
    if exists:
        try:
            cloudformation.update_stack(**arguments)
            cloudformation.get_waiter("stack_update_complete").wait(StackName=stack_name(stage))
        except cloudformation.exceptions.ClientError as error:
            if "No updates are to be performed" not in str(error):
                raise
    else:
        cloudformation.create_stack(**arguments)
        cloudformation.get_waiter("stack_create_complete").wait(StackName=stack_name(stage))
    stack = cloudformation.describe_stacks(StackName=stack_name(stage))["Stacks"][0]
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def function_name(stage: str, function: str) -> str:
    """What Chalice names a deployed function."""
    return f"{APP}-{stage}-{function}"


def configure_stage(stage: str, outputs: dict[str, str], account: str, region: str, project_dir: Path = ROOT) -> dict[str, str]:
    """Write the stack's values into the stage's environment in .chalice/config.json."""
    values = {
        "RESUMES_BUCKET": outputs["ResumesBucketName"],
        "SCHEDULER_ROLE_ARN": outputs["SchedulerInvokeRoleArn"],
        "SCHEDULES_DLQ_ARN": outputs["SchedulesDLQArn"],
        "REJECTION_FUNCTION_ARN": f"arn:aws:lambda:{region}:{account}:function:{function_name(stage, 'rejection_notice')}",
    }
    path = project_dir / ".chalice" / "config.json"
    config = json.loads(path.read_text())
    config["stages"][stage]["environment_variables"].update(values)
    path.write_text(json.dumps(config, indent=2) + "\n")
    return values


def chalice_deploy(stage: str, outputs: dict[str, str], project_dir: Path = ROOT,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    if project_dir == ROOT:
        build_deployment_package()  # Chalice finds it and ships it as it is
    variables = {**deploy_time_variables(stage), **{name: outputs[key] for name, key in EVENT_SOURCE_VARIABLES.items()}}
    chalice = Path(sys.executable).with_name("chalice")
    return subprocess.run([str(chalice), "--project-dir", str(project_dir), "deploy", "--stage", stage],
                          env={**(env or os.environ), **variables}, capture_output=True, text=True)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _resolve(value: Any, outputs: dict[str, str]) -> Any:
    """The overrides' intrinsics, answered from the stack's outputs ({"Fn::GetAtt": [X, "Arn"]} is
    the output XArn)."""
    if isinstance(value, dict):
        if set(value) == {"Fn::GetAtt"}:
            logical, attribute = value["Fn::GetAtt"]
            return outputs[f"{logical}{attribute}"]
        return {key: _resolve(item, outputs) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, outputs) for item in value]
    return value


def event_source_options(outputs: dict[str, str]) -> dict[str, dict[str, Any]]:
    """function name (Chalice's) -> the mapping options the overrides declare for it."""
    declared: dict[str, dict[str, Any]] = {}
    for logical, resource in yaml.safe_load(OVERRIDES.read_text())["Resources"].items():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            options = {k: v for k, v in event.get("Properties", {}).items() if k in MAPPING_OPTIONS}
            if "DestinationConfig" in options:  # SAM writes the destination's Type; Lambda's API infers it
                options["DestinationConfig"] = {"OnFailure": {"Destination": options["DestinationConfig"]["OnFailure"]["Destination"]}}
            if options:
                declared[_snake(logical)] = _resolve(options, outputs)
    return declared


def apply_event_source_options(stage: str, outputs: dict[str, str], session: boto3.Session | None = None) -> dict[str, dict]:
    lambda_ = (session or boto3.Session()).client("lambda")
    applied = {}
    for function, options in event_source_options(outputs).items():
        arn = lambda_.get_function(FunctionName=function_name(stage, function))["Configuration"]["FunctionArn"]
        mappings = lambda_.list_event_source_mappings(FunctionName=arn)["EventSourceMappings"]
        if len(mappings) != 1:
            raise RuntimeError(f"{function_name(stage, function)} has {len(mappings)} event sources, expected one")
        lambda_.update_event_source_mapping(UUID=mappings[0]["UUID"], **options)
        applied[function] = options
    return applied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--sender-address")
    parser.add_argument("--alarm-email", help="where the alarms are sent (kept from the last deploy when not given)")
    args = parser.parse_args()
    session = boto3.Session()
    identity = session.client("sts").get_caller_identity()
    outputs = deploy_resources(args.stage, args.sender_address, session, alarm_email=args.alarm_email)
    print(f"resources stack {stack_name(args.stage)}: {len(outputs)} outputs")
    configure_stage(args.stage, outputs, identity["Account"], session.region_name)
    deployed = chalice_deploy(args.stage, outputs)
    print(deployed.stdout, deployed.stderr, sep="")
    deployed.check_returncode()
    for function, options in apply_event_source_options(args.stage, outputs, session).items():
        print(f"{function}: {', '.join(sorted(options))}")


if __name__ == "__main__":
    main()
