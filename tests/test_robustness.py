"""Robustness (issue #6): bad inputs fail clearly, nothing is lost, publishing is atomic, the build is
deterministic in any environment, and fuzzed inputs never crash the extractors or the manifest reader.

Message-level checks of pipeline.package.sources are in test_sources.py; here the same bad inputs go through the
command line (exit status, one ``error:`` line naming the file, earlier outputs untouched), plus the
inputs test_sources.py does not cover.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import MANIFEST_HEADER, manifest_line, valid_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.__main__ import main as cli_main
from pipeline.core import journal as publication_journal
from pipeline.extractors import TABLES, extract_candidates
from pipeline.package import arrow, catalogue, checks, sources
from pipeline.package import rejects as reject_files
from pipeline.stages import extract, publish

REPO = Path(__file__).resolve().parents[1]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


# --- helpers ---------------------------------------------------------------------------------------


def this_code(env: dict | None = None) -> dict:
    """The environment with this checkout's ``pipeline`` first on the path (a child whose working
    directory is a scratch project would otherwise import the installed copy)."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run_cli(*args: object, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` in a new interpreter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True, text=True, check=False, cwd=cwd, env=this_code(env), timeout=900,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (relative path → bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def copy_raw(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for path in (REPO / "raw").iterdir():
        shutil.copyfile(path, dest / path.name)
    return dest


def set_text(raw: Path, name: str, data: bytes, relist: bool = True) -> None:
    """Write raw/name; with relist, update its sha256 and bytes in the manifest so only the content is bad."""
    (raw / name).write_bytes(data)
    if relist:
        manifest = raw / "sources.csv"
        lines = manifest.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if f",{name}," in line:
                lines[i] = re.sub(r",[0-9a-f]{64},[0-9]+$", f",{hashlib.sha256(data).hexdigest()},{len(data)}", line)
        manifest.write_text("\n".join(lines), encoding="utf-8")


