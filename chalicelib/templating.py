"""The shipped jinja2 templates, compiled ahead of time and shipped in the package.

Compiling a template (lexing, parsing, generating Python and compiling that) is paid by the
first page or email of a fresh container: about 300 M instructions, a seventh of a first
Connect page. The package step (infrastructure/package.py `compile_app`, which the cold-start bench runs too)
compiles every shipped template into chalicelib/__pycache__/jinja2/, and the pages' and emails'
environments load each from there (`ShippedTemplates`, a jinja2 bytecode cache).

Never stale: an entry holds the SHA-1 of the template text it was compiled from, and jinja2
compiles the template afresh when the text differs (or when the entry was written by another
Python); the key names the environment's options that change the compiled code, the jinja2
version, the template's name and its file inside chalicelib. Where the folder is writable
(tests, `make run`) a template compiled at run time is stored for the next process, as Python
stores bytecode (and not under PYTHONDONTWRITEBYTECODE); in Lambda (/var/task is read-only) it
is compiled in memory, as it would be without this.

Company-edited templates (the sandbox) are not shipped files and are not cached here.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

PACKAGE = Path(__file__).resolve().parent
CACHE = PACKAGE / "__pycache__" / "jinja2"


class ShippedTemplates(BytecodeCache):
    """Compiled templates from CACHE, for the templates inside chalicelib."""

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        inside = _inside(filename)
        key = hashlib.sha1(f"{_options(environment, name)}|{name}|{inside}".encode()).hexdigest() if inside else ""
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        if key:
            self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(CACHE / f"{bucket.key}.j2", "rb") as stored:
                bucket.load_bytecode(stored)
        except OSError:
            pass  # not compiled ahead (a template added since): jinja2 compiles it
        except Exception:  # noqa: BLE001 - an unreadable entry is only a missed shortcut
            bucket.reset()

    def compile_ahead(self, environment: Any, name: str) -> None:
        """Compile template ``name`` of ``environment`` from its file and store it (the package
        step), whatever the environment already holds in memory and whatever PYTHONDONTWRITEBYTECODE."""
        source, filename, _ = environment.loader.get_source(environment, name)
        bucket = self.get_bucket(environment, name, filename, source)
        bucket.code = environment.compile(source, name, filename)
        self.dump_bytecode(bucket, always=True)

    def dump_bytecode(self, bucket: Bucket, always: bool = False) -> None:
        if not bucket.key or (sys.dont_write_bytecode and not always):  # PYTHONDONTWRITEBYTECODE: no Python bytecode, no template code
            return
        temporary = None
        try:
            CACHE.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=CACHE, suffix=".tmp", delete=False) as stored:
                temporary = stored.name
                bucket.write_bytecode(stored)
            os.replace(temporary, CACHE / f"{bucket.key}.j2")  # whole or not at all, for concurrent processes
        except OSError:
            if always:
                raise
            # A read-only package (Lambda): the template stays compiled in memory for this container.
            if temporary:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass


SHIPPED = ShippedTemplates()


def _inside(filename: str | None) -> str | None:
    """The template file's path inside chalicelib, or None for one elsewhere (or from a string)."""
    if not filename:
        return None
    try:
        return Path(filename).resolve().relative_to(PACKAGE).as_posix()
    except ValueError:
        return None


def _options(environment: Any, name: str) -> str:
    """What the compiled code of template ``name`` depends on besides its text."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    return "|".join(str(option) for option in (
        jinja2.__version__, type(environment).__name__, autoescape, environment.trim_blocks, environment.lstrip_blocks,
        environment.keep_trailing_newline, environment.newline_sequence, environment.optimized,
        sorted(environment.extensions), environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string, environment.comment_start_string,
        environment.comment_end_string, environment.line_statement_prefix, environment.line_comment_prefix))
