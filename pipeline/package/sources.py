"""The raw-input edge: the manifest ``raw/sources.csv`` and the texts it lists.

Everything downstream trusts what this module returns, so it is strict:

* With a manifest, every row is checked (columns, ids, file names, dates, checksums) and
  every listed file must exist, have the listed size and SHA-256, and decode as strict
  UTF-8; every ``*.txt`` in the directory must be listed.
* Without a manifest (a directory of new texts), every ``*.txt`` is read and its
  source id is the file stem; the same UTF-8 checks apply.
* An empty text, or one of only white space, is an error.
* Symbolic links: refused in a directory with a manifest (it holds the files whose
  checksums it lists: ``raw/``); without one (``--raw-dir`` on new texts) a link is
  followed only when it leads to a file inside the directory.
* The manifest forgives what spreadsheets do: trailing blank lines (and rows of empty
  cells) at the end are ignored, a missing final newline is fine; a blank line between
  rows, or a row with too few or too many cells, is an error saying what is wrong.

Texts are returned exactly as decoded: no newline normalisation, no Unicode
normalisation, no BOM stripping, because character offsets in every mention refer to
this decoded text.  A text that starts with a UTF-8 byte-order mark is rejected (a BOM
would silently become character 0 of the text and shift nothing visible while confusing
every reader that strips it); remove it from the file and update the manifest.  A text
containing a NUL byte is rejected as binary (UTF-16 without a byte-order mark, an image, a
word-processor file all contain NUL bytes; no plain text does).

Windows line endings (CRLF) are kept: a text with ``\r\n`` line endings is read as is,
and every offset counts the ``\r`` characters.  Segmentation treats ``\r`` as white space,
so a quote never starts or ends with it; a quote that spans a line break (a sentence
broken across lines) contains the ``\r\n`` exactly as in the file, and the CSV and Parquet
writers keep it.  ``text[char_start:char_end] == quote`` therefore holds for CRLF, LF and
mixed texts alike; the checksum in the manifest is of the bytes as stored.

Errors raise :class:`SourceError`, whose message starts with the offending file (and,
for the manifest, ``row N field F``; the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.package import catalogue, values

MANIFEST = "sources.csv"
RESOURCE = "sources"
_BOM = b"\xef\xbb\xbf"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
# Columns a manifest may leave out: every row then reads as "" (for organisation: the default, mek).
OPTIONAL_COLUMNS = ("organisation",)
DEFAULT_ORGANISATION = "mek"


class SourceError(PipelineError):
    """A raw input is missing, malformed or does not match the manifest; the message names the file."""


def manifest_columns() -> list[str]:
    """The manifest's columns: the ``sources`` fields that are not derived (``x-derived``) by the pipeline."""
    return [f["name"] for f in catalogue.fields(RESOURCE) if not f.get("x-derived")]


def _field(name: str) -> dict:
    return next(f for f in catalogue.fields(RESOURCE) if f["name"] == name)


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_field(name)["constraints"]["pattern"])


def _decode(path: Path, data: bytes, kind: str = "") -> str:
    """Decode bytes as strict UTF-8, rejecting a BOM; errors name the file."""
    if data.startswith(_BOM):
        raise SourceError(
            f"{path}: starts with a UTF-8 byte-order mark (remove it; offsets count from the first byte)"
        )
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        hint = ""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = " (starts with a UTF-16 byte-order mark: re-encode the file as UTF-8)"
        raise SourceError(f"{path}: not valid UTF-8 at byte {exc.start}{hint}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(
            f"{path}: NUL byte at byte {nul}: a binary file or UTF-16 without a byte-order mark, not UTF-8 text"
        )
    return text


def _check_date(value: str) -> None:
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    dt.date(year, month, day)  # raises ValueError for 2014-02-30, 2014-13, ...


