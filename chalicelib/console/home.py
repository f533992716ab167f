"""The console's home: what needs attention now, from the use cases the other screens use."""
from __future__ import annotations

from chalicelib.team.actors import Actor


def overview(actor: Actor) -> dict:
    return {"waiting": [], "new_members": None, "jobs": []}
