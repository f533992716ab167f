"""A job application as LinkedIn delivers it to the webhook, read in one place.

The reference (../shared/reference/linkedin-apply-connect.md) marks the field names unverified;
this is the shape it reports, and the stand-in sends. LinkedIn may add fields at any time, so
fields this product does not use are ignored here (unlike the product's own API, which refuses
unknown fields): refusing them would lose applications LinkedIn then converts to off-site apply.
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from chalicelib.schema import Email, Name, keep_name_characters


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


# The career site's checks for a name (it reaches emails and the hiring team), but what LinkedIn
# let a member write and a name may not hold is dropped rather than the application refused:
# LinkedIn turns a job to off-site apply when its first application cannot be delivered.
LinkedInName = Annotated[Name, BeforeValidator(keep_name_characters)]


class Contact(_Lenient):
    firstName: LinkedInName
    lastName: LinkedInName
    email: Email
    phoneNumber: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()./-]{3,40}$")] | None = None


class Resume(_Lenient):
    url: str = Field(min_length=1, max_length=2000)
    fileName: str | None = Field(default=None, max_length=200)


class ResumeResponses(_Lenient):
    resume: Resume | None = None


class QuestionResponse(_Lenient):
    partnerQuestionIdentifier: str = Field(min_length=1, max_length=200)
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
