"""Sign in or connect with LinkedIn or Facebook from the pages: the use cases behind the routes."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.api import validate
from chalicelib.auth.oidc_flow import Started, begin, complete
from chalicelib.candidates.schema import Interests
from chalicelib.candidates.service import AddressNotVerified, check_answers, check_choices, connect_verified, sign_in_verified
from chalicelib.candidates.sign_in import request_magic_link
from chalicelib.companies.service import load_company
from chalicelib.errors import Unauthorized
from chalicelib.pages.forms import interests_from, roles_of_chosen


def start_sign_in(company_slug: str, provider: str) -> Started:
    """The provider's authorization URL to send the browser to, and the browser's binding."""
    return begin(load_company(company_slug), provider)


def start_connect(company_slug: str, provider: str, form: dict[str, list[str]]) -> Started:
    """Check the Connect form's choices as a connect would, then start the flow carrying them."""
    company = load_company(company_slug)
    body, _order = interests_from(form, company.settings.questions)
    body["roles"] = roles_of_chosen(form, company.settings)
    interests = validate(Interests, body)
    check_choices(company.settings, interests.departments, interests.roles, [interests.location] if interests.location else [], "location")
    check_answers(company.settings, interests.answers, require_all=True, departments=interests.departments, roles=interests.roles)
    return begin(company, provider, interests.model_dump(mode="json", include={"departments", "roles", "location", "work_modes", "answers"}))


@dataclass(frozen=True)
class Finished:
    access_token: str | None  # None: the address is confirmed by email first
    email: str


def finish(company_slug: str, provider: str, params: dict, browser_binding: str | None) -> Finished:
    """The provider sent the browser back: the candidate signed in (or connected), or, where the
    provider does not vouch for the address, an email on its way that confirms it."""
    company = load_company(company_slug)
    if params.get("error"):
        raise Unauthorized(f"{provider} sign-in was cancelled", field="provider")
    done = complete(company, provider, params.get("code"), params.get("state"), browser_binding)
    if done.interests is not None:
        return Finished(connect_verified(company, done.identity, done.interests).access_token, done.identity.email)
    try:
        return Finished(sign_in_verified(company, done.identity)["access_token"], done.identity.email)
    except AddressNotVerified:
        request_magic_link(company.slug, done.identity.email)
        return Finished(None, done.identity.email)
