"""Benchmark: extraction throughput per core, speed-up from workers, memory, the result cache, DVC, a profile.

    python benchmarks/bench.py                          # everything (about 15 minutes on 2 cores)
    python benchmarks/bench.py --sizes 2 --one-document-sizes --no-dvc --workers 1 2   # quick
    python benchmarks/bench.py --only-profile 3         # where the time goes, on 3 MB
    python benchmarks/bench.py --only-phases 3          # CPU seconds per phase of extraction, on 3 MB

Prints Markdown tables (the README's *Performance* section is made from them).

Corpus: distinct text
    Every sentence of the benchmark corpus is different, so no cache or memo can profit from
    repetition.  The material is every text of ``raw/``, of ``../shared/corpus/texts/`` and
    the plain text of every ``../shared/benchmarks/timeml/**/*.tml`` (the ``<TEXT>`` element
    with its tags stripped and entities decoded), about 0.75 MB in all, cut into paragraphs
    and sentences with the pipeline's own segmenter.  Copy ``k`` of a sentence is varied:
    years 1900–2099 shifted together by ``shift(k)`` (±1, ±2, … ±40), other numbers of 32
    and more moved by a per-copy offset (commas kept), and capitalised words that the
    extractors' lexicons and organisation profiles (their JSON files) do not hold (people,
    small places, companies) replaced by others
    of the material, chosen by a seeded hash.  A varied sentence that was already produced
    is varied again with another seed (up to 8 times) and otherwise left out; a sentence
    nothing can vary (no year, number or unknown name) is used once only.  Paragraphs
    (their sentences varied) follow in their order, text after text (in a seeded shuffled
    order per copy), and are cut into documents of a random target size of 2–60 kB (as
    real sources), each opened by a generated title line.  Before timing, every document is
    segmented again with ``pipeline.text.segment`` and the run stops if any sentence
    occurs twice (``distinct sentences`` in the output).
    Mode ``documents``: one file per document; mode ``one document``: the same documents
    joined into a single file (nothing may be quadratic in a document's length).
    ``--corpus repeated`` gives the old corpus instead (the five raw texts repeated with
    years shifted and lines shuffled), to show what repetition used to hide.

Extraction
    The corpus is written to a temporary directory; a fresh interpreter (``--worker``) times
    ``python -m pipeline --quiet extract --workers N`` run in-process (reading, extracting,
    writing the CSVs) for each N of ``--workers``, and reports its peak resident memory
    (``VmHWM``, see :func:`peak_rss_mb`) and that of the largest worker process
    (``RUSAGE_CHILDREN``).  MB/s per core is MB/s divided by N; the speed-up is the time
    with one worker over the time with N.

Interpreters
    Every timed interpreter runs with Python's bytecode cache on (``PYTHONPYCACHEPREFIX`` in
    the temporary directory, written by one untimed import first), as in any installation:
    with ``PYTHONDONTWRITEBYTECODE`` set, as on the machine the README's figures come from,
    every run would first compile the package's source (about 0.07 s).

Cache
    On the ``documents`` corpus of the first size: a run with an empty ``--cache-dir`` (full),
    then one more distinct document added and a second run with the same cache
    (incremental: one document extracted, every other result read from the cache).

Yardstick
    A bare regular-expression scan for dates (day-month-year, month-year and bare years)
    over the same corpus (in the parent process, MB per CPU-second): the cost of just
    looking at every character with one regex, to put the extractor's figure in proportion.

Profile (``--profile MB``)
    ``cProfile`` of the extract stage (one worker) on a distinct corpus of that size, the
    time grouped by the module of the function that spends it; time in the regular-
    expression engine (``re.Pattern`` methods, C code) is charged to the module whose code
    called it and shown in its own column.

DVC
    In a temporary copy of the repository (``git clone`` plus the working tree's uncommitted
    files), the wall time of ``dvc repro --force`` (every stage on the real sources), of a
    following no-op ``dvc repro`` and of ``dvc status``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MEK_SHARED", ROOT.parent / "shared"))  # --shared
MATERIAL = "all"  # --material
MB = 1_000_000
_YEAR = re.compile(r"\b(19|20)([0-9]{2})\b")
_NUMBER = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|(?<![0-9.,])[0-9]+(?![0-9])")
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b(?![.'’-])")  # not an abbreviation ("Oct."), not "O'"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
YARDSTICK = re.compile(rf"\b(?:(?:[0-9]{{1,2}} )?{_MONTH},? )?(?:1[0-9]|20)[0-9]{{2}}\b|\b{_MONTH} [0-9]{{1,2}}\b")
_WORKER_SCRIPT = Path(__file__).resolve()
_HAS_WORKERS = "--workers" in (ROOT / "pipeline" / "stages" / "extract.py").read_text(encoding="utf-8")


def _pipeline():
    sys.path.insert(0, str(ROOT))
    import pipeline.text.segment

    return pipeline.text.segment


# --- the distinct corpus --------------------------------------------------------------------------


def material() -> list[tuple[str, str]]:
    """(name, text) of every text the corpus is made from, in a fixed order (``--material``)."""
    corpus, timeml = SHARED / "corpus" / "texts", SHARED / "benchmarks" / "timeml"
    if not corpus.is_dir() or not timeml.is_dir():
        raise SystemExit(f"error: {SHARED}: no corpus/texts or benchmarks/timeml (give --shared DIR)")
    out = [(f"raw/{p.name}", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "raw").glob("*.txt"))]
    out += [(f"corpus/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))]
    if MATERIAL == "mek":
        return out
    for p in sorted(timeml.rglob("*.tml")):
        source = p.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
        out.append((f"timeml/{p.name}", html.unescape(re.sub(r"<[^>]+>", "", m.group(1) if m else source))))
    return out


def paragraphs_of(text: str) -> list[list[str]]:
    """The text's paragraphs, each the list of its sentences (pipeline.text.segment)."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for s in _pipeline().segment(text):
        grouped[s.paragraph].append(" ".join(s.text.split()))
    return [grouped[k] for k in sorted(grouped)]


