"""Sign in with LinkedIn or Facebook: verify the provider's OpenID Connect ID token.

The signature is checked against the provider's published keys (JWKS, fetched and cached per
container), and so are the issuer, the audience (the company's own client id at that provider)
and the expiry. An address the provider has not verified is confirmed by email instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from chalicelib.config import get_settings
from chalicelib.errors import Unauthorized
from chalicelib.schema import email_address

if TYPE_CHECKING:
    from jwt import PyJWKClient

ALGORITHMS = ["RS256", "ES256"]


@dataclass(frozen=True)
class Identity:
    provider: str
    subject: str
    email: str
    first_name: str
    last_name: str
    email_verified: bool = False


@lru_cache(maxsize=8)
def _keys(jwks_url: str) -> PyJWKClient:
    from jwt import PyJWKClient

    return PyJWKClient(jwks_url, cache_keys=True, lifespan=3600, timeout=5)


def _provider(provider: str) -> tuple[str, str]:
    settings = get_settings()
    return {
        "linkedin": (settings.linkedin_jwks_url, settings.linkedin_issuer),
        "facebook": (settings.facebook_jwks_url, settings.facebook_issuer),
    }[provider]


def verify_id_token(provider: str, id_token: str, client_id: str, nonce: str | None = None) -> Identity:
    jwks_url, issuer = _provider(provider)
    claims = verify_claims(provider, id_token, jwks_url, issuer, client_id, nonce)
    email = checked_email(provider, claims)
    first, last = claims.get("given_name"), claims.get("family_name")
    if not first:
        first, _, last_from_name = (claims.get("name") or email.split("@")[0]).partition(" ")
        last = last or last_from_name
    return Identity(provider, str(claims["sub"]), email, first[:60], (last or "-")[:60], email_verified(claims))


def verify_claims(label: str, id_token: str, jwks_url: str, issuer: str, client_id: str, nonce: str | None) -> dict:
    """The ID token's claims, once its signature (the issuer's published keys), issuer, audience
    (the company's own client), expiry and, when given, the nonce of the flow are checked."""
    # PyJWT and cryptography (~50 ms of CPU to import) load with the first provider sign-in, not
    # with every function that can reach this module (a plain email connect does).
    import jwt
    from jwt import PyJWKClientError

    try:
        key = _keys(jwks_url).get_signing_key_from_jwt(id_token).key
        claims = jwt.decode(
            id_token, key, algorithms=ALGORITHMS, audience=client_id, issuer=issuer, leeway=30,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWTError, PyJWKClientError) as error:
        raise Unauthorized(f"the {label} sign-in could not be verified: {error}", field="id_token") from None
    if nonce is not None and claims.get("nonce") != nonce:
        raise Unauthorized(f"the {label} sign-in was not the one started here", field="id_token")
    return claims


def checked_email(label: str, claims: dict) -> str:
    raw = claims.get("email")
    if not isinstance(raw, str) or not raw.strip():
        raise Unauthorized(f"the {label} account has no email address", field="id_token")
    # The same rule as a typed address, before anything compares it: lower-casing alone would
    # turn a look-alike (the Kelvin sign "\u212a" lower-cases to "k") into someone else's address.
    try:
        return email_address(raw)
    except ValueError:
        raise Unauthorized(f"the {label} account's email address cannot be used here", field="id_token") from None


def email_verified(claims: dict) -> bool:
    """Only the provider's explicit word proves the address: `email_verified: true`, or the string
    "true" that some providers send. Absent, false, "False", 1 or anything else does not; such an
    address is confirmed by email like a typed one."""
    value = claims.get("email_verified")
    return value is True or value == "true"


def reset() -> None:
    _keys.cache_clear()
