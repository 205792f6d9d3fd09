"""Stage `extract`: raw texts in, one CSV per mention table out.

    python -m pipeline extract --raw-dir raw --out-dir build/extract

Works on any directory of ``*.txt`` files: with a ``sources.csv`` manifest the
files are checked against it and ids come from it; without one the file stem
is the source id.  Bad input (a missing, empty, non-UTF-8 or unlisted file, a
malformed manifest) stops the stage before anything is written: exit 1 and one
``error: FILE …`` line naming the file (and manifest row and field).

Nothing is lost silently.  The extractors propose *candidates*; a candidate that
cannot be published is not written to its table but to ``rejects.csv`` (columns
``source_id, table, char_start, char_end, text, reason``), and each is reported as a
warning on stderr.  A candidate is rejected when

* its sentence holds an impossible date ("31 February 1990", "1990-13-05", "the 13th
  month of 1990"): the sentence's date is wrong, so no row of it is trusted;
* it breaks its table's schema (type, required value, enum, pattern, minimum, or an
  integer outside the int64 range of the published files, e.g. a membership figure of
  10**30): :func:`pipeline.package.checks.record_problems`;
* it breaks a domain invariant the validate stage checks (evidence span and quote, date
  interval, low <= high): :func:`pipeline.package.checks.domain_problems`;
* its ``mention_id`` repeats an earlier candidate's (the same evidence span twice).

An impossible date whose sentence gave no candidate is listed too, with an empty
``table``.  ``counts.json`` records ``{table: {"candidates", "written", "rejected"}}``;
:func:`pipeline.package.rejects.check_counts` proves ``candidates == written + rejected`` against the files
themselves (rows in each CSV, rows of that table in ``rejects.csv``), and the stage runs
it on its own output before it exits.

Many documents.  The work on one document is :func:`process_document` (a picklable
``DocumentJob`` in, a ``DocumentResult`` of CSV rows, rejects and counts out), and
:mod:`pipeline.core.runner` runs it: in this process (``--workers 1``), on N processes
(``--workers N``, default every available core) or on a Dask cluster (``--scheduler
ADDRESS``), handing the results on in source-id order through a bounded window, reusing the
result of an unchanged text from ``--cache-dir``, with a progress line when stderr is a
terminal (not with ``--quiet`` or ``--verbose``).  The files are byte-identical in every case.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import logging
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.core import fsutil, jsonio, runner
from pipeline.extractors import TABLES, build, extract_from, impossible_dates, unnamed_warning
from pipeline.extractors.organisation import Organisation, resolve
from pipeline.package import csvio, sources
from pipeline.package.rejects import (
    COUNTS,
    REJECTS,
    check_counts,
    count_candidates,
    gate,
    reject_order,
    rejects_csv,
)
from pipeline.package.sources import iter_texts, load_manifest
from pipeline.text import docdate
from pipeline.text.dates import DocumentDate

MAX_WARNINGS = 50  # rejects reported one by one on stderr; the rest are counted (all are in rejects.csv)
log = logging.getLogger(__name__)


@dataclass
class Extraction:
    """Publishable records by table, rejected candidates (REJECT_FIELDS dicts) and the counts."""

    tables: dict[str, list[dict]]
    rejects: list[dict]
    counts: dict[str, dict[str, int]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"), help="directory of *.txt sources")
    parser.add_argument("--out-dir", type=Path, default=Path("build/extract"), help="where to write the CSVs")
    parser.add_argument(
        "--organisation", metavar="ID_OR_FILE", default=None,
        help="organisation profile the texts are coded for: an id in pipeline/extractors/organisations/ or a "
             "JSON file (default: the manifest's organisation column, else mek)")
    parser.add_argument(
        "--alias", metavar="NAME", action="append", default=[],
        help="another name of the organisation (repeatable); alone, without --organisation, codes the texts "
             "for an organisation known only by these names")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, default=None, metavar="N",
                       help="processes to extract with, one document at a time each (default: every core "
                            f"this process may use, here {runner.available_cores()}); the output is the same "
                            "for any N")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on the Dask distributed cluster whose scheduler is at ADDRESS "
                            "(e.g. tcp://10.0.0.5:8786; needs the 'cluster' extra)")
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="reuse each document's result from DIR when its text, options and the code are "
                             "unchanged, so only new or changed texts are extracted (the DVC stage uses "
                             "build/cache/extract); default: no cache")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def organisations(raw_dir: Path, organisation: str | None = None, aliases: list[str] | None = None
                  ) -> dict[str, Organisation]:
    """The organisation each text is coded for, by source id; the key "" holds the default.

    ``--organisation``/``--alias`` apply to every text; without them a manifest row's
    ``organisation`` column names the profile (empty: mek).
    """
    aliases = aliases or []
    default = resolve(organisation, aliases)
    out = {"": default}
    if organisation is None and not aliases:
        out |= {source_id: resolve(profile) for source_id, profile in sources.organisations(raw_dir).items()}
    return out


def published_years(raw_dir: Path) -> dict[str, DocumentDate]:
    """Publication date of each source that has one in the manifest (``published`` + precision).

    A source without one (and every source of a directory without a manifest) gets its
    document date from its text's dateline when it is extracted (:func:`documents`).
    """
    if not (raw_dir / "sources.csv").exists():
        return {}
    dates = {}
    for row in load_manifest(raw_dir):
        doc = docdate.from_manifest(row.get("published"), row.get("published_precision"))
        if doc is not None:
            dates[row["source_id"]] = doc
    return dates


def _document_date(text: str, given: DocumentDate | int | None) -> DocumentDate | None:
    """The document date: the one given (a manifest date, or a bare year), else the text's dateline."""
    if isinstance(given, int):
        return DocumentDate(datetime.date(given, 1, 1), "year", "manifest")
    return given if given is not None else docdate.from_text(text)


