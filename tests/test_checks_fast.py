"""The fast paths of pipeline.package.checks against the plain readings: record_problems's plain-row
path (_fits_plainly, _passes) and domain_problems's typed path (_domain_problems_typed), on crafted
and hypothesis-generated rows of every mention table, bad values included."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.package import checks
from pipeline.package.catalogue import fields
from pipeline.package.values import format_cell

TABLES = ("event_mentions", "designation_mentions", "membership_mentions")


def _slow_problems(name: str, record: dict) -> list[tuple[str, str]]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(checks, "_fits_plainly", lambda _name, _record: False)
        return checks.record_problems(name, record)


def _good(ftype: str, name: str, table: str, clean: bool) -> st.SearchStrategy:
    """Mostly values that fit the field, some near its constraints' edges (``clean``: only fitting ones)."""
    for f in fields(table):
        if f["name"] == name:
            c = f.get("constraints", {})
    k = 1 if clean else None
    if "enum" in c:
        return st.sampled_from([*c["enum"], "other"][:-1 if clean else None])
    if name == "mention_id":
        prefix = table[:2]
        return st.sampled_from([f"{prefix}-0123456789abcdef", f"{prefix}-0123456789ABCDEF", "x"][:k])
    if name == "rule_id":
        return st.sampled_from([f"{table[:2]}.a_b.c", f"{table[:2]}.", "zz.a"][:k])
    if name in ("country", "jurisdiction"):
        return st.sampled_from(["FR", "US", "fr", "FRA"][:2 if clean else None])
    return {
        "string": st.text(st.sampled_from("ab ,é"), min_size=1 if clean else 0, max_size=4),
        "integer": st.integers(1, 40) if clean else st.one_of(
            st.integers(-2, 40), st.sampled_from([2**63 - 1, 2**63, -(2**63) - 1])),
        "number": st.floats(),
        "date": st.dates(dt.date(1990, 1, 1), dt.date(1993, 12, 31)),
        "boolean": st.booleans(),
    }[ftype]


_BAD = st.sampled_from([None, "", True, 1.5, "7", "1999-01-01", dt.datetime(1999, 1, 1), "false", ["x"]])


@st.composite
def _record(draw: st.DrawFn, table: str) -> dict:
    row = {}
    clean = draw(st.booleans())
    for f in fields(table):
        if not clean and draw(st.integers(0, 29)) == 0:
            continue
        bad = not clean and draw(st.integers(0, 24)) == 0
        row[f["name"]] = draw(_BAD if bad else _good(f.get("type", "string"), f["name"], table, clean))
    if not clean and draw(st.integers(0, 29)) == 0:
        row["extra"] = 1
    return row


_OUTCOMES: set[tuple[str, bool]] = set()


@pytest.mark.parametrize("table", TABLES)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_record_problems_fast_is_slow(table: str, data: st.DataObject) -> None:
    record = data.draw(_record(table))
    fast = checks.record_problems(table, record)
    assert fast == _slow_problems(table, record)
    plain = checks.known_fields_and_plain(table, record)
    assert not plain or fast == []
    _OUTCOMES.add((table, plain))


def test_the_generated_records_took_both_paths() -> None:
    """Runs after the property test (file order): each table had plain rows and others."""
    assert _OUTCOMES >= {(t, b) for t in TABLES for b in (True, False)}


def _column(ftype: str, **constraints: object) -> checks._Column:
    return checks._Column("f", None, constraints, False, True, None, ftype == "integer")


@pytest.mark.parametrize(("ftype", "constraints", "values"), [
    ("integer", {"minimum": 0, "maximum": 10}, [-1, 0, 10, 11, 2**63]),
    ("integer", {"minimum": 0.5}, [0, 1, 2**63]),
    ("integer", {}, [2**63 - 1, 2**63, -(2**63), -(2**63) - 1]),
    ("number", {"minimum": 0, "maximum": 1.5}, [-0.1, 0.0, 1.5, 1.6, float("nan"), float("inf")]),
    ("string", {"minLength": 2, "maxLength": 3}, ["a", "ab", "abc", "abcd"]),
    ("string", {"enum": ["a", "b"]}, ["a", "c"]),
    ("boolean", {"enum": [True]}, [True, False]),
    ("date", {"enum": ["1999-01-01"]}, [dt.date(1999, 1, 1)]),
])
def test_passes_is_true_only_without_problems(ftype: str, constraints: dict, values: list) -> None:
    col = _column(ftype, **constraints)
    ok = checks._passes(col, ftype)
    assert ok is not None
    for value in values:
        assert ok(value) == (checks._constraint_problems(col, value) == []), value


@pytest.mark.parametrize(("ftype", "constraints"), [
    ("string", {"minimum": 1}), ("date", {"maximum": 3}), ("integer", {"maxLength": 2}),
    ("string", {"enum": [["unhashable"]]}),
])
def test_no_predicate_where_the_check_could_raise(ftype: str, constraints: dict) -> None:
    assert checks._passes(_column(ftype, **constraints), ftype) is None


# --- domain_problems ---------------------------------------------------------------------

_TEXT = "ab, cd. The crafted source text of thirty-odd chars."


