"""Cell values: conversion between a field's Python type and its CSV text, and typed, sorted records.

A missing value is ``None`` (or ``""`` in a CSV: an empty string and a missing value are the
same thing).  Dates are ISO 8601 (``YYYY-MM-DD``), integers are written without decimals.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import fields, required_fields, sort_key

_INT_RE = re.compile(r"^-?[0-9]+$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _is_missing(value: Any) -> bool:
    return value is None or value == ""


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise SchemaError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise SchemaError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT_RE.match(value):
        return int(value)
    raise SchemaError(f"expected an integer, got {value!r}")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise SchemaError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SchemaError(f"expected a number, got {value!r}") from None


def _date(value: Any) -> dt.date:
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


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise SchemaError(f"expected true/false, got {value!r}")


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": _string, "integer": _integer, "number": _number, "date": _date, "boolean": _boolean,
}


def converter(ftype: str) -> Callable[[Any], Any]:
    """The conversion of a present (not missing) cell to Python type ``ftype``: :func:`to_python`
    without the missing-value test, for callers that convert many cells of one field."""
    try:
        return _CONVERTERS[ftype]
    except KeyError:
        def unsupported(_value: Any) -> Any:
            raise SchemaError(f"unsupported type {ftype!r}")
        return unsupported


def to_python(field: Mapping[str, Any], value: Any) -> Any:
    """Convert a cell (typed value or its CSV text) to the field's Python type; ''/None → None.

    Raises SchemaError when the value is not a valid value of the field's type.
    """
    if _is_missing(value):
        return None
    return converter(field.get("type", "string"))(value)


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


@functools.cache
def _columns(name: str) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
    """(field name, converter, required) of resource ``name``'s fields, in schema order."""
    required = set(required_fields(name))
    return tuple((f["name"], converter(f.get("type", "string")), f["name"] in required) for f in fields(name))


# The one type a present value of each field type has when it is already typed (its converter then
# returns it unchanged): ``dt.datetime`` is a date's subclass, ``bool`` an int's, so the exact type only.
EXACT_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "date": dt.date, "boolean": bool}
_NONE = type(None)
_MAX_SIGNATURES = 4096  # type tuples whose verdict is remembered, per resource (beyond: judged each time)


@functools.cache
def _plain_plan(name: str) -> tuple[tuple[str, ...], tuple[type | None, ...], tuple[bool, ...], dict]:
    """Field names, exact types and required flags of resource ``name``, and the verdicts so far."""
    required = set(required_fields(name))
    fs = fields(name)
    return (tuple(f["name"] for f in fs), tuple(EXACT_TYPES.get(f.get("type", "string")) for f in fs),
            tuple(f["name"] in required for f in fs), {})


def plain_row(name: str, record: Mapping[str, Any]) -> tuple[list[Any], tuple[type, ...]] | None:
    """``record``'s values in schema order and their types, when it is a *plain* row; else None.

    Plain: every value is of its field's exact type (``EXACT_TYPES``; no subclass), or None in a
    field that is not required, and none is ``""``. For such a value each converter returns the
    value itself (``_number`` returns ``float(value)``, the same float) and a None is an allowed
    missing value, so :func:`normalise_records` types a plain row, whose keys are all in the
    schema, as ``dict(zip(names, values))`` and raises nothing. (The caller checks the keys.)"""
    names, exact, required, seen = _plain_plan(name)
    vals = list(map(record.get, names))
    sig = tuple(map(type, vals))
    ok = seen.get(sig)
    if ok is None:
        ok = all(t is e or (t is _NONE and not r) for t, e, r in zip(sig, exact, required, strict=True))
        if len(seen) < _MAX_SIGNATURES:
            seen[sig] = ok
    return (vals, sig) if ok and "" not in vals else None


def normalise_records(records: Iterable[Mapping[str, Any]], name: str) -> list[dict]:
    """Check records against the schema and return typed copies, in schema column order.

    Raises SchemaError naming the record (0-based index in the input) and the field when a
    record has a key not in the schema, lacks (or leaves empty) a required field, or has a
    value of the wrong type.
    """
    columns = _columns(name)
    known = {n for n, _c, _r in columns}
    out = []
    for i, record in enumerate(records):
        if not known.issuperset(record):
            unknown = sorted(set(record) - known)
            raise SchemaError(f"{name} record {i}: unknown field(s) {', '.join(unknown)} (not in the schema)")
        typed = {}
        get = record.get
        for field_name, convert, required in columns:
            value = get(field_name)
            if value is None or value == "":
                value = None
            else:
                try:
                    value = convert(value)
                except SchemaError as exc:
                    raise SchemaError(f"{name} record {i} field {field_name}: {exc}") from None
            typed[field_name] = value
            if required and value is None:
                what = "missing" if field_name not in record else "empty"
                raise SchemaError(f"{name} record {i} field {field_name}: required value is {what}")
        out.append(typed)
    return out


def sort_records(records: list[dict], name: str) -> list[dict]:
    """Return records sorted by :func:`sort_key` (stable; None sorts first)."""
    key = _sort_columns(name)
    return sorted(records, key=lambda r: tuple((0, "") if r.get(c) is None else (1, r.get(c)) for c in key))


@functools.cache
def _sort_columns(name: str) -> tuple[str, ...]:
    return tuple(sort_key(name))


def sort_normalised(records: list[dict], name: str) -> list[dict]:
    """:func:`sort_records` of records that :func:`normalise_records` returned, in the same order.

    Why the same: in a normalised record a required field is never None (normalise_records raises
    otherwise), so its key element is always ``(1, value)``; two such pairs are equal exactly when
    the values are and order as the values do, so the value alone orders the key tuples the same
    way (ties included: the sort is stable either way). When every sort column is required the
    key is an ``operator.itemgetter`` of them (no Python call per record)."""
    key = _sort_columns(name)
    required = set(required_fields(name))
    if key and all(c in required for c in key):
        return sorted(records, key=operator.itemgetter(*key))
    return sort_records(records, name)
