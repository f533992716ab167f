from __future__ import annotations

from chalice.app import Request

from chalicelib.api import bearer_token


def candidate_session(request: Request) -> TokenSubject:
    """The candidate and company an access token belongs to. The dashboard takes no ids from
    the path, so a token can only ever open its own candidate at its own company."""
    from chalicelib.auth.tokens import ACCESS, TokenSubject, authenticate

    return authenticate(bearer_token(request), ACCESS)
