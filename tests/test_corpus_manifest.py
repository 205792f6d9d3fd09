"""The optional manifest column `organisation`, and the development corpus's manifest."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.package.sources import SourceError, load_manifest, manifest_records, organisations, read_texts

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
HEADER = "source_id,file,title,publisher,author,license,published,published_precision,url,note,sha256,bytes"


def write_raw(tmp_path: Path, header: str, cells: list[list[str]]) -> Path:
    """A raw dir with one text per row of cells (the sha256 and bytes columns are appended)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = [header]
    file_cell = header.split(",").index("file")
    for n, row in enumerate(cells):
        data = f"Text number {n}: the group was founded in 1990.\n".encode()
        (raw / row[file_cell]).write_bytes(data)
        lines.append(",".join([*row, hashlib.sha256(data).hexdigest(), str(len(data))]))
    (raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def test_a_manifest_without_the_column_reads_as_the_default(tmp_path):
    raw = write_raw(tmp_path, HEADER, [["one", "one.txt", "T", "", "", "", "", "", "", ""]])
    assert load_manifest(raw)[0]["organisation"] == ""
    assert manifest_records(raw)[0]["organisation"] is None
    assert organisations(raw) == {"one": "mek"}


def test_the_column_may_stand_anywhere_and_empty_cells_are_the_default(tmp_path):
    header = "organisation," + HEADER
    raw = write_raw(tmp_path, header, [
        ["hezbollah", "one", "one.txt", "T", "", "", "", "", "", "", ""],
        ["", "two", "two.txt", "T", "", "", "", "", "", "", ""],
    ])
    assert organisations(raw) == {"one": "hezbollah", "two": "mek"}
    assert set(read_texts(raw)) == {"one", "two"}


@pytest.mark.parametrize("bad", ["Hezbollah", "al qaeda", "x/y"])
def test_a_bad_organisation_id_names_the_row_and_field(tmp_path, bad):
    header = HEADER.replace(",note,", ",note,organisation,")
    raw = write_raw(tmp_path, header, [["one", "one.txt", "T", "", "", "", "", "", "", "", bad]])
    with pytest.raises(SourceError, match=r"sources\.csv row 2 field organisation: .* does not match"):
        load_manifest(raw)


def test_the_project_manifest_says_mek_for_every_source():
    assert set(organisations(ROOT / "raw").values()) == {"mek"}


def _make_manifest():
    spec = importlib.util.spec_from_file_location("make_manifest", CORPUS / "make_manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_manifest_is_what_the_script_writes_and_checks():
    module = _make_manifest()
    assert (CORPUS / "texts" / "sources.csv").read_text(encoding="utf-8") == module.manifest_text()
    assert module.main(["--check"]) == 0
    texts = read_texts(CORPUS / "texts")  # sizes and checksums agree with the texts
    meta = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    assert sorted(texts) == sorted(e["id"] for e in meta)
    rows = {r["source_id"]: r for r in load_manifest(CORPUS / "texts")}
    for e in meta:
        assert rows[e["id"]]["note"] == e["kind"]
        assert organisations(CORPUS / "texts")[e["id"]] == e["organisation"]
        assert rows[e["id"]]["published"] == (e["published"] or "")


@pytest.mark.skipif(not SHARED.exists(), reason="shared corpus not beside the project")
def test_the_corpus_is_the_shared_corpus_byte_for_byte():
    for name in ("gold.jsonl", "sources.json"):
        assert (CORPUS / name).read_bytes() == (SHARED / name).read_bytes(), name
    shared = sorted(p.name for p in (SHARED / "texts").glob("*.txt"))
    assert sorted(p.name for p in (CORPUS / "texts").glob("*.txt")) == shared
    for name in shared:
        assert (CORPUS / "texts" / name).read_bytes() == (SHARED / "texts" / name).read_bytes(), name
