"""Build the resources of ``template.yaml`` through boto3, against moto (tests, local stack).

CloudFormation itself deploys the same template in AWS; this module is how everything that
is not AWS gets the identical tables, queues and identities without a second definition.
It understands exactly the resource types and intrinsics the template uses and fails loudly
on anything else, so a new resource cannot be silently missing locally.
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any, Callable

import boto3
import yaml

TEMPLATE_PATH = Path(__file__).with_name("template.yaml")


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


class _Unresolved(Exception):
    """A reference to a resource that has not been created yet."""


class Provisioner:
    def client(self, service: str):
        """One client per service for the whole provisioning: creating a botocore client reads
        its service model from disk, and a stack has dozens of resources (every test makes one)."""
        if service not in self._clients:
            self._clients[service] = self.session.client(service)
        return self._clients[service]

    def __init__(self, parameters: dict[str, str] | None = None, session: boto3.Session | None = None):
        self.template = load_template()
        self.session = session or boto3.Session()
        self._clients: dict[str, Any] = {}
        defaults = {name: spec.get("Default") for name, spec in self.template.get("Parameters", {}).items()}
        self.parameters: dict[str, Any] = {**defaults, **(parameters or {})}
        # CloudFormation's pseudo parameters, as Fn::Sub sees them.
        self.parameters.setdefault("AWS::Region", self.session.region_name or "us-east-1")
        self.parameters.setdefault("AWS::AccountId", self.client("sts").get_caller_identity()["Account"])
        self.physical: dict[str, dict[str, str]] = {}  # logical id -> {"Ref": ..., "Arn": ..., ...}
        self._creators: dict[str, Callable[[str, dict], dict[str, str]]] = {
            "AWS::DynamoDB::Table": self._table,
            "AWS::SQS::Queue": self._queue,
            "AWS::SQS::QueuePolicy": self._queue_policy,
            "AWS::Scheduler::ScheduleGroup": self._schedule_group,
            "AWS::SES::ConfigurationSet": self._configuration_set,
            "AWS::SES::EmailIdentity": self._email_identity,
            "AWS::SecretsManager::Secret": self._secret,
            "AWS::SNS::Topic": self._topic,
            "AWS::S3::Bucket": self._bucket,
            "AWS::SES::ConfigurationSetEventDestination": self._event_destination,
            "AWS::IAM::Role": self._role,
            "AWS::SNS::Subscription": self._subscription,
            "AWS::CloudWatch::Alarm": self._alarm,
            "AWS::CloudWatch::Dashboard": self._dashboard,
        }
        self.conditions = {name: self._condition(value) for name, value in self.template.get("Conditions", {}).items()}

    # -- intrinsics -----------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                if key == "Ref":
                    return self._ref(arg)
                if key == "Fn::GetAtt":
                    return self._get_att(*arg)
                if key == "Fn::Sub":
                    return self._sub(arg)
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def _ref(self, name: str) -> str:
        if name in self.parameters:
            return self.parameters[name]
        if name in self.physical:
            return self.physical[name]["Ref"]
        raise _Unresolved(name)

    def _get_att(self, name: str, attribute: str) -> str:
        if name not in self.physical:
            raise _Unresolved(name)
        return self.physical[name][attribute]

    def _condition(self, value: Any) -> bool:
        (key, args), = value.items()
        if key == "Fn::Not":
            return not self._condition(args[0])
        if key == "Fn::Equals":
            left, right = (self.resolve(arg) for arg in args)
            return str(left) == str(right)
        raise ValueError(f"unsupported condition {key}")

    def _sub(self, text: str) -> str:
        out = text
        for name, value in self.parameters.items():
            out = out.replace("${%s}" % name, str(value))
        if "${" in out:
            raise ValueError(f"unsupported substitution in {text!r}")
        return out

    # -- resources ------------------------------------------------------------------
    def create_all(self) -> dict[str, dict[str, str]]:
        # A resource whose Condition is false does not exist, as in CloudFormation.
        pending = {name: resource for name, resource in self.template["Resources"].items()
                   if self.conditions.get(resource.get("Condition"), True)}
        while pending:
            progressed = False
            for logical_id, resource in list(pending.items()):
                creator = self._creators.get(resource["Type"])
                if creator is None:
                    raise NotImplementedError(f"{logical_id}: {resource['Type']} has no local provisioner")
                try:
                    properties = self.resolve(resource.get("Properties", {}))
                except _Unresolved:
                    continue
                self.physical[logical_id] = creator(logical_id, properties)
                del pending[logical_id]
                progressed = True
            if not progressed:
                raise ValueError(f"circular or dangling references among {sorted(pending)}")
        return self.physical

    def _table(self, _: str, p: dict) -> dict[str, str]:
        ddb = self.client("dynamodb")
        args: dict[str, Any] = {
            "TableName": p["TableName"],
            "AttributeDefinitions": p["AttributeDefinitions"],
            "KeySchema": p["KeySchema"],
            "BillingMode": p.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if "GlobalSecondaryIndexes" in p:
            args["GlobalSecondaryIndexes"] = p["GlobalSecondaryIndexes"]
        if "StreamSpecification" in p:
            args["StreamSpecification"] = {"StreamEnabled": True, **p["StreamSpecification"]}
        try:
            table = ddb.create_table(**args)["TableDescription"]
        except ddb.exceptions.ResourceInUseException:
            table = ddb.describe_table(TableName=p["TableName"])["Table"]
        if "TimeToLiveSpecification" in p:
            ddb.update_time_to_live(TableName=p["TableName"], TimeToLiveSpecification=p["TimeToLiveSpecification"])
        return {"Ref": p["TableName"], "Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}

    def _queue(self, _: str, p: dict) -> dict[str, str]:
        sqs = self.client("sqs")
        attributes = {
            key: json.dumps(value) if isinstance(value, dict) else str(value).lower() if isinstance(value, bool) else str(value)
            for key, value in p.items()
            if key != "QueueName"
        }
        url = sqs.create_queue(QueueName=p["QueueName"], Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return {"Ref": url, "Arn": arn, "QueueName": p["QueueName"]}

    def _queue_policy(self, logical_id: str, p: dict) -> dict[str, str]:
        sqs = self.client("sqs")
        for url in p["Queues"]:
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(p["PolicyDocument"])})
        return {"Ref": logical_id}

    def _schedule_group(self, _: str, p: dict) -> dict[str, str]:
        scheduler = self.client("scheduler")
        try:
            arn = scheduler.create_schedule_group(Name=p["Name"])["ScheduleGroupArn"]
        except scheduler.exceptions.ConflictException:
            arn = scheduler.get_schedule_group(Name=p["Name"])["Arn"]
        return {"Ref": p["Name"], "Arn": arn}

    def _configuration_set(self, _: str, p: dict) -> dict[str, str]:
        ses = self.client("sesv2")
        try:
            ses.create_configuration_set(ConfigurationSetName=p["Name"])
        except ses.exceptions.AlreadyExistsException:
            pass
        return {"Ref": p["Name"]}

    def _email_identity(self, _: str, p: dict) -> dict[str, str]:
        ses = self.client("sesv2")
        args: dict[str, Any] = {"EmailIdentity": p["EmailIdentity"]}
        if "ConfigurationSetAttributes" in p:
            args["ConfigurationSetName"] = p["ConfigurationSetAttributes"]["ConfigurationSetName"]
        try:
            ses.create_email_identity(**args)
        except ses.exceptions.AlreadyExistsException:
            pass
        return {"Ref": p["EmailIdentity"]}

    def _bucket(self, logical_id: str, p: dict) -> dict[str, str]:
        # Unnamed in the template (CloudFormation makes a globally unique name); a stable one here.
        name = p.get("BucketName") or f"candidate-connect-{self.parameters['Stage']}-{logical_id.removesuffix('Bucket').lower()}"
        s3 = self.client("s3")
        try:
            s3.create_bucket(Bucket=name)
        except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            pass
        if "PublicAccessBlockConfiguration" in p:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=p["PublicAccessBlockConfiguration"])
        notifications = p.get("NotificationConfiguration", {})
        if set(notifications) - {"QueueConfigurations"}:
            raise NotImplementedError(f"{logical_id}: only queue notifications have a local provisioner")
        if notifications:
            s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={"QueueConfigurations": [
                {"QueueArn": q["Queue"], "Events": [q["Event"]], **({"Filter": q["Filter"]} if "Filter" in q else {})}
                for q in notifications["QueueConfigurations"]
            ]})
        return {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}

    def _role(self, logical_id: str, p: dict) -> dict[str, str]:
        # Unnamed in the template, like the bucket: a stable name here.
        name = p.get("RoleName") or f"candidate-connect-{self.parameters['Stage']}-{logical_id.removesuffix('Role').lower()}"
        iam = self.client("iam")
        try:
            arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(p["AssumeRolePolicyDocument"]))["Role"]["Arn"]
        except iam.exceptions.EntityAlreadyExistsException:
            arn = iam.get_role(RoleName=name)["Role"]["Arn"]
        for policy in p.get("Policies", []):
            iam.put_role_policy(RoleName=name, PolicyName=policy["PolicyName"], PolicyDocument=json.dumps(policy["PolicyDocument"]))
        return {"Ref": name, "Arn": arn}

    def _topic(self, _: str, p: dict) -> dict[str, str]:
        arn = self.client("sns").create_topic(Name=p["TopicName"])["TopicArn"]
        return {"Ref": arn, "TopicName": p["TopicName"]}

    def _subscription(self, _: str, p: dict) -> dict[str, str]:
        arn = self.client("sns").subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"], Endpoint=p["Endpoint"])
        return {"Ref": arn["SubscriptionArn"]}

    def _alarm(self, _: str, p: dict) -> dict[str, str]:
        self.client("cloudwatch").put_metric_alarm(**p)
        return {"Ref": p["AlarmName"]}

    def _dashboard(self, _: str, p: dict) -> dict[str, str]:
        self.client("cloudwatch").put_dashboard(DashboardName=p["DashboardName"], DashboardBody=p["DashboardBody"])
        return {"Ref": p["DashboardName"]}

    def _event_destination(self, _: str, p: dict) -> dict[str, str]:
        destination = p["EventDestination"]
        ses = self.client("ses")
        try:
            ses.create_configuration_set_event_destination(
                ConfigurationSetName=p["ConfigurationSetName"],
                EventDestination={
                    "Name": destination["Name"],
                    "Enabled": destination.get("Enabled", True),
                    "MatchingEventTypes": destination["MatchingEventTypes"],
                    "SNSDestination": {"TopicARN": destination["SnsDestination"]["TopicARN"]},
                },
            )
        except ses.exceptions.EventDestinationAlreadyExistsException:
            pass
        return {"Ref": destination["Name"]}

    def _secret(self, _: str, p: dict) -> dict[str, str]:
        sm = self.client("secretsmanager")
        try:
            arn = sm.describe_secret(SecretId=p["Name"])["ARN"]
        except sm.exceptions.ResourceNotFoundException:
            # Same shape as CloudFormation's GenerateSecretString: random, never stored in the repo.
            value = secrets.token_urlsafe(p.get("GenerateSecretString", {}).get("PasswordLength", 64))
            arn = sm.create_secret(Name=p["Name"], SecretString=value)["ARN"]
        return {"Ref": arn, "Arn": arn, "Name": p["Name"]}


def provision(stage: str = "dev", sender_address: str | None = None, alarm_email: str | None = None) -> dict[str, dict[str, str]]:
    parameters = {"Stage": stage}
    if sender_address:
        parameters["SenderAddress"] = sender_address
    if alarm_email:
        parameters["AlarmEmail"] = alarm_email
    return Provisioner(parameters).create_all()


def stage_environment(physical: dict[str, dict[str, str]]) -> dict[str, str]:
    """The environment variables the Lambda functions get, as created by ``provision``.

    Kept beside the template so that the names in `.chalice/config.json` and these
    cannot drift: a test compares them.
    """
    return {
        "COMPANIES_TABLE": physical["CompaniesTable"]["Ref"],
        "CANDIDATES_TABLE": physical["CandidatesTable"]["Ref"],
        "JOBS_TABLE": physical["JobsTable"]["Ref"],
        "SUBSCRIPTION_INDEX_TABLE": physical["SubscriptionIndexTable"]["Ref"],
        "TOKENS_TABLE": physical["TokensTable"]["Ref"],
        "RATE_LIMITS_TABLE": physical["RateLimitsTable"]["Ref"],
        "SUPPRESSIONS_TABLE": physical["SuppressionsTable"]["Ref"],
        "DIGESTS_TABLE": physical["DigestsTable"]["Ref"],
        "EMAIL_LEDGER_TABLE": physical["EmailLedgerTable"]["Ref"],
        "APPLICATIONS_TABLE": physical["ApplicationsTable"]["Ref"],
        "RESUMES_BUCKET": physical["ResumesBucket"]["Ref"],
        "IDEMPOTENCY_TABLE": physical["IdempotencyTable"]["Ref"],
        "JOB_POSTINGS_QUEUE": physical["JobPostingsQueue"]["QueueName"],
        "JOB_POSTINGS_DLQ": physical["JobPostingsDLQ"]["QueueName"],
        "NOTIFICATIONS_QUEUE": physical["NotificationsQueue"]["QueueName"],
        "NOTIFICATIONS_DLQ": physical["NotificationsDLQ"]["QueueName"],
        "LINKEDIN_QUEUE": physical["LinkedInQueue"]["QueueName"],
        "LINKEDIN_DLQ": physical["LinkedInDLQ"]["QueueName"],
        "RESUME_UPLOADS_QUEUE": physical["ResumeUploadsQueue"]["QueueName"],
        "RESUME_UPLOADS_DLQ": physical["ResumeUploadsDLQ"]["QueueName"],
        "CAMPAIGNS_QUEUE": physical["CampaignsQueue"]["QueueName"],
        "CAMPAIGNS_DLQ": physical["CampaignsDLQ"]["QueueName"],
        "SCHEDULE_GROUP": physical["ScheduleGroup"]["Ref"],
        "SCHEDULES_DLQ": physical["SchedulesDLQ"]["QueueName"],
        "SES_CONFIGURATION_SET": physical["EmailConfigurationSet"]["Ref"],
        "SENDER_ADDRESS": physical["SenderIdentity"]["Ref"],
        "SIGNING_SECRET_NAME": physical["SigningKeySecret"]["Name"],
        "SCHEDULER_ROLE_ARN": physical["SchedulerInvokeRole"]["Arn"],
    }
