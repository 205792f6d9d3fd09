"""Cell values: conversion between a field's Python type and its CSV text, and typed, sorted records.

A missing value is ``None`` (or ``""`` in a CSV: an empty string and a missing value are the
same thing).  Dates are ISO 8601 (``YYYY-MM-DD``), integers are written without decimals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import fields, required_fields, sort_key

_INT_RE = re.compile(r"^-?[0-9]+$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


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


def format_cell(value: Any) -> str:
    """The CSV text of a value already of its field's type (:func:`to_python`'s result): None → '',
    dates ISO, integers without decimals, strings verbatim."""
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
