"""Running one per-document function over many documents: in process, on every core, or on a cluster.

The extract stage's work is one picklable function, ``fn(job: DocumentJob) -> DocumentResult``
(:func:`pipeline.stages.extract.process_document`); this module only decides where each call runs,
keeps the results in the order of the jobs, reuses cached results and shows progress.
Nothing here knows what the function extracts.

Executors (:func:`run`)
    ``workers=1``: every job in this process, one after the other.  ``workers=N``: a
    :class:`concurrent.futures.ProcessPoolExecutor` of N processes.  ``scheduler=ADDRESS``:
    a Dask distributed cluster (``pip install 'mek-events[cluster]'``), one task per document.

Order and memory
    Jobs are taken from the iterator in order through a bounded window (at most ``window``
    jobs and about ``max_chars`` characters of text in flight or finished but not yet handed
    on; always at least one job), and results are handed on strictly in job order: the oldest
    job's result is awaited while the later ones keep running.  So the caller sees the same
    sequence of results whatever the executor and the number of workers, and memory is
    bounded by the window, not by the number of documents (the job iterator is read lazily).

Tasks
    On a process pool, consecutive jobs go to a worker as one task (:func:`_call_many`) of
    up to ``batch_chars`` characters (``BATCH_CHARS``) and ``window / (2 x workers)`` jobs, so
    that every worker has two tasks to run; a task is also sent as it is when its first job
    is awaited.  Measured on 10 MB of 2-60 kB documents and 2 workers (``benchmarks/bench.py``):
    one task per document cost the parent process 0.23 CPU-s of sending, receiving and
    waking (taken from the workers on a machine with as many cores as workers), tasks of
    256 kB 0.11.  When the caller says how much text to expect (``expected_chars``: the
    extract stage gives the files' bytes), the last tasks are smaller, a quarter of each
    worker's share of what is left (at least ``MIN_TASK_CHARS``), so that the workers finish
    together.  The default window of a pool is ``POOL_WINDOW`` jobs per worker.  On a Dask
    cluster every document is a task of its own (the scheduler balances them), and with one
    worker every job runs in this process as it is taken.

Cache (:class:`ResultCache`)
    A result is stored under the SHA-256 of the code version (:func:`code_version`), the
    job's source id, its context and its text.  A job whose key is in the cache is not run
    again, so adding one text to a directory of 1,000 runs one job.  The code version hashes
    every file of the ``pipeline`` package (code, lexicons, schemas) and the Python version:
    any change of code or data makes every entry stale (conservative: never a stale hit).
    Entries are JSON files written atomically; an unreadable entry is a miss.

Progress (:class:`Progress`)
    A one-line bar on stderr (documents done, MB/s, time left), drawn only when stderr is a
    terminal.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.core.errors import PipelineError

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CACHE_FORMAT = 2  # 2: a result holds its document's warnings
CONNECT_TIMEOUT = "20s"  # to reach a Dask scheduler
BATCH_CHARS = 256_000  # a task of a process pool: consecutive jobs up to this much text (module docstring)
MIN_TASK_CHARS = 16_000  # the smallest task near the end of a run whose size is known (run's expected_chars)
POOL_WINDOW = 32  # jobs pending per process of a pool (4 per process unbatched, or on a cluster)
log = logging.getLogger(__name__)


class RunError(PipelineError):
    """The executor cannot run the jobs (no Dask installed, scheduler unreachable, mixed code versions)."""


@dataclass(frozen=True)
class DocumentJob:
    """One document to process: its id, its text and keyword options forwarded untouched to the extractor.

    ``context`` is pickled with every job (to a worker process or a cluster) and serialised
    into its cache key, so keep it small: pass a large per-run object (an organisation
    profile) by name or path and load it once per process in the extractor (functools.cache).
    """

    source_id: str
    text: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocumentResult:
    """What one document gives: per output table its CSV rows (no header) and row count, rejects, counts."""

    source_id: str
    tables: dict[str, str]
    rows: dict[str, int]
    candidates: dict[str, int]
    rejects: list[dict]
    seconds: float = 0.0
    cached: bool = False
    warnings: list[str] = field(default_factory=list)  # about the document, for the run's log

    def to_json(self) -> dict:
        """The result as JSON data (what the cache stores; ``seconds`` and ``cached`` are not stored)."""
        return {"source_id": self.source_id, "tables": self.tables, "rows": self.rows,
                "candidates": self.candidates, "rejects": self.rejects, "warnings": self.warnings}

    @classmethod
    def from_json(cls, data: dict) -> DocumentResult:
        """Inverse of :meth:`to_json`; raises KeyError/TypeError on a malformed entry."""
        return cls(source_id=data["source_id"], tables=dict(data["tables"]), rows=dict(data["rows"]),
                   candidates=dict(data["candidates"]), rejects=list(data["rejects"]), cached=True,
                   warnings=[str(w) for w in data["warnings"]])


def available_cores() -> int:
    """Cores this process may run on (``sched_getaffinity`` where it exists, else ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@functools.cache
def code_version() -> str:
    """SHA-256 over every file of the ``pipeline`` package (relative path and bytes) and the Python version.

    Computed once per process.  It covers the extractors, their lexicons and profiles, the
    schemas and this module, so a cached result is reused only with exactly the code that made it.
    """
    h = hashlib.sha256(f"format {CACHE_FORMAT}; python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        data = path.read_bytes()
        h.update(f"{path.relative_to(PACKAGE_DIR).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__dataclass__": type(value).__qualname__, **dataclasses.asdict(value)}
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, re.Pattern):
        return {"__pattern__": value.pattern, "flags": value.flags}
    raise TypeError(f"cannot hash {type(value).__name__} for the cache")


class ResultCache:
    """Results by job under ``root/VERSION/``: a directory per code version, a JSON file per result."""

    MARKER = ".extract-cache"

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = Path(root)
        self.version = version or code_version()
        self.dir = self.root / self.version[:32]
        self._unhashable_logged = False

    def key(self, job: DocumentJob) -> str | None:
        """Cache key of a job, or None when its context cannot be hashed (such a job is always run)."""
        try:
            context = json.dumps(job.context, sort_keys=True, separators=(",", ":"), default=_canonical)
        except (TypeError, ValueError) as exc:
            if not self._unhashable_logged:
                log.warning("extract cache: not used for %s and others like it: %s", job.source_id, exc)
                self._unhashable_logged = True
            return None
        h = hashlib.sha256(f"{self.version}\0{job.source_id}\0{context}\0".encode())
        h.update(hashlib.sha256(job.text.encode("utf-8", "surrogatepass")).digest())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> DocumentResult | None:
        """The stored result, or None (missing or unreadable entry)."""
        path = self._path(key)
        try:
            data = json.loads(path.read_bytes())
            return DocumentResult.from_json(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.debug("extract cache: ignoring unreadable %s (%s)", path, exc)
            return None

    def put(self, key: str, result: DocumentResult) -> bool:
        """Store a result atomically (a temporary sibling, then a rename); False if JSON cannot hold it exactly.

        A result whose values do not survive a JSON round trip unchanged (a reject holding a
        tuple or an object from a faulty extractor) is not stored, so a hit always gives
        the same bytes as a run.
        """
        data = result.to_json()
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return False
        if json.loads(text) != data:
            return False
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return True

    def prepare(self) -> None:
        """Create this version's directory and remove the directories of other code versions."""
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / self.MARKER).write_text(self.version + "\n", encoding="utf-8")
        for other in sorted(self.root.iterdir()):
            if other != self.dir and other.is_dir() and (other / self.MARKER).is_file():
                log.debug("extract cache: removing entries of another code version, %s", other)
                _remove_tree(other)


def _remove_tree(path: Path) -> None:
    for sub in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if sub.is_dir() and not sub.is_symlink():
            sub.rmdir()
        else:
            sub.unlink(missing_ok=True)
    path.rmdir()


class Progress:
    """A progress line on ``stream`` (documents done, MB/s, time left), only when it is a terminal."""

    def __init__(self, total_documents: int, total_bytes: int, stream: IO[str] | None = None,
                 enabled: bool = True, label: str = "extract", interval: float = 0.25) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled and bool(getattr(self.stream, "isatty", lambda: False)())
        self.total_documents, self.total_bytes = total_documents, total_bytes
        self.label, self.interval = label, interval
        self.documents = self.bytes = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def update(self, nbytes: int) -> None:
        """One more document of ``nbytes`` bytes done."""
        self.documents += 1
        self.bytes += nbytes
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= self.interval or self.documents == self.total_documents):
            self._drawn = now
            self.stream.write("\r" + self.line(now - self.started) + "\x1b[K")
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The progress text after ``elapsed`` seconds."""
        rate = self.bytes / elapsed / 1e6 if elapsed > 0 else 0.0
        done = f"{self.documents:,}/{self.total_documents:,} documents"
        if self.total_bytes:
            done += f" ({100 * min(self.bytes, self.total_bytes) / self.total_bytes:.0f} %)"
        left = ""
        if rate > 0 and self.total_bytes > self.bytes:
            seconds = int((self.total_bytes - self.bytes) / 1e6 / rate)
            left = f", {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d} left"
        return f"{self.label}: {done}, {self.bytes / 1e6:.1f} MB, {rate:.2f} MB/s{left}"

    def close(self) -> None:
        """End the line (if one was drawn)."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _call_many(fn: Callable[[DocumentJob], DocumentResult],
               jobs: list[DocumentJob]) -> tuple[str, list[DocumentResult]]:
    """``fn`` on each of ``jobs`` in turn where the task is sent; the code version there, with the results."""
    results = []
    for job in jobs:
        started = time.perf_counter()
        result = fn(job)
        result.seconds = time.perf_counter() - started
        results.append(result)
    return code_version(), results


