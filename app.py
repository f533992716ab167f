"""candidate-connect: the Chalice application.

HTTP routes live in blueprints, one per capability. The functions below are the other Lambda
entry points: the queues (job postings, notifications, LinkedIn, resume uploads), the jobs stream, SES's bounce/complaint topic, the hourly digest,
daily consent and team digest rules, and EventBridge Scheduler's rejection notices. Each only hands its
event to the capability's use case.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from chalice import Chalice, Cron, Rate

from chalicelib.api import http_middleware
from chalicelib.applications.routes import bp as application_routes
from chalicelib.auth.admin_routes import bp as auth_admin_routes
from chalicelib.console.community_routes import bp as community_routes
from chalicelib.console.routes import bp as console_routes
from chalicelib.console.applications_routes import bp as console_application_routes
from chalicelib.console.jobs_routes import bp as console_job_routes
from chalicelib.console.settings_routes import bp as console_settings_routes
from chalicelib.console.messages_routes import bp as console_messages_routes
from chalicelib.campaigns.routes import bp as campaign_routes
from chalicelib.console.campaigns_routes import bp as console_campaign_routes
from chalicelib.candidates.sign_in_routes import bp as sign_in_routes
from chalicelib.candidates.routes import bp as candidate_routes
from chalicelib.candidates.unsubscribe_routes import bp as unsubscribe_routes
from chalicelib.companies.http import cors_headers
from chalicelib.companies.routes import bp as company_routes
from chalicelib.configuration.routes import bp as key_routes
from chalicelib.dashboard.routes import bp as dashboard_routes
from chalicelib.feedback.routes import bp as feedback_routes
from chalicelib.jobs.routes import bp as job_routes
from chalicelib.linkedin.routes import bp as linkedin_routes
from chalicelib.matching.routes import bp as matching_routes
from chalicelib.notifications import pacing
from chalicelib.observability import logger, metrics
from chalicelib.pages.routes import bp as page_routes
from chalicelib.talent.routes import bp as talent_routes
from chalicelib.team.routes import bp as team_routes

app = Chalice(app_name="candidate-connect")
app.log.setLevel("INFO")

for blueprint in (
    company_routes, key_routes, auth_admin_routes, candidate_routes, sign_in_routes, unsubscribe_routes, job_routes,
    matching_routes, application_routes, talent_routes, dashboard_routes, page_routes, linkedin_routes,
    team_routes, console_routes, console_application_routes, console_job_routes, console_settings_routes, console_messages_routes,
    community_routes, feedback_routes,
    campaign_routes, console_campaign_routes,
):
    app.register_blueprint(blueprint)

# Chalice reads decorator arguments when it packages or deploys the app. `chalice deploy` runs
# through infrastructure/deploy.py, which first deploys infrastructure/template.yaml and passes
# the stack's queue, stream and topic ARNs in these variables. `chalice package` leaves the
# placeholders, which infrastructure/function-overrides.yaml replaces in the packaged template
# by the stack's own resources. At run time nothing reads them.
_PLACEHOLDER = "arn:aws:{service}:us-east-1:000000000000:{name}"
JOB_POSTINGS_QUEUE_ARN = os.environ.get("JOB_POSTINGS_QUEUE_ARN", _PLACEHOLDER.format(service="sqs", name="job-postings"))
NOTIFICATIONS_QUEUE_ARN = os.environ.get("NOTIFICATIONS_QUEUE_ARN", _PLACEHOLDER.format(service="sqs", name="notifications"))
JOBS_STREAM_ARN = os.environ.get("JOBS_STREAM_ARN", _PLACEHOLDER.format(service="dynamodb", name="table/jobs/stream/placeholder"))
APPLICATIONS_STREAM_ARN = os.environ.get(
    "APPLICATIONS_STREAM_ARN", _PLACEHOLDER.format(service="dynamodb", name="table/applications/stream/placeholder"))
LINKEDIN_QUEUE_ARN = os.environ.get("LINKEDIN_QUEUE_ARN", _PLACEHOLDER.format(service="sqs", name="linkedin"))
RESUME_UPLOADS_QUEUE_ARN = os.environ.get("RESUME_UPLOADS_QUEUE_ARN", _PLACEHOLDER.format(service="sqs", name="resume-uploads"))
CAMPAIGNS_QUEUE_ARN = os.environ.get("CAMPAIGNS_QUEUE_ARN", _PLACEHOLDER.format(service="sqs", name="campaigns"))
EMAIL_EVENTS_TOPIC_ARN = os.environ.get("EMAIL_EVENTS_TOPIC_ARN", _PLACEHOLDER.format(service="sns", name="email-events"))

if os.environ.get("STAGE") == "local":
    from chalicelib.local.outbox import bp as local_outbox

    app.register_blueprint(local_outbox)


@app.route("/health", methods=["GET"])
def health():
    """For uptime checks: the API's code is loaded and answering. Touches no AWS service, so a
    check every minute costs nothing and an AWS outage shows in the alarms, not here."""
    return {"status": "ok"}


@app.route("/openapi.json", methods=["GET"])
def openapi_document():
    """The API's OpenAPI 3.1 document, generated from the request models (chalicelib/openapi.py)."""
    from chalicelib.openapi import document

    return document()


