"""What recruiters send the auth capability."""
from __future__ import annotations

from chalicelib.schema import Line, Strict


class SecretBody(Strict):
    """A secret key for Secrets Manager (a bot-check or sign-in provider's), never stored elsewhere."""

    secret: Line(500)
