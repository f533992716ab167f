"""S3: the only place that hands out upload and download URLs for resumes."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from chalicelib.aws.clients import client
from chalicelib.config import get_settings

MAX_RESUME_BYTES = 10 * 1024 * 1024
# How long a presigned download (the hiring team's, or the applicant's export) stays valid.
DOWNLOAD_SECONDS = 300
RESUME_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
)


def resume_upload(key: str, content_type: str, redirect_to: str | None = None) -> dict:
    """A presigned POST the browser uploads the file with: size- and type-limited, 15 minutes.
    With ``redirect_to``, S3 sends the browser there after the upload (an HTML form's flow)."""
    fields = {"Content-Type": content_type}
    conditions: list = [{"Content-Type": content_type}, ["content-length-range", 1, MAX_RESUME_BYTES]]
    if redirect_to:
        fields["success_action_redirect"] = redirect_to
        conditions.append({"success_action_redirect": redirect_to})
    return client("s3").generate_presigned_post(
        Bucket=get_settings().resumes_bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=900,
    )


def content_disposition(file_name: str) -> str:
    """RFC 6266 `attachment` with the name as typed (UTF-8, percent-encoded, RFC 8187) and a plain
    ASCII fallback for old clients. Control characters, quotes, slashes and backslashes never
    reach the header: an emoji or a CR/LF in a file name cannot break the download."""
    cleaned = "".join(c for c in file_name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") and c not in '"\\/')
    cleaned = " ".join(cleaned.split()) or "resume"
    fallback = "".join(c if c.isascii() and c.isprintable() else "_" for c in cleaned)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


def resume_download(key: str, file_name: str) -> str:
    return client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": get_settings().resumes_bucket,
            "Key": key,
            "ResponseContentDisposition": content_disposition(file_name),
        },
        ExpiresIn=DOWNLOAD_SECONDS,
    )


def put_resume(key: str, content: bytes, content_type: str) -> None:
    """A resume the product fetched itself (a job board's copy), stored like an upload."""
    client("s3").put_object(Bucket=get_settings().resumes_bucket, Key=key, Body=content, ContentType=content_type)


def delete_prefix(prefix: str) -> int:
    """Delete every object under ``prefix`` (an application's resume and any re-upload)."""
    s3 = client("s3")
    bucket = get_settings().resumes_bucket
    deleted = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            deleted += len(keys)
    return deleted


def delete_object(key: str) -> None:
    """Delete one object; deleting one that is not there is not an error (S3's own rule)."""
    client("s3").delete_object(Bucket=get_settings().resumes_bucket, Key=key)


def has_object(key: str) -> bool:
    s3 = client("s3")
    try:
        s3.head_object(Bucket=get_settings().resumes_bucket, Key=key)
    except s3.exceptions.ClientError:
        return False
    return True
