"""pipeline.package.checks.record_problems and values.normalise_records: crafted rows for every kind
of problem, and a property test against a reference that converts every cell with to_python (the
plain reading of the schema, which the per-resource plans of both functions must agree with)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import SchemaError
from pipeline.package import checks, values
from pipeline.package.catalogue import fields

TABLE = "event_mentions"


def good_row() -> dict:
    return {
        "mention_id": "ev-0123456789abcdef", "source_id": "s1", "event_id": None, "char_start": 3,
        "char_end": 20, "quote": "a crafted sentence", "date_text": "in 1999", "date_start": dt.date(1999, 1, 1),
        "date_end": dt.date(1999, 12, 31), "date_precision": "year", "date_inherited": False,
        "event_type": "protest", "location": None, "country": "FR", "deaths_low": None, "deaths_high": None,
        "injured_low": None, "injured_high": None, "attributed_by": None, "rule_id": "ev.crafted",
    }


def test_a_good_row_has_no_problem():
    assert checks.record_problems(TABLE, good_row()) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"colour": "red"}, [("colour", "field not in the schema")]),
    ({"quote": ""}, [("quote", "required value is empty")]),
    ({"quote": None}, [("quote", "required value is empty")]),
    ({"char_start": "three"}, [("char_start", "expected an integer, got 'three'")]),
    ({"char_start": True}, [("char_start", "expected an integer, got True")]),
    ({"char_start": -1}, [("char_start", "-1 is below the minimum 0")]),
    ({"date_precision": "week"}, [("date_precision", "'week' is not one of ['day', 'month', 'year', 'decade']")]),
    ({"country": "France"}, [("country", "'France' does not match ^[A-Z]{2}$")]),
    ({"deaths_low": 2**63}, [("deaths_low", f"{2**63} is above the int64 maximum {2**63 - 1} "
                                            "(integer columns are int64 in the published files)")]),
    ({"date_start": dt.datetime(1999, 1, 1)}, [("date_start", "expected a date, got a datetime "
                                                              "datetime.datetime(1999, 1, 1, 0, 0)")]),
    ({"date_inherited": "yes"}, [("date_inherited", "expected true/false, got 'yes'")]),
    ({"char_start": "7", "date_start": "1999-01-01", "date_inherited": "false"}, []),  # CSV text is read too
])
def test_each_kind_of_problem(change, expected):
    row = good_row() | change
    assert checks.record_problems(TABLE, row) == expected


def test_unknown_fields_come_first_sorted():
    row = good_row() | {"zeta": 1, "alpha": 2, "quote": ""}
    assert checks.record_problems(TABLE, row) == [
        ("alpha", "field not in the schema"), ("zeta", "field not in the schema"), ("quote", "required value is empty")]


def reference_problems(name: str, record: dict) -> list[tuple[str, str]]:
    """The schema read field by field with to_python (what record_problems must give)."""
    out = []
    schema_fields = fields(name)
    known = {f["name"] for f in schema_fields}
    out += [(str(k), "field not in the schema") for k in sorted(set(record) - known, key=str)]
    for f in schema_fields:
        c = f.get("constraints", {})
        try:
            value = values.to_python(f, record.get(f["name"]))
        except SchemaError as exc:
            out.append((f["name"], str(exc)))
            continue
        if value is None:
            if c.get("required"):
                out.append((f["name"], "required value is empty"))
            continue
        if "enum" in c and value not in c["enum"]:
            out.append((f["name"], f"{value!r} is not one of {c['enum']}"))
        if c.get("pattern") and isinstance(value, str) and not re.fullmatch(c["pattern"], value):
            out.append((f["name"], f"{value!r} does not match {c['pattern']}"))
        if "minimum" in c and value < c["minimum"]:
            out.append((f["name"], f"{value!r} is below the minimum {c['minimum']}"))
        if "maximum" in c and value > c["maximum"]:
            out.append((f["name"], f"{value!r} is above the maximum {c['maximum']}"))
        if "minLength" in c and len(value) < c["minLength"]:
            out.append((f["name"], f"shorter than {c['minLength']} characters"))
        if "maxLength" in c and len(value) > c["maxLength"]:
            out.append((f["name"], f"longer than {c['maxLength']} characters"))
        if f.get("type") == "integer" and checks.int64_problem(value):
            out.append((f["name"], checks.int64_problem(value)))
    return out


cells = st.one_of(
    st.none(), st.just(""), st.booleans(), st.integers(-5, 5), st.integers(2**63 - 2, 2**64),
    st.sampled_from(["year", "week", "FR", "France", "ev.x", "ev-0123456789abcdef", "12", "1999-02-30", "true"]),
    st.dates(dt.date(1990, 1, 1), dt.date(1999, 1, 1)), st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f["name"] for f in fields(TABLE)] + ["extra"]), cells))
def test_record_problems_reads_the_schema_field_by_field(record):
    assert checks.record_problems(TABLE, record) == reference_problems(TABLE, record)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f["name"] for f in fields(TABLE)]), cells))
def test_normalise_records_converts_like_to_python(record):
    try:
        (typed,) = values.normalise_records([record], TABLE)
    except SchemaError as exc:
        message = str(exc)
        assert message.startswith(f"{TABLE} record 0 field ")
        problems = reference_problems(TABLE, record)
        assert problems, message  # a row it refuses breaks the schema
        return
    assert list(typed) == [f["name"] for f in fields(TABLE)]
    for f in fields(TABLE):
        assert typed[f["name"]] == values.to_python(f, record.get(f["name"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from('ab ,"\n\r\u00e9'), max_size=6), min_size=1, max_size=6))
def test_a_csv_line_quotes_exactly_the_cells_that_need_it(cells):
    """One search per line finds the lines with no cell to quote; the others are quoted cell by cell."""
    from pipeline.package import csvio

    expected = ",".join('"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n\r') else c for c in cells)
    assert csvio._csv_line(cells) == expected + "\n"
