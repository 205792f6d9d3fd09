"""Command ``add-source``: add one text to ``raw/`` and its row to the manifest, in one step.

    python -m pipeline add-source report.txt --title "Annual report 2024" \\
        --publisher "Example Institute" --url https://example.org/report \\
        --published 2024-05 --license CC-BY-4.0 [--author …] [--note …] [--organisation …]

``--title`` is required and must not be empty; ``--publisher``, ``--url``, ``--published``
and ``--license`` are required too, so that each is decided, but may be given as ``''``
when unknown (the manifest cell stays empty).

The manifest ``raw/sources.csv`` has the columns of the ``sources`` schema
(``pipeline/schemas/sources.json``, documented in the data dictionary); this command fills
them: ``source_id`` (``--source-id``, default the file stem), ``file`` (the file's name),
the descriptive columns from the options, ``published_precision`` from the form of
``--published`` (``YYYY`` → year, ``YYYY-MM`` → month, ``YYYY-MM-DD`` → day), and
``sha256`` and ``bytes`` computed from the file.

Nothing is changed unless everything passes the pipeline's own checks
(:mod:`pipeline.package.sources`, reused, not re-implemented), with the same messages:

1. the raw directory as it is (manifest and every text) must be valid;
2. the new file must be non-empty UTF-8 text without a byte-order mark or NUL byte;
3. the manifest with the new row appended must pass :func:`pipeline.package.sources.load_manifest`
   (unique id and file name, id and file patterns, a real publication date…), and no file
   of that name may already be in the raw directory;
4. the file is copied into the raw directory and the manifest replaced (each via a
   temporary file and a rename), then the whole directory is read again with
   :func:`pipeline.package.sources.read_texts`; if that fails, both changes are undone.

The row is appended (canonical ids stay stable while the manifest only grows), with the
manifest's own column order and line ending.  ``--organisation`` fills the optional
``organisation`` column when the sources schema has it; with a schema without it the value
is not written and a warning says so.  Then ``dvc repro`` extracts and publishes the text.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.package import sources

log = logging.getLogger(__name__)

ORGANISATION = "organisation"
_PRECISION = {4: "year", 7: "month", 10: "day"}


def _line_ending(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def manifest_row(
    path: Path, data: bytes, header: list[str], values: dict[str, str | None]
) -> dict[str, str]:
    """The manifest row for a file: ``values`` (empty for None) plus file, sha256, bytes, precision."""
    published = values.get("published") or ""
    row = {column: "" for column in header}
    for column, value in values.items():
        if column in row and value is not None:
            row[column] = value
    row.update({
        "file": Path(path).name,
        "published_precision": _PRECISION.get(len(published), "") if published else "",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": str(len(data)),
    })
    return row


def _csv_row(row: dict[str, str], header: list[str], ending: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerow([row[c] for c in header])
    return out.getvalue()


def add_source(
    file: Path, raw_dir: Path, values: dict[str, str | None], source_id: str | None = None
) -> dict[str, str]:
    """Copy ``file`` into ``raw_dir`` and append its manifest row; return the row (see module doc).

    ``values`` maps manifest columns (title, publisher, author, license, published, url,
    note, organisation) to their values.  Raises :class:`pipeline.package.sources.SourceError`
    (nothing changed) when the directory, the file or the new row fails a check.
    """
    file, raw_dir = Path(file), Path(raw_dir)
    manifest = raw_dir / sources.MANIFEST
    sources.read_texts(raw_dir)  # 1. the directory as it is: manifest and texts valid
    if not manifest.is_file():
        raise sources.SourceError(f"{manifest}: manifest missing")
    if not file.is_file():
        raise sources.SourceError(f"{file}: no such file")
    data = file.read_bytes()
    if not data:
        raise sources.SourceError(f"{file}: empty file")
    sources._decode(file, data)  # 2. UTF-8, no BOM, no NUL: the pipeline's own check and message
    for column, value in values.items():
        if value is not None and any(c in value for c in "\r\n"):
            raise sources.SourceError(f"{file}: --{column} must be one line")

    old_text = manifest.read_bytes().decode("utf-8")
    ending = _line_ending(old_text)
    header = next(csv.reader(io.StringIO(old_text, newline="")))
    values = dict(values)
    organisation = values.pop(ORGANISATION, None)
    if organisation is not None:
        from pipeline.extractors.organisation import load

        load(organisation)  # a profile id the extractors know (ProfileError names the profiles otherwise)
        if ORGANISATION in header:
            values[ORGANISATION] = organisation
        else:
            log.warning("add-source: --organisation not written: %s has no %s column (an older manifest; "
                        "add the column to code the text for another organisation)", manifest, ORGANISATION)
    values["source_id"] = source_id or file.stem
    row = manifest_row(file, data, header, values)
    new_text = old_text + ("" if old_text.endswith(("\n", "\r")) else ending) + _csv_row(row, header, ending)

    with tempfile.TemporaryDirectory(prefix="add-source-") as tmp:  # 3. the new manifest, checked
        candidate = Path(tmp) / sources.MANIFEST
        candidate.write_bytes(new_text.encode("utf-8"))
        try:
            sources.load_manifest(Path(tmp))
        except sources.SourceError as exc:
            message = str(exc).replace(str(candidate), str(manifest)).replace(tmp, str(raw_dir))
            raise sources.SourceError(message) from None
    target = raw_dir / row["file"]
    if target.exists() or target.is_symlink():
        raise sources.SourceError(f"{target}: already exists (a text of that name is in {raw_dir})")

    old_manifest = manifest.read_bytes()  # 4. copy, append, re-read everything; undo on failure
    tmp_text = raw_dir / f".{row['file']}.tmp"
    tmp_manifest = raw_dir / f".{sources.MANIFEST}.tmp"
    try:
        shutil.copyfile(file, tmp_text)
        os.replace(tmp_text, target)
        tmp_manifest.write_bytes(new_text.encode("utf-8"))
        os.replace(tmp_manifest, manifest)
        sources.read_texts(raw_dir)
    except BaseException:
        manifest.write_bytes(old_manifest)
        target.unlink(missing_ok=True)
        tmp_text.unlink(missing_ok=True)
        tmp_manifest.unlink(missing_ok=True)
        raise
    return row


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``add-source`` command's options."""
    parser.add_argument("file", type=Path, metavar="FILE", help="the UTF-8 text to add (*.txt)")
    parser.add_argument("--title", required=True, help="title of the text as published (required)")
    parser.add_argument("--publisher", required=True,
                        help="publisher or kind of publication (required; '' when unknown)")
    parser.add_argument("--url", required=True, help="where the text was published (required; '' when unknown)")
    parser.add_argument("--published", required=True, metavar="YYYY[-MM[-DD]]",
                        help="publication date at the precision known (required; '' when unknown)")
    parser.add_argument("--license", required=True,
                        help="licence of the text, an SPDX identifier (required; '' when unknown)")
    parser.add_argument("--author", help="author, where stated (default: empty)")
    parser.add_argument("--note", help="how the date or other metadata was inferred (default: empty)")
    parser.add_argument("--organisation",
                        help="profile id of the organisation the text is about (pipeline/extractors/organisations/; "
                             "default: empty, which means mek)")
    parser.add_argument("--source-id", help="source id (default: the file stem; lowercase letters, digits, '-')")
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="raw directory with sources.csv")


def main(args: argparse.Namespace) -> int:
    """Add the source; SourceError → exit 1 with ``error: <file>: <problem>``, nothing changed."""
    values = {
        "title": args.title, "publisher": args.publisher, "author": args.author, "url": args.url,
        "published": args.published, "license": args.license, "note": args.note,
        ORGANISATION: args.organisation,
    }
    row = add_source(args.file, args.raw_dir, values, args.source_id)
    log.info("add-source: %s -> %s (source_id %s, %s bytes, sha256 %s); row appended to %s; next: dvc repro",
             args.file, args.raw_dir / row["file"], row["source_id"], row["bytes"], row["sha256"][:12],
             args.raw_dir / sources.MANIFEST)
    return 0
