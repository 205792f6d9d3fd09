"""The extraction rules of each table, as data: id, what it matches, examples (README.md here)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

RULE_DIR = Path(__file__).parent
FILES = {"event_mentions": "events.json", "designation_mentions": "designations.json",
         "membership_mentions": "membership.json"}


@functools.cache
def rules(table: str) -> tuple[dict, ...]:
    """The rules of one mention table, in file order."""
    path = RULE_DIR / FILES[table]
    if not path.exists():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8")))


def rule_ids(table: str) -> set[str]:
    return {r["id"] for r in rules(table)}
