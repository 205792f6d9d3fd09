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
  (:func:`parquet_schema`), so a Parquet file copied out of the package still says which
  release it belongs to.
* ``processed/<package name>.sqlite``: every resource as a table of one SQLite database,
  with keys and full-text search over quotes (:mod:`pipeline.package.sqlite`), listed in
  ``datapackage.json`` as ``"x-sqlite": {"path", "format", "mediatype", "bytes", "hash"}``.
* ``datapackage.json`` (tabular-data-package).  Package metadata (name, title,
  description, version, licences, contributors, keywords, homepage) is read from
  ``pipeline/metadata.json`` — the one place the data version lives.  Release metadata
  (see ``pipeline/release/release.py``): ``"x-release": {"tag": "vX.Y.Z"}`` (the Git tag the
  version is released as; derived from the version, never from the clock) and
  ``"x-raw-inputs"``: the manifest and every raw text the package was built from, each
  ``{"path", "bytes", "hash"}`` (texts also ``source_id``), paths relative to the package.

How Parquet is listed: frictionless 5 reads Parquet through pandas, which turns a null
``int64`` into ``NaN`` and then fails the integer type check, and it cannot check the
``bytes``/``hash`` of a Parquet file.  So Parquet files are *not* separate resources
(``frictionless validate datapackage.json`` would fail); each CSV resource carries a custom
property ``"x-parquet": {"path", "format", "mediatype", "bytes", "hash"}`` describing the
Parquet file with the same rows and schema.  :func:`check_parquet` checks those files
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
old files *and the journal*.  Every ``publish`` run starts with :func:`recover`, which
rolls such an interrupted publication forward (moves what is left, checks every hash,
removes the journal) before doing anything else; it is idempotent, so a crash during
recovery is recovered by the next run.  Until then the mix is detectable: the journal is
there and ``frictionless validate datapackage.json`` fails on the hashes.  A run holds an
exclusive ``flock`` on ``--out-dir`` so two publications never interleave.  Files in
``--out-dir`` that are not outputs are left alone.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core import fsutil, jsonio
from pipeline.core.errors import PipelineError
from pipeline.package import arrow, catalogue, checks, csvio, sources, sqlite

log = logging.getLogger(__name__)

METADATA_PATH = Path(__file__).resolve().parents[1] / "metadata.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
ROW_GROUP_SIZE = 65536
PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "row_group_size": ROW_GROUP_SIZE,
    "write_statistics": True,
    "use_dictionary": True,
    "store_schema": True,  # keeps the Arrow schema, hence the field descriptions
    "version": "2.6",
    "data_page_version": "1.0",
}


class PublishError(PipelineError):
    """Publishing was refused or failed; nothing was replaced."""


def load_metadata() -> dict:
    """Return the package metadata from ``pipeline/metadata.json`` (null values dropped)."""
    data = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if v is not None}


