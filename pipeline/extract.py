"""Stage `extract`: raw texts in, one CSV per mention table out.

    python -m pipeline extract --raw-dir raw --out-dir build/extract

Works on any directory of ``*.txt`` files: with a ``sources.csv`` manifest the
files are checked against it and ids come from it; without one the file stem
is the source id. Dates that cannot exist ("31 February 1990") yield no row:
they are listed in ``rejects.csv`` beside the tables and reported on stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from pipeline.extractors import TABLES, extract_document, rejected_dates
from pipeline.schema import write_csv
from pipeline.sources import load_manifest, read_texts

REJECT_FIELDS = ("source_id", "char_start", "char_end", "text", "reason")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="directory of *.txt sources")
    parser.add_argument("--out-dir", type=Path, default=Path("build/extract"), help="where to write the CSVs")


def published_years(raw_dir: Path) -> dict[str, int]:
    """Publication year of each source, from the manifest when there is one."""
    if not (raw_dir / "sources.csv").exists():
        return {}
    years = {}
    for row in load_manifest(raw_dir):
        published = row.get("published") or ""
        if published[:4].isdigit():
            years[row["source_id"]] = int(published[:4])
    return years


def extract_texts(texts: dict[str, str], years: dict[str, int] | None = None) -> dict[str, list[dict]]:
    """Mention records of every text, by table."""
    years = years or {}
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    for source_id in sorted(texts):
        found = extract_document(source_id, texts[source_id], this_year=years.get(source_id))
        for table in TABLES:
            tables[table].extend(found[table])
    return tables


def rejects(texts: dict[str, str], years: dict[str, int] | None = None) -> list[dict]:
    """Candidates that cannot be published, with the reason."""
    years = years or {}
    return [
        {"source_id": sid, "char_start": s, "char_end": e, "text": t, "reason": reason}
        for sid in sorted(texts)
        for s, e, t, reason in rejected_dates(texts[sid], this_year=years.get(sid))
    ]


def main(args: argparse.Namespace) -> int:
    texts = read_texts(args.raw_dir)
    years = published_years(args.raw_dir)
    tables = extract_texts(texts, years)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for table, records in tables.items():
        write_csv(records, table, args.out_dir / f"{table}.csv")
        print(f"extract: {len(records)} rows -> {args.out_dir / f'{table}.csv'}", file=sys.stderr)
    bad = rejects(texts, years)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=REJECT_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(bad)
    (args.out_dir / "rejects.csv").write_text(buf.getvalue(), encoding="utf-8")
    for r in bad:
        print(f"warning: {r['source_id']} chars {r['char_start']}-{r['char_end']}: "
              f"{r['text']!r}: {r['reason']}; no row written", file=sys.stderr)
    return 0
