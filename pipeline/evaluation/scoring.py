"""The scorer: mention tables against gold answers, per set, per group and per rule.

Used by the stage :mod:`pipeline.stages.evaluate`:

    python -m pipeline evaluate --set sources raw tests/gold processed \
        --set corpus tests/corpus/texts tests/corpus/gold.jsonl build/corpus \
        --kinds corpus=tests/corpus/sources.json --target sources:event.f1=0.92 --report-only corpus \
        --metrics metrics/evaluation.json --rules metrics/rules.json --errors metrics/errors.md

(without ``--set``: one set ``sources`` from ``--texts-dir raw --gold-dir tests/gold
--pred-dir processed``).  Implements the annotation guide's Scoring section exactly as the
reference scorer (shared/tools/score.py) does, so both give the same figures:
a prediction matches a gold mention of the same table and source when the
spans overlap and (events, designations) the date intervals overlap, with the
same jurisdiction for designations and the same low/high for membership.
Pairs are taken greedily, core gold first, then by largest overlap. Predictions
that match nothing but overlap an optional gold mention are ignored. As in the
reference scorer, only texts with at least one gold row are scored (the others are
named in a warning).

Each set is scored on all its texts and, per breakdown, on each group of texts: ``kind``
(from ``--kinds SET=sources.json``) and ``organisation`` (``mek`` / ``other``, from the
manifest's organisation column; only when both occur).  Matching never crosses texts, so
a group's figures are those of the reference scorer on that group's gold rows.
``--target [SET:]TABLE.FIGURE=MIN`` floors are written to each set's ``targets`` block
(value, met); they fail the stage unless the set is ``--report-only``.  When the
prediction tables have a ``rule_id`` column, ``--rules`` gets, per set, table and rule id:
predicted, tp, fp, ignored, precision and recall share (core gold rows matched by the
rule / all core gold rows).
Gold answers are only read here: they never feed the published data.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.package import sources

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
    # every scored prediction with what it counted as: "tp" (matched a core gold row), "fp", "ignored"
    outcomes: list[tuple[dict, str]] = field(default_factory=list)

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
    outcomes = []
    for pi, p in enumerate(preds):
        if pi in pmatch:
            if not golds[pmatch[pi]].get("core", True):
                ignored += 1
                outcomes.append((p, "ignored"))
            else:
                outcomes.append((p, "tp"))
            continue
        if any(
            not g.get("core", True) and norm(p["source_id"]) == g["source"] and _overlaps(gspan[gi], pspan[pi])
            for gi, g in enumerate(golds)
        ):
            ignored += 1
            outcomes.append((p, "ignored"))
            continue
        spurious.append(p)
        outcomes.append((p, "fp"))
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
        missed=missed, spurious=spurious, wrong_fields=wrong, outcomes=outcomes,
    )


class EvaluationError(PipelineError):
    """A gold file, a prediction table or a texts directory cannot be scored; the message names the file."""


def load_gold(gold: Path) -> list[dict]:
    """Every gold mention of a JSONL file, or of every *.jsonl file of a directory (sorted), in file order."""
    gold = Path(gold)
    if gold.is_dir():
        paths = sorted(gold.glob("*.jsonl"))
    elif gold.is_file():
        paths = [gold]
    else:
        raise EvaluationError(f"{gold}: no such gold file or directory")
    out = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise EvaluationError(f"{path}: line {n}: not valid JSON: {e}") from None
                if not isinstance(row, dict) or not {"source", "table", "quote"} <= set(row):
                    raise EvaluationError(f"{path}: line {n}: a gold row needs source, table and quote")
                if row["table"] not in TABLES:
                    raise EvaluationError(f"{path}: line {n}: table {row['table']!r} not one of {sorted(TABLES)}")
                out.append(row)
    if not out:
        raise EvaluationError(f"{gold}: no gold rows")
    return out


def load_pred(pred_dir: Path, table: str) -> list[dict]:
    """Rows of pred_dir/TABLE_mentions.csv (or .parquet, as the reference scorer reads it) as dicts of strings."""
    base = Path(pred_dir) / TABLES[table]
    csv_path, parquet_path = base.with_suffix(".csv"), base.with_suffix(".parquet")
    if csv_path.exists():
        with open(csv_path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    elif parquet_path.exists():
        import pandas as pd

        df = pd.read_parquet(parquet_path)
        rows = [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in df.to_dict("records")]
    else:
        raise EvaluationError(f"{csv_path}: missing (no {TABLES[table]}.csv or .parquet in {pred_dir})")
    missing = [c for c in ("source_id", "char_start", "char_end") if rows and c not in rows[0]]
    if missing:
        raise EvaluationError(f"{csv_path}: missing column(s) {', '.join(missing)}")
    return rows


def evaluate(texts_dir: Path, gold: Path, pred_dir: Path, sources_only: set[str] | None = None
             ) -> dict[str, TableScore]:
    """Score every table of one set (texts, gold file or directory, predictions), optionally on some sources."""
    rows = load_gold(gold)
    texts = _texts(texts_dir, rows, gold)
    if sources_only is not None:
        rows = [g for g in rows if g["source"] in sources_only]
        texts = {s: t for s, t in texts.items() if s in sources_only}
    return score_set(texts, rows, {t: load_pred(pred_dir, t) for t in TABLES}, gold)


def _texts(texts_dir: Path, rows: list[dict], gold: Path) -> dict[str, str]:
    """Text of every source named in the gold rows (read and checked as extract reads them)."""
    try:
        all_texts = sources.read_texts(texts_dir)
    except sources.SourceError as e:
        raise EvaluationError(str(e)) from None
    unknown = sorted({g["source"] for g in rows} - set(all_texts))
    if unknown:
        raise EvaluationError(f"{gold}: source(s) {', '.join(unknown)} not in {texts_dir}")
    ungraded = sorted(set(all_texts) - {g["source"] for g in rows})
    if ungraded:
        log.warning("evaluate: %s: %d text(s) without gold rows are not scored: %s",
                    texts_dir, len(ungraded), ", ".join(ungraded))
    return {s: all_texts[s] for s in sorted({g["source"] for g in rows})}


def score_set(texts: dict[str, str], rows: list[dict], preds: dict[str, list[dict]], gold: Path | str = "gold"
              ) -> dict[str, TableScore]:
    """Score every table; a gold quote that is not in its text is an error naming the gold file."""
    try:
        return {t: score_table(t, texts, rows, preds[t]) for t in TABLES}
    except ValueError as e:
        raise EvaluationError(f"{gold}: {e}") from None


# --- sets, breakdowns, targets ----------------------------------------------------------------------


@dataclass
class EvalSet:
    """One scored set: its texts, gold and predictions, and the sources of each breakdown group."""

    name: str
    texts_dir: Path
    gold: Path
    pred_dir: Path
    kinds: Path | None = None  # a sources.json: [{"id", "kind", "organisation"?}, ...]


@dataclass
class SetReport:
    """The scores of one set: all sources, and per breakdown (kind, organisation) per group."""

    name: str
    all: dict[str, TableScore]
    breakdowns: dict[str, dict[str, dict[str, TableScore]]]
    has_rule_id: dict[str, bool]


def groups_of(texts_dir: Path, kinds: Path | None) -> dict[str, dict[str, str]]:
    """Breakdown name -> source id -> group.

    ``kind``: from the ``kind`` of each entry of the sources.json ``kinds`` (when given).
    ``organisation``: ``mek`` or ``other``, from the manifest's organisation column (else
    the sources.json's ``organisation``; missing = mek); only when both groups occur.
    """
    meta: list[dict] = []
    if kinds is not None:
        try:
            meta = json.loads(Path(kinds).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise EvaluationError(f"{kinds}: cannot read the sources list: {e}") from None
        if not isinstance(meta, list) or not all(isinstance(e, dict) and "id" in e for e in meta):
            raise EvaluationError(f"{kinds}: expected a JSON list of objects with an id")
    out: dict[str, dict[str, str]] = {}
    if any("kind" in e for e in meta):
        out["kind"] = {e["id"]: str(e.get("kind") or "unknown") for e in meta}
    try:
        orgs = sources.organisations(texts_dir)
    except sources.SourceError as e:
        raise EvaluationError(str(e)) from None
    if not orgs:
        orgs = {e["id"]: e.get("organisation") or sources.DEFAULT_ORGANISATION for e in meta}
    org_group = {s: "mek" if o == sources.DEFAULT_ORGANISATION else "other" for s, o in orgs.items()}
    if len(set(org_group.values())) > 1:
        out["organisation"] = org_group
    return out


def evaluate_set(spec: EvalSet) -> SetReport:
    """Score a set on all its sources and on each breakdown group."""
    rows = load_gold(spec.gold)
    texts = _texts(spec.texts_dir, rows, spec.gold)
    preds = {t: load_pred(spec.pred_dir, t) for t in TABLES}
    full = score_set(texts, rows, preds, spec.gold)
    breakdowns: dict[str, dict[str, dict[str, TableScore]]] = {}
    for breakdown, group_of in groups_of(spec.texts_dir, spec.kinds).items():
        per_group: dict[str, dict[str, TableScore]] = {}
        for group in sorted({group_of.get(s, "unknown") for s in texts}):
            chosen = {s for s in texts if group_of.get(s, "unknown") == group}
            per_group[group] = score_set({s: texts[s] for s in sorted(chosen)},
                                         [g for g in rows if g["source"] in chosen], preds, spec.gold)
        breakdowns[breakdown] = per_group
    has_rule = {t: bool(preds[t]) and "rule_id" in preds[t][0] for t in TABLES}
    return SetReport(spec.name, full, breakdowns, has_rule)


def parse_target(target: str, set_names: list[str]) -> tuple[list[str], str, str, float]:
    """``[SET:]TABLE.FIGURE=MIN`` -> (sets it applies to, table, figure, floor); no SET = every set."""
    name, _, floor = target.partition("=")
    set_name, sep, name = name.rpartition(":")
    table, _, figure = name.partition(".")
    try:
        value = float(floor)
    except ValueError:
        value = None
    if table not in TABLES or not figure or value is None or (sep and set_name not in set_names):
        raise EvaluationError(
            f"bad --target {target!r}: expected [SET:]TABLE.FIGURE=MIN with TABLE in {sorted(TABLES)}"
            f" and SET in {set_names}"
        )
    return ([set_name] if sep else list(set_names)), table, figure, value


def figure_of(metrics: dict, figure: str) -> float | None:
    """A table's figure (f1, precision, recall, ...) or field accuracy (date, event_type, ...)."""
    if figure in metrics:
        return metrics[figure]
    if figure in metrics["field_accuracy"]:
        return metrics["field_accuracy"][figure]
    raise EvaluationError(f"bad --target: no figure {figure!r} (one of {sorted(metrics)} or a field accuracy)")


