"""A promise, kept (issue 20.1): no application sits past the company's promise without the
team being told and the candidate hearing the truth.

What is due for an application is a pure function of the application and the company's
settings (`standing`): the end of its current status's target (the job's team is told once per
*breach*, a breach being the status and the moment it entered it) and, once the company's
promise (`response_days`) has passed with no decision, the candidate's next "not decided yet"
update (at most one a week). The earliest of those is the application's `due_at`, in the sparse
`by-due` index (models.ByDue); a decision (rejected, hired, withdrawn) removes it.

Who keeps `due_at` right: the applications stream (`after_events`, for every path that changes
a status: the console, the API, LinkedIn, the candidate's withdrawal) and the guard itself after
it acted. Both compute the same value from the same state, so a redelivered stream record or a
re-run writes nothing new.

The guard (`keep_promises`, a daily EventBridge rule) queries the index's shards up to now, so
it reads the applications that are due and nothing else; it reads each again (consistently),
checks what is really due, and then:
- queues one digest per member of the job's team (team/service.job_team) listing the newly
  breached applications; idempotency key (member, company day, the breaches listed);
- queues the candidate's update; idempotency key (application, the update's number);
- records each in the application's history (`target_passed`, `promise_update`), after queueing,
  so a crash in between re-queues the same keys and the notifications consumer sends once;
- lists the breach on the console's home (a small register in the companies table, removed when
  the application moves on).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.applications.models import ApplicationItem, due_shard, get_application
from chalicelib.companies.promise import UPDATE_EVERY, Calendar
from chalicelib.db import TableMeta, iso
from chalicelib.observability import count, logger

DECISIONS = ("rejected", "hired", "withdrawn")
TARGET_PASSED = "target_passed"
PROMISE_UPDATE = "promise_update"
# The promise passed another week while the company had updates off: nothing was sent, and the
# application stays in the index (due again a week later), so turning updates back on reaches it.
PROMISE_QUIET = "promise_passed_quietly"
OVERDUE_PREFIX = "overdue#"
# A member's digest names at most this many applications (the console's home lists them all).
DIGEST_AT_MOST = 100


def parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Standing:
    """Where an open application stands against the company's promise and targets."""

    status: str
    entered_at: str  # when it entered its status (the breach's identity with the status)
    target_days: int | None
    target_at: datetime | None  # when the status's target passes (None: no target)
    target_told: bool  # the team was told of this breach
    promise_at: datetime  # when the company's response time passes
    updates_sent: int
    next_update: datetime | None  # when the candidate's next update is due (None: updates off)

    def due(self) -> datetime | None:
        moments = [m for m in (None if self.target_told else self.target_at, self.next_update) if m is not None]
        return min(moments) if moments else None


def entered_at(item: ApplicationItem) -> str:
    for event in reversed(item.events):
        if event.get("type") == "status_changed" and event.get("to") == item.status:
            return event["at"]
    return item.created_at


def calendar(settings) -> Calendar:
    return settings.promise.calendar(settings.timezone)


def standing(item: ApplicationItem, settings) -> Standing | None:
    """None once decided (rejected, hired, withdrawn): nothing is ever due after a decision."""
    if item.status in DECISIONS:
        return None
    days = calendar(settings)
    since = entered_at(item)
    target = settings.promise.targets.of(item.status)
    told = any(e.get("type") == TARGET_PASSED and e.get("status") == item.status and e.get("since") == since for e in item.events)
    updates = [e for e in item.events if e.get("type") == PROMISE_UPDATE]
    passes = [e for e in item.events if e.get("type") in (PROMISE_UPDATE, PROMISE_QUIET)]
    promise_at = days.deadline(parse(item.created_at), settings.response_days)
    next_update = None
    # Computed whether or not the company sends updates now: an open application always has a
    # next moment to be looked at (weekly, past the promise), so it never drops out of the index.
    if item.erased_at is None and item.email:
        next_update = parse(passes[-1]["at"]) + UPDATE_EVERY if passes else promise_at
    return Standing(item.status, since, target, days.deadline(parse(since), target) if target else None, told, promise_at,
                    len(updates), next_update)


# -- the index and the home's register ------------------------------------------------------

class OverdueItem(Model):
    """An application past its status's target, as the guard found it: what the console's home
    lists (a Query on the company's partition, never the applications). Removed when the
    application moves on or is decided."""

    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # overdue#<application id>
    application_id = UnicodeAttribute()
    job_id = UnicodeAttribute()
    status = UnicodeAttribute()
    since = UnicodeAttribute()  # when it entered the status
    target_at = UnicodeAttribute()


