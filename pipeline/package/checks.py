"""The checks the stages share: one record against its schema, and the invariants of a table.

Used by the extract stage (which rejects a candidate that fails them, before writing it) and
by the validate stage (which reports them for the tables as files), so both apply the same
rules from this one place, and neither stage imports the other.

* :func:`record_problems`: what can be checked on a single row against the schema of its
  resource: keys in the schema, types, required values, ``enum``, ``pattern``,
  ``minimum``/``maximum``, ``minLength``/``maxLength`` and the int64 range of integer columns.
* :func:`domain_problems` / :func:`domain_errors`: the invariants frictionless cannot
  express: the evidence span (``0 <= char_start < char_end <= len(text)`` and
  ``quote == text[char_start:char_end]``), date intervals (``date_start <= date_end``;
  date_start/date_end/date_precision all set or all empty; date_text set when dates are; the
  interval lies on the boundaries its precision implies), numeric ranges (``low <= high``,
  ``deaths_low <= deaths_high``, ``injured_low <= injured_high``), the membership qualifier
  against low/high, integers within the int64 range of the published Parquet files, and the
  links of mentions and conflicts to their canonical rows.
* :func:`input_hashes`: the files a validation report vouches for (checked again by
  ``publish``).

Row numbers of :class:`ValidationError` count the header as row 1, as frictionless and
spreadsheets do.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import SchemaError
from pipeline.package.catalogue import RESOURCES, _fields, canonical_links, field_names, fields
from pipeline.package.values import EXACT_TYPES, converter, plain_row, to_python

# Every table the pipeline derives (all but `sources`, which comes first in RESOURCES and is
# read from the manifest); the mention tables carry evidence spans.
DERIVED_RESOURCES: tuple[str, ...] = tuple(r for r in RESOURCES if r != RESOURCES[0])
MENTION_RESOURCES: tuple[str, ...] = tuple(r for r in DERIVED_RESOURCES if "quote" in field_names(r))
# mention table -> its canonical id field, which must be set once the canonical table is there
CANONICAL_LINKS: dict[str, tuple[str, str]] = {
    name: (id_field, table) for name, (id_field, table, _prefix) in canonical_links().items()
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



# --- one record -----------------------------------------------------------------------

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


@dataclass(frozen=True)
class _Column:
    """One field of a resource as :func:`record_problems` checks it (read once per resource)."""

    name: str
    convert: Any  # values.converter of the field's type
    constraints: dict
    required: bool
    checked: bool  # any constraint beyond required (enum, pattern, bounds, lengths) or int64
    pattern: re.Pattern[str] | None
    integer: bool


@functools.cache
def _plan(name: str) -> tuple[frozenset[str], tuple[_Column, ...]]:
    columns = []
    for f in _fields(name):
        c = f.get("constraints", {})
        pattern = c.get("pattern")
        checked = bool(set(c) - {"required", "unique"}) or f.get("type") == "integer"
        columns.append(_Column(f["name"], converter(f.get("type", "string")), c, bool(c.get("required")), checked,
                               _compiled(pattern) if pattern else None, f.get("type") == "integer"))
    return frozenset(f["name"] for f in _fields(name)), tuple(columns)


def _always(_value: Any) -> bool:
    return True


def _is_number(bound: Any) -> bool:
    return isinstance(bound, int | float) and not isinstance(bound, bool)


def _passes(col: _Column, ftype: str) -> Any:
    """A predicate true of a present value of exact type ``EXACT_TYPES[ftype]`` only if
    :func:`_constraint_problems` finds nothing wrong with it; None when there is no such simple
    predicate for the column (the constraint is compared in a way that could raise, or unknown).

    Each part is the negation of one test of ``_constraint_problems`` for such a value: ``enum``
    (membership of the list's frozenset: for values of these types, ``==`` and ``hash`` agree, so
    set and list membership agree), ``pattern`` (tested on strings only, as there), ``minimum``
    and ``maximum`` (numbers only), ``minLength``/``maxLength`` (strings only) and the int64 range.
    For an integer column with integer bounds, these come down to one ``range`` membership
    (exact for an exact int)."""
    c = col.constraints
    parts: list[Any] = []
    if "enum" in c:
        try:
            parts.append(frozenset(c["enum"]).__contains__)
        except TypeError:
            return None
    if col.pattern is not None and ftype == "string":
        parts.append(col.pattern.fullmatch)
    lo, hi = c.get("minimum"), c.get("maximum")
    if lo is not None or hi is not None:
        if ftype not in ("integer", "number") or not all(_is_number(b) for b in (lo, hi) if b is not None):
            return None
    if ("minLength" in c or "maxLength" in c) and ftype != "string":
        return None
    if col.integer and all(b is None or isinstance(b, int) for b in (lo, hi)):
        low = INT64_MIN if lo is None else max(lo, INT64_MIN)
        high = INT64_MAX if hi is None else min(hi, INT64_MAX)
        parts.append(range(low, high + 1).__contains__)
    elif lo is not None or hi is not None or col.integer:
        def bounded(v: Any, lo: Any = lo, hi: Any = hi, integer: bool = col.integer) -> bool:
            return ((lo is None or not v < lo) and (hi is None or not v > hi)
                    and (not integer or INT64_MIN <= v <= INT64_MAX))
        parts.append(bounded)
    if "minLength" in c or "maxLength" in c:
        least, most = c.get("minLength"), c.get("maxLength")

        def sized(v: str, shortest: Any = least, longest: Any = most) -> bool:
            return (shortest is None or not len(v) < shortest) and (longest is None or not len(v) > longest)
        parts.append(sized)
    if not parts:
        return _always  # checked, but by nothing this function knows: every value passes (as there)
    if len(parts) == 1:
        return parts[0]
    return lambda v: all(p(v) for p in parts)


@functools.cache
def _fast_plan(name: str) -> tuple[tuple[int, Any], ...] | None:
    """(position, predicate) of the checked columns of resource ``name``, for the plain rows
    (:func:`values.plain_row`) of :func:`record_problems`; None when a column has no predicate."""
    _known, columns = _plan(name)
    types = [f.get("type", "string") for f in _fields(name)]
    checks = []
    for i, (col, ftype) in enumerate(zip(columns, types, strict=True)):
        if col.checked:
            if ftype not in EXACT_TYPES:
                return None
            ok = _passes(col, ftype)
            if ok is None:
                return None
            checks.append((i, ok))
    return tuple(checks)


def _fits_plainly(name: str, record: Mapping[str, Any]) -> bool:
    """True only if :func:`record_problems` finds nothing wrong with ``record`` (its fast path).

    The record's keys must be known already. True when it is a plain row (:func:`values.plain_row`:
    every value of its field's exact type, or None in a field that is not required, none ``""``)
    and every checked value passes its column's predicate (:func:`_passes`): the per-column loop
    then converts each value to itself, finds no required value missing and no constraint broken."""
    plan = _fast_plan(name)
    if plan is None:
        return False
    found = plain_row(name, record)
    if found is None:
        return False
    vals = found[0]
    for i, passes in plan:
        value = vals[i]
        if value is not None and not passes(value):
            return False
    return True


def known_fields_and_plain(name: str, record: Mapping[str, Any]) -> bool:
    """True when ``record`` has only schema keys and :func:`_fits_plainly` (record_problems's fast path)."""
    return _plan(name)[0].issuperset(record) and _fits_plainly(name, record)


def record_problems(name: str, record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for every way one record breaks the schema of resource ``name``.

    Checks what can be checked on a single row: keys in the schema, types, required values,
    ``enum``, ``pattern`` (whole value), ``minimum``/``maximum``, ``minLength``/``maxLength``
    and the int64 range of integer columns.  (``unique`` and foreign keys need the whole
    table: they are the validate stage's job.)  An empty list means the record fits.

    A record of typed values that passes :func:`_fits_plainly` has no problem; any other is read
    field by field (tests/test_checks_fast.py compares both on generated records).
    """
    problems: list[tuple[str, str]] = []
    known, columns = _plan(name)
    if known.issuperset(record) and _fits_plainly(name, record):  # known_fields_and_plain
        return problems
    if not known.issuperset(record):
        for key in sorted(set(record) - known, key=str):
            problems.append((str(key), "field not in the schema"))
    get = record.get
    for col in columns:
        value = get(col.name)
        if value is None or value == "":  # values.to_python's missing value
            if col.required:
                problems.append((col.name, "required value is empty"))
            continue
        try:
            value = col.convert(value)
        except SchemaError as exc:
            problems.append((col.name, str(exc)))
            continue
        if col.checked:
            problems.extend(_constraint_problems(col, value))
    return problems


def _constraint_problems(col: _Column, value: Any) -> list[tuple[str, str]]:
    """The problems of one present, typed value with the field's constraints beyond ``required``."""
    field_name, constraints = col.name, col.constraints
    problems: list[tuple[str, str]] = []
    if "enum" in constraints and value not in constraints["enum"]:
        problems.append((field_name, f"{value!r} is not one of {constraints['enum']}"))
    if col.pattern is not None and isinstance(value, str) and not col.pattern.fullmatch(value):
        problems.append((field_name, f"{value!r} does not match {constraints['pattern']}"))
    if "minimum" in constraints and value < constraints["minimum"]:
        problems.append((field_name, f"{value!r} is below the minimum {constraints['minimum']}"))
    if "maximum" in constraints and value > constraints["maximum"]:
        problems.append((field_name, f"{value!r} is above the maximum {constraints['maximum']}"))
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        problems.append((field_name, f"shorter than {constraints['minLength']} characters"))
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        problems.append((field_name, f"longer than {constraints['maxLength']} characters"))
    too_wide = int64_problem(value) if col.integer else None
    if too_wide:
        problems.append((field_name, too_wide))
    return problems


# --- invariants of a table ------------------------------------------------------------


def _typed(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Best-effort typed view of a row: values that do not parse become None (frictionless reports them)."""
    out = {}
    for f in fields(name):
        try:
            out[f["name"]] = to_python(f, row.get(f["name"]))
        except SchemaError:
            out[f["name"]] = None
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _last_of_month(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def _precision_errors(precision: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    if precision not in ("month", "year", "decade"):
        return []  # (no rule below reads another precision)
    last_of_month = _last_of_month

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


def domain_problems(
    name: str,
    rows: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str],
    linked: bool = False,
    typed: bool = False,
) -> list[tuple[int, str | None, str]]:
    """``(index in rows, field, message)`` for every invariant the rows of table ``name`` break.

    Rows may hold typed values or CSV text.  Values that do not parse and unknown source ids
    are skipped here: the frictionless layer reports them.  ``linked=True`` says the
    canonical table of a mention table exists, so every mention must point to its row;
    ``typed=True`` says every value already has its field's Python type (rows that passed
    :func:`record_problems`), which skips the conversion.

    The checks are :func:`_domain_problems_typed`'s, with what depends on the table alone worked out
    once (tests/test_checks_fast.py compares them with the plain reading, every row on its own);
    rows of CSV text are typed first.
    """
    rows = rows if typed else [_typed(name, raw) for raw in rows]
    return _domain_problems_typed(name, _domain_plan(name), rows, texts, linked)


@dataclass(frozen=True)
class _DomainPlan:
    """What the domain checks decide from the table's schema alone."""

    link: tuple[str, str] | None
    conflicts: bool
    quote: bool
    dates: bool
    date_text: bool
    integers: tuple[str, ...]
    ranges: tuple[tuple[str, str], ...]
    qualifier: bool


_RANGES = (("low", "high"), ("deaths_low", "deaths_high"), ("injured_low", "injured_high"))


@functools.cache
def _domain_plan(name: str) -> _DomainPlan:
    """The plan of table ``name``; ValueError when a field the checks read is not in its schema.

    Where every field read is in the schema, ``row.get(f)`` is what a row reduced to the schema's
    fields, ``{f: raw.get(f) for f in names}[f]``, gives."""
    names = set(field_names(name))
    link = CANONICAL_LINKS.get(name)
    plan = _DomainPlan(
        link=link, conflicts=name == "conflicts", quote="quote" in names, dates="date_start" in names,
        date_text="date_text" in names,
        integers=tuple(f["name"] for f in fields(name) if f.get("type") == "integer"),
        ranges=tuple((lo, hi) for lo, hi in _RANGES if lo in names), qualifier="qualifier" in names)
    needed = {f for pair in plan.ranges for f in pair}
    needed |= {link[0]} if link else set()
    needed |= {"table", "event_id", "designation_id", "estimate_id"} if plan.conflicts else set()
    needed |= {"source_id", "char_start", "char_end", "quote"} if plan.quote else set()
    needed |= {"date_start", "date_end", "date_precision"} if plan.dates else set()
    needed |= {"qualifier", "low", "high"} if plan.qualifier else set()
    if not needed <= names:
        raise ValueError(f"{name}: its schema lacks a field the domain checks read: {sorted(needed - names)}")
    return plan


def _domain_problems_typed(
    name: str, plan: _DomainPlan, rows: Sequence[Mapping[str, Any]], texts: Mapping[str, str], linked: bool
) -> list[tuple[int, str | None, str]]:
    """The domain checks of typed rows, in order (the plain reading of tests/test_checks_fast.py, check
    for check and message for message); each row is read with ``row.get`` (:func:`_domain_plan`).
    An integer is passed to :func:`int64_problem` only when it is not an ``int`` within the int64
    range (for which that function returns None), and a missing value never (it returns None for
    it too)."""
    out: list[tuple[int, str | None, str]] = []
    append = out.append
    link = plan.link if linked else None
    link_message = f"empty: every mention must point to its row in {link[1]}" if link else ""
    conflicts, has_quote, has_dates, has_date_text = plan.conflicts, plan.quote, plan.dates, plan.date_text
    integers, ranges, has_qualifier = plan.integers, plan.ranges, plan.qualifier
    lo64, hi64 = INT64_MIN, INT64_MAX
    for index, row in enumerate(rows):
        get = row.get
        if link and get(link[0]) is None:
            append((index, link[0], link_message))
        if conflicts and get("table") is not None:
            ids = {f: get(f) for f in ("event_id", "designation_id", "estimate_id")}
            wanted = {"events": "event_id", "designations": "designation_id",
                      "membership_estimates": "estimate_id"}[get("table")]
            if ids[wanted] is None or any(v is not None for f, v in ids.items() if f != wanted):
                append((index, wanted, f"a conflict in {get('table')} must name exactly one {wanted}"))

        if has_quote:
            start, end = get("char_start"), get("char_end")
            if (start.__class__ is int or _is_int(start)) and (end.__class__ is int or _is_int(end)):
                source_id = get("source_id")
                text = texts.get(source_id) if source_id is not None else None
                quote = get("quote")
                if not start < end:
                    append((index, "char_end", f"char_end {end} must be greater than char_start {start}"))
                elif text is not None and end > len(text):
                    append((index, "char_end",
                            f"char_end {end} is past the end of source {source_id!r} ({len(text)} chars)"))
                elif text is not None and quote is not None and text[start:end] != quote:
                    append((index, "quote", f"quote {quote!r} != text[{start}:{end}] {text[start:end]!r}"))

        if has_dates:
            ds, de, dp = get("date_start"), get("date_end"), get("date_precision")
            has_s, has_e, has_p = ds is not None, de is not None, dp is not None
            if has_s or has_e or has_p:
                if not (has_s and has_e and has_p):
                    empty = [k for k, v in (("date_start", has_s), ("date_end", has_e), ("date_precision", has_p))
                             if not v]
                    append((index, empty[0], f"date_start, date_end and date_precision must be all set or all "
                                             f"empty; {', '.join(empty)} empty"))
                if has_s and has_e:
                    if ds > de:
                        append((index, "date_end", f"date_start {ds} is after date_end {de}"))
                    elif has_p:
                        for field, message in _precision_errors(dp, ds, de):
                            append((index, field, message))
                if has_date_text and get("date_text") is None:
                    append((index, "date_text", "empty although the mention has a date"))

        for f in integers:
            value = get(f)
            if value is not None and (value.__class__ is not int or not lo64 <= value <= hi64):
                too_wide = int64_problem(value)
                if too_wide:
                    append((index, f, too_wide))

        for low_f, high_f in ranges:
            low, high = get(low_f), get(high_f)
            if low is not None and high is not None and low > high:
                append((index, high_f, f"{low_f} {low} is greater than {high_f} {high}"))
        if has_qualifier:
            message = _qualifier_error(get("qualifier"), get("low"), get("high"))
            if message:
                append((index, "qualifier", message))
    return out


def domain_errors(
    texts: Mapping[str, str],
    tables: Mapping[str, list[Mapping[str, Any]]],
    files: Mapping[str, str] | None = None,
    typed: bool = False,
) -> list[ValidationError]:
    """:func:`domain_problems` of every derived table in ``tables``, as ValidationErrors.

    ``files`` maps resource names to the names used in messages (default: the resource
    name); row numbers count as in a CSV with a header (first row = 2).
    """
    files = files or {}
    out: list[ValidationError] = []
    for name in DERIVED_RESOURCES:
        link = CANONICAL_LINKS.get(name)
        linked = bool(link) and link[1] in tables
        for index, field, message in domain_problems(name, tables.get(name, []), texts, linked, typed):
            out.append(ValidationError(files.get(name, name), index + 2, field, message))
    return out


# --- the inputs a validation report vouches for ---------------------------------------


def _digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_hashes(raw_dir: Path, in_dir: Path) -> dict[str, str]:
    """Hashes of the files a report vouches for: the manifest and each mention CSV (absent → None)."""
    from pipeline.package import sources

    paths = {sources.RESOURCE: Path(raw_dir) / sources.MANIFEST}
    paths |= {name: Path(in_dir) / f"{name}.csv" for name in DERIVED_RESOURCES}
    return {name: _digest(path) if path.is_file() else None for name, path in paths.items()}

