"""The shape of the house (issue 9): imports point one way.

Read from the source with `ast`, every import counts, including those inside functions (a lazy
import is still a dependency). Shared mechanisms import no capability; capabilities form no
circle, neither between files nor between folders; each email kind is composed by one
capability and its templates live in that capability's folder.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.support import ROOT

PACKAGE = ROOT / "chalicelib"
# Mechanisms every capability may use; they know no capability.
MECHANISM_FOLDERS = {"aws", "notifications", "web", "i18n", "local"}
# Entry points that put the capabilities together (like app.py): the OpenAPI document, the
# admin CLI and the per-container cache reset for tests. Everything else at the top is a mechanism.
COMPOSITION_MODULES = {"chalicelib.openapi", "chalicelib.cli", "chalicelib.runtime"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            edges[name] |= {t for t in targets if t in modules and t != name}
    return edges


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else None


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def _folder_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    folders: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            a, b = _folder(source), _folder(target)
            if a and b and a != b:
                folders[a].add(b)
    return folders


def test_no_import_circles_between_files():
    assert _cycles(_imports()) == []


def test_no_import_circles_between_folders():
    assert _cycles(_folder_edges(_imports())) == []


def test_shared_mechanisms_import_no_capability():
    capability_folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - MECHANISM_FOLDERS
    offenders = []
    for source, targets in _imports().items():
        folder = _folder(source)
        is_mechanism = folder in MECHANISM_FOLDERS or (folder is None and source not in COMPOSITION_MODULES)
        if is_mechanism:
            offenders += [f"{source} -> {t}" for t in targets if _folder(t) in capability_folders]
    assert offenders == []


def test_each_email_kind_is_composed_and_templated_in_one_capability_folder():
    from chalicelib.notifications.registry import kinds

    registered = kinds()
    assert set(registered) >= {"connect", "magic_link", "consent_renewal", "email_change", "job_tip", "digest", "rejection",
                               "application_link", "application_receipt"}
    for name, kind in registered.items():
        owner = kind.message.__module__.split(".")[1]
        assert owner not in MECHANISM_FOLDERS, name
        assert kind.compose.__module__.split(".")[1] == owner, name
        assert kind.templates.relative_to(PACKAGE).parts[0] == owner, name
        assert (kind.templates / f"{name}.html").is_file(), name
        # why the recipient gets it, for the footer every email shares (notifications/layout)
        assert (kind.templates / f"{name}.reason.txt").is_file(), name


def test_a_cold_start_imports_no_aws_sdk_validation_templates_or_crypto():
    """Every function imports app.py; what a function needs it imports when it first runs (the
    figures are in `make bench`: bench/coldstart.py)."""
    import json
    import subprocess
    import sys

    from bench.coldstart import lambda_environment

    probe = "import json, sys; import app; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], env=lambda_environment(), cwd=ROOT,
                            capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "chalice" in loaded and "chalicelib" in loaded
    # (Powertools imports the bare botocore package for its user agent; no client machinery.)
    assert loaded & {"boto3", "botocore.client", "botocore.session", "pydantic", "pynamodb", "jinja2", "jwt", "cryptography", "email_validator",
                     "babel", "aws_xray_sdk", "moto"} == set()