def _key_first(get_response):
    """Every /admin request shows its key (and the key its scope) before its route reads anything:
    a request without one is 401, a key too narrow 403, whatever its body holds."""
    def respond(request):
        if ((request.context or {}).get("resourcePath") or "").startswith("/admin"):
            from chalicelib.companies.http import admin_key

            admin_key(request)
        return get_response(request)

    return respond


@app.middleware("http")
def http_errors_and_cors(event, get_response):
    response = http_middleware(event, _key_first(get_response), error_page=_error_page)
    response.headers.update(cors_headers(event))
    return response


def _error_page(event, response):
    """A browser's error page, branded where the company is known (chalicelib/pages/errors.py)."""
    from chalicelib.pages.errors import error_page

    return error_page(event, response)


@app.middleware("all")
def observability(event, get_response):
    """Every entry point: which function, which request (correlation id), metrics flushed at the end."""
    context = getattr(event, "context", None)
    request_id = context.get("requestId") if isinstance(context, dict) else getattr(context, "aws_request_id", None)
    logger.append_keys(function=type(event).__name__)
    logger.set_correlation_id(request_id)
    try:
        return get_response(event)
    finally:
        if metrics.metric_set:
            metrics.flush_metrics()


@app.on_sqs_message(queue_arn=JOB_POSTINGS_QUEUE_ARN, batch_size=10, name="job_postings_consumer")
def job_postings_consumer(event):
    from chalicelib.config import get_settings
    from chalicelib.events import process_sqs
    from chalicelib.jobs.consumer import handle_posting_message

    return process_sqs(event.to_dict(), event.context, handle_posting_message, get_settings().job_postings_dlq)


