"""A stage's Lambda environment, as `.chalice/config.json` declares it."""
from __future__ import annotations

import json
from pathlib import Path

CONFIG_PATH = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"


def stage_variables(stage: str) -> dict[str, str]:
    config = json.loads(CONFIG_PATH.read_text())
    return {**config.get("environment_variables", {}), **config["stages"][stage]["environment_variables"]}
