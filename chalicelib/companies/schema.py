"""A company's Connect setup, as recruiters edit it through PUT /admin/settings."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, PrivateAttr, BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from chalicelib.companies.promise import Promise
from chalicelib.schema import Bool, Email, HttpUrl, Label, Line, Slug, Strict, Text, TimeZone, is_stored, unique

DEFAULT_CONSENT_TEXT = (
    "I agree that {company} stores my profile and answers to consider me for current and future "
    "jobs, and emails me job tips that match my preferences. I can change or withdraw this at any time."
)


class Role(Strict):
    id: Slug
    name: Label


class Department(Strict):
    id: Slug
    name: Label
    roles: list[Role] = Field(default_factory=list, max_length=200)


class Location(Strict):
    id: Slug
    name: Label


class Question(Strict):
    id: Slug
    text: Line(500)
    type: Literal["text", "single_choice", "multiple_choice", "yes_no"]
    options: list[Line(200)] = Field(
        default_factory=list, max_length=50
    )
    required: Bool = False
    # general: asked of everyone; department / role: only of those who choose it (or apply to it).
    level: Literal["general", "department", "role"] = "general"
    department: Slug | None = None
    role: Slug | None = None

    @model_validator(mode="after")
    def _level_names_its_target(self) -> "Question":
        wanted = {"general": (None, None), "department": ("department", None), "role": (None, "role")}[self.level]
        if (self.department is not None) != (wanted[0] is not None) or (self.role is not None) != (wanted[1] is not None):
            raise ValueError(f"a {self.level} question names {'its department' if self.level == 'department' else 'its role' if self.level == 'role' else 'no department or role'}")
        return self

    def applies_to(self, departments: list[str], roles: list[str]) -> bool:
        return self.level == "general" or self.department in departments or self.role in roles

    @model_validator(mode="after")
    def _options_fit_type(self) -> "Question":
        if self.type in ("single_choice", "multiple_choice"):
            if len(self.options) < 2:
                raise ValueError("choice questions need at least two options")
            unique(self.options, "option")
        elif self.options:
            raise ValueError(f"{self.type} questions take no options")
        return self


class EmailTemplate(Strict):
    """One version of an email: its subject, text and HTML parts."""

    subject: Line(300)
    text: Annotated[Text(20_000), StringConstraints(min_length=1)]
    html: Annotated[Text(100_000), StringConstraints(min_length=1)]


TemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,39}$")]
TemplateLanguage = Literal["en", "sv"]


class KindTemplate(Strict):
    """The company's own versions of one email kind: one per language (``languages``), and the
    parts at the top, for every language without its own (templates saved before languages were
    are exactly that: they keep working, in every language, as before)."""

    subject: Line(300) | None = None
    text: Annotated[Text(20_000), StringConstraints(min_length=1)] | None = None
    html: Annotated[Text(100_000), StringConstraints(min_length=1)] | None = None
    languages: dict[TemplateLanguage, EmailTemplate] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _whole_versions(self) -> "KindTemplate":
        given = [part for part in ("subject", "text", "html") if getattr(self, part) is not None]
        if given and len(given) != 3:
            raise ValueError("a template has a subject, a text and an HTML part, or none of them and its languages")
        if not given and not self.languages:
            raise ValueError("a template needs its parts or at least one language")
        return self

    def shared(self) -> EmailTemplate | None:
        """The version for every language without its own, if there is one."""
        if self.subject is None:
            return None
        return EmailTemplate(subject=self.subject, text=self.text, html=self.html)

    def version(self, language: str) -> EmailTemplate | None:
        """What an email in ``language`` uses: its own version, else the shared one (None: the
        shipped default in that language)."""
        return self.languages.get(language) or self.shared()

    def versions(self) -> list[tuple[str, EmailTemplate]]:
        shared = self.shared()
        return [*((f"languages.{code}", v) for code, v in self.languages.items()), *((("", shared),) if shared else ())]


def _templates(value: object, info: ValidationInfo) -> object:
    """The company's own version of each email kind; the shipped default is used where unset.
    Kinds are the ones the capabilities registered (chalicelib/notifications/registry.py); a
    template is checked (syntax, sandbox, a sample render) when saved, never on every load."""
    if is_stored(info):
        return {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value
    return value


def _check_templates(value: dict[str, "KindTemplate"], info: ValidationInfo) -> dict[str, "KindTemplate"]:
    if is_stored(info):
        return value
    from chalicelib.notifications.registry import kinds
    from chalicelib.notifications.render import TemplateProblem, check

    known = kinds()
    for kind, template in value.items():
        if kind not in known:
            raise ValueError(f"no email kind {kind!r}; kinds are {', '.join(sorted(known))}")
        for where, version in template.versions():
            try:
                check(kind, version.model_dump())
            except TemplateProblem as problem:
                raise ValueError(f"{kind}.{where + '.' if where else ''}{problem}") from None
    return value


Templates = Annotated[dict[TemplateName, KindTemplate], BeforeValidator(_templates), AfterValidator(_check_templates)]


class OverviewBlock(Strict):
    """Content the company shows on every candidate's Connect page and dashboard (seed 000's
    "Connect overview"): a block of text, with an image, a link and a video link where given."""

    title: Line(200)
    body: Text(5000) = ""
    link: HttpUrl | None = None
    # The link's words ("Read more about <title>" where none are given).
    link_text: Line(200) | None = None
    image_url: HttpUrl | None = None
    # What the image shows, for those who cannot see it (empty: a decorative image).
    image_alt: Line(300, min_length=0) = ""
    # A video elsewhere (YouTube, Vimeo...): a link, never an embedded player (the CSP allows no frames).
    video_url: HttpUrl | None = None


class QuestionTexts(Strict):
    """A question in another language: its text and its options, in the question's order."""

    text: Line(500) | None = None
    options: list[Line(200, min_length=0)] = Field(default_factory=list, max_length=50)