def below_targets(metrics: dict[str, dict], targets: list[str]) -> list[str]:
    """Descriptions of the figures of one set's table metrics that are below their targets."""
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


def targets_block(report: SetReport, targets: list[str], set_names: list[str], enforced: bool) -> dict:
    """The set's targets: each figure's floor, value and whether it is met; whether they are enforced."""
    figures = {}
    for target in targets:
        applies, table, figure, floor = parse_target(target, set_names)
        if report.name not in applies:
            continue
        value = figure_of(report.all[table].metrics(), figure)
        figures[f"{table}.{figure}"] = {"min": floor, "value": value, "met": value is not None and value >= floor}
    return {"enforced": enforced, "met": all(f["met"] for f in figures.values()), "figures": figures}


def set_metrics(report: SetReport, targets: dict) -> dict:
    """The JSON metrics of a set: {"all": tables, BREAKDOWN: {GROUP: tables}, "targets": ...}."""
    out: dict = {"all": {t: r.metrics() for t, r in report.all.items()}}
    for breakdown, groups in report.breakdowns.items():
        out[breakdown] = {g: {t: r.metrics() for t, r in scores.items()} for g, scores in groups.items()}
    out["targets"] = targets
    return out


# --- per-rule figures -------------------------------------------------------------------------------

NO_RULE = "(none)"


