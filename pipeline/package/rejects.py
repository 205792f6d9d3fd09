"""The gate between the extractors and the tables: a candidate that cannot be published goes to
``rejects.csv`` with its reason, and ``counts.json`` adds up (run by the stage
:mod:`pipeline.stages.extract`, whose docstring lists when a candidate is rejected).

* :func:`gate`: one document's candidates -> publishable records and rejects.
* :func:`count_candidates`: ``{table: {"candidates", "written", "rejected"}}``.
* :func:`check_counts`: proves ``candidates == written + rejected`` against the files themselves.
"""

from __future__ import annotations

import bisect
import csv
import json
import operator
from collections import Counter
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.extractors import TABLES
from pipeline.package import checks, csvio
from pipeline.text.dates import DateMatch

REJECT_FIELDS = ("source_id", "table", "char_start", "char_end", "text", "reason")
REJECTS = "rejects.csv"
COUNTS = "counts.json"


class CountError(PipelineError):
    """The extract output does not add up: candidates != written + rejected."""


def count_candidates(candidates: Counter[str], written: Counter[str], bad: list[dict]) -> dict[str, dict[str, int]]:
    """Per table: candidates found, records written, candidates rejected."""
    per_table = Counter(r["table"] for r in bad)
    return {t: {"candidates": candidates[t], "written": written[t], "rejected": per_table[t]} for t in TABLES}


def reject_order(r: dict) -> tuple:
    """The order of rejects.csv: source, span, table, reason."""
    span = tuple(v if isinstance(v, int) else -1 for v in (r["char_start"], r["char_end"]))
    return (r["source_id"], *span, r["table"], r["reason"])


_MENTION_ID = operator.itemgetter("mention_id")


def _reject(source_id: str, table: str, start: int, end: int, text: str, reason: str) -> dict:
    return {"source_id": source_id, "table": table, "char_start": start, "char_end": end, "text": text,
            "reason": reason}


def gate(
    source_id: str, text: str, found: dict[str, list[dict]], impossible: list[tuple[int, int, DateMatch]]
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Split one document's candidates into publishable records and rejects (module docstring)."""
    starts = [s for s, _e, _m in impossible]

    def bad_dates(pos: int) -> list[tuple[int, int, DateMatch]]:
        """Impossible dates of the sentence holding text position ``pos``."""
        i = bisect.bisect_right(starts, pos)
        out = []
        while i > 0 and impossible[i - 1][0] <= pos < impossible[i - 1][1]:
            out.append(impossible[i - 1])
            i -= 1
        return out[::-1]

    kept: dict[str, list[dict]] = {}
    rejected: list[dict] = []
    used: set[int] = set()  # starts of the sentences with an impossible date that gave a candidate
    for table in TABLES:
        reasons: dict[int, str] = {}
        records = found[table]
        for i, record in enumerate(records):
            start = record.get("char_start")
            dates = bad_dates(start) if starts and isinstance(start, int) else []  # (none without starts)
            if dates:
                used.add(dates[0][0])
                reasons[i] = "; ".join(f"{_date_problem(m)} {m.text!r} in its sentence ({m.error})"
                                       for _s, _e, m in dates)
                continue
            problems = checks.record_problems(table, record)
            if problems:
                reasons[i] = "; ".join(f"field {f}: {message}" for f, message in problems)
        rest = [i for i in range(len(records)) if i not in reasons] if reasons else range(len(records))
        for j, field, message in checks.domain_problems(table, [records[i] for i in rest] if reasons else records,
                                                         {source_id: text}, typed=True):
            i = rest[j]
            where = f"field {field}: " if field else ""
            reasons[i] = f"{reasons[i]}; {where}{message}" if i in reasons else f"{where}{message}"
        if not reasons and len(set(map(_MENTION_ID, records))) == len(records):
            # every record passed record_problems (so has its required mention_id) and no id comes
            # twice: the loop below would find no duplicate
            kept[table] = list(records)
            continue
        seen: set[str] = set()
        for i, record in enumerate(records):
            if i not in reasons and record["mention_id"] in seen:
                reasons[i] = f"duplicate mention_id {record['mention_id']} (the same evidence span twice)"
            seen.add(record.get("mention_id"))
        kept[table] = [r for i, r in enumerate(records) if i not in reasons]
        for i in sorted(reasons):
            r = records[i]
            start, end = r.get("char_start"), r.get("char_end")
            quote = r.get("quote") if isinstance(r.get("quote"), str) else ""
            rejected.append(_reject(source_id, table, start, end, quote, reasons[i]))
    for sentence_start, _end, m in impossible:
        if sentence_start not in used:
            rejected.append(_reject(source_id, "", m.start, m.end, m.text,
                                    f"{m.error}; its sentence gave no candidate row"))
    return kept, rejected


def _date_problem(m: DateMatch) -> str:
    """"impossible date", "ambiguous date" or "unreadable date": the kind an error message starts with."""
    kind = (m.error or "").split(":", 1)[0]
    return kind if kind in ("impossible date", "ambiguous date", "unreadable date") else "impossible date"


def rejects_csv(rows: list[dict], fields: tuple[str, ...] = REJECT_FIELDS) -> str:
    """The CSV text of rows (header first), every cell as text, None as empty."""
    return "".join(csvio._csv_line([("" if row[f] is None else str(row[f])) for f in fields])
                   for row in [dict(zip(fields, fields, strict=True)), *rows])


def check_counts(out_dir: Path) -> dict[str, dict[str, int]]:
    """Check ``counts.json`` against the files in ``out_dir``; return the counts.

    For every mention table: ``written`` == data rows of ``TABLE.csv``, ``rejected`` ==
    rows of that table in ``rejects.csv``, ``candidates == written + rejected``.  Raises
    CountError naming the file otherwise.
    """
    out_dir = Path(out_dir)
    path = out_dir / COUNTS
    try:
        counts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CountError(f"{path}: cannot read the counts ({exc})") from None
    rejected = Counter(r["table"] for r in read_rejects(out_dir / REJECTS))
    for table in TABLES:
        c = counts.get(table)
        if not isinstance(c, dict) or set(c) != {"candidates", "written", "rejected"}:
            raise CountError(f"{path}: no candidates/written/rejected for {table}")
        rows = _count_rows(out_dir / f"{table}.csv")
        if rows != c["written"]:
            raise CountError(f"{out_dir / f'{table}.csv'}: {rows} rows, but {path} says {c['written']} written")
        if rejected[table] != c["rejected"]:
            raise CountError(
                f"{out_dir / REJECTS}: {rejected[table]} {table} rows, but {path} says {c['rejected']} rejected"
            )
        if c["candidates"] != c["written"] + c["rejected"]:
            raise CountError(
                f"{path}: {table}: {c['candidates']} candidates != {c['written']} written + {c['rejected']} rejected"
            )
    return counts


def _count_rows(path: Path) -> int:
    """Data rows of a CSV, counted as records (a quoted cell may span lines), one row at a time."""
    with open(path, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f, strict=True)) - 1


def read_rejects(path: Path) -> list[dict[str, str]]:
    """Rows of a ``rejects.csv`` (header checked); raises CountError naming the file."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, strict=True)
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CountError(f"{path}: cannot read ({exc})") from None
    if tuple(reader.fieldnames or ()) != REJECT_FIELDS:
        raise CountError(f"{path} row 1: header {reader.fieldnames} is not {list(REJECT_FIELDS)}")
    return rows