def _shift(k: int) -> int:
    """Year shift of copy k: 0, 1, -1, 2, -2, ... 40, -40, then again."""
    i = k % 81
    return (i + 1) // 2 * (1 if i % 2 else -1)


class Varier:
    """Copy ``k`` of a sentence: years shifted, numbers moved, unknown capitalised names replaced."""

    def __init__(self, texts: list[str]) -> None:
        # the words of the lexicons and organisation profiles (data files: a change of the code,
        # even of a comment, leaves the corpus as it is)
        data = sorted([*(ROOT / "pipeline" / "extractors" / "lexicons").glob("*.json"),
                       *(ROOT / "pipeline" / "extractors" / "organisations").glob("*.json")])
        lexicon = "\n".join(p.read_text(encoding="utf-8") for p in data).lower()
        known = set(re.findall(r"[a-z]+", lexicon)) | {m.lower() for m in re.findall(r"[A-Z][a-z]+", _MONTH)}
        known |= {a.replace(".", "") for a in _pipeline().ABBREVIATIONS}
        counts = Counter(w for t in texts for w in _NAME.findall(t))
        self.names = sorted(w for w, n in counts.items() if n >= 2 and w.lower() not in known)
        self.keep = known

    def vary(self, sentence: str, k: int, seed: int = 0) -> str:
        if k == 0 and seed == 0:
            return sentence
        shift = _shift(k + 37 * seed) or 41
        out = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), sentence)
        offset = 1 + (k * 7 + seed * 13) % 89

        def number(m: re.Match) -> str:
            digits = m.group(0)
            value = int(digits.replace(",", ""))
            if value < 32 or (len(digits) == 4 and 1900 <= value + 0 <= 2140):
                return digits
            moved = value + offset
            return f"{moved:,}" if "," in digits else str(moved)

        out = _NUMBER.sub(number, out)
        if self.names:
            def name(m: re.Match) -> str:
                word = m.group(0)
                if word.lower() in self.keep:
                    return word
                h = hashlib.blake2b(f"{word}\0{k}\0{seed}".encode(), digest_size=4).digest()
                return self.names[int.from_bytes(h, "big") % len(self.names)]

            out = _NAME.sub(name, out)
        return out


