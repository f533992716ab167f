"""A LinkedIn applicant's resume, copied from LinkedIn's expiring URL into the resumes bucket
(the same key and checks as a resume uploaded on the career site)."""
from __future__ import annotations

from chalicelib.applications.models import get_application, resume_key
from chalicelib.applications.sources import attach_resume
from chalicelib.aws import storage
from chalicelib.events import PoisonMessage
from chalicelib.linkedin.accounts import child_client
from chalicelib.linkedin.messages import CopyResume
from chalicelib.observability import count, logger

# LinkedIn takes resumes of at most 2 MB; the bucket's own limit is larger.
MAX_BYTES = min(2 * 1024 * 1024, storage.MAX_RESUME_BYTES)
# What LinkedIn accepts (doc, docx, pdf); the media type decides, never the file name.
TYPES = {"application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def copy(message: CopyResume) -> None:
    application = get_application(message.company, message.application_id)
    if application is None or application.erased_at is not None or application.resume_key:
        return  # gone, erased, or copied already
    content, content_type = child_client(message.company).download(message.url, MAX_BYTES)
    if content_type not in TYPES:
        raise PoisonMessage(f"copy_resume: LinkedIn's file is {content_type}, not a resume type")
    key = resume_key(message.company, message.application_id)
    storage.put_resume(key, content, content_type)
    attach_resume(message.company, message.application_id, key)
    count("LinkedInResumesCopied")
    logger.info("linkedin resume copied", extra={"company": message.company, "application_id": message.application_id,
                                                 "bytes": len(content)})
