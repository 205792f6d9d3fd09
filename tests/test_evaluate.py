"""Stage evaluate: the command line, sets and targets, bad input as one error line."""

import csv
import json
from pathlib import Path

import pytest
from test_scoring import RGOLD, RTEXT, rpred


def write_set(root: Path, preds: list[dict], with_rule: bool = True) -> tuple[Path, Path, Path]:
    """A texts dir (no manifest), a gold file and a predictions dir for the crafted text."""
    texts, pred = root / "texts", root / "pred"
    texts.mkdir(parents=True)
    pred.mkdir()
    (texts / "r.txt").write_text(RTEXT, encoding="utf-8")
    gold = root / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in RGOLD), encoding="utf-8")
    columns = ["source_id", "char_start", "char_end", "quote", "date_start", "date_end", "date_precision",
               "event_type"] + (["rule_id"] if with_rule else [])
    for name in ("event_mentions", "designation_mentions", "membership_mentions"):
        with open(pred / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, columns, extrasaction="ignore")
            w.writeheader()
            if name == "event_mentions":
                w.writerows(preds)
    return texts, gold, pred


def run_cli(*args: str) -> int:
    from pipeline.__main__ import main as cli

    return cli(["--quiet", "evaluate", *args])


def test_two_sets_targets_reported_or_enforced_and_rules_written(tmp_path, capsys):
    good = write_set(tmp_path / "good", [
        rpred("the rebels bombed a bridge", "ev.a", "1999-05-03", "1999-05-03"),
        rpred("The rebels fled on 9 July 2008", "ev.b", "2008-07-09", "2008-07-09"),
    ])
    poor = write_set(tmp_path / "poor", [rpred("the rebels bombed a bridge", "ev.a", "1999-05-03", "1999-05-03")],
                     with_rule=False)
    out = tmp_path / "metrics"
    common = ["--set", "good", *map(str, good), "--set", "poor", *map(str, poor),
              "--metrics", str(out / "evaluation.json"), "--rules", str(out / "rules.json"),
              "--errors", str(out / "errors.md"), "--target", "event.f1=0.7", "--target", "good:event.recall=0.6"]
    assert run_cli(*common, "--report-only", "poor") == 0  # poor's F1 is 0.5, but only reported
    metrics = json.loads((out / "evaluation.json").read_text())
    assert metrics["good"]["all"]["event"]["f1"] == 0.8 and metrics["poor"]["all"]["event"]["f1"] == 0.5
    assert metrics["good"]["targets"] == {"enforced": True, "met": True, "figures": {
        "event.f1": {"min": 0.7, "value": 0.8, "met": True},
        "event.recall": {"min": 0.6, "value": 0.667, "met": True}}}
    assert metrics["poor"]["targets"] == {"enforced": False, "met": False, "figures": {
        "event.f1": {"min": 0.7, "value": 0.5, "met": False}}}
    rules = json.loads((out / "rules.json").read_text())
    assert rules["poor"] == {"event": {}, "designation": {}, "membership": {}}
    assert rules["good"]["event"]["ev.b"] == {"predicted": 1, "tp": 1, "fp": 0, "ignored": 0, "precision": 1.0,
                                              "recall_share": 0.333}
    errors = (out / "errors.md").read_text()
    assert "| `ev.a` | 1 | 1 | 0 | 0 | 1.0 | 0.333 |" in errors
    assert "event: the predictions have no `rule_id` column" in errors
    assert "Targets (reported, not enforced): event.f1 >= 0.7: 0.5 NOT met" in errors
    capsys.readouterr()
    assert run_cli(*common) == 1  # now poor's target is enforced
    assert "error: poor event.f1 = 0.5, below the target 0.7" in capsys.readouterr().err


