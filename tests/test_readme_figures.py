"""The figures the README and the datasheet state agree with the files they describe.

Accuracy: ``metrics/evaluation.json`` (the ``evaluate`` stage's output). Row counts: the
published CSVs. Performance: the prose of *Robustness* and *Performance* repeats figures of
the *Performance* table (``python benchmarks/bench.py`` prints it), and must repeat them
right. The SQL examples run.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATASHEET = (ROOT / "docs" / "datasheet.md").read_text(encoding="utf-8")
METRICS = json.loads((ROOT / "metrics" / "evaluation.json").read_text(encoding="utf-8"))
TABLE_KEYS = {"events": "event", "designations": "designation", "membership": "membership"}


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def quality_rows(text: str) -> dict[str, dict]:
    """The rows of a `| table | precision | recall | F1 | field accuracy |` table."""
    out = {}
    pattern = (r"(?m)^\| (events|designations|membership) \((\d+)[^)]*\) "
               r"\| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (.*?) \|$")
    for name, gold, precision, recall, f1, fields in re.findall(pattern, text):
        out[TABLE_KEYS[name]] = {
            "gold_core": int(gold), "precision": precision, "recall": recall, "f1": f1,
            "field_accuracy": dict(pair.split(" ") for pair in fields.split(", ")),
        }
    return out


def marked_tables(text: str) -> list[tuple[str, dict]]:
    """Each `<!-- metrics: PATH -->` marker and the quality table right after it (PATH: keys into the metrics)."""
    out = []
    for m in re.finditer(r"<!-- metrics: ([\w.]+) -->\n((?:\|.*\|\n)+)", text):
        out.append((m[1], quality_rows(m[2])))
    return out


@pytest.mark.parametrize("where, text", [("README", section(README, "Quality")), ("datasheet", DATASHEET)])
def test_accuracy_tables_are_the_evaluation_metrics(where, text):
    tables = marked_tables(text)
    assert {path for path, _rows in tables} >= {"sources.all", "corpus.all"}, where
    for path, rows in tables:
        block = METRICS
        for key in path.split("."):
            block = block[key]
        assert set(rows) == set(block), (where, path)
        for key, row in rows.items():
            measured = block[key]
            assert row["gold_core"] == measured["gold_core"], (where, path, key)
            for figure in ("precision", "recall", "f1"):
                assert row[figure] == f"{measured[figure]:.3f}", (where, path, key, figure)
            assert row["field_accuracy"] == {k: f"{v:.3f}" for k, v in measured["field_accuracy"].items()}, (
                where, path, key)


def csv_count(name: str) -> int:
    with open(ROOT / "processed" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_datasheet_row_counts_are_the_published_rows():
    counts = dict(re.findall(r"(?m)^\| `([a-z_]+)` \| (\d+) \|", section(DATASHEET, "Composition")))
    assert counts and {name: int(n) for name, n in counts.items()} == {name: csv_count(name) for name in counts}
    from pipeline.package import catalogue

    assert set(counts) == set(catalogue.RESOURCES)


def performance_rows() -> list[dict]:
    """Rows of the extraction table in *Performance* (``python benchmarks/bench.py`` prints it)."""
    rows = []
    pattern = (r"(?m)^\| ([^|]+?) \| ([\d,]+) \| ([\d.]+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| \**([\d.]+)\** "
               r"\| \**([\d.]+)\** \|([^|]*)\| ([\d,]+) \| ([\d /]+) \|$")
    for m in re.findall(pattern, section(README, "Performance")):
        corpus, files, mb, workers, seconds, cpu, per_cpu, wall, speedup, _rows, peak = m
        rows.append({"corpus": corpus, "files": int(files.replace(",", "")), "mb": float(mb),
                     "workers": int(workers), "seconds": float(seconds), "cpu": float(cpu),
                     "per_cpu": float(per_cpu), "wall": float(wall), "speedup": speedup.strip(),
                     "peak": int(peak.split("/")[0])})
    return rows


def test_performance_prose_repeats_the_table():
    rows = performance_rows()
    assert len(rows) >= 10
    def agrees(rate: float, mb: float, seconds: float) -> bool:
        """rate (2 decimals) is mb / seconds, seconds being shown to 0.1 s"""
        return mb / (seconds + 0.05) - 0.006 <= rate <= mb / (seconds - 0.05) + 0.006

    for r in rows:
        assert agrees(r["per_cpu"], r["mb"], r["cpu"]), r  # MB per CPU-second is MB / CPU seconds
        assert agrees(r["wall"], r["mb"], r["seconds"]), r  # MB/s is MB / seconds
    performance = section(README, "Performance")
    quiet = next(r for r in rows if r["workers"] == 2 and "quiet" in r["corpus"])
    assert quiet["speedup"].startswith(f"**{quiet['speedup'].strip('*').split(';')[0].strip('*')}")
    assert f"**{quiet['speedup'].split(';')[0].strip('*')}**" in performance.split("| corpus |")[1].split("\n\n", 2)[-1]
    single_50 = next(r for r in rows if r["corpus"] == "one document" and r["mb"] == 50.0)
    assert f"50 MB document needs {single_50['peak']} MB" in " ".join(performance.split())
    per_core = sorted({r["per_cpu"] for r in rows if r["corpus"].startswith("documents") and r["workers"] == 1})
    assert f"{per_core[0]:.2f}" in performance or f"{per_core[0]:.1f}" in performance


def test_the_full_text_search_example_runs():
    query = re.search(r"`(SELECT m\.\* FROM event_mentions .*? MATCH '[a-z]+')`",
                      section(README, "Browsing the data without code").replace("\n", " "))
    assert query
    conn = sqlite3.connect(f"file:{ROOT / 'processed' / 'mek-events.sqlite'}?mode=ro", uri=True)
    rows = conn.execute(query[1]).fetchall()
    conn.close()
    word = re.search(r"MATCH '([a-z]+)'", query[1])[1]
    assert rows and all(word in row[5].lower() for row in rows)  # column 6 is the quote


def test_the_latest_performance_table_agrees_with_itself():
    """The re-measured table (first in *Performance*): the ratio to the yardstick is the yardstick's rate over
    extraction's, and the prose quotes its per-core range."""
    performance = section(README, "Performance")
    rows = re.findall(r"(?m)^\| documents \| (\d+) \| 1 \| [\d.]+ \| \*\*([\d.]+)\*\* \| \| ([\d.]+) \| ([\d.]+)x \|$",
                      performance)
    assert len(rows) == 3
    for _mb, rate, yardstick, ratio in rows:
        assert abs(float(yardstick) / float(rate) - float(ratio)) <= 0.06, (rate, yardstick, ratio)
    ratios = sorted(float(r[3]) for r in rows)
    assert f"{ratios[0]:.1f}–{ratios[-1]:.0f} times the" in " ".join(performance.split())
