"""Operator commands.

    python -m chalicelib.cli create-company <slug> --name "<name>" --admin-email <address> [--admin-name "<name>"] [--stage dev|prod|local]
    python -m chalicelib.cli list-keys|create-key|rotate-key|revoke-key <slug> [<key id>] [--stage ...]
    python -m chalicelib.cli create-key <slug> [--label "..."] [--scope read|jobs|full]
    python -m chalicelib.cli dlq list|show|redrive [QUEUE] [--stage ...]

`dlq list` names every dead-letter queue with how many messages it holds and which queue feeds
it; `dlq show QUEUE` prints the parked messages with each one's reason (they stay parked);
`dlq redrive QUEUE` moves them back to the queue that feeds it, after a fix
(chalicelib/aws/deadletters.py). QUEUE is `notifications`, `notifications-dlq` or the full name.

`create-company` prints the company's first admin API key (scope full) once (only its hash is
stored), and the invitation link of its first team member, an admin with the given address:
opened in a browser it signs them in to the hiring console (single use, seven days; the same
link the invitation email carries, which is not sent). Every other member is invited from the
console's team screen. A key's
scope: read (GET on /admin, not the keys), jobs (read and job writes, for a job board), full. AWS credentials and
region come from the usual AWS environment; `--stage` loads that stage's table names from
.chalice/config.json. Without `--stage`, while `make run` is up, it talks to the local stack
(whose moto server address `make run` writes to .local/stack.json).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"


# `make run` writes this while it is up: where its moto server answers. The CLI uses it when no
# --stage is given, so the README's commands work against the local stack as printed.
LOCAL_STACK_FILE = CONFIG.parent.parent / ".local" / "stack.json"


def _load_stage(stage: str) -> None:
    config = json.loads(CONFIG.read_text())
    os.environ.update(config.get("environment_variables", {}))
    os.environ.update(config["stages"][stage]["environment_variables"])
    if stage == "local":
        running = json.loads(LOCAL_STACK_FILE.read_text()) if LOCAL_STACK_FILE.exists() else {}
        port = os.environ.get("LOCAL_MOTO_PORT", "5000")
        os.environ["AWS_ENDPOINT_URL"] = running.get("moto_url") or f"http://127.0.0.1:{port}"
        if running.get("api_url"):  # the links it prints (an invitation) open the running stack's console
            os.environ["PUBLIC_API_URL"] = running["api_url"]
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.cli", description="candidate-connect operator commands")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-company", help="create a company, print its admin API key once and its first admin's invitation link")
    create.add_argument("slug")
    create.add_argument("--name", required=True)
    create.add_argument("--admin-email", required=True, help="the first admin of the company's hiring console")
    create.add_argument("--admin-name", default="", help="their name, as the team sees it")
    create.add_argument("--stage", help="load this stage's resource names from .chalice/config.json")
    for name, help_text in (
        ("list-keys", "list a company's admin API keys (never their secrets)"),
        ("create-key", "create another admin API key and print it once"),
        ("rotate-key", "replace a key: print the new one, revoke the old"),
        ("revoke-key", "revoke a key; it stops working at once"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("slug")
        if name in ("rotate-key", "revoke-key"):
            command.add_argument("key_id")
        if name == "create-key":
            command.add_argument("--label", default="")
            command.add_argument("--scope", choices=("read", "jobs", "full"), default="full",
                                 help="read: GET on /admin (not keys); jobs: read and job writes; full: everything")
        command.add_argument("--stage", help="load this stage's resource names from .chalice/config.json")
    reindex = commands.add_parser("reindex-promises", help="give every open application of a company its due moment for the "
                                  "promise guard (after deploying the due index)")
    reindex.add_argument("slug")
    reindex.add_argument("--stage", help="load this stage's resource names from .chalice/config.json")
    dlq = commands.add_parser("dlq", help="dead-letter queues: list them, show what is parked and why, redrive")
    dlq.add_argument("action", choices=["list", "show", "redrive"])
    dlq.add_argument("queue", nargs="?", help="notifications, notifications-dlq or the full queue name (show, redrive)")
    dlq.add_argument("--limit", type=int, default=50, help="show at most this many messages")
    dlq.add_argument("--stage", help="load this stage's resource names from .chalice/config.json")
    args = parser.parse_args(argv)
    if args.command == "dlq" and args.action != "list" and not args.queue:
        parser.error(f"dlq {args.action} needs a QUEUE")

    if args.stage:
        _load_stage(args.stage)
    elif LOCAL_STACK_FILE.exists():
        print("using the local stack (make run)", file=sys.stderr)
        _load_stage("local")
    elif "STAGE" not in os.environ:  # a Lambda-like environment already names its resources
        parser.error("--stage is required (dev or prod); without it the CLI talks to a running `make run`")

    if args.command == "dlq":
        return _dlq(args.action, args.queue, args.limit)

    from chalicelib.companies import service
    from chalicelib.errors import DomainError

    try:
        if args.command == "create-company":
            return _create_company(args.slug, args.name, args.admin_email, args.admin_name)
        elif args.command == "reindex-promises":
            from chalicelib.applications.promise import reindex

            print(f"{reindex(args.slug)} open applications of {args.slug!r} have their due moment")
        elif args.command == "list-keys":
            for key in service.list_api_keys(args.slug):
                state = "active" if key["active"] else f"revoked {key['revoked_at']}"
                print(f"{key['id']}  {key['scope']:<4}  {state:<35} created {key['created_at']}  {key['label']}")
        elif args.command == "create-key":
            print(service.create_api_key(args.slug, args.label, args.scope)["key"])
        elif args.command == "rotate-key":
            print(service.rotate_api_key(args.slug, args.key_id)["key"])
        elif args.command == "revoke-key":
            service.revoke_api_key(args.slug, args.key_id)
            print(f"revoked {args.key_id}")
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    return 0


def _create_company(slug: str, name: str, admin_email: str, admin_name: str) -> int:
    from chalicelib.companies import service
    from chalicelib.errors import InvalidInput
    from chalicelib.schema import email_address
    from chalicelib.team.service import INVITATION_DAYS, first_admin

    # The address is checked before anything is created: a typo leaves no company behind.
    try:
        email_address(admin_email)
    except ValueError:
        raise InvalidInput("--admin-email is not a valid email address", field="admin_email") from None
    company, key = service.create_company(slug, name)
    member, link = first_admin(company.slug, admin_email, admin_name)
    print(f"created company {company.slug!r} ({company.name})")
    print(f"first admin {member['email']}: open this invitation link in a browser to sign in to the hiring console")
    print(f"(single use, {INVITATION_DAYS} days):")
    print(f"  {link}")
    print("admin API key, for machines (shown once, store it now):")
    print(key)
    return 0


def _dlq(action: str, queue: str | None, limit: int) -> int:
    from chalicelib.aws import deadletters

    stage = os.environ["STAGE"]
    if action == "list":
        for found in deadletters.dead_letter_queues(stage):
            fed_by = ", ".join(found.sources) or "a stream or the scheduler (not redrivable)"
            print(f"{found.name:<55} {found.messages:>6} parked   fed by {fed_by}")
        return 0
    try:
        name = deadletters.resolve(stage, queue or "")
    except LookupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if action == "show":
        parked = deadletters.peek(name, limit)
        print(f"{name}: {len(parked)} message(s) shown (they stay parked)")
        for message in parked:
            print(f"- {message.message_id}  sent {message.sent_at}  received {message.receives}x")
            print(f"  reason: {message.reason}")
            print(f"  body:   {message.body[:2000]}")
        return 0
    try:
        done = deadletters.redrive(name)
    except deadletters.NotRedrivable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if done["task"]:
        print(f"moving {name} back to {done['to']} (StartMessageMoveTask {done['task']}); `dlq list` shows progress")
    else:
        print(f"moved {done['moved']} message(s) from {name} back to {done['to']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