def sync(item: ApplicationItem, settings, register: bool = True) -> None:
    """Write the application's next due moment (or remove it), and keep the home's register in
    step (``register``: after a status change or a recorded breach). Idempotent."""
    for _attempt in range(3):
        state = standing(item, settings)
        due = state.due() if state else None
        wanted = (due_shard(item.application_id), iso(due)) if due else (None, None)
        if (item.due_shard, item.due_at) == wanted:
            break
        actions = [ApplicationItem.due_shard.set(wanted[0]), ApplicationItem.due_at.set(wanted[1])] if due else [
            ApplicationItem.due_shard.remove(), ApplicationItem.due_at.remove()]
        try:
            item.update(actions=actions)
            break
        except UpdateError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            item.refresh(consistent_read=True)
    if not register:
        return
    state = standing(item, settings)
    key = OVERDUE_PREFIX + item.application_id
    if state is not None and state.target_told and state.target_at is not None:
        OverdueItem(company=item.company, sk=key, application_id=item.application_id, job_id=item.job_id, status=state.status,
                    since=state.entered_at, target_at=iso(state.target_at)).save()
    else:
        OverdueItem(company=item.company, sk=key).delete()


def overdue(company: str, limit: int) -> list[OverdueItem]:
    return list(OverdueItem.query(company, OverdueItem.sk.startswith(OVERDUE_PREFIX), limit=limit))


def after_events(company: str, application_id: str, types: list[str]) -> None:
    """The applications stream: the status changed (or the application arrived, or the guard
    recorded something): its due moment and the home's register follow."""
    from chalicelib.companies.service import load_company
    from chalicelib.errors import NotFound

    if not any(t in ("applied", "status_changed", TARGET_PASSED, PROMISE_UPDATE) for t in types):
        return
    item = get_application(company, application_id)
    if item is None:
        return
    try:
        settings = load_company(company).settings
    except NotFound:
        return
    sync(item, settings, register=any(t in ("status_changed", TARGET_PASSED) for t in types))


# -- the guard --------------------------------------------------------------------------------

def reindex(company: str) -> int:
    """Give every open application of ``company`` its due moment (an operator's step after
    deploying the index, or after a settings change should reach everyone at once): one Query of
    the by-status index per open status, a write only where the moment differs. Idempotent."""
    from chalicelib.applications.schema import STATUSES
    from chalicelib.companies.service import load_company

    settings = load_company(company).settings
    touched = 0
    for status in (s for s in STATUSES if s not in DECISIONS):
        for item in ApplicationItem.by_status.query(f"{company}#{status}"):
            sync(item, settings, register=False)
            touched += 1
    logger.info("due moments reindexed", extra={"company": company, "applications": touched})
    return touched


def due_keys(at: datetime) -> list[tuple[str, str]]:
    """(company, application id) of every application due at ``at``: one Query per shard,
    reading only index entries whose due moment has come."""
    from chalicelib.applications.models import DUE_SHARDS

    found = []
    for shard in range(DUE_SHARDS):
        for key in ApplicationItem.by_due.query(f"due#{shard}", ApplicationItem.due_at <= iso(at)):
            found.append((key.company, key.application_id))
    return found


