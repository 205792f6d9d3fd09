"""pipeline.release.diff: row-level and schema diff of two package versions, and its semver class."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest
from test_publish import run_here

from pipeline.__main__ import main as cli_main
from pipeline.package import arrow, csvio
from pipeline.release import diff

FIELDS = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "year", "type": "integer", "constraints": {"minimum": 1900}},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
]
ROWS = [{"id": "x1", "year": "1981", "kind": "a"}, {"id": "x2", "year": "1990", "kind": "b"}]


def package(fields=None, rows=None, version="1.4.2", extra_tables=(), **props) -> diff.Package:
    """An in-memory package with one table ``t`` (primary key ``id``) and optional others."""
    fields = copy.deepcopy(FIELDS if fields is None else fields)
    rows = copy.deepcopy(ROWS if rows is None else rows)
    descriptor = {"name": "p", "version": version, "title": "P", **props}
    resource = {"name": "t", "path": "data/t.csv", "bytes": 1, "hash": "sha256:00",
                "schema": {"fields": fields, "primaryKey": ["id"]}}
    pkg = diff.Package("mem", descriptor, {"t": diff.Table("t", resource, rows)})
    for t in extra_tables:
        pkg.tables[t.name] = t
    pkg.descriptor["resources"] = [t.descriptor for t in pkg.tables.values()]
    return pkg


def level(old: diff.Package, new: diff.Package) -> str:
    return diff.classify(diff.diff_packages(old, new))[0]


def with_field(name: str, **change) -> list[dict]:
    fields = copy.deepcopy(FIELDS)
    for f in fields:
        if f["name"] == name:
            f.update(change)
    return fields


def with_constraint(name: str, key: str, value) -> list[dict]:
    fields = copy.deepcopy(FIELDS)
    for f in fields:
        if f["name"] == name:
            if value is None:
                f["constraints"].pop(key, None)
            else:
                f["constraints"][key] = value
    return fields


# --- classification -------------------------------------------------------------------


def test_identical_content_is_no_change_even_with_other_version_bytes_and_hashes():
    old = package()
    new = package(version="9.9.9")
    new.tables["t"].descriptor.update(bytes=99, hash="sha256:ff", path="elsewhere/t.csv")
    new.descriptor["x-release"] = {"tag": "v9.9.9"}
    result = diff.diff_packages(old, new)
    assert diff.classify(result) == ("none", [])
    assert result["resources"][0]["status"] == "unchanged"


@pytest.mark.parametrize(
    "fields, why",
    [
        ([f for f in FIELDS if f["name"] != "kind"], "field kind removed"),
        ([*FIELDS[:2], {**FIELDS[2], "name": "category"}], "field kind removed"),  # a rename
        (with_field("year", type="string"), "field year type integer -> string"),
        (with_field("year", format="%Y"), "field year format default -> %Y"),
        ([*FIELDS, {"name": "note", "type": "string"}], "field note added (position 4)"),  # even appended
        ([FIELDS[0], FIELDS[2], FIELDS[1]], "fields re-ordered"),
        (with_constraint("kind", "required", True), "kind constraint required tightened"),
        (with_constraint("kind", "enum", ["a"]), "kind constraint enum tightened"),
        (with_constraint("year", "minimum", 1950), "year constraint minimum tightened"),
        (with_constraint("year", "maximum", 2030), "year constraint maximum tightened"),
        (with_constraint("kind", "pattern", "^[ab]$"), "kind constraint pattern tightened"),
    ],
)
def test_schema_changes_that_break_a_pinned_consumer_are_major(fields, why):
    new = package(fields=fields, rows=[{f["name"]: r.get(f["name"], "") for f in fields} for r in ROWS])
    found, reasons = diff.classify(diff.diff_packages(package(), new))
    assert found == "major"
    assert any(why in r for r in reasons), reasons


@pytest.mark.parametrize(
    "fields",
    [
        with_constraint("id", "unique", None),
        with_constraint("kind", "enum", ["a", "b", "c"]),
        with_constraint("year", "minimum", 1800),
        with_constraint("kind", "enum", None),
    ],
)
def test_loosened_constraints_are_minor(fields):
    assert level(package(), package(fields=fields)) == "minor"


def test_primary_and_foreign_key_changes():
    new = package()
    new.tables["t"].descriptor["schema"]["primaryKey"] = ["id", "year"]
    assert level(package(), new) == "major"
    fk = {"fields": "kind", "reference": {"resource": "kinds", "fields": "kind"}}
    with_fk = package()
    with_fk.tables["t"].descriptor["schema"]["foreignKeys"] = [fk]
    assert level(package(), with_fk) == "major"  # a new constraint on the values
    assert level(with_fk, package()) == "minor"  # one constraint less
    moved = package()
    moved.tables["t"].descriptor["schema"]["foreignKeys"] = [{**fk, "reference": {"resource": "k2", "fields": "k"}}]
    result = diff.diff_packages(with_fk, moved)
    assert diff.classify(result)[0] == "minor"  # "update a reference"
    assert len(result["resources"][0]["schema"]["foreign_keys_changed"]) == 1


def test_new_rows_are_minor():
    new = package(rows=[*ROWS, {"id": "x3", "year": "2003", "kind": "a"}])
    result = diff.diff_packages(package(), new)
    assert diff.classify(result) == ("minor", ["minor: t: 1 row added"])
    rows = result["resources"][0]["rows"]
    assert rows["added"] == [{"id": "x3"}] and rows["removed"] == [] and rows["changed"] == []
    assert (rows["old"], rows["new"]) == (2, 3)


def test_a_new_resource_is_minor_and_a_removed_one_major():
    extra = diff.Table("u", {"name": "u", "path": "u.csv", "schema": {"fields": [{"name": "k"}]}}, [{"k": "1"}])
    assert level(package(), package(extra_tables=[extra])) == "minor"
    assert level(package(extra_tables=[extra]), package()) == "major"


def test_changed_values_with_the_same_key_are_patch_and_listed_with_old_and_new():
    new = package(rows=[{"id": "x1", "year": "1982", "kind": "a"}, {"id": "x2", "year": "1990", "kind": ""}])
    result = diff.diff_packages(package(), new)
    assert diff.classify(result) == ("patch", ["patch: t: 2 rows with corrected values"])
    assert result["resources"][0]["rows"]["changed"] == [
        {"key": {"id": "x1"}, "fields": {"year": {"old": "1981", "new": "1982"}}},
        {"key": {"id": "x2"}, "fields": {"kind": {"old": "b", "new": ""}}},
    ]


def test_removed_rows_are_major_because_their_keys_no_longer_resolve():
    result = diff.diff_packages(package(), package(rows=ROWS[:1]))
    assert diff.classify(result) == ("major", ["major: t: 1 row removed"])
    assert result["resources"][0]["rows"]["removed"] == [{"id": "x2"}]


def test_descriptions_are_patch_licences_minor_name_major():
    described = package(fields=with_field("year", description="Year of the thing."))
    assert level(package(), described) == "patch"
    assert level(package(), package(title="Another title")) == "patch"
    assert level(package(), package(licenses=[{"name": "CC0-1.0"}])) == "minor"
    renamed = package()
    renamed.descriptor["name"] = "q"
    assert level(package(), renamed) == "major"


def test_the_most_severe_change_wins_and_reasons_are_ordered_by_severity():
    new = package(rows=[{"id": "x1", "year": "1982", "kind": "a"}, {"id": "x3", "year": "2003", "kind": "b"}])
    found, reasons = diff.classify(diff.diff_packages(package(), new))
    assert found == "major"
    assert reasons == ["major: t: 1 row removed", "minor: t: 1 row added", "patch: t: 1 row with corrected values"]


def test_first_release_everything_is_new():
    result = diff.diff_packages(diff.empty_package(), package())
    assert diff.classify(result) == ("minor", ["minor: t: new resource (2 rows)"])
    assert result["package"] == []


def test_table_without_primary_key_is_compared_as_a_multiset():
    def keyless(rows):
        pkg = package(rows=rows)
        del pkg.tables["t"].descriptor["schema"]["primaryKey"]
        return pkg

    result = diff.diff_packages(keyless(ROWS), keyless([ROWS[0], ROWS[0]]))
    rows = result["resources"][0]["rows"]
    assert rows["key"] == [] and rows["added"] == [ROWS[0]] and rows["removed"] == [ROWS[1]]


def test_duplicate_keys_are_an_error():
    with pytest.raises(diff.DiffError, match="duplicate primary key"):
        diff.diff_packages(package(), package(rows=[ROWS[0], ROWS[0]]))


def test_text_summary_lists_rows_and_limits_long_lists():
    rows = [{"id": f"n{i:02d}", "year": "2000", "kind": "a"} for i in range(30)]
    text = diff.format_text(diff.diff_packages(package(rows=[]), package(rows=rows)), limit=5)
    assert "change: MINOR" in text
    assert "t: 0 -> 30 rows: 30 added, 0 removed, 0 changed (key id)" in text
    assert "    n04\n    ... and 25 more\n" in text and "n05" not in text
    changed = diff.format_text(diff.diff_packages(package(), package(rows=[{**ROWS[0], "kind": "b"}, ROWS[1]])))
    assert "    x1: kind 'a' -> 'b'\n" in changed


# --- on published packages, from directories and git revisions ------------------------


@pytest.fixture
def two_versions(synthetic, tmp_path):
    """The synthetic project published twice: ``old/`` (a copy) and the project with one value
    corrected (a membership scope)."""
    assert run_here(synthetic, "validate") == 0 and run_here(synthetic, "publish") == 0
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(synthetic.package, old / "datapackage.json")
    shutil.copytree(synthetic.processed, old / "processed")
    path = synthetic.extract / "membership_mentions.csv"
    rows = arrow.read_csv_typed("membership_mentions", path).to_pylist()
    for row in rows:
        if row["scope"] == "Albania":
            row["scope"] = "Tirana"  # a corrected value, same mention_id
    csvio.write_csv(rows, "membership_mentions", path)
    assert run_here(synthetic, "validate") == 0 and run_here(synthetic, "publish") == 0
    return old, synthetic


def test_diff_of_two_published_directories(two_versions):
    old_dir, new = two_versions
    result = diff.diff_packages(diff.load_dir(old_dir), diff.load_dir(new.root))
    by_name = {r["name"]: r for r in result["resources"]}
    changed = by_name["membership_mentions"]["rows"]["changed"]
    assert [c["fields"] for c in changed] == [{"scope": {"old": "Albania", "new": "Tirana"}}]
    assert diff.classify(result)[0] == "patch"


def test_cli_text_and_json(two_versions, capsys, monkeypatch):
    old_dir, new = two_versions
    monkeypatch.chdir(new.root)
    assert cli_main(["diff", str(old_dir), "."]) == 0
    text = capsys.readouterr().out
    assert "change: PATCH" in text and "scope 'Albania' -> 'Tirana'" in text
    assert cli_main(["diff", "--json", str(old_dir), "."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "patch" and data["old"]["version"] == data["new"]["version"]
    assert cli_main(["diff", str(old_dir), "no-such-rev"]) == 1
    assert "neither a directory nor a revision" in capsys.readouterr().err


def test_git_revisions_are_read_without_checking_out(two_versions, capsys, monkeypatch):
    old_dir, new = two_versions
    root = new.root

    def git(*args):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("add", "datapackage.json", "processed")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "new")
    git("tag", "new-tag")
    for f in ("datapackage.json", "processed/membership_mentions.csv"):  # the old files, uncommitted
        shutil.copy(old_dir / f, root / f)
    monkeypatch.chdir(root)
    assert cli_main(["diff", "--json", ".", "new-tag"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "patch" and data["new"]["label"] == "new-tag"
    assert (root / "processed/membership_mentions.csv").read_bytes() == (
        old_dir / "processed/membership_mentions.csv"
    ).read_bytes()  # the working tree was not touched
