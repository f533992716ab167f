from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.db import TableMeta, find, usable_key

CANDIDATE_PREFIX = "candidate#"
EMAIL_PREFIX = "email#"


class ConsentExpiryIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "consent-expiry"
        projection = KeysOnlyProjection()

    consent_expiry_day = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class CommunityIndex(GlobalSecondaryIndex):
    """A company's candidates and never-connected applicants, newest first (by created_at)."""

    class Meta:
        index_name = "community"
        projection = AllProjection()

    company = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class CandidateItem(Model):
    Meta = TableMeta("candidates_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # candidate#<candidate id>
    candidate_id = UnicodeAttribute()
    email = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    language = UnicodeAttribute(null=True)  # the candidate's language for emails (en, sv); else the company's
    source = UnicodeAttribute(default="email")
    departments = ListAttribute(of=UnicodeAttribute, default=list)
    roles = ListAttribute(of=UnicodeAttribute, default=list)
    location = UnicodeAttribute(null=True)
    work_modes = ListAttribute(of=UnicodeAttribute, default=list)
    answers = JSONAttribute(default=list)
    subscription = JSONAttribute(default=dict)
    timezone = UnicodeAttribute(null=True)  # the company's when unset
    consent_at = UTCDateTimeAttribute()
    consent_version = UnicodeAttribute()
    consent_expires_at = UTCDateTimeAttribute(null=True)  # null: the company keeps consent until withdrawn
    consent_expiry_day = UnicodeAttribute(null=True)  # key of the sparse consent-expiry index
    renewal_sent_at = UTCDateTimeAttribute(null=True)
    confirmed_at = UTCDateTimeAttribute(null=True)
    unsubscribed_at = UTCDateTimeAttribute(null=True)
    stopped_categories = UnicodeSetAttribute(null=True)  # email categories they turned off ("campaigns")
    applied_at = UTCDateTimeAttribute(null=True)  # set when an application of theirs is linked
    # Where their linked applications came from (career_site, linkedin, ...): the recruiters'
    # list shows a LinkedIn applicant as such.
    application_sources = UnicodeSetAttribute(null=True)
    # Lower-case "first last email" for the recruiters' text filter.
    search_text = UnicodeAttribute(null=True)
    # After a change of address: when (links signed before it no longer act for the profile), and
    # the addresses it had (applications made with them are still the person's to export and erase).
    email_changed_at = UTCDateTimeAttribute(null=True)
    former_emails = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()
    by_consent_expiry = ConsentExpiryIndex()
    by_community = CommunityIndex()


class EmailClaimItem(Model):
    """One per (company, address): makes "same email, same candidate" hold under concurrent connects."""

    Meta = TableMeta("candidates_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # email#<normalized address>
    candidate_id = UnicodeAttribute()


def search_text(first_name: str, last_name: str, email: str) -> str:
    """What the recruiters' search by name or email matches (lower case)."""
    return f"{first_name} {last_name} {email}".lower()


def candidate_key(candidate_id: str) -> str:
    return CANDIDATE_PREFIX + candidate_id


def get_candidate(company: str, candidate_id: str, consistent: bool = False) -> CandidateItem | None:
    if not usable_key(candidate_id):
        return None
    return find(CandidateItem, company, candidate_key(candidate_id), consistent)



APPLICANT_PREFIX = "applicant#"


class ApplicantItem(Model):
    """Someone who applied (on the career site, or through a job board such as LinkedIn) and has
    not connected: one per (company, address), so the recruiters' candidate list shows every
    applicant, marked not connected. It is never in the subscription index: no job tips. Its
    attributes carry the candidate's names and types, so one Query lists both (see
    chalicelib/talent/candidates.py)."""

    Meta = TableMeta("candidates_table")
    company = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # applicant#<digest of the address, or of the application>
    email = UnicodeAttribute(null=True)
    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute(null=True)
    source = UnicodeAttribute(default="applied")
    departments = ListAttribute(of=UnicodeAttribute, default=list)  # of the jobs applied to
    roles = ListAttribute(of=UnicodeAttribute, default=list)
    application_sources = UnicodeSetAttribute(null=True)
    applied_at = UTCDateTimeAttribute()
    search_text = UnicodeAttribute(null=True)
    # After a change of address: when (links signed before it no longer act for the profile), and
    # the addresses it had (applications made with them are still the person's to export and erase).
    email_changed_at = UTCDateTimeAttribute(null=True)
    former_emails = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UTCDateTimeAttribute()


def applicant_key(email: str | None, application_id: str) -> str:
    import hashlib

    basis = email.lower() if email else f"application:{application_id}"
    return APPLICANT_PREFIX + hashlib.sha256(basis.encode()).hexdigest()[:32]
