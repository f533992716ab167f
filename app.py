"""candidate-connect: the Chalice application.

HTTP routes live in blueprints, one per capability; the event handlers below are the Lambda
entry points for the queues and the jobs stream. Each handler only hands its batch to the
capability's use case.
"""
from __future__ import annotations

import os

from chalice import Chalice

from chalicelib.api import http_middleware
from chalicelib.auth.routes import bp as auth_routes
from chalicelib.candidates.routes import bp as candidate_routes
from chalicelib.companies.http import cors_headers
from chalicelib.config import get_settings
from chalicelib.companies.routes import bp as company_routes
from chalicelib.events import process_sqs, process_stream
from chalicelib.jobs.consumer import handle_posting_message
from chalicelib.jobs.routes import bp as job_routes
from chalicelib.matching.announce import handle_job_change
from chalicelib.notifications.consumer import handle_notification_message
from chalicelib.observability import logger, metrics

app = Chalice(app_name="candidate-connect")
app.log.setLevel("INFO")

for blueprint in (company_routes, candidate_routes, auth_routes, job_routes):
    app.register_blueprint(blueprint)

# Decorator arguments are read when Chalice packages the app. The names below are what the
# dev stage uses; infrastructure/chalice-merge.yaml points the deployed event sources at the
# stack's own queue and stream, whatever the stage.
JOB_POSTINGS_QUEUE = os.environ.get("JOB_POSTINGS_QUEUE", "candidate-connect-dev-job-postings")
NOTIFICATIONS_QUEUE = os.environ.get("NOTIFICATIONS_QUEUE", "candidate-connect-dev-notifications")
JOBS_STREAM_ARN = os.environ.get(
    "JOBS_STREAM_ARN",
    "arn:aws:dynamodb:us-east-1:000000000000:table/candidate-connect-dev-jobs/stream/1970-01-01T00:00:00.000",
)

if os.environ.get("STAGE") == "local":
    from chalicelib.local.outbox import bp as local_outbox

    app.register_blueprint(local_outbox)


@app.middleware("http")
def http_errors_and_cors(event, get_response):
    response = http_middleware(event, get_response)
    response.headers.update(cors_headers(event))
    return response


@app.middleware("all")
def observability(event, get_response):
    logger.append_keys(function=type(event).__name__)
    try:
        return get_response(event)
    finally:
        if metrics.metric_set:
            metrics.flush_metrics()


@app.on_sqs_message(queue=JOB_POSTINGS_QUEUE, batch_size=10, name="job_postings_consumer")
def job_postings_consumer(event):
    return process_sqs(event.to_dict(), event.context, handle_posting_message, get_settings().job_postings_dlq)


@app.on_dynamodb_record(stream_arn=JOBS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON", name="jobs_stream_matcher")
def jobs_stream_matcher(event):
    return process_stream(event.to_dict(), event.context, handle_job_change)


@app.on_sqs_message(queue=NOTIFICATIONS_QUEUE, batch_size=10, name="notifications_consumer")
def notifications_consumer(event):
    return process_sqs(
        event.to_dict(),
        event.context,
        lambda record: handle_notification_message(record, event.context),
        get_settings().notifications_dlq,
    )
