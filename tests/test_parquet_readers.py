"""The published Parquet files read with the right types by default in pandas, polars and DuckDB."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.package import arrow, catalogue

REPO = Path(__file__).resolve().parents[1]
PROCESSED = REPO / "processed"


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(PROCESSED / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def typed_fields(name: str, ftype: str) -> list[str]:
    return [f["name"] for f in catalogue.fields(name) if f.get("type") == ftype]


@pytest.mark.parametrize("name", catalogue.RESOURCES)
def test_plain_read_parquet_gives_nullable_integers_and_dates(name):
    frame = pd.read_parquet(PROCESSED / f"{name}.parquet")  # no options
    rows = csv_rows(name)
    assert list(frame.columns) == catalogue.field_names(name) and len(frame) == len(rows)
    assert isinstance(frame.index, pd.RangeIndex)
    for column in typed_fields(name, "integer"):
        assert frame[column].dtype == pd.Int64Dtype(), column
        assert [None if pd.isna(v) else int(v) for v in frame[column]] == [
            int(r[column]) if r[column] else None for r in rows
        ]
    for column in typed_fields(name, "date"):
        assert frame[column].dtype == pd.ArrowDtype(pa.date32()), column
        assert [None if pd.isna(v) else v.isoformat() for v in frame[column]] == [r[column] or None for r in rows]
    for column in typed_fields(name, "boolean"):
        assert frame[column].dtype == pd.BooleanDtype(), column


def test_missing_counts_stay_missing_not_nan():
    frame = pd.read_parquet(PROCESSED / "event_mentions.parquet")
    deaths = frame["deaths_low"]
    assert deaths.isna().any() and deaths.notna().any()
    assert deaths.dtype != "float64"
    assert deaths.sum() == sum(int(r["deaths_low"]) for r in csv_rows("event_mentions") if r["deaths_low"])
    years = frame["date_start"].dt.year  # the documented date dtype supports the .dt accessor
    assert years.dropna().between(1900, 2100).all()


def test_pyarrow_backend_still_gives_arrow_types():
    frame = pd.read_parquet(PROCESSED / "membership_mentions.parquet", dtype_backend="pyarrow")
    assert frame["low"].dtype == pd.ArrowDtype(pa.int64())
    assert frame["date_start"].dtype == pd.ArrowDtype(pa.date32())
    assert frame["quote"].dtype == pd.ArrowDtype(pa.string()) or str(frame["quote"].dtype).startswith("string")


def test_pandas_metadata_is_deterministic_and_names_no_library_version():
    meta = pq.read_schema(PROCESSED / "events.parquet").metadata[b"pandas"]
    assert meta == arrow.pandas_metadata("events")
    parsed = json.loads(meta)
    assert "creator" not in parsed and "pandas_version" not in parsed
    assert parsed["index_columns"] == []
    assert [c["name"] for c in parsed["columns"]] == catalogue.field_names("events")


def test_pandas_metadata_on_a_crafted_table(tmp_path):
    """Null integers and dates in a table built here (not from the published files)."""
    table = arrow.records_to_table(
        [{"source_id": "zeta", "file": "zeta.txt", "title": "T", "sha256": "a" * 64, "bytes": 7}], "sources"
    )
    pq.write_table(table, tmp_path / "t.parquet")
    frame = pd.read_parquet(tmp_path / "t.parquet")
    assert frame["bytes"].dtype == pd.Int64Dtype() and frame["bytes"].tolist() == [7]
    assert frame["published"].isna().all()


def test_polars_reads_dates_and_nullable_integers():
    frame = pl.read_parquet(PROCESSED / "membership_mentions.parquet")
    assert frame.schema["date_start"] == pl.Date and frame.schema["low"] == pl.Int64
    assert frame.schema["date_inherited"] == pl.Boolean
    assert frame["high"].null_count() == sum(1 for r in csv_rows("membership_mentions") if not r["high"])


def test_duckdb_reads_dates_and_integers():
    path = (PROCESSED / "event_mentions.parquet").as_posix()
    relation = duckdb.sql(f"SELECT date_start, deaths_low, date_inherited FROM '{path}'")
    assert [str(t) for t in relation.types] == ["DATE", "BIGINT", "BOOLEAN"]
    first = duckdb.sql(f"SELECT min(date_start) FROM '{path}'").fetchall()[0][0]
    assert isinstance(first, dt.date)