class _Batch:
    """Consecutive jobs sent as one task (:func:`_call_many`); its future is set when it is sent."""

    def __init__(self) -> None:
        self.jobs: list[DocumentJob] = []
        self.chars = 0
        self.future: Any = None


class _Part:
    """The future of one job of a :class:`_Batch`, with the interface of a future."""

    def __init__(self, batch: _Batch, index: int) -> None:
        self.batch, self.index = batch, index

    def result(self) -> Any:
        version, results = self.batch.future.result()
        return version, results[self.index]

    def cancel(self) -> bool:
        future = self.batch.future
        return future.cancel() if future is not None and hasattr(future, "cancel") else False


class _Ready:
    """A value that is already there, with the interface of a future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


@dataclass
class RunStats:
    """What a run did: jobs run, results taken from the cache, bytes of text."""

    computed: int = 0
    cached: int = 0
    bytes: int = 0


def run(
    fn: Callable[[DocumentJob], DocumentResult],
    jobs: Iterable[DocumentJob],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
    window: int | None = None,
    max_chars: int = 64_000_000,
    batch_chars: int = BATCH_CHARS,
    expected_chars: int | None = None,
    stats: RunStats | None = None,
) -> Iterator[DocumentResult]:
    """Yield ``fn(job)`` for every job, in job order (module docstring: executors, window, batches, cache).

    ``fn`` must be a module-level function (it is pickled to other processes) and
    deterministic: its result may come from the cache.
    """
    stats = stats if stats is not None else RunStats()
    if cache is not None:
        cache.prepare()
    here = code_version()
    with _executor(workers, scheduler) as (submit, slots, cancel):
        pooled = workers > 1 and not scheduler
        limit = max(1, window or (POOL_WINDOW if pooled else 4) * slots)
        per_task = max(1, limit // (2 * slots)) if pooled else 1  # jobs of one task: every slot has two
        pending: deque[tuple[DocumentJob, str | None, Any]] = deque()
        chars = taken = 0  # characters of the pending jobs; of all the jobs taken
        batch = _Batch()
        jobs = iter(jobs)
        exhausted = False

        def send() -> None:
            nonlocal batch
            if batch.jobs:
                batch.future = submit(fn, batch.jobs)
                batch = _Batch()

        try:
            while pending or not exhausted:
                while not exhausted and (not pending or (len(pending) < limit and chars < max_chars)):
                    job = next(jobs, None)
                    if job is None:
                        exhausted = True
                        break
                    key = cache.key(job) if cache is not None else None
                    hit = cache.get(key) if key is not None else None
                    if hit is not None and hit.source_id == job.source_id:
                        pending.append((job, None, _Ready((here, hit))))
                    else:
                        pending.append((job, key, _Part(batch, len(batch.jobs))))
                        batch.jobs.append(job)
                        batch.chars += len(job.text)
                        if batch.chars >= _task_chars(batch_chars, expected_chars, taken, slots) \
                                or len(batch.jobs) >= per_task:
                            send()
                    chars += len(job.text)
                    taken += len(job.text)
                if not pending:
                    break
                job, key, future = pending.popleft()
                if isinstance(future, _Part) and future.batch.future is None:
                    send()  # this job waits in the task being filled: send it as it is
                chars -= len(job.text)
                try:
                    version, result = future.result()
                except Exception as exc:
                    if _broken_pool(exc):
                        raise RunError(f"{job.source_id}: a worker process ended abruptly (killed, or out of memory?)"
                                       " while it extracted this document or one sent with it") from exc
                    raise
                if version != here:
                    raise RunError(f"a worker runs other pipeline code (version {version[:12]}, here {here[:12]}):"
                                   " install the same code on every worker")
                if result.cached:
                    stats.cached += 1
                else:
                    stats.computed += 1
                    if key is not None:
                        cache.put(key, result)
                nbytes = len(job.text.encode("utf-8", "surrogatepass"))
                stats.bytes += nbytes
                if progress is not None:
                    progress.update(nbytes)
                yield result
        except BaseException:
            sent = {id(f.batch): f.batch.future for _j, _k, f in pending if isinstance(f, _Part)}
            cancel([f for f in sent.values() if f is not None])
            raise
        finally:
            if progress is not None:
                progress.close()


def _broken_pool(exc: BaseException) -> bool:
    """Whether ``exc`` says a worker process died: of a local pool, or of a Dask cluster after its
    retries (``distributed.KilledWorker``). Imported only then: most runs have neither."""
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return True
    try:
        from distributed import KilledWorker
    except ImportError:  # no Dask installed: no cluster either
        return False
    return isinstance(exc, KilledWorker)


def _task_chars(most: int, expected: int | None, taken: int, slots: int) -> int:
    """The text a task of a pool may hold: ``most``, and near the end a quarter of each worker's share
    of what is left (``expected`` characters in all, ``taken`` so far), at least ``MIN_TASK_CHARS``,
    so that the last tasks are small and the workers finish together."""
    if expected is None:
        return most
    return min(most, max(MIN_TASK_CHARS, (expected - taken) // (4 * slots)))


class _executor:
    """Context manager giving (submit(fn, job) -> future of (version, result), slots, cancel(futures))."""

    def __init__(self, workers: int, scheduler: str | None) -> None:
        self.workers, self.scheduler = max(1, workers), scheduler
        self._close: Callable[[], None] = lambda: None

    def __enter__(self):
        if self.scheduler:
            return self._dask()
        if self.workers == 1:
            return (lambda fn, jobs: _Ready(_call_many(fn, jobs))), 1, lambda futures: None
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=self.workers)
        self._close = lambda: pool.shutdown(wait=True, cancel_futures=True)

        def cancel(futures: list) -> None:
            for f in futures:
                if hasattr(f, "cancel"):
                    f.cancel()

        return (lambda fn, jobs: pool.submit(_call_many, fn, jobs)), self.workers, cancel

    def _dask(self):
        try:
            from distributed import Client
        except ImportError:
            raise RunError(f"--scheduler {self.scheduler}: needs Dask distributed "
                           "(pip install 'mek-events[cluster]')") from None
        try:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise RunError(f"{self.scheduler}: cannot connect to the Dask scheduler ({exc})") from None
        self._close = client.close
        slots = sum(client.nthreads().values()) or 1
        log.info("extract: on the Dask cluster at %s (%d workers, %d threads)", self.scheduler,
                 len(client.nthreads()), slots)

        def submit(fn, jobs):
            return client.submit(_call_many, fn, jobs, pure=False)

        def cancel(futures: list) -> None:
            remote = [f for f in futures if not isinstance(f, _Ready)]
            if remote:
                client.cancel(remote)

        return submit, slots, cancel

    def __exit__(self, *exc_info) -> None:
        self._close()
