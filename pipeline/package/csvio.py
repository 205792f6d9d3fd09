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
import datetime as dt
import functools
import io
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.core import fsutil
from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import field_names, fields, required_fields, sort_key
from pipeline.package.values import format_cell, normalise_records, plain_row, sort_normalised


def csv_text(records: Iterable[Mapping[str, Any]], name: str) -> str:
    """Return the CSV text of records for resource ``name`` (see module docstring).

    Each row's cells come from :func:`_line_plan` of its values' types (the text
    :func:`format_cell` gives, from one C call per cell), and only the cells that can hold a
    character that needs quotes are looked at when the line holds one (tests/test_csvio_fast.py
    compares it with the plain reference: :func:`format_cell` on every cell)."""
    names = [f["name"] for f in fields(name)]
    records = records if isinstance(records, list) else list(records)
    plain = _plain_rows(records, name)
    if plain is None:
        rows = sort_normalised(normalise_records(records, name), name)
        typed = []
        for row in rows:  # normalised: every value is already of its field's type, every field is a key
            vals = list(map(row.__getitem__, names))
            typed.append((vals, tuple(map(type, vals))))
    else:
        typed = plain
    lines = [_csv_line(names)]
    append = lines.append
    plans = _LINE_PLANS
    quote = _NEEDS_QUOTES.search
    for vals, sig in typed:
        plan = plans.get(sig)
        if plan is None:
            plan = _line_plan(sig)
            if len(plans) < _MAX_PLANS:
                plans[sig] = plan
        cells = list(map(operator.call, plan[0], vals))
        line = ",".join(cells)
        if quote(line) is not None:
            for i in plan[1]:
                cell = cells[i]
                if quote(cell):
                    cells[i] = '"' + cell.replace('"', '""') + '"'
            line = ",".join(cells)
        append(line + "\n")
    return "".join(lines)


def _plain_rows(records: list[Mapping[str, Any]], name: str) -> list[tuple[list[Any], tuple[type, ...]]] | None:
    """(values, their types) of every record, sorted as :func:`sort_normalised` sorts the typed
    records, when every record is a plain row with only schema keys and every sort column is
    required; else None. Then :func:`normalise_records` raises nothing and gives each record's
    values unchanged (:func:`values.plain_row`), and the values of the sort columns, never None,
    order the rows as sort_normalised's ``itemgetter`` does (a stable sort of the same order)."""
    index = _sort_indices(name)
    if index is None:
        return None
    known = _known(name)
    rows = []
    for record in records:
        found = plain_row(name, record) if known.issuperset(record) else None
        if found is None:
            return None
        rows.append(found)
    rows.sort(key=lambda row: index(row[0]))
    return rows


@functools.cache
def _known(name: str) -> frozenset[str]:
    return frozenset(field_names(name))


@functools.cache
def _sort_indices(name: str) -> Callable[[list[Any]], Any] | None:
    """An itemgetter of the sort columns' positions when every sort column is required, else None."""
    names, required = field_names(name), set(required_fields(name))
    key = sort_key(name)
    if not key or not all(c in required for c in key):
        return None
    return operator.itemgetter(*(names.index(c) for c in key))


_NEEDS_QUOTES = re.compile('[,"\n\r]')
_BOOL_TEXT = {True: "true", False: "false"}.__getitem__
_NONE_TEXT = {None: ""}.__getitem__
# For a value of exactly this type, a C callable giving format_cell's text: ``str`` is a str itself,
# an int's digits; ``date.isoformat`` of an exact date; ``repr`` of a float; the texts of True,
# False and None. Any other type (a subclass included) is formatted by format_cell itself.
_CELL_TEXT: dict[type, Callable[[Any], str]] = {
    str: str, int: str, dt.date: dt.date.isoformat, float: repr, bool: _BOOL_TEXT, type(None): _NONE_TEXT,
}
# The texts of these types never hold a comma, a double quote, a newline or a carriage return (digits
# and a minus; YYYY-MM-DD; a float's repr: digits, ".", "e", "+", "-", "inf", "nan"; true/false; ""),
# so they never need quotes.
_NEVER_QUOTED = frozenset({int, dt.date, float, bool, type(None)})
_LINE_PLANS: dict[tuple[type, ...], tuple[tuple[Callable[[Any], str], ...], tuple[int, ...]]] = {}
_MAX_PLANS = 4096  # distinct type tuples remembered (beyond, a plan is made for each row)


def _line_plan(sig: tuple[type, ...]) -> tuple[tuple[Callable[[Any], str], ...], tuple[int, ...]]:
    """For a row whose values have the types ``sig``: one cell formatter per value, and the
    positions of the cells that may need quotes."""
    return (tuple(_CELL_TEXT.get(t, format_cell) for t in sig),
            tuple(i for i, t in enumerate(sig) if t not in _NEVER_QUOTED))


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
