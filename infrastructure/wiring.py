"""Which handler each queue, stream and schedule target feeds: the local copy of the event-source
mappings that `chalice package` generates for AWS."""
from __future__ import annotations

from types import ModuleType

from infrastructure.event_sources import EventPump


def wire(app_module: ModuleType, physical: dict[str, dict[str, str]], env: dict[str, str]) -> EventPump:
    pump = EventPump()
    pump.add_queue(env["JOB_POSTINGS_QUEUE"], app_module.job_postings_consumer, "job_postings_consumer")
    pump.add_queue(env["NOTIFICATIONS_QUEUE"], app_module.notifications_consumer, "notifications_consumer")
    pump.add_stream(
        physical["JobsTable"]["StreamArn"],
        app_module.jobs_stream_matcher,
        "jobs_stream_matcher",
        dead_letter_queue=physical["JobsStreamDLQ"]["QueueName"],
    )
    pump.add_stream(
        physical["ApplicationsTable"]["StreamArn"],
        app_module.applications_history,
        "applications_history",
        dead_letter_queue=physical["ApplicationsStreamDLQ"]["QueueName"],
    )
    # LinkedIn Apply Connect reads both streams with functions of its own (a second reader each).
    pump.add_stream(
        physical["JobsTable"]["StreamArn"], app_module.linkedin_jobs, "linkedin_jobs",
        dead_letter_queue=physical["JobsStreamDLQ"]["QueueName"],
    )
    pump.add_stream(
        physical["ApplicationsTable"]["StreamArn"], app_module.linkedin_applications, "linkedin_applications",
        dead_letter_queue=physical["ApplicationsStreamDLQ"]["QueueName"],
    )
    pump.add_queue(env["LINKEDIN_QUEUE"], app_module.linkedin_worker, "linkedin_worker")
    # S3's notifications of created resume objects (moto sends them to the queue as S3 does).
    pump.add_queue(env["RESUME_UPLOADS_QUEUE"], app_module.resume_uploads, "resume_uploads")
    # Campaigns' fan-out; a campaign's schedules deliver to this queue (an SQS target).
    pump.add_queue(env["CAMPAIGNS_QUEUE"], app_module.campaign_sender, "campaign_sender", batch_size=1)
    pump.add_schedule_group(env["SCHEDULE_GROUP"])
    pump.add_function("rejection_notice", app_module.rejection_notice)
    # EventBridge rules run hourly and daily in AWS; locally every minute, so changes show up soon.
    pump.add_periodic("digest_sender", app_module.digest_sender, every_seconds=60)
    pump.add_periodic("consent_keeper", app_module.consent_keeper, every_seconds=60)
    pump.add_periodic("team_digests", app_module.team_digests, every_seconds=60)
    pump.add_periodic("promise_guard", app_module.promise_guard, every_seconds=60)
    return pump
