"""Segments: a community filter saved under a name, shared with the whole team (campaigns will
use them). Kept in the companies table under the company (team/models.py SegmentItem); the
filter is checked as the community list checks it, so a segment always opens."""
from __future__ import annotations

import uuid

from chalicelib.db import find, iso, now, usable_key
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.talent import filters
from chalicelib.team import roles
from chalicelib.team.actors import Actor
from chalicelib.team.models import SEGMENT_PREFIX, SegmentItem

MAX_NAME = 80
MAX_SEGMENTS = 200


def segment_view(item: SegmentItem) -> dict:
    return {"id": item.segment_id, "name": item.name, "filters": dict(item.filters or {}), "created_at": iso(item.created_at),
            "created_by": item.created_by}


def list_segments(actor: Actor) -> list[dict]:
    actor.require(roles.COMMUNITY)
    items = SegmentItem.query(actor.company, SegmentItem.sk.startswith(SEGMENT_PREFIX), consistent_read=True)
    return sorted((segment_view(i) for i in items), key=lambda s: s["name"].casefold())


def get_segment(actor: Actor, segment_id: str) -> dict:
    actor.require(roles.COMMUNITY)
    item = find(SegmentItem, actor.company, SEGMENT_PREFIX + segment_id, consistent=True) if usable_key(segment_id) else None
    if item is None:
        raise NotFound("no such segment", field="segment_id")
    return segment_view(item)


def save_segment(actor: Actor, name, values) -> dict:
    """A new segment of the filter ``values`` (the community list's filters, as strings or
    flags). The name must be given; the filter may be empty (everyone)."""
    actor.require(roles.COMMUNITY)
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("give the segment a name", field="name")
    name = " ".join(name.split())
    if len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(f"a name of at most {MAX_NAME} printable characters", field="name")
    if not isinstance(values, dict):
        raise InvalidInput("filters must be an object", field="filters")
    unknown = sorted(set(values) - set(filters.FIELDS))
    if unknown:
        raise InvalidInput("unknown filter", field=f"filters.{unknown[0]}")
    try:
        criteria = filters.parse(values)
    except InvalidInput as error:
        raise InvalidInput(error.message, field=f"filters.{error.field}") from None
    existing = list_segments(actor)
    if len(existing) >= MAX_SEGMENTS:
        raise InvalidInput(f"a team keeps at most {MAX_SEGMENTS} segments; delete one first", field="name")
    if any(s["name"].casefold() == name.casefold() for s in existing):
        raise InvalidInput("a segment of this name exists; choose another name", field="name")
    segment_id = uuid.uuid4().hex
    item = SegmentItem(company=actor.company, sk=SEGMENT_PREFIX + segment_id, segment_id=segment_id, name=name,
                       filters=filters.scope_values(criteria), created_at=now(), created_by=actor.name)
    item.save()
    return segment_view(item)


def delete_segment(actor: Actor, segment_id: str) -> dict:
    segment = get_segment(actor, segment_id)
    SegmentItem(company=actor.company, sk=SEGMENT_PREFIX + segment["id"]).delete()
    return segment
