"""What candidates put on the notifications queue (composed in emails.py)."""
from __future__ import annotations

from typing import Literal

from chalicelib.notifications.registry import Notification


class ConnectEmail(Notification):
    """Thank the candidate for connecting, with a link that confirms the address."""

    kind: Literal["connect"] = "connect"
    candidate_id: str
    connection_id: str  # one per connect request: a new connect is a new email, a redelivery is not
    # Set when the address belongs to a confirmed candidate: the link applies this waiting change.
    change_id: str | None = None

    def occasion(self) -> str:
        return self.connection_id


class MagicLinkEmail(Notification):
    """A sign-in link the candidate asked for."""

    kind: Literal["magic_link"] = "magic_link"
    candidate_id: str
    request_id: str

    def occasion(self) -> str:
        return self.request_id


class ConsentRenewalEmail(Notification):
    kind: Literal["consent_renewal"] = "consent_renewal"
    candidate_id: str
    expiry_day: str

    def occasion(self) -> str:
        return self.expiry_day


class EmailChangeEmail(Notification):
    """The link that confirms a new address, sent to that address."""

    kind: Literal["email_change"] = "email_change"
    candidate_id: str
    change_id: str
    new_email: str

    def occasion(self) -> str:
        return self.change_id
