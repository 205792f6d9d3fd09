"""The README's *Loading the data* examples, executed as written (they cannot drift from the code)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pytest

from pipeline.package import catalogue

ROOT = Path(__file__).resolve().parents[1]


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", readme_section("Loading the data"), flags=re.S)


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "processed" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def namespaces() -> dict[str, dict]:
    """Run each python block of the section from the repository root; namespaces by library."""
    blocks = code_blocks("python")
    assert len(blocks) == 3, "expected the pandas, polars and pipeline.package.load examples"
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for block in blocks:
            ns: dict = {}
            exec(compile(block, "README.md", "exec"), ns)  # noqa: S102 - the README's own example
            key = "polars" if "pl" in ns else "load" if "load" in ns else "pandas"
            assert key not in out, f"two {key} examples"
            out[key] = ns
    return out


def test_pandas_example_keeps_dates_and_nullable_integers(namespaces):
    import pandas as pd

    assert 'read_parquet("processed/event_mentions.parquet")' in code_blocks("python")[0]  # no options
    events = namespaces["pandas"]["events"]
    assert len(events) == len(csv_rows("event_mentions"))
    assert events["date_start"].dtype.pyarrow_dtype == pa.date32()  # as the README says
    assert events["deaths_low"].dtype == pd.Int64Dtype()
    assert events["deaths_low"].isna().any()  # missing stays missing, not NaN in a float column
    assert events["date_start"].dt.year.dropna().min() >= 1900
    per_type = namespaces["pandas"]["per_type"]
    assert per_type.sum() == len(events) and per_type.is_monotonic_decreasing


def test_polars_example_counts_attacks_per_year(namespaces):
    events, per_year = namespaces["polars"]["events"], namespaces["polars"]["attacks_per_year"]
    assert events.schema["date_start"] == pl.Date and events.schema["deaths_low"] == pl.Int64
    attacks = [r for r in csv_rows("event_mentions") if r["event_type"] == "attack"]
    assert per_year["len"].sum() == len(attacks)
    assert per_year["year"].to_list() == sorted({int(r["date_start"][:4]) if r["date_start"] else None
                                                  for r in attacks}, key=lambda y: (y is not None, y))


def test_duckdb_sql_joins_mentions_to_sources(monkeypatch):
    (query,) = code_blocks("sql")
    monkeypatch.chdir(ROOT)
    relation = duckdb.sql(query)
    columns, result = relation.columns, relation.fetchall()
    attacks = [r for r in csv_rows("event_mentions") if r["event_type"] == "attack"]
    titles = {r["source_id"]: r["title"] for r in csv_rows("sources")}
    assert columns == ["date_start", "event_type", "title", "publisher", "quote"]
    assert len(result) == len(attacks)  # every mention found its source
    assert sorted(row[4] for row in result) == sorted(r["quote"] for r in attacks)
    assert {row[2] for row in result} <= set(titles.values())
    dates = [row[0] for row in result if row[0] is not None]
    assert dates == sorted(dates)


def test_load_helper_example_reads_verified_files(namespaces):
    ns = namespaces["load"]
    events = ns["events"]
    assert list(events.columns) == catalogue.field_names("event_mentions")
    assert len(events) == len(csv_rows("event_mentions"))
    assert events["date_start"].dtype.pyarrow_dtype == pa.date32()
    committed = subprocess.run(
        ["git", "-C", str(ROOT), "show", "HEAD:./processed/sources.csv"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert len(ns["sources_at_head"]) == len(list(csv.DictReader(io.StringIO(committed))))