def rule_figures(score: TableScore) -> dict[str, dict]:
    """Per rule id (an empty cell = NO_RULE): predicted, tp, fp, ignored, precision, recall share of core gold."""
    counts: dict[str, dict[str, int]] = {}
    for p, outcome in score.outcomes:
        c = counts.setdefault(norm(p.get("rule_id")) or NO_RULE, {"predicted": 0, "tp": 0, "fp": 0, "ignored": 0})
        c["predicted"] += 1
        c[outcome] += 1
    out = {}
    for rule in sorted(counts):
        c = counts[rule]
        out[rule] = {
            **c,
            "precision": round(c["tp"] / (c["tp"] + c["fp"]), 3) if c["tp"] + c["fp"] else None,
            "recall_share": round(c["tp"] / score.gold_core, 3) if score.gold_core else None,
        }
    return out


def rules_metrics(report: SetReport) -> dict[str, dict]:
    """Table -> rule id -> figures, for the tables whose predictions have a rule_id column ({} otherwise)."""
    return {t: rule_figures(r) if report.has_rule_id[t] else {} for t, r in report.all.items()}


# --- errors.md -------------------------------------------------------------------------------------


def _fmt_date(d: dict) -> str:
    a, b, p = norm(d.get("date_start")), norm(d.get("date_end")), norm(d.get("date_precision"))
    return f"{a}..{b} ({p})" if a else "undated"


