"""A person's answers to "Was this relevant?", one per email (kind, occasion), in the email
ledger's table under the person's own partition: ``pk = relevance#<company>#<candidate>``,
``sk = <kind>#<occasion>``. So the person's answers are one Query to export or erase, and an
answer is recorded once (a conditional put)."""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta


class RelevanceAnswerItem(Model):
    Meta = TableMeta("email_ledger_table")
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    occasion = UnicodeAttribute()
    answer = UnicodeAttribute()  # relevant | not_relevant
    reason = UnicodeAttribute(null=True)  # what the person typed, if anything
    groups = ListAttribute(of=UnicodeAttribute, default=list)
    answered_at = UTCDateTimeAttribute()
    reason_updated_at = UTCDateTimeAttribute(null=True)


def person_key(company: str, candidate_id: str) -> str:
    return f"relevance#{company}#{candidate_id}"


def answers_of(company: str, candidate_id: str) -> list[RelevanceAnswerItem]:
    return list(RelevanceAnswerItem.query(person_key(company, candidate_id)))


def erase_answers(company: str, candidate_id: str) -> None:
    with RelevanceAnswerItem.batch_write() as batch:
        for item in answers_of(company, candidate_id):
            batch.delete(item)