def load_manifest(raw_dir: Path) -> list[dict]:
    """Read and check ``raw_dir/sources.csv``; return its rows as dicts of strings, in file order.

    Checks: the columns are exactly the non-derived fields of the ``sources`` schema (any order; the
    OPTIONAL_COLUMNS may be left out, and then read as ""); required
    cells are set; ids are unique and match the schema pattern; ``file`` is a plain file
    name inside ``raw_dir`` (no ``/``, no ``..``, not absolute), unique, matching the schema
    pattern; ``published`` is a real date whose form (YYYY / YYYY-MM / YYYY-MM-DD) agrees
    with ``published_precision``; ``sha256`` is 64 lowercase hex digits; ``bytes`` is a
    positive integer.  Raises SourceError naming the manifest, the row and the field.
    """
    raw_dir = Path(raw_dir)
    path = raw_dir / MANIFEST
    _check_link(path, raw_dir, allow=False)
    if not path.is_file():
        raise SourceError(f"{path}: manifest missing")
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(f"{path}: empty file") from None
    except csv.Error as exc:
        raise SourceError(f"{path} row 1: {exc}") from None
    expected = manifest_columns()
    missing = [c for c in expected if c not in header and c not in OPTIONAL_COLUMNS]
    if missing:
        raise SourceError(f"{path} row 1: missing column(s) {', '.join(missing)}")
    unknown = [c for c in header if c not in expected]
    if unknown:
        raise SourceError(f"{path} row 1: unknown column(s) {', '.join(unknown)}")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise SourceError(f"{path} row 1: duplicated column(s) {', '.join(duplicated)}")

    required = catalogue.required_fields(RESOURCE)
    id_pattern, file_pattern, published_pattern = (
        _pattern("source_id"),
        _pattern("file"),
        _pattern("published"),
    )
    precisions = _field("published_precision")["constraints"]["enum"]
    organisation_pattern = _pattern("organisation")
    rows: list[dict] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    row_number = 1
    blank: int | None = None  # the first blank line: allowed only if nothing but blank lines follows
    try:
        for row_number, cells in enumerate(reader, start=2):
            where = f"{path} row {row_number}"
            if not any(cell.strip() for cell in cells):
                blank = row_number if blank is None else blank
                continue  # a spreadsheet's trailing blank line (or a row of empty cells)
            if blank is not None:
                raise SourceError(
                    f"{path} row {blank}: blank line before row {row_number} "
                    "(only trailing blank lines are allowed; remove it)"
                )
            if len(cells) != len(header):
                raise SourceError(f"{where}: {_cell_count_problem(cells, header)}")
            row = dict(zip(header, cells, strict=True))
            for name in OPTIONAL_COLUMNS:
                row.setdefault(name, "")
            for name in required:
                if row[name] == "":
                    raise SourceError(f"{where} field {name}: required value is empty")
            sid = row["source_id"]
            if not id_pattern.fullmatch(sid):
                raise SourceError(f"{where} field source_id: {sid!r} does not match {id_pattern.pattern}")
            if sid in seen_ids:
                raise SourceError(
                    f"{where} field source_id: duplicate id {sid!r} (first in row {seen_ids[sid]})"
                )
            seen_ids[sid] = row_number
            name = row["file"]
            if "/" in name or "\\" in name or ".." in name or Path(name).is_absolute():
                raise SourceError(
                    f"{where} field file: {name!r} must be a plain file name inside {raw_dir} "
                    "(no '/', no '..', not absolute)"
                )
            if not file_pattern.fullmatch(name):
                raise SourceError(f"{where} field file: {name!r} does not match {file_pattern.pattern}")
            if name in seen_files:
                raise SourceError(f"{where} field file: {name!r} already listed in row {seen_files[name]}")
            seen_files[name] = row_number
            published, precision = row["published"], row["published_precision"]
            if published:
                if not published_pattern.fullmatch(published):
                    raise SourceError(
                        f"{where} field published: {published!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
                    )
                try:
                    _check_date(published)
                except ValueError as exc:
                    raise SourceError(
                        f"{where} field published: {published!r} is not a real date ({exc})"
                    ) from None
                implied = _PRECISION_BY_LENGTH[len(published)]
                if precision != implied:
                    raise SourceError(
                        f"{where} field published_precision: {precision!r} does not agree with "
                        f"published {published!r} (expected {implied!r})"
                    )
            elif precision:
                raise SourceError(
                    f"{where} field published_precision: set to {precision!r} but published is empty"
                )
            if precision and precision not in precisions:
                raise SourceError(f"{where} field published_precision: {precision!r} not one of {precisions}")
            if row["organisation"] and not organisation_pattern.fullmatch(row["organisation"]):
                raise SourceError(
                    f"{where} field organisation: {row['organisation']!r} does not match {organisation_pattern.pattern}"
                )
            if not _HEX64.fullmatch(row["sha256"]):
                raise SourceError(f"{where} field sha256: {row['sha256']!r} is not 64 lowercase hex digits")
            if not re.fullmatch(r"[0-9]{1,18}", row["bytes"]) or int(row["bytes"]) < 1:
                raise SourceError(
                    f"{where} field bytes: {row['bytes']!r} is not a positive integer of at most 18 digits"
                )
            rows.append(row)
    except csv.Error as exc:
        raise SourceError(f"{path} row {row_number + 1}: {_csv_problem(exc)}") from None
    if not rows:
        raise SourceError(f"{path}: no sources listed")
    return rows


