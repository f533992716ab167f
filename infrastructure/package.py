"""Build the deployable template: Chalice's functions merged with infrastructure/template.yaml.

    python -m infrastructure.package --stage prod --out build/package

writes build/package/sam.yaml (and deployment.zip) for `aws cloudformation package/deploy`.
The stack's Stage parameter defaults to the Chalice stage, so the table and queue names the
functions get from .chalice/config.json are the ones the stack creates.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

from infrastructure.provision import load_template

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = Path(__file__).with_name("function-overrides.yaml")


def merge_template(stage: str) -> dict:
    template = load_template()
    template["Parameters"]["Stage"]["Default"] = stage
    template["Resources"].update(yaml.safe_load(OVERRIDES.read_text())["Resources"])
    return template


def package(stage: str, out: Path) -> Path:
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    merge_file = build / f"merge-{stage}.yaml"
    merge_file.write_text(yaml.safe_dump(merge_template(stage), sort_keys=False))
    chalice = Path(sys.executable).with_name("chalice")
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1")}
    subprocess.run(
        [str(chalice), "package", "--stage", stage, "--merge-template", str(merge_file), str(out)],
        cwd=ROOT, env=env, check=True,
    )
    return next(out.glob("sam.*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "package")
    args = parser.parse_args()
    print(package(args.stage, args.out))


if __name__ == "__main__":
    main()
