"""csvio.csv_text (cells from a plan per tuple of value types, quotes looked for only in the cells
that can need them, sorted by values.sort_normalised) against _csv_text_plain (format_cell on every
cell, values.sort_records): crafted rows and hypothesis-generated ones, bad values included."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import SchemaError
from pipeline.package import csvio, values
from pipeline.package.catalogue import fields
from pipeline.package.values import format_cell, normalise_records, sort_records

TABLES = ("event_mentions", "designation_mentions", "membership_mentions", "events", "sources")


class _Str(str):
    """A str subclass (not the exact type: formatted by format_cell)."""


class _Day(dt.date):
    def isoformat(self) -> str:  # a subclass whose text the plan must not guess
        return "day " + super().isoformat()


def _csv_text_plain(records: list[dict], name: str) -> str:
    """The reference: csv_text cell by cell with format_cell, rows sorted by values.sort_records."""
    names = [f["name"] for f in fields(name)]
    rows = sort_records(normalise_records(records, name), name)
    return "".join([csvio._csv_line(names), *(csvio._csv_line([format_cell(row[n]) for n in names]) for row in rows)])


def _both(records: list[dict], name: str) -> tuple[str | Exception, str | Exception]:
    out = []
    for fn in (csvio.csv_text, _csv_text_plain):
        try:
            out.append(fn(records, name))
        except SchemaError as exc:
            out.append(f"SchemaError: {exc}")
    return out[0], out[1]


_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t=-é9')), max_size=8)


def _value(ftype: str, clean: bool, exact: bool = False) -> st.SearchStrategy:
    if exact:  # values of the field's exact type only (a plain row, when no required one is None)
        return {"string": _TEXT.filter(bool), "integer": st.integers(-5, 10**6), "number": st.floats(),
                "date": st.dates(), "boolean": st.booleans()}.get(ftype, _TEXT.filter(bool))
    typed = {
        "string": st.one_of(_TEXT.filter(bool), _TEXT.filter(bool).map(_Str)),
        "integer": st.one_of(st.integers(-5, 10**6), st.sampled_from([2**63, -(2**63) - 1])),
        "number": st.floats(allow_nan=True, allow_infinity=True),
        "date": st.one_of(st.dates(), st.dates().map(lambda d: _Day(d.year, d.month, d.day))),
        "boolean": st.booleans(),
    }.get(ftype, _TEXT)
    text = {"integer": st.sampled_from(["7", "-3", "x"]), "date": st.sampled_from(["1999-02-03", "1999-02-30", "x"]),
            "boolean": st.sampled_from(["true", "false", "yes"]), "number": st.sampled_from(["1.5", "x"])}
    text = text.get(ftype, _TEXT)
    if clean:
        return typed
    bad = st.sampled_from([True, 3, 2.5, dt.datetime(2001, 1, 1), ["a"], None, ""])
    return st.one_of(*[typed] * 12, text, bad)


@st.composite
def _records(draw: st.DrawFn, name: str) -> list[dict]:
    fs = fields(name)
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = {}
        clean = draw(st.booleans())  # only values of the fields' types (the row may then be written)
        exact = clean and draw(st.booleans())  # of their exact types, too
        for f in fs:
            if draw(st.integers(0, 39)) == 0:
                continue  # a field left out
            row[f["name"]] = draw(_value(f.get("type", "string"), clean, exact))
        if draw(st.integers(0, 19)) == 0:
            row["not_a_field"] = 1
        rows.append(row)
    return rows


@pytest.mark.parametrize("name", TABLES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_and_plain_agree(name: str, data: st.DataObject) -> None:
    records = data.draw(_records(name))
    fast, plain = _both(records, name)
    assert fast == plain
    _SEEN.add(fast.startswith("SchemaError") if records else None)
    _PLAIN.add(bool(records) and csvio._plain_rows(records, name) is not None)


_SEEN: set[bool | None] = set()
_PLAIN: set[bool] = set()


def test_the_generated_records_gave_both_outcomes() -> None:
    """Runs after the property test (file order): some generated tables were written, some raised."""
    assert {True, False} <= _SEEN
    assert {True, False} <= _PLAIN  # tables of plain rows (csv_text's fast path) and others


def _row(**change: object) -> dict:
    row = {"mention_id": "ev-0123456789abcdef", "source_id": "s1", "char_start": 3, "char_end": 9,
           "quote": 'said, "no"', "date_inherited": False, "event_type": "protest", "rule_id": "ev.x"}
    return row | change


def test_crafted_rows_agree_and_quote_only_what_needs_it() -> None:
    rows = [_row(), _row(source_id="s0", quote="plain words", deaths_low=4, date_start=dt.date(1999, 1, 2)),
            _row(mention_id="ev-00000000000000ff", location=_Str("a,b"), date_end=_Day(2000, 5, 6)),
            _row(quote="line\rbreak", date_inherited=True)]
    fast, plain = _both(rows, "event_mentions")
    assert fast == plain
    lines = fast.split("\n")
    assert lines[1].startswith("ev-0123456789abcdef,s0,,3,9,plain words,,1999-01-02,,,false,")
    assert '"said, ""no"""' in fast and '"a,b"' in fast and "day 2000-05-06" in fast and '"line\rbreak"' in fast


def test_bad_rows_raise_the_same_error() -> None:
    for bad in ({"char_start": "three"}, {"quote": None}, {"colour": "red"}, {"date_start": dt.datetime(1999, 1, 1)}):
        fast, plain = _both([_row(), _row(**bad)], "event_mentions")
        assert fast == plain and fast.startswith("SchemaError: event_mentions record 1")


def test_sort_normalised_is_sort_records() -> None:
    rows = values.normalise_records([_row(source_id=s, char_start=c, mention_id=f"ev-{m:016x}")
                                     for s in ("b", "a") for c in (5, 3) for m in (2, 1)], "event_mentions")
    assert values.sort_normalised(rows, "event_mentions") == values.sort_records(rows, "event_mentions")
    assert [(r["source_id"], r["char_start"]) for r in values.sort_normalised(rows, "event_mentions")][:2] == [
        ("a", 3), ("a", 3)]