def _cell_count_problem(cells: list[str], header: list[str]) -> str:
    """What is wrong with a row that does not have one cell per column, in words."""
    n, expected = len(cells), len(header)
    if n < expected:
        missing = ", ".join(header[n:])
        return (f"{n} cells, expected {expected}: no value for {missing} "
                "(a missing comma, or a line break inside an unquoted cell?)")
    extra = ", ".join(repr(c) for c in cells[expected:][:3])
    return (f"{n} cells, expected {expected}: {n - expected} more than the header ({extra} left over; "
            "a cell holding a comma must be quoted: \"a, b\")")


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return f"{text} (a quoted cell is never closed: a missing closing \")"
    if "expected after" in text:
        return f"{text} (a quote inside a quoted cell must be doubled: \"\")"
    return text


def manifest_records(raw_dir: Path) -> list[dict]:
    """Return the manifest as typed records of the ``sources`` resource (bytes int, '' → None).

    The derived fields (``document_date``, its precision and source) are filled from the
    manifest's ``published`` only; :func:`source_records` adds the datelines of the texts.
    """
    from pipeline.text import docdate

    fields = [f for f in catalogue.fields(RESOURCE) if not f.get("x-derived")]
    out = []
    for row in load_manifest(raw_dir):
        record = {f["name"]: values.to_python(f, row[f["name"]]) for f in fields}
        record |= document_date_fields(docdate.from_manifest(row["published"], row["published_precision"]))
        out.append(record)
    return out


def source_records(raw_dir: Path, texts: dict[str, str]) -> list[dict]:
    """The published ``sources`` rows: :func:`manifest_records` with each text's dateline date where the
    manifest has no ``published`` (:mod:`pipeline.text.docdate`). ``texts`` as from :func:`read_texts`."""
    from pipeline.text import docdate

    out = []
    for record in manifest_records(raw_dir):
        if record["document_date"] is None and record["source_id"] in texts:
            record |= document_date_fields(docdate.from_text(texts[record["source_id"]]))
        out.append(record)
    return out


def document_date_fields(doc: object) -> dict:
    """The derived ``sources`` fields of a DocumentDate (or None)."""
    if doc is None:
        return {"document_date": None, "document_date_precision": None, "document_date_source": None}
    length = {"day": 10, "month": 7, "year": 4}[doc.precision]  # type: ignore[attr-defined]
    return {"document_date": doc.date.isoformat()[:length],  # type: ignore[attr-defined]
            "document_date_precision": doc.precision, "document_date_source": doc.source}  # type: ignore[attr-defined]


def organisations(raw_dir: Path) -> dict[str, str]:
    """Source id -> organisation profile id (empty cell or no column: DEFAULT_ORGANISATION); {} without a manifest."""
    if not (Path(raw_dir) / MANIFEST).exists():
        return {}
    return {row["source_id"]: row["organisation"] or DEFAULT_ORGANISATION for row in load_manifest(raw_dir)}


def _text_files(raw_dir: Path) -> list[Path]:
    """Every ``*.txt`` in raw_dir, symbolic links included (checked by :func:`_check_link`)."""
    return sorted(p for p in raw_dir.glob("*.txt") if p.is_file() or p.is_symlink())


def _check_link(path: Path, raw_dir: Path, allow: bool) -> None:
    """Refuse a symbolic link (``allow`` False: the manifest's directory holds the files themselves,
    whose checksums it lists), or one that leads outside raw_dir or nowhere (``allow`` True)."""
    if not path.is_symlink():
        return
    if not allow:
        raise SourceError(
            f"{path}: a symbolic link (to {os.readlink(path)}); a directory with {MANIFEST} must hold "
            "the files themselves: copy the file in"
        )
    target = path.resolve()
    if not target.is_file():
        raise SourceError(f"{path}: a symbolic link to {os.readlink(path)}, which is not a file")
    if not target.is_relative_to(Path(raw_dir).resolve()):
        raise SourceError(
            f"{path}: a symbolic link to {target}, outside {raw_dir}; only links inside the directory "
            "are followed (copy the file in)"
        )


def _check_content(path: Path, data: bytes) -> str:
    """The decoded text; an empty or white-space-only file is an error."""
    if not data:
        raise SourceError(f"{path}: empty file")
    text = _decode(path, data)
    if not text.strip():
        raise SourceError(f"{path}: only white space ({len(data)} bytes): an empty text")
    return text


def read_texts(raw_dir: Path) -> dict[str, str]:
    """Return source_id → text for the texts in ``raw_dir``, sorted by source_id (see iter_texts)."""
    return dict(iter_texts(raw_dir))