def test_breakdowns_come_from_the_sources_list(tmp_path):
    from pipeline.evaluation.scoring import EvalSet, evaluate_set

    texts, gold, pred = write_set(tmp_path, [
        rpred("the rebels bombed a bridge", "ev.a", "1999-05-03", "1999-05-03"),
        rpred("the rebels bombed", "ev.a", "1999-05-03", "1999-05-03"),
    ])
    other = "In 1990 a militia attacked a town."
    (texts / "s.txt").write_text(other, encoding="utf-8")
    with open(gold, "a", encoding="utf-8") as f:
        f.write(json.dumps({"source": "s", "table": "event", "quote": other, "date_start": "1990-01-01",
                            "date_end": "1990-12-31", "date_precision": "year", "event_type": "attack"}) + "\n")
    kinds = tmp_path / "sources.json"
    kinds.write_text(json.dumps([{"id": "r", "kind": "news"}, {"id": "s", "kind": "news", "organisation": "lra"}]))
    rep = evaluate_set(EvalSet("x", texts, gold, pred, kinds))
    assert rep.breakdowns["kind"]["news"]["event"].metrics() == rep.all["event"].metrics()
    mek, other_org = rep.breakdowns["organisation"]["mek"]["event"], rep.breakdowns["organisation"]["other"]["event"]
    assert (mek.tp, mek.fp, mek.gold_core) == (1, 1, 3)
    assert (other_org.tp, other_org.fp, other_org.gold_core, other_org.recall) == (0, 0, 1, 0.0)
    kinds.write_text(json.dumps([{"id": "r", "kind": "news"}, {"id": "s", "kind": "official"}]))
    rep = evaluate_set(EvalSet("x", texts, gold, pred, kinds))
    assert set(rep.breakdowns) == {"kind"}  # one organisation only: no organisation breakdown
    assert rep.breakdowns["kind"]["official"]["event"].fn == 1


@pytest.mark.parametrize("problem, expected", [
    ("missing-pred", "event_mentions.csv: missing"),
    ("unknown-source", "gold.jsonl: source(s) zz not in"),
    ("bad-quote", "gold.jsonl: gold quote not found in the text"),
    ("bad-json", "gold.jsonl: line 5: not valid JSON"),
    ("bad-target", "bad --target 'nosuchset:event.f1=0.5'"),
])
def test_bad_input_is_one_error_line_and_nothing_is_written(tmp_path, capsys, problem, expected):
    texts, gold, pred = write_set(tmp_path, [rpred("the rebels bombed a bridge", "ev.a", "1999-05-03",
                                                   "1999-05-03")])
    target = "event.f1=0.5"
    if problem == "missing-pred":
        (pred / "event_mentions.csv").unlink()
    elif problem == "unknown-source":
        with open(gold, "a", encoding="utf-8") as f:
            f.write(json.dumps({"source": "zz", "table": "event", "quote": "x"}) + "\n")
    elif problem == "bad-quote":
        with open(gold, "a", encoding="utf-8") as f:
            f.write(json.dumps({"source": "r", "table": "event", "quote": "not in the text"}) + "\n")
    elif problem == "bad-json":
        with open(gold, "a", encoding="utf-8") as f:
            f.write("{not json\n")
    else:
        target = "nosuchset:event.f1=0.5"
    out = tmp_path / "metrics"
    code = run_cli("--set", "a", str(texts), str(gold), str(pred), "--metrics", str(out / "e.json"),
                   "--errors", str(out / "errors.md"), "--target", target)
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and expected in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_a_target_without_a_set_applies_to_every_set():
    from pipeline.evaluation.scoring import EvaluationError, parse_target

    assert parse_target("event.f1=0.9", ["a", "b"]) == (["a", "b"], "event", "f1", 0.9)
    assert parse_target("b:membership.scope=0.75", ["a", "b"]) == (["b"], "membership", "scope", 0.75)
    for bad in ("c:event.f1=0.9", "people.f1=0.9", "event.f1=high", "event=0.9"):
        with pytest.raises(EvaluationError, match="bad --target"):
            parse_target(bad, ["a", "b"])