@app.on_dynamodb_record(stream_arn=JOBS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON", name="jobs_stream_matcher")
def jobs_stream_matcher(event):
    from chalicelib.events import process_stream
    from chalicelib.matching.announce import handle_job_change

    return process_stream(event.to_dict(), event.context, handle_job_change)


@app.on_dynamodb_record(stream_arn=APPLICATIONS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON", name="applications_history")
def applications_history(event):
    """Rejection notices, and the hiring team's news of new applications (team/alerts.py). One
    reader for both: DynamoDB Streams serves two readers per shard without throttling, and
    LinkedIn's status sync is the other. Both reactions are idempotent, so a record retried for
    one of them repeats the other harmlessly."""
    from chalicelib.applications.rejections import handle_application_change
    from chalicelib.events import process_stream
    from chalicelib.team.alerts import handle_application_change as tell_the_team

    def handle(record):
        handle_application_change(record)
        tell_the_team(record)

    return process_stream(event.to_dict(), event.context, handle)


@app.on_dynamodb_record(stream_arn=JOBS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON", name="linkedin_jobs")
def linkedin_jobs(event):
    """LinkedIn Apply Connect: a published, edited or closed job becomes a posting to sync."""
    from chalicelib.events import process_stream
    from chalicelib.linkedin.postings import handle_job_change

    return process_stream(event.to_dict(), event.context, handle_job_change)


@app.on_dynamodb_record(stream_arn=APPLICATIONS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON", name="linkedin_applications")
def linkedin_applications(event):
    """LinkedIn Apply Connect: a LinkedIn applicant's history becomes status pushes."""
    from chalicelib.events import process_stream
    from chalicelib.linkedin.status import handle_application_change

    return process_stream(event.to_dict(), event.context, handle_application_change)


@app.on_sqs_message(queue_arn=LINKEDIN_QUEUE_ARN, batch_size=10, name="linkedin_worker")
def linkedin_worker(event):
    """Everything that calls LinkedIn, one message per call, retried and parked with a reason."""
    from chalicelib.config import get_settings
    from chalicelib.events import process_sqs
    from chalicelib.linkedin.worker import handle_linkedin_message

    return process_sqs(event.to_dict(), event.context, lambda record: handle_linkedin_message(record, event.context),
                       get_settings().linkedin_dlq)


# At most this many consumers at once (ScalingConfig): enough to send at the stage's SES rate,
# SES_MAX_SEND_RATE, read when Chalice packages or deploys (notifications/pacing.py).
@app.on_sqs_message(queue_arn=NOTIFICATIONS_QUEUE_ARN, batch_size=10, name="notifications_consumer",
                    maximum_concurrency=pacing.consumers())
def notifications_consumer(event):
    # One memo per batch: the job tips of one posting read the job and the company once.
    from chalicelib.config import get_settings
    from chalicelib.events import process_sqs
    from chalicelib.notifications import batch
    from chalicelib.notifications.consumer import handle_notification_message

    with batch.scope():
        return process_sqs(
            event.to_dict(),
            event.context,
            lambda record: handle_notification_message(record, event.context),
            get_settings().notifications_dlq,
        )


@app.on_sqs_message(queue_arn=RESUME_UPLOADS_QUEUE_ARN, batch_size=10, name="resume_uploads")
def resume_uploads(event):
    """S3's ObjectCreated notifications: an object no live application owns is deleted."""
    from chalicelib.applications.uploads import handle_upload_message
    from chalicelib.config import get_settings
    from chalicelib.events import process_sqs

    return process_sqs(event.to_dict(), event.context, handle_upload_message, get_settings().resume_uploads_dlq)


@app.on_sqs_message(queue_arn=CAMPAIGNS_QUEUE_ARN, batch_size=1, name="campaign_sender")
def campaign_sender(event):
    """A campaign's fan-out, one page of its audience per message (sent now, or by its schedule)."""
    from chalicelib.campaigns.fanout import handle_campaign_message
    from chalicelib.config import get_settings
    from chalicelib.events import process_sqs

    return process_sqs(event.to_dict(), event.context, handle_campaign_message, get_settings().campaigns_dlq)


@app.on_sns_message(topic=EMAIL_EVENTS_TOPIC_ARN, name="email_events")
def email_events(event):
    from chalicelib.notifications.suppressions import handle_ses_event

    handle_ses_event(event.message)


def _scheduled_at(event) -> datetime:
    """The time EventBridge says the rule fired: the clock the digest and consent logic run on."""
    when = event.to_dict().get("time")
    return datetime.fromisoformat(when.replace("Z", "+00:00")) if when else datetime.now(timezone.utc)


@app.schedule(Rate(1, unit=Rate.HOURS), name="digest_sender")
def digest_sender(event):
    from chalicelib.matching.digests import enqueue_due_digests

    enqueue_due_digests(_scheduled_at(event))


@app.schedule(Cron(15, 6, "*", "*", "?", "*"), name="consent_keeper")
def consent_keeper(event):
    from chalicelib.candidates.consent import enqueue_renewal_reminders

    enqueue_renewal_reminders(_scheduled_at(event))


@app.schedule(Cron(0, 6, "*", "*", "?", "*"), name="team_digests")
def team_digests(event):
    """The hiring team's daily digests: one per member who chose it and company day (team/alerts.py)."""
    from chalicelib.team.alerts import enqueue_due_digests

    enqueue_due_digests(_scheduled_at(event))


@app.schedule(Cron(30, 6, "*", "*", "?", "*"), name="promise_guard")
def promise_guard(event):
    """The ghosting guard: what is due by the applications' due index (applications/promise.py)."""
    from chalicelib.applications.promise import keep_promises

    return keep_promises(_scheduled_at(event))


@app.lambda_function(name="rejection_notice")
def rejection_notice(event, context):
    """EventBridge Scheduler's target for delayed rejection notices."""
    from chalicelib.applications.rejections import notice_due

    notice_due(event)