def file_stats(path: Path) -> dict[str, Any]:
    """Return ``{"bytes": size, "hash": "sha256:…"}`` of a file."""
    data = Path(path).read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table deterministically (fixed options, declared sort order) via a temp file."""
    name = table.schema.metadata[b"name"].decode("utf-8")
    sorting = [pq.SortingColumn(table.schema.get_field_index(c)) for c in catalogue.sort_key(name)]
    fsutil.atomic_write(Path(path), lambda tmp: pq.write_table(table, tmp, sorting_columns=sorting, **PARQUET_OPTIONS))


def parquet_schema(name: str) -> pa.Schema:
    """The Arrow schema of a published Parquet file: :func:`pipeline.package.arrow.arrow_schema` plus
    the package ``name``, ``version`` and ``release_tag`` (``v`` + version) in its metadata."""
    meta = load_metadata()
    base = arrow.arrow_schema(name)
    return base.with_metadata(
        {
            **base.metadata,
            b"package": meta["name"].encode("utf-8"),
            b"version": meta["version"].encode("utf-8"),
            b"release_tag": f"v{meta['version']}".encode(),
        }
    )


def raw_inputs(raw: sources.RawInputs | Path, package: Path) -> list[dict[str, Any]]:
    """The raw files a package is built from: ``raw_dir/sources.csv`` and every text it lists.

    Each entry is ``{"path", "bytes", "hash"}`` (texts also ``source_id``), sorted by path;
    paths are relative to the package file's directory (POSIX), or bare file names when
    ``raw_dir`` is outside it.  ``raw`` is what :func:`pipeline.package.sources.read_raw` read and
    verified (a directory is read first).
    """
    if not isinstance(raw, sources.RawInputs):
        raw = sources.read_raw(raw)
    rel = Path(os.path.relpath(raw.raw_dir.resolve(), Path(package).resolve().parent)).as_posix()
    outside = rel.startswith("..") or Path(rel).is_absolute()
    prefix = "" if outside or rel == "." else f"{rel}/"
    entries = [{"path": f"{prefix}{e.pop('file')}", **e} for e in raw.file_stats()]
    return sorted(entries, key=lambda e: e["path"])


def check_parquet(name: str, parquet_path: Path, csv_path: Path) -> None:
    """Check a Parquet file has the resource's Arrow schema (with metadata) and the CSV's rows."""
    expected_schema = parquet_schema(name)
    table = pq.read_table(parquet_path)
    if not table.schema.equals(expected_schema, check_metadata=True):
        raise PublishError(f"{parquet_path}: schema differs from pipeline/schemas/{name}.json")
    if not table.equals(arrow.read_csv_typed(name, csv_path)):
        raise PublishError(f"{parquet_path}: rows differ from {csv_path}")


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


def _package_sources(records: list[dict]) -> list[dict]:
    out = []
    for record in records:
        entry = {"title": record["title"]}
        if record.get("url"):
            entry["path"] = record["url"]
        out.append(entry)
    return out


def package_descriptor(
    records: list[dict],
    stats: Mapping[str, Mapping[str, Mapping[str, Any]]],
    data_dir: str,
    inputs: list[dict] | None = None,
) -> dict:
    """Build the datapackage.json content.

    ``stats[name]["csv"|"parquet"]`` holds bytes and hash of each file; ``data_dir`` is the
    directory of the data files relative to the package file (POSIX separators); ``inputs``
    is the ``x-raw-inputs`` list (:func:`raw_inputs`).
    """
    descriptor = load_metadata()
    descriptor["profile"] = "tabular-data-package"
    descriptor["x-release"] = {"tag": f"v{descriptor['version']}"}
    if inputs is not None:
        descriptor["x-raw-inputs"] = inputs
    descriptor["sources"] = _package_sources(records)
    resources = []
    for name in catalogue.RESOURCES:
        resource = catalogue.load_resource(name)
        resource.update(
            {
                "profile": "tabular-data-resource",
                "path": f"{data_dir}/{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **stats[name]["csv"],
                "x-parquet": {
                    "path": f"{data_dir}/{name}.parquet",
                    "format": "parquet",
                    "mediatype": PARQUET_MEDIATYPE,
                    **stats[name]["parquet"],
                },
            }
        )
        resources.append(resource)
    descriptor["resources"] = resources
    return descriptor


def _frictionless_check(descriptor: dict, basepath: Path) -> None:
    from frictionless import Package

    report = Package(descriptor, basepath=str(basepath)).validate()
    if not report.valid:
        lines = [e.message for e in report.errors]
        lines += [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
        raise PublishError("staged package does not validate:\n  " + "\n  ".join(lines))


def publish(raw_dir: Path, in_dir: Path, report: Path, out_dir: Path, package: Path) -> dict:
    """Publish the validated tables; return the package descriptor written to ``package``."""
    raw_dir, in_dir, out_dir, package = Path(raw_dir), Path(in_dir), Path(out_dir), Path(package)
    if out_dir.is_dir():  # first finish (or clean up after) an interrupted publication
        with _locked(out_dir):
            recover(out_dir)
    _check_report(Path(report), raw_dir, in_dir)
    raw = sources.read_raw(raw_dir)  # read and verified once: the texts must still match the manifest
    data_dir = Path(os.path.relpath(out_dir.resolve(), package.resolve().parent)).as_posix()
    if data_dir.startswith("..") or Path(data_dir).is_absolute():
        raise PublishError(f"{out_dir}: must be inside the directory of {package}")

    tables: dict[str, list[dict]] = {sources.RESOURCE: sources.source_records(raw_dir, raw.texts)}
    for name in checks.DERIVED_RESOURCES:
        tables[name] = arrow.read_csv_typed(name, in_dir / f"{name}.csv").to_pylist()

    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        recover(out_dir)
        return _publish_locked(raw, out_dir, package, data_dir, tables)


def _publish_locked(raw: sources.RawInputs, out_dir: Path, package: Path, data_dir: str, tables: dict) -> dict:
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        stats: dict[str, dict[str, dict[str, Any]]] = {}
        for name in catalogue.RESOURCES:
            csv_path, parquet_path = staging / f"{name}.csv", staging / f"{name}.parquet"
            csvio.write_csv(tables[name], name, csv_path)
            table = arrow.records_to_table(tables[name], name)
            write_parquet(table.replace_schema_metadata(parquet_schema(name).metadata), parquet_path)
            check_parquet(name, parquet_path, csv_path)
            stats[name] = {"csv": file_stats(csv_path), "parquet": file_stats(parquet_path)}
        database = sqlite.write_database(tables, staging / sqlite.file_name(load_metadata()["name"]))
        sqlite.check_database(database, tables)
        inputs = raw_inputs(raw, package)
        descriptor = package_descriptor(tables[sources.RESOURCE], stats, data_dir, inputs)
        descriptor["x-sqlite"] = sqlite.package_entry(database, data_dir)  # pipeline/package/sqlite.py
        _frictionless_check(package_descriptor(tables[sources.RESOURCE], stats, ".", inputs), staging)
        jsonio.write_json(descriptor, staging / STAGED_PACKAGE)
        moves = [(staging / f"{name}.{ext}", out_dir / f"{name}.{ext}")
                 for name in catalogue.RESOURCES for ext in ("csv", "parquet")]
        moves.append((database, out_dir / database.name))
        moves.append((staging / STAGED_PACKAGE, package))  # last
        _commit(out_dir, staging, moves)
    finally:
        if not (out_dir / JOURNAL).exists():  # a committed publication is finished by recover()
            shutil.rmtree(staging, ignore_errors=True)
    return descriptor


# --- atomic switch: journal, commit, recovery (see the module docstring) -----------------

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".staging-"
STAGED_PACKAGE = "datapackage.json"


@contextlib.contextmanager
def _locked(out_dir: Path):
    """Hold an exclusive flock on the directory itself (no lock file left behind)."""
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()


def _commit(out_dir: Path, staging: Path, moves: list[tuple[Path, Path]]) -> None:
    """Write the journal (the commit point), then move every staged file into place."""
    for src, _dst in moves:
        _fsync(src)
    _fsync(staging)
    journal = {
        "staging": staging.name,
        "moves": [
            {"from": _rel(src, out_dir), "to": _rel(dst, out_dir), "hash": file_stats(src)["hash"]}
            for src, dst in moves
        ],
    }
    def write_journal(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(journal, indent=2, sort_keys=True) + "\n")
        _fsync(tmp)

    # the rename is the commit point; a failed write leaves no temporary journal
    fsutil.atomic_write(out_dir / JOURNAL, write_journal, tmp=out_dir / f"{JOURNAL}.tmp")
    _fsync(out_dir)
    _roll_forward(out_dir, journal)


def _roll_forward(out_dir: Path, journal: dict) -> None:
    """Finish a committed publication: move what is still staged, check every hash, clean up."""
    for move in journal["moves"]:
        src, dst = out_dir / move["from"], out_dir / move["to"]
        if src.exists():
            os.replace(src, dst)
    for move in journal["moves"]:
        dst = out_dir / move["to"]
        if not dst.is_file() or file_stats(dst)["hash"] != move["hash"]:
            raise PublishError(
                f"{out_dir / JOURNAL}: cannot finish the interrupted publication: {dst} is missing or "
                f"not the staged file, and the staged copy is gone; remove {out_dir / JOURNAL} and publish again"
            )
    for parent in {(out_dir / m["to"]).parent for m in journal["moves"]}:
        _fsync(parent)
    shutil.rmtree(out_dir / journal["staging"], ignore_errors=True)
    (out_dir / JOURNAL).unlink()
    _fsync(out_dir)


def recover(out_dir: Path) -> bool:
    """Finish a publication a crash interrupted after its commit point; remove leftovers.

    Returns True if a journal was found and rolled forward.  Staging directories and
    temporary journal files without a journal are the remains of a publication that never
    committed: they are removed and the package is the old one.  Raises PublishError if
    the journal cannot be honoured (a staged file vanished and its target does not match).
    """
    out_dir = Path(out_dir)
    path = out_dir / JOURNAL
    recovered = False
    if path.is_file():
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise PublishError(f"{path}: unreadable publication journal ({exc})") from None
        log.warning("publish: finishing the publication interrupted after its commit point (%s)", path)
        _roll_forward(out_dir, journal)
        recovered = True
    if out_dir.is_dir():
        for leftover in sorted(out_dir.glob(f"{STAGING_PREFIX}*")):
            shutil.rmtree(leftover, ignore_errors=True)
        if (out_dir / f"{JOURNAL}.tmp").exists():  # (unlinking a missing file fails on a read-only one)
            (out_dir / f"{JOURNAL}.tmp").unlink()
    return recovered


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
