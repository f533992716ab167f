from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from chalicelib.schema import Bool, Email, Line, Name, Slug, Strict, Text, TrueOnly, WorkMode, unique

AnswerValue = Union[Bool, Text(2000), list[Line(200, min_length=0)]]


class Answer(Strict):
    question_id: Slug
    value: AnswerValue
    # What the candidate chose to share with the company; private unless they say so.
    shared: Bool = False


def _one_answer_per_question(value: list[Answer]) -> list[Answer]:
    unique([a.question_id for a in value], "question")
    return value


Answers = Annotated[list[Answer], Field(max_length=100), AfterValidator(_one_answer_per_question)]


class Interests(Strict):
    """What a candidate connects with, however they identify themselves."""

    departments: list[Slug] = Field(min_length=1, max_length=50)
    roles: list[Slug] = Field(default_factory=list, max_length=200)
    location: Slug | None = None
    work_modes: list[WorkMode] = Field(default_factory=list, max_length=3)
    answers: Answers = Field(default_factory=list)
    consent: TrueOnly
    # The bot-check widget's token, where the company has a bot check (auth/botcheck.py).
    bot_token: Line(2048) | None = None

    @field_validator("departments")
    @classmethod
    def _unique_departments(cls, value: list[str]) -> list[str]:
        return unique(value, "department")

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, value: list[str]) -> list[str]:
        return unique(value, "role")

    @field_validator("work_modes")
    @classmethod
    def _unique_modes(cls, value: list[str]) -> list[str]:
        return unique(value, "work mode")


class ConnectRequest(Interests):
    email: Email
    first_name: Name
    last_name: Name
    # The language of the emails (the page sends the one it was shown in); else the company's.
    language: Literal["en", "sv"] | None = None


class SocialConnectRequest(Interests):
    """Connect with a LinkedIn or Facebook sign-in: the verified token supplies email and names."""

    source: Literal["linkedin", "facebook"]
    id_token: Annotated[str, StringConstraints(min_length=20, max_length=8000)]

    def as_connect_request(self, email: str, first_name: str, last_name: str) -> ConnectRequest:
        return ConnectRequest(
            email=email, first_name=first_name, last_name=last_name, consent=True,  # the provider vouched for the person
            **self.model_dump(include={"departments", "roles", "location", "work_modes", "answers"}),
        )


class ApplicationConnectRequest(Interests):
    """Connect right after applying: the application supplies email and names."""

    source: Literal["application"]
    application_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
    application_token: Annotated[str, StringConstraints(min_length=20, max_length=200)]


class SessionRequest(Strict):
    token: str


class MagicLinkRequest(Strict):
    company: Slug
    email: Email
    bot_token: Line(2048) | None = None
