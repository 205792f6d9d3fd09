"""The pipeline's own CSV writer and parser (byte-identical output on every platform).

CSV dialect
    UTF-8 (no BOM), comma separated, ``"`` quoting only where needed, ``\\n`` line
    endings, a header row with the schema's field names in schema order, rows sorted by
    :func:`pipeline.package.catalogue.sort_key`.  A missing value is an empty cell; an empty string
    and a missing value are the same thing.  Dates are ISO 8601 (``YYYY-MM-DD``), integers
    are written without decimals.

Spreadsheet formula injection (policy)
    Cell values are published verbatim.  ``quote`` must equal the source text exactly
    (``text[char_start:char_end]``), so no value is ever prefixed with ``'`` or otherwise
    escaped, even when it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return.  The files are data for programs; the README warns spreadsheet users to
    import them as text rather than open them directly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.core import fsutil
from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import field_names, fields
from pipeline.package.values import format_cell, normalise_records, sort_records


def csv_text(records: Iterable[Mapping[str, Any]], name: str) -> str:
    """Return the CSV text of records for resource ``name`` (see module docstring)."""
    schema_fields = fields(name)
    rows = sort_records(normalise_records(records, name), name)
    names = [f["name"] for f in schema_fields]
    lines = [_csv_line(names)]
    for row in rows:  # normalised: every value is already of its field's type
        lines.append(_csv_line([format_cell(row[n]) for n in names]))
    return "".join(lines)


_NEEDS_QUOTES = re.compile('[,"\n\r]')


def _csv_line(cells: list[str]) -> str:
    """Format one CSV record (RFC 4180 quoting, ``\n`` terminator).

    Python's csv writer leaves a bare ``\r`` unquoted when the line terminator is ``\n``,
    which would split a quote containing a carriage return; so quote by hand: a cell is
    quoted when it contains a comma, a double quote, ``\n`` or ``\r``.
    """
    quote = _NEEDS_QUOTES.search
    if quote("".join(cells)) is None:  # no cell needs quotes (the common case: one search per line)
        return ",".join(cells) + "\n"
    return ",".join('"' + cell.replace('"', '""') + '"' if quote(cell) else cell for cell in cells) + "\n"


def write_csv(records: list[dict], name: str, path: Path) -> None:
    """Write records as the CSV of resource ``name`` to ``path``, deterministically.

    Columns in schema order, rows sorted by :func:`sort_key`, UTF-8, ``\\n`` line endings,
    None → empty cell, dates ISO, integers as integers.  Raises SchemaError if a record
    has a key not in the schema or lacks a required value.  The file is written to a
    temporary sibling and renamed into place, so a reader never sees half a file.
    """
    data = csv_text(records, name).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_bytes(path, data)  # temporary sibling, removed if the write fails


def read_csv_rows(name: str, path: Path) -> list[dict[str, str]]:
    """Read a CSV of resource ``name`` as text cells; the header must equal the schema's columns.

    Raises SchemaError naming the file (and row: the header is row 1) on a wrong header,
    a row with the wrong number of cells, or bytes that are not UTF-8.
    """
    path = Path(path)
    return parse_csv(path.read_bytes(), str(path), field_names(name), name)


def parse_csv(data: bytes, where: str, expected: list[str], name: str = "") -> list[dict[str, str]]:
    """Rows of CSV bytes as text cells; the header must be ``expected``. SchemaError names ``where``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{where}: not valid UTF-8 at byte {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SchemaError(f"{where}: empty file (no header row)") from None
    if header != expected:
        raise SchemaError(f"{where} row 1: header {header} does not match the schema of {name or where}: {expected}")
    rows = []
    for row_number, cells in enumerate(reader, start=2):
        if len(cells) != len(expected):
            raise SchemaError(f"{where} row {row_number}: {len(cells)} cells, expected {len(expected)}")
        rows.append(dict(zip(expected, cells, strict=True)))
    return rows
