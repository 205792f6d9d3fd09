"""DVC stage ``validate``: check the extracted tables before anything is published.

    python -m pipeline validate --raw-dir raw --in-dir build/extract --report build/validate/report.json

Two layers of checks:

1. Frictionless, on a package built in memory from ``pipeline/schemas``: the ``sources``
   resource from the manifest, the three mention CSVs from ``--in-dir`` (read from disk,
   so the file format is checked too), with primary keys and the foreign keys
   ``*.source_id → sources.source_id``.  This covers types, required values, patterns,
   enums, minimums, uniqueness and referential integrity.
2. Domain invariants frictionless cannot express (:func:`domain_errors`): the evidence
   span (``0 <= char_start < char_end <= len(text)`` and ``quote == text[char_start:char_end]``),
   date intervals (``date_start <= date_end``; date_start/date_end/date_precision all set
   or all empty; date_text set when dates are; the interval lies on the boundaries its
   precision implies), numeric ranges (``low <= high``, ``deaths_low <= deaths_high``,
   ``injured_low <= injured_high``) and the membership qualifier against low/high, and
   integers within the int64 range of the published Parquet files (frictionless accepts
   any size; ``publish`` could not write them).

Row numbers count the header as row 1, as frictionless and spreadsheets do.

The JSON report (sorted keys, no timestamps) is
``{"valid": bool, "errors": [{"file", "row", "field", "message"}], "counts": {resource: rows},
"inputs": {resource: "sha256:…"}}``; ``publish`` refuses to run unless it is valid and its
input hashes still match the files.  Exit status: 0 valid, 1 invalid or unreadable input.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import logging
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline import fsutil, schema, sources

log = logging.getLogger(__name__)

# Every table the pipeline derives (read from --in-dir); the mention tables carry evidence spans.
DERIVED_RESOURCES: tuple[str, ...] = tuple(r for r in schema.RESOURCES if r != sources.RESOURCE)
MENTION_RESOURCES: tuple[str, ...] = tuple(r for r in DERIVED_RESOURCES if "quote" in schema.field_names(r))
# mention table -> its canonical id field, which must be set once the canonical table is there
CANONICAL_LINKS: dict[str, tuple[str, str]] = {
    name: (id_field, table) for name, (id_field, table, _prefix) in schema.canonical_links().items()
}


@dataclass(frozen=True, order=True)
class ValidationError:
    """One problem in one place: file (or resource name), row (header = 1), field, message."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.field is not None:
            where += f" field {self.field}"
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.file, self.row if self.row is not None else -1, self.field or "", self.message)


# --- frictionless ---------------------------------------------------------------------


def _resource_descriptor(name: str, **extra: Any) -> dict:
    descriptor = schema.load_resource(name)
    descriptor["profile"] = "tabular-data-resource"
    descriptor.update(extra)
    return descriptor


def _inline(name: str, rows: list[Mapping[str, Any]], file: str) -> tuple[dict, list[ValidationError]]:
    """A resource with inline data (header + cells; None and '' both missing) and the errors
    for keys outside the schema, which the inline table would otherwise drop silently."""
    names = schema.field_names(name)
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
    pks = {r["name"]: ",".join(schema.primary_key(r["name"])) for r in resources}
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


# --- domain invariants ----------------------------------------------------------------


