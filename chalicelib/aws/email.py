"""SES v2: the only place that sends email.

Messages go out as Raw MIME because SES's Simple content cannot carry the List-Unsubscribe
headers (RFC 8058) that every job tip needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from chalicelib.aws.clients import client
from chalicelib.config import get_settings


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    sender_name: str
    kind: str  # connect | job_tip | ... : tagged in SES for per-kind delivery metrics
    company: str
    headers: dict[str, str] = field(default_factory=dict)
    sender_address: str | None = None  # the company's own verified address, else the stage's


def to_mime(email: OutgoingEmail, sender_address: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((email.sender_name, sender_address))
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2] or None)
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message


def send(email: OutgoingEmail) -> str:
    settings = get_settings()
    sender = email.sender_address or settings.sender_address
    mime = to_mime(email, sender)
    response = client("sesv2").send_email(
        FromEmailAddress=sender,
        Destination={"ToAddresses": [email.to]},
        Content={"Raw": {"Data": mime.as_bytes()}},
        ConfigurationSetName=settings.ses_configuration_set,
        EmailTags=[
            {"Name": "company", "Value": email.company},
            {"Name": "kind", "Value": email.kind},
        ],
    )
    return response["MessageId"]