def keep_promises(at: datetime) -> dict:
    """The daily rule. ``at`` is the rule's clock (EventBridge's event time), not the machine's."""
    from chalicelib.applications.messages import PromiseUpdateEmail
    from chalicelib.team.messages import OverdueDigestEmail
    from chalicelib.applications.service import record_once
    from chalicelib.companies.service import load_company
    from chalicelib.errors import NotFound
    from chalicelib.notifications.messages import enqueue
    from chalicelib.team.alerts import digest_day

    keys = due_keys(at)
    companies: dict[str, object] = {}
    breaches: list[tuple[ApplicationItem, Standing]] = []
    updates: list[tuple[ApplicationItem, Standing]] = []
    quiet: list[tuple[ApplicationItem, Standing]] = []  # past the promise with updates off
    seen: list[tuple[ApplicationItem, object]] = []
    failed: list[str] = []
    for company, application_id in keys:
        try:
            if company not in companies:
                try:
                    companies[company] = load_company(company).settings
                except NotFound:
                    companies[company] = None
            settings = companies[company]
            item = get_application(company, application_id)
            if settings is None or item is None:
                continue
            state = standing(item, settings)
        except Exception:  # noqa: BLE001 - one application never keeps the others waiting
            logger.exception("promise guard: application skipped", extra={"company": company, "application_id": application_id})
            failed.append(application_id)
            continue
        seen.append((item, settings))
        if state is None:
            continue
        if state.target_at is not None and not state.target_told and state.target_at <= at:
            breaches.append((item, state))
        if state.next_update is not None and state.next_update <= at and state.promise_at <= at:
            (updates if settings.promise.candidate_updates else quiet).append((item, state))

    # The team: one digest per member, of their jobs' newly breached applications.
    per_member: dict[tuple[str, str], list[dict]] = {}
    for item, state in breaches:
        for member in recipients(item.company, item.job_id):
            per_member.setdefault((item.company, member.member_id), []).append(
                {"application_id": item.application_id, "status": state.status, "since": state.entered_at})
    digests = []
    for (company, member_id), listed in per_member.items():
        listed = sorted(listed, key=lambda b: b["since"])[:DIGEST_AT_MOST]
        fingerprint = hashlib.sha256("|".join(f"{b['application_id']}@{b['since']}" for b in listed).encode()).hexdigest()[:16]
        digests.append(OverdueDigestEmail(company=company, member_id=member_id, day=digest_day(at, companies[company].timezone),
                                          breaches=listed, fingerprint=fingerprint, at=iso(at)))
    enqueue(digests)
    # The candidates: an honest update, by its number (a re-run queues the same key).
    enqueue([PromiseUpdateEmail(company=item.company, application_id=item.application_id, number=state.updates_sent + 1,
                                until=iso(at + UPDATE_EVERY)) for item, state in updates])

    # Then the history says so (what makes the next run skip them), and the index moves on.
    # A failure here leaves that application due: the next run queues the same keys again.
    records = [(item, {"type": TARGET_PASSED, "status": state.status, "since": state.entered_at, "target_at": iso(state.target_at),
                       "days": state.target_days, "at": iso(at)},
                lambda e, s=state: e.get("type") == TARGET_PASSED and e.get("status") == s.status and e.get("since") == s.entered_at)
               for item, state in breaches]
    records += [(item, {"type": PROMISE_UPDATE, "number": state.updates_sent + 1, "until": iso(at + UPDATE_EVERY), "at": iso(at)},
                 lambda e, n=state.updates_sent + 1: e.get("type") == PROMISE_UPDATE and e.get("number") == n)
                for item, state in updates]
    records += [(item, {"type": PROMISE_QUIET, "due": iso(state.next_update), "at": iso(at)},
                 lambda e, d=iso(state.next_update): e.get("type") == PROMISE_QUIET and e.get("due") == d)
                for item, state in quiet]
    for item, event, recorded in records:
        try:
            record_once(item, event, recorded)
        except Exception:  # noqa: BLE001
            logger.exception("promise guard: not recorded", extra={"company": item.company, "application_id": item.application_id})
            failed.append(item.application_id)
    breached = {item.application_id for item, _ in breaches}
    for item, settings in seen:
        try:
            item.refresh(consistent_read=True)
            sync(item, settings, register=item.application_id in breached)
        except Exception:  # noqa: BLE001
            logger.exception("promise guard: due moment not moved", extra={"company": item.company, "application_id": item.application_id})
            failed.append(item.application_id)
    outcome = {"due": len(keys), "breaches": len(breaches), "team_digests": len(digests), "candidate_updates": len(updates),
               "failed": len(failed)}
    count("PromiseBreaches", len(breaches))
    count("PromiseUpdates", len(updates))
    logger.info("promises kept", extra=outcome)
    if failed:
        # After every other application was served: the function's error alarm fires, and
        # EventBridge's retry (or tomorrow's run) finds them still due.
        raise RuntimeError(f"the promise guard could not finish {len(failed)} application(s)")
    return outcome


def recipients(company: str, job_id: str):
    """The job's team (members assigned to it, else the recruiters and admins), as they chose:
    members who chose "each" or "daily" news of applications get the digest, those who chose
    "none" do not, unless nobody on the team would: a breach always reaches someone."""
    from chalicelib.team.service import job_team

    team = job_team(company, job_id)
    return [m for m in team if m.notifications != "none"] or team


# -- the candidate's emails on entering a status --------------------------------------------------

def announce(company, application_id: str, status: str, entered_at: str) -> None:
    """An application entered a status the company chose to announce (shortlisted, interview,
    offer; all off by default): the candidate's email, keyed by that entry."""
    from chalicelib.applications.messages import STATUS_EMAILS
    from chalicelib.notifications.messages import enqueue

    if status in STATUS_EMAILS and status in company.settings.promise.status_emails:
        enqueue([STATUS_EMAILS[status](company=company.slug, application_id=application_id, entered_at=entered_at)])
