"""Stage `evaluate`: score mention tables against gold answers, per set, per group and per rule.

    python -m pipeline evaluate --set sources raw tests/gold processed \
        --set corpus tests/corpus/texts tests/corpus/gold.jsonl build/corpus \
        --kinds corpus=tests/corpus/sources.json --target sources:event.f1=0.92 --report-only corpus \
        --metrics metrics/evaluation.json --rules metrics/rules.json --errors metrics/errors.md

(without ``--set``: one set ``sources`` from ``--texts-dir raw --gold-dir tests/gold
--pred-dir processed``).  The scoring (the port of shared/tools/score.py, breakdowns,
targets, per-rule figures, errors markdown) is :mod:`pipeline.evaluation.scoring`; this
stage reads the command line, scores each set, writes the metrics and fails when an
enforced ``--target`` is not met.
Gold answers are only read here: they never feed the published data.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path

from pipeline.core import fsutil
from pipeline.evaluation.scoring import (
    EvalSet,
    EvaluationError,
    errors_markdown,
    evaluate_set,
    parse_target,
    rules_metrics,
    set_metrics,
    targets_block,
)

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set", action="append", nargs=4, default=[], dest="sets", metavar=("NAME", "TEXTS", "GOLD", "PRED"),
        help="a set to score: its name, texts directory (with or without sources.csv), gold JSONL file or "
        "directory of *.jsonl, and directory of *_mentions.csv (repeatable; scored separately)",
    )
    parser.add_argument("--texts-dir", type=Path, default=None, help="without --set: the one set 'sources' (raw)")
    parser.add_argument("--gold-dir", type=Path, default=None, help="without --set: its gold (tests/gold)")
    parser.add_argument("--pred-dir", type=Path, default=None, help="without --set: its predictions (processed)")
    parser.add_argument(
        "--kinds", action="append", default=[], metavar="SET=SOURCES_JSON",
        help="per-kind (and per-organisation) figures of SET, from a JSON list of {id, kind, organisation}",
    )
    parser.add_argument("--metrics", type=Path, default=Path("metrics/evaluation.json"),
                        help="JSON file to write the scores to")
    parser.add_argument("--rules", type=Path, default=None, help="per-rule figures (e.g. metrics/rules.json)")
    parser.add_argument("--errors", type=Path, default=Path("metrics/errors.md"),
                        help="Markdown file to write the misses and spurious rows to")
    parser.add_argument(
        "--target", action="append", default=[], metavar="[SET:]TABLE.FIGURE=MIN",
        help="quality floor, e.g. sources:event.f1=0.92 or event.date=0.95 (a field accuracy; no SET = every "
        "set); reported in the metrics' targets block; the stage fails when a figure is below it, after "
        "writing the metrics, unless its set is --report-only",
    )
    parser.add_argument(
        "--report-only", action="append", default=[], metavar="SET",
        help="report SET's targets (met true/false) without failing the stage",
    )


def eval_sets(args: argparse.Namespace) -> list[EvalSet]:
    """The sets named on the command line (default: 'sources' = raw, tests/gold, processed)."""
    legacy = (args.texts_dir, args.gold_dir, args.pred_dir)
    if args.sets and any(v is not None for v in legacy):
        raise EvaluationError("give either --set ... or --texts-dir/--gold-dir/--pred-dir, not both")
    specs = [EvalSet(n, Path(t), Path(g), Path(p)) for n, t, g, p in args.sets] or [
        EvalSet("sources", args.texts_dir or Path("raw"), args.gold_dir or Path("tests/gold"),
                args.pred_dir or Path("processed"))]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise EvaluationError(f"--set names must differ: {names}")
    bad = [n for n in names if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", n)]
    if bad:
        raise EvaluationError(f"--set name {bad[0]!r}: lowercase letters, digits, '-' and '_'")
    by_name = {s.name: s for s in specs}
    for item in args.kinds:
        name, _, path = item.partition("=")
        if name not in by_name or not path:
            raise EvaluationError(f"bad --kinds {item!r}: expected SET=SOURCES_JSON with SET in {names}")
        by_name[name].kinds = Path(path)
    for name in args.report_only:
        if name not in by_name:
            raise EvaluationError(f"bad --report-only {name!r}: not one of {names}")
    return specs


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fsutil.atomic_write_text(path, text)


def main(args: argparse.Namespace) -> int:
    specs = eval_sets(args)
    names = [s.name for s in specs]
    for target in args.target:
        parse_target(target, names)  # a bad target fails before anything is written
    reports = [evaluate_set(s) for s in specs]
    metrics, failed = {}, []
    for rep in reports:
        enforced = rep.name not in args.report_only
        block = targets_block(rep, args.target, names, enforced)
        metrics[rep.name] = set_metrics(rep, block)
        for name, f in block["figures"].items():
            if not f["met"]:
                message = f"{rep.name} {name} = {f['value']}, below the target {f['min']}"
                if enforced:
                    failed.append(message)
                else:
                    log.info("evaluate: %s (reported, not enforced)", message)
    _write(args.metrics, json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    if args.rules is not None:
        _write(args.rules, json.dumps({r.name: rules_metrics(r) for r in reports}, indent=2, sort_keys=True) + "\n")
    _write(args.errors, errors_markdown(reports, {name: m["targets"] for name, m in metrics.items()}))
    for rep in reports:
        for t, r in rep.all.items():
            log.info("evaluate: %s: %s: P=%s R=%s F1=%s fields=%s", rep.name, t, r.precision, r.recall, r.f1,
                     r.field_accuracy)
    for f in failed:
        print(f"error: {f} (see {args.errors})", file=sys.stderr)
    return 1 if failed else 0
