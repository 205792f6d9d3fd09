"""The one place that loads the table schemas in ``pipeline/schemas/*.json``.

Each JSON file is a Frictionless resource descriptor (name, title, description and a
Table Schema).  They are the single source of truth for every published table: the
extractor's CSV writer, the validator, the Parquet writer and ``datapackage.json`` all
derive from them through this module.

Publication order
    ``RESOURCES`` lists the resources found in ``pipeline/schemas/``: first the tables
    that no other table depends on (no ``foreignKeys``, i.e. ``sources``), then the
    tables with foreign keys; alphabetical within each group.

Row order
    Rows are written sorted by :func:`sort_key`: tables with an evidence span
    (``source_id``, ``char_start``, ``char_end``) by those columns then the primary key;
    other tables by their primary key.  ``sources`` therefore sorts by ``source_id`` and
    the mention tables by ``source_id, char_start, char_end, mention_id``.

CSV dialect
    UTF-8 (no BOM), comma separated, ``"`` quoting only where needed, ``\\n`` line
    endings, a header row with the schema's field names in schema order.  A missing
    value is an empty cell; an empty string and a missing value are the same thing.
    Dates are ISO 8601 (``YYYY-MM-DD``), integers are written without decimals.

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
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pyarrow (and numpy with it) is imported only by the functions that build Arrow tables
    import pyarrow as pa

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

_ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "date": "date32", "boolean": "bool_"}
_INT_RE = re.compile(r"^-?[0-9]+$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class PipelineError(Exception):
    """Base of the errors the CLI reports as ``error: …`` (exit 1, no traceback)."""


class SchemaError(PipelineError, ValueError):
    """A record does not fit the table schema (unknown key, missing required value, bad type)."""


def _resource_order() -> tuple[str, ...]:
    """List pipeline/schemas/*.json: `sources` first, then every table after the tables it
    references (foreign keys), alphabetically among equals."""
    refs: dict[str, set[str]] = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        if descriptor.get("name") != path.stem:
            raise SchemaError(f"{path}: resource name {descriptor.get('name')!r} != file name {path.stem!r}")
        fks = descriptor["schema"].get("foreignKeys", [])
        refs[path.stem] = {fk["reference"]["resource"] for fk in fks} - {path.stem}
    order: list[str] = []
    pending = dict(refs)
    while pending:
        ready = sorted(n for n, r in pending.items() if r <= set(order))
        if not ready:
            raise SchemaError(f"foreign keys form a cycle among {sorted(pending)}")
        ready.sort(key=lambda n: n != "sources")
        order.append(ready[0])
        del pending[ready[0]]
    return tuple(order)


RESOURCES: tuple[str, ...] = _resource_order()


@functools.cache
def _load(name: str) -> str:
    if name not in RESOURCES:
        raise KeyError(f"unknown resource {name!r}; known: {', '.join(RESOURCES)}")
    return (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")


def load_resource(name: str) -> dict:
    """Return a fresh copy of the resource descriptor (name, title, description, schema)."""
    return json.loads(_load(name))


def table_schema(name: str) -> dict:
    """Return the Table Schema of resource ``name``."""
    return load_resource(name)["schema"]


@functools.cache
def _fields(name: str) -> tuple[dict, ...]:
    return tuple(table_schema(name)["fields"])


def fields(name: str) -> list[dict]:
    """Return the field descriptors of resource ``name`` in schema order (parsed once; treat as read-only)."""
    return list(_fields(name))


def field_names(name: str) -> list[str]:
    """Return the column names of resource ``name`` in schema order."""
    return [f["name"] for f in fields(name)]


def canonical_links() -> dict[str, tuple[str, str, str]]:
    """Mention table -> (canonical id field, canonical table, id prefix), read from the schemas.

    A mention table (one with a ``quote``) links to its canonical table by its one foreign
    key to a resource other than ``sources``; the prefix comes from the canonical id's
    ``pattern`` (``^event-…`` → ``event``).
    """
    out = {}
    for name in RESOURCES:
        if "quote" not in field_names(name):
            continue
        for fk in table_schema(name).get("foreignKeys", []):
            target = fk["reference"]["resource"]
            if target == "sources":
                continue
            id_field = fk["reference"]["fields"]
            pattern = next(f for f in fields(target) if f["name"] == id_field)["constraints"]["pattern"]
            out[name] = (fk["fields"], target, re.match(r"\^([a-z]+)-", pattern).group(1))
    return out


def required_fields(name: str) -> list[str]:
    """Return the names of the fields whose ``constraints.required`` is true."""
    return [f["name"] for f in fields(name) if f.get("constraints", {}).get("required")]


def primary_key(name: str) -> list[str]:
    """Return the primary key of resource ``name`` as a list of field names."""
    pk = table_schema(name).get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def sort_key(name: str) -> list[str]:
    """Return the columns rows are sorted by (see module docstring)."""
    names = field_names(name)
    span = ["source_id", "char_start", "char_end"]
    key = span if all(c in names for c in span) else []
    return key + [c for c in primary_key(name) if c not in key]


def arrow_schema(name: str) -> pa.Schema:
    """Return the Arrow schema of resource ``name``, derived from its Table Schema.

    string→string, integer→int64, number→float64, date→date32, boolean→bool.  Required
    fields are non-nullable; each field carries its description in metadata
    ``b"description"``; the schema metadata holds the resource name, title and description.
    """
    import pyarrow as pa

    descriptor = load_resource(name)
    arrow_fields = []
    for f in descriptor["schema"]["fields"]:
        try:
            arrow_type = getattr(pa, _ARROW_TYPES[f.get("type", "string")])()
        except KeyError:
            raise SchemaError(f"{name}.{f['name']}: unsupported type {f.get('type')!r}") from None
        required = bool(f.get("constraints", {}).get("required"))
        arrow_fields.append(
            pa.field(
                f["name"],
                arrow_type,
                nullable=not required,
                metadata={b"description": f.get("description", "").encode("utf-8")},
            )
        )
    metadata = {
        b"name": descriptor["name"].encode("utf-8"),
        b"title": descriptor.get("title", "").encode("utf-8"),
        b"description": descriptor.get("description", "").encode("utf-8"),
    }
    return pa.schema(arrow_fields, metadata=metadata)


# --- values ---------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    return value is None or value == ""


def to_python(field: Mapping[str, Any], value: Any) -> Any:
    """Convert a cell (typed value or its CSV text) to the field's Python type; ''/None → None.

    Raises SchemaError when the value is not a valid value of the field's type.
    """
    if _is_missing(value):
        return None
    ftype = field.get("type", "string")
    if ftype == "string":
        if not isinstance(value, str):
            raise SchemaError(f"expected a string, got {type(value).__name__} {value!r}")
        return value
    if ftype == "integer":
        if isinstance(value, bool):
            raise SchemaError(f"expected an integer, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INT_RE.match(value):
            return int(value)
        raise SchemaError(f"expected an integer, got {value!r}")
    if ftype == "number":
        if isinstance(value, bool):
            raise SchemaError(f"expected a number, got {value!r}")
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise SchemaError(f"expected a number, got {value!r}") from None
    if ftype == "date":
        if isinstance(value, dt.datetime):
            raise SchemaError(f"expected a date, got a datetime {value!r}")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as exc:
                raise SchemaError(f"not a valid date: {value!r} ({exc})") from None
        raise SchemaError(f"expected an ISO date YYYY-MM-DD, got {value!r}")
    if ftype == "boolean":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise SchemaError(f"expected true/false, got {value!r}")
    raise SchemaError(f"unsupported type {ftype!r}")


def to_text(field: Mapping[str, Any], value: Any) -> str:
    """Format a cell for CSV: None → '', dates ISO, integers without decimals, strings verbatim."""
    value = to_python(field, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _sortable(value: Any) -> tuple[int, Any]:
    return (0, "") if value is None else (1, value)


def normalise_records(records: Iterable[Mapping[str, Any]], name: str) -> list[dict]:
    """Check records against the schema and return typed copies, in schema column order.

    Raises SchemaError naming the record (0-based index in the input) and the field when a
    record has a key not in the schema, lacks (or leaves empty) a required field, or has a
    value of the wrong type.
    """
    schema_fields = fields(name)
    names = [f["name"] for f in schema_fields]
    known = set(names)
    required = set(required_fields(name))
    out = []
    for i, record in enumerate(records):
        unknown = sorted(set(record) - known)
        if unknown:
            raise SchemaError(f"{name} record {i}: unknown field(s) {', '.join(unknown)} (not in the schema)")
        typed = {}
        for f in schema_fields:
            try:
                typed[f["name"]] = to_python(f, record.get(f["name"]))
            except SchemaError as exc:
                raise SchemaError(f"{name} record {i} field {f['name']}: {exc}") from None
            if f["name"] in required and typed[f["name"]] is None:
                what = "missing" if f["name"] not in record else "empty"
                raise SchemaError(f"{name} record {i} field {f['name']}: required value is {what}")
        out.append(typed)
    return out


def sort_records(records: list[dict], name: str) -> list[dict]:
    """Return records sorted by :func:`sort_key` (stable; None sorts first)."""
    key = sort_key(name)
    return sorted(records, key=lambda r: tuple(_sortable(r.get(c)) for c in key))


# --- CSV ------------------------------------------------------------------------------


def csv_text(records: Iterable[Mapping[str, Any]], name: str) -> str:
    """Return the CSV text of records for resource ``name`` (see module docstring)."""
    schema_fields = fields(name)
    rows = sort_records(normalise_records(records, name), name)
    lines = [_csv_line([f["name"] for f in schema_fields])]
    for row in rows:
        lines.append(_csv_line([to_text(f, row[f["name"]]) for f in schema_fields]))
    return "".join(lines)


def _csv_line(cells: list[str]) -> str:
    """Format one CSV record (RFC 4180 quoting, ``\n`` terminator).

    Python's csv writer leaves a bare ``\r`` unquoted when the line terminator is ``\n``,
    which would split a quote containing a carriage return; so quote by hand: a cell is
    quoted when it contains a comma, a double quote, ``\n`` or ``\r``.
    """
    out = []
    for cell in cells:
        if any(c in cell for c in ',"\n\r'):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return ",".join(out) + "\n"


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
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


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


def read_csv_typed(name: str, path: Path) -> pa.Table:
    """Read a CSV of resource ``name`` into a typed Arrow table with :func:`arrow_schema`.

    Empty cells are null for every type, strings included ("" and missing are the same).
    Raises SchemaError naming file, row and field when a cell is not of its field's type
    or a required cell is empty.
    """
    import pyarrow as pa

    schema_fields = fields(name)
    required = set(required_fields(name))
    columns: dict[str, list[Any]] = {f["name"]: [] for f in schema_fields}
    for row_number, row in enumerate(read_csv_rows(name, path), start=2):
        for f in schema_fields:
            try:
                value = to_python(f, row[f["name"]])
            except SchemaError as exc:
                raise SchemaError(f"{path} row {row_number} field {f['name']}: {exc}") from None
            if value is None and f["name"] in required:
                raise SchemaError(f"{path} row {row_number} field {f['name']}: required value is empty")
            columns[f["name"]].append(value)
    return pa.table(columns, schema=arrow_schema(name))


def records_to_table(records: list[dict], name: str) -> pa.Table:
    """Return records (checked, typed, sorted by :func:`sort_key`) as an Arrow table."""
    import pyarrow as pa

    rows = sort_records(normalise_records(records, name), name)
    schema = arrow_schema(name)
    return pa.table({f.name: [r[f.name] for r in rows] for f in schema}, schema=schema)


# --- constraints of one record --------------------------------------------------------

# Integer columns are int64 in the Parquet files (and in pandas/Arrow readers): wider values
# cannot be published.  The extract stage rejects them, the validate stage reports them.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def int64_problem(value: Any) -> str | None:
    """Why an integer value cannot be stored as int64, or None."""
    if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        bound = f"above the int64 maximum {INT64_MAX}" if value > 0 else f"below the int64 minimum {INT64_MIN}"
        return f"{value} is {bound} (integer columns are int64 in the published files)"
    return None


_compiled = functools.lru_cache(maxsize=None)(re.compile)


def record_problems(name: str, record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for every way one record breaks the schema of resource ``name``.

    Checks what can be checked on a single row: keys in the schema, types, required values,
    ``enum``, ``pattern`` (whole value), ``minimum``/``maximum``, ``minLength``/``maxLength``
    and the int64 range of integer columns.  (``unique`` and foreign keys need the whole
    table: they are the validate stage's job.)  An empty list means the record fits.
    """
    problems: list[tuple[str, str]] = []
    schema_fields = _fields(name)
    known = {f["name"] for f in schema_fields}
    for key in sorted(set(record) - known, key=str):
        problems.append((str(key), "field not in the schema"))
    for f in schema_fields:
        field_name, constraints = f["name"], f.get("constraints", {})
        try:
            value = to_python(f, record.get(field_name))
        except SchemaError as exc:
            problems.append((field_name, str(exc)))
            continue
        if value is None:
            if constraints.get("required"):
                problems.append((field_name, "required value is empty"))
            continue
        if "enum" in constraints and value not in constraints["enum"]:
            problems.append((field_name, f"{value!r} is not one of {constraints['enum']}"))
        pattern = constraints.get("pattern")
        if pattern and isinstance(value, str) and not _compiled(pattern).fullmatch(value):
            problems.append((field_name, f"{value!r} does not match {constraints['pattern']}"))
        if "minimum" in constraints and value < constraints["minimum"]:
            problems.append((field_name, f"{value!r} is below the minimum {constraints['minimum']}"))
        if "maximum" in constraints and value > constraints["maximum"]:
            problems.append((field_name, f"{value!r} is above the maximum {constraints['maximum']}"))
        if "minLength" in constraints and len(value) < constraints["minLength"]:
            problems.append((field_name, f"shorter than {constraints['minLength']} characters"))
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            problems.append((field_name, f"longer than {constraints['maxLength']} characters"))
        if f.get("type") == "integer":
            too_wide = int64_problem(value)
            if too_wide:
                problems.append((field_name, too_wide))
    return problems
