"""JSON from outside (request bodies, queue messages, signed payloads), parsed defensively.

`json.loads` raises RecursionError on deeply nested input (`[[[[...]]]]`), which is neither a
ValueError nor anything a handler expects: unchecked, it is a 500 over HTTP and an endless
retry on a queue. Every place that parses outside JSON goes through `load_json`.
"""
from __future__ import annotations

import json
from typing import Any

# No request or message of this product nests deeper than a handful of levels.
MAX_DEPTH = 32


class NotJson(ValueError):
    """The text is not JSON this product accepts; the message says why."""


def load_json(raw: bytes | str) -> Any:
    try:
        data = json.loads(raw)
    except RecursionError:
        raise NotJson(f"nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError):
        raise NotJson("not valid JSON") from None
    if _depth(data) > MAX_DEPTH:
        raise NotJson(f"nested deeper than {MAX_DEPTH} levels")
    return data


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest
