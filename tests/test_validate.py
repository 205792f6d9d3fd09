"""pipeline.stages.validate: schema checks (frictionless) and domain invariants, the report and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ALPHA, BETA, valid_tables

from pipeline.package import catalogue, checks
from pipeline.package.checks import ValidationError
from pipeline.package.validation import validate_dirs, validate_tables

TEXTS = {"alpha": ALPHA, "beta": BETA}


def run_cli(s, *extra):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "validate",
            "--raw-dir",
            str(s.raw),
            "--in-dir",
            str(s.extract),
            "--report",
            str(s.report),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_valid_tables_pass_in_memory_and_on_disk(synthetic):
    assert validate_tables(TEXTS, valid_tables()) == []
    errors, counts = validate_dirs(synthetic.raw, synthetic.extract)
    assert errors == []
    assert counts == {"sources": 2, "event_mentions": 2, "designation_mentions": 1, "membership_mentions": 2,
                      "events": 2, "designations": 1, "membership_estimates": 2, "conflicts": 0,
                      "designation_periods": 1}


def test_cli_valid_writes_deterministic_report(synthetic):
    result = run_cli(synthetic)
    assert result.returncode == 0, result.stderr
    first = synthetic.report.read_bytes()
    assert run_cli(synthetic).returncode == 0
    assert synthetic.report.read_bytes() == first
    report = json.loads(first)
    assert report["valid"] is True and report["errors"] == []
    assert report["counts"]["event_mentions"] == 2
    assert set(report["inputs"]) == set(catalogue.RESOURCES)
    assert first.endswith(b"\n") and json.dumps(report, indent=2, sort_keys=True) + "\n" == first.decode()


def broken_events():
    tables = valid_tables()
    good = dict(tables["event_mentions"][1])
    tables["event_mentions"] = [
        good,
        dict(good, mention_id="ev-00000000000000c1", char_start=good["char_start"] + 1),  # bad quote
        dict(good, mention_id="ev-00000000000000c2", event_type="bombing"),  # bad enum
        dict(good),  # duplicate mention_id
        dict(good, mention_id="ev-00000000000000c4", source_id="gamma"),  # unknown source
        dict(good, mention_id="ev-00000000000000c5", date_start="1965-09-06"),  # start > end
    ]
    return tables


@pytest.fixture
def broken(synthetic):
    synthetic.write_tables(broken_events())
    return synthetic


def test_broken_rows_each_give_an_error_naming_file_row_and_field(broken):
    errors, _ = validate_dirs(broken.raw, broken.extract)
    file = str(broken.extract / "event_mentions.csv")
    rows = {(e.row, e.field): e for e in errors}
    assert all(e.file == file for e in errors), errors
    # rows are sorted by the writer: find each broken row by its mention id
    lines = (broken.extract / "event_mentions.csv").read_text().split("\n")
    row_of = {line.split(",")[0]: n for n, line in enumerate(lines, start=1) if line}
    assert "quote" in rows[(row_of["ev-00000000000000c1"], "quote")].message
    assert "enum" in rows[(row_of["ev-00000000000000c2"], "event_type")].message
    dup_rows = [n for n, line in enumerate(lines, start=1) if line.startswith("ev-00000000000000a1")]
    assert "unique" in rows[(max(dup_rows), "mention_id")].message
    assert "gamma" in rows[(row_of["ev-00000000000000c4"], "source_id")].message
    assert "after date_end" in rows[(row_of["ev-00000000000000c5"], "date_end")].message
    assert len(errors) == 5, errors


def test_cli_exits_1_and_prints_one_line_per_error(broken):
    result = run_cli(broken)
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    assert lines[-1].startswith("error: validation failed: 5 error(s)")
    assert all(line.startswith(f"{broken.extract / 'event_mentions.csv'} row ") for line in lines[:-1])
    assert any(" field event_type: " in line for line in lines)
    assert "Traceback" not in result.stderr
    report = json.loads(broken.report.read_text())
    assert report["valid"] is False and len(report["errors"]) == 5
    assert set(report["errors"][0]) == {"file", "row", "field", "message"}


def test_cli_source_error_exits_1_without_traceback(synthetic):
    (synthetic.raw / "alpha.txt").write_text("changed")
    result = run_cli(synthetic)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "alpha.txt: size mismatch" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(synthetic.report.read_text())["valid"] is False


def test_missing_csv_and_wrong_header(synthetic):
    (synthetic.extract / "designation_mentions.csv").unlink()
    (synthetic.extract / "membership_mentions.csv").write_text("mention_id,quote\n")
    errors, _ = validate_dirs(synthetic.raw, synthetic.extract)
    messages = {e.file.rsplit("/", 1)[-1]: e.message for e in errors}
    assert messages["designation_mentions.csv"] == "file missing"
    assert "header" in messages["membership_mentions.csv"]


# --- domain invariants, in memory -----------------------------------------------------


def one(table: str, index: int = 0, **changes):
    tables = valid_tables()
    tables[table][index].update(changes)
    return validate_tables(TEXTS, tables)


def fields_of(errors: list[ValidationError]) -> set[str | None]:
    return {e.field for e in errors}


def test_unknown_key_is_an_error():
    errors = one("event_mentions", colour="red")
    assert [(e.file, e.row, e.field) for e in errors] == [("event_mentions", 2, "colour")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"char_end": 10_000}, "char_end"),
        ({"char_start": 40, "char_end": 40}, "char_end"),
        ({"quote": "The MEK"}, "quote"),
        ({"date_end": None}, "date_end"),
        ({"date_precision": None}, "date_precision"),
        ({"date_text": None}, "date_text"),
        ({"date_start": "1981-06-21"}, "date_end"),
        ({"date_precision": "month"}, "date_start"),
        ({"date_precision": "year", "date_start": "1981-01-01", "date_end": "1981-12-30"}, "date_end"),
        ({"deaths_low": 80}, "deaths_high"),
    ],
)
def test_event_invariants(changes, field):
    errors = one("event_mentions", **changes)
    assert field in fields_of(errors), errors
    assert all(e.file == "event_mentions" and e.row == 2 for e in errors)


def test_dates_may_all_be_empty_and_date_text_alone_is_fine():
    assert one("designation_mentions", date_text="that year") == []
    assert one("event_mentions", date_start=None, date_end=None, date_precision=None) == []


@pytest.mark.parametrize(
    ("precision", "start", "end", "ok"),
    [
        ("month", "1981-06-01", "1982-04-30", True),
        ("month", "1981-02-01", "1981-02-28", True),
        ("month", "1984-02-01", "1984-02-28", False),  # leap year
        ("year", "2014-01-01", "2016-12-31", True),
        ("decade", "1970-01-01", "1979-12-31", True),
        ("decade", "1971-01-01", "1979-12-31", False),
        ("decade", "1970-01-01", "1980-12-31", True),  # a range across decades keeps its written ends
        ("decade", "1970-01-01", "1978-12-31", False),
        ("month", "1981-08-26", "1982-12-31", True),
        ("month", "1981-08-26", "1981-08-31", False),
        ("day", "1981-06-24", "1981-06-27", True),
    ],
)
def test_precision_boundaries(precision, start, end, ok):
    errors = one("membership_mentions", 0, date_precision=precision, date_start=start, date_end=end)
    assert (errors == []) is ok, errors


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "ok"),
    [
        ("exact", 5, 5, True),
        ("exact", 5, 6, False),
        ("approximately", 3000, 3000, True),
        ("approximately", None, 3000, False),
        ("at_least", 2000, None, True),
        ("at_least", 2000, 2000, False),
        ("at_most", None, 3500, True),
        ("at_most", 3500, None, False),
        ("range", 5000, 13500, True),
        ("range", 5000, 5000, False),
        ("range", 13500, 5000, False),
        ("exact", None, None, False),
    ],
)
def test_membership_qualifier(qualifier, low, high, ok):
    errors = one("membership_mentions", 1, qualifier=qualifier, low=low, high=high)
    assert (errors == []) is ok, errors
    if not ok:
        assert fields_of(errors) <= {"qualifier", "high"}


def test_values_read_from_csv_as_text_are_checked_too():
    tables = {
        name: [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
        for name, rows in valid_tables().items()
    }
    assert validate_tables(TEXTS, tables) == []
    tables["membership_mentions"][1]["high"] = "2999"  # low 3000 > high 2999
    errors = validate_tables(TEXTS, tables)
    assert {(e.file, e.row, e.field) for e in errors} == {("membership_mentions", 3, "high")}


def test_error_string_format():
    error = ValidationError(
        "build/extract/event_mentions.csv", 12, "date_end", "date_start x is after date_end y"
    )
    assert (
        str(error)
        == "build/extract/event_mentions.csv row 12 field date_end: date_start x is after date_end y"
    )
    assert str(ValidationError("f.csv", None, None, "file missing")) == "f.csv: file missing"


def test_mention_resources_follow_the_schemas():
    assert checks.MENTION_RESOURCES == ("designation_mentions", "event_mentions", "membership_mentions")