def extract_texts(
    texts: dict[str, str], years: dict[str, DocumentDate] | dict[str, int] | None = None
) -> dict[str, list[dict]]:
    """Publishable mention records of every text, by table (rejected candidates left out)."""
    return extract_all(texts, years).tables


def document_context(
    source_id: str, years: dict[str, DocumentDate] | dict[str, int], orgs: dict[str, Organisation] | None = None
) -> dict:
    """Keyword options of one document for the extractor (``DocumentJob.context``).

    The manifest's document date (a bare year is taken as that year) and the organisation
    profile; a text without a manifest date gets its dateline in :func:`_extract_one`.
    Both are dataclasses, so the result cache keys on their content.
    """
    given = years.get(source_id)
    if isinstance(given, int):
        given = DocumentDate(datetime.date(given, 1, 1), "year", "manifest")
    orgs = orgs or {}
    return {"document_date": given, "org": orgs.get(source_id, orgs.get("")) or resolve()}


def jobs(
    texts: dict[str, str] | Iterable[tuple[str, str]], years: dict[str, DocumentDate] | dict[str, int] | None = None,
    orgs: dict[str, Organisation] | None = None,
) -> Iterator[runner.DocumentJob]:
    """One job per text, in source-id order; ``texts`` is a dict or (source_id, text) pairs in that order."""
    years = years or {}
    pairs = sorted(texts.items()) if isinstance(texts, dict) else texts
    previous = None
    for source_id, text in pairs:
        if previous is not None and source_id <= previous:
            raise ValueError(f"texts must come in source-id order: {source_id!r} after {previous!r}")
        previous = source_id
        yield runner.DocumentJob(source_id, text, document_context(source_id, years, orgs))


def _extract_one(job: runner.DocumentJob) -> tuple[dict[str, list[dict]], list[dict], Counter[str], list[str]]:
    """The per-document work: candidates, then the gate. Returns (publishable records, rejects, candidate
    counts, warnings about the document)."""
    context = dict(job.context)
    given = context.pop("document_date", None)
    year = context.pop("this_year", None)  # a bare publication year, as older callers pass it
    date = _document_date(job.text, given if given is not None else year)
    doc = build(job.source_id, job.text, this_year=date.date.year if date else None, document_date=date, **context)
    found = extract_from(doc)
    kept, rejected = gate(job.source_id, job.text, found, impossible_dates(doc))
    note = unnamed_warning(doc, sum(len(kept[t]) for t in TABLES))
    warnings = [note] if note else []
    return kept, rejected, Counter({t: len(found[t]) for t in TABLES}), warnings


