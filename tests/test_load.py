"""pipeline.package.load: a table from a directory or a Git revision, refused when its checksum is wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.package.load import ChecksumError, LoadError, load

ROOT = Path(__file__).resolve().parents[1]
GIT = ["git", "-c", "user.name=load test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def publish(repo: Path, rows: list[dict]) -> None:
    """A minimal package: processed/things.parquet and its x-parquet entry in datapackage.json."""
    table = pa.table(
        {"thing_id": [r["thing_id"] for r in rows], "seen": [r["seen"] for r in rows],
         "count": [r["count"] for r in rows]},
        schema=pa.schema([("thing_id", pa.string()), ("seen", pa.date32()), ("count", pa.int64())]),
    )
    path = repo / "processed" / "things.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    data = path.read_bytes()
    package = {"name": "t", "resources": [{"name": "things", "path": "processed/things.csv", "x-parquet": {
        "path": "processed/things.parquet", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }}]}
    (repo / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


V1 = [{"thing_id": "a", "seen": dt.date(1981, 6, 20), "count": None}]
V2 = V1 + [{"thing_id": "b", "seen": None, "count": 3}]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    publish(repo, V1)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1.0.0")
    publish(repo, V2)
    git(repo, "commit", "-q", "-am", "v2")
    return repo


def test_directory_and_tag_give_their_own_rows_with_types(repo):
    now = load("things", root=repo)
    assert now["thing_id"].tolist() == ["a", "b"]
    assert now["seen"].dtype.pyarrow_dtype == pa.date32() and now["seen"].iloc[0] == dt.date(1981, 6, 20)
    assert now["count"].dtype.pyarrow_dtype == pa.int64() and now["count"].isna().tolist() == [True, False]
    then = load("things", version="v1.0.0", root=repo)
    assert then["thing_id"].tolist() == ["a"]


def test_a_version_is_read_from_git_not_from_the_working_tree(repo):
    (repo / "processed" / "things.parquet").write_bytes(b"not parquet")
    assert load("things", version="HEAD", root=repo)["thing_id"].tolist() == ["a", "b"]
    with pytest.raises(ChecksumError, match=r"things\.parquet: sha256 [0-9a-f]{64} \(11 bytes\) does not match"):
        load("things", root=repo)


def test_a_file_changed_after_publication_is_refused(repo):
    pq.write_table(pa.table({"thing_id": ["z"]}), repo / "processed" / "things.parquet")
    with pytest.raises(ChecksumError, match="changed after publication"):
        load("things", root=repo)


def test_unknown_resource_revision_and_missing_file_are_clear_errors(repo, tmp_path):
    with pytest.raises(LoadError, match="unknown resource 'nothing'; this version has: things"):
        load("nothing", root=repo)
    with pytest.raises(LoadError, match="at v9.9.9"):
        load("things", version="v9.9.9", root=repo)
    with pytest.raises(LoadError, match="datapackage.json: cannot read"):
        load("things", root=tmp_path / "empty")


def test_loads_the_published_package_of_this_repository():
    sources = load("sources", root=ROOT)
    assert sources["source_id"].is_unique and len(sources) >= 5
