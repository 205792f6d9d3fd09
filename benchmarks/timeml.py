"""Benchmark: the date recogniser on TimeML news text, with each document's creation time as its date.

    python benchmarks/timeml.py [DIR ...] [--json FILE] [--errors FILE]

DIR (default ``../shared/benchmarks/timeml/``) is any folder holding ``*.tml`` files, searched
recursively; with several DIRs each is scored on its own and then all together. The TimeML data
is read in place and never copied into the repository.

What is scored
    Gold: every TIMEX3 of ``type="DATE"`` inside ``<TEXT>`` (the creation time in ``<DCT>`` is
    the document date passed to :func:`pipeline.text.dates.recognise_dates`, never gold). Offsets are
    characters of the TEXT element's content with the tags removed and the XML entities decoded.
    A prediction is one :class:`pipeline.text.dates.DateMatch` the recogniser returns, resolved or not.

    *Span, relaxed*: a gold DATE is found when a prediction overlaps it; a prediction is correct
    when it overlaps a gold DATE. A prediction that overlaps no gold DATE but overlaps a TIMEX3
    of another type (TIME, DURATION, SET) is neither correct nor wrong: it is left out of the
    precision (the guide's date phrases include "this morning" and "the past three years" that
    TimeML types otherwise). Any other prediction is a false positive.
    *Span, strict*: the same with equal offsets.

    *Value accuracy*, on the gold DATEs found: the TimeML value as an interval equals the
    prediction's ``[date_start, date_end]`` (an unresolved prediction is wrong). Values:
    ``YYYY-MM-DD`` day, ``YYYY-MM`` month, ``YYYY`` year, ``YYY`` decade, ``YY`` century
    (``19`` = 1900-1999), ``YYYY-Wnn`` ISO week (Monday to Sunday), ``YYYY-Qn`` quarter
    (calendar), ``YYYY-SP/SU/FA/WI`` season: the year YYYY (the pipeline publishes a season as its
    year, see ``pipeline.text.dates.UNITS``), ``YYYY-H1/H2`` half. ``PRESENT_REF``, ``PAST_REF``,
    ``FUTURE_REF``, times (``T``), values with ``X`` and anything else count for span recall and
    precision but are not value-scored. Where TimeML splits a range that the guide keeps as one
    interval ("1998-99", "from March to May"), one prediction overlaps several gold DATEs: the
    first gold part is scored against the prediction's start, the last against its end (middle
    parts are not value-scored), each by the unit of its own value.

    Classes (of a gold DATE by its text; of a false positive by its own text):
    ``year written`` (a year, a two-digit year with an apostrophe or a decade is written),
    ``year from context`` (a month name without a written year and without a deictic word),
    ``relative`` (everything else: "Friday", "last week", "the third quarter", "now").

Output: one table per DIR and one for all DIRs together (per class and overall: gold, predicted,
relaxed precision/recall/F1, strict F1, value accuracy); ``--json FILE`` writes the figures of
all DIRs together, ``{"overall": {...}, "year written": {...}, "year from context": {...},
"relative": {...}, "by_folder": {DIR name: the same}}``, each with ``relaxed_f1``, ``strict_f1``,
``recall``, ``precision``, ``value_accuracy`` (and the counts); ``--errors FILE`` lists every
miss, false positive and wrong value (a wrong value with the text around it, the expression in
[brackets]).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.text.dates import recognise_dates

CLASSES = ("year written", "year from context", "relative")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".." / "shared" / "benchmarks" / "timeml"

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?(?![a-z])", re.IGNORECASE
)
_YEAR_WRITTEN = re.compile(r"(?<![0-9])(?:1[0-9]{3}|20[0-9]{2})(?![0-9])|['’][0-9]{2}\b|[0-9]0['’]?s\b")
_DEICTIC = re.compile(r"\b(?:last|next|this|that|the same|coming|past|ago|later|earlier)\b", re.IGNORECASE)


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Doc:
    name: str
    text: str
    dct: dt.date | None
    timexes: list[Timex] = field(default_factory=list)


def read_tml(path: Path) -> Doc:
    """The TEXT content of a TimeML file (tags removed, entities decoded), its TIMEX3s and creation time."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if m:
        value = dict(_ATTR.findall(m.group(0))).get("value", "")
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}.*", value):
            dct = dt.date.fromisoformat(value[:10])
    body_start = raw.find("<TEXT>")
    body_end = raw.find("</TEXT>")
    if body_start < 0 or body_end < 0:
        return Doc(path.name, "", dct)
    body = raw[body_start + len("<TEXT>") : body_end]
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[Timex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1) == "/":
            if open_timex is not None:
                start, attrs = open_timex
                text = "".join(parts)[start:length]
                timexes.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), text))
                open_timex = None
        elif not tag.group(4):
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
    parts.append(html.unescape(body[pos:]))
    return Doc(path.name, "".join(parts), dct, timexes)


