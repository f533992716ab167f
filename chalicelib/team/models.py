"""Members and the audit live in the companies table, under the company's partition: a
company's team is small (a Query reads all of it) and everything here is scoped by company by
its key. Sessions and invitations are tokens (auth/tokens.py) whose subject is the member."""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.db import TableMeta, find

MEMBER_PREFIX = "member#"
AUDIT_PREFIX = "audit#"
SEGMENT_PREFIX = "segment#"


class MemberItem(Model):
    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # member#<member id>
    member_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()  # admin | recruiter | hiring (team/roles.py)
    language = UnicodeAttribute(default="en")
    # invited (the link not used yet) | active | removed (kept: the audit still names them)
    state = UnicodeAttribute(default="invited")
    invited_at = UTCDateTimeAttribute()
    invited_by = UnicodeAttribute(null=True)  # the actor's display name, for the team screen
    invitation_expires_at = UTCDateTimeAttribute(null=True)
    invitation_id = UnicodeAttribute(null=True)  # only the newest invitation's link works
    joined_at = UTCDateTimeAttribute(null=True)
    removed_at = UTCDateTimeAttribute(null=True)
    last_signed_in_at = UTCDateTimeAttribute(null=True)
    # The jobs a hiring member is assigned to (admins and recruiters see every job anyway).
    jobs = UnicodeSetAttribute(null=True)
    # each (an email per new application to their jobs) | daily (a digest) | none
    notifications = UnicodeAttribute(default="none")


class AuditItem(Model):
    """One thing a person or a key did to someone's data, under that data's subject: the
    candidate (a profile viewed) or the application (viewed, resume downloaded, moved,
    assigned). Holds ids and the actor's display name, never the candidate's personal data, so
    it outlives an erasure and still says who looked."""

    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # audit#<subject kind>#<subject id>#<at iso>#<random>
    subject = UnicodeAttribute()  # candidate#<id> | application#<id>
    action = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    actor_kind = UnicodeAttribute()  # member | api_key | system
    actor_id = UnicodeAttribute()
    actor_name = UnicodeAttribute()
    detail = JSONAttribute(default=dict)


class SegmentItem(Model):
    """A named, shared filter of the community (campaigns use them)."""

    Meta = TableMeta("companies_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # segment#<segment id>
    segment_id = UnicodeAttribute()
    name = UnicodeAttribute()
    filters = JSONAttribute(default=dict)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()


def get_member(company: str, member_id: str, consistent: bool = True) -> MemberItem | None:
    return find(MemberItem, company, MEMBER_PREFIX + member_id, consistent=consistent) if member_id else None


def members_of(company: str) -> list[MemberItem]:
    return list(MemberItem.query(company, MemberItem.sk.startswith(MEMBER_PREFIX), consistent_read=True))
