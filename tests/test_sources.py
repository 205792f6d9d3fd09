"""pipeline.package.sources: every way raw input can be wrong gives a SourceError naming the file and the problem."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import MANIFEST_HEADER, manifest_line

from pipeline.package.sources import SourceError, load_manifest, manifest_records, read_texts

REPO = Path(__file__).resolve().parents[1]


def edit_manifest(raw: Path, old: str, new: str) -> None:
    path = raw / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def relist(raw: Path, name: str) -> None:
    """Update the manifest's sha256 and bytes of raw/name to its current content."""
    data = (raw / name).read_bytes()
    path = raw / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if f",{name}," in line:
            lines[i] = re.sub(
                r",[0-9a-f]{64},[0-9]+$", f",{hashlib.sha256(data).hexdigest()},{len(data)}", line
            )
    path.write_text("\n".join(lines), encoding="utf-8")


def test_the_repository_raw_dir_is_valid():
    texts = read_texts(REPO / "raw")
    assert (
        list(texts)
        == sorted(texts)
        == ["cfr-2014", "explainer-mek", "news-paris-2018", "wikipedia-2021", "wikipedia-2023"]
    )
    assert all(texts.values())


def test_texts_are_returned_exactly_as_decoded(raw_copy):
    data = "line one\r\nline two\rline three\u00a0é\n".encode()
    (raw_copy / "cfr-2014.txt").write_bytes(data)
    relist(raw_copy, "cfr-2014.txt")
    assert read_texts(raw_copy)["cfr-2014"] == data.decode("utf-8")


def test_manifest_records_are_typed(raw_copy):
    records = {r["source_id"]: r for r in manifest_records(raw_copy)}
    assert records["cfr-2014"]["bytes"] == 13119
    assert records["cfr-2014"]["url"] is None  # empty → None
    assert records["cfr-2014"]["published"] == "2014-07-28"


def test_missing_file(raw_copy):
    (raw_copy / "cfr-2014.txt").unlink()
    with pytest.raises(SourceError, match=r"raw/cfr-2014\.txt: listed in manifest but missing"):
        read_texts(raw_copy)


