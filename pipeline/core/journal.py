"""The publication journal: move a set of staged files into place so that, after any crash,
the published files are entirely the old ones or (once :func:`recover` has run) entirely the
new ones.  See :mod:`pipeline.stages.publish` for the guarantee and its steps.

* :func:`locked`: an exclusive ``flock`` on the output directory for the whole publication.
* :func:`commit`: fsync the staged files, write the journal ``.publish-journal.json``
  atomically (the commit point), then roll forward.
* :func:`recover`: finish a publication interrupted after its commit point, remove the
  remains of one interrupted before it (idempotent).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.core import fsutil
from pipeline.core.errors import PublishError

log = logging.getLogger(__name__)

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".staging-"


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
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


def commit(out_dir: Path, staging: Path, moves: list[tuple[Path, Path]]) -> None:
    """Write the journal (the commit point), then move every staged file into place."""
    for src, _dst in moves:
        _fsync(src)
    _fsync(staging)
    journal = {
        "staging": staging.name,
        "moves": [
            {"from": _rel(src, out_dir), "to": _rel(dst, out_dir), "hash": fsutil.file_stats(src)["hash"]}
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
        if not dst.is_file() or fsutil.file_stats(dst)["hash"] != move["hash"]:
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
