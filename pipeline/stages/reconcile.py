"""Stage `reconcile`: one row per real-world fact, every disagreement surfaced.

    python -m pipeline reconcile --raw-dir raw --in-dir build/extract --out-dir build/reconcile

Reads the three mention tables and writes them back with their canonical id
(`event_id`, `designation_id`, `estimate_id`), plus the canonical tables
`events`, `designations`, `membership_estimates`, the `conflicts` between
mentions of one canonical row, and `designation_periods`.  The matching and
reconciliation rules are in :mod:`pipeline.package.reconciliation`.
"""

from __future__ import annotations

import argparse
import csv
import logging
from pathlib import Path

from pipeline.package import arrow, csvio
from pipeline.package.reconciliation import MENTION_TABLES, reconcile
from pipeline.package.sources import read_raw, read_texts

log = logging.getLogger(__name__)

__all__ = ["MENTION_TABLES", "reconcile", "source_order", "add_arguments", "main"]


def source_order(raw_dir: Path) -> list[str]:
    """Source ids in manifest order (the order that makes canonical ids stable), else sorted."""
    manifest = raw_dir / "sources.csv"
    if manifest.exists():
        with open(manifest, newline="", encoding="utf-8") as f:
            return [row["source_id"] for row in csv.DictReader(f)]
    return sorted(read_texts(raw_dir))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="raw texts (and sources.csv)")
    parser.add_argument("--in-dir", type=Path, default=Path("build/extract"), help="the extracted mention CSVs")
    parser.add_argument("--out-dir", type=Path, default=Path("build/reconcile"), help="where to write every table")


def main(args: argparse.Namespace) -> int:
    raw = read_raw(args.raw_dir)  # the texts, read and verified once, and the manifest order
    tables = {name: arrow.read_csv_typed(name, args.in_dir / f"{name}.csv").to_pylist() for name in MENTION_TABLES}
    result = reconcile(tables, raw.texts, raw.order())
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in {**tables, **result}.items():
        csvio.write_csv(rows, name, args.out_dir / f"{name}.csv")
        log.info("reconcile: %d rows -> %s", len(rows), args.out_dir / f"{name}.csv")
    return 0
