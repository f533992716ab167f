"""A job application as LinkedIn delivers it to the webhook, read in one place.

The reference (../shared/reference/linkedin-apply-connect.md) marks the field names unverified;
this is the shape it reports, and the stand-in sends. LinkedIn may add fields at any time, so
fields this product does not use are ignored here (unlike the product's own API, which refuses
unknown fields): refusing them would lose applications LinkedIn then converts to off-site apply.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, field_validator

from chalicelib.schema import Email, keep_name_characters

EMAIL = TypeAdapter(Email)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


# What a member may type on LinkedIn is kept when it is harmless, cleaned or dropped when it is
# not: LinkedIn turns a job to off-site apply when its first application cannot be delivered, so
# an application is refused only when it leaves no way to reach the applicant (no usable email
# and no usable phone). Fields this product does not read (location, URLs, headline) are
# ignored, whatever their shape.
#
# - Names: the career site's checks for a name (it reaches emails and the hiring team); what a
#   name may not hold (controls, emoji, digits, '@', ':', '/') is dropped, spaces collapsed, 60
#   characters kept. A name with no letters left is dropped (null), not the application.
# - Email: surrounding spaces, "mailto:" and <angle brackets> are dropped, the address is
#   lower-cased; one that is still not an address SES can deliver to is dropped (the application
#   is kept without it: a recruiter would still want it; no email goes to it, and it cannot be
#   linked to a candidate by address).
# - Phone: "tel:" dropped, any script's digits made ASCII, an extension ("ext. 12", "x89",
#   "#12", "extension 12") kept as " ext. 12", any other character dropped; kept when 3 to 20
#   digits remain and it fits 40 characters, else dropped.


# Characters no answer needs and that harm where an answer is shown: controls (but line breaks
# and tabs), lone surrogates (not text, and not UTF-8), and the bidirectional overrides that make
# a text read differently than it is (U+202A-202E, U+2066-2069).
_HARMFUL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(value: object, limit: int) -> str | None:
    """A free-text answer a member typed: what harms is dropped, the rest kept (cut at ``limit``)."""
    if not isinstance(value, str):
        return None
    text = _HARMFUL.sub("", value).strip()
    return text[:limit] or None


def _name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    kept = keep_name_characters(value)
    return kept if isinstance(kept, str) and any(unicodedata.category(c).startswith("L") for c in kept) else None


def _email_or_none(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).strip()
    named = re.fullmatch(r"[^<>]*<([^<>]+)>", text)  # "Grace Hopper <grace@example.com>"
    if named:
        text = named.group(1).strip()
    try:
        return EMAIL.validate_python(text)
    except ValueError:
        return None


_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*([0-9]{1,6})\s*$", re.IGNORECASE)


def clean_phone(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    # Several numbers ("+1 555 0100 / +1 555 0199", or with ";" or ","): the first. (A line break
    # is a space: members break one number over two lines.)
    value = re.split(r"\s+/\s+|[;,]", value.strip(), maxsplit=1)[0]
    text = "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in value[:200])
    text = " ".join(text.split())  # line breaks and tabs are spaces
    text = re.sub(r"^\s*(?:tel|phone|mobile|cell)\s*:?\s*", "", text, flags=re.IGNORECASE)
    extension = _EXTENSION.search(text)
    main = text[:extension.start()] if extension else text
    main = "".join(c for c in main if c in "0123456789+()./- ")
    main = " ".join(re.sub(r"\(\s*\)", "", main).split()).strip(" ./-")
    digits = sum(c.isdigit() for c in main)
    if not 3 <= digits <= 20:
        return None
    phone = main + (f" ext. {extension.group(1)}" if extension else "")
    return phone if len(phone) <= 40 else None


class Contact(_Lenient):
    firstName: Annotated[str | None, BeforeValidator(_name)] = None
    lastName: Annotated[str | None, BeforeValidator(_name)] = None
    email: Annotated[str | None, BeforeValidator(_email_or_none)] = None
    phoneNumber: Annotated[str | None, BeforeValidator(clean_phone)] = None

    @property
    def reachable(self) -> bool:
        return self.email is not None or self.phoneNumber is not None


def _short(limit: int):
    """A text LinkedIn sends that only needs cutting (a file name): cut, never a reason to refuse."""
    return lambda value: value[:limit] if isinstance(value, str) else value


class Resume(_Lenient):
    url: str = Field(max_length=2000)  # an empty one is no resume (ResumeResponses drops it)
    fileName: Annotated[str | None, BeforeValidator(_short(200))] = None


def _usable_resume(value: object) -> object:
    # A resume without a URL is no resume: the application is kept without one.
    if isinstance(value, dict) and not (isinstance(value.get("url"), str) and value["url"].strip()):
        return None
    return value


class ResumeResponses(_Lenient):
    resume: Annotated[Resume | None, BeforeValidator(_usable_resume)] = None


class QuestionResponse(_Lenient):
    # An answer to no question we know (empty, or too long to be one of ours) is left out later.
    partnerQuestionIdentifier: Annotated[str, BeforeValidator(_short(200))] = ""
    textQuestionResponse: dict[str, Any] | None = None
    multipleChoiceQuestionResponse: dict[str, Any] | None = None


class QuestionSetResponse(_Lenient):
    questionResponses: list[QuestionResponse] = Field(default_factory=list, max_length=200)


class AdditionalResponses(_Lenient):
    customQuestionSetResponses: list[QuestionSetResponse] = Field(default_factory=list, max_length=20)


class Responses(_Lenient):
    contactInformationQuestionResponses: Contact
    resumeQuestionResponses: ResumeResponses | None = None
    additionalQuestionResponses: AdditionalResponses | None = None


class LinkedInApplication(_Lenient):
    jobApplicationId: str = Field(max_length=200)
    questionResponses: Responses

    @field_validator("jobApplicationId")
    @classmethod
    def _urn(cls, value: str) -> str:
        prefix = "urn:li:jobApplication:"
        if not value.startswith(prefix) or not value[len(prefix):].isascii() or not value[len(prefix):].isalnum():
            raise ValueError("must be urn:li:jobApplication:<id>")
        return value

    def responses(self) -> list[QuestionResponse]:
        extra = self.questionResponses.additionalQuestionResponses
        return [r for s in (extra.customQuestionSetResponses if extra else []) for r in s.questionResponses]

    @property
    def resume(self) -> Resume | None:
        resumes = self.questionResponses.resumeQuestionResponses
        return resumes.resume if resumes else None
