"""The scorer: known predictions give known figures, and it agrees with the reference scorer."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluation.scoring import evaluate, score_table

TEXT = "In 1997 the US listed it. In 2012 the US delisted it. Some opinion of 2001. About 3,000 members live there."
TEXTS = {"s": TEXT}


def gold(table, quote, core=True, **kw):
    return {"source": "s", "table": table, "core": core, "quote": quote, **kw}


def pred(quote, **kw):
    start = TEXT.index(quote)
    return {"source_id": "s", "char_start": str(start), "char_end": str(start + len(quote)), "quote": quote, **kw}


EVENTS = [
    gold("event", "In 1997 the US listed it.", date_start="1997-01-01", date_end="1997-12-31",
         date_precision="year", event_type="legal"),
    gold("event", "In 2012 the US delisted it.", date_start="2012-01-01", date_end="2012-12-31",
         date_precision="year", event_type="legal"),
    gold("event", "Some opinion of 2001.", core=False, date_start="2001-01-01", date_end="2001-12-31"),
]


def test_perfect_predictions_score_one():
    preds = [pred("In 1997 the US listed it", date_start="1997-01-01", date_end="1997-12-31",
                  date_precision="year", event_type="legal"),
             pred("In 2012 the US delisted it", date_start="2012-01-01", date_end="2012-12-31",
                  date_precision="year", event_type="legal")]
    r = score_table("event", TEXTS, EVENTS, preds)
    assert (r.tp, r.fp, r.fn, r.precision, r.recall, r.f1) == (2, 0, 0, 1.0, 1.0, 1.0)
    assert r.field_accuracy == {"date": 1.0, "event_type": 1.0}


def test_wrong_date_is_a_miss_and_a_false_positive():
    preds = [pred("In 1997 the US listed it", date_start="1998-01-01", date_end="1998-12-31",
                  date_precision="year", event_type="legal")]
    r = score_table("event", TEXTS, EVENTS, preds)
    assert (r.tp, r.fp, r.fn) == (0, 1, 2)
    assert r.f1 == 0.0


def test_optional_overlap_is_ignored_and_field_accuracy_counts_matches():
    preds = [
        pred("In 1997 the US listed it", date_start="1997-03-01", date_end="1997-03-31",
             date_precision="month", event_type="attack"),
        pred("Some opinion of 2001", date_start="2001-01-01", date_end="2001-12-31", date_precision="year",
             event_type="other"),
        pred("About 3,000 members", date_start="2020-01-01", date_end="2020-12-31", date_precision="year",
             event_type="other"),
    ]
    r = score_table("event", TEXTS, EVENTS, preds)
    # tp=1 (1997), fp=1 (the membership sentence), ignored=1 (optional), fn=1 (2012)
    assert (r.tp, r.fp, r.fn, r.ignored) == (1, 1, 1, 1)
    assert r.precision == 0.5 and r.recall == 0.5 and r.f1 == 0.5
    assert r.field_accuracy == {"date": 0.0, "event_type": 0.0}


def test_designation_needs_same_jurisdiction():
    g = [gold("designation", "In 2012 the US delisted it.", date_start="2012-01-01", date_end="2012-12-31",
              date_precision="year", jurisdiction="US", action="delisted")]
    wrong = [pred("the US delisted it", jurisdiction="CA", action="delisted", date_start="2012-01-01",
                  date_end="2012-12-31")]
    right = [pred("the US delisted it", jurisdiction="us", action="listed", date_start="", date_end="")]
    assert score_table("designation", TEXTS, g, wrong).tp == 0
    r = score_table("designation", TEXTS, g, right)
    assert r.tp == 0  # undated prediction cannot match a dated gold mention
    dated = [pred("the US delisted it", jurisdiction="us", action="listed", date_start="2012-09-01",
                  date_end="2012-09-30", date_precision="month")]
    r = score_table("designation", TEXTS, g, dated)
    assert r.tp == 1 and r.field_accuracy == {"date": 0.0, "action": 0.0}


def test_membership_matches_on_figures_and_scope_containment():
    g = [gold("membership", "About 3,000 members", low=3000, high=3000, unit="members", scope="Camp Ashraf")]
    p = [pred("3,000 members", low="3000", high="3000", unit="members", scope="Ashraf")]
    r = score_table("membership", TEXTS, g, p)
    assert r.tp == 1 and r.field_accuracy["scope"] == 1.0 and r.field_accuracy["unit"] == 1.0
    p[0]["high"] = ""
    assert score_table("membership", TEXTS, g, p).tp == 0


def test_each_gold_matches_at_most_one_prediction():
    preds = [pred("In 1997 the US listed it", date_start="1997-01-01", date_end="1997-12-31"),
             pred("In 1997 the US", date_start="1997-01-01", date_end="1997-12-31")]
    r = score_table("event", TEXTS, EVENTS[:1], preds)
    assert (r.tp, r.fp) == (1, 1)


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference scorer not beside the project")
def test_agrees_with_reference_scorer_on_published_data(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    with open(ROOT / "raw" / "sources.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            (texts / f"{row['source_id']}.txt").write_bytes((ROOT / "raw" / row["file"]).read_bytes())
    out = tmp_path / "ref.json"
    gold_files = sorted(str(p) for p in (ROOT / "tests" / "gold").glob("*.jsonl"))
    subprocess.run([sys.executable, str(REFERENCE), "--texts", str(texts), "--gold", *gold_files,
                    "--pred", str(ROOT / "processed"), "--json", str(out)], check=True, capture_output=True)
    ref = json.loads(out.read_text())
    ours = evaluate(ROOT / "raw", ROOT / "tests" / "gold", ROOT / "processed")
    for table, r in ours.items():
        assert r.metrics() == {k: ref[table][k] for k in r.metrics()}, table


def test_targets_name_the_figures_below_them():
    from pipeline.evaluation.scoring import below_targets

    metrics = {"event": {"f1": 0.9, "field_accuracy": {"date": 0.96, "event_type": None}}}
    assert below_targets(metrics, ["event.f1=0.85", "event.date=0.95"]) == []
    assert below_targets(metrics, ["event.f1=0.92"]) == ["event f1 = 0.9, below the target 0.92"]
    assert below_targets(metrics, ["event.event_type=0.5"]) == ["event event_type = None, below the target 0.5"]
    with pytest.raises(ValueError, match="bad --target"):
        below_targets(metrics, ["membership.f1=0.5"])


# --- the corpus: agreement with the reference scorer, on all texts and per group ---------------------

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def corpus_predictions(tmp_path_factory):
    """The current extractor's mention tables on the corpus (as the extract_corpus stage writes them)."""
    from pipeline.__main__ import main as cli

    out = tmp_path_factory.mktemp("corpus-pred")
    assert cli(["--quiet", "extract", "--raw-dir", str(CORPUS / "texts"), "--out-dir", str(out)]) == 0
    return out


