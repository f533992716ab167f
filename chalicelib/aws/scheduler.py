"""EventBridge Scheduler: the only place that creates or deletes schedules."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from chalicelib.aws.clients import client
from chalicelib.config import get_settings


def schedule_once(name: str, at: datetime, payload: dict, target_arn: str | None = None) -> bool:
    """A one-time schedule invoking the rejection-notice function (or ``target_arn``: a queue,
    which then receives ``payload`` as a message) at ``at`` (UTC), deleted after it runs. The
    name is the caller's idempotency key: a retry finds it exists and creates nothing.
    Returns False when it already existed."""
    settings = get_settings()
    scheduler = client("scheduler")
    try:
        scheduler.create_schedule(
            Name=name,
            GroupName=settings.schedule_group,
            ScheduleExpression=f"at({at.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S')})",
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": target_arn or settings.rejection_function_arn,
                "RoleArn": settings.scheduler_role_arn,
                "Input": json.dumps(payload, separators=(",", ":")),
                "RetryPolicy": {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 86400},
                "DeadLetterConfig": {"Arn": settings.schedules_dlq_arn},
            },
        )
    except scheduler.exceptions.ConflictException:
        return False
    return True


def cancel(name: str) -> bool:
    """Delete a schedule; one already gone (fired, or never made) is not an error."""
    scheduler = client("scheduler")
    try:
        scheduler.delete_schedule(Name=name, GroupName=get_settings().schedule_group)
    except scheduler.exceptions.ResourceNotFoundException:
        return False
    return True