@st.composite
def _typed_row(draw: st.DrawFn, table: str) -> dict:
    row = {f["name"]: None for f in fields(table) if draw(st.integers(0, 9))}
    start = draw(st.integers(-1, 60))
    end = draw(st.integers(-1, 60))
    row |= {"source_id": draw(st.sampled_from(["s1", "s2", None])), "char_start": start, "char_end": end,
            "quote": draw(st.sampled_from([_TEXT[max(start, 0):max(end, 0)], "other", None]))}
    d1 = draw(st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(1991, 12, 31))))
    d2 = draw(st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(1991, 12, 31))))
    row |= {"date_start": d1, "date_end": d2,
            "date_precision": draw(st.sampled_from([None, "day", "month", "year", "decade"])),
            "date_text": draw(st.sampled_from([None, "in 1990"]))}
    for f in fields(table):
        if f.get("type") == "integer" and f["name"] not in ("char_start", "char_end"):
            row[f["name"]] = draw(st.one_of(st.none(), st.integers(-1, 9), st.just(2**63), st.just(True)))
    if "qualifier" in row:
        row["qualifier"] = draw(st.sampled_from([None, "exact", "approximately", "at_least", "at_most", "range"]))
    for id_field in ("event_id", "designation_id", "estimate_id"):
        if id_field in row:
            row[id_field] = draw(st.sampled_from([None, "x-1"]))
    return {k: v for k, v in row.items() if k in {f["name"] for f in fields(table)}}


def _domain_problems_plain(
    name: str,
    rows: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str],
    linked: bool = False,
    typed: bool = False,
) -> list[tuple[int, str | None, str]]:
    """``checks.domain_problems`` as first written, every row read on its own (the reference)."""
    names = set(checks.field_names(name))
    link = checks.CANONICAL_LINKS.get(name)
    out: list[tuple[int, str | None, str]] = []
    for index, raw in enumerate(rows):
        row = {f: raw.get(f) for f in names} if typed else checks._typed(name, raw)

        def err(field: str | None, message: str, index: int = index) -> None:
            out.append((index, field, message))

        # every mention has its canonical row once reconciliation has run
        if link and linked and row[link[0]] is None:
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
        if checks._is_int(start) and checks._is_int(end):
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
                    for field, message in checks._precision_errors(dp, ds, de):
                        err(field, message)
            if any(set_.values()) and dtext is None and "date_text" in names:
                err("date_text", "empty although the mention has a date")

        # integers the Parquet files (int64) cannot hold: frictionless accepts any size
        for f in checks.fields(name):
            if f.get("type") == "integer":
                too_wide = checks.int64_problem(row[f["name"]])
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
            message = checks._qualifier_error(row["qualifier"], row["low"], row["high"])
            if message:
                err("qualifier", message)
    return out


@pytest.mark.parametrize("table", [*TABLES, "conflicts"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_domain_problems_typed_is_plain(table: str, data: st.DataObject) -> None:
    rows = data.draw(st.lists(_typed_row(table), max_size=4))
    if table == "conflicts":
        rows = [r | {"table": data.draw(st.sampled_from([None, "events", "designations", "membership_estimates"]))}
                for r in rows]
    linked = data.draw(st.booleans())
    texts = {"s1": _TEXT}
    assert checks._domain_plan(table) is not None
    fast = checks.domain_problems(table, rows, texts, linked, typed=True)
    assert fast == _domain_problems_plain(table, rows, texts, linked, typed=True)


def test_domain_problems_typed_finds_each_kind() -> None:
    row = {"mention_id": "me-0123456789abcdef", "source_id": "s1", "char_start": 4, "char_end": 2, "quote": "x",
           "date_start": dt.date(1990, 3, 2), "date_end": dt.date(1990, 3, 1), "date_precision": "day",
           "low": 5, "high": 2**63, "qualifier": "exact", "estimate_id": None}
    fast = checks.domain_problems("membership_mentions", [row], {"s1": _TEXT}, linked=True, typed=True)
    assert fast == _domain_problems_plain("membership_mentions", [row], {"s1": _TEXT}, True, True)
    assert {f for _i, f, _m in fast} >= {"estimate_id", "char_end", "date_end", "date_text", "high", "qualifier"}


@pytest.mark.parametrize("table", [*TABLES, "conflicts"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_domain_problems_of_csv_text_rows_are_plain(table: str, data: st.DataObject) -> None:
    # rows as the validate stage reads them from the CSVs: every value as its cell's text
    rows = [{k: format_cell(v) for k, v in r.items()} for r in data.draw(st.lists(_typed_row(table), max_size=4))]
    linked = data.draw(st.booleans())
    texts = {"s1": _TEXT}
    assert checks.domain_problems(table, rows, texts, linked) == _domain_problems_plain(table, rows, texts, linked)


def test_a_schema_without_a_field_the_checks_read_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    names = checks.field_names
    monkeypatch.setattr(checks, "field_names", lambda n: [f for f in names(n) if f != "char_start"])
    monkeypatch.setattr(checks, "_domain_plan", functools.cache(checks._domain_plan.__wrapped__))  # a cache of its own
    with pytest.raises(ValueError, match="event_mentions: .*'char_start'"):
        checks.domain_problems("event_mentions", [], {}, typed=True)
