"""Arrow schemas and tables of the resources, derived from their Table Schemas.

Table Schema types map to Arrow as string→string, integer→int64, number→float64,
date→date32, boolean→bool (:func:`arrow_schema`); the Parquet files and the typed CSV
reader use them.  The rest of what this module once held lives in one module per job:
the schema catalogue (:mod:`pipeline.package.catalogue`), value conversion
(:mod:`pipeline.package.values`), the CSV writer and parser (:mod:`pipeline.package.csvio`), the checks of
one record (:mod:`pipeline.package.checks`) and the errors (:mod:`pipeline.core.errors`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pyarrow (and numpy with it) is imported only by the functions that build Arrow tables
    import pyarrow as pa

from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import _fields, fields, load_resource, required_fields
from pipeline.package.csvio import read_csv_rows
from pipeline.package.values import normalise_records, sort_records, to_python

_ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "date": "date32", "boolean": "bool_"}


def arrow_schema(name: str) -> pa.Schema:
    """Return the Arrow schema of resource ``name``, derived from its Table Schema.

    string→string, integer→int64, number→float64, date→date32, boolean→bool.  Required
    fields are non-nullable; each field carries its description in metadata
    ``b"description"``; the schema metadata holds the resource name, title and description,
    and the pandas dtypes (``b"pandas"``, :func:`pandas_metadata`).
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
        b"pandas": pandas_metadata(name),
    }
    return pa.schema(arrow_fields, metadata=metadata)


# pandas dtype each Table Schema type reads as (``numpy_type`` of the pandas metadata).
_PANDAS_TYPES: dict[str, tuple[str, str]] = {
    "string": ("unicode", "object"),  # pandas' own default string dtype (str in pandas 3)
    "integer": ("int64", "Int64"),  # nullable: a missing count stays <NA>, never a float NaN
    "number": ("float64", "Float64"),
    "date": ("date", "date32[day][pyarrow]"),  # a calendar date, no time of day invented
    "boolean": ("bool", "boolean"),
}


def pandas_metadata(name: str) -> bytes:
    """The ``b"pandas"`` schema metadata that makes a plain ``pd.read_parquet`` give the right dtypes.

    pyarrow's ``to_pandas`` (hence ``pd.read_parquet`` with its default backend) turns a
    column into the pandas extension dtype named in ``numpy_type``: integers become
    ``Int64`` (nullable, not float64 with NaN), booleans ``boolean``, dates
    ``date32[day][pyarrow]`` (calendar dates with ``<NA>`` for missing; ``.dt.year`` works;
    chosen over ``datetime64`` so no time of day or time zone is invented), strings pandas'
    default string dtype.  No index is stored (a default RangeIndex) and, unlike the
    metadata pyarrow writes from a DataFrame, no library versions: the bytes depend only on
    the schema.  ``dtype_backend="pyarrow"`` still gives Arrow types for every column.
    """
    columns = []
    for f in _fields(name):
        pandas_type, numpy_type = _PANDAS_TYPES.get(f.get("type", "string"), _PANDAS_TYPES["string"])
        columns.append({"name": f["name"], "field_name": f["name"], "pandas_type": pandas_type,
                        "numpy_type": numpy_type, "metadata": None})
    meta = {"index_columns": [], "column_indexes": [], "columns": columns, "attributes": {}}
    return json.dumps(meta, sort_keys=True, separators=(",", ":")).encode("utf-8")


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