def reference(texts: Path, gold_rows: list[dict], pred: Path, tmp: Path) -> dict:
    gold_file = tmp / "gold.jsonl"
    gold_file.write_text("".join(json.dumps(g) + "\n" for g in gold_rows), encoding="utf-8")
    out = tmp / "ref.json"
    subprocess.run([sys.executable, str(REFERENCE), "--texts", str(texts), "--gold", str(gold_file),
                    "--pred", str(pred), "--json", str(out)], check=False, capture_output=True)
    return json.loads(out.read_text())


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference scorer not beside the project")
def test_agrees_with_reference_scorer_on_the_corpus_and_each_group(corpus_predictions, tmp_path):
    from pipeline.evaluation.scoring import EvalSet, evaluate_set, load_gold

    rep = evaluate_set(EvalSet("corpus", CORPUS / "texts", CORPUS / "gold.jsonl", corpus_predictions,
                               CORPUS / "sources.json"))
    gold_rows = load_gold(CORPUS / "gold.jsonl")
    ref = reference(CORPUS / "texts", gold_rows, corpus_predictions, tmp_path)
    for table, r in rep.all.items():
        assert r.metrics() == {k: ref[table][k] for k in r.metrics()}, table
    meta = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    assert set(rep.breakdowns) == {"kind", "organisation"}
    assert set(rep.breakdowns["kind"]) == {"news", "official", "encyclopedia", "advocacy"}
    assert set(rep.breakdowns["organisation"]) == {"mek", "other"}
    group_of = {"kind": {e["id"]: e["kind"] for e in meta},
                "organisation": {e["id"]: "mek" if e["organisation"] == "mek" else "other" for e in meta}}
    for breakdown, groups in rep.breakdowns.items():
        for group, scores in groups.items():
            chosen = [g for g in gold_rows if group_of[breakdown][g["source"]] == group]
            sub = tmp_path / f"{breakdown}-{group}"
            sub.mkdir()
            ref = reference(CORPUS / "texts", chosen, corpus_predictions, sub)
            for table, r in scores.items():
                assert r.metrics() == {k: ref[table][k] for k in r.metrics()}, (breakdown, group, table)
        for table in ("event", "designation", "membership"):
            assert sum(s[table].tp for s in groups.values()) == rep.all[table].tp
            assert sum(s[table].fp for s in groups.values()) == rep.all[table].fp