def edit_manifest(raw: Path, old: str, new: str) -> None:
    path = raw / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_project(root: Path, texts: dict[str, str | bytes]) -> Path:
    """root/raw with the texts and a manifest listing them; returns the raw dir."""
    raw = root / "raw"
    raw.mkdir(parents=True)
    lines = [MANIFEST_HEADER]
    for sid, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (raw / f"{sid}.txt").write_bytes(data)
        lines.append(manifest_line(sid, data))
    (raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def stage_args(root: Path | None = None) -> list[list[str]]:
    """The four build stages of dvc.yaml (extract, reconcile, validate, publish); paths relative to the
    project root, or absolute under ``root``."""
    def p(rel: str) -> str:
        return str(root / rel) if root is not None else rel

    return [
        ["extract", "--raw-dir", p("raw"), "--out-dir", p("build/extract")],
        ["reconcile", "--raw-dir", p("raw"), "--in-dir", p("build/extract"), "--out-dir", p("build/reconcile")],
        ["validate", "--raw-dir", p("raw"), "--in-dir", p("build/reconcile"),
         "--report", p("build/validate/report.json")],
        ["publish", "--raw-dir", p("raw"), "--in-dir", p("build/reconcile"),
         "--report", p("build/validate/report.json"), "--out-dir", p("processed"),
         "--package", p("datapackage.json")],
    ]


def build_here(root: Path, stages: int = 4) -> None:
    """Run the first ``stages`` build stages in this process (cwd = root, relative paths)."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for args in stage_args()[:stages]:
            assert cli_main(["--quiet", *args]) == 0, args
    finally:
        os.chdir(cwd)


def package_files(root: Path) -> dict[str, bytes]:
    """The published package: processed/* (hidden leftovers included) and datapackage.json."""
    out = {f"processed/{k}": v for k, v in snapshot(root / "processed").items()}
    if (root / "datapackage.json").exists():
        out["datapackage.json"] = (root / "datapackage.json").read_bytes()
    return out


# --- 1. bad inputs: clear error naming the file, exit 1, earlier outputs untouched --------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

BAD_INPUTS = {
    # name: (how to break a copy of raw/, what the one error line must say)
    "empty file": (
        lambda raw: set_text(raw, "explainer-mek.txt", b"", relist=False),
        r"raw/explainer-mek\.txt: empty file$",
    ),
    "Latin-1": (
        lambda raw: set_text(raw, "explainer-mek.txt", "Caf\u00e9 in 1990".encode("latin-1")),
        r"raw/explainer-mek\.txt: not valid UTF-8 at byte 3$",
    ),
    "UTF-16 with BOM": (
        lambda raw: set_text(raw, "explainer-mek.txt", "The MEK, 1965.".encode("utf-16")),
        r"raw/explainer-mek\.txt: not valid UTF-8 at byte 0 \(starts with a UTF-16 byte-order mark: "
        r"re-encode the file as UTF-8\)$",
    ),
    "UTF-16 without BOM": (
        lambda raw: set_text(raw, "explainer-mek.txt", "The MEK, 1965.".encode("utf-16-le")),
        r"raw/explainer-mek\.txt: NUL byte at byte 1: a binary file or UTF-16 without a byte-order mark",
    ),
    "binary (PNG)": (
        lambda raw: set_text(raw, "explainer-mek.txt", PNG),
        r"raw/explainer-mek\.txt: not valid UTF-8 at byte 0$",
    ),
    "binary that is valid UTF-8": (
        lambda raw: set_text(raw, "explainer-mek.txt", b"MEK\x00\x01\x02 founded 1965"),
        r"raw/explainer-mek\.txt: NUL byte at byte 3",
    ),
    "UTF-8 byte-order mark": (
        lambda raw: set_text(raw, "explainer-mek.txt", b"\xef\xbb\xbf" + (raw / "explainer-mek.txt").read_bytes()),
        r"raw/explainer-mek\.txt: starts with a UTF-8 byte-order mark",
    ),
    "manifest row whose file is missing": (
        lambda raw: (raw / "cfr-2014.txt").unlink(),
        r"raw/cfr-2014\.txt: listed in manifest but missing$",
    ),
    "raw file not in the manifest": (
        lambda raw: (raw / "stray.txt").write_text("The MEK was founded in 1965.", encoding="utf-8"),
        r"raw/stray\.txt: not listed in \S*raw/sources\.csv$",
    ),
    "sha256 mismatch": (
        lambda raw: (raw / "cfr-2014.txt").write_bytes((raw / "cfr-2014.txt").read_bytes().replace(b"MEK", b"MKO", 1)),
        r"raw/cfr-2014\.txt: sha256 mismatch: expected a049128f[0-9a-f]{56} got [0-9a-f]{64}$",
    ),
    "duplicate source ids": (
        lambda raw: edit_manifest(raw, "explainer-mek,explainer-mek.txt", "cfr-2014,explainer-mek.txt"),
        r"raw/sources\.csv row 6 field source_id: duplicate id 'cfr-2014' \(first in row 3\)$",
    ),
    "path escaping raw/ (../)": (
        lambda raw: edit_manifest(raw, "explainer-mek,explainer-mek.txt", "explainer-mek,../explainer-mek.txt"),
        r"raw/sources\.csv row 3 field file: '\.\./explainer-mek\.txt' must be a plain file name inside ",
    ),
    "path escaping raw/ (absolute)": (
        lambda raw: edit_manifest(raw, "explainer-mek,explainer-mek.txt", "explainer-mek,/etc/passwd.txt"),
        r"raw/sources\.csv row 3 field file: '/etc/passwd\.txt' must be a plain file name inside ",
    ),
    "manifest missing a column": (
        lambda raw: edit_manifest(raw, ",sha256,", ",checksum,"),
        r"raw/sources\.csv row 1: missing column\(s\) sha256$",
    ),
    "manifest with a bad date": (
        lambda raw: edit_manifest(raw, ",2014-07-28,day,", ",2014-02-30,day,"),
        r"raw/sources\.csv row 6 field published: '2014-02-30' is not a real date \(day is out of range",
    ),
    "manifest cell ending in a newline": (  # `re.match` + `$` used to accept it, then crash (KeyError)
        lambda raw: edit_manifest(raw, ",2014-07-28,day,", ',"2014\n",year,'),
        r"raw/sources\.csv row 6 field published: '2014\\n' is not YYYY, YYYY-MM or YYYY-MM-DD$",
    ),
    "manifest size of 5000 digits": (  # int() refuses more than 4300 digits: used to crash (ValueError)
        lambda raw: edit_manifest(raw, ",13119", "," + "9" * 5000),
        r"raw/sources\.csv row 6 field bytes: '9{5000}' is not a positive integer of at most 18 digits$",
    ),
    "a text of only white space": (
        lambda raw: set_text(raw, "explainer-mek.txt", b" \n\t\r\n"),
        r"raw/explainer-mek\.txt: only white space \(5 bytes\): an empty text$",
    ),
    "a symbolic link in raw/": (
        lambda raw: ((raw / "explainer-mek.txt").rename(raw.parent / "moved.txt"),
                     (raw / "explainer-mek.txt").symlink_to(raw.parent / "moved.txt")),
        r"raw/explainer-mek\.txt: a symbolic link \(to \S*moved\.txt\); a directory with sources\.csv must hold "
        r"the files themselves",
    ),
    "manifest with a blank line between rows": (
        lambda raw: edit_manifest(raw, "\ncfr-2014,", "\n\ncfr-2014,"),
        r"raw/sources\.csv row 6: blank line before row 7 \(only trailing blank lines are allowed; remove it\)$",
    ),
    "manifest with an unterminated quote": (
        lambda raw: edit_manifest(raw, "cfr-2014,cfr-2014.txt,", 'cfr-2014,cfr-2014.txt,"'),
        r"raw/sources\.csv row 6: ",
    ),
}


@pytest.fixture(scope="module")
def earlier_extract(tmp_path_factory) -> Path:
    """Output of a good extract run on raw/, to check a failing run leaves it alone."""
    root = tmp_path_factory.mktemp("earlier")
    copy_raw(root / "raw")
    assert cli_main(["--quiet", "extract", "--raw-dir", str(root / "raw"), "--out-dir", str(root / "out")]) == 0
    return root / "out"


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_fails_with_one_error_naming_the_file(case, tmp_path, capsys, earlier_extract):
    breaker, expected = BAD_INPUTS[case]
    raw = copy_raw(tmp_path / "raw")
    out = tmp_path / "out"
    shutil.copytree(earlier_extract, out)
    before = snapshot(out)
    breaker(raw)
    capsys.readouterr()
    status = cli_main(["extract", "--raw-dir", str(raw), "--out-dir", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {raw}"), err
    assert re.search(expected, err.removeprefix("error: ").rstrip("\n"), re.DOTALL), err
    assert "Traceback" not in err
    assert snapshot(out) == before  # nothing written, nothing half-written


@pytest.mark.parametrize(
    "case", ["Latin-1", "UTF-8 byte-order mark", "manifest row whose file is missing", "path escaping raw/ (../)"]
)
def test_bad_input_through_the_real_command_line(case, tmp_path, earlier_extract):
    breaker, expected = BAD_INPUTS[case]
    raw = copy_raw(tmp_path / "raw")
    out = tmp_path / "out"
    shutil.copytree(earlier_extract, out)
    before = snapshot(out)
    breaker(raw)
    done = run_cli("extract", "--raw-dir", raw, "--out-dir", out)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {raw}") and done.stderr.count("\n") == 1, done.stderr
    assert re.search(expected, done.stderr.strip()), done.stderr
    assert snapshot(out) == before


def test_a_text_changed_after_extraction_stops_validate_and_publish(tmp_path):
    root = tmp_path / "p"
    copy_raw(root / "raw")
    build_here(root)
    before = package_files(root)
    text = root / "raw/explainer-mek.txt"
    text.write_bytes(text.read_bytes().replace(b"MEK", b"MKO", 1))  # the manifest still lists the old bytes
    done = run_cli(*stage_args(root)[3])
    assert done.returncode == 1 and "explainer-mek.txt: sha256 mismatch" in done.stderr, done.stderr
    set_text(root / "raw", "explainer-mek.txt", b"\xef\xbb\xbf" + text.read_bytes())
    done = run_cli(*stage_args(root)[2])
    assert done.returncode == 1 and "explainer-mek.txt: starts with a UTF-8 byte-order mark" in done.stderr
    assert package_files(root) == before


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_a_manifest_reads_the_same_with_lf_or_crlf_line_endings(tmp_path, newline):
    raw = copy_raw(tmp_path / "raw")
    manifest = raw / "sources.csv"
    manifest.write_bytes(manifest.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", newline))
    assert sources.load_manifest(raw) == sources.load_manifest(REPO / "raw")


# --- CRLF: text kept as decoded, offsets and quotes exact ---------------------------------------------

CRLF_TEXT = (
    "History\r\n"
    "In 1992, India banned\r\nthe group as a terrorist organisation. About 8,000 fighters were based in Jaffna.\r\n"
    "\r\n"
    "On 5 May 2009 the army captured the last town.\r\n"
)


def test_crlf_text_keeps_offsets_and_quotes_exact(tmp_path):
    crlf = extract.extract_all({"doc": CRLF_TEXT}).tables
    lf = extract.extract_all({"doc": CRLF_TEXT.replace("\r\n", "\n")}).tables
    fields = ("event_type", "jurisdiction", "action", "low", "date_start", "date_end")
    for table in TABLES:
        assert len(crlf[table]) == len(lf[table]) > 0, table
        for a, b in zip(crlf[table], lf[table], strict=True):
            assert CRLF_TEXT[a["char_start"] : a["char_end"]] == a["quote"]
            # the same mention: the LF offsets plus the \r characters before them
            assert a["char_start"] == b["char_start"] + CRLF_TEXT.count("\r", 0, a["char_start"])
            assert a["quote"].replace("\r\n", "\n") == b["quote"]
            assert not a["quote"].startswith(("\r", "\n")) and not a["quote"].endswith(("\r", "\n"))
            assert {f: a.get(f) for f in fields} == {f: b.get(f) for f in fields}
    # a sentence broken across a CRLF line break keeps the \r\n, through CSV and Parquet
    [designation] = crlf["designation_mentions"]
    assert designation["quote"] == "In 1992, India banned\r\nthe group as a terrorist organisation."
    root = tmp_path / "p"
    write_project(root, {"doc": CRLF_TEXT})
    build_here(root)
    for path in (root / "build/extract/designation_mentions.csv", root / "processed/designation_mentions.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            assert [r["quote"] for r in csv.DictReader(f)] == [designation["quote"]]
    assert pq.read_table(root / "processed/designation_mentions.parquet")["quote"].to_pylist() == [
        designation["quote"]
    ]


# --- spreadsheet formula prefixes: published verbatim ------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://example.org") On 5 March 1991, the MEK attacked a base in Baghdad.\n'
    "+On 6 March 1991 the MEK attacked a base in Basra.\n"
    "-On 7 March 1991 the MEK attacked a base in Mosul.\n"
    "@On 8 March 1991 the MEK attacked a base in Tehran.\n"
)


def test_quotes_starting_with_formula_characters_round_trip_unchanged(tmp_path):
    root = tmp_path / "p"
    write_project(root, {"formulas": FORMULAS})
    build_here(root)
    expected = [line for line in FORMULAS.splitlines()]
    with open(root / "processed/event_mentions.csv", encoding="utf-8", newline="") as f:
        from_csv = [r["quote"] for r in csv.DictReader(f)]
    from_parquet = pq.read_table(root / "processed/event_mentions.parquet")["quote"].to_pylist()
    assert from_csv == from_parquet == expected
    assert {q[0] for q in from_csv} == {"=", "+", "-", "@"}
    raw_csv = (root / "processed/event_mentions.csv").read_text(encoding="utf-8")
    assert ",+On 6 March 1991 the MEK attacked a base in Basra.," in raw_csv  # the cell as is, unescaped


# --- 2. nothing lost: rejects report and count check -------------------------------------------------

BAD_CANDIDATES = (
    "In 1989 the group moved to Iraq. On 31 February 1990, a bomb killed 5 people in Tehran. "
    "In the 13th month of 1990 the group had 10,000 members.\n"
    "On 5 March 1991, the MEK attacked a base in Baghdad. "
    "In 1995 the group had 1,000,000,000,000,000,000,000,000,000,000 members. "
    "In 1997 the group had 20000000000000000000 members.\n"
    "The meeting of 1990-13-05 was cancelled.\n"
    "On 3 May 1992, an MEK bomb killed 20000000000000000000 people in Tehran.\n"
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_impossible_dates_and_overflowing_numbers_are_rejected_with_reasons(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "bad.txt").write_text(BAD_CANDIDATES, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("extract", "--raw-dir", texts, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    rejects = read_csv(out / "rejects.csv")
    assert list(rejects[0]) == list(reject_files.REJECT_FIELDS)
    got = [(r["table"], r["text"], r["reason"].split(" (")[0].split(":")[0]) for r in rejects]
    assert got == [
        ("event_mentions", "On 31 February 1990, a bomb killed 5 people in Tehran.",
         "impossible date '31 February 1990' in its sentence"),
        ("membership_mentions", "10,000 members", "impossible date 'the 13th month of 1990' in its sentence"),
        ("membership_mentions", "1,000,000,000,000,000,000,000,000,000,000 members", "field low"),
        ("membership_mentions", "20000000000000000000 members", "field low"),
        ("", "1990-13-05", "impossible date"),
        ("event_mentions", "On 3 May 1992, an MEK bomb killed 20000000000000000000 people in Tehran.",
         "field deaths_low"),
    ]
    by_text = {r["text"]: r for r in rejects}
    assert by_text["20000000000000000000 members"]["reason"].startswith(
        "field low: 20000000000000000000 is above the int64 maximum 9223372036854775807"
    )
    assert by_text["1990-13-05"]["reason"] == (
        "impossible date: month 13 of 1990; its sentence gave no candidate row"
    )
    assert "day 31 of February 1990" in by_text["On 31 February 1990, a bomb killed 5 people in Tehran."]["reason"]
    for r in rejects:  # spans point at the text
        assert BAD_CANDIDATES[int(r["char_start"]) : int(r["char_end"])] == r["text"]
    # every reject is a warning on stderr; the published tables hold none of them
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(rejects)
    assert "warning: bad chars 33-87 (event_mentions): 'On 31 February 1990" in done.stderr
    events = read_csv(out / "event_mentions.csv")
    assert [e["quote"] for e in events] == [
        "In 1989 the group moved to Iraq.", "On 5 March 1991, the MEK attacked a base in Baghdad."
    ]
    assert read_csv(out / "membership_mentions.csv") == []
    assert json.loads((out / "counts.json").read_text()) == {
        "designation_mentions": {"candidates": 0, "rejected": 0, "written": 0},
        "event_mentions": {"candidates": 4, "rejected": 2, "written": 2},
        "membership_mentions": {"candidates": 3, "rejected": 3, "written": 0},
    }
    assert reject_files.check_counts(out)["event_mentions"]["written"] == 2


def test_the_issue_12_inputs_behave(tmp_path):
    """The rows of issue 12 that concern the input and the numbers, through the command line."""
    # a manifest with trailing blank lines (a spreadsheet's export) is accepted, and reads as without them
    raw = copy_raw(tmp_path / "raw")
    (raw / "sources.csv").write_bytes((raw / "sources.csv").read_bytes().rstrip(b"\r\n") + b"\n\n\n")
    done = run_cli("--quiet", "extract", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    # exponents are read whole and rejected with their reason; a number is never read by halves
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "n.txt").write_text(
        "In 2011 the group had 10^30 members. In 2012 the group had 10**30 members.\n"
        "On 1\u0301 May 1990, an MEK bomb killed 3 people in Tehran.\n"
        "On 2 May 1990, an MEK bomb killed 3\u0301 people in Tabriz.\n", encoding="utf-8")
    out = tmp_path / "n-out"
    done = run_cli("--quiet", "extract", "--raw-dir", texts, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    rejects = read_csv(out / "rejects.csv")
    assert [(r["table"], r["text"]) for r in rejects] == [
        ("membership_mentions", "10^30 members"), ("membership_mentions", "10**30 members"),
        ("", "1\u0301 May 1990")]
    assert all(r["reason"].startswith(f"field low: {10**30} is above the int64 maximum") for r in rejects[:2])
    assert rejects[2]["reason"].startswith("unreadable date: a combining mark")  # never day 1, never "May 1990"
    assert read_csv(out / "membership_mentions.csv") == []  # not 10, not 30
    [event] = read_csv(out / "event_mentions.csv")  # the Tabriz bomb: its date is read, its marked figure is not
    assert (event["date_start"], event["deaths_low"], event["deaths_high"]) == ("1990-05-02", "", "")
    # --raw-dir with a link to a file outside it: refused, naming the link and its target
    (tmp_path / "secret.txt").write_text("The club was founded in 1965.", encoding="utf-8")
    (texts / "leak.txt").symlink_to(tmp_path / "secret.txt")
    done = run_cli("extract", "--raw-dir", texts, "--out-dir", out)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert re.fullmatch(r"error: \S*texts/leak\.txt: a symbolic link to \S*secret\.txt, outside \S*texts; only "
                        r"links inside the directory are followed \(copy the file in\)\n", done.stderr), done.stderr


def test_count_check_catches_a_lost_row(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "bad.txt").write_text(BAD_CANDIDATES, encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["--quiet", "extract", "--raw-dir", str(texts), "--out-dir", str(out)]) == 0
    path = out / "event_mentions.csv"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))  # drop one row
    with pytest.raises(reject_files.CountError,
                       match=r"event_mentions\.csv: 1 rows, but .*counts\.json says 2 written"):
        reject_files.check_counts(out)
    rejects = out / "rejects.csv"
    rejects.write_text(rejects.read_text().splitlines(keepends=True)[0])  # drop the rejects
    with pytest.raises(reject_files.CountError):
        reject_files.check_counts(out)


def test_every_candidate_on_the_real_sources_is_published_or_rejected(tmp_path):
    """extracted candidates == published rows + rejected, through reconcile, validate and publish."""
    root = tmp_path / "p"
    copy_raw(root / "raw")
    build_here(root)
    counts = reject_files.check_counts(root / "build/extract")
    report = json.loads((root / "build/validate/report.json").read_text())
    rejected = reject_files.read_rejects(root / "build/extract/rejects.csv")
    for table in TABLES:
        published = read_csv(root / "processed" / f"{table}.csv")
        c = counts[table]
        assert c["candidates"] == len(published) + c["rejected"]
        assert c["written"] == len(published) == report["counts"][table]
        assert c["rejected"] == sum(r["table"] == table for r in rejected)
        assert c["candidates"] > 0


def test_validate_reports_an_integer_too_large_for_parquet_and_publish_refuses(synthetic, capsys):
    tables = valid_tables()
    tables["membership_mentions"][0]["low"] = 10**20
    synthetic.write_tables(tables)
    args = ["--raw-dir", synthetic.raw, "--in-dir", synthetic.extract]
    status = cli_main(["validate", *map(str, args), "--report", str(synthetic.report)])
    err = capsys.readouterr().err
    assert status == 1
    assert re.search(r"membership_mentions\.csv row \d field low: 100000000000000000000 is above the int64 maximum",
                     err), err
    status = cli_main(["publish", *map(str, args), "--report", str(synthetic.report),
                       "--out-dir", str(synthetic.processed), "--package", str(synthetic.package)])
    assert status == 1 and "validation report says the data is invalid" in capsys.readouterr().err
    assert not synthetic.package.exists()


# --- very large input: bounded memory, linear work ---------------------------------------------------

BIG_NEUTRAL = (
    "The committee discussed the report for several hours without reaching a conclusion.",
    "Observers noted that the debate continued in the following weeks.",
    "Its leaders published a long statement about their aims and methods.",
    "Analysts disagree about the significance of these developments.",
)
BIG_EVENTS = (
    "On 20 June 1981, a bomb killed 72 people in Tehran, according to the government.",
    "About 3,000 members moved to Albania in 2016.",
    "The European Union removed the group from its terrorist list in January 2009.",
    "On 31 February 1990, militants attacked a police station in Baghdad.",
    "In 1995 the group claimed 1,000,000,000,000,000,000,000,000,000,000 members.",
)
PEAK_RSS = textwrap.dedent(
    """
    import resource, sys
    from pipeline.__main__ import main
    status = main(sys.argv[1:])
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # Linux: kilobytes
    sys.exit(status)
    """
)


@pytest.mark.slow
def test_a_20_mb_single_line_text_is_extracted_in_bounded_memory(tmp_path):
    rng = random.Random(6)
    parts, size = [], 0
    while size < 20_000_000:
        part = rng.choice(BIG_EVENTS) if rng.random() < 0.05 else rng.choice(BIG_NEUTRAL)
        parts.append(part)
        size += len(part) + 1
    text = " ".join(parts) + "\n"  # one line, no paragraph break
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "big.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    # timeout only turns a hang (quadratic work) into a failure; it is not a speed target
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, "--quiet", "extract", "--raw-dir", str(texts),
                           "--out-dir", str(out)], capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    peak = int(done.stdout.split()[-1])
    assert peak < 1.5 * 2**30, f"peak RSS {peak / 2**20:.0f} MiB"
    counts = reject_files.check_counts(out)
    assert counts["event_mentions"]["written"] > 1000 and counts["membership_mentions"]["rejected"] > 100
    events = read_csv(out / "event_mentions.csv")
    assert all(text[int(e["char_start"]) : int(e["char_end"])] == e["quote"] for e in events[::97])


def test_a_long_run_without_a_sentence_end_is_cut_into_bounded_sentences():
    from pipeline.text.segment import MAX_SENTENCE, segment

    text = "the group attacked a base in Baghdad on 5 March 1991 and " * 2000  # 114,000 characters, no full stop
    sentences = segment(text)
    assert len(sentences) > 50 and max(s.end - s.start for s in sentences) <= MAX_SENTENCE
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert all(text[s.end] == " " for s in sentences[:-1])  # cut at spaces, never inside a word
    assert not any(s.is_heading for s in segment("x" * (MAX_SENTENCE + 1)))  # a heading is a short line
    assert [len(s.text) for s in segment("x" * 5000)] == [MAX_SENTENCE, MAX_SENTENCE, 1000]  # no space at all


# --- 3. atomic publishing ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """A project whose package is the 'old' one (four sources) and whose build is the validated 'new' one
    (five sources), with the bytes of both packages."""
    base = tmp_path_factory.mktemp("atomic")
    old = base / "old"
    raw = copy_raw(old / "raw")
    (raw / "news-paris-2018.txt").unlink()
    lines = (raw / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (raw / "sources.csv").write_text("".join(x for x in lines if not x.startswith("news-paris-2018,")))
    build_here(old)
    new = base / "new"
    copy_raw(new / "raw")
    build_here(new, stages=3)  # extract, reconcile, validate: ready to publish
    scratch = base / "scratch"
    shutil.copytree(new, scratch)
    build_here(scratch)  # what publishing the new build gives
    old_files, new_files = package_files(old), package_files(scratch)
    assert old_files != new_files and set(old_files) == set(new_files)
    for root in (old, scratch):  # both end states pass the frictionless command line
        done = subprocess.run([str(FRICTIONLESS), "validate", "datapackage.json"], cwd=root,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout[-3000:]
    return {"old": old, "new": new, "old_files": old_files, "new_files": new_files}


def trial_dir(old_and_new, dest: Path) -> Path:
    """The new build with the old package in place, as before `dvc repro` publishes."""
    shutil.copytree(old_and_new["new"], dest)
    shutil.copytree(old_and_new["old"] / "processed", dest / "processed")
    shutil.copyfile(old_and_new["old"] / "datapackage.json", dest / "datapackage.json")
    return dest


# A child that runs `python -m pipeline publish`, printing each file-system step (os.replace, os.fsync,
# os.unlink, shutil.rmtree) before taking it, and SIGKILLs itself instead of taking step N (N = 0: never).
KILLER = textwrap.dedent(
    """
    import os, shutil, signal, sys
    kill_at, steps = int(sys.argv[1]), [0]
    def hook(name, real):
        def wrapped(*args, **kwargs):
            steps[0] += 1
            names = [os.path.basename(str(a)) for a in args[:2] if not isinstance(a, int)]
            print(name, *names, flush=True)
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return wrapped
    for name in ("replace", "fsync", "unlink"):
        setattr(os, name, hook(name, getattr(os, name)))
    shutil.rmtree = hook("rmtree", shutil.rmtree)
    from pipeline.__main__ import main
    sys.exit(main(sys.argv[2:]))
    """
)


def run_killer(root: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, str(kill_at), "--quiet", *stage_args()[3]],
                          cwd=root, capture_output=True, text=True, timeout=600, check=False, env=this_code())


def assert_old_or_new(root: Path, old_and_new, visible_only: bool = False) -> str:
    """'old' or 'new' if the package is entirely that one (with visible_only, hidden leftovers such as a
    staging directory are ignored); otherwise fail, naming the files that belong to neither."""
    files = package_files(root)
    if visible_only:
        files = {name: data for name, data in files.items() if "/." not in f"/{name}"}
    for state in ("old", "new"):
        if files == old_and_new[f"{state}_files"]:
            return state
    raise AssertionError("the package is a mix of the old and the new one: " + ", ".join(
        name for name in sorted(set(files) | set(old_and_new["new_files"]))
        if files.get(name) not in (old_and_new["old_files"].get(name), old_and_new["new_files"].get(name))
    ))


@pytest.mark.slow
def test_publish_killed_at_random_points_leaves_the_old_or_the_new_package(old_and_new, tmp_path):
    from frictionless import Package

    log = run_killer(trial_dir(old_and_new, tmp_path / "count"), 0)
    assert log.returncode == 0, log.stderr
    steps = log.stdout.splitlines()
    commit_step = f"replace {publication_journal.JOURNAL}.tmp {publication_journal.JOURNAL}"
    commit = steps.index(commit_step) + 1  # step number of the commit point
    moves = [i + 1 for i, step in enumerate(steps) if step.startswith("replace ") and i + 1 > commit]
    assert len(moves) == 2 * len(catalogue.RESOURCES) + 2  # every data file, the database, then datapackage.json
    rng = random.Random(2024)
    points = sorted(
        {1, commit - 1, commit, commit + 1, moves[0], moves[len(moves) // 2], moves[-1], len(steps)}
        | set(rng.sample(range(2, commit - 1), 3))
        | set(rng.sample(range(commit + 2, len(steps)), 3))
    )
    outcomes = {}
    for k in points:
        root = trial_dir(old_and_new, tmp_path / f"kill-{k}")
        done = run_killer(root, k)
        assert done.returncode == -signal.SIGKILL, (k, done.stderr)
        taken = done.stdout.splitlines()[:-1]  # the last step printed is the one it was killed at
        committed = commit_step in taken
        journal = (root / "processed" / publication_journal.JOURNAL).exists()
        if not journal:  # not committed, or finished: whole as it is (hidden leftovers aside)
            assert assert_old_or_new(root, old_and_new, visible_only=True) == ("new" if committed else "old")
        else:
            assert committed
        publication_journal.recover(root / "processed")  # what the next `publish` run does first
        state = assert_old_or_new(root, old_and_new)  # leftovers removed too
        assert state == ("new" if committed else "old"), (k, taken[-1:])
        report = Package(str(root / "datapackage.json")).validate()
        assert report.valid, (k, report.flatten(["type", "note"]))
        outcomes[k] = (state, journal)
    # the sample covers a kill before the commit, and kills after it with and without a journal left
    assert {o for o in outcomes.values()} >= {("old", False), ("new", True)}


def test_a_crash_after_the_commit_point_is_finished_by_the_next_run(old_and_new, tmp_path, monkeypatch):
    root = trial_dir(old_and_new, tmp_path / "t")
    real_replace = os.replace
    moved = []

    def crash_after_three_moves(src, dst):
        if (Path(src).parent.name.startswith(publication_journal.STAGING_PREFIX)
                and not Path(src).name.endswith(".tmp")):  # a move from staging into place
            if len(moved) == 3:
                raise KeyboardInterrupt("simulated crash")
            moved.append(dst)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_after_three_moves)
    monkeypatch.chdir(root)
    with pytest.raises(KeyboardInterrupt):
        publish.main(build_parser_args(stage_args()[3]))
    monkeypatch.setattr(os, "replace", real_replace)
    assert (root / "processed" / publication_journal.JOURNAL).exists()
    files = package_files(root)
    assert files != old_and_new["old_files"] and files != old_and_new["new_files"]  # a mix, journal says so
    assert cli_main(["--quiet", *stage_args()[3]]) == 0  # the next run rolls forward, then publishes
    assert assert_old_or_new(root, old_and_new) == "new"


def test_a_crash_before_the_commit_point_leaves_the_old_package(old_and_new, tmp_path, monkeypatch):
    root = trial_dir(old_and_new, tmp_path / "t")
    monkeypatch.chdir(root)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("simulated crash")

    monkeypatch.setattr(publication_journal, "commit", crash)
    with pytest.raises(KeyboardInterrupt):
        publish.main(build_parser_args(stage_args()[3]))
    assert assert_old_or_new(root, old_and_new) == "old"  # staging removed, nothing replaced
    assert publication_journal.recover(root / "processed") is False


def build_parser_args(argv: list[str]):
    from pipeline.__main__ import build_parser

    return build_parser(argv).parse_args(argv)


# --- 4. determinism under another environment --------------------------------------------------------

@pytest.mark.slow
def test_build_is_byte_identical_under_another_environment(tmp_path):
    env_a = {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    env_b = {**os.environ, "PYTHONHASHSEED": "4242", "LC_ALL": "POSIX", "TZ": "IRST-3:30", "LANG": "C"}
    a, b = tmp_path / "a", tmp_path / "elsewhere" / "deeper" / "b"
    copy_raw(a / "raw")
    copy_raw(b / "raw")
    (tmp_path / "cwd").mkdir()
    for args in stage_args():  # a: relative paths from the project root
        done = run_cli(*args, cwd=a, env=env_a)
        assert done.returncode == 0, done.stderr
    for args in stage_args(b):  # b: absolute paths from an unrelated working directory
        done = run_cli(*args, cwd=tmp_path / "cwd", env=env_b)
        assert done.returncode == 0, done.stderr
    files_a, files_b = package_files(a), package_files(b)
    assert {Path(n).suffix for n in files_a} == {".csv", ".parquet", ".sqlite", ".json"}
    assert files_a == files_b
    for sub in ("build/extract", "build/reconcile"):
        assert snapshot(a / sub) == snapshot(b / sub)


# --- 5. fuzzing --------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "On 20 June 1981,", "31 February 1990", "the 13th month of 1990", "1990-13-05", "1990-02-30", "in 2016",
    "the 1980s", "from 26 August 1981 to December 1982", "that year", "the following year", "June",
    "a bomb killed", "72 people", "about 3,000 members", "over 10,000 fighters", "20000000000000000000",
    "1,000,000,000,000,000,000,000,000,000,000", "members", "the MEK", "the group", "attacked", "was founded",
    "Camp Ashraf", "in Tehran", "Albania", "the European Union", "listed", "delisted the group", "the camp",
    "according to the government", "estimated", "between 5,000 and 10,000", "=", "+", "-", "@", ",", ".", ";",
    "(", ")", "\"", "\n", "\r\n", "\n\n", "  ", "\t", "== History ==", "\u00a0", "\u2013", "é", "\u0000",
])
TEXTS = st.one_of(
    st.lists(FRAGMENTS, max_size=60).map(" ".join),
    st.lists(FRAGMENTS, max_size=60).map("".join),
    st.text(max_size=300),
)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.one_of(st.none(), st.integers(1900, 2030)))
def test_fuzz_extractors_never_crash_and_every_candidate_is_published_or_rejected(text, year):
    doc = extract._document_date(text, year)  # what the stage passes: the year as a document date, or the dateline
    found, impossible = extract_candidates("fuzz", text, this_year=doc.date.year if doc else None, document_date=doc)
    for table in TABLES:
        for r in found[table]:
            assert text[r["char_start"] : r["char_end"]] == r["quote"]
    result = extract.extract_all({"fuzz": text}, {"fuzz": year} if year else None)
    for table in TABLES:
        kept = result.tables[table]
        c = result.counts[table]
        assert c["candidates"] == len(found[table]) == c["written"] + c["rejected"]
        assert c["written"] == len(kept)
        assert len({r["mention_id"] for r in kept}) == len(kept)
        for r in kept:
            assert checks.record_problems(table, r) == []
        assert checks.domain_errors({"fuzz": text}, {table: kept}) == []
        arrow.records_to_table(kept, table)  # every kept row fits the Parquet types (int64 included)
    assert all(r["source_id"] == "fuzz" and r["reason"] for r in result.rejects)
    assert sum(r["table"] == "" for r in result.rejects) <= len(impossible)


CELLS = st.one_of(
    st.sampled_from(["", "cfr-2014", "a", "A b", "x.txt", "../x.txt", "/x.txt", "a.txt", "a/b.txt", "2014",
                     "2014-02", "2014-02-30", "2014-13", "2014\n", "day", "month", "year", "0", "12",
                     "9" * 30, "9" * 5000, "a" * 64, "0" * 64, "\"", ",", "\r\n", "\ufeff"]),
    st.text(max_size=20),
)
COLUMNS = sources.manifest_columns()
DATES = [("", ""), ("2014", "year"), ("2014-07", "month"), ("2014-07-28", "day"), ("2016-02-29", "day")] * 3 + [
    ("2014-02-29", "day"), ("2014", "day"), ("", "year"), ("2014-7-28", "day"), ("2014\n", "year"),
    ("2014-13", "month"), ("2014-00-10", "day")]


RARELY = st.sampled_from([False] * 9 + [True])  # (st.integers(0, 9) == 0 would be drawn far more often)


@st.composite
def manifest_rows(draw, n_columns: int) -> list[str]:
    """A valid row (most of the time) with 0 to 2 cells replaced by arbitrary ones."""
    sid = draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True))
    published, precision = draw(st.sampled_from(DATES))
    row = dict.fromkeys(COLUMNS, "")  # by name: a column added to the schema is empty here
    row.update(source_id=sid, file=f"{sid}.txt", title=draw(st.text(max_size=10)) or "t", published=published,
               published_precision=precision, note=draw(st.text(max_size=10)),
               sha256=hashlib.sha256(sid.encode()).hexdigest(), bytes=str(draw(st.integers(1, 10**18))))
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2]))):
        row[draw(st.sampled_from(COLUMNS))] = draw(CELLS)
    cells = list(row.values())
    if n_columns != len(COLUMNS):
        cells = [draw(CELLS) for _ in range(n_columns)]
    return cells


@st.composite
def manifests(draw) -> str:
    header = list(COLUMNS)
    if draw(RARELY):
        header = draw(st.lists(st.sampled_from([*COLUMNS, "extra", ""]), max_size=14))
    rows = [header]
    for _ in range(draw(st.integers(0, 4))):
        n = draw(st.integers(0, 14)) if draw(RARELY) else len(header)
        rows.append(draw(manifest_rows(n)))
    if draw(st.booleans()):  # columns in another order
        order = draw(st.permutations(range(len(header))))
        rows = [[row[i] if i < len(row) else "" for i in order] for row in rows]
    out = []
    for row in rows:
        out.append(",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if draw(st.booleans()) or any(
            ch in c for ch in ',"\r\n') else c for c in row))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(out) + draw(st.sampled_from(["", "\n", "\r\n"]))
    if draw(RARELY):  # raw damage: a stray quote, a NUL, a byte that is not UTF-8
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(['"', "\x00", "\udcff"])) + text[cut:]
    return text


@pytest.fixture(scope="module")
def manifest_dir():
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_fuzz_manifest_reader_returns_checked_rows_or_a_source_error(manifest_dir, text):
    path = manifest_dir / "sources.csv"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    try:
        rows = sources.load_manifest(manifest_dir)
    except sources.SourceError as exc:
        assert str(exc).startswith(str(path)), exc
        return
    ids = [r["source_id"] for r in rows]
    files = [r["file"] for r in rows]
    assert rows and len(set(ids)) == len(ids) and len(set(files)) == len(files)
    for r in rows:
        assert set(r) == set(COLUMNS)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["source_id"])
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt", r["file"]) and ".." not in r["file"]
        assert re.fullmatch(r"[0-9a-f]{64}", r["sha256"]) and 1 <= int(r["bytes"]) < 10**18
        if r["published"]:
            sources._check_date(r["published"])
    sources.manifest_records(manifest_dir)  # the typed view never fails on a checked manifest


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=200))
def test_fuzz_text_reader_returns_the_exact_text_or_a_source_error(manifest_dir, data):
    texts = manifest_dir / "texts"
    texts.mkdir(exist_ok=True)
    (texts / "t.txt").write_bytes(data)
    try:
        got = sources.read_texts(texts)
    except sources.SourceError as exc:
        assert str(exc).startswith(str(texts)), exc
        return
    assert got == {"t": data.decode("utf-8")} and "\x00" not in got["t"] and not got["t"].startswith("\ufeff")


# --- 3b. `dvc repro` itself killed, or on a full disk: the package is never absent ------------------
#
# DVC deletes a stage's outputs before running it unless they are `persist: true` (dvc.yaml), so a kill
# inside `publish` used to leave no package at all. These tests run `dvc repro` in a scratch copy of the
# project and kill its whole process group (DVC and the stage it runs) with SIGKILL at chosen file-system
# steps, counted across DVC and every stage by a `sitecustomize` hook: deterministic, no timing.

BIN = Path(sys.executable).parent
PROJECT_FILES = ("pipeline", "raw", "processed", "docs", "metrics", "dvc.yaml", "dvc.lock", "datapackage.json",
                 "pyproject.toml", ".gitignore", ".dvcignore", "tests/gold", "tests/corpus", ".dvc/config",
                 ".dvc/.gitignore")
KILL_HOOK = textwrap.dedent(
    '''
    import os

    _AT = os.environ.get("PIPELINE_KILL_AT")
    if _AT is not None:
        import fcntl
        import shutil
        import signal
        import sys

        _COUNTER = os.environ["PIPELINE_KILL_COUNTER"]
        _WHO = "dvc" if "dvc" in os.path.basename(sys.argv[0]) else "pipeline"
        _OPEN, _CLOSE, _PREAD, _PWRITE = os.open, os.close, os.pread, os.pwrite

        def _step(name, args):
            fd = _OPEN(_COUNTER, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                log = _PREAD(fd, 1 << 22, 0)
                n = log.count(b"\\n") + 1
                paths = [a for a in args[:2] if isinstance(a, (str, os.PathLike))]
                names = " ".join(os.path.basename(os.fsdecode(a)) for a in paths)
                _PWRITE(fd, f"{_WHO} {name} {names}\\n".encode(), len(log))
            finally:
                _CLOSE(fd)
            if n == int(_AT):
                os.killpg(os.getpgid(0), signal.SIGKILL)

        def _hook(module, name):
            real = getattr(module, name)

            def wrapped(*args, **kwargs):
                _step(name, args)
                return real(*args, **kwargs)

            setattr(module, name, wrapped)

        for _name in ("replace", "rename", "unlink", "remove", "rmdir", "mkdir", "fsync"):
            _hook(os, _name)
        _hook(shutil, "rmtree")
    '''
)
CRAFTED = ("On 3 May 1999, a bomb exploded in Tehran, killing 4 people, according to the police.\n"
           "In 2001 the group had about 7,000 members.\n")


def project_env(hook_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DVC_NO_ANALYTICS": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONHASHSEED": "0", **extra}
    if hook_dir is not None:
        env["PYTHONPATH"] = str(hook_dir)
    return env


def dvc(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``dvc ARGS`` in root, in a process group of its own (its stages join it)."""
    return subprocess.run([str(BIN / "dvc"), *args], cwd=root, capture_output=True, text=True, check=False,
                          env=env or project_env(), timeout=900, start_new_session=True)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root,
                          capture_output=True, text=True, check=True)
    return done.stdout


def outputs_of(root: Path) -> dict[str, bytes]:
    """Every committed output of the build: the package, the documentation, the metrics."""
    out = package_files(root)
    for sub in ("docs", "metrics"):
        out.update({f"{sub}/{k}": v for k, v in snapshot(root / sub).items()})
    return out


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if "/." not in f"/{name}"}


def package_of(files: dict[str, bytes]) -> dict[str, bytes]:
    """The visible package files (processed/*, datapackage.json) of an outputs_of() snapshot."""
    return {n: d for n, d in visible(files).items() if n.startswith("processed/") or n == "datapackage.json"}


def frictionless_ok(root: Path) -> bool:
    from frictionless import Package

    return bool(Package(str(root / "datapackage.json")).validate().valid)


@pytest.fixture(scope="module")
def dvc_project(tmp_path_factory):
    """A Git + DVC copy of this project whose committed package is the 'old' one, with one crafted source
    added to raw/ (so `dvc repro` rebuilds every stage), and the outputs the finished rebuild gives ('new')."""
    if shutil.which("git") is None or not (BIN / "dvc").exists():
        pytest.skip("git or dvc not available")
    base = tmp_path_factory.mktemp("dvc-kill")
    root = base / "template"
    for rel in PROJECT_FILES:
        src, dst = REPO / rel, root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".*.tmp", ".staging-*"))
        else:
            shutil.copyfile(src, dst)
    # One process per extract stage: the kill hook counts file-system steps, and worker processes would
    # interleave theirs in no fixed order (the output is the same for any number of workers).
    stages = (root / "dvc.yaml").read_text(encoding="utf-8")
    one = stages.replace("python -m pipeline extract ", "python -m pipeline extract --workers 1 ")
    (root / "dvc.yaml").write_text(one, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "template")
    done = dvc(root, "repro", "--force")  # unchanged inputs: byte-identical, nothing for git to report
    assert done.returncode == 0, done.stderr[-3000:]
    assert git(root, "status", "--porcelain") in ("", " M dvc.lock\n")  # dvc.lock: the one-worker command
    git(root, "commit", "-qam", "dvc.lock of the one-worker command", "--allow-empty")
    old = outputs_of(root)
    assert frictionless_ok(root)
    data = CRAFTED.encode("utf-8")
    (root / "raw" / "crafted.txt").write_bytes(data)
    with open(root / "raw" / "sources.csv", "a", encoding="utf-8", newline="") as f:
        f.write(manifest_line("crafted", data, file="crafted.txt") + "\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a new source")
    reference = base / "reference"
    shutil.copytree(root, reference, symlinks=True)
    done = dvc(reference, "repro")
    assert done.returncode == 0, done.stderr[-3000:]
    new = outputs_of(reference)
    assert visible(new) != visible(old) and set(visible(new)) == set(visible(old))
    assert frictionless_ok(reference)
    hook = base / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILL_HOOK, encoding="utf-8")
    counter = base / "steps.log"
    done = dvc(shutil.copytree(root, base / "count", symlinks=True), "repro",
               env=project_env(hook, PIPELINE_KILL_AT="0", PIPELINE_KILL_COUNTER=str(counter)))
    assert done.returncode == 0, done.stderr[-3000:]
    steps = counter.read_text(encoding="utf-8").splitlines()
    return {"root": root, "base": base, "old": old, "new": new, "hook": hook, "steps": steps}


def same_step(a: str, b: str) -> bool:
    """Two logged steps are the same up to the random name of a staging directory."""
    staging = re.compile(re.escape(publication_journal.STAGING_PREFIX) + r"\w+")
    return staging.sub("STAGING", a) == staging.sub("STAGING", b)


def kill_points(steps: list[str]) -> dict[str, int]:
    """Named step numbers (1-based) to kill at: DVC removing outputs, each stage writing, publish before,
    at and after its commit point and during its moves, and the stages after publish."""
    def first(pred, after: int = 0) -> int:
        return next(i + 1 for i, s in enumerate(steps) if i + 1 > after and pred(s))

    commit = first(lambda s: s == f"pipeline replace {publication_journal.JOURNAL}.tmp {publication_journal.JOURNAL}")
    staging = first(lambda s: s.startswith("pipeline mkdir .staging-"))
    moves = [i + 1 for i, s in enumerate(steps) if i + 1 > commit and s.startswith("pipeline replace ")
             and s.split()[2] == s.split()[3]][: 2 * len(catalogue.RESOURCES) + 2]
    # a CSV and a Parquet file per resource, the SQLite database, then datapackage.json
    assert len(moves) == 2 * len(catalogue.RESOURCES) + 2 and steps[moves[-1] - 1].endswith("datapackage.json")
    points = {
        "dvc removes the extract output": first(lambda s: s.startswith("dvc unlink") or s.startswith("dvc rmtree")),
        "extract writes": first(lambda s: s.startswith("pipeline replace") and "event_mentions.csv" in s),
        "publish made its staging directory": staging + 1,
        "just before the commit point": commit - 1,
        "the commit point": commit,
        "first move": moves[0],
        "a middle move": moves[len(moves) // 2],
        "datapackage.json moved": moves[-1],
        "publish cleans up": moves[-1] + 1,
        "document writes": first(lambda s: "data-dictionary.md" in s and s.startswith("pipeline replace")),
        "figures write": first(lambda s: ".png" in s and s.startswith("pipeline replace")),
        "evaluate writes": first(lambda s: "evaluation.json" in s and s.startswith("pipeline replace")),
    }
    assert len(set(points.values())) == len(points) >= 10, points
    return points


@pytest.mark.slow
def test_dvc_repro_killed_at_any_point_leaves_a_valid_package(dvc_project):
    from concurrent.futures import ThreadPoolExecutor

    steps = dvc_project["steps"]
    points = sorted(kill_points(steps).items(), key=lambda p: p[1])
    # `dvc repro --force` also re-runs the corpus extraction (before evaluate), which a plain `dvc repro`
    # skips (the corpus did not change): points after the figures are counted, and killed, without --force
    corpus_start = dict(points)["figures write"] + 1
    base = dvc_project["base"]

    def killed(n: int, k: int) -> tuple[Path, subprocess.CompletedProcess, Path]:
        root = shutil.copytree(dvc_project["root"], base / f"kill-{k}", symlinks=True)
        counter = base / f"kill-{k}.steps"
        # `dvc repro` and `dvc repro --force` alike (up to the corpus extraction, see above)
        force = ["--force"] if n % 2 and k < corpus_start else []
        return root, dvc(root, "repro", *force, env=project_env(dvc_project["hook"], PIPELINE_KILL_AT=str(k),
                                                                  PIPELINE_KILL_COUNTER=str(counter))), counter

    # Independent scratch projects, so the kills run side by side (the checks below run one at a time).
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        runs = list(pool.map(lambda a: killed(*a), [(n, k) for n, (_what, k) in enumerate(points)]))
    journals = set()
    for (what, k), (root, done, counter) in zip(points, runs, strict=True):
        assert done.returncode != 0, (what, k)
        last = counter.read_text(encoding="utf-8").splitlines()[-1]
        assert same_step(last, steps[k - 1]), (what, k, last)  # the run took the same steps
        files = outputs_of(root)
        for name in set(dvc_project["old"]) | set(dvc_project["new"]):  # every output is there, whole
            if "/." not in f"/{name}":
                assert files.get(name) in (dvc_project["old"][name], dvc_project["new"][name]), (what, name)
        journal = (root / "processed" / publication_journal.JOURNAL).exists()
        states = [s for s in ("old", "new") if package_of(files) == package_of(dvc_project[s])]
        if journal:  # killed between the commit point and the last move: whole, or a mix validation detects
            journals.add(what)
            assert states or not frictionless_ok(root), what
        else:  # the old package or the new one, entirely, and valid
            assert states, (what, k)
            assert frictionless_ok(root), (what, k)
    assert journals, "no kill landed between the commit point and the last move"
    # the next `dvc repro` finishes the build: the new outputs, no leftovers, nothing left to run
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        finished = list(pool.map(lambda r: (dvc(r[0], "repro"), dvc(r[0], "status", "-q")), runs))
    for (what, k), (root, _done, _counter), (done, status) in zip(points, runs, finished, strict=True):
        assert done.returncode == 0, (what, k, done.stderr[-2000:])
        assert outputs_of(root) == dvc_project["new"], (what, k)
        assert frictionless_ok(root), (what, k)
        assert status.returncode == 0, (what, k, status.stdout)
        shutil.rmtree(root)


# --- 3c. full disks, size limits, read-only directories: one error line, nothing left behind ---------

def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, as in the project's VM)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="mount-probe-"))
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                              capture_output=True, check=False)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


@pytest.fixture
def small_fs():
    """mount(path, kbytes, read_only=False): a tmpfs of that size at path (unmounted afterwards)."""
    if not can_mount():
        pytest.skip("cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN); the RLIMIT_FSIZE tests cover it")
    mounted: list[Path] = []

    def mount(path: Path, kbytes: int, fill_from: Path | None = None, read_only: bool = False) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kbytes}k", "tmpfs", str(path)], check=True)
        mounted.append(path)
        if fill_from is not None:
            for f in fill_from.iterdir():
                shutil.copyfile(f, path / f.name)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        return path

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", str(path)], check=False)


def old_package_in(root: Path, old_and_new, mount=None, kbytes: int = 0, read_only: bool = False) -> None:
    """trial_dir's layout, the old package in processed/ (on a tmpfs of ``kbytes`` when mount is given)."""
    shutil.copytree(old_and_new["new"], root)
    shutil.copyfile(old_and_new["old"] / "datapackage.json", root / "datapackage.json")
    if mount is None:
        shutil.copytree(old_and_new["old"] / "processed", root / "processed")
    else:
        mount(root / "processed", kbytes, fill_from=old_and_new["old"] / "processed", read_only=read_only)


def run_limited(args: list[str], cwd: Path, fsize: int) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` with RLIMIT_FSIZE = fsize bytes: a write past it fails with EFBIG,
    as a full disk fails with ENOSPC (no root needed)."""
    import resource

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=600, preexec_fn=limit, env=this_code())


def assert_one_error_line(done: subprocess.CompletedProcess, pattern: str) -> None:
    assert done.returncode == 1, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and re.search(pattern, errors[0]), done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.name.startswith(".staging-") or p.name.endswith(".tmp"))


def test_publish_on_a_full_disk_says_so_and_leaves_the_old_package(old_and_new, tmp_path, small_fs):
    root = tmp_path / "t"
    size = sum(f.stat().st_size for f in (old_and_new["old"] / "processed").iterdir() if f.is_file())
    # the old package fits (tmpfs rounds up to pages), a second copy beside it does not
    old_package_in(root, old_and_new, small_fs, kbytes=size * 3 // 2 // 1024 + 64)
    done = run_cli("--quiet", *stage_args()[3], cwd=root)
    assert_one_error_line(done, r"^error: processed/\.staging-\w+/\S+: no space left on device$")
    assert assert_old_or_new(root, old_and_new) == "old"  # hidden leftovers included: none
    assert leftovers(root) == []
    assert frictionless_ok(root)


def test_publish_on_a_read_only_directory_says_so(old_and_new, tmp_path, small_fs):
    root = tmp_path / "t"
    old_package_in(root, old_and_new, small_fs, kbytes=2048, read_only=True)
    done = run_cli("--quiet", *stage_args()[3], cwd=root)
    assert_one_error_line(done, r"^error: processed/\.staging-\w+: read-only file system$")
    assert assert_old_or_new(root, old_and_new) == "old"


def test_publish_without_write_permission_says_so(old_and_new, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores directory permissions (the read-only tmpfs test covers this as root)")
    root = tmp_path / "t"
    old_package_in(root, old_and_new)
    (root / "processed").chmod(0o555)
    try:
        done = run_cli("--quiet", *stage_args()[3], cwd=root)
    finally:
        (root / "processed").chmod(0o755)
    assert_one_error_line(done, r"^error: processed/\.staging-\w+: permission denied$")
    assert assert_old_or_new(root, old_and_new) == "old"


def test_publish_past_a_file_size_limit_says_so_and_leaves_the_old_package(old_and_new, tmp_path):
    root = tmp_path / "t"
    old_package_in(root, old_and_new)
    done = run_limited(["--quiet", *stage_args()[3]], root, fsize=20_000)  # event_mentions.csv is larger
    assert_one_error_line(done, r"^error: processed/\.staging-\w+/\S+: file too large")
    assert assert_old_or_new(root, old_and_new) == "old"
    assert leftovers(root) == []


def test_extract_past_a_file_size_limit_leaves_no_temporary_files(tmp_path, earlier_extract):
    out = tmp_path / "out"
    shutil.copytree(earlier_extract, out)
    before = snapshot(out)
    done = run_limited(["extract", "--raw-dir", str(REPO / "raw"), "--out-dir", str(out)], tmp_path, fsize=30_000)
    assert_one_error_line(done, r"^error: \S*out/\.event_mentions\.csv\.tmp: file too large")
    assert snapshot(out) == before  # hidden files included: no .*.csv.tmp left
    assert leftovers(out) == []


def test_extract_on_a_full_disk_leaves_no_temporary_files(tmp_path, earlier_extract, small_fs):
    out = small_fs(tmp_path / "out", 128, fill_from=earlier_extract)  # the old output fits, a second not
    before = snapshot(out)
    done = run_cli("extract", "--raw-dir", REPO / "raw", "--out-dir", out)
    assert_one_error_line(done, r"^error: \S*out/\.\w+\.csv\.tmp: no space left on device$")
    assert snapshot(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("stage", [1, 2])  # reconcile, validate: the other writers, through fsutil
def test_other_stages_past_a_file_size_limit_say_so(tmp_path, stage):
    root = tmp_path / "t"
    copy_raw(root / "raw")
    build_here(root, stages=stage)
    done = run_limited(["--quiet", *stage_args()[stage]], root, fsize=1_000)
    assert_one_error_line(done, r"^error: build/\S+\.tmp: file too large")
    assert leftovers(root) == []


@pytest.mark.slow
def test_dvc_repro_on_a_full_disk_keeps_the_package(dvc_project, small_fs):
    root = dvc_project["base"] / "full-disk"
    shutil.copytree(dvc_project["root"], root, symlinks=True)
    before = outputs_of(root)
    moved = dvc_project["base"] / "processed-before"
    shutil.move(root / "processed", moved)
    size = sum(f.stat().st_size for f in moved.iterdir() if f.is_file())
    small_fs(root / "processed", size * 3 // 2 // 1024 + 64, fill_from=moved)  # the package fits, a second does not
    done = dvc(root, "repro")
    assert done.returncode != 0
    assert "no space left on device" in done.stderr and "Traceback" not in done.stderr
    assert outputs_of(root) == before  # the previous package, documentation and metrics, whole
    assert frictionless_ok(root)
    assert leftovers(root / "processed") == []


@pytest.mark.parametrize("command", [
    ["document", "--processed-dir", "processed", "--out", "docs/data-dictionary.md"],
    ["figures", "--processed-dir", "processed", "--out-dir", "docs/figures"],
    ["evaluate", "--texts-dir", "raw", "--gold-dir", "gold", "--pred-dir", "processed",
     "--metrics", "metrics/evaluation.json", "--errors", "metrics/errors.md"],
])
def test_the_stages_after_publish_past_a_file_size_limit_keep_their_previous_output(old_and_new, tmp_path, command):
    root = tmp_path / "t"
    shutil.copytree(old_and_new["old"], root)
    shutil.copytree(REPO / "tests" / "gold", root / "gold",  # the gold of the old package's four sources
                    ignore=lambda _d, names: [n for n in names if n.startswith("news-paris-2018")])
    assert run_cli("--quiet", *command, cwd=root).returncode == 0  # the previous output
    before = snapshot(root)
    done = run_limited(["--quiet", *command], root, fsize=2_000)
    assert_one_error_line(done, r"^error: (docs|metrics)/\S*\.tmp: file too large")
    assert snapshot(root) == before and leftovers(root) == []
