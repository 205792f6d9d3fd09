"""The pipeline end to end: the published package on the real sources, and the CLI on new texts."""

import csv
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
from frictionless import Package

from pipeline.package import catalogue
from pipeline.package.sources import read_texts
from pipeline.stages.extract import extract_texts, published_years

ROOT = Path(__file__).resolve().parents[1]
MENTIONS = ("event_mentions", "designation_mentions", "membership_mentions")


def read(name):
    with open(ROOT / "processed" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_published_package_validates():
    report = Package(str(ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_published_quote_is_its_span_of_the_raw_text():
    texts = read_texts(ROOT / "raw")
    for name in MENTIONS:
        rows = read(name)
        assert rows, name
        for r in rows:
            assert texts[r["source_id"]][int(r["char_start"]) : int(r["char_end"])] == r["quote"], r["mention_id"]


def test_keys_unique_and_every_mention_names_a_source():
    source_ids = {r["source_id"] for r in read("sources")}
    assert source_ids == {"cfr-2014", "explainer-mek", "news-paris-2018", "wikipedia-2021", "wikipedia-2023"}
    for name in MENTIONS:
        rows = read(name)
        ids = [r["mention_id"] for r in rows]
        assert len(ids) == len(set(ids)), name
        assert {r["source_id"] for r in rows} <= source_ids


def test_published_rows_are_what_the_extractor_gives_now():
    tables = extract_texts(read_texts(ROOT / "raw"), published_years(ROOT / "raw"))
    for name in MENTIONS:
        assert sorted(r["mention_id"] for r in tables[name]) == sorted(r["mention_id"] for r in read(name)), name


def test_parquet_columns_follow_the_schema():
    for name in ("sources", *MENTIONS):
        table = pq.read_table(ROOT / "processed" / f"{name}.parquet")
        assert table.schema.names == catalogue.field_names(name)
        assert table.num_rows == len(read(name))


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


def test_help_lists_every_command():
    out = run("--help").stdout
    for command in ("extract", "validate", "publish", "evaluate"):
        assert command in out


def test_extract_on_a_directory_of_new_texts(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "ltte-note.txt").write_text(
        "In 1992, India banned the LTTE as a terrorist organisation. About 8,000 fighters were based in Jaffna.",
        encoding="utf-8",
    )
    (texts / "other.txt").write_text(
        "On 5 May 2009 the army captured the last town of the Tigers.\n\nThe weather was calm that spring.\n\n"
        "In 2010 a bomb killed 4 people in Colombo.",
        encoding="utf-8")
    out = tmp_path / "out"
    done = run("extract", "--raw-dir", str(texts), "--out-dir", str(out), "--alias", "LTTE", "--alias", "Tigers")
    assert done.returncode == 0, done.stderr
    for name in MENTIONS:
        with open(out / f"{name}.csv", newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        assert reader.fieldnames == catalogue.field_names(name)
        assert {r["source_id"] for r in rows} <= {"ltte-note", "other"}
    designations = list(csv.DictReader(open(out / "designation_mentions.csv", encoding="utf-8")))
    assert [(r["source_id"], r["jurisdiction"], r["action"], r["date_start"]) for r in designations] == [
        ("ltte-note", "IN", "listed", "1992-01-01")]
    events = list(csv.DictReader(open(out / "event_mentions.csv", encoding="utf-8")))
    # The organisation named by --alias takes part in the capture, not in the later bombing.
    assert [(r["source_id"], r["date_start"], r["event_type"]) for r in events if r["source_id"] == "other"] == [
        ("other", "2009-05-05", "military_operation")]


def test_extract_names_a_bad_file_and_fails(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "latin.txt").write_bytes("Caf\xe9 in 1990".encode("latin-1"))
    done = run("extract", "--raw-dir", str(texts), "--out-dir", str(tmp_path / "out"))
    assert done.returncode != 0
    assert "latin.txt" in done.stderr and "UTF-8" in done.stderr
    assert "Traceback" not in done.stderr