class BlockTexts(Strict):
    """An overview block in another language (the blocks are matched by their position)."""

    title: Line(200) | None = None
    body: Text(5000) | None = None
    link_text: Line(200) | None = None
    image_alt: Line(300) | None = None


class Texts(Strict):
    """Every text the company writes, in one other language, keyed by what it translates (the
    id of a department, role, location or question; an overview block by its position). A text
    left out is shown in the company's default language."""

    departments: dict[Slug, Label] = Field(default_factory=dict, max_length=200)
    roles: dict[Slug, Label] = Field(default_factory=dict, max_length=2000)
    locations: dict[Slug, Label] = Field(default_factory=dict, max_length=500)
    questions: dict[Slug, QuestionTexts] = Field(default_factory=dict, max_length=100)
    consent_text: Text(2000) | None = None
    overview: list[BlockTexts] = Field(default_factory=list, max_length=20)


class IdentityProvider(Strict):
    """The company's OAuth client at LinkedIn or Facebook: ID tokens must be issued to it."""

    client_id: Line(200)


class IdentityProviders(Strict):
    linkedin: IdentityProvider | None = None
    facebook: IdentityProvider | None = None


WORKSPACE_PROVIDER_NAMES = {"google": "Google", "entra": "Microsoft"}
_DOMAIN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
_TENANT = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class WorkspaceSignIn(Strict):
    """Members may sign in to the hiring console through the company's workspace OpenID provider
    (team/workspace.py): Google Workspace, or Microsoft Entra ID with the company's own tenant.
    Only verified addresses in ``allowed_domain`` get in, and only an invited member's. The
    client secret goes to Secrets Manager through PUT /admin/workspace-sign-in/secret."""

    provider: Literal["google", "entra"]
    # Google: https://accounts.google.com; Entra: https://login.microsoftonline.com/<tenant id>/v2.0
    issuer: HttpUrl
    client_id: Line(200)
    allowed_domain: Annotated[str, StringConstraints(to_lower=True, strip_whitespace=True, max_length=253, pattern=_DOMAIN)]

    @property
    def name(self) -> str:
        return WORKSPACE_PROVIDER_NAMES[self.provider]

    @model_validator(mode="after")
    def _issuer_of_the_provider(self, info: ValidationInfo) -> "WorkspaceSignIn":
        import re

        from chalicelib.config import get_settings

        if is_stored(info):
            return self  # checked when it was saved
        settings = get_settings()
        if self.provider == "google" and self.issuer != settings.google_workspace_issuer:
            raise ValueError(f"Google Workspace's issuer is {settings.google_workspace_issuer}")
        authority = re.escape(settings.entra_authority.rstrip("/"))
        if self.provider == "entra" and not re.fullmatch(rf"{authority}/{_TENANT}/v2\.0", self.issuer):
            raise ValueError(f"Entra ID's issuer is {settings.entra_authority.rstrip('/')}/<your tenant id>/v2.0 "
                             "(your own tenant: 'common' or 'organizations' would let any tenant in)")
        return self


class BotCheck(Strict):
    """A bot check on the public forms. The site key is public (the widget shows it); the secret
    key goes to Secrets Manager through PUT /admin/bot-check/secret, never into settings."""

    provider: Literal["turnstile", "hcaptcha"]
    site_key: Line(200)


class Branding(Strict):
    """How the candidate pages look: the company's logo (https) and primary colour."""

    logo_url: HttpUrl | None = None
    primary_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None