def process_document(job: runner.DocumentJob) -> runner.DocumentResult:
    """One document's CSV rows per table (no header), rejects and counts: the unit the runner distributes.

    Module-level and pure, so it can be pickled to worker processes or a cluster and its
    result cached (pipeline.core.runner).
    """
    kept, rejected, found, warnings = _extract_one(job)
    return runner.DocumentResult(
        source_id=job.source_id,
        tables={t: csvio.csv_text(kept[t], t).split("\n", 1)[1] for t in TABLES},
        rows={t: len(kept[t]) for t in TABLES},
        candidates={t: found[t] for t in TABLES},
        rejects=rejected,
        warnings=warnings,
    )


def documents(
    texts: dict[str, str] | Iterable[tuple[str, str]], years: dict[str, DocumentDate] | dict[str, int] | None = None,
    orgs: dict[str, Organisation] | None = None,
) -> Iterator[tuple[str, dict[str, list[dict]], list[dict], Counter[str]]]:
    """Per document, in source-id order: (source_id, publishable records by table, rejects, candidate counts).

    ``texts`` is a dict, or (source_id, text) pairs already in source-id order
    (sources.iter_texts), read one at a time.  In this process; :func:`stream` distributes.
    """
    for n, job in enumerate(jobs(texts, years, orgs), start=1):
        started = time.perf_counter()
        kept, rejected, found, _warnings = _extract_one(job)
        log.debug("extract: [%d] %s: %d characters, %s, %d rejected in %.2f s", n, job.source_id, len(job.text),
                  ", ".join(f"{len(kept[t])} {t}" for t in TABLES), len(rejected), time.perf_counter() - started)
        yield job.source_id, kept, rejected, found


def extract_all(
    texts: dict[str, str], years: dict[str, DocumentDate] | dict[str, int] | None = None,
    orgs: dict[str, Organisation] | None = None,
) -> Extraction:
    """Extract every text; split candidates into publishable records and rejects; count both."""
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    bad: list[dict] = []
    candidates: Counter[str] = Counter()
    for _source_id, kept, rejected, found in documents(texts, years, orgs):
        for table in TABLES:
            tables[table].extend(kept[table])
        bad.extend(rejected)
        candidates += found
    bad.sort(key=reject_order)
    return Extraction(tables, bad, count_candidates(candidates, Counter({t: len(tables[t]) for t in TABLES}), bad))


