"""pipeline.commands.add_source: one command adds a text to raw/ and its manifest row; bad input changes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from pipeline.__main__ import main as cli_main
from pipeline.commands import add_source
from pipeline.package import arrow, sources

# Crafted for this test (not from any source): a rally and a designation with dates.
NEW_TEXT = (
    "Supporters of the MEK held a rally in Geneva on 14 March 2019, the organisers said.\n"
    "On 2 February 2020 the group announced a new office in Vienna.\n"
)
OPTIONS = ["--title", "A crafted note", "--publisher", "Example Press", "--url", "https://example.org/note",
           "--published", "2020-03", "--license", "CC-BY-4.0"]


def snapshot(raw: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(raw.iterdir())}


def manifest_rows(raw: Path) -> list[dict[str, str]]:
    with open(raw / "sources.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def new_file(tmp_path) -> Path:
    path = tmp_path / "incoming" / "crafted-note-2020.txt"
    path.parent.mkdir()
    path.write_bytes(NEW_TEXT.encode("utf-8"))
    return path


def add(raw: Path, file: Path, *extra: str) -> int:
    return cli_main(["add-source", str(file), *OPTIONS, "--raw-dir", str(raw), *extra])


def test_adds_the_file_and_a_manifest_row_with_checksum(raw_copy, new_file):
    before = manifest_rows(raw_copy)
    old_bytes = (raw_copy / "sources.csv").read_bytes()
    assert add(raw_copy, new_file, "--author", "A. Writer") == 0
    rows = manifest_rows(raw_copy)
    assert rows[:-1] == before  # appended: earlier rows untouched
    assert (raw_copy / "sources.csv").read_bytes().startswith(old_bytes)
    data = NEW_TEXT.encode("utf-8")
    assert rows[-1] == {
        "source_id": "crafted-note-2020", "file": "crafted-note-2020.txt", "title": "A crafted note",
        "publisher": "Example Press", "author": "A. Writer", "license": "CC-BY-4.0", "published": "2020-03",
        "published_precision": "month", "url": "https://example.org/note", "note": "",
        "sha256": hashlib.sha256(data).hexdigest(), "bytes": str(len(data)), "organisation": "",
    }
    assert (raw_copy / "crafted-note-2020.txt").read_bytes() == data
    assert sources.read_texts(raw_copy)["crafted-note-2020"] == NEW_TEXT
    assert not [p for p in raw_copy.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_the_added_text_is_extracted_and_published(raw_copy, new_file, tmp_path):
    assert add(raw_copy, new_file) == 0
    build, processed = tmp_path / "build", tmp_path / "processed"
    assert cli_main(["extract", "--raw-dir", str(raw_copy), "--out-dir", str(build / "extract")]) == 0
    assert cli_main(["reconcile", "--raw-dir", str(raw_copy), "--in-dir", str(build / "extract"),
                     "--out-dir", str(build / "reconcile")]) == 0
    report = build / "report.json"
    assert cli_main(["validate", "--raw-dir", str(raw_copy), "--in-dir", str(build / "reconcile"),
                     "--report", str(report)]) == 0
    assert cli_main(["publish", "--raw-dir", str(raw_copy), "--in-dir", str(build / "reconcile"),
                     "--report", str(report), "--out-dir", str(processed),
                     "--package", str(tmp_path / "datapackage.json")]) == 0
    published = {r["source_id"]: r for r in arrow.read_csv_typed("sources", processed / "sources.csv").to_pylist()}
    assert published["crafted-note-2020"]["bytes"] == len(NEW_TEXT.encode("utf-8"))
    events = arrow.read_csv_typed("event_mentions", processed / "event_mentions.csv").to_pylist()
    mine = [e for e in events if e["source_id"] == "crafted-note-2020"]
    assert mine, "the crafted text's dated rally gives at least one event row"
    for row in mine:
        assert NEW_TEXT[row["char_start"]:row["char_end"]] == row["quote"]
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert any(i.get("source_id") == "crafted-note-2020" for i in package["x-raw-inputs"])


def expected_message(raw: Path, manifest_text: str) -> str:
    """What the pipeline's own manifest check says about a manifest written by hand."""
    (raw / "sources.csv").write_text(manifest_text, encoding="utf-8")
    with pytest.raises(sources.SourceError) as info:
        sources.load_manifest(raw)
    return str(info.value)