def distinct_corpus(size_mb: float, seed: int = 0, prefix: str = "doc") -> dict[str, str]:
    """Documents (id -> text) of at least ``size_mb`` MB in which no sentence occurs twice (module docstring)."""
    texts = material()
    varier = Varier([t for _n, t in texts])
    sources = [paragraphs_of(t) for _n, t in texts]
    seen: set[bytes] = set()
    rng = random.Random(seed)
    docs: dict[str, str] = {}
    total, k = 0, 0
    current: list[str] = []
    target = rng.randint(2_000, 60_000)
    size = 0

    def close() -> None:
        nonlocal current, size, target, total
        if current:
            name = f"{prefix}-{len(docs):06d}"
            text = f"Document {len(docs)} of the benchmark corpus (seed {seed})\n\n" + "\n\n".join(current) + "\n"
            docs[name] = text
            total += len(text.encode("utf-8"))
        current, size, target = [], 0, rng.randint(2_000, 60_000)

    while total < size_mb * MB:
        produced = 0
        order = list(range(len(sources)))
        random.Random(seed * 1000 + k).shuffle(order)
        for i in order:
            for paragraph in sources[i]:
                kept = []
                for sentence in paragraph:
                    for attempt in range(8):
                        varied = varier.vary(sentence, k, attempt + 8 * seed)
                        digest = hashlib.blake2b(varied.encode(), digest_size=12).digest()
                        if digest not in seen:
                            seen.add(digest)
                            kept.append(varied)
                            break
                if kept:
                    current.append(" ".join(kept))
                    size += sum(len(s) + 1 for s in kept)
                    produced += 1
                if size >= target:
                    close()
                if total >= size_mb * MB:
                    break
            if total >= size_mb * MB:
                break
        if not produced:
            raise SystemExit("the material cannot give that much distinct text")
        k += 1
    close()
    return docs


def check_distinct(docs: dict[str, str]) -> tuple[int, int]:
    """(sentences, sentences that occur more than once) over all documents, by the pipeline's segmenter.

    Titles ("Document N …") are headings; each is distinct by its number.
    """
    segment = _pipeline().segment
    counts: Counter[bytes] = Counter()
    for text in docs.values():
        for s in segment(text):
            counts[hashlib.blake2b(s.text.encode(), digest_size=12).digest()] += 1
    return sum(counts.values()), sum(n for n in counts.values() if n > 1)


def variant(text: str, k: int) -> str:
    """The old corpus: copy ``k`` of a text, years shifted by (k % 11) - 5, lines after the first shuffled."""
    shift = (k % 11) - 5
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    first, _, rest = text.partition("\n")
    lines = rest.split("\n")
    random.Random(k).shuffle(lines)
    return first + "\n" + "\n".join(lines) + "\n"


def repeated_corpus(size_mb: float) -> dict[str, str]:
    """The old corpus (the five raw texts repeated with variations) of at least ``size_mb`` MB."""
    raw = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))}
    out: dict[str, str] = {}
    total, k = 0, 0
    while total < size_mb * MB:
        for source_id in sorted(raw):
            text = variant(raw[source_id], k)
            out[f"{source_id}-v{k:04d}"] = text
            total += len(text.encode("utf-8"))
        k += 1
    return out


# --- timing in a fresh interpreter -------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux: ``VmHWM`` of /proc/self/status, which starts afresh at exec (``ru_maxrss`` does
    not: a child started by fork + exec inherits its parent's figure).  Elsewhere ru_maxrss.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> tuple[float, float]:
    """User + system CPU time of this process, and of its finished children (worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def worker(raw: Path, out: Path, options: list[str]) -> dict:
    """Run in a fresh interpreter: the extract stage on ``raw``, timed, with its memory."""
    sys.path.insert(0, str(ROOT))
    from pipeline.__main__ import main

    rss_before = peak_rss_mb()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    status = main(["--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(out), *options])
    seconds = time.perf_counter() - started
    main_cpu, children_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu_before, strict=True))
    rows = {p.stem: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in sorted(out.glob("*_mentions.csv"))}
    return {"status": status, "seconds": seconds, "cpu_seconds": main_cpu + children_cpu,
            "main_cpu_seconds": main_cpu, "load": os.getloadavg()[0], "rows": rows,
            "rss_before_mb": rss_before,
            "rss_peak_mb": peak_rss_mb(),
            "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


_ENV: dict[str, str] | None = None  # the timed interpreters' environment (bytecode_environment)


def bytecode_environment(tmp: Path) -> dict[str, str]:
    """The environment of the timed interpreters: Python's bytecode cache on, in ``tmp`` (module docstring).

    Written once by an untimed import of the extract stage, so every timed run reads it.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    subprocess.run([sys.executable, "-c", "import pipeline.__main__, pipeline.stages.extract"], check=True, cwd=ROOT,
                   env=env)
    return env


