"""File-system helpers shared by the stages: atomic writes that leave nothing behind, and one-line
descriptions of operating-system errors.

Every output file is written to a hidden temporary sibling (``.NAME.tmp``) and renamed into place, so
a reader sees the old file or the new one, never half of one.  When the write fails (no space left, a
read-only file system, a size limit) or is interrupted, the temporary file is removed and the error
is re-raised as an :class:`OSError` that names the file (a failing ``write`` or ``close`` reports no
file name of its own).  The CLI prints it as one line with :func:`describe_os_error`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text", "describe_os_error", "temporary_sibling"]

# Causes users act on, in the words the issue tracker and `df`/`mount` use.
_CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EFBIG: "file too large (a file size limit was hit)",
    errno.ENOENT: "no such file or directory",
    errno.ENOTDIR: "not a directory",
    errno.EISDIR: "is a directory",
    errno.EIO: "input/output error",
    errno.EMFILE: "too many open files",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "too many levels of symbolic links",
}
_ERRNO_IN_TEXT = re.compile(r"\[errno (\d+)\]", re.IGNORECASE)


def _errno_of(exc: OSError) -> int | None:
    if exc.errno is not None:
        return exc.errno
    m = _ERRNO_IN_TEXT.search(str(exc))  # pyarrow: "Error writing bytes to file. Detail: [errno 28] ..."
    return int(m.group(1)) if m else None


def describe_os_error(exc: OSError) -> str:
    """``PATH: cause`` for an operating-system error (``PATH -> PATH2: cause`` for a rename)."""
    code = _errno_of(exc)
    cause = _CAUSES.get(code) if code is not None else None
    if cause is None:
        cause = (exc.strerror or str(exc) or type(exc).__name__).strip()
        cause = cause[:1].lower() + cause[1:]
    where = ""
    if exc.filename is not None:
        where = os.fsdecode(exc.filename)
        if exc.filename2 is not None:
            where += f" -> {os.fsdecode(exc.filename2)}"
        where += ": "
    return f"{where}{cause}"


def with_filename(exc: OSError, path: Path | str) -> OSError:
    """The same error naming ``path`` when it names no file (a failed ``write``/``close`` does not)."""
    if exc.filename is not None:
        return exc
    code = _errno_of(exc)
    strerror = exc.strerror or (os.strerror(code) if code is not None else str(exc))
    new = OSError(code, strerror, os.fspath(path))
    new.__cause__ = exc
    return new


def temporary_sibling(path: Path) -> Path:
    """The hidden temporary file an output is written to before it is renamed into place."""
    return path.with_name(f".{path.name}.tmp")


@contextlib.contextmanager
def temporary_output(path: Path, tmp: Path | None = None) -> Iterator[Path]:
    """Yield a temporary file (default: the sibling ``.NAME.tmp``); on success rename it to
    ``path``, on any failure remove it and re-raise (an OSError naming the file)."""
    path = Path(path)
    tmp = temporary_sibling(path) if tmp is None else Path(tmp)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise with_filename(exc, tmp) from exc
        raise


def atomic_write(path: Path, write: Callable[[Path], None], tmp: Path | None = None) -> None:
    """Call ``write(tmp)`` to produce the file at a temporary sibling, then rename it to ``path``."""
    with temporary_output(Path(path), tmp) as temporary:
        write(temporary)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary sibling + rename; removed on failure)."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            f.write(data)

    atomic_write(path, write)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (no newline translation) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def file_stats(path: Path) -> dict[str, int | str]:
    """Return ``{"bytes": size, "hash": "sha256:…"}`` of a file."""
    data = Path(path).read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