# --- per-rule figures, on crafted predictions with a rule_id column --------------------------------

RTEXT = ("On 3 May 1999 the rebels bombed a bridge. In June 2004 the army raided a village. "
         "Critics say the rebels were cruel in 2001. The rebels fled on 9 July 2008.")
RTEXTS = {"r": RTEXT}


def rgold(quote, start, end, precision, core=True):
    return {"source": "r", "table": "event", "core": core, "quote": quote, "date_start": start, "date_end": end,
            "date_precision": precision, "event_type": "attack"}


RGOLD = [
    rgold("On 3 May 1999 the rebels bombed a bridge.", "1999-05-03", "1999-05-03", "day"),
    rgold("In June 2004 the army raided a village.", "2004-06-01", "2004-06-30", "month"),
    rgold("Critics say the rebels were cruel in 2001.", "2001-01-01", "2001-12-31", "year", core=False),
    rgold("The rebels fled on 9 July 2008.", "2008-07-09", "2008-07-09", "day"),
]


def rpred(quote, rule, start, end):
    i = RTEXT.index(quote)
    return {"source_id": "r", "char_start": str(i), "char_end": str(i + len(quote)), "quote": quote,
            "date_start": start, "date_end": end, "date_precision": "day", "event_type": "attack", "rule_id": rule}


def test_rule_figures_count_each_prediction_once_by_its_rule():
    from pipeline.evaluation.scoring import NO_RULE, rule_figures

    preds = [
        rpred("the rebels bombed a bridge", "ev.trigger.attack", "1999-05-03", "1999-05-03"),  # tp
        rpred("the army raided a village", "ev.trigger.attack", "2005-01-01", "2005-01-01"),  # wrong date: fp
        rpred("the rebels were cruel", "ev.trigger.other", "2001-01-01", "2001-12-31"),  # optional gold: ignored
        rpred("The rebels fled on 9 July 2008", "ev.inherit", "2008-07-09", "2008-07-09"),  # tp
        rpred("On 3 May 1999", "", "1999-05-03", "1999-05-03"),  # second prediction on a matched gold: fp
    ]
    score = score_table("event", RTEXTS, RGOLD, preds)
    assert (score.tp, score.fp, score.ignored, score.gold_core) == (2, 2, 1, 3)
    figures = rule_figures(score)
    assert figures == {
        NO_RULE: {"predicted": 1, "tp": 0, "fp": 1, "ignored": 0, "precision": 0.0, "recall_share": 0.0},
        "ev.inherit": {"predicted": 1, "tp": 1, "fp": 0, "ignored": 0, "precision": 1.0, "recall_share": 0.333},
        "ev.trigger.attack": {"predicted": 2, "tp": 1, "fp": 1, "ignored": 0, "precision": 0.5,
                              "recall_share": 0.333},
        "ev.trigger.other": {"predicted": 1, "tp": 0, "fp": 0, "ignored": 1, "precision": None,
                             "recall_share": 0.0},
    }
    assert sum(f["predicted"] for f in figures.values()) == score.predicted
    assert sum(f["tp"] for f in figures.values()) == score.tp
