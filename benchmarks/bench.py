"""Benchmark: extraction throughput and memory, the DVC pipeline's wall time, and a yardstick.

    python benchmarks/bench.py                  # everything (several minutes)
    python benchmarks/bench.py --sizes 1 2      # quicker: extraction only on 1 and 2 MB, no dvc

Prints Markdown tables (the README's *Performance* section is made from them).

Extraction
    Corpora of 10, 20 and 50 MB are generated from ``raw/*.txt``: copy ``k`` of each text
    has every year 1900–2099 shifted by ``(k % 11) - 5`` and its lines (paragraphs) shuffled
    with ``random.Random(k)``, the first line (the title) kept in place; copies are added
    until the corpus has the wanted size in UTF-8 bytes.  Mode ``documents``: one file per
    copy (about 2–85 kB each, like real sources); mode ``one-document``: the same text
    joined into a single file, which tests that nothing is quadratic in a document's
    length.  The corpus is written to a temporary directory; then a fresh interpreter
    (``--worker``) times ``python -m pipeline --quiet extract`` run in-process (reading the
    texts, extracting, writing the CSVs) and reports its peak resident memory
    (``VmHWM``, see :func:`peak_rss_mb`) and the memory before the stage started
    (interpreter and imports).

Yardstick
    A bare regular-expression scan for dates (day-month-year, month-year and bare years)
    over the same corpus (in the parent process): the cost of just looking at every character
    with one regex, to put the extractor's figure in proportion.

DVC
    In a temporary copy of the repository (``git clone`` of the repository plus the
    working tree's uncommitted files), the wall time of ``dvc repro --force`` (every stage
    on the real sources) and of a following no-op ``dvc repro``.

Extraction is single-threaded, so MB/s is per core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
_YEAR = re.compile(r"\b(19|20)([0-9]{2})\b")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
YARDSTICK = re.compile(rf"\b(?:(?:[0-9]{{1,2}} )?{_MONTH},? )?(?:1[0-9]|20)[0-9]{{2}}\b|\b{_MONTH} [0-9]{{1,2}}\b")


def variant(text: str, k: int) -> str:
    """Copy ``k`` of a text: years shifted by (k % 11) - 5, lines after the first shuffled."""
    shift = (k % 11) - 5
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    first, _, rest = text.partition("\n")
    lines = rest.split("\n")
    random.Random(k).shuffle(lines)
    return first + "\n" + "\n".join(lines) + "\n"


def corpus(size_mb: float) -> dict[str, str]:
    """Generated texts (source id → text) of at least ``size_mb`` MB of UTF-8 in total."""
    sys.path.insert(0, str(ROOT))
    from pipeline.sources import read_texts

    raw = read_texts(ROOT / "raw")
    out: dict[str, str] = {}
    total, k = 0, 0
    while total < size_mb * MB:
        for source_id in sorted(raw):
            text = variant(raw[source_id], k)
            out[f"{source_id}-v{k:04d}"] = text
            total += len(text.encode("utf-8"))
        k += 1
    return out


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


def worker(raw: Path, out: Path) -> dict:
    """Run in a fresh interpreter: the extract stage on ``raw``, timed, with its memory."""
    sys.path.insert(0, str(ROOT))
    from pipeline.__main__ import main

    rss_before = peak_rss_mb()
    started = time.perf_counter()
    status = main(["--quiet", "extract", "--raw-dir", str(raw), "--out-dir", str(out)])
    seconds = time.perf_counter() - started
    rss_peak = peak_rss_mb()
    rows = {p.stem: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in sorted(out.glob("*_mentions.csv"))}
    return {"status": status, "seconds": seconds, "rows": rows,
            "rss_before_mb": rss_before, "rss_peak_mb": rss_peak}


def measure(size_mb: float, mode: str) -> dict:
    """Generate a corpus, time the yardstick on it here and the extract stage in a fresh interpreter."""
    texts = corpus(size_mb)
    if mode == "one-document":
        texts = {"corpus": "\n".join(texts[k] for k in sorted(texts))}
    result = {"mode": mode, "mb": sum(len(t.encode("utf-8")) for t in texts.values()) / MB, "documents": len(texts)}
    started = time.perf_counter()
    result["yardstick_hits"] = sum(len(YARDSTICK.findall(t)) for t in texts.values())
    result["yardstick_seconds"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        for source_id, text in texts.items():
            (raw / f"{source_id}.txt").write_text(text, encoding="utf-8", newline="")
        del texts
        cmd = [sys.executable, __file__, "--worker", str(raw), str(out)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"worker failed ({size_mb} MB, {mode}):\n{done.stderr}")
    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    if result["status"] != 0:
        raise SystemExit(f"extract failed ({size_mb} MB, {mode}):\n{done.stderr}")
    return result


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
    """Wall time of `dvc repro --force` and of a no-op `dvc repro`, in a temporary copy."""
    env = {**os.environ, "DVC_NO_ANALYTICS": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-dvc-") as tmp:
        repo = Path(tmp) / "repo"
        copy_repo(repo)
        for name, cmd in (("dvc repro --force", ["dvc", "repro", "--force"]), ("dvc repro (no-op)", ["dvc", "repro"])):
            started = time.perf_counter()
            done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=False)
            out[name] = time.perf_counter() - started
            if done.returncode != 0:
                print(f"warning: {name} failed in the copy:\n{done.stderr[-2000:]}", file=sys.stderr)
                out[name] = float("nan")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 20, 50], help="corpus sizes in MB")
    parser.add_argument("--one-document-sizes", type=float, nargs="*", default=[10, 20],
                        help="sizes for the single-document corpus (default 10 20)")
    parser.add_argument("--no-dvc", action="store_true", help="skip the dvc repro timings")
    parser.add_argument("--worker", nargs=2, type=Path, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0

    runs = [measure(s, "documents") for s in args.sizes]
    runs += [measure(s, "one-document") for s in args.one_document_sizes]
    print(f"Extraction (`python -m pipeline extract`, one process, Python {sys.version.split()[0]}):\n")
    print("| corpus | files | MB | seconds | MB/s | rows written | rows per MB | peak RSS (MB) | RSS before (MB) "
          "| yardstick regex MB/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        rows = sum(r["rows"].values())
        print(f"| {r['mode']} | {r['documents']} | {r['mb']:.1f} | {r['seconds']:.1f} | {r['mb'] / r['seconds']:.2f} "
              f"| {rows} "
              f"| {rows / r['mb']:.0f} | {r['rss_peak_mb']:.0f} | {r['rss_before_mb']:.0f} "
              f"| {r['mb'] / r['yardstick_seconds']:.1f} |")
    if not args.no_dvc:
        print("\nDVC pipeline on the real sources (temporary copy of the repository):\n")
        print("| command | seconds |")
        print("|---|---|")
        for name, seconds in time_dvc().items():
            print(f"| `{name}` | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