class DelayedRejection(Strict):
    """Rejection notices wait this long after the decision, or go out at once when disabled."""

    enabled: Bool = False
    delay_hours: int = Field(default=48, ge=1, le=24 * 30)


class CompanySettings(Strict):
    # A container keeps one validated copy per settings version (companies/service.py), so the
    # localized copies are kept with it.
    _localized_cache: dict = PrivateAttr(default_factory=dict)

    departments: list[Department] = Field(default_factory=list, max_length=200)
    locations: list[Location] = Field(default_factory=list, max_length=500)
    questions: list[Question] = Field(default_factory=list, max_length=100)
    consent_text: Annotated[Text(2000), StringConstraints(strip_whitespace=True, min_length=1)] = (
        DEFAULT_CONSENT_TEXT
    )
    consent_version: Line(40) = "1"
    # Career-site origins allowed to call the public Connect endpoints from a browser.
    allowed_origins: list[HttpUrl] = Field(default_factory=list, max_length=20)
    # The career-site page that exchanges a confirmation token for a session (POST /auth/session).
    dashboard_url: HttpUrl | None = None
    sender_name: Label | None = None
    # Must be an SES-verified identity (ops verify it); the stage's SENDER_ADDRESS otherwise.
    sender_address: Email | None = None
    delayed_rejection: DelayedRejection = Field(default_factory=DelayedRejection)
    timezone: TimeZone = "UTC"
    templates: Templates = Field(default_factory=dict)
    overview: list[OverviewBlock] = Field(default_factory=list, max_length=20)
    # How long a candidate's consent lasts; None keeps it until they withdraw it.
    consent_months: int | None = Field(default=None, ge=1, le=120)
    identity_providers: IdentityProviders = Field(default_factory=IdentityProviders)
    bot_check: BotCheck | None = None
    workspace_sign_in: WorkspaceSignIn | None = None
    branding: Branding | None = None
    # The candidate pages' language when neither the person nor their browser chooses one; the
    # language the company writes its texts in.
    language: Literal["en", "sv"] = "en"
    # The languages the company offers candidates (the pages' language switch lists these).
    languages: list[Literal["en", "sv"]] = Field(default_factory=lambda: ["en", "sv"], min_length=1, max_length=2)
    # The company's texts in its other languages: {"sv": Texts}. See `localized` and `text_for`.
    translations: dict[Literal["en", "sv"], Texts] = Field(default_factory=dict)
    # The reply the company promises an applicant, in working days (the apply page and the
    # application receipt say it; the ghosting guard keeps it).
    response_days: int = Field(default=10, ge=1, le=90)
    # How that promise is kept: working week, per-status targets, the candidate's updates (companies/promise.py).
    promise: Promise = Field(default_factory=Promise)
    # Commercial email must carry the sender's postal address (CAN-SPAM); every email's footer shows it.
    postal_address: Text(500) | None = None
    # One cap for a person across every non-transactional email (job tips, digests, campaigns):
    # at most this many in any 7 days (notifications/ledger.py). An email over it is never sent.
    email_cap_per_week: int = Field(default=3, ge=1, le=21)

    @field_validator("allowed_origins")
    @classmethod
    def _bare_origins(cls, values: list[str]) -> list[str]:
        for value in values:
            if value.rstrip("/").count("/") > 2:
                raise ValueError("an origin has no path: scheme://host[:port]")
        return [value.rstrip("/") for value in values]

    @field_validator("languages")
    @classmethod
    def _languages_once(cls, values: list[str]) -> list[str]:
        unique(values, "language")
        return values

    @model_validator(mode="after")
    def _default_language_is_offered(self) -> "CompanySettings":
        if self.language not in self.languages:
            raise ValueError(f"the default language {self.language!r} is one of the languages offered")
        return self

    @model_validator(mode="after")
    def _ids_are_unique(self) -> "CompanySettings":
        unique([d.id for d in self.departments], "department")
        # Roles are named without their department in Connect requests, so they are unique company-wide.
        unique([r.id for d in self.departments for r in d.roles], "role")
        unique([loc.id for loc in self.locations], "location")
        unique([q.id for q in self.questions], "question")
        roles = self.role_department()
        for question in self.questions:
            if question.department and self.department(question.department) is None:
                raise ValueError(f"question {question.id!r} names unknown department {question.department!r}")
            if question.role and question.role not in roles:
                raise ValueError(f"question {question.id!r} names unknown role {question.role!r}")
        return self

    # -- look-ups used by validation and emails -----------------------------------------
    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def role_department(self) -> dict[str, str]:
        return {r.id: d.id for d in self.departments for r in d.roles}

    def role_name(self, role_id: str | None) -> str | None:
        return next((r.name for d in self.departments for r in d.roles if r.id == role_id), None)

    def location_name(self, location_id: str) -> str:
        return next((loc.name for loc in self.locations if loc.id == location_id), location_id)

    def questions_for(self, departments: list[str], roles: list[str]) -> list[Question]:
        return [q for q in self.questions if q.applies_to(departments, roles)]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    # -- the company's texts in the candidate's language --------------------------------
    def text_for(self, language: str | None, kind: str, key: str | int | None = None, default: str | None = None) -> str | None:
        """One company-written text in ``language``, else in the company's own language.

        kind: "department", "role", "location", "question" (key: id), "option" (key:
        "<question id>/<position>"), "consent_text", "overview_title", "overview_body",
        "overview_link_text", "overview_image_alt" (key: the block's position). ``default`` is
        the text in the company's language (looked up here when not given)."""
        original = default if default is not None else self._original(kind, key)
        texts = self.translations.get(language) if language and language != self.language else None
        if texts is None:
            return original
        found: str | None = None
        if kind in ("department", "role", "location"):
            found = getattr(texts, kind + "s").get(str(key))
        elif kind == "question":
            found = (texts.questions.get(str(key)) or QuestionTexts()).text
        elif kind == "option":
            question_id, _, position = str(key).rpartition("/")
            options = (texts.questions.get(question_id) or QuestionTexts()).options
            found = options[int(position)] if position.isdigit() and int(position) < len(options) else None
        elif kind == "consent_text":
            found = texts.consent_text
        elif kind.startswith("overview_"):
            position = int(key or 0)
            block = texts.overview[position] if position < len(texts.overview) else None
            found = getattr(block, kind.removeprefix("overview_")) if block else None
        return found or original

    def _original(self, kind: str, key) -> str | None:
        if kind == "department":
            department = self.department(str(key))
            return department.name if department else None
        if kind == "role":
            return self.role_name(str(key))
        if kind == "location":
            return next((loc.name for loc in self.locations if loc.id == key), None)
        if kind == "question":
            question = self.question(str(key))
            return question.text if question else None
        if kind == "option":
            question_id, _, position = str(key).rpartition("/")
            question = self.question(question_id)
            return question.options[int(position)] if question and position.isdigit() and int(position) < len(question.options) else None
        if kind == "consent_text":
            return self.consent_text
        if kind.startswith("overview_"):
            position = int(key or 0)
            block = self.overview[position] if position < len(self.overview) else None
            return getattr(block, kind.removeprefix("overview_")) if block else None
        raise ValueError(f"no company text of kind {kind!r}")

    def localized(self, language: str | None) -> "CompanySettings":
        """These settings with every company-written text in ``language`` where the company
        translated it (the rest in its own language): what a page or an email in that language
        shows. Ids, options' values as stored and everything else stay as they are."""
        if not language or language == self.language or language not in self.translations:
            return self
        cached = self._localized_cache
        if language in cached:
            return cached[language]
        text = lambda kind, key, default: self.text_for(language, kind, key, default)  # noqa: E731
        localized = self.model_copy(update={
            "departments": [d.model_copy(update={"name": text("department", d.id, d.name), "roles": [
                r.model_copy(update={"name": text("role", r.id, r.name)}) for r in d.roles]}) for d in self.departments],
            "locations": [loc.model_copy(update={"name": text("location", loc.id, loc.name)}) for loc in self.locations],
            "questions": [q.model_copy(update={"text": text("question", q.id, q.text)}) for q in self.questions],
            "consent_text": text("consent_text", None, self.consent_text),
            "overview": [b.model_copy(update={
                "title": text("overview_title", i, b.title), "body": text("overview_body", i, b.body) if b.body else b.body,
                "link_text": text("overview_link_text", i, b.link_text) if b.link_text else None,
                "image_alt": text("overview_image_alt", i, b.image_alt) if b.image_alt else b.image_alt})
                for i, b in enumerate(self.overview)],
        })
        localized._localized_cache = {}
        cached[language] = localized
        return localized

    def option_text(self, language: str | None, question_id: str, option: str) -> str:
        """A choice question's option (as stored, in the company's language) in ``language``."""
        question = self.question(question_id)
        if question is None or option not in question.options:
            return option
        return self.text_for(language, "option", f"{question_id}/{question.options.index(option)}", option) or option


class NewKey(Strict):
    label: Line(100, min_length=0) = ""
    # read: GET on /admin (not keys); jobs: read and job writes (a job board); full: everything.
    # Never wider than the key that creates it.
    scope: Literal["read", "jobs", "full"] = "full"
