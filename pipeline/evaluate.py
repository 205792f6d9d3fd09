"""Stage `evaluate`: score the mention tables against the gold answers.

    python -m pipeline evaluate --texts-dir raw --gold-dir tests/gold --pred-dir processed \
        --metrics metrics/evaluation.json --errors metrics/errors.md

Implements the annotation guide's Scoring section exactly as the reference
scorer (shared/tools/score.py) does, so both give the same figures:
a prediction matches a gold mention of the same table and source when the
spans overlap and (events, designations) the date intervals overlap, with the
same jurisdiction for designations and the same low/high for membership.
Pairs are taken greedily, core gold first, then by largest overlap. Predictions
that match nothing but overlap an optional gold mention are ignored.
Gold answers are only read here: they never feed the published data.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import fsutil

log = logging.getLogger(__name__)
TABLES = {"event": "event_mentions", "designation": "designation_mentions", "membership": "membership_mentions"}
FIELDS = {"event": ["date", "event_type"], "designation": ["date", "action"], "membership": ["date", "unit", "scope"]}
_EMPTY = {"", "nan", "none", "nat", "<na>", "null"}


def norm(v: object) -> str:
    """Cell as a stripped string, with every spelling of 'missing' as ''."""
    if v is None:
        return ""
    s = str(v).strip()
    return "" if s.lower() in _EMPTY else s


def as_int(v: object) -> int | None:
    s = norm(v).replace(",", "")
    if not s:
        return None
    try:
        return int(float(s))
    except ValueError:
        return None


def interval(d: dict) -> tuple[str, str] | None:
    a, b = norm(d.get("date_start"))[:10], norm(d.get("date_end"))[:10]
    if not a and not b:
        return None
    return (a or b, b or a)


def dates_compatible(g: dict, p: dict) -> bool:
    gi, pi = interval(g), interval(p)
    if gi is None:
        return True
    if pi is None:
        return False
    return pi[0] <= gi[1] and gi[0] <= pi[1]


def compatible(table: str, g: dict, p: dict) -> bool:
    """Whether a prediction can match a gold mention (besides span overlap)."""
    if table == "event":
        return dates_compatible(g, p)
    if table == "designation":
        return norm(g.get("jurisdiction")).upper() == norm(p.get("jurisdiction")).upper() and dates_compatible(g, p)
    return as_int(g.get("low")) == as_int(p.get("low")) and as_int(g.get("high")) == as_int(p.get("high"))


def _scope_key(s: object) -> str:
    s = norm(s).lower()
    for w in ("the ", "camp "):
        s = s.replace(w, "")
    return s.strip()


def field_ok(name: str, g: dict, p: dict) -> bool:
    """Whether a matched pair agrees on one scored field."""
    if name == "date":
        return all(norm(g.get(k))[:10] == norm(p.get(k))[:10] for k in ("date_start", "date_end")) and norm(
            g.get("date_precision")
        ) == norm(p.get("date_precision"))
    if name == "scope":
        a, b = _scope_key(g.get("scope")), _scope_key(p.get("scope"))
        return a == b or bool(a and b and (a in b or b in a))
    return norm(g.get(name)).lower() == norm(p.get(name)).lower()


def locate(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """Span of the n-th occurrence of quote in text."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise ValueError(f"gold quote not found in the text: {quote[:60]!r}")
    return pos, pos + len(quote)


def _overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


@dataclass
class TableScore:
    """Figures and error lists of one table."""

    gold_core: int
    predicted: int
    tp: int
    fp: int
    fn: int
    ignored: int
    precision: float
    recall: float
    f1: float
    field_accuracy: dict[str, float | None]
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    wrong_fields: list[tuple[str, dict, dict]] = field(default_factory=list)

    def metrics(self) -> dict:
        keys = ("gold_core", "predicted", "tp", "fp", "fn", "ignored", "precision", "recall", "f1", "field_accuracy")
        return {k: getattr(self, k) for k in keys}


