"""pipeline.package.arrow: resource listing, Arrow schema, deterministic CSV writer, typed reader."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import SchemaError
from pipeline.package import arrow, catalogue, csvio

SCHEMA_FILES = sorted((catalogue.SCHEMA_DIR).glob("*.json"))


def test_resources_come_from_the_schema_files_sources_first():
    assert catalogue.RESOURCES[0] == "sources"
    assert sorted(catalogue.RESOURCES) == sorted(p.stem for p in SCHEMA_FILES)
    # every table comes after the tables its foreign keys reference
    for i, name in enumerate(catalogue.RESOURCES):
        for fk in catalogue.load_resource(name)["schema"].get("foreignKeys", []):
            assert catalogue.RESOURCES.index(fk["reference"]["resource"]) < i, (name, fk)


@pytest.mark.parametrize("name", catalogue.RESOURCES)
def test_field_names_and_descriptor_match_the_json(name):
    descriptor = json.loads((catalogue.SCHEMA_DIR / f"{name}.json").read_text())
    assert catalogue.load_resource(name) == descriptor
    assert catalogue.field_names(name) == [f["name"] for f in descriptor["schema"]["fields"]]
    catalogue.load_resource(name)["title"] = "mutated"
    assert catalogue.load_resource(name)["title"] == descriptor["title"]  # callers get copies


def test_sort_keys():
    assert catalogue.sort_key("sources") == ["source_id"]
    for name in ("event_mentions", "designation_mentions", "membership_mentions"):
        assert catalogue.sort_key(name) == ["source_id", "char_start", "char_end", "mention_id"]


def test_arrow_schema_types_nullability_and_descriptions():
    s = arrow.arrow_schema("event_mentions")
    assert s.field("date_start").type == pa.date32()
    assert s.field("char_start").type == pa.int64() and not s.field("char_start").nullable
    assert s.field("deaths_low").type == pa.int64() and s.field("deaths_low").nullable
    assert s.field("quote").type == pa.string() and not s.field("quote").nullable
    assert s.field("location").nullable
    descriptor = catalogue.load_resource("event_mentions")
    for f in descriptor["schema"]["fields"]:
        assert s.field(f["name"]).metadata[b"description"].decode() == f["description"]
    assert s.metadata[b"description"].decode() == descriptor["description"]
    assert s.names == catalogue.field_names("event_mentions")


@pytest.mark.parametrize("name", catalogue.RESOURCES)
def test_every_field_has_a_description_in_arrow(name):
    for f in arrow.arrow_schema(name):
        assert f.metadata[b"description"]


def _membership(mid: str, sid: str, start: int, **kw) -> dict:
    row = {
        "mention_id": mid,
        "source_id": sid,
        "char_start": start,
        "char_end": start + 3,
        "quote": "abc",
        "date_inherited": False,
        "qualifier": "exact",
        "unit": "members",
        "scope": "global",
        "low": 5,
        "high": 5,
        "rule_id": "me.unit_after",
    }
    row.update(kw)
    return row


def test_write_csv_order_sorting_nulls_and_types(tmp_path):
    records = [
        _membership("me-0000000000000003", "b", 0),
        _membership(
            "me-0000000000000002",
            "a",
            10,
            date_start=dt.date(1980, 1, 1),
            date_end="1989-12-31",
            date_precision="decade",
            date_inherited=False,
            date_text="the 1980s",
            high=None,
            qualifier="at_least",
        ),
        _membership("me-0000000000000001", "a", 10),
        _membership("me-0000000000000004", "a", 2, estimator=None, scope="Camp Ashraf"),
    ]
    path = tmp_path / "m.csv"
    csvio.write_csv(records, "membership_mentions", path)
    data = path.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    lines = data.decode("utf-8").split("\n")
    assert lines[0] == ",".join(catalogue.field_names("membership_mentions"))
    ids = [line.split(",")[0] for line in lines[1:-1]]
    # source_id, char_start, char_end, then mention_id
    assert ids == ["me-0000000000000004", "me-0000000000000001", "me-0000000000000002", "me-0000000000000003"]
    expected = "me-0000000000000002,a,,10,13,abc,the 1980s,1980-01-01,1989-12-31,decade,false,5,,at_least,members,"
    assert lines[3] == expected + "global,,me.unit_after"
    # input order does not matter
    csvio.write_csv(list(reversed(records)), "membership_mentions", tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == data


def test_write_csv_rejects_unknown_key(tmp_path):
    with pytest.raises(SchemaError, match="unknown field.*colour"):
        csvio.write_csv(
            [_membership("me-0000000000000001", "a", 0, colour="red")],
            "membership_mentions",
            tmp_path / "x.csv",
        )
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("missing", ["mention_id", "quote", "unit"])
def test_write_csv_rejects_missing_required(tmp_path, missing):
    record = _membership("me-0000000000000001", "a", 0)
    del record[missing]
    with pytest.raises(SchemaError, match=f"record 0 field {missing}: required value is missing"):
        csvio.write_csv([record], "membership_mentions", tmp_path / "x.csv")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("low", 5.0),
        ("low", True),
        ("low", "5.0"),
        ("date_start", "1981-6-1"),
        ("date_start", "1981-02-30"),
        ("quote", 12),
    ],
)
def test_write_csv_rejects_wrong_types(tmp_path, field, value):
    with pytest.raises(SchemaError, match=f"field {field}"):
        csvio.write_csv(
            [_membership("me-0000000000000001", "a", 0, **{field: value})],
            "membership_mentions",
            tmp_path / "x.csv",
        )


def test_formula_like_and_awkward_values_are_written_verbatim_and_round_trip(tmp_path):
    quotes = [
        '=HYPERLINK("x")',
        "+1",
        "-2",
        "@SUM(A1)",
        "a,b",
        'say "hi"',
        "line\nbreak",
        "cr\rhere",
        " padded ",
        "tab\tx",
    ]
    records = [_membership(f"me-{i:016x}", "a", i * 10, quote=q) for i, q in enumerate(quotes)]
    path = tmp_path / "m.csv"
    csvio.write_csv(records, "membership_mentions", path)
    table = arrow.read_csv_typed("membership_mentions", path)
    assert table.column("quote").to_pylist() == quotes
    assert "'=HYPERLINK" not in path.read_text()


def test_read_csv_typed_types_and_empty_is_null(tmp_path):
    records = [
        _membership(
            "me-0000000000000001",
            "a",
            0,
            low=None,
            high=7,
            qualifier="at_most",
            estimator="",
            date_start="2011-01-01",
            date_end="2011-12-31",
            date_precision="year",
            date_inherited=False,
            date_text="2011",
        )
    ]
    path = tmp_path / "m.csv"
    csvio.write_csv(records, "membership_mentions", path)
    table = arrow.read_csv_typed("membership_mentions", path)
    assert table.schema.equals(arrow.arrow_schema("membership_mentions"), check_metadata=True)
    row = table.to_pylist()[0]
    assert row["low"] is None and row["high"] == 7
    assert row["estimator"] is None  # "" and missing are the same
    assert row["date_start"] == dt.date(2011, 1, 1)


def test_read_csv_typed_names_file_row_and_field(tmp_path):
    path = tmp_path / "m.csv"
    csvio.write_csv([_membership("me-0000000000000001", "a", 0)], "membership_mentions", path)
    path.write_text(path.read_text().replace(",5,5,", ",five,5,"))
    with pytest.raises(SchemaError, match=r"m\.csv row 2 field low: expected an integer"):
        arrow.read_csv_typed("membership_mentions", path)


def test_read_csv_rejects_wrong_header(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("mention_id,quote\nx,y\n")
    with pytest.raises(SchemaError, match=r"m\.csv row 1: header"):
        arrow.read_csv_typed("membership_mentions", path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_any_quote_round_trips(tmp_path_factory, quotes):
    path = tmp_path_factory.mktemp("rt") / "m.csv"
    records = [_membership(f"me-{i:016x}", "a", i, quote=q) for i, q in enumerate(quotes)]
    csvio.write_csv(records, "membership_mentions", path)
    assert arrow.read_csv_typed("membership_mentions", path).column("quote").to_pylist() == quotes
