"""Load one published table as a pandas DataFrame, checked against its ``datapackage.json``.

    from pipeline.package.load import load

    events = load("event_mentions")                    # this checkout's processed/
    sources = load("sources", version="v0.1.0")        # as released under a Git tag (or any revision)

``load(resource, version=None, root=None)`` reads the resource's Parquet file, whose path,
size and SHA-256 are in the resource's ``x-parquet`` property of ``datapackage.json`` (see
:mod:`pipeline.stages.publish`), checks the bytes against them and only then returns the rows,
with ``dtype_backend="pyarrow"``: dates stay dates (``date32``), integers stay nullable
``int64``, strings are Arrow strings.

* ``version=None``: the files in the directory ``root`` as they are on disk.
* ``version="v0.1.0"`` (a tag, branch or commit): both ``datapackage.json`` and the Parquet
  file are read from that revision of the Git repository ``root`` with ``git show
  REV:./PATH``, so no checkout, network or DVC remote is needed (the files are tracked by
  Git).  For a repository you do not have, ``git clone`` it first, or fetch single files
  with ``dvc get URL processed/NAME.parquet --rev TAG`` (README, *Pinning a release*).
* ``root=None``: the checkout this package lives in when it holds a ``datapackage.json``
  (an editable install or running from the repository), else the current directory.

Errors raise :class:`LoadError` (a :class:`pipeline.core.errors.PipelineError`): unknown
resource, missing file, unknown revision, and — as :class:`ChecksumError` — a file whose
size or SHA-256 differs from what that version's ``datapackage.json`` records.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path

import pandas as pd

from pipeline.core.errors import PipelineError

PACKAGE = "datapackage.json"
_HERE = Path(__file__).resolve().parents[2]


class LoadError(PipelineError):
    """A table cannot be loaded: unknown resource or revision, missing file."""


class ChecksumError(LoadError):
    """A file's bytes do not match the size or SHA-256 its datapackage.json records."""


def default_root() -> Path:
    """The checkout this package lives in if it has a datapackage.json, else the current directory."""
    return _HERE if (_HERE / PACKAGE).is_file() else Path.cwd()


def _read(root: Path, path: str, version: str | None) -> bytes:
    """Bytes of ``path`` (relative to root) on disk, or at Git revision ``version``."""
    if version is None:
        try:
            return (root / path).read_bytes()
        except OSError as exc:
            raise LoadError(f"{root / path}: cannot read ({exc.strerror})") from None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "show", f"{version}:./{path}"], capture_output=True, check=False
        )
    except FileNotFoundError:
        raise LoadError("git is not installed; it is needed to load a version") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoadError(f"{path} at {version} in {root}: {reason[-1] if reason else 'git show failed'}")
    return done.stdout


def parquet_entry(package: dict, resource: str) -> dict:
    """The ``x-parquet`` description of ``resource`` in a package descriptor."""
    names = [r.get("name") for r in package.get("resources", [])]
    if resource not in names:
        raise LoadError(f"unknown resource {resource!r}; this version has: {', '.join(map(str, names))}")
    entry = package["resources"][names.index(resource)].get("x-parquet")
    if not entry or "path" not in entry or "hash" not in entry:
        raise LoadError(f"resource {resource!r} has no x-parquet path and hash in {PACKAGE}")
    return entry


def verify(data: bytes, entry: dict, where: str) -> None:
    """Raise ChecksumError unless data has the size and SHA-256 that ``entry`` records."""
    algorithm, _, expected = str(entry["hash"]).rpartition(":")
    if algorithm not in ("", "sha256"):
        raise LoadError(f"{where}: unsupported hash {entry['hash']!r} (expected sha256)")
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected or ("bytes" in entry and len(data) != entry["bytes"]):
        raise ChecksumError(
            f"{where}: sha256 {actual} ({len(data)} bytes) does not match {PACKAGE} "
            f"(sha256 {expected}, {entry.get('bytes', '?')} bytes); the file was changed after publication"
        )


def load(resource: str, version: str | None = None, root: str | Path | None = None) -> pd.DataFrame:
    """Rows of ``processed/RESOURCE.parquet`` (of ``version``, if given), checked against its checksum."""
    root = Path(root) if root is not None else default_root()
    at = f" at {version}" if version else ""
    try:
        package = json.loads(_read(root, PACKAGE, version))
    except json.JSONDecodeError as exc:
        raise LoadError(f"{root / PACKAGE}{at}: not valid JSON ({exc})") from None
    entry = parquet_entry(package, resource)
    data = _read(root, entry["path"], version)
    verify(data, entry, f"{root / entry['path']}{at}")
    return pd.read_parquet(io.BytesIO(data), dtype_backend="pyarrow")
