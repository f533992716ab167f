"""What lands in the resumes bucket is checked when it lands (S3's ObjectCreated notification,
through the resume-uploads queue).

A presigned POST stays valid for 15 minutes after it is handed out, and nothing can take it
back. An applicant who erases their data inside that window (or a LinkedIn resume copy that
arrives after the erasure) would otherwise create the resume object again, and nothing would
ever delete it. So every object created in the bucket is kept only while it is the resume of
an application that exists and is not erased; anything else is deleted at once.

At least once: S3 may notify twice and the queue may deliver twice; deleting an object that is
gone already is not an error, and keeping one twice writes nothing. A message that is not an S3
event notification can never succeed: it goes to the DLQ with the reason.
"""
from __future__ import annotations

import json
import re
from urllib.parse import unquote_plus

from chalicelib.applications.models import get_application, resume_key
from chalicelib.aws import storage
from chalicelib.events import PoisonMessage
from chalicelib.observability import count, logger

# The one shape resume_key() gives out: <company>/<application id>/resume (career-site ids are
# hex, LinkedIn's are derived from its URN; db.find answers None for a key that cannot be one).
_KEY = re.compile(r"(?P<company>[^/]+)/(?P<application_id>[^/]+)/resume")


def handle_upload_message(record) -> None:
    """One SQS record whose body is S3's event notification (one or more object records)."""
    try:
        event = json.loads(record.body)
    except (TypeError, ValueError):
        raise PoisonMessage("resume upload: the message is not JSON") from None
    if not isinstance(event, dict):
        raise PoisonMessage("resume upload: the message is not an S3 event notification")
    if event.get("Event") == "s3:TestEvent":
        return  # S3 sends one when the notification is configured; nothing landed
    records = event.get("Records")
    if not isinstance(records, list) or not records:
        raise PoisonMessage("resume upload: the message is not an S3 event notification")
    for entry in records:
        key = ((entry or {}).get("s3") or {}).get("object", {}).get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            raise PoisonMessage("resume upload: an S3 record without an object key")
        if str(entry.get("eventName", "")).startswith("ObjectCreated"):
            check_landed(unquote_plus(key))  # S3 sends keys URL-encoded, spaces as "+"


def check_landed(key: str) -> bool:
    """Keep the object only if it is the current resume of a live application; else delete it.
    Returns whether it was kept."""
    if keep(key):
        return True
    storage.delete_object(key)
    count("ResumeObjectsSwept")
    logger.info("resume object swept", extra={"reason": "no live application owns it"})
    return False


def keep(key: str) -> bool:
    match = _KEY.fullmatch(key)
    if match is None:
        return False  # nothing the product hands out is written there
    # Not the item's resume_key field: a LinkedIn copy is stored before the application records
    # it (linkedin/resumes.py), and this check may run in between.
    application = get_application(match["company"], match["application_id"])
    return application is not None and application.erased_at is None and resume_key(application.company, application.application_id) == key
