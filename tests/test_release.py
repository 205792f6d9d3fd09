"""pipeline.release.release: classify the change since the last v* tag, set the version, re-publish, changelog."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ALPHA, BETA, manifest_line, valid_mentions
from test_publish import run_here

from pipeline.__main__ import main as cli_main
from pipeline.package import csvio, datapackage
from pipeline.package.reconciliation import reconcile
from pipeline.release import release

REPO = Path(__file__).resolve().parents[1]


class Project:
    """The synthetic project as a Git repository, with its own metadata.json and pyproject.toml."""

    def __init__(self, synthetic, code: Path) -> None:
        self.s = synthetic
        self.root = synthetic.root
        self.metadata = code / "pipeline" / "metadata.json"
        self.pyproject = code / "pyproject.toml"
        self.changelog = self.root / "CHANGELOG.md"

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=self.root, check=True, capture_output=True, text=True,
        )
        return result.stdout

    def rebuild(self, mutate=None, texts=None) -> None:
        """Extract-like tables from (mutated) hand-made mentions, reconciled; validate; publish."""
        texts = texts or {"alpha": ALPHA, "beta": BETA}
        self.s.texts = texts
        self.s.write_raw()
        mentions = valid_mentions()
        if mutate:
            mutate(mentions)
        for rows in mentions.values():
            for row in rows:
                for key in ("date_start", "date_end"):
                    if isinstance(row.get(key), str):
                        row[key] = dt.date.fromisoformat(row[key])
        derived = reconcile(mentions, texts, list(texts))
        for path in self.s.extract.glob("*.csv"):
            path.unlink()
        self.s.write_tables({**mentions, **derived})
        assert run_here(self.s, "validate") == 0 and run_here(self.s, "publish") == 0

    def commit_and_tag(self, tag: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-qm", f"release {tag}")
        self.git("tag", "-a", tag, "-m", tag)

    def files(self) -> dict[str, bytes]:
        paths = [self.metadata, self.pyproject, self.s.package, self.changelog, *sorted(self.s.processed.iterdir())]
        return {p.name: p.read_bytes() for p in paths if p.is_file()}

    def version(self) -> str:
        return json.loads(self.metadata.read_text())["version"]


@pytest.fixture
def project(synthetic, tmp_path, monkeypatch, capsys) -> Project:
    """Published at version 0.0.1 (metadata and pyproject copies), committed, no tag yet."""
    code = tmp_path / "code"
    (code / "pipeline").mkdir(parents=True)
    shutil.copy(datapackage.METADATA_PATH, code / "pipeline" / "metadata.json")
    shutil.copy(REPO / "pyproject.toml", code / "pyproject.toml")
    monkeypatch.setattr(datapackage, "METADATA_PATH", code / "pipeline" / "metadata.json")
    p = Project(synthetic, code)
    release.set_metadata_version(p.metadata, "0.0.1")
    release.set_pyproject_version(p.pyproject, "0.0.1")
    (p.root / ".gitignore").write_text("build/\n")
    p.git("init", "-q")
    p.rebuild()
    p.git("add", "-A")
    p.git("commit", "-qm", "start")
    monkeypatch.chdir(p.root)
    capsys.readouterr()
    return p


def released(p: Project, capsys, tag: str = "v0.1.0") -> None:
    """Release (first: 0.1.0), commit and tag it."""
    assert cli_main(["release", "--version", tag[1:]]) == 0
    capsys.readouterr()
    p.commit_and_tag(tag)


GAMMA = "A text that names no dated event at all.\n"


def test_first_release_is_0_1_0_and_the_version_is_written_everywhere(project, capsys):
    assert cli_main(["release"]) == 0
    out = capsys.readouterr().out
    p = project
    assert p.version() == "0.1.0"
    assert tomllib.loads(p.pyproject.read_text())["project"]["version"] == "0.1.0"
    package = json.loads(p.s.package.read_text())
    assert package["version"] == "0.1.0" and package["x-release"] == {"tag": "v0.1.0"}
    for resource in package["resources"]:
        for entry in (resource, resource["x-parquet"]):  # re-published: the hashes are the files'
            data = (p.root / entry["path"]).read_bytes()
            assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        meta = pq.read_schema(p.root / resource["x-parquet"]["path"]).metadata
        assert meta[b"version"] == b"0.1.0" and meta[b"release_tag"] == b"v0.1.0"
    log = p.changelog.read_text()
    assert log.startswith("# Changelog\n")
    assert "## 0.1.0 — tag `v0.1.0`" in log and "**MINOR**" in log and "first release" in log
    assert "- minor: event_mentions: new resource (2 rows)" in log
    assert "\n## 0.1.0 — tag `v0.1.0`\n" in log  # no date unless --date
    assert "git tag -a v0.1.0 -m 'mek-events 0.1.0'" in out and "git commit -m 'Release 0.1.0'" in out
    assert "CHANGELOG.md" in out.split("git add ")[1].split("\n")[0]


def test_new_rows_are_minor_and_too_small_or_repeated_versions_are_refused(project, capsys):
    p = project
    released(p, capsys)
    p.rebuild(texts={"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    before = p.files()
    for version, message in [
        ("0.1.1", "0.1.1 is too small: the change since 0.1.0 is MINOR, which needs at least 0.2.0"),
        ("0.1.0", "0.1.0 is not greater than the last release 0.1.0"),
        ("0.0.9", "not greater than the last release"),
        ("1.0", "'1.0' is not a version MAJOR.MINOR.PATCH"),
    ]:
        assert cli_main(["release", "--version", version]) == 1
        assert message in capsys.readouterr().err
        assert p.files() == before  # nothing written
    assert cli_main(["release"]) == 0
    out = capsys.readouterr().out
    assert "release 0.2.0 (tag v0.2.0): MINOR" in out and "minor: sources: 1 row added" in out
    assert p.version() == "0.2.0"
    log = p.changelog.read_text()
    assert log.index("## 0.2.0 — tag `v0.2.0`") < log.index("## 0.1.0 — tag `v0.1.0`")
    assert "Compared with `v0.1.0` (version 0.1.0): **MINOR**." in log
    assert "sources: 2 -> 3 rows: 1 added, 0 removed, 0 changed (key source_id)\n  added:\n    gamma\n" in log


def test_corrected_values_are_patch(project, capsys):
    p = project
    released(p, capsys)
    manifest = p.s.raw / "sources.csv"

    def retitle() -> None:
        lines = manifest.read_text().splitlines()
        data = BETA.encode()
        lines[2] = manifest_line("beta", data, title="A corrected title")
        manifest.write_text("\n".join(lines) + "\n")

    p.rebuild()
    retitle()
    assert run_here(p.s, "validate") == 0 and run_here(p.s, "publish") == 0
    assert cli_main(["release", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "release 0.1.1 (tag v0.1.1): PATCH" in out
    assert "beta: title 'Title of beta' -> 'A corrected title'" in out
    assert p.version() == "0.1.0" and "0.1.1" not in p.changelog.read_text()  # dry run
    assert cli_main(["release", "--date", "2031-02-03"]) == 0
    assert "## 0.1.1 — 2031-02-03 — tag `v0.1.1`" in p.changelog.read_text()


def test_removed_rows_and_schema_changes_are_major(project, capsys):
    p = project
    released(p, capsys)
    p.rebuild(mutate=lambda m: m["designation_mentions"].clear())
    assert cli_main(["release", "--version", "0.2.0"]) == 1
    err = capsys.readouterr().err
    assert "the change since 0.1.0 is MAJOR, which needs at least 1.0.0" in err
    assert cli_main(["release", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "release 1.0.0 (tag v1.0.0): MAJOR" in out
    assert "major: designation_mentions: 1 row removed" in out

    # a schema change: one field less in a published table
    p.rebuild()
    package = json.loads(p.s.package.read_text())
    resource = next(r for r in package["resources"] if r["name"] == "sources")
    resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] != "note"]
    p.s.package.write_text(json.dumps(package))
    csv_path = p.root / resource["path"]
    rows = csvio.read_csv_rows("sources", csv_path)
    names = [f["name"] for f in resource["schema"]["fields"]]
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert cli_main(["diff", "v0.1.0", "."]) == 0
    out = capsys.readouterr().out
    assert "change: MAJOR" in out and "field removed: note (string)" in out


def test_stale_processed_is_refused_and_every_file_restored(project, capsys):
    p = project
    released(p, capsys)
    before = p.files()
    p.s.texts = {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA}
    p.s.write_raw()  # validated below but never published: processed/ is stale
    assert run_here(p.s, "validate") == 0
    capsys.readouterr()
    assert cli_main(["release", "--version", "0.1.1"]) == 1
    err = capsys.readouterr().err
    assert "are not what `publish` makes" in err and "run `dvc repro`" in err
    assert p.files() == before
    assert cli_main(["release", "--dry-run"]) == 1  # stale is never "nothing to release"
    assert "are not what `publish` makes" in capsys.readouterr().err


def test_existing_tag_or_changelog_entry_is_refused(project, capsys):
    p = project
    released(p, capsys)
    p.rebuild(texts={"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    p.git("tag", "v0.3.0")  # the highest tag is the last release...
    assert cli_main(["release", "--version", "0.3.0"]) == 1
    assert "0.3.0 is not greater than the last release 0.3.0" in capsys.readouterr().err
    assert cli_main(["release", "--version", "0.3.0", "--against", "v0.1.0"]) == 1  # ...unless --against
    assert "tag v0.3.0 already exists" in capsys.readouterr().err
    before = p.files()
    p.changelog.write_text(p.changelog.read_text() + "\n## 0.2.0 — tag `v0.2.0`\n\nhand-written\n")
    assert cli_main(["release", "--version", "0.2.0", "--against", "v0.1.0"]) == 1
    assert "already has an entry for 0.2.0" in capsys.readouterr().err
    assert {k: v for k, v in p.files().items() if k != "CHANGELOG.md"} == {
        k: v for k, v in before.items() if k != "CHANGELOG.md"
    }
    assert cli_main(["release", "--version", "0.2.0", "--date", "soon"]) == 1
    assert "not YYYY-MM-DD" in capsys.readouterr().err


def test_against_a_directory(project, capsys, tmp_path):
    p = project
    released(p, capsys)
    old = tmp_path / "v010"
    old.mkdir()
    shutil.copy(p.s.package, old / "datapackage.json")
    shutil.copytree(p.s.processed, old / "processed")
    p.rebuild(texts={"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    assert cli_main(["release", "--dry-run", "--against", str(old)]) == 0
    assert "release 0.2.0 (tag v0.2.0): MINOR" in capsys.readouterr().out


def test_version_helpers():
    assert release.bump((1, 4, 2), "major") == (2, 0, 0)
    assert release.bump((1, 4, 2), "minor") == (1, 5, 0)
    assert release.bump((1, 4, 2), "patch") == (1, 4, 3)
    assert release.bump((1, 4, 2), "none") == (1, 4, 3)
    release.check_version((2, 0, 0), (1, 4, 2), "major")
    release.check_version((1, 5, 0), (1, 4, 2), "patch")  # more than needed is fine
    with pytest.raises(release.ReleaseError, match="needs at least 1.5.0"):
        release.check_version((1, 4, 9), (1, 4, 2), "minor")
    with pytest.raises(release.ReleaseError):
        release.parse_version("01.2.3")


def test_pyproject_and_metadata_are_edited_in_place(tmp_path):
    meta = tmp_path / "metadata.json"
    shutil.copy(datapackage.METADATA_PATH, meta)
    original = meta.read_text()
    release.set_metadata_version(meta, "3.2.1")
    assert json.loads(meta.read_text())["version"] == "3.2.1"
    assert meta.read_text().replace('"3.2.1"', "X") == original.replace(
        f'"{json.loads(original)["version"]}"', "X"
    )  # only the version changed
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[tool.x]\nversion = "9"\n\n[project]\nname = "a"\nversion = "0.1.0"\n\n[tool.y]\nversion = "8"\n')
    release.set_pyproject_version(toml, "3.2.1")
    assert toml.read_text() == (
        '[tool.x]\nversion = "9"\n\n[project]\nname = "a"\nversion = "3.2.1"\n\n[tool.y]\nversion = "8"\n'
    )


def test_the_published_package_carries_its_release_metadata():
    """The committed datapackage.json: version, tag, raw inputs (hashes of raw/), Parquet metadata."""
    package = json.loads((REPO / "datapackage.json").read_text())
    version = datapackage.load_metadata()["version"]
    assert package["version"] == version and package["x-release"] == {"tag": f"v{version}"}
    inputs = package["x-raw-inputs"]
    assert [e["path"] for e in inputs] == sorted(["raw/sources.csv", *(f"raw/{p.name}" for p in
                                                                       (REPO / "raw").glob("*.txt"))])
    for entry in inputs:
        data = (REPO / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data) and entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    sources = {r["source_id"]: r["sha256"] for r in csvio.read_csv_rows("sources", REPO / "processed/sources.csv")}
    assert {e["source_id"]: e["hash"] for e in inputs if "source_id" in e} == {
        k: f"sha256:{v}" for k, v in sources.items()
    }
    for resource in package["resources"]:
        meta = pq.read_schema(REPO / resource["x-parquet"]["path"]).metadata
        assert meta[b"version"] == version.encode() and meta[b"package"] == package["name"].encode()


def test_parquet_files_name_the_locked_pyarrow_as_the_readme_says():
    """README, "What is byte-identical": Parquet bytes depend on the pyarrow version, which the
    file footer names; the committed files were written by the locked version."""
    locked = re.search(r"(?m)^pyarrow==(\S+)", (REPO / "requirements.lock").read_text())[1]
    readme = (REPO / "README.md").read_text()
    assert f"`created_by`: `parquet-cpp-arrow version {locked}`" in readme
    for path in sorted((REPO / "processed").glob("*.parquet")):
        assert pq.ParquetFile(path).metadata.created_by == f"parquet-cpp-arrow version {locked}", path.name


def test_nothing_changed_since_the_last_release_is_nothing_to_release(project, capsys):
    p = project
    released(p, capsys)
    before = p.files()
    for argv in (["release", "--dry-run"], ["release"], ["release", "--version", "0.1.1"]):
        assert cli_main(argv) == 0
        out = capsys.readouterr().out
        assert out.startswith("nothing to release: the package is the same as `v0.1.0` (version 0.1.0)"), out
        assert "0.1.1" not in out and "NONE" not in out
    assert p.files() == before  # nothing written
    p.rebuild(texts={"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})  # a change: a release again
    assert cli_main(["release", "--dry-run"]) == 0
    assert "release 0.2.0 (tag v0.2.0): MINOR change" in capsys.readouterr().out


def test_a_release_commit_without_a_tag_is_the_last_release(project, capsys):
    """A clone of main alone has no tags: the commit `Release X.Y.Z` (as release prints it) counts."""
    p = project
    assert cli_main(["release", "--version", "0.1.0"]) == 0
    out = capsys.readouterr().out
    assert "git commit -m 'Release 0.1.0'" in out
    p.git("add", "-A")
    p.git("commit", "-qm", "Release 0.1.0")  # and no tag
    commit = p.git("rev-parse", "HEAD").strip()
    assert release.release_commits(p.root) == [((0, 1, 0), commit)]
    assert cli_main(["release", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(f"nothing to release: the package is the same as `{commit[:12]}`")
    p.git("commit", "-q", "--allow-empty", "-m", "Release notes for 0.1.0 (not a release commit)")
    p.rebuild(texts={"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    assert cli_main(["release", "--dry-run"]) == 0
    assert f"release 0.2.0 (tag v0.2.0): MINOR change since `{commit[:12]}` (version 0.1.0)" in capsys.readouterr().out


def test_a_changelog_without_a_findable_release_asks_for_against(project, capsys):
    p = project
    assert cli_main(["release", "--version", "0.1.0"]) == 0
    p.git("add", "-A")
    p.git("commit", "-qm", "Publish the first version")  # neither tagged nor `Release 0.1.0`
    commit = p.git("rev-parse", "HEAD").strip()
    capsys.readouterr()
    assert cli_main(["release", "--dry-run"]) == 1
    assert "records release 0.1.0, but no v* tag and no `Release X.Y.Z` commit" in capsys.readouterr().err
    assert cli_main(["release", "--dry-run", "--against", commit]) == 0
    assert "nothing to release" in capsys.readouterr().out