def score_table(table: str, texts: dict[str, str], gold: list[dict], preds: list[dict]) -> TableScore:
    """Score one table's predictions against its gold mentions."""
    golds = [g for g in gold if g["table"] == table]
    gspan = [locate(texts[g["source"]], g["quote"], int(g.get("occurrence") or 0)) for g in golds]
    preds = [p for p in preds if norm(p.get("source_id")) in texts]
    pspan = [(as_int(p.get("char_start")) or 0, as_int(p.get("char_end")) or 0) for p in preds]
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if norm(p["source_id"]) != g["source"] or not _overlaps(gspan[gi], pspan[pi]):
                continue
            ov = min(gspan[gi][1], pspan[pi][1]) - max(gspan[gi][0], pspan[pi][0])
            pairs.append((not g.get("core", True), -ov, gi, pi, compatible(table, g, p)))
    pairs.sort()
    gmatch: dict[int, int] = {}
    pmatch: dict[int, int] = {}
    for _opt, _ov, gi, pi, ok in pairs:
        if ok and gi not in gmatch and pi not in pmatch:
            gmatch[gi], pmatch[pi] = pi, gi
    core = [i for i, g in enumerate(golds) if g.get("core", True)]
    tp = sum(1 for i in core if i in gmatch)
    ignored = 0
    spurious = []
    for pi, p in enumerate(preds):
        if pi in pmatch:
            if not golds[pmatch[pi]].get("core", True):
                ignored += 1
            continue
        if any(
            not g.get("core", True) and norm(p["source_id"]) == g["source"] and _overlaps(gspan[gi], pspan[pi])
            for gi, g in enumerate(golds)
        ):
            ignored += 1
            continue
        spurious.append(p)
    fp = len(spurious)
    missed = [golds[i] for i in core if i not in gmatch]
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / len(core) if core else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    matched = [(golds[i], preds[gmatch[i]]) for i in core if i in gmatch]
    acc: dict[str, float | None] = {}
    wrong = []
    for name in FIELDS[table]:
        ok = [field_ok(name, g, p) for g, p in matched]
        acc[name] = round(sum(ok) / len(ok), 3) if ok else None
        wrong += [(name, g, p) for (g, p), good in zip(matched, ok, strict=True) if not good]
    return TableScore(
        gold_core=len(core), predicted=len(preds), tp=tp, fp=fp, fn=len(missed), ignored=ignored,
        precision=round(prec, 3), recall=round(rec, 3), f1=round(f1, 3), field_accuracy=acc,
        missed=missed, spurious=spurious, wrong_fields=wrong,
    )


def load_gold(gold_dir: Path) -> list[dict]:
    """Every gold mention of every *.jsonl file in gold_dir, in file order."""
    out = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not valid JSON: {e}") from e
    return out


