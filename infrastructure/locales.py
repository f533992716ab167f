"""Compile the candidate pages' message catalogs (.po, in the repository) to the .mo files the
runtime reads with plain gettext. Babel is a build tool here; it does not ship.

    python -m infrastructure.locales
"""
from __future__ import annotations

import os
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "chalicelib" / "i18n" / "locales"


def compile_catalogs() -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        mo = po.with_suffix(".mo")
        # Written aside and renamed: the test workers compile at the same time, and a reader must
        # never open a half-written catalog.
        partial = mo.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        os.replace(partial, mo)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(path)
