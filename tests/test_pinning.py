"""Pinning a release end to end: the README's dvc get / dvc import / dvc.api commands, run as
written (with a commit id for <commit>) against a clone of this repository, give the bytes
that commit's datapackage.json describes; `dvc update --rev` moves to a tag."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TAG = "v0.0.0-pinning-test"  # made in the clone only; the README's <commit> is replaced by its commit
NEXT_TAG = "v0.0.1-pinning-test"
PLACEHOLDER = "<repository URL>"
COMMIT = "<commit>"


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DVC_NO_ANALYTICS": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"{shlex.join(cmd)}\n{result.stdout}\n{result.stderr}"
    return result


def readme_section(title: str) -> str:
    text = (HERE.parent / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def code_blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def tagged_clone(tmp_path_factory) -> tuple[Path, dict]:
    """A clone of this repository (its committed HEAD) with TAG and NEXT_TAG; the tag's package."""
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=HERE, capture_output=True, check=False)
    if inside.returncode != 0:
        pytest.skip("the tests are not in a Git checkout: nothing to clone and tag")
    top = run(["git", "rev-parse", "--show-toplevel"], HERE).stdout.strip()
    prefix = run(["git", "rev-parse", "--show-prefix"], HERE.parent).stdout.strip()
    clone = tmp_path_factory.mktemp("pin") / "src"
    run(["git", "clone", "--quiet", "--no-local", top, str(clone)], HERE)
    ident = ["-c", "user.name=pinning test", "-c", "user.email=test@example.org"]
    for tag in (TAG, NEXT_TAG):
        run(["git", *ident, "tag", "-f", "-a", tag, "-m", "pinning test"], clone)
    package = json.loads(run(["git", "show", f"{TAG}:./{prefix}datapackage.json"], clone).stdout)
    return clone / prefix if prefix else clone, package


def tag_commit(project: Path) -> str:
    return run(["git", "rev-parse", f"{TAG}^{{commit}}"], project).stdout.strip()


def resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


@pytest.mark.slow
def test_readme_dvc_get_and_import_give_the_released_bytes(tagged_clone, tmp_path):
    project, package = tagged_clone
    section = readme_section("Pinning a release")
    commands = [line for block in code_blocks(section, "sh") for line in block.splitlines() if line.strip()]
    assert [c.split()[:2] for c in commands] == [["dvc", "get"], ["dvc", "import"]]
    assert all(PLACEHOLDER in c and f"--rev {COMMIT}" in c for c in commands)
    commit = tag_commit(project)  # a clone of main has no tags: the README pins a commit

    consumer = tmp_path / "consumer"
    consumer.mkdir()
    run(["git", "init", "--quiet"], consumer)
    run(["dvc", "init", "--quiet"], consumer)
    for command in commands:
        words = shlex.split(command.replace(PLACEHOLDER, shlex.quote(str(project))).replace(COMMIT, commit))
        run([str(BIN / "dvc"), *words[1:]], consumer)

    events = resource(package, "event_mentions")
    parquet, csv_file = consumer / "event_mentions.parquet", consumer / "event_mentions.csv"
    assert sha256(parquet) == events["x-parquet"]["hash"]
    assert parquet.stat().st_size == events["x-parquet"]["bytes"]
    assert sha256(csv_file) == events["hash"] and csv_file.stat().st_size == events["bytes"]
    pin = (consumer / "event_mentions.csv.dvc").read_text()
    assert f"rev: {commit}" in pin and "rev_lock:" in pin

    # the README's `dvc update --rev` moves the pin deliberately
    run([str(BIN / "dvc"), "update", "--rev", NEXT_TAG, "event_mentions.csv.dvc"], consumer)
    assert f"rev: {NEXT_TAG}" in (consumer / "event_mentions.csv.dvc").read_text()
    assert sha256(csv_file) == events["hash"]  # same commit, same bytes


@pytest.mark.slow
def test_readme_pandas_snippet_reads_the_pinned_release(tagged_clone, tmp_path):
    project, package = tagged_clone
    (snippet,) = code_blocks(readme_section("Pinning a release"), "python")
    assert PLACEHOLDER in snippet and f'rev="{COMMIT}"' in snippet
    code = snippet.replace(PLACEHOLDER, str(project)).replace(COMMIT, tag_commit(project))
    check = (
        "\nimport json, sys\n"
        "json.dump({'rows': len(events), 'columns': list(events.columns),"
        " 'csv_rows': len(events_csv), 'first': events_csv.iloc[0].to_dict()}, sys.stdout)\n"
    )
    out = json.loads(run([sys.executable, "-c", code + check], tmp_path).stdout)

    events = resource(package, "event_mentions")
    names = [f["name"] for f in events["schema"]["fields"]]
    released = tmp_path / "released.parquet"
    data = subprocess.run(["git", "show", f"{TAG}:./{events['x-parquet']['path']}"], cwd=project,
                          capture_output=True, check=True).stdout
    released.write_bytes(data)
    assert sha256(released) == events["x-parquet"]["hash"]
    table = pq.read_table(released)
    assert out["columns"] == names
    assert out["rows"] == out["csv_rows"] == table.num_rows > 0
    first = table.slice(0, 1).to_pylist()[0]
    assert out["first"]["mention_id"] == first["mention_id"] and out["first"]["quote"] == first["quote"]
