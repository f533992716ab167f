"""Recording "Was this relevant?" (issue 20.3): a signed link from a job tip, digest or campaign
(notifications/relevance.py) opens a page (GET: nothing changes; link scanners open links), and
its form posts the answer with an optional reason.

An email's answer is recorded once: the first POST stores it and counts it (ledger counters
"relevant" / "not_relevant" for the email's (kind, occasion), the kind's total and the groups it
names, e.g. its department). A later POST never counts again and never changes the answer; it
may add or replace the reason (what a person adds after second thoughts is kept, the figures
stay honest).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pydantic import ValidationError
from pynamodb.exceptions import PutError

from chalicelib.candidates.models import get_candidate
from chalicelib.config import get_settings
from chalicelib.db import now
from chalicelib.errors import InvalidInput, NotFound, Unauthorized
from chalicelib.feedback.models import RelevanceAnswerItem, person_key
from chalicelib.notifications import ledger, relevance
from chalicelib.observability import count, logger
from chalicelib.schema import Strict, Text

MAX_REASON = 1000
# What the page says beside each field it refuses (English source text; the catalogs translate it).
PROBLEMS = {"answer": "Choose whether the email was relevant.",
            "reason": "Write at most 1000 characters, on lines of text."}


class Answer(Strict):
    answer: str
    reason: Text(MAX_REASON) | None = None


class LinkTooOld(Unauthorized):
    status = 410
    code = "link_expired"


@dataclass(frozen=True)
class Recorded:
    company: str
    answer: str  # the answer that stands (the first one)
    first: bool  # this POST recorded it


def read(token: str | None) -> dict:
    """The genuine, unexpired link's claims, for a person still on file."""
    claims = relevance.read(token)
    signed = claims.get("t")
    if not isinstance(signed, int) or isinstance(signed, bool) or not 0 <= signed < 2**33:
        raise Unauthorized("invalid or altered link", field="token")
    if now() - datetime.fromtimestamp(signed, tz=timezone.utc) > timedelta(days=get_settings().signed_link_days):
        raise LinkTooOld("this link has expired", field="token")
    if get_candidate(claims["c"], claims["k"]) is None:
        raise NotFound("nobody to record this for any more", field="token")
    return claims


def answer(token: str | None, chosen: str | None, reason: str | None) -> Recorded:
    claims = read(token)
    if chosen not in relevance.ANSWERS:
        raise InvalidInput("choose relevant or not relevant", field="answer")
    try:
        reason = Answer(answer=chosen, reason=(reason or "").strip() or None).reason
    except ValidationError:
        raise InvalidInput(f"the reason is at most {MAX_REASON} characters, without control characters", field="reason") from None
    company, person, kind, occasion = claims["c"], claims["k"], claims["n"], claims["o"]
    item = RelevanceAnswerItem(person_key(company, person), f"{kind}#{occasion}", kind=kind, occasion=occasion, answer=chosen,
                               reason=reason, groups=list(claims["g"]), answered_at=now())
    try:
        item.save(condition=RelevanceAnswerItem.pk.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        kept = RelevanceAnswerItem.get(item.pk, item.sk, consistent_read=True)
        if reason and reason != kept.reason:
            kept.update(actions=[RelevanceAnswerItem.reason.set(reason), RelevanceAnswerItem.reason_updated_at.set(now())])
        return Recorded(company, kept.answer, False)
    # Counted after the answer is stored: a failure in between leaves an answer uncounted, never
    # one counted twice (the retry finds the answer and counts nothing).
    ledger.record(company, kind, occasion, chosen, claims["g"])
    count("RelevanceAnswers")
    logger.info("relevance answered", extra={"company": company, "kind": kind, "answer": chosen})
    return Recorded(company, chosen, True)
