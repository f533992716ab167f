"""S3: the only place that hands out upload and download URLs for resumes."""
from __future__ import annotations

from chalicelib.aws.clients import client
from chalicelib.config import get_settings

MAX_RESUME_BYTES = 10 * 1024 * 1024
RESUME_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
)


def resume_upload(key: str, content_type: str) -> dict:
    """A presigned POST the browser uploads the file with: size- and type-limited, 15 minutes."""
    return client("s3").generate_presigned_post(
        Bucket=get_settings().resumes_bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_RESUME_BYTES]],
        ExpiresIn=900,
    )


def resume_download(key: str, file_name: str) -> str:
    return client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": get_settings().resumes_bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{file_name}"',
        },
        ExpiresIn=300,
    )


def has_object(key: str) -> bool:
    s3 = client("s3")
    try:
        s3.head_object(Bucket=get_settings().resumes_bucket, Key=key)
    except s3.exceptions.ClientError:
        return False
    return True
