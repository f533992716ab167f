"""An application made with a connected candidate's address, by someone who did not prove they
own it (an anonymous career-site application, a LinkedIn application): the owner is asked by
email whether it is theirs before it joins them, so nobody learns who is connected."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.applications.messages import ApplicationLinkEmail
from chalicelib.candidates import changes
from chalicelib.config import get_settings
from chalicelib.notifications.messages import enqueue


def ask_owner(company: str, candidate_id: str, application_id: str) -> None:
    lifetime = timedelta(hours=get_settings().confirm_token_hours)
    change_id = changes.propose(company, candidate_id, {"applications": [application_id]}, lifetime)
    enqueue([ApplicationLinkEmail(company=company, candidate_id=candidate_id, application_id=application_id, change_id=change_id)])
