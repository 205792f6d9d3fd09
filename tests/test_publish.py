"""pipeline.stages.publish: deterministic CSV + Parquet + datapackage.json, refused unless validated."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import valid_tables

from pipeline.__main__ import main as cli_main
from pipeline.core import jsonio
from pipeline.package import arrow, catalogue, checks, datapackage, parquet
from pipeline.stages import publish, validate

REPO = Path(__file__).resolve().parents[1]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def argv(s, stage: str) -> list[str]:
    common = {
        "validate": ["--raw-dir", s.raw, "--in-dir", s.extract, "--report", s.report],
        "publish": [
            "--raw-dir",
            s.raw,
            "--in-dir",
            s.extract,
            "--report",
            s.report,
            "--out-dir",
            s.processed,
            "--package",
            s.package,
        ],
    }[stage]
    return [stage, *map(str, common)]


def run(s, stage: str) -> subprocess.CompletedProcess:
    """Run a stage as a user would: a new interpreter, exit status and stderr."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run(  # this checkout's pipeline, not an installed copy
        [sys.executable, "-m", "pipeline", *argv(s, stage)],
        capture_output=True,
        text=True,
        check=False,
        cwd=s.root,
        env=env,
    )


def run_here(s, stage: str) -> int:
    """Run a stage through the same CLI entry point, in this process (faster)."""
    return cli_main(argv(s, stage))


def outputs(s) -> dict[str, bytes]:
    files = sorted(s.processed.iterdir()) + [s.package]
    return {p.name: p.read_bytes() for p in files}


@pytest.fixture
def published(synthetic):
    assert run_here(synthetic, "validate") == 0
    assert run_here(synthetic, "publish") == 0
    return synthetic


def test_outputs_and_byte_identical_rerun(published):
    first = outputs(published)
    expected = {f"{name}.{ext}" for name in catalogue.RESOURCES for ext in ("csv", "parquet")} | {
        "datapackage.json", "mek-events.sqlite"
    }
    assert set(first) == expected  # and no staging leftovers
    assert run(published, "publish").returncode == 0  # a fresh interpreter too
    assert outputs(published) == first


def test_parquet_types_nulls_and_descriptions(published):
    table = pq.read_table(published.processed / "membership_mentions.parquet")
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("low").type == pa.int64()
    assert table.schema.field("quote").type == pa.string()
    assert table.schema.equals(parquet.parquet_schema("membership_mentions"), check_metadata=True)
    assert table.schema.metadata[b"version"] == datapackage.load_metadata()["version"].encode()
    rows = table.to_pylist()
    assert [r["source_id"] for r in rows] == ["alpha", "beta"]  # sorted like the CSV
    assert rows[1]["high"] is None and rows[1]["low"] == 10000
    assert rows[1]["estimator"] is None
    assert rows[0]["date_end"] == dt.date(2016, 12, 31)
    # descriptions survive in the file's stored schema
    file_schema = pq.read_schema(published.processed / "membership_mentions.parquet")
    assert file_schema.field("low").metadata[b"description"].startswith(b"Lower bound")
    assert file_schema.metadata[b"pandas"] == arrow.pandas_metadata("membership_mentions")
    meta = pq.ParquetFile(published.processed / "membership_mentions.parquet").metadata
    assert meta.row_group(0).column(2).statistics is not None


def test_parquet_and_csv_hold_the_same_rows(published):
    for name in catalogue.RESOURCES:
        from_csv = arrow.read_csv_typed(name, published.processed / f"{name}.csv")
        assert pq.read_table(published.processed / f"{name}.parquet").equals(from_csv)


def test_datapackage_hashes_bytes_and_metadata(published):
    package = json.loads(published.package.read_text())
    assert published.package.read_text().endswith("}\n")
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "mek-events" and package["version"] == datapackage.load_metadata()["version"]
    assert {lic["name"] for lic in package["licenses"]} == {"CC-BY-SA-4.0"}
    assert [s["title"] for s in package["sources"]] == ["Title of alpha", "Title of beta"]
    assert package["sources"][0]["path"] == "https://example.org/alpha"
    assert [r["name"] for r in package["resources"]] == list(catalogue.RESOURCES)
    for resource in package["resources"]:
        assert resource["schema"] == catalogue.table_schema(resource["name"])
        for entry in (resource, resource["x-parquet"]):
            data = (published.root / entry["path"]).read_bytes()
            assert entry["bytes"] == len(data)
            assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["path"] == f"processed/{resource['name']}.csv"
        assert resource["x-parquet"]["path"] == f"processed/{resource['name']}.parquet"


def test_frictionless_cli_validates_the_package(published):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        capture_output=True,
        text=True,
        cwd=published.root,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["valid"] is True


def test_frictionless_cli_detects_a_tampered_csv(published):
    path = published.processed / "event_mentions.csv"
    path.write_bytes(path.read_bytes().replace(b"Tehran", "Tehr\u00e2n".encode()))
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        capture_output=True,
        text=True,
        cwd=published.root,
        check=False,
    )
    assert result.returncode == 1
    types = {e["type"] for task in json.loads(result.stdout)["tasks"] for e in task["errors"]}
    assert {"hash-count", "byte-count"} <= types


def test_invalid_report_refuses_and_leaves_processed_untouched(published):
    before = outputs(published)
    bad = dict(valid_tables()["event_mentions"][0], event_type="bombing")
    published.write_tables({"event_mentions": [bad]})
    assert run_here(published, "validate") == 1
    result = run(published, "publish")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "invalid" in result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(published) == before


def test_inputs_changed_since_validation_refuses(published):
    before = outputs(published)
    path = published.extract / "designation_mentions.csv"
    path.write_text(path.read_text().split("\n")[0] + "\n")  # valid, but not what was validated
    result = run(published, "publish")
    assert result.returncode == 1
    assert "inputs changed since validation (designation_mentions)" in result.stderr
    assert outputs(published) == before


def test_missing_report_refuses(synthetic):
    result = run(synthetic, "publish")
    assert result.returncode == 1 and "validation report missing" in result.stderr
    assert not synthetic.processed.exists() or not any(synthetic.processed.iterdir())
    assert not synthetic.package.exists()


def test_failure_while_staging_leaves_no_partial_files(published, monkeypatch):
    before = outputs(published)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(parquet, "write_parquet", boom)
    with pytest.raises(OSError, match="disk full"):
        publish.publish(
            published.raw, published.extract, published.report, published.processed, published.package
        )
    assert outputs(published) == before  # no staging dir, no temp files, nothing replaced


def test_version_has_one_source_and_pyproject_agrees():
    metadata = datapackage.load_metadata()
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert metadata["version"] == pyproject["project"]["version"]
    assert metadata["name"] == pyproject["project"]["name"]


def test_report_is_deterministic_json(tmp_path):
    errors = [
        checks.ValidationError("b.csv", 3, "quote", "x"),
        checks.ValidationError("a.csv", None, None, "y"),
    ]
    report = validate.build_report(errors, {"z": 1, "a": 2}, {"a": None})
    jsonio.write_json(report, tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text()
    assert text == json.dumps(report, indent=2, sort_keys=True) + "\n"
    assert [e["file"] for e in report["errors"]] == ["a.csv", "b.csv"]
