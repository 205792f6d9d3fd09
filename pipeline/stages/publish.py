"""DVC stage ``publish``: write the validated tables as CSV + Parquet and ``datapackage.json``.

    python -m pipeline publish --raw-dir raw --in-dir build/extract \\
        --report build/validate/report.json --out-dir processed --package datapackage.json

Refuses to run (exit 1, nothing written) unless the validation report says ``valid`` and
the input hashes it records still match the manifest and the extracted CSVs.

Outputs, all deterministic (nothing from the clock; same inputs → same bytes):

* ``processed/NAME.csv`` for every resource, via :func:`pipeline.package.csvio.write_csv`.
* ``processed/NAME.parquet``: the same rows with :func:`pipeline.package.arrow.arrow_schema`
  (date32, nullable int64, field descriptions in the field metadata), zstd, one fixed
  row-group size, statistics on, sorting columns declared, pandas metadata
  from the schema (:func:`pipeline.package.arrow.pandas_metadata`: Int64, dates).  The
  schema metadata also carries the package ``name``, ``version`` and ``release_tag``
  (:func:`pipeline.package.parquet.parquet_schema`), so a Parquet file copied out of the package still says which
  release it belongs to.
* ``processed/<package name>.sqlite``: every resource as a table of one SQLite database,
  with keys and full-text search over quotes (:mod:`pipeline.package.sqlite`), listed in
  ``datapackage.json`` as ``"x-sqlite": {"path", "format", "mediatype", "bytes", "hash"}``.
* ``datapackage.json`` (tabular-data-package).  Package metadata (name, title,
  description, version, licences, contributors, keywords, homepage) is read from
  ``pipeline/metadata.json`` — the one place the data version lives
  (:mod:`pipeline.package.datapackage`).  Release metadata
  (see ``pipeline/release/release.py``): ``"x-release": {"tag": "vX.Y.Z"}`` (the Git tag the
  version is released as; derived from the version, never from the clock) and
  ``"x-raw-inputs"``: the manifest and every raw text the package was built from, each
  ``{"path", "bytes", "hash"}`` (texts also ``source_id``), paths relative to the package.

How Parquet is listed: frictionless 5 reads Parquet through pandas, which turns a null
``int64`` into ``NaN`` and then fails the integer type check, and it cannot check the
``bytes``/``hash`` of a Parquet file.  So Parquet files are *not* separate resources
(``frictionless validate datapackage.json`` would fail); each CSV resource carries a custom
property ``"x-parquet": {"path", "format", "mediatype", "bytes", "hash"}`` describing the
Parquet file with the same rows and schema.  :func:`pipeline.package.parquet.check_parquet` checks those files
(schema, rows equal to the CSV's) before anything is published.

Atomicity (guarantee: after any crash, the package is entirely the old one or, once the
next ``publish`` has run, entirely the new one — never a mix):

1. Everything, ``datapackage.json`` included, is first written to a staging directory
   ``--out-dir/.staging-*`` (same file system), validated there (frictionless on the
   staged package + Parquet round trip) and fsynced.  A crash up to here leaves the old
   package untouched (plus the staging directory, removed by the next run).
2. *Commit point*: a journal ``--out-dir/.publish-journal.json`` is written atomically
   (temporary file, fsync, ``os.replace``).  It lists every move (staged file →
   published path) and the SHA-256 each published file must end with.
3. The files are moved into place with ``os.replace`` (``datapackage.json`` last), then
   the staging directory and the journal are removed.

POSIX has no multi-file atomic rename, so a crash during step 3 leaves some new and some
old files *and the journal*.  Every ``publish`` run starts with :func:`pipeline.core.journal.recover`, which
rolls such an interrupted publication forward (moves what is left, checks every hash,
removes the journal) before doing anything else; it is idempotent, so a crash during
recovery is recovered by the next run.  Until then the mix is detectable: the journal is
there and ``frictionless validate datapackage.json`` fails on the hashes.  A run holds an
exclusive ``flock`` on ``--out-dir`` so two publications never interleave.  Files in
``--out-dir`` that are not outputs are left alone.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pipeline.core import journal, jsonio
from pipeline.core.errors import PublishError
from pipeline.core.fsutil import file_stats
from pipeline.package import arrow, catalogue, checks, csvio, datapackage, parquet, sources, sqlite

log = logging.getLogger(__name__)

STAGED_PACKAGE = "datapackage.json"

__all__ = ["PublishError", "publish", "add_arguments", "main"]


def _check_report(report_path: Path, raw_dir: Path, in_dir: Path) -> None:
    if not report_path.is_file():
        raise PublishError(
            f"{report_path}: validation report missing; run `python -m pipeline validate` first"
        )
    report = json.loads(report_path.read_text(encoding="utf-8"))
    if report.get("valid") is not True:
        n = len(report.get("errors", []))
        raise PublishError(
            f"{report_path}: validation report says the data is invalid ({n} error(s)); not publishing"
        )
    current = checks.input_hashes(raw_dir, in_dir)
    recorded = report.get("inputs", {})
    changed = sorted(name for name in current if recorded.get(name) != current[name])
    if changed:
        raise PublishError(
            f"{report_path}: inputs changed since validation ({', '.join(changed)}); run validate again"
        )


def publish(raw_dir: Path, in_dir: Path, report: Path, out_dir: Path, package: Path) -> dict:
    """Publish the validated tables; return the package descriptor written to ``package``."""
    raw_dir, in_dir, out_dir, package = Path(raw_dir), Path(in_dir), Path(out_dir), Path(package)
    if out_dir.is_dir():  # first finish (or clean up after) an interrupted publication
        with journal.locked(out_dir):
            journal.recover(out_dir)
    _check_report(Path(report), raw_dir, in_dir)
    raw = sources.read_raw(raw_dir)  # read and verified once: the texts must still match the manifest
    data_dir = Path(os.path.relpath(out_dir.resolve(), package.resolve().parent)).as_posix()
    if data_dir.startswith("..") or Path(data_dir).is_absolute():
        raise PublishError(f"{out_dir}: must be inside the directory of {package}")

    tables: dict[str, list[dict]] = {sources.RESOURCE: sources.source_records(raw_dir, raw.texts)}
    for name in checks.DERIVED_RESOURCES:
        tables[name] = arrow.read_csv_typed(name, in_dir / f"{name}.csv").to_pylist()

    out_dir.mkdir(parents=True, exist_ok=True)
    with journal.locked(out_dir):
        journal.recover(out_dir)
        return _publish_locked(raw, out_dir, package, data_dir, tables)


def _publish_locked(raw: sources.RawInputs, out_dir: Path, package: Path, data_dir: str, tables: dict) -> dict:
    staging = Path(tempfile.mkdtemp(prefix=journal.STAGING_PREFIX, dir=out_dir))
    try:
        stats: dict[str, dict[str, dict[str, Any]]] = {}
        for name in catalogue.RESOURCES:
            csv_path, parquet_path = staging / f"{name}.csv", staging / f"{name}.parquet"
            csvio.write_csv(tables[name], name, csv_path)
            table = arrow.records_to_table(tables[name], name)
            parquet.write_parquet(table.replace_schema_metadata(parquet.parquet_schema(name).metadata), parquet_path)
            parquet.check_parquet(name, parquet_path, csv_path)
            stats[name] = {"csv": file_stats(csv_path), "parquet": file_stats(parquet_path)}
        database = sqlite.write_database(tables, staging / sqlite.file_name(datapackage.load_metadata()["name"]))
        sqlite.check_database(database, tables)
        inputs = datapackage.raw_inputs(raw, package)
        descriptor = datapackage.package_descriptor(tables[sources.RESOURCE], stats, data_dir, inputs)
        descriptor["x-sqlite"] = sqlite.package_entry(database, data_dir)  # pipeline/package/sqlite.py
        staged = datapackage.package_descriptor(tables[sources.RESOURCE], stats, ".", inputs)
        datapackage.frictionless_check(staged, staging)
        jsonio.write_json(descriptor, staging / STAGED_PACKAGE)
        moves = [(staging / f"{name}.{ext}", out_dir / f"{name}.{ext}")
                 for name in catalogue.RESOURCES for ext in ("csv", "parquet")]
        moves.append((database, out_dir / database.name))
        moves.append((staging / STAGED_PACKAGE, package))  # last
        journal.commit(out_dir, staging, moves)
    finally:
        if not (out_dir / journal.JOURNAL).exists():  # a committed publication is finished by recover()
            shutil.rmtree(staging, ignore_errors=True)
    return descriptor


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``publish`` stage's options."""
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="raw texts and sources.csv")
    parser.add_argument("--in-dir", type=Path, default=Path("build/extract"), help="validated *_mentions.csv")
    parser.add_argument(
        "--report", type=Path, default=Path("build/validate/report.json"), help="report written by validate"
    )
    parser.add_argument("--out-dir", type=Path, default=Path("processed"), help="where NAME.csv/.parquet go")
    parser.add_argument(
        "--package", type=Path, default=Path("datapackage.json"), help="data package descriptor to write"
    )


def main(args: argparse.Namespace) -> int:
    """Run the stage; 0 on success (PublishError/SourceError propagate to the CLI → exit 1)."""
    descriptor = publish(args.raw_dir, args.in_dir, args.report, args.out_dir, args.package)
    log.info(
        "publish: %d resources (csv + parquet) -> %s/ and %s (version %s)",
        len(descriptor["resources"]), args.out_dir, args.package, descriptor["version"],
    )
    return 0
