"""Sign in or connect with LinkedIn or Facebook from the pages: the use cases behind the routes."""
from __future__ import annotations

from chalicelib.api import validate
from chalicelib.auth.oidc_flow import begin, complete
from chalicelib.candidates.schema import Interests
from chalicelib.candidates.service import check_answers, check_choices, connect_verified, sign_in_verified
from chalicelib.companies.service import load_company
from chalicelib.errors import Unauthorized
from chalicelib.pages.forms import interests_from, roles_of_chosen


def start_sign_in(company_slug: str, provider: str) -> str:
    """The provider's authorization URL to send the browser to."""
    return begin(load_company(company_slug), provider)


def start_connect(company_slug: str, provider: str, form: dict[str, list[str]]) -> str:
    """Check the Connect form's choices as a connect would, then start the flow carrying them."""
    company = load_company(company_slug)
    body, _order = interests_from(form, company.settings.questions)
    body["roles"] = roles_of_chosen(form, company.settings)
    interests = validate(Interests, body)
    check_choices(company.settings, interests.departments, interests.roles, [interests.location] if interests.location else [], "location")
    check_answers(company.settings, interests.answers, require_all=True, departments=interests.departments, roles=interests.roles)
    return begin(company, provider, interests.model_dump(mode="json", include={"departments", "roles", "location", "work_modes", "answers"}))


def finish(company_slug: str, provider: str, params: dict) -> str:
    """The provider sent the browser back: the access token of the candidate signed in (or connected)."""
    company = load_company(company_slug)
    if params.get("error"):
        raise Unauthorized(f"{provider} sign-in was cancelled", field="provider")
    done = complete(company, provider, params.get("code"), params.get("state"))
    if done.interests is not None:
        return connect_verified(company, done.identity, done.interests).access_token
    return sign_in_verified(company, done.identity)["access_token"]
