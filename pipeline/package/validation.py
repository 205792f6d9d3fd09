"""The checks of the extracted tables as files, before anything is published (run by the
stage :mod:`pipeline.stages.validate`).

Two layers of checks:

1. Frictionless, on a package built in memory from ``pipeline/schemas``: the ``sources``
   resource from the manifest, the three mention CSVs from ``--in-dir`` (read from disk,
   so the file format is checked too), with primary keys and the foreign keys
   ``*.source_id → sources.source_id``.  This covers types, required values, patterns,
   enums, minimums, uniqueness and referential integrity.
2. Domain invariants frictionless cannot express (:func:`pipeline.package.checks.domain_errors`,
   shared with the extract stage, which rejects a candidate that breaks them): the evidence
   span, date intervals and their precision, numeric ranges, the membership qualifier, the
   int64 range of integers (frictionless accepts any size; ``publish`` could not write them).

Row numbers count the header as row 1, as frictionless and spreadsheets do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.core.errors import SchemaError
from pipeline.package import catalogue, csvio, sources
from pipeline.package.checks import DERIVED_RESOURCES, ValidationError, domain_errors

# --- frictionless ---------------------------------------------------------------------


def _resource_descriptor(name: str, **extra: Any) -> dict:
    descriptor = catalogue.load_resource(name)
    descriptor["profile"] = "tabular-data-resource"
    descriptor.update(extra)
    return descriptor


def _inline(name: str, rows: list[Mapping[str, Any]], file: str) -> tuple[dict, list[ValidationError]]:
    """A resource with inline data (header + cells; None and '' both missing) and the errors
    for keys outside the schema, which the inline table would otherwise drop silently."""
    names = catalogue.field_names(name)
    known = set(names)
    data: list[list[Any]] = [names]
    errors = []
    for row_number, row in enumerate(rows, start=2):
        data.append([row.get(n) for n in names])
        for key in sorted(set(row) - known):
            errors.append(ValidationError(file, row_number, str(key), "field not in the schema"))
    return _resource_descriptor(name, data=data), errors


def _frictionless_errors(
    resources: list[dict], files: Mapping[str, str], basepath: str | None
) -> list[ValidationError]:
    """Validate a package of resource descriptors with frictionless; map errors to ValidationError."""
    from frictionless import Package

    package = Package({"name": "mek-events-validation", "resources": resources}, basepath=basepath)
    report = package.validate()
    pks = {r["name"]: ",".join(catalogue.primary_key(r["name"])) for r in resources}
    out: list[ValidationError] = []
    for error in report.errors:  # package-level
        out.append(ValidationError("datapackage", None, None, f"{error.type}: {error.message}"))
    for task in report.tasks:
        file = files.get(task.name, task.name)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if error.type == "foreign-key":
                field = ",".join(getattr(error, "field_names", []) or []) or "source_id"
                message = f"foreign-key: {error.note}"
            elif error.type == "primary-key":
                field = pks.get(task.name) or None
                message = f"primary-key: {error.note}"
            elif hasattr(error, "cell"):
                message = f"{error.type}: {error.cell!r}: {error.note}"
            elif row is not None:
                message = f"{error.type}: {error.note}"
            else:
                message = f"{error.type}: {error.message}"
            out.append(ValidationError(file, row, field, message))
    # a single-field primary key that is also `unique` is reported twice: keep the unique-error
    seen_unique = {(e.file, e.row, e.field) for e in out if e.message.startswith("unique-error")}
    return [
        e
        for e in out
        if not (e.message.startswith("primary-key") and (e.file, e.row, e.field) in seen_unique)
    ]


# --- entry points ---------------------------------------------------------------------


def _synthetic_sources(texts: Mapping[str, str]) -> list[dict]:
    """Minimal ``sources`` rows for texts without a manifest (used by validate_tables)."""
    rows = []
    for sid, text in texts.items():
        data = text.encode("utf-8")
        rows.append(
            {
                "source_id": sid,
                "file": f"{sid}.txt",
                "title": sid,
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
        )
    return rows


def _sorted_unique(errors: list[ValidationError]) -> list[ValidationError]:
    return sorted(set(errors), key=ValidationError.sort_key)


def validate_tables(
    texts: Mapping[str, str],
    tables: Mapping[str, list[Mapping[str, Any]]],
    files: Mapping[str, str] | None = None,
) -> list[ValidationError]:
    """Validate in-memory tables (resource → list of dicts, typed or CSV text) against the schemas.

    Runs the frictionless layer on inline data (``sources`` is taken from ``tables`` or,
    if absent, synthesised from ``texts``) and the domain invariants.  ``files`` maps
    resource names to the names used in messages (default: the resource name); row
    numbers count as if the rows were a CSV with a header (first row = 2).
    """
    files = dict(files or {})
    resources, errors = [], []
    for name in (sources.RESOURCE, *(r for r in DERIVED_RESOURCES if r in tables)):
        rows = tables.get(name)
        if name == sources.RESOURCE and not rows:
            rows = _synthetic_sources(texts)
        resource, unknown = _inline(name, rows or [], files.get(name, name))
        resources.append(resource)
        errors += unknown
    errors += _frictionless_errors(resources, files, basepath=None)
    errors += domain_errors(texts, tables, files)
    return _sorted_unique(errors)


def validate_dirs(raw_dir: Path, in_dir: Path) -> tuple[list[ValidationError], dict[str, int]]:
    """Validate the manifest, the texts and the mention CSVs in ``in_dir``; return (errors, row counts).

    Raises SourceError if the raw inputs themselves are unusable.
    """
    raw_dir, in_dir = Path(raw_dir), Path(in_dir)
    texts = sources.read_raw(raw_dir).texts  # read and verified once for the stage
    if not (raw_dir / sources.MANIFEST).exists():
        raise sources.SourceError(f"{raw_dir / sources.MANIFEST}: manifest missing (needed to publish)")
    records = sources.source_records(raw_dir, texts)
    files = {sources.RESOURCE: str(raw_dir / sources.MANIFEST)}
    files |= {name: str(in_dir / f"{name}.csv") for name in DERIVED_RESOURCES}
    errors: list[ValidationError] = []
    tables: dict[str, list[dict]] = {sources.RESOURCE: records}
    counts = {sources.RESOURCE: len(records)}
    resources = [_inline(sources.RESOURCE, records, files[sources.RESOURCE])[0]]
    for name in DERIVED_RESOURCES:
        path = in_dir / f"{name}.csv"
        if not path.is_file():
            errors.append(ValidationError(files[name], None, None, "file missing"))
            continue
        try:
            tables[name] = csvio.read_csv_rows(name, path)
        except SchemaError as exc:  # wrong header, ragged rows, not UTF-8: no row-level checks
            errors.append(
                ValidationError(files[name], None, None, str(exc).removeprefix(str(path)).lstrip(": "))
            )
            continue
        counts[name] = len(tables[name])
        resources.append(_resource_descriptor(name, path=f"{name}.csv", format="csv", encoding="utf-8"))
    # the CSVs are validated as files (format included); basepath keeps their paths relative (safe)
    errors += _frictionless_errors(resources, files, basepath=str(in_dir.resolve()))
    errors += domain_errors(texts, tables, files)
    return _sorted_unique(errors), counts
