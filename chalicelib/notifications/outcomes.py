"""What became of each categorised email, counted per (company, kind, occasion): "sent",
"skipped_cap", "deferred_cap", "suppressed", "stopped_category", "no_consent", and what SES and
the recipient report later ("bounced", "unsubscribed"). A campaign's results are the counters of
its occasion (the campaign's id).

One item per (company, kind, occasion) in the companies table, under the company's partition
(scoped by its key like everything a company owns); each outcome is an atomic ADD, so
concurrent consumers never lose a count.

(Minimal version written with the campaigns capability; the cap mechanism's fuller version
takes its place.)
"""
from __future__ import annotations

from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.db import usable_key

PREFIX = "outcome#"
OUTCOMES = ("sent", "deferred_cap", "skipped_cap", "suppressed", "stopped_category", "no_consent", "bounced", "unsubscribed")


def _key(company: str, kind: str, occasion: str) -> dict:
    return {"company": {"S": company}, "sk": {"S": f"{PREFIX}{kind}#{occasion}"}}


def record(company: str, kind: str, occasion: str, outcome: str, amount: int = 1) -> None:
    """Add ``amount`` to one outcome's counter (created on first use; atomic under concurrency)."""
    if outcome not in OUTCOMES or not usable_key(company, kind, occasion):
        return
    client("dynamodb").update_item(
        TableName=get_settings().companies_table, Key=_key(company, kind, occasion),
        UpdateExpression="ADD #o :n", ExpressionAttributeNames={"#o": outcome},
        ExpressionAttributeValues={":n": {"N": str(int(amount))}},
    )


def counts(company: str, kind: str, occasion: str) -> dict[str, int]:
    """Every outcome's count (0 for those that never happened)."""
    if not usable_key(company, kind, occasion):
        return dict.fromkeys(OUTCOMES, 0)
    item = client("dynamodb").get_item(TableName=get_settings().companies_table, Key=_key(company, kind, occasion),
                                       ConsistentRead=True).get("Item") or {}
    return {outcome: int(item[outcome]["N"]) if outcome in item else 0 for outcome in OUTCOMES}
