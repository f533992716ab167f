"""A job's description: Markdown as recruiters write it, in a small safe subset, for pages
and emails. Paragraphs, **strong** and *emphasis*, lists (`- item`, `1. item`), headings
(`#`, `##`, `###`) and links to http(s) pages: nothing else.

Safe by construction: every piece of text is HTML-escaped *first*, and only then are the few
marks above turned into tags this module writes itself. So `<script>`, an `onerror=`, any HTML
at all, is shown as the characters typed; a link whose target is not http:// or https://
(javascript:, data:, vbscript:, a relative path) is shown as its text, without a link. No
library is needed for this subset (a general Markdown library passes raw HTML through unless
told otherwise, and would then need a sanitizer behind it).
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")
# [text](target): the target has no spaces, and parentheses only in balanced pairs.
LINK = re.compile(r"\[([^\[\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
EMPHASIS = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*|(?<![\w])_(?=\S)(.+?)(?<=\S)_(?![\w])")
WEB = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
PLACEHOLDER = "\x00{}\x00"


def blocks(text: str) -> list[tuple[str, object]]:
    """The description as blocks: ("h", (level, text)), ("p", text), ("ul"|"ol", [item, ...])."""
    out: list[tuple[str, object]] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            out.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            end_paragraph()
            continue
        heading = HEADING.match(line.strip())
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if heading:
            end_paragraph()
            out.append(("h", (len(heading.group(1)), heading.group(2))))
        elif bullet or numbered:
            end_paragraph()
            kind = "ul" if bullet else "ol"
            item = (bullet or numbered).group(1).strip()
            if out and out[-1][0] == kind:
                out[-1][1].append(item)  # type: ignore[union-attr]
            else:
                out.append((kind, [item]))
        elif out and out[-1][0] in ("ul", "ol") and not paragraph and raw[:1].isspace():
            out[-1][1][-1] += " " + line.strip()  # type: ignore[index] - an item's continued line
        else:
            paragraph.append(line.strip())
    end_paragraph()
    return out


def inline(text: str) -> str:
    """One line of Markdown as HTML: escaped first, then links, strong and emphasis."""
    escaped = html.escape(text, quote=True)
    links: list[str] = []

    def link(match: re.Match) -> str:
        label, target = match.group(1), html.unescape(match.group(2))
        if not WEB.match(target):
            return label  # not a web page: its text, never a link
        links.append(f'<a href="{html.escape(target, quote=True)}" rel="nofollow noopener">{_emphasis(label)}</a>')
        return PLACEHOLDER.format(len(links) - 1)

    escaped = LINK.sub(link, escaped)
    escaped = _emphasis(escaped)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], escaped)


def _emphasis(escaped: str) -> str:
    escaped = STRONG.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", escaped)
    return EMPHASIS.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)


def to_html(text: str, top_heading: int = 3) -> Markup:
    """The description as safe HTML; `#` becomes <h{top_heading}> (under the page's own headings)."""
    parts = []
    for kind, value in blocks(text):
        if kind == "h":
            level, words = value  # type: ignore[misc]
            tag = f"h{min(top_heading + level - 1, 6)}"
            parts.append(f"<{tag}>{inline(words)}</{tag}>")
        elif kind == "p":
            parts.append(f"<p>{inline(value)}</p>")  # type: ignore[arg-type]
        else:
            items = "".join(f"<li>{inline(item)}</li>" for item in value)  # type: ignore[union-attr]
            parts.append(f"<{kind}>{items}</{kind}>")
    return Markup("\n".join(parts))


def plain_text(text: str) -> str:
    """The description as plain text (an email's text part): the marks removed, a link as its
    text followed by its address, lists as "- " lines, blocks apart by a blank line."""
    def words(line: str) -> str:
        line = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if WEB.match(m.group(2)) else m.group(1), line)
        line = STRONG.sub(lambda m: m.group(1) or m.group(2), line)
        return EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)

    out = []
    for kind, value in blocks(text):
        if kind == "h":
            out.append(words(value[1]))  # type: ignore[index]
        elif kind == "p":
            out.append(words(value))  # type: ignore[arg-type]
        else:
            out.append("\n".join(f"{'-' if kind == 'ul' else f'{i}.'} {words(item)}" for i, item in enumerate(value, 1)))  # type: ignore[arg-type]
    return "\n\n".join(out)


def excerpt(text: str, limit: int = 300) -> str:
    """The start of the description as one line of plain text, at most `limit` characters, cut
    at a word with an ellipsis: for a job tip or a digest line. Links show as their text only."""
    def words(line: str) -> str:
        line = LINK.sub(lambda m: m.group(1), line)
        line = STRONG.sub(lambda m: m.group(1) or m.group(2), line)
        return EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)

    pieces = []
    for kind, value in blocks(text):
        if kind == "h":
            pieces.append(words(value[1]).rstrip(".:") + ".")  # type: ignore[index]
        elif kind == "p":
            pieces.append(words(value))  # type: ignore[arg-type]
        else:
            pieces.extend(words(item) for item in value)  # type: ignore[union-attr]
    flat = " ".join(" ".join(pieces).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"