def stream(
    texts: dict[str, str] | Iterable[tuple[str, str]], years: dict[str, DocumentDate] | dict[str, int] | None,
    out_dir: Path, orgs: dict[str, Organisation] | None = None, **run_options,
) -> tuple[list[dict], dict, list[str]]:
    """Write each table's CSV document by document, holding a bounded window of documents at a time.

    Rows sort by source id first, and the runner hands results on in source-id order, so
    appending each document's sorted rows gives the same bytes as sorting all rows at once
    (csvio.write_csv), whatever the executor. ``run_options`` go to :func:`pipeline.core.runner.run`
    (workers, scheduler, cache, progress, stats). Returns (rejects, counts, warnings about documents).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = {t: fsutil.temporary_sibling(out_dir / f"{t}.csv") for t in TABLES}
    files: dict[str, IO[str]] = {}
    bad: list[dict] = []
    notes: list[str] = []
    candidates: Counter[str] = Counter()
    written: Counter[str] = Counter()
    current = tmp[TABLES[0]]
    try:
        for t in TABLES:
            current = tmp[t]
            files[t] = open(current, "w", encoding="utf-8", newline="")  # noqa: SIM115
            files[t].write(csvio.csv_text([], t))
        for n, result in enumerate(runner.run(process_document, jobs(texts, years, orgs), **run_options), start=1):
            for t in TABLES:
                current = tmp[t]
                files[t].write(result.tables[t])
                written[t] += result.rows[t]
            bad.extend(result.rejects)
            notes.extend(result.warnings)
            candidates += Counter(result.candidates)
            log.debug("extract: [%d] %s: %s, %d rejected%s", n, result.source_id,
                      ", ".join(f"{result.rows[t]} {t}" for t in TABLES), len(result.rejects),
                      " (cached)" if result.cached else f" in {result.seconds:.2f} s")
        for t in TABLES:  # close (flush) before renaming: a full disk shows here, not after
            current = tmp[t]
            files.pop(t).close()
        for t in TABLES:
            current = tmp[t]
            os.replace(tmp[t], out_dir / f"{t}.csv")
    except BaseException as exc:
        # A bad text met half-way, a full disk, an interrupt: no temporary file stays behind,
        # and the tables not yet renamed keep their previous content.
        for f in files.values():
            with contextlib.suppress(OSError):
                f.close()
        for path in tmp.values():
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, OSError):
            raise fsutil.with_filename(exc, current) from exc
        raise
    bad.sort(key=reject_order)
    return bad, count_candidates(candidates, written, bad), notes


def main(args: argparse.Namespace) -> int:
    years = published_years(args.raw_dir)
    orgs = organisations(args.raw_dir, args.organisation, args.alias)
    seen = Counter()

    def texts() -> Iterator[tuple[str, str]]:
        for source_id, text in iter_texts(args.raw_dir):
            seen["texts"] += 1
            seen["characters"] += len(text)
            yield source_id, text

    paths = sorted(p for p in Path(args.raw_dir).glob("*.txt") if p.is_file())
    total = sum(p.stat().st_size for p in paths)  # bytes: the progress line's total, and the pool's hint
    progress = runner.Progress(len(paths), total,
                               enabled=not (getattr(args, "quiet", False) or getattr(args, "verbose", False)))
    stats = runner.RunStats()
    workers = args.workers or runner.available_cores()
    cache = runner.ResultCache(args.cache_dir) if args.cache_dir else None
    started = time.perf_counter()
    bad, counts, notes = stream(texts(), years, args.out_dir, orgs, workers=workers, scheduler=args.scheduler,
                                cache=cache, progress=progress, stats=stats, expected_chars=total)
    seconds = time.perf_counter() - started
    log.info("extract: read %d texts (%d characters) from %s", seen["texts"], seen["characters"], args.raw_dir)
    where = f"on {args.scheduler}" if args.scheduler else f"{workers} worker{'s' * (workers > 1)}"
    log.info("extract: %d documents extracted (%s), %d from the cache %s; %.1f MB in %.1f s", stats.computed,
             where, stats.cached, args.cache_dir or "(no cache)", stats.bytes / 1e6, seconds)
    for table in TABLES:
        log.info("extract: %d rows -> %s", counts[table]["written"], args.out_dir / f"{table}.csv")
    _write_text(args.out_dir / REJECTS, rejects_csv(bad))
    jsonio.write_json(counts, args.out_dir / COUNTS)
    log.info("extract: %d rejected candidates -> %s", len(bad), args.out_dir / REJECTS)
    for r in bad[:MAX_WARNINGS]:
        quote = r["text"] if len(r["text"]) <= 80 else r["text"][:77] + "..."
        log.warning("%s chars %s-%s%s: %r: %s; no row written", r["source_id"], r["char_start"], r["char_end"],
                    f" ({r['table']})" if r["table"] else "", quote, r["reason"])
    if len(bad) > MAX_WARNINGS:
        log.warning("%d more rejected candidates, see %s", len(bad) - MAX_WARNINGS,
                    args.out_dir / REJECTS)
    for note in notes[:MAX_WARNINGS]:
        log.warning("%s", note)
    if len(notes) > MAX_WARNINGS:
        log.warning("%d more texts never name the organisation they are coded for", len(notes) - MAX_WARNINGS)
    check_counts(args.out_dir)
    return 0


def _write_text(path: Path, text: str) -> None:
    """Write UTF-8 text via a temporary sibling and a rename (a reader never sees half a file)."""
    fsutil.atomic_write_text(path, text)
