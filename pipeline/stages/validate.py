"""DVC stage ``validate``: check the extracted tables before anything is published.

    python -m pipeline validate --raw-dir raw --in-dir build/extract --report build/validate/report.json

The checks (frictionless on the files, then the domain invariants) are
:mod:`pipeline.package.validation`.

The JSON report (sorted keys, no timestamps) is
``{"valid": bool, "errors": [{"file", "row", "field", "message"}], "counts": {resource: rows},
"inputs": {resource: "sha256:…"}}``; ``publish`` refuses to run unless it is valid and its
input hashes still match the files.  Exit status: 0 valid, 1 invalid or unreadable input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from pipeline.core.jsonio import write_json
from pipeline.package import catalogue, sources
from pipeline.package.checks import ValidationError, input_hashes
from pipeline.package.validation import validate_dirs

log = logging.getLogger(__name__)

__all__ = ["build_report", "write_json", "add_arguments", "main"]


def build_report(
    errors: list[ValidationError], counts: Mapping[str, int], inputs: Mapping[str, str | None]
) -> dict:
    """The JSON report as a dict (deterministic: errors sorted, no timestamps)."""
    return {
        "valid": not errors,
        "errors": [asdict(e) for e in sorted(errors, key=ValidationError.sort_key)],
        "counts": dict(sorted(counts.items())),
        "inputs": dict(sorted(inputs.items())),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` stage's options."""
    parser.add_argument(
        "--raw-dir", type=Path, default=Path("raw"), help="raw texts and sources.csv (default: raw)"
    )
    parser.add_argument(
        "--in-dir",
        type=Path,
        default=Path("build/extract"),
        help="directory with the extracted *_mentions.csv (default: build/extract)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("build/validate/report.json"),
        help="where to write the JSON report (default: build/validate/report.json)",
    )


def main(args: argparse.Namespace) -> int:
    """Run the stage: write the report, print one line per error; 0 if valid, 1 otherwise."""
    inputs = input_hashes(args.raw_dir, args.in_dir)
    try:
        errors, counts = validate_dirs(args.raw_dir, args.in_dir)
    except sources.SourceError as exc:
        write_json(
            build_report([ValidationError(str(args.raw_dir), None, None, str(exc))], {}, inputs), args.report
        )
        raise
    write_json(build_report(errors, counts, inputs), args.report)
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"error: validation failed: {len(errors)} error(s); report in {args.report}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{name} {counts[name]}" for name in catalogue.RESOURCES if name in counts)
    log.info("valid: %s rows; report in %s", summary, args.report)
    return 0
