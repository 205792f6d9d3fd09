"""DVC stage ``document``: the data dictionary, generated from the schemas.

    python -m pipeline document --processed-dir processed --out docs/data-dictionary.md

Writes the Markdown that :func:`pipeline.package.dictionary.render` gives (every resource of
``pipeline/schemas/*.json``, example values from the published CSVs) to ``--out``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.core import fsutil
from pipeline.package import catalogue
from pipeline.package.dictionary import render

log = logging.getLogger(__name__)

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``document`` stage's options."""
    parser.add_argument(
        "--processed-dir", type=Path, default=Path("processed"),
        help="published CSVs to take example values from (default: processed)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("docs/data-dictionary.md"),
        help="Markdown file to write (default: docs/data-dictionary.md)",
    )


def main(args: argparse.Namespace) -> int:
    """Write the data dictionary; 0 on success."""
    log.info("document: read %d schemas (pipeline/schemas/*.json); examples from %s/",
             len(catalogue.RESOURCES), args.processed_dir)
    text = render(args.processed_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(args.out, text)  # temporary sibling + rename; removed on failure
    log.info("document: %d resources -> %s", len(catalogue.RESOURCES), args.out)
    return 0
