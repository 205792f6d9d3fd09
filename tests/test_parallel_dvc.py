"""`dvc repro` with the extract cache: a new source in raw/ is extracted alone, and every later stage re-runs."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NEW_TEXT = (
    "MEK chronicle\n\n"
    "On 14 March 2031, the MEK bombed a depot in Lyon, killing 3 people. "
    "About 2,500 members of the MEK lived at the camp in 2032.\n"
)


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DVC_NO_ANALYTICS": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def scratch_copy(dest: Path) -> Path:
    """The working tree's files that Git tracks or would track (not build/, .venv/), in a fresh Git repository."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a Git checkout")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    ident = ["-c", "user.name=test", "-c", "user.email=test@example.org"]
    run(["git", "init", "-q"], dest)
    run(["git", "add", "-A"], dest)
    run(["git", *ident, "commit", "-q", "-m", "copy"], dest)
    return dest


def digests(root: Path, names: list[str]) -> dict[str, str]:
    return {n: hashlib.sha256((root / n).read_bytes()).hexdigest() for n in names}


@pytest.mark.slow
def test_repro_after_one_new_source_extracts_it_alone_and_rebuilds_the_rest(tmp_path):
    repo = scratch_copy(tmp_path / "repo")
    run(["dvc", "repro"], repo)
    assert len(list((repo / "build" / "cache" / "extract").rglob("*.json"))) == 5

    data = NEW_TEXT.encode("utf-8")
    (repo / "raw" / "zz-chronicle-2033.txt").write_bytes(data)
    manifest = repo / "raw" / "sources.csv"
    header = manifest.read_text(encoding="utf-8").splitlines()[0].split(",")
    row = {"source_id": "zz-chronicle-2033", "file": "zz-chronicle-2033.txt", "title": "MEK chronicle",
           "published": "2033", "published_precision": "year", "url": "https://example.org/chronicle",
           "note": "crafted for a test", "sha256": hashlib.sha256(data).hexdigest(), "bytes": str(len(data))}
    with open(manifest, "a", encoding="utf-8", newline="") as f:
        f.write(",".join(row.get(c, "") for c in header) + "\r\n")
    done = run(["dvc", "repro"], repo)
    log = done.stdout + done.stderr
    assert "1 documents extracted" in log and "5 from the cache" in log
    for stage in ("reconcile", "validate", "publish", "document", "evaluate"):
        assert f"Running stage '{stage}'" in log, stage

    with open(repo / "processed" / "sources.csv", encoding="utf-8", newline="") as f:
        assert "zz-chronicle-2033" in {row["source_id"] for row in csv.DictReader(f)}
    with open(repo / "processed" / "event_mentions.csv", encoding="utf-8", newline="") as f:
        new_rows = [row for row in csv.DictReader(f) if row["source_id"] == "zz-chronicle-2033"]
    assert [(r["date_start"], r["event_type"]) for r in new_rows] == [("2031-03-14", "attack")]
    assert run(["dvc", "status"], repo).stdout.strip() in ("", "Data and pipelines are up to date.")

    published = sorted(p.relative_to(repo).as_posix() for p in (repo / "processed").glob("*.csv"))
    published += ["datapackage.json", "docs/data-dictionary.md", "metrics/evaluation.json"]
    incremental = digests(repo, published)
    shutil.rmtree(repo / "build")  # no cache: every text extracted again
    run(["dvc", "repro", "--force"], repo)
    assert digests(repo, published) == incremental


def test_python_bytecode_beside_the_code_is_no_stage_dependency(tmp_path):
    """A stage's imports write __pycache__/*.pyc into the package (Python's default): DVC must not
    count them, or every `dvc repro` on a user's machine would rewrite dvc.lock."""
    repo = scratch_copy(tmp_path / "repo")
    before = run(["dvc", "status"], repo).stdout
    assert "pipeline/" not in before  # (build/ is missing in a copy: its stages' outputs are reported)
    for folder in [repo / "pipeline", *(p for p in (repo / "pipeline").rglob("*") if p.is_dir())]:
        (folder / "__pycache__").mkdir(exist_ok=True)
        (folder / "__pycache__" / "probe.cpython-311.pyc").write_bytes(b"\x00not code")
        (folder / "stray.pyc").write_bytes(b"\x00not code")
    after = run(["dvc", "status"], repo).stdout
    assert after == before