def run_worker(raw: Path, out: Path, options: list[str]) -> dict:
    cmd = [sys.executable, str(_WORKER_SCRIPT), "--worker", str(raw), str(out), json.dumps(options)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, env=_ENV)
    if done.returncode != 0:
        raise SystemExit(f"worker failed ({raw}, {options}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["status"] != 0:
        raise SystemExit(f"extract failed ({raw}, {options}):\n{done.stderr[-3000:]}")
    return result


def write_corpus(texts: dict[str, str], raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for source_id, text in texts.items():
        (raw / f"{source_id}.txt").write_text(text, encoding="utf-8", newline="")


def make_corpus(kind: str, size_mb: float) -> dict[str, str]:
    texts = distinct_corpus(size_mb) if kind == "distinct" else repeated_corpus(size_mb)
    if kind == "distinct":
        sentences, repeated = check_distinct(texts)
        if repeated:
            raise SystemExit(f"the distinct corpus of {size_mb} MB repeats {repeated} of {sentences} sentences")
    return texts


def measure(kind: str, size_mb: float, mode: str, workers: list[int], tmp: Path) -> list[dict]:
    """Time the yardstick here and the extract stage (each worker count) in fresh interpreters."""
    texts = make_corpus(kind, size_mb)
    distinct = check_distinct(texts) if kind == "distinct" else (0, -1)
    if mode == "one document":
        texts = {"corpus": "\n".join(texts[k] for k in sorted(texts))}
    base = {"kind": kind, "mode": mode, "documents": len(texts),
            "mb": sum(len(t.encode("utf-8")) for t in texts.values()) / MB,
            "sentences": distinct[0], "repeated_sentences": distinct[1]}
    started = time.process_time()  # CPU time: a busy machine does not distort it
    base["yardstick_hits"] = sum(len(YARDSTICK.findall(t)) for t in texts.values())
    base["yardstick_seconds"] = time.process_time() - started
    raw = tmp / f"raw-{kind}-{size_mb}-{mode.replace(' ', '-')}"
    write_corpus(texts, raw)
    del texts
    runs = []
    for n in workers:
        out = tmp / f"out-{n}"
        options = ["--workers", str(n)] if n > 1 or _HAS_WORKERS else []  # older code: one process, no flag
        result = {**base, "workers": n, **run_worker(raw, out, options)}
        runs.append(result)
        shutil.rmtree(out)
    shutil.rmtree(raw)
    return runs


def measure_cache(size_mb: float, tmp: Path) -> dict:
    """Full run with an empty cache, then one new document and an incremental run with the same cache."""
    texts = make_corpus("distinct", size_mb)
    raw, cache = tmp / "raw-cache", tmp / "cache"
    write_corpus(texts, raw)
    n = len(texts)
    del texts
    full = run_worker(raw, tmp / "out-full", ["--workers", "1", "--cache-dir", str(cache)])
    again = run_worker(raw, tmp / "out-again", ["--workers", "1", "--cache-dir", str(cache)])
    extra = distinct_corpus(0.03, seed=1, prefix="new")
    first = sorted(extra)[0]
    write_corpus({first: extra[first]}, raw)
    incremental = run_worker(raw, tmp / "out-incremental", ["--workers", "1", "--cache-dir", str(cache)])
    cold = run_worker(raw, tmp / "out-cold", ["--workers", "1"])
    same = all((tmp / "out-incremental" / p.name).read_bytes() == p.read_bytes()
               for p in (tmp / "out-cold").iterdir())
    for d in ("out-full", "out-again", "out-incremental", "out-cold", "cache", "raw-cache"):
        shutil.rmtree(tmp / d)
    return {"documents": n, "mb": size_mb, "full": full["seconds"], "no_change": again["seconds"],
            "incremental": incremental["seconds"], "full_after": cold["seconds"], "identical": same}


# --- profile ---------------------------------------------------------------------------------------


def profile(size_mb: float, tmp: Path) -> list[tuple[str, float, float, float]]:
    """cProfile of the extract stage on a distinct corpus.

    Returns (module, own seconds, seconds in re.Pattern/re.Match methods it called, seconds in
    other built-ins it called (any, sorted, str methods ...)), largest first.  The matching
    done while iterating a ``finditer`` iterator is not a call cProfile sees: it is in the
    caller's own time.
    """
    texts = make_corpus("distinct", size_mb)
    raw = tmp / "raw-profile"
    write_corpus(texts, raw)
    stats_file = tmp / "profile.pstats"
    code = ("import cProfile, sys; sys.path.insert(0, {root!r}); from pipeline.__main__ import main; "
            "cProfile.run(\"main(['--quiet', 'extract', '--raw-dir', {raw!r}, '--out-dir', {out!r}, "
            "'--workers', '1'])\", {stats!r})").format(root=str(ROOT), raw=str(raw), out=str(tmp / "out-profile"),
                                                       stats=str(stats_file))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    own: Counter[str] = Counter()
    regex: Counter[str] = Counter()
    builtin: Counter[str] = Counter()

    def module(filename: str) -> str:
        try:
            return Path(filename).resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return "(Python standard library and others)"

    for (filename, _line, name), (_cc, _nc, tottime, _ct, callers) in stats.items():
        if filename != "~":
            own[module(filename)] += tottime
            continue
        into = regex if ("re.Pattern" in name or "re.Match" in name) else builtin
        for (cfile, _cl, _cn), caller in callers.items():
            into[module(cfile) if cfile != "~" else "(built-ins)"] += caller[2]
    shutil.rmtree(raw)
    modules = sorted(set(own) | set(regex) | set(builtin), key=lambda m: -(own[m] + regex[m] + builtin[m]))
    return [(m, own[m], regex[m], builtin[m]) for m in modules]


def phases_worker(raw: Path) -> dict[str, float]:
    """Run in a fresh interpreter: CPU seconds of each phase of extraction over the texts of ``raw``.

    The phases of ``pipeline.extractors.model.build`` (dates, references, triggers), of each
    extractor, and of the stage's own per-document work (the row checks and the CSV text),
    timed one after the other on each document (a first document, untimed, compiles what is
    compiled on first use).
    """
    sys.path.insert(0, str(ROOT))
    from pipeline.extractors import lexicon, model, organisation
    from pipeline.extractors.context import dated_sentences
    from pipeline.extractors.designations import extract_designations
    from pipeline.extractors.events import extract_events
    from pipeline.extractors.membership import extract_membership
    from pipeline.package import csvio
    from pipeline.package.rejects import gate
    from pipeline.text import docdate

    spent: Counter[str] = Counter()

    def timed(name: str, fn, *args):  # noqa: ANN001, ANN202 - a timing shim
        started = time.process_time()
        result = fn(*args)
        spent[name] += time.process_time() - started
        return result

    org = organisation.load()
    files = sorted(raw.glob("*.txt"))
    for n, path in enumerate([files[0], *files]):
        text = path.read_text(encoding="utf-8")
        doc_date = timed("document date (dateline)", docdate.from_text, text)
        year = doc_date.date.year if doc_date else None
        sentences = timed("dates (segmenting, dated sentences)", dated_sentences, text, year, doc_date)
        refs = timed("references to the organisation", organisation.references, org, text)
        triggers = timed("event triggers", lexicon.find_triggers, text)
        doc = model.Document(path.stem, text, org, sentences, refs, triggers)
        found = {"event_mentions": timed("events", extract_events, doc),
                 "designation_mentions": timed("designations", extract_designations, doc),
                 "membership_mentions": timed("membership", extract_membership, doc)}
        impossible = [(ds.start, ds.end, m) for ds in doc.sentences for m in ds.rejected]
        kept, _rejected = timed("row checks", gate, path.stem, text, found, impossible)
        for table, records in kept.items():
            timed("CSV text", csvio.csv_text, records, table)
        if n == 0:
            spent.clear()
    return dict(spent)


def phases(size_mb: float, tmp: Path) -> tuple[float, dict[str, float]]:
    """CPU seconds per phase (:func:`phases_worker`) on a distinct corpus of ``size_mb``, and its MB."""
    texts = make_corpus("distinct", size_mb)
    raw = tmp / "raw-phases"
    write_corpus(texts, raw)
    mb = sum(len(t.encode("utf-8")) for t in texts.values()) / MB
    done = subprocess.run([sys.executable, str(_WORKER_SCRIPT), "--phases-worker", str(raw)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    shutil.rmtree(raw)
    return mb, json.loads(done.stdout.strip().splitlines()[-1])


# --- DVC ------------------------------------------------------------------------------------------


def copy_repo(dest: Path) -> None:
    """A git clone of the repository plus the working tree's uncommitted (not ignored) files."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--modified", "--others", "--exclude-standard", "-z"],
        capture_output=True, check=True,
    ).stdout.decode().split("\0")
    deleted = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--deleted", "-z"], capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    for name in filter(None, deleted):
        (dest / name).unlink(missing_ok=True)


def time_dvc() -> dict[str, float]:
    """Wall time of `dvc repro --force`, a following no-op `dvc repro` and `dvc status`, in a temporary copy."""
    env = {**os.environ, "DVC_NO_ANALYTICS": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-dvc-") as tmp:
        repo = Path(tmp) / "repo"
        copy_repo(repo)
        for name, cmd in (("dvc repro --force", ["dvc", "repro", "--force"]), ("dvc repro (no-op)", ["dvc", "repro"]),
                          ("dvc status", ["dvc", "status"])):
            started = time.perf_counter()
            done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=False)
            out[name] = time.perf_counter() - started
            if done.returncode != 0:
                print(f"warning: {name} failed in the copy:\n{done.stderr[-2000:]}", file=sys.stderr)
                out[name] = float("nan")
    return out


# --- report ---------------------------------------------------------------------------------------


def print_runs(runs: list[dict]) -> None:
    """The extraction table: wall and CPU time, MB/s, MB per CPU-second (per core), speed-up, memory.

    ``CPU bound`` is the speed-up the CPU times allow on N idle cores: the one-worker run's CPU
    time over the longer of the main process's CPU time (its reading and writing is serial)
    and all the CPU time divided by N.
    """
    single = {(r["kind"], r["mode"], round(r["mb"])): r for r in runs if r["workers"] == 1}
    print("| corpus | mode | files | MB | distinct sentences | workers | seconds | CPU seconds (main) | MB/s "
          "| MB per CPU-second | speed-up (CPU bound) | rows | rows per MB | peak RSS main / largest worker (MB) "
          "| load average | yardstick regex MB per CPU-second |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        rows = sum(r["rows"].values())
        rate = r["mb"] / r["seconds"]
        one = single.get((r["kind"], r["mode"], round(r["mb"])))
        speedup = ""
        if one:
            bound = one["cpu_seconds"] / max(r["main_cpu_seconds"] if r["workers"] > 1 else 0.0,
                                             r["cpu_seconds"] / r["workers"])
            speedup = f"{one['seconds'] / r['seconds']:.2f}x ({bound:.2f}x)"
        distinct = (f"{r['sentences']:,} (0 repeated)" if r["repeated_sentences"] == 0 else
                    "no (repeated texts)" if r["repeated_sentences"] < 0 else f"{r['repeated_sentences']} repeated")
        workers = f"{r['rss_worker_mb']:.0f}" if r["workers"] > 1 else "-"
        print(f"| {r['kind']} | {r['mode']} | {r['documents']:,} | {r['mb']:.1f} | {distinct} | {r['workers']} "
              f"| {r['seconds']:.1f} | {r['cpu_seconds']:.1f} ({r['main_cpu_seconds']:.1f}) | {rate:.2f} "
              f"| {r['mb'] / r['cpu_seconds']:.2f} | {speedup} | {rows:,} | {rows / r['mb']:,.0f} "
              f"| {r['rss_peak_mb']:.0f} / {workers} | {r['load']:.1f} | {r['mb'] / r['yardstick_seconds']:.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="*", default=[10, 20, 50], help="corpus sizes in MB")
    parser.add_argument("--one-document-sizes", type=float, nargs="*", default=[10, 20, 50],
                        help="sizes for the single-document corpus (default 10 20 50)")
    parser.add_argument("--workers", type=int, nargs="+", default=None,
                        help="worker counts to time (default: 1 and every available core)")
    parser.add_argument("--corpus", choices=["distinct", "repeated"], default="distinct")
    parser.add_argument("--material", choices=["all", "mek"], default="all",
                        help="what the distinct corpus is made of: all (default) or mek (raw/ and the shared "
                             "corpus only, no TimeML news: denser in rows)")
    parser.add_argument("--shared", type=Path, default=None,
                        help="the shared directory (default: $MEK_SHARED or ../shared beside the repository)")
    parser.add_argument("--cache-size", type=float, default=None,
                        help="MB of the full-vs-incremental cache run (default: the first size; 0 = skip)")
    parser.add_argument("--profile", type=float, default=0, metavar="MB", help="profile on a corpus of MB (0: no)")
    parser.add_argument("--only-profile", type=float, default=0, metavar="MB", help="only the profile")
    parser.add_argument("--phases", type=float, default=0, metavar="MB",
                        help="CPU seconds per phase of extraction on a corpus of MB (0: no)")
    parser.add_argument("--only-phases", type=float, default=0, metavar="MB", help="only the phases")
    parser.add_argument("--no-dvc", action="store_true", help="skip the dvc timings")
    parser.add_argument("--check", type=float, default=0, metavar="MB",
                        help="only generate a distinct corpus of MB and count repeated sentences")
    parser.add_argument("--worker", nargs=3, metavar=("RAW", "OUT", "OPTIONS"), help=argparse.SUPPRESS)
    parser.add_argument("--phases-worker", metavar="RAW", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global SHARED, MATERIAL, _ENV
    SHARED = args.shared or SHARED
    MATERIAL = args.material
    if args.worker:
        raw, out, options = args.worker
        print(json.dumps(worker(Path(raw), Path(out), json.loads(options))))
        return 0
    if args.phases_worker:
        print(json.dumps(phases_worker(Path(args.phases_worker))))
        return 0
    if args.check:
        docs = distinct_corpus(args.check)
        sentences, repeated = check_distinct(docs)
        print(f"{len(docs)} documents, {sum(len(t.encode()) for t in docs.values()) / MB:.1f} MB, "
              f"{sentences} sentences, {repeated} repeated")
        return 0 if repeated == 0 else 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = args.workers or sorted({1, cores})
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        _ENV = bytecode_environment(tmp)
        if args.only_profile or args.only_phases:
            args.profile = args.only_profile
            args.phases = args.only_phases
        else:
            runs = []
            for size in args.sizes:
                runs += measure(args.corpus, size, "documents", workers, tmp)
            for size in args.one_document_sizes:
                runs += measure(args.corpus, size, "one document", [1], tmp)
            print(f"Extraction (`python -m pipeline extract --workers N`, Python {sys.version.split()[0]}, "
                  f"{cores} cores available):\n")
            print_runs(runs)
            cache_size = args.cache_size if args.cache_size is not None else (args.sizes or [0])[0]
            if cache_size:
                c = measure_cache(cache_size, tmp)
                print(f"\nResult cache (`--cache-dir`, 1 worker, distinct corpus of {c['mb']:g} MB, "
                      f"{c['documents']:,} documents):\n")
                print("| run | seconds |")
                print("|---|---|")
                print(f"| full, empty cache | {c['full']:.1f} |")
                print(f"| nothing changed | {c['no_change']:.2f} |")
                print(f"| one document added (incremental) | {c['incremental']:.2f} |")
                print(f"| the same texts without a cache | {c['full_after']:.1f} |")
                print(f"\nIncremental output identical to the run without a cache: {c['identical']}")
        if args.profile:
            rows = profile(args.profile, tmp)
            total = sum(o + r + b for _m, o, r, b in rows)
            print(f"\nProfile (cProfile, extract stage, 1 worker, distinct corpus of {args.profile:g} MB; "
                  f"{total:.1f} s profiled; `finditer` matching counts as its caller's own time):\n")
            print("| module | own code | regex calls from it | other built-ins from it | total |")
            print("|---|---|---|---|---|")
            for m, o, r, b in rows:
                if (o + r + b) / total >= 0.005:
                    print(f"| {m} | {100 * o / total:.1f} % | {100 * r / total:.1f} % | {100 * b / total:.1f} % "
                          f"| {100 * (o + r + b) / total:.1f} % |")
        if args.phases:
            mb, spent = phases(args.phases, tmp)
            total = sum(spent.values())
            print(f"\nPhases (CPU seconds, 1 process, distinct corpus of {mb:.1f} MB; {total:.2f} s in all, "
                  f"{mb / total:.2f} MB per CPU-second without start-up, reading and writing files):\n")
            print("| phase | CPU seconds | share | MB per CPU-second |")
            print("|---|---|---|---|")
            for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
                print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f} % | {mb / seconds:.1f} |")
    if not args.no_dvc and not args.only_profile and not args.only_phases:
        print("\nDVC pipeline on the real sources (temporary copy of the repository):\n")
        print("| command | seconds |")
        print("|---|---|")
        for name, seconds in time_dvc().items():
            print(f"| `{name}` | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
