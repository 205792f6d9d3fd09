"""JSON files the pipeline writes (reports, counts, the package descriptor): one deterministic format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.core import fsutil


def write_json(data: Any, path: Path) -> None:
    """Write JSON with sorted keys, indent 2 and a trailing newline, atomically (temp + rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