def _key(table: str, d: dict) -> str:
    if table == "event":
        return norm(d.get("event_type"))
    if table == "designation":
        return f"{norm(d.get('jurisdiction'))} {norm(d.get('action'))}"
    return f"{norm(d.get('low'))}-{norm(d.get('high'))} {norm(d.get('unit'))} @ {norm(d.get('scope'))}"


def _q(text: object, n: int) -> str:
    """The first n characters of a quote on one line (line breaks shown as spaces)."""
    return " ".join(norm(text)[:n].split())


def _rule(p: dict) -> str:
    rule = norm(p.get("rule_id"))
    return f" [{rule}]" if rule else ""


def _summary(title: str, scores: dict[str, TableScore]) -> str:
    cells = [f"{s.f1} ({s.tp}/{s.gold_core}, fp {s.fp})" for s in scores.values()]
    return f"| {title} | " + " | ".join(cells) + " |"


def errors_markdown(report: dict[str, TableScore] | list[SetReport], targets: dict[str, dict] | None = None) -> str:
    """A readable list of misses, spurious rows and wrong fields (and per-rule figures) for error analysis.

    ``report``: one set's table scores, or every set's report (then with per-group figures,
    the targets block of each set from ``targets`` and the per-rule tables).
    """
    if isinstance(report, dict):
        return _table_errors(report, "#")
    lines = ["# Evaluation errors", "", "Generated by `python -m pipeline evaluate`; do not edit.", ""]
    for rep in report:
        lines += [f"## Set `{rep.name}`", "", "F1 (tp/core gold, fp):", "",
                  "| texts | " + " | ".join(TABLES) + " |", "|---|" + "---|" * len(TABLES),
                  _summary("all", rep.all)]
        for breakdown, groups in rep.breakdowns.items():
            lines += [_summary(f"{breakdown} = {group}", scores) for group, scores in groups.items()]
        lines.append("")
        block = (targets or {}).get(rep.name)
        if block and block["figures"]:
            how = "enforced" if block["enforced"] else "reported, not enforced"
            lines += [f"Targets ({how}): " + "; ".join(
                f"{name} >= {f['min']}: {f['value']} {'met' if f['met'] else 'NOT met'}"
                for name, f in block["figures"].items()), ""]
        lines += _rules_markdown(rep)
        lines.append(_table_errors(rep.all, "##"))
    return "\n".join(lines)


def _rules_markdown(rep: SetReport) -> list[str]:
    lines = [f"### Per rule (`{rep.name}`)", ""]
    for table, score in rep.all.items():
        if not rep.has_rule_id[table]:
            lines += [f"- {table}: the predictions have no `rule_id` column", ""]
            continue
        lines += [f"#### {table} (core gold {score.gold_core})", "",
                  "| rule_id | predicted | tp | fp | ignored | precision | recall share |",
                  "|---|---|---|---|---|---|---|"]
        for rule, f in rule_figures(score).items():
            lines.append(f"| `{rule}` | {f['predicted']} | {f['tp']} | {f['fp']} | {f['ignored']} | "
                         f"{f['precision']} | {f['recall_share']} |")
        lines.append("")
    return lines


def _table_errors(report: dict[str, TableScore], h: str) -> str:
    lines = [] if h != "#" else ["# Evaluation errors", "", "Generated by `python -m pipeline evaluate`; do not edit.",
                                 ""]
    for table, r in report.items():
        lines += [f"{h}# {table}: P={r.precision} R={r.recall} F1={r.f1} "
                  f"(tp={r.tp} fp={r.fp} fn={r.fn}) fields={json.dumps(r.field_accuracy, sort_keys=True)}", ""]
        lines.append(f"{h}## Missed core gold ({len(r.missed)})")
        for g in r.missed:
            lines.append(f"- {g['source']}: {_fmt_date(g)} {_key(table, g)}: “{_q(g['quote'], 120)}”")
        lines += ["", f"{h}## Spurious predictions ({len(r.spurious)})"]
        for p in r.spurious:
            lines.append(f"- {p['source_id']}: {_fmt_date(p)} {_key(table, p)}{_rule(p)}: "
                         f"“{_q(p.get('quote'), 120)}”")
        lines += ["", f"{h}## Wrong fields on matched pairs ({len(r.wrong_fields)})"]
        for name, g, p in r.wrong_fields:
            gv = _fmt_date(g) if name == "date" else norm(g.get(name))
            pv = _fmt_date(p) if name == "date" else norm(p.get(name))
            lines.append(f"- {g['source']} {name}: gold {gv} / extracted {pv}{_rule(p)}: “{_q(g['quote'], 100)}”")
        lines.append("")
    return "\n".join(lines)
