"""SES v2: the only place that sends email.

Messages go out as Raw MIME because SES's Simple content cannot carry the List-Unsubscribe
headers (RFC 8058) that every job tip needs.

Headers, exactly as the RFCs write them:
- From, To and Subject go through the email package, which encodes non-ASCII text as RFC 2047
  encoded-words where RFC 5322 allows them (a display name, a subject), folded at 78 columns.
- The product's own protocol headers (List-Unsubscribe, List-Unsubscribe-Post) are *literal*:
  RFC 2369 wants `<https://...>` as written, and Python's default policy would turn a long URL
  into `=?utf-8?q?...?=`, which no mail client reads as a link (one-click unsubscribe then
  fails). They are checked to be printable ASCII on one line and written byte for byte.
- Anything that came from a person (a name, a job title in a subject) has every control
  character and line break collapsed to a space before it becomes a header, whatever was stored.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.aws.clients import client
from chalicelib.config import get_settings

# SES v2's answers when the account's rate (or its daily quota) is exceeded.
THROTTLED = frozenset({"TooManyRequestsException", "Throttling", "ThrottlingException", "LimitExceededException"})


class Throttled(Exception):
    """SES refused the send for the account's rate or daily quota: nothing was sent."""


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
    occasion: str | None = None  # a categorised email's occasion (a campaign's id): tagged, so a bounce finds it


# Headers this product sets itself, always ASCII: written as they are, never re-folded.
# RFC 5322 2.1.1: a line is at most 998 characters.
MAX_LITERAL_HEADER = 998
_HEADER_NAME = re.compile(r"[!-9;-~]+")
# SMTP/CRLF policy, and raw headers (set_raw) kept exactly as given instead of refolded.
MIME_POLICY = policy.SMTP.clone(refold_source="none")


class InvalidHeader(ValueError):
    """A header value the product built is not fit to send (a bug, never a person's input)."""


def header_text(value: str) -> str:
    """One line of display text for a header: control characters and line breaks become spaces."""
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == "\u0085" else c for c in value)
    return " ".join(cleaned.split())


def literal_header(name: str, value: str) -> tuple[str, str]:
    if not _HEADER_NAME.fullmatch(name):
        raise InvalidHeader(f"not a header name: {name!r}")
    if not value.isascii() or not value.isprintable() or len(name) + 2 + len(value) > MAX_LITERAL_HEADER:
        raise InvalidHeader(f"{name} must be printable ASCII on one line of at most {MAX_LITERAL_HEADER} characters")
    return name, value


def mailbox(address: str) -> Address:
    """An addr-spec SES can deliver: ASCII (SES has no SMTPUTF8), no control characters."""
    local, at, domain = address.rpartition("@")
    if not at or not address.isascii() or not address.isprintable() or " " in address or not local or not domain:
        raise InvalidHeader("recipient is not an ASCII address")
    return Address(addr_spec=address)


def to_mime(email: OutgoingEmail, sender_address: str) -> EmailMessage:
    message = EmailMessage(policy=MIME_POLICY)
    message["From"] = formataddr((header_text(email.sender_name), str(mailbox(sender_address))))
    message["To"] = mailbox(email.to)
    message["Subject"] = header_text(email.subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2] or None)
    for name, value in email.headers.items():
        message.set_raw(*literal_header(name, value))
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message


_TAG = re.compile(r"^[A-Za-z0-9_.@-]{1,256}$")  # what SES accepts in a tag's value


def send(email: OutgoingEmail) -> str:
    settings = get_settings()
    sender = email.sender_address or settings.sender_address
    mime = to_mime(email, sender)
    try:
        response = _send_raw(sender, email, mime)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in THROTTLED:
            raise Throttled(error.response["Error"]["Code"]) from error
        raise
    return response["MessageId"]


def account_send_rate() -> float | None:
    """The account's MaxSendRate (SES v2 GetAccount), or None when it cannot be read."""
    try:
        return float(client("sesv2").get_account()["SendQuota"]["MaxSendRate"])
    except (BotoCoreError, ClientError, KeyError, NotImplementedError, ValueError):  # moto implements no GetAccount
        return None


def _send_raw(sender: str, email: OutgoingEmail, mime: EmailMessage) -> dict:
    settings = get_settings()
    return client("sesv2").send_email(
        FromEmailAddress=sender,
        Destination={"ToAddresses": [email.to]},
        Content={"Raw": {"Data": mime.as_bytes()}},
        ConfigurationSetName=settings.ses_configuration_set,
        EmailTags=[
            {"Name": "company", "Value": email.company},
            {"Name": "kind", "Value": email.kind},
            *([{"Name": "occasion", "Value": email.occasion}] if email.occasion and _TAG.match(email.occasion) else []),
        ],
    )
