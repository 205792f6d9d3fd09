"""The browsable database: every published resource as a table of one SQLite file.

``publish`` calls :func:`write_database` on the staged CSVs, so the database holds exactly
the published rows; it is staged, checked (:func:`check_database`) and moved into place
with the other files, as ``processed/<package name>.sqlite`` (``mek-events.sqlite``).
``python -m pipeline serve`` opens it in Datasette (:mod:`pipeline.commands.serve`).

Derived from the schemas in ``pipeline/schemas/*.json`` (the single source of truth):

* one ``STRICT`` table per resource, in publication order (referenced tables first),
  columns in schema order: ``string`` → ``TEXT``, ``integer`` → ``INTEGER``, ``date`` →
  ``TEXT`` holding ``YYYY-MM-DD`` (SQLite has no date type; a ``CHECK`` admits only
  real dates in that form, so ``date()``, ``strftime()`` and string comparison work), ``boolean`` →
  ``INTEGER`` 0/1 (``CHECK``), ``number`` → ``REAL``;
* ``NOT NULL`` for required fields, ``CHECK … IN (…)`` for ``enum``, ``UNIQUE`` for
  ``unique``, the ``PRIMARY KEY`` and every ``FOREIGN KEY … REFERENCES`` of the schema
  (checked: the file is built with ``PRAGMA foreign_keys = ON``);
* an index on every foreign-key column (joins and Datasette's facets stay fast);
* full-text search: for every table with a ``quote`` column, an FTS5 index
  ``NAME_fts`` over ``quote`` (external content ``NAME``, tokenizer ``porter unicode61``,
  so "bombing" also finds "bombed"), which Datasette detects and offers as a search box:
  ``SELECT * FROM event_mentions WHERE rowid IN (SELECT rowid FROM event_mentions_fts
  WHERE event_mentions_fts MATCH 'embassy')``.

Determinism: the file is written from scratch in one transaction, rows in the CSVs'
order, then ``VACUUM``ed; it records no clock.  With the same SQLite library
(``sqlite3.sqlite_version``; the file header names the version that wrote it, as a
Parquet footer names pyarrow) the bytes are the same run to run (tested); with another
SQLite the content is the same and :func:`check_database` compares it with the CSVs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.package import catalogue, values

SUFFIX = ".sqlite"
MEDIATYPE = "application/vnd.sqlite3"
FTS_SUFFIX = "_fts"
TEXT_SEARCH_FIELD = "quote"
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT", "boolean": "INTEGER"}


class DatabaseError(PipelineError):
    """The SQLite database could not be written or does not hold the published rows."""


def quote_identifier(name: str) -> str:
    """``name`` as an SQL identifier (double quotes; ``table`` is a column name here)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(value)


def file_name(package_name: str) -> str:
    """The database's file name for a package: ``<package name>.sqlite``."""
    return f"{package_name}{SUFFIX}"


def fts_table(name: str) -> str | None:
    """The FTS5 table of resource ``name`` (``NAME_fts``), or None when it has no quote."""
    return f"{name}{FTS_SUFFIX}" if TEXT_SEARCH_FIELD in catalogue.field_names(name) else None


def create_table_sql(name: str) -> str:
    """The ``CREATE TABLE`` statement of resource ``name``, derived from its Table Schema."""
    table = catalogue.table_schema(name)
    lines = []
    for f in table["fields"]:
        column, ftype = quote_identifier(f["name"]), f.get("type", "string")
        try:
            parts = [column, _SQL_TYPES[ftype]]
        except KeyError:
            raise DatabaseError(f"{name}.{f['name']}: unsupported type {ftype!r}") from None
        constraints = f.get("constraints", {})
        if constraints.get("required"):
            parts.append("NOT NULL")
        if constraints.get("unique") and catalogue.primary_key(name) != [f["name"]]:
            parts.append("UNIQUE")
        if ftype == "date":
            parts.append(f"CHECK ({column} IS NULL OR date({column}, '+0 days') IS {column})")
        if ftype == "boolean":
            parts.append(f"CHECK ({column} IN (0, 1))")
        if "enum" in constraints:
            parts.append(f"CHECK ({column} IN ({', '.join(_literal(v) for v in constraints['enum'])}))")
        lines.append(" ".join(parts))
    pk = catalogue.primary_key(name)
    if pk:
        lines.append(f"PRIMARY KEY ({', '.join(map(quote_identifier, pk))})")
    for fk in table.get("foreignKeys", []):
        local = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        remote = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        lines.append(
            f"FOREIGN KEY ({', '.join(map(quote_identifier, local))}) REFERENCES "
            f"{quote_identifier(ref['resource'] or name)} ({', '.join(map(quote_identifier, remote))})"
        )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote_identifier(name)} (\n  {body}\n) STRICT"


