"""The README is a landing page and every link in the documentation leads somewhere (issue 19.4)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_points_at_a_file_that_exists(page):
    targets = [target for target in LINK.findall(page.read_text()) if not re.match(r"[a-z]+:", target)]
    missing = [target for target in targets if not (page.parent / target.split("#")[0]).exists()]
    assert not missing, f"{page.name} links to {missing}"


def test_the_readme_is_short_and_its_first_screen_says_what_to_open_in_a_browser():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= 250
    first_screen = "\n".join(lines[:45])
    assert "http://127.0.0.1:8000/companies/acme/connect" in first_screen and "http://127.0.0.1:8001/" in first_screen
    # Every doc page is on the README's map
    assert all(f"(docs/{page.name})" in "\n".join(lines) for page in PAGES[1:])
    assert "## Dependencies" in "\n".join(lines)
