"""The ``datapackage.json`` descriptor: package metadata, the raw inputs, one resource per schema.

Package metadata (name, title, description, version, licences, contributors, keywords,
homepage) is read from ``pipeline/metadata.json``, the one place the data version lives.
Release metadata: ``"x-release": {"tag": "vX.Y.Z"}`` (derived from the version, never from
the clock) and ``"x-raw-inputs"`` (:func:`raw_inputs`).  Each CSV resource carries
``"x-parquet"`` describing the Parquet file with the same rows (see
:mod:`pipeline.stages.publish` for why Parquet files are not resources of their own).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.core.errors import PublishError
from pipeline.core.fsutil import file_stats
from pipeline.package import catalogue, sources

METADATA_PATH = Path(__file__).resolve().parents[1] / "metadata.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"

__all__ = ["file_stats", "load_metadata", "raw_inputs", "package_descriptor", "frictionless_check"]


def load_metadata() -> dict:
    """Return the package metadata from ``pipeline/metadata.json`` (null values dropped)."""
    data = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if v is not None}


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


def frictionless_check(descriptor: dict, basepath: Path) -> None:
    """Validate a package descriptor with frictionless against the files under ``basepath``."""
    from frictionless import Package

    report = Package(descriptor, basepath=str(basepath)).validate()
    if not report.valid:
        lines = [e.message for e in report.errors]
        lines += [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
        raise PublishError("staged package does not validate:\n  " + "\n  ".join(lines))