def test_a_duplicate_is_refused_with_the_pipelines_message(raw_copy, new_file, tmp_path, capsys):
    assert add(raw_copy, new_file) == 0
    before = snapshot(raw_copy)
    other = tmp_path / "crafted-note-2020.txt"  # same stem, other content: duplicate id
    other.write_text("Another crafted text about the MEK in 2021.\n", encoding="utf-8")
    capsys.readouterr()
    assert add(raw_copy, other) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert snapshot(raw_copy) == before  # nothing changed
    # the message is the one the pipeline gives for the same manifest written by hand
    manifest = (raw_copy / "sources.csv").read_text(encoding="utf-8")
    row = manifest.splitlines()[-1]
    copy = tmp_path / "hand"
    copy.mkdir()
    assert err == f"error: {expected_message(copy, manifest + row + chr(10))}\n".replace(str(copy), str(raw_copy))
    assert "duplicate id 'crafted-note-2020'" in err


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbfThe MEK in 1999.\n", "starts with a UTF-8 byte-order mark"),
        ("The MEK in 1999.\n".encode("utf-16"), "not valid UTF-8 at byte"),
        (b"The MEK\x00 in 1999.\n", "NUL byte at byte 7"),
        (b"The MEK in 1999 \xff.\n", "not valid UTF-8 at byte 16"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(raw_copy, tmp_path, capsys, data, problem):
    bad = tmp_path / "bad-text.txt"
    bad.write_bytes(data)
    before = snapshot(raw_copy)
    assert add(raw_copy, bad) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}: {problem}") and err.count("\n") == 1, err
    assert snapshot(raw_copy) == before
    if data:  # the same message as the pipeline reading that file from a raw directory
        alone = tmp_path / "alone"
        alone.mkdir()
        (alone / bad.name).write_bytes(data)
        with pytest.raises(sources.SourceError) as info:
            sources.read_texts(alone)
        assert err == f"error: {info.value}\n".replace(str(alone / bad.name), str(bad))


@pytest.mark.parametrize(
    "option, value, problem",
    [
        ("--published", "2020-02-30", "field published: '2020-02-30' is not a real date"),
        ("--published", "March 2020", "field published: 'March 2020' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("--title", "", "field title: required value is empty"),
        ("--source-id", "Crafted_Note", "field source_id: 'Crafted_Note' does not match"),
        ("--title", "two\nlines", "--title must be one line"),
    ],
)
def test_bad_metadata_is_refused(raw_copy, new_file, capsys, option, value, problem):
    before = snapshot(raw_copy)
    assert add(raw_copy, new_file, option, value) == 1
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1, err
    if "field" in problem:
        assert err.startswith(f"error: {raw_copy / 'sources.csv'} row 7 field ")
    assert snapshot(raw_copy) == before


def test_an_invalid_raw_directory_is_refused_first(raw_copy, new_file, capsys):
    (raw_copy / "stray.txt").write_text("not listed\n", encoding="utf-8")
    before = snapshot(raw_copy)
    assert add(raw_copy, new_file) == 1
    assert capsys.readouterr().err == f"error: {raw_copy / 'stray.txt'}: not listed in {raw_copy / 'sources.csv'}\n"
    assert snapshot(raw_copy) == before


@pytest.mark.parametrize("ending", [b"\r\n", b"\n"])
def test_the_manifest_keeps_its_line_endings(raw_copy, new_file, ending):
    path = raw_copy / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", ending))
    assert add(raw_copy, new_file) == 0
    data = path.read_bytes()
    assert data.endswith(ending) and data.count(ending) == data.count(b"\n") == 7
    assert sources.load_manifest(raw_copy)[-1]["source_id"] == "crafted-note-2020"


def test_a_cell_with_a_comma_or_quote_is_quoted(raw_copy, new_file):
    assert add(raw_copy, new_file, "--note", 'inferred from "the organisers", and a dateline') == 0
    row = sources.load_manifest(raw_copy)[-1]
    assert row["note"] == 'inferred from "the organisers", and a dateline'
    assert next(csv.reader(io.StringIO((raw_copy / "sources.csv").read_text().splitlines()[-1])))[9] == row["note"]


def test_organisation_is_written_when_it_names_a_profile(raw_copy, new_file, capsys):
    assert add(raw_copy, new_file, "--organisation", "Example Foundation") == 1
    assert "no such organisation profile" in capsys.readouterr().err
    assert manifest_rows(raw_copy)[-1]["source_id"] != "crafted-note-2020"  # nothing added
    assert add(raw_copy, new_file, "--organisation", "hezbollah") == 0
    assert manifest_rows(raw_copy)[-1]["organisation"] == "hezbollah"
    assert add_source.ORGANISATION == "organisation"
