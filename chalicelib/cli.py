"""Operator commands.

    python -m chalicelib.cli create-company <slug> --name "<name>" [--stage dev|prod|local]

Prints the company's first admin API key once; only its hash is stored. AWS credentials and
region come from the usual AWS environment; `--stage` loads that stage's table names from
.chalice/config.json, and `--stage local` also points at the local stack's moto server.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"


def _load_stage(stage: str) -> None:
    config = json.loads(CONFIG.read_text())
    os.environ.update(config.get("environment_variables", {}))
    os.environ.update(config["stages"][stage]["environment_variables"])
    if stage == "local":
        port = os.environ.get("LOCAL_MOTO_PORT", "5000")
        os.environ.setdefault("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.cli", description="candidate-connect operator commands")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-company", help="create a company and print its admin API key once")
    create.add_argument("slug")
    create.add_argument("--name", required=True)
    create.add_argument("--stage", help="load this stage's resource names from .chalice/config.json")
    args = parser.parse_args(argv)

    if args.stage:
        _load_stage(args.stage)

    from chalicelib.companies.service import create_company
    from chalicelib.errors import DomainError

    try:
        company, key = create_company(args.slug, args.name)
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    print(f"created company {company.slug!r} ({company.name})")
    print("admin API key (shown once, store it now):")
    print(key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