def test_sha_mismatch(raw_copy):
    path = raw_copy / "cfr-2014.txt"
    data = bytearray(path.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    with pytest.raises(
        SourceError, match=r"raw/cfr-2014\.txt: sha256 mismatch: expected a049128f\w+ got [0-9a-f]{64}"
    ):
        read_texts(raw_copy)


def test_size_mismatch(raw_copy):
    with open(raw_copy / "cfr-2014.txt", "ab") as f:
        f.write(b"more")
    with pytest.raises(
        SourceError, match=r"raw/cfr-2014\.txt: size mismatch: expected 13119 bytes got 13123"
    ):
        read_texts(raw_copy)


def test_latin1_bytes_with_manifest(raw_copy):
    (raw_copy / "explainer-mek.txt").write_bytes("Caf\u00e9 du Mujahedin".encode("latin-1"))
    relist(raw_copy, "explainer-mek.txt")
    with pytest.raises(SourceError, match=r"raw/explainer-mek\.txt: not valid UTF-8 at byte 3"):
        read_texts(raw_copy)


def test_utf16_without_manifest(tmp_path):
    (tmp_path / "new-text.txt").write_bytes("The MEK was founded in 1965.".encode("utf-16"))
    with pytest.raises(SourceError, match=r"new-text\.txt: not valid UTF-8 at byte 0 .*UTF-16"):
        read_texts(tmp_path)


def test_empty_file(raw_copy):
    (raw_copy / "explainer-mek.txt").write_bytes(b"")
    with pytest.raises(SourceError, match=r"raw/explainer-mek\.txt: empty file"):
        read_texts(raw_copy)


def test_empty_file_without_manifest(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(SourceError, match=r"a\.txt: empty file"):
        read_texts(tmp_path)


def test_bom_is_an_error(raw_copy):
    path = raw_copy / "explainer-mek.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    relist(raw_copy, "explainer-mek.txt")
    with pytest.raises(SourceError, match=r"raw/explainer-mek\.txt: starts with a UTF-8 byte-order mark"):
        read_texts(raw_copy)


def test_text_not_in_manifest(raw_copy):
    (raw_copy / "stray.txt").write_text("The MEK was founded in 1965.")
    with pytest.raises(SourceError, match=r"raw/stray\.txt: not listed in .*raw/sources\.csv"):
        read_texts(raw_copy)


def test_without_manifest_ids_are_file_stems(tmp_path):
    (tmp_path / "b-text.txt").write_text("Second.")
    (tmp_path / "a-text.txt").write_text("First.\r\n")
    (tmp_path / "notes.md").write_text("ignored")
    assert read_texts(tmp_path) == {"a-text": "First.\r\n", "b-text": "Second."}


def test_without_manifest_bad_stem(tmp_path):
    (tmp_path / "My Text.txt").write_text("x")
    with pytest.raises(SourceError, match=r"My Text\.txt: file name does not give a valid source id"):
        read_texts(tmp_path)


def test_duplicate_ids(raw_copy):
    edit_manifest(raw_copy, "explainer-mek,explainer-mek.txt", "cfr-2014,explainer-mek.txt")
    with pytest.raises(
        SourceError, match=r"raw/sources\.csv row \d+ field source_id: duplicate id 'cfr-2014'"
    ):
        load_manifest(raw_copy)


@pytest.mark.parametrize("bad", ["../etc/passwd.txt", "/etc/passwd.txt", "sub/x.txt", "..", r"..\\x.txt"])
def test_path_escaping(raw_copy, bad):
    edit_manifest(raw_copy, "explainer-mek,explainer-mek.txt", f"explainer-mek,{bad}")
    with pytest.raises(SourceError, match=r"raw/sources\.csv row 3 field file: .*plain file name"):
        read_texts(raw_copy)


def test_missing_column(raw_copy):
    path = raw_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(",sha256", ",checksum")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"raw/sources\.csv row 1: missing column\(s\) sha256"):
        load_manifest(raw_copy)


@pytest.mark.parametrize(
    ("published", "precision", "problem"),
    [
        ("2014-02-30", "day", "field published: '2014-02-30' is not a real date"),
        ("2014-13", "month", "field published: '2014-13' is not a real date"),
        ("28/07/2014", "day", "field published: '28/07/2014' is not YYYY"),
        ("2014-07", "day", "field published_precision: 'day' does not agree with published '2014-07'"),
        ("", "day", "field published_precision: set to 'day' but published is empty"),
    ],
)
def test_bad_date(raw_copy, published, precision, problem):
    edit_manifest(raw_copy, ",2014-07-28,day,", f",{published},{precision},")
    with pytest.raises(SourceError, match=r"raw/sources\.csv row 6 " + re.escape(problem)):
        load_manifest(raw_copy)


def test_bad_sha_and_bytes(raw_copy):
    edit_manifest(raw_copy, "a049128ff67687c2", "A049128FF67687C2")
    with pytest.raises(SourceError, match=r"row 6 field sha256: .* not 64 lowercase hex digits"):
        load_manifest(raw_copy)


def test_bad_bytes(raw_copy):
    edit_manifest(raw_copy, ",13119", ",13k")
    with pytest.raises(
        SourceError, match=r"raw/sources\.csv row 6 field bytes: '13k' is not a positive integer"
    ):
        load_manifest(raw_copy)


def test_bad_source_id(raw_copy):
    edit_manifest(raw_copy, "cfr-2014,cfr-2014.txt", "CFR 2014,cfr-2014.txt")
    with pytest.raises(
        SourceError, match=r"raw/sources\.csv row 6 field source_id: 'CFR 2014' does not match"
    ):
        load_manifest(raw_copy)


# --- what spreadsheets do, white space, symbolic links (issue 12) ----------------------------------------


@pytest.mark.parametrize("tail", ["\n", "\n\n", "\r\n\r\n", "\n,,,,,,,,,,,\n", "\n \n\t\n"])
def test_trailing_blank_lines_are_accepted(raw_copy, tail):
    path = raw_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\r\n") + tail, encoding="utf-8")
    assert [r["source_id"] for r in load_manifest(raw_copy)] == [
        r["source_id"] for r in load_manifest(REPO / "raw")]
    assert len(read_texts(raw_copy)) == 5


def test_no_final_newline_is_accepted(raw_copy):
    path = raw_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\r\n"), encoding="utf-8")
    assert len(load_manifest(raw_copy)) == 5


def test_a_blank_line_between_rows_is_an_error_saying_so(raw_copy):
    path = raw_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines[:3], "", *lines[3:]]), encoding="utf-8")
    with pytest.raises(SourceError, match=r"sources\.csv row 4: blank line before row 5 \(only trailing blank"):
        load_manifest(raw_copy)