def _typed(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Best-effort typed view of a row: values that do not parse become None (frictionless reports them)."""
    out = {}
    for f in schema.fields(name):
        try:
            out[f["name"]] = schema.to_python(f, row.get(f["name"]))
        except schema.SchemaError:
            out[f["name"]] = None
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _precision_errors(precision: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    def last_of_month(d: dt.date) -> bool:
        return d.day == calendar.monthrange(d.year, d.month)[1]

    # A range across several units (1981-08-26..1982-12-31, month) keeps each
    # end as written: only an interval within one unit must fill that unit.
    unit = {"month": (start.year, start.month) != (end.year, end.month), "year": start.year != end.year,
            "decade": start.year // 10 != end.year // 10}
    if unit.get(precision, False):
        return []
    problems: list[tuple[str, str]] = []
    if precision == "month":
        if start.day != 1:
            problems.append(("date_start", f"{start} is not the first day of a month (precision month)"))
        if not last_of_month(end):
            problems.append(("date_end", f"{end} is not the last day of a month (precision month)"))
    elif precision in ("year", "decade"):
        if (start.month, start.day) != (1, 1) or (precision == "decade" and start.year % 10 != 0):
            first = "1 January of a year ending in 0" if precision == "decade" else "1 January"
            problems.append(("date_start", f"{start} is not {first} (precision {precision})"))
        if (end.month, end.day) != (12, 31) or (precision == "decade" and end.year % 10 != 9):
            last = "31 December of a year ending in 9" if precision == "decade" else "31 December"
            problems.append(("date_end", f"{end} is not {last} (precision {precision})"))
    return problems


def _qualifier_error(qualifier: str | None, low: int | None, high: int | None) -> str | None:
    if qualifier is None:
        return None
    if low is None and high is None:
        return "low and high are both empty: a membership estimate needs a number"
    rules = {
        "exact": (low is not None and high is not None and low == high, "needs low == high, both set"),
        "approximately": (
            low is not None and high is not None,
            "needs low and high set (low == high for 'about N')",
        ),
        "at_least": (low is not None and high is None, "needs low set and high empty"),
        "at_most": (low is None and high is not None, "needs low empty and high set"),
        "range": (low is not None and high is not None and low < high, "needs low < high, both set"),
    }
    ok, rule = rules.get(qualifier, (True, ""))
    return None if ok else f"qualifier {qualifier!r} {rule} (low={low}, high={high})"


def domain_errors(
    texts: Mapping[str, str],
    tables: Mapping[str, list[Mapping[str, Any]]],
    files: Mapping[str, str] | None = None,
    typed: bool = False,
) -> list[ValidationError]:
    """Check the invariants frictionless cannot express (see module docstring).

    Rows may hold typed values or CSV text.  Values that do not parse and unknown
    source ids are skipped here: the frictionless layer reports them.  ``typed=True``
    says every value already has its field's Python type (rows that passed
    schema.record_problems), which skips the conversion.
    """
    files = files or {}
    out: list[ValidationError] = []
    for name in DERIVED_RESOURCES:
        file = files.get(name, name)
        names = set(schema.field_names(name))
        link = CANONICAL_LINKS.get(name)
        for row_number, raw in enumerate(tables.get(name, []), start=2):
            row = {f: raw.get(f) for f in names} if typed else _typed(name, raw)

            def err(field: str | None, message: str, row_number: int = row_number, file: str = file) -> None:
                out.append(ValidationError(file, row_number, field, message))

            # every mention has its canonical row once reconciliation has run
            if link and link[1] in tables and row[link[0]] is None:
                err(link[0], f"empty: every mention must point to its row in {link[1]}")
            if name == "conflicts" and row["table"] is not None:
                ids = {f: row[f] for f in ("event_id", "designation_id", "estimate_id")}
                wanted = {"events": "event_id", "designations": "designation_id",
                          "membership_estimates": "estimate_id"}[row["table"]]
                if ids[wanted] is None or any(v is not None for f, v in ids.items() if f != wanted):
                    err(wanted, f"a conflict in {row['table']} must name exactly one {wanted}")

            if "quote" not in names:
                start = end = quote = text = None
            else:
                text = texts.get(row["source_id"]) if row["source_id"] is not None else None
                start, end, quote = row["char_start"], row["char_end"], row["quote"]
            # evidence span
            if _is_int(start) and _is_int(end):
                if not start < end:
                    err("char_end", f"char_end {end} must be greater than char_start {start}")
                elif text is not None and end > len(text):
                    err(
                        "char_end",
                        f"char_end {end} is past the end of source {row['source_id']!r} ({len(text)} chars)",
                    )
                elif text is not None and quote is not None and text[start:end] != quote:
                    err("quote", f"quote {quote!r} != text[{start}:{end}] {text[start:end]!r}")

            # dates
            if "date_start" in names:
                ds, de, dp, dtext = (
                    row["date_start"],
                    row["date_end"],
                    row["date_precision"],
                    row.get("date_text"),
                )
                set_ = {
                    k: v is not None
                    for k, v in (("date_start", ds), ("date_end", de), ("date_precision", dp))
                }
                if any(set_.values()) and not all(set_.values()):
                    empty = [k for k, v in set_.items() if not v]
                    err(
                        empty[0],
                        f"date_start, date_end and date_precision must be all set or all empty; "
                        f"{', '.join(empty)} empty",
                    )
                if ds is not None and de is not None:
                    if ds > de:
                        err("date_end", f"date_start {ds} is after date_end {de}")
                    elif dp is not None:
                        for field, message in _precision_errors(dp, ds, de):
                            err(field, message)
                if any(set_.values()) and dtext is None and "date_text" in names:
                    err("date_text", "empty although the mention has a date")

            # integers the Parquet files (int64) cannot hold: frictionless accepts any size
            for f in schema.fields(name):
                if f.get("type") == "integer":
                    too_wide = schema.int64_problem(row[f["name"]])
                    if too_wide:
                        err(f["name"], too_wide)

            # numeric ranges
            for low_f, high_f in (
                ("low", "high"),
                ("deaths_low", "deaths_high"),
                ("injured_low", "injured_high"),
            ):
                if low_f in names:
                    low, high = row[low_f], row[high_f]
                    if low is not None and high is not None and low > high:
                        err(high_f, f"{low_f} {low} is greater than {high_f} {high}")
            if "qualifier" in names:
                message = _qualifier_error(row["qualifier"], row["low"], row["high"])
                if message:
                    err("qualifier", message)
    return out


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


def _digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_hashes(raw_dir: Path, in_dir: Path) -> dict[str, str]:
    """Hashes of the files a report vouches for: the manifest and each mention CSV (absent → None)."""
    paths = {sources.RESOURCE: Path(raw_dir) / sources.MANIFEST}
    paths |= {name: Path(in_dir) / f"{name}.csv" for name in DERIVED_RESOURCES}
    return {name: _digest(path) if path.is_file() else None for name, path in paths.items()}


def validate_dirs(raw_dir: Path, in_dir: Path) -> tuple[list[ValidationError], dict[str, int]]:
    """Validate the manifest, the texts and the mention CSVs in ``in_dir``; return (errors, row counts).

    Raises SourceError if the raw inputs themselves are unusable.
    """
    raw_dir, in_dir = Path(raw_dir), Path(in_dir)
    texts = sources.read_texts(raw_dir)
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
            tables[name] = schema.read_csv_rows(name, path)
        except schema.SchemaError as exc:  # wrong header, ragged rows, not UTF-8: no row-level checks
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


def build_report(
    errors: list[ValidationError], counts: Mapping[str, int], inputs: Mapping[str, str | None]
) -> dict:
    """The JSON report as a dict (deterministic: errors sorted, no timestamps)."""
    return {
        "valid": not errors,
        "errors": [asdict(e) for e in sorted(errors, key=ValidationError.sort_key)],
        "counts": dict(sorted(counts.items())),
        "inputs": dict(sorted(inputs.items())),
    }


def write_json(data: Any, path: Path) -> None:
    """Write JSON with sorted keys, indent 2 and a trailing newline, atomically (temp + rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` stage's options."""
    parser.add_argument(
        "--raw-dir", type=Path, default=Path("raw"), help="raw texts and sources.csv (default: raw)"
    )
    parser.add_argument(
        "--in-dir",
        type=Path,
        default=Path("build/extract"),
        help="directory with the extracted *_mentions.csv (default: build/extract)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("build/validate/report.json"),
        help="where to write the JSON report (default: build/validate/report.json)",
    )


def main(args: argparse.Namespace) -> int:
    """Run the stage: write the report, print one line per error; 0 if valid, 1 otherwise."""
    inputs = input_hashes(args.raw_dir, args.in_dir)
    try:
        errors, counts = validate_dirs(args.raw_dir, args.in_dir)
    except sources.SourceError as exc:
        write_json(
            build_report([ValidationError(str(args.raw_dir), None, None, str(exc))], {}, inputs), args.report
        )
        raise
    write_json(build_report(errors, counts, inputs), args.report)
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"error: validation failed: {len(errors)} error(s); report in {args.report}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{name} {counts[name]}" for name in schema.RESOURCES if name in counts)
    log.info("valid: %s rows; report in %s", summary, args.report)
    return 0
