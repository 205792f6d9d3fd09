"""Regenerate ``tests/corpus/texts/sources.csv`` from ``tests/corpus/sources.json``.

    python tests/corpus/make_manifest.py            # rewrite the manifest
    python tests/corpus/make_manifest.py --check    # exit 1 if the manifest is not what it would write

The development corpus is for measuring, not a source of the published package; the
manifest only lets ``python -m pipeline extract --raw-dir tests/corpus/texts`` check every
text's size and SHA-256 and read its publication date and organisation, as for ``raw/``.
Columns are those of ``raw/sources.csv`` (the ``sources`` schema's manifest columns):
``published_precision`` follows from the length of ``published``; ``author`` and
``license`` are empty (not given in sources.json); ``note`` is the text's ``kind``
(news, official, encyclopedia, advocacy); ``organisation`` is the profile id of the
organisation the text is about.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("source_id", "file", "title", "publisher", "author", "license", "published", "published_precision",
           "url", "note", "organisation", "sha256", "bytes")
PRECISION = {4: "year", 7: "month", 10: "day"}


def manifest_text(corpus_dir: Path = HERE) -> str:
    """The manifest, as CSV text (LF line endings), for the texts listed in corpus_dir/sources.json."""
    entries = json.loads((corpus_dir / "sources.json").read_text(encoding="utf-8"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        data = (corpus_dir / e["file"]).read_bytes()
        published = e.get("published") or ""
        row = {
            "source_id": e["id"],
            "file": Path(e["file"]).name,
            "title": e.get("title") or "",
            "publisher": e.get("publisher") or "",
            "author": "",
            "license": "",
            "published": published,
            "published_precision": PRECISION[len(published)] if published else "",
            "url": e.get("url") or "",
            "note": e.get("kind") or "",
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": str(len(data)),
            "organisation": e.get("organisation") or "",
        }
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) tests/corpus/texts/sources.csv."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the manifest is up to date")
    args = parser.parse_args(argv)
    path = HERE / "texts" / "sources.csv"
    text = manifest_text()
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"error: {path}: not what {Path(__file__).name} writes; rerun it", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8", newline="")
    print(f"{path}: {text.count(chr(10)) - 1} texts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
