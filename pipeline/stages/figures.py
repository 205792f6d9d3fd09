"""DVC stage ``figures``: three PNG pictures of the published tables, for the README.

    python -m pipeline figures --processed-dir processed --out-dir docs/figures

Reads the published CSVs and writes ``events_by_year.png``, ``membership.png`` and
``designations.png``; what each shows, and how they stay byte-identical, is in
:mod:`pipeline.package.charts`.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.package.charts import (
    periods_from_table,
    plot_designations,
    plot_events_by_year,
    plot_membership,
    read_rows,
    styled,
)

log = logging.getLogger(__name__)

FIGURES = ("events_by_year.png", "membership.png", "designations.png")


def make_figures(processed_dir: Path, out_dir: Path) -> list[Path]:
    """Write the three PNGs from the published CSVs; return their paths."""
    from pipeline.package import catalogue

    processed_dir, out_dir = Path(processed_dir), Path(out_dir)
    types = next(f for f in catalogue.fields("event_mentions") if f["name"] == "event_type")["constraints"]["enum"]
    paths = [out_dir / name for name in FIGURES]
    with styled():
        events = processed_dir / "events.csv"
        rows = read_rows(events)
        log.info("figures: read %d rows from %s", len(rows), events)
        plot_events_by_year(rows, types, "Events (reconciled)", paths[0])

        rows = read_rows(processed_dir / "membership_mentions.csv")
        log.info("figures: read %d rows from %s", len(rows), processed_dir / "membership_mentions.csv")
        plot_membership(rows, paths[1])

        mentions = read_rows(processed_dir / "designation_mentions.csv")
        periods = periods_from_table(read_rows(processed_dir / "designation_periods.csv"))
        source = "the designation_periods table"
        log.info("figures: read %d rows from %s; %d listing periods from %s",
                 len(mentions), processed_dir / "designation_mentions.csv", len(periods), source)
        plot_designations(periods, mentions, source, paths[2])
    return paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``figures`` stage's options."""
    parser.add_argument("--processed-dir", type=Path, default=Path("processed"),
                        help="published CSVs to draw (default: processed)")
    parser.add_argument("--out-dir", type=Path, default=Path("docs/figures"),
                        help="where to write the PNGs (default: docs/figures)")


def main(args: argparse.Namespace) -> int:
    """Write the figures; 0 on success."""
    make_figures(args.processed_dir, args.out_dir)
    return 0
