"""pipeline.package.sqlite: the browsable SQLite database written by publish (tables, keys, FTS5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import valid_tables

from pipeline.__main__ import main as cli_main
from pipeline.package import arrow, catalogue, datapackage, sources, sqlite

REPO = Path(__file__).resolve().parents[1]
DB_NAME = sqlite.file_name(datapackage.load_metadata()["name"])


def publish_synthetic(s) -> Path:
    assert cli_main(["validate", "--raw-dir", str(s.raw), "--in-dir", str(s.extract), "--report", str(s.report)]) == 0
    assert cli_main(["publish", "--raw-dir", str(s.raw), "--in-dir", str(s.extract), "--report", str(s.report),
                     "--out-dir", str(s.processed), "--package", str(s.package)]) == 0
    return s.processed / DB_NAME


@pytest.fixture
def database(synthetic) -> Path:
    return publish_synthetic(synthetic)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_every_resource_is_a_table_with_the_published_rows(database, synthetic):
    conn = connect(database)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(catalogue.RESOURCES) <= tables
    for name in catalogue.RESOURCES:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        assert columns == catalogue.field_names(name)
        expected = arrow.read_csv_typed(name, synthetic.processed / f"{name}.csv").to_pylist()
        assert sqlite.read_table(database, name) == expected


def test_types_keys_and_constraints_come_from_the_schemas(database):
    conn = connect(database)
    info = {r[1]: r for r in conn.execute('PRAGMA table_info("membership_mentions")')}
    assert info["low"][2] == "INTEGER" and info["quote"][2] == "TEXT"
    assert info["mention_id"][5] == 1  # primary key
    assert info["quote"][3] == 1  # NOT NULL (required)
    fks = {(r[3], r[2], r[4]) for r in conn.execute('PRAGMA foreign_key_list("membership_mentions")')}
    assert ("source_id", "sources", "source_id") in fks
    assert ("estimate_id", "membership_estimates", "estimate_id") in fks
    # typed values, not text: integers compare as numbers, booleans are 0/1, dates ISO text
    low, inherited, date_start = conn.execute(
        "SELECT low, date_inherited, date_start FROM membership_mentions WHERE low IS NOT NULL ORDER BY low DESC"
    ).fetchone()
    assert isinstance(low, int) and inherited in (0, 1)
    assert dt.date.fromisoformat(date_start)
    row = conn.execute("SELECT * FROM membership_mentions LIMIT 1").fetchone()
    bad_values = [
        ("source_id", "no-such-source"),  # foreign key
        ("unit", "soldiers"),  # enum
        ("date_start", "1990-02-31"),  # not a real date
        ("date_inherited", 2),  # boolean
        ("low", "many"),  # STRICT integer column
    ]
    names = catalogue.field_names("membership_mentions")
    for column, value in bad_values:
        changed = dict(zip(names, row, strict=True), mention_id="me-new", **{column: value})
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(f"INSERT INTO membership_mentions VALUES ({', '.join('?' for _ in names)})",
                         [changed[n] for n in names])


def test_full_text_search_over_quotes(database):
    conn = connect(database)
    found = conn.execute(
        "SELECT quote FROM event_mentions WHERE rowid IN "
        "(SELECT rowid FROM event_mentions_fts WHERE event_mentions_fts MATCH ?)", ["bombs"]
    ).fetchall()
    assert found == [("On 20 June 1981, a bomb killed 72 people, according to the government.",)]  # stemmed
    none = conn.execute("SELECT count(*) FROM event_mentions_fts WHERE event_mentions_fts MATCH 'zebra'")
    assert none.fetchone() == (0,)
    # every table with a quote has its index, the others none
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%'")}
    assert names == {f"{n}_fts" for n in catalogue.RESOURCES if "quote" in catalogue.field_names(n)}


def test_same_bytes_run_to_run_and_listed_in_the_package(database, synthetic, tmp_path):
    first = database.read_bytes()
    again = sqlite.write_database(
        {sources.RESOURCE: sources.manifest_records(synthetic.raw), **valid_tables()}, tmp_path / "again.sqlite"
    )
    assert again.read_bytes() == first
    entry = json.loads(synthetic.package.read_text())["x-sqlite"]
    assert entry == {"path": f"processed/{DB_NAME}", "format": "sqlite", "mediatype": "application/vnd.sqlite3",
                     "bytes": len(first), "hash": "sha256:" + hashlib.sha256(first).hexdigest()}


def test_check_database_notices_a_changed_row(database, synthetic):
    tables = {sources.RESOURCE: sources.manifest_records(synthetic.raw), **valid_tables()}
    sqlite.check_database(database, tables)
    conn = sqlite3.connect(database)
    conn.execute("UPDATE events SET description = 'something else' WHERE rowid = 1")
    conn.commit()
    conn.close()
    with pytest.raises(sqlite.DatabaseError, match="table events differs"):
        sqlite.check_database(database, tables)


def test_missing_resource_is_refused(tmp_path):
    tables = valid_tables()
    with pytest.raises(sqlite.DatabaseError, match="no rows given for sources"):
        sqlite.write_database(tables, tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_foreign_key_violation_writes_nothing(tmp_path):
    tables = {sources.RESOURCE: [], **valid_tables()}  # mentions point to sources that are not there
    with pytest.raises(sqlite.DatabaseError, match="FOREIGN KEY|foreign key"):
        sqlite.write_database(tables, tmp_path / "x.sqlite")
    assert not list(tmp_path.iterdir())


def test_committed_database_matches_the_committed_csvs():
    path = REPO / "processed" / DB_NAME
    for name in catalogue.RESOURCES:
        expected = arrow.read_csv_typed(name, REPO / "processed" / f"{name}.csv").to_pylist()
        assert sqlite.read_table(path, name) == expected, name
