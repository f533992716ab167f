"""The start of a job's description as plain text, for an email or a list: whatever the
description holds (plain text today; Markdown or HTML pasted from elsewhere tomorrow), the
excerpt is words only. Markup is dropped, never interpreted: links keep their text, images and
code fences their words at most, and what is left is escaped where it is shown like any text."""
from __future__ import annotations

import html
import re

EXCERPT_CHARACTERS = 280

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_LINE_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+|(?:[-*_]\s*){3,}$|```.*$|~~~.*$)", re.M)
_HEADING_OR_ITEM = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+).*?[^.!?:;…,\s])\s*$", re.M)
_EMPHASIS = re.compile(r"(\*\*|\*|~~|`)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")


def excerpt(description: str | None, limit: int = EXCERPT_CHARACTERS) -> str:
    """At most ``limit`` characters of the description's words, cut at a word with "…"."""
    text = description or ""
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE.sub("", text)
    text = _HEADING_OR_ITEM.sub(r"\1.", text)  # a heading or a list item ends as a sentence would
    text = _LINE_MARKS.sub("", text)
    for _ in range(2):  # nested emphasis: **_word_**
        text = _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = "".join(" " if not c.isprintable() else c for c in text)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,.;:-") + "…"