def _index_sql(name: str) -> list[str]:
    out = []
    for fk in catalogue.table_schema(name).get("foreignKeys", []):
        local = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        if local == catalogue.primary_key(name):
            continue
        index = quote_identifier(f"idx_{name}_{'_'.join(local)}")
        out.append(f"CREATE INDEX {index} ON {quote_identifier(name)} ({', '.join(map(quote_identifier, local))})")
    return out


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_database(tables: Mapping[str, list[dict]], path: Path) -> Path:
    """Write ``tables`` (resource name → typed records, every resource) as a new SQLite file.

    Records are checked against the schemas and written in :func:`pipeline.package.catalogue.sort_key`
    order, like the CSVs.  An existing file at ``path`` is replaced (the database is built
    in a temporary sibling, then renamed).  Returns ``path``.
    """
    path = Path(path)
    missing = [n for n in catalogue.RESOURCES if n not in tables]
    if missing:
        raise DatabaseError(f"{path}: no rows given for {', '.join(missing)}")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("BEGIN")
        for name in catalogue.RESOURCES:
            conn.execute(create_table_sql(name))
            names = catalogue.field_names(name)
            rows = values.sort_records(values.normalise_records(tables[name], name), name)
            placeholders = ", ".join("?" for _ in names)
            conn.executemany(
                f"INSERT INTO {quote_identifier(name)} VALUES ({placeholders})",
                ([_sql_value(r[n]) for n in names] for r in rows),
            )
            for statement in _index_sql(name):
                conn.execute(statement)
            fts = fts_table(name)
            if fts:
                conn.execute(
                    f"CREATE VIRTUAL TABLE {quote_identifier(fts)} USING fts5("
                    f"{quote_identifier(TEXT_SEARCH_FIELD)}, content=\"{name}\", tokenize='porter unicode61')"
                )
                conn.execute(
                    f"INSERT INTO {quote_identifier(fts)} (rowid, {quote_identifier(TEXT_SEARCH_FIELD)}) "
                    f"SELECT rowid, {quote_identifier(TEXT_SEARCH_FIELD)} FROM {quote_identifier(name)} ORDER BY rowid"
                )
                conn.execute(f"INSERT INTO {quote_identifier(fts)} ({quote_identifier(fts)}) VALUES ('optimize')")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise DatabaseError(f"{path}: foreign key violations {problems[:5]}")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    except sqlite3.Error as exc:
        conn.close()
        tmp.unlink(missing_ok=True)
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:  # the same words as every other write
            raise DatabaseError(f"{path}: no space left on device") from None
        raise DatabaseError(f"{path}: {exc}") from None
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    tmp.replace(path)
    return path


def read_table(path: Path, name: str) -> list[dict]:
    """The rows of table ``name`` in the database, typed like the schema (dates, booleans)."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        names = catalogue.field_names(name)
        cursor = conn.execute(
            f"SELECT {', '.join(map(quote_identifier, names))} FROM {quote_identifier(name)} ORDER BY rowid"
        )
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
    finally:
        conn.close()
    fields = {f["name"]: f for f in catalogue.fields(name)}
    for row in rows:
        for key, value in row.items():
            ftype = fields[key].get("type")
            if value is not None and ftype == "boolean":
                row[key] = bool(value)
            elif value is not None and ftype == "date":
                row[key] = dt.date.fromisoformat(value)
    return rows


def check_database(path: Path, tables: Mapping[str, list[dict]]) -> None:
    """Check the database holds exactly ``tables`` (typed records), in order, and its FTS indexes."""
    path = Path(path)
    for name in catalogue.RESOURCES:
        expected = values.sort_records(values.normalise_records(tables[name], name), name)
        if read_table(path, name) != expected:
            raise DatabaseError(f"{path}: table {name} differs from the published rows")
    conn = sqlite3.connect(path)  # 'integrity-check' reads only, but needs a writable handle
    try:
        for name in catalogue.RESOURCES:
            fts = fts_table(name)
            if fts:
                fts_id = quote_identifier(fts)
                conn.execute(f"INSERT INTO {fts_id} ({fts_id}) VALUES ('integrity-check')")
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: full-text index of {name}: {exc}") from None
    finally:
        conn.close()


def package_entry(path: Path, data_dir: str) -> dict[str, Any]:
    """The ``x-sqlite`` entry of ``datapackage.json``: path, format, mediatype, bytes, hash."""
    import hashlib

    data = Path(path).read_bytes()
    return {
        "path": f"{data_dir}/{Path(path).name}",
        "format": "sqlite",
        "mediatype": MEDIATYPE,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