def load_pred(pred_dir: Path, table: str) -> list[dict]:
    with open(pred_dir / f"{TABLES[table]}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def source_files(texts_dir: Path) -> dict[str, Path]:
    """Source id -> text file, from the manifest when present, else file stems."""
    manifest = texts_dir / "sources.csv"
    if manifest.exists():
        with open(manifest, newline="", encoding="utf-8") as f:
            return {r["source_id"]: texts_dir / r["file"] for r in csv.DictReader(f)}
    return {p.stem: p for p in texts_dir.glob("*.txt")}


def evaluate(texts_dir: Path, gold_dir: Path, pred_dir: Path) -> dict[str, TableScore]:
    """Score every table."""
    gold = load_gold(gold_dir)
    files = source_files(texts_dir)
    texts = {s: files[s].read_text(encoding="utf-8") for s in sorted({g["source"] for g in gold})}
    return {t: score_table(t, texts, gold, load_pred(pred_dir, t)) for t in TABLES}


def _fmt_date(d: dict) -> str:
    a, b, p = norm(d.get("date_start")), norm(d.get("date_end")), norm(d.get("date_precision"))
    return f"{a}..{b} ({p})" if a else "undated"


def _key(table: str, d: dict) -> str:
    if table == "event":
        return norm(d.get("event_type"))
    if table == "designation":
        return f"{norm(d.get('jurisdiction'))} {norm(d.get('action'))}"
    return f"{norm(d.get('low'))}-{norm(d.get('high'))} {norm(d.get('unit'))} @ {norm(d.get('scope'))}"


def errors_markdown(report: dict[str, TableScore]) -> str:
    """A readable list of misses, spurious rows and wrong fields for error analysis."""
    lines = ["# Evaluation errors", "", "Generated by `python -m pipeline evaluate`; do not edit.", ""]
    for table, r in report.items():
        lines += [f"## {table}: P={r.precision} R={r.recall} F1={r.f1} "
                  f"(tp={r.tp} fp={r.fp} fn={r.fn}) fields={json.dumps(r.field_accuracy, sort_keys=True)}", ""]
        lines.append(f"### Missed core gold ({len(r.missed)})")
        for g in r.missed:
            lines.append(f"- {g['source']}: {_fmt_date(g)} {_key(table, g)}: “{g['quote'][:120]}”")
        lines += ["", f"### Spurious predictions ({len(r.spurious)})"]
        for p in r.spurious:
            lines.append(f"- {p['source_id']}: {_fmt_date(p)} {_key(table, p)}: “{norm(p.get('quote'))[:120]}”")
        lines += ["", f"### Wrong fields on matched pairs ({len(r.wrong_fields)})"]
        for name, g, p in r.wrong_fields:
            gv = _fmt_date(g) if name == "date" else norm(g.get(name))
            pv = _fmt_date(p) if name == "date" else norm(p.get(name))
            lines.append(f"- {g['source']} {name}: gold {gv} / extracted {pv}: “{g['quote'][:100]}”")
        lines.append("")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--texts-dir", type=Path, default=Path("raw"))
    parser.add_argument("--gold-dir", type=Path, default=Path("tests/gold"))
    parser.add_argument("--pred-dir", type=Path, default=Path("processed"))
    parser.add_argument("--metrics", type=Path, default=Path("metrics/evaluation.json"))
    parser.add_argument("--errors", type=Path, default=Path("metrics/errors.md"))
    parser.add_argument(
        "--target", action="append", default=[], metavar="TABLE.FIGURE=MIN",
        help="quality floor, e.g. event.f1=0.92 or event.date=0.95 (a field accuracy); "
        "the stage fails when a figure is below it, after writing the metrics",
    )


def below_targets(metrics: dict[str, dict], targets: list[str]) -> list[str]:
    """Descriptions of the figures that are below their targets."""
    failed = []
    for target in targets:
        name, _, floor = target.partition("=")
        table, _, figure = name.partition(".")
        if table not in metrics or not floor:
            raise ValueError(f"bad --target {target!r}: expected TABLE.FIGURE=MIN with TABLE in {sorted(metrics)}")
        m = metrics[table]
        value = m[figure] if figure in m else m["field_accuracy"].get(figure)
        if value is None or value < float(floor):
            failed.append(f"{table} {figure} = {value}, below the target {floor}")
    return failed


def main(args: argparse.Namespace) -> int:
    report = evaluate(args.texts_dir, args.gold_dir, args.pred_dir)
    metrics = {t: r.metrics() for t, r in report.items()}
    args.metrics.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(args.metrics, json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    args.errors.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(args.errors, errors_markdown(report))
    for t, r in report.items():
        log.info("evaluate: %s: P=%s R=%s F1=%s fields=%s", t, r.precision, r.recall, r.f1, r.field_accuracy)
    failed = below_targets(metrics, args.target)
    for f in failed:
        print(f"error: {f} (see {args.errors})", file=sys.stderr)
    return 1 if failed else 0