def crafted_raw(root: Path, row: str | None = None) -> Path:
    """root/raw with one text and a manifest listing it (its row replaced by ``row`` when given)."""
    raw = root / "raw"
    raw.mkdir()
    data = b"The club was founded in 1965.\n"
    (raw / "club.txt").write_bytes(data)
    (raw / "sources.csv").write_text(f"{MANIFEST_HEADER}\n{row or manifest_line('club', data)}\n", encoding="utf-8")
    return raw


def test_a_row_with_too_many_cells_says_what_is_wrong(tmp_path):
    data = b"The club was founded in 1965.\n"
    row = manifest_line("club", data, title="Clubs, a history").replace('"Clubs, a history"', "Clubs, a history")
    with pytest.raises(SourceError, match=r"row 2: 14 cells, expected 13: 1 more than the header \(.*left over; "
                                          r"a cell holding a comma must be quoted"):
        load_manifest(crafted_raw(tmp_path, row))


def test_a_row_with_too_few_cells_names_the_missing_columns(tmp_path):
    row = ",".join(manifest_line("club", b"x", note="synthetic").split(",")[:10])
    with pytest.raises(SourceError,
                       match=r"row 2: 10 cells, expected 13: no value for organisation, sha256, bytes \(a missing"):
        load_manifest(crafted_raw(tmp_path, row))


def test_an_unclosed_quote_is_explained(tmp_path):
    row = manifest_line("club", b"x", title='"A title never closed', note="synthetic")
    with pytest.raises(SourceError, match=r"row 2: .*\(a quoted cell is never closed"):
        load_manifest(crafted_raw(tmp_path, row))


def test_a_crafted_manifest_reads(tmp_path):
    assert [r["source_id"] for r in load_manifest(crafted_raw(tmp_path))] == ["club"]


@pytest.mark.parametrize("blank", [b" ", b"\n\n", b" \t\r\n", "\u00a0\u2003\n".encode()])
def test_a_text_of_only_white_space_is_refused_like_an_empty_one(raw_copy, tmp_path, blank):
    (raw_copy / "cfr-2014.txt").write_bytes(blank)
    relist(raw_copy, "cfr-2014.txt")
    with pytest.raises(SourceError, match=r"cfr-2014\.txt: only white space \(\d+ bytes\): an empty text"):
        read_texts(raw_copy)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_bytes(blank)
    with pytest.raises(SourceError, match=r"a\.txt: only white space"):
        read_texts(tmp_path / "new")


def test_a_symbolic_link_in_a_manifest_directory_is_refused(raw_copy, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((raw_copy / "cfr-2014.txt").read_bytes())
    (raw_copy / "cfr-2014.txt").unlink()
    (raw_copy / "cfr-2014.txt").symlink_to(outside)  # same bytes, same checksum: still refused
    with pytest.raises(SourceError, match=r"cfr-2014\.txt: a symbolic link \(to .*elsewhere\.txt\); a directory "
                                          r"with sources\.csv must hold the files themselves"):
        read_texts(raw_copy)


def test_a_symbolic_link_to_a_manifest_is_refused(raw_copy, tmp_path):
    moved = tmp_path / "manifest.csv"
    (raw_copy / "sources.csv").rename(moved)
    (raw_copy / "sources.csv").symlink_to(moved)
    with pytest.raises(SourceError, match=r"sources\.csv: a symbolic link"):
        load_manifest(raw_copy)


def test_without_manifest_links_are_followed_only_inside_the_directory(tmp_path):
    new, outside = tmp_path / "new", tmp_path / "outside"
    new.mkdir()
    outside.mkdir()
    (new / "a.txt").write_text("The club was founded in 1965.", encoding="utf-8")
    (new / "copy.txt").symlink_to(new / "a.txt")  # inside: followed
    assert read_texts(new) == {"a": "The club was founded in 1965.", "copy": "The club was founded in 1965."}
    (outside / "secret.txt").write_text("Not for the pipeline.", encoding="utf-8")
    (new / "leak.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(SourceError, match=r"leak\.txt: a symbolic link to .*secret\.txt, outside .*new; only links "
                                          r"inside the directory are followed"):
        read_texts(new)
    (new / "leak.txt").unlink()
    (new / "dangling.txt").symlink_to(new / "gone.txt")
    with pytest.raises(SourceError, match=r"dangling\.txt: a symbolic link to .*gone\.txt, which is not a file"):
        read_texts(new)