@dataclass(frozen=True)
class RawInputs:
    """The raw inputs of one stage run, read and verified once (:func:`read_raw`).

    ``texts``: source id -> text, sorted by id, each checked against the manifest (size,
    SHA-256, UTF-8).  ``rows``: the manifest rows in file order (None without a manifest).
    ``manifest_stats``: ``{"bytes", "hash"}`` of ``sources.csv`` (None without one).
    """

    raw_dir: Path
    texts: dict[str, str]
    rows: list[dict] | None
    manifest_stats: dict[str, Any] | None

    def order(self) -> list[str]:
        """Source ids in manifest order, else sorted."""
        return [row["source_id"] for row in self.rows] if self.rows is not None else sorted(self.texts)

    def file_stats(self) -> list[dict[str, Any]]:
        """``{"file", "bytes", "hash"}`` of the manifest and (with ``source_id``) of every text it lists.

        The texts' figures are the manifest's, which :func:`read_raw` has just checked against
        the bytes: nothing is read or hashed again.
        """
        if self.rows is None or self.manifest_stats is None:
            raise SourceError(f"{self.raw_dir / MANIFEST}: manifest missing")
        entries = [{"file": MANIFEST, **self.manifest_stats}]
        for row in self.rows:
            entries.append({"file": row["file"], "source_id": row["source_id"], "bytes": int(row["bytes"]),
                            "hash": f"sha256:{row['sha256']}"})
        return entries


def read_raw(raw_dir: Path) -> RawInputs:
    """Read and verify ``raw_dir`` once for a stage: every text (:func:`iter_texts`) and the manifest.

    The one function the stages that need the whole of ``raw/`` call (reconcile, validate,
    publish); ``extract`` streams the texts with :func:`iter_texts` instead, one at a time.
    Raises SourceError naming the file.
    """
    raw_dir = Path(raw_dir)
    texts = dict(iter_texts(raw_dir))
    path = raw_dir / MANIFEST
    if not path.exists():
        return RawInputs(raw_dir, texts, None, None)
    data = path.read_bytes()
    stats = {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
    return RawInputs(raw_dir, texts, load_manifest(raw_dir), stats)


def iter_texts(raw_dir: Path) -> Iterator[tuple[str, str]]:
    """Yield (source_id, text) one text at a time, sorted by source_id.

    With ``raw_dir/sources.csv``: every listed file must exist, match the listed bytes and
    sha256, be non-empty and decode as strict UTF-8 without a BOM; every ``*.txt`` must be
    listed.  Without it: every ``*.txt`` is read, its source id is the file stem (which must
    be a valid source id), with the same UTF-8 checks.  Raises SourceError naming the file.
    The checks that concern the whole directory (listing, missing files, ids) run before
    the first text is yielded; each text is read and checked when its turn comes, so a
    caller holds one text at a time.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise SourceError(f"{raw_dir}: not a directory")
    manifest_path = raw_dir / MANIFEST
    if manifest_path.exists() or manifest_path.is_symlink():
        _check_link(manifest_path, raw_dir, allow=False)
        rows = load_manifest(raw_dir)
        listed = {row["file"] for row in rows}
        for path in _text_files(raw_dir):
            _check_link(path, raw_dir, allow=False)
            if path.name not in listed:
                raise SourceError(f"{path}: not listed in {manifest_path}")
        for row in rows:
            _check_link(raw_dir / row["file"], raw_dir, allow=False)
            if not (raw_dir / row["file"]).is_file():
                raise SourceError(f"{raw_dir / row['file']}: listed in manifest but missing")
        for row in sorted(rows, key=lambda r: r["source_id"]):
            path = raw_dir / row["file"]
            data = path.read_bytes()
            if not data:
                raise SourceError(f"{path}: empty file")
            if len(data) != int(row["bytes"]):
                raise SourceError(f"{path}: size mismatch: expected {row['bytes']} bytes got {len(data)}")
            digest = hashlib.sha256(data).hexdigest()
            if digest != row["sha256"]:
                raise SourceError(f"{path}: sha256 mismatch: expected {row['sha256']} got {digest}")
            yield row["source_id"], _check_content(path, data)
        return
    paths = _text_files(raw_dir)
    if not paths:
        raise SourceError(f"{raw_dir}: no *.txt files and no {MANIFEST}")
    id_pattern = _pattern("source_id")
    for path in paths:
        _check_link(path, raw_dir, allow=True)
        if not id_pattern.fullmatch(path.stem):
            raise SourceError(
                f"{path}: file name does not give a valid source id (must match {id_pattern.pattern})"
            )
    for path in sorted(paths, key=lambda p: p.stem):
        yield path.stem, _check_content(path, path.read_bytes())