def classify(text: str) -> str:
    """The class of a date phrase by its own words (module docstring)."""
    if _YEAR_WRITTEN.search(text):
        return "year written"
    if _MONTH.search(text) and not _DEICTIC.search(text):
        return "year from context"
    return "relative"


def value_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The interval a TimeML value denotes, or None when it is not value-scored."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            d = dt.date.fromisoformat(value)
            return d, d
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            y, m = int(value[:4]), int(value[5:])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        if re.fullmatch(r"[0-9]{4}", value):
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if re.fullmatch(r"[0-9]{3}", value):
            y = int(value) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if re.fullmatch(r"[0-9]{2}", value):
            y = int(value) * 100
            return dt.date(y, 1, 1), dt.date(y + 99, 12, 31)
        m = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", value)
        if m:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + dt.timedelta(days=6)
        m = re.fullmatch(r"([0-9]{4})-Q([1-4])", value)
        if m:
            y, q = int(m.group(1)), int(m.group(2))
            return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        m = re.fullmatch(r"([0-9]{4})-(SP|SU|FA|WI)", value)
        if m:  # a season is published as its year (pipeline.text.dates.UNITS)
            y = int(m.group(1))
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        m = re.fullmatch(r"([0-9]{4})-H([12])", value)
        if m:
            y, h = int(m.group(1)), int(m.group(2))
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    except ValueError:
        return None
    return None


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    found_strict: int = 0
    predicted: int = 0
    correct: int = 0
    correct_strict: int = 0
    scored: int = 0
    right: int = 0

    def add(self, other: Tally) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def figures(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        def f1(p: float, r: float) -> float:
            return round(2 * p * r / (p + r), 3) if p + r else 0.0

        p, r = ratio(self.correct, self.predicted), ratio(self.found, self.gold)
        ps, rs = ratio(self.correct_strict, self.predicted), ratio(self.found_strict, self.gold)
        return {"gold": self.gold, "predicted": self.predicted, "precision": p, "recall": r, "relaxed_f1": f1(p, r),
                "strict_precision": ps, "strict_recall": rs, "strict_f1": f1(ps, rs),
                "value_scored": self.scored, "value_accuracy": ratio(self.right, self.scored)}


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    """The text around [start, end), on one line, the expression in [brackets]."""
    left = text[max(0, start - width):start]
    right = text[end:end + width // 2]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def score_doc(doc: Doc, tallies: dict[str, Tally], errors: list[str]) -> None:
    """Add one document's counts to the per-class tallies; append its errors."""
    preds = recognise_dates(doc.text, doc.dct)
    gold = [t for t in doc.timexes if t.type == "DATE"]
    other = [t for t in doc.timexes if t.type != "DATE"]
    gold_class = [classify(g.text) for g in gold]
    by_pred: dict[int, list[int]] = {i: [] for i in range(len(preds))}
    for gi, g in enumerate(gold):
        t = tallies[gold_class[gi]]
        t.gold += 1
        hits = [i for i, p in enumerate(preds) if _overlaps(p.start, p.end, g.start, g.end)]
        if hits:
            t.found += 1
            best = max(hits, key=lambda i: min(preds[i].end, g.end) - max(preds[i].start, g.start))
            by_pred[best].append(gi)
        else:
            errors.append(f"{doc.name}\tmiss\t{gold_class[gi]}\t{g.text!r}\t{g.value}")
        if any(p.start == g.start and p.end == g.end for p in preds):
            t.found_strict += 1
    for p in preds:
        hit = [gi for gi, g in enumerate(gold) if _overlaps(p.start, p.end, g.start, g.end)]
        if hit:
            t = tallies[gold_class[hit[0]]]
            t.predicted += 1
            t.correct += 1
            if any(gold[gi].start == p.start and gold[gi].end == p.end for gi in hit):
                t.correct_strict += 1
        elif any(_overlaps(p.start, p.end, o.start, o.end) for o in other):
            continue
        else:
            t = tallies[classify(p.text)]
            t.predicted += 1
            errors.append(f"{doc.name}\tfalse positive\t{classify(p.text)}\t{p.text!r}\t{p.date_start}..{p.date_end}")
    for i, parts in by_pred.items():
        p = preds[i]
        for k, gi in enumerate(parts):
            g = gold[gi]
            interval = value_interval(g.value)
            if interval is None:
                continue
            if len(parts) == 1:
                ok = (p.date_start, p.date_end) == interval
            elif k == 0:
                ok = p.date_start == interval[0]
            elif k == len(parts) - 1:
                ok = p.date_end == interval[1]
            else:
                continue
            t = tallies[gold_class[gi]]
            t.scored += 1
            if ok:
                t.right += 1
            else:
                errors.append(f"{doc.name}\twrong value\t{gold_class[gi]}\t{g.text!r} -> {p.text!r}\t"
                              f"gold {g.value} {interval[0]}..{interval[1]} got {p.date_start}..{p.date_end} "
                              f"({p.precision}) dct {doc.dct}\t{_context(doc.text, g.start, g.end)}")


def score_dir(directory: Path, errors: list[str]) -> dict[str, Tally]:
    """Tallies per class for every ``*.tml`` under directory."""
    tallies = {c: Tally() for c in CLASSES}
    for path in sorted(directory.rglob("*.tml")):
        if path.name.startswith("._"):
            continue
        score_doc(read_tml(path), tallies, errors)
    return tallies


def report(tallies: dict[str, Tally]) -> dict[str, dict[str, float | int]]:
    """Figures per class and overall."""
    overall = Tally()
    for t in tallies.values():
        overall.add(t)
    out = {"overall": overall.figures()}
    out.update({c: tallies[c].figures() for c in CLASSES})
    return out


def table(title: str, figures: dict[str, dict[str, float | int]]) -> str:
    """A Markdown table of the figures."""
    lines = [f"### {title}", "",
             "| class | gold | predicted | precision | recall | relaxed F1 | strict F1 | value accuracy (scored) |",
             "|---|---|---|---|---|---|---|---|"]
    for name in ("overall", *CLASSES):
        f = figures[name]
        lines.append(f"| {name} | {f['gold']} | {f['predicted']} | {f['precision']:.3f} | {f['recall']:.3f} | "
                     f"{f['relaxed_f1']:.3f} | {f['strict_f1']:.3f} | "
                     f"{f['value_accuracy']:.3f} ({f['value_scored']}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of *.tml files (default: the TempEval-3 data)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--errors", type=Path, help="write every miss, false positive and wrong value")
    args = parser.parse_args(argv)
    dirs = args.dirs or [DEFAULT_DIR.resolve()]
    for d in dirs:
        if not d.is_dir():
            print(f"error: {d}: not a directory", file=sys.stderr)
            return 1
    if len(dirs) == 1:
        subdirs = sorted(p for p in dirs[0].iterdir() if p.is_dir() and any(p.rglob("*.tml")))
        if len(subdirs) > 1:
            dirs = subdirs
    errors: list[str] = []
    results: dict[str, dict] = {}
    combined = {c: Tally() for c in CLASSES}
    for d in dirs:
        tallies = score_dir(d, errors)
        if not any(t.gold or t.predicted for t in tallies.values()):
            print(f"error: {d}: no *.tml file with a TEXT element", file=sys.stderr)
            return 1
        results[d.name] = report(tallies)
        for c in CLASSES:
            combined[c].add(tallies[c])
        print(table(d.name, results[d.name]), end="\n\n")
    out = report(combined)
    if len(dirs) > 1:
        print(table("all", out))
    out["by_folder"] = results
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
