"""Fast paths that must not change results: each against the plain computation it replaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import lexicon
from pipeline.package.sources import read_texts
from pipeline.text.segment import _WORD_BEFORE, _word_start, clauses, segment

REPO = Path(__file__).resolve().parents[1]


def per_kind_matches(text: str) -> list[tuple[int, int]]:
    """(position, rank) of every match of every trigger pattern on its own (no one-pass layer)."""
    return sorted((m.start(), rank) for rank, (_etype, pattern) in enumerate(lexicon.EVENT_TRIGGER_RES)
                  for m in pattern.finditer(text))


def check_layer(text: str) -> None:
    """The one-pass trigger layer against the trigger patterns run one by one."""
    hits = lexicon.find_triggers(text)
    plain = per_kind_matches(text)
    for h in hits:
        pattern = lexicon.EVENT_TRIGGER_RES[h.rank][1]
        m = pattern.match(text, h.start)
        assert m is not None and m.end() == h.end, (text, h)  # a hit is a match of its own kind
        assert lexicon.EVENT_TRIGGERS[h.rank][0] == h.type
        # nothing starts earlier inside the span of the hit before it, and at its position no
        # kind listed earlier matches
        assert all(rank >= h.rank for pos, rank in plain if pos == h.start)
    # the first trigger (the one that types a clause) is the first match of any kind, unless
    # the words before it say it has not happened
    if plain and not lexicon.NOT_OCCURRENCE_RE.search(text, max(0, plain[0][0] - 20), plain[0][0]):
        assert hits and (hits[0].start, hits[0].rank) == plain[0]


def test_trigger_layer_agrees_with_the_patterns_on_the_raw_texts():
    checked = 0
    for text in read_texts(REPO / "raw").values():
        for s in segment(text):
            for a, b in [(s.start, s.end), *clauses(text, s.start, s.end)]:
                check_layer(text[a:b])
                checked += 1
    assert checked > 1000


VOCABULARY = sorted(
    {w for _, p in lexicon.EVENT_TRIGGERS for w in re.findall(r"[A-Za-z]+", p)}
    | {"the", "was", "were", "to", "be", "awaiting", "Operation", "re-established", "air", "İ", "ſ", "K", "é", ",", "."}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(["lower", "upper", "title"])), max_size=14))
def test_trigger_layer_agrees_with_the_patterns_on_word_salad(words):
    check_layer(" ".join(getattr(w, case)() for w, case in words))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ.U S\n-x", max_size=60))
def test_abbreviation_lookup_from_the_word_start_equals_a_search_from_zero(text):
    for dot in range(len(text) + 1):
        plain, fast = _WORD_BEFORE.search(text, 0, dot), _WORD_BEFORE.search(text, _word_start(text, dot), dot)
        assert (plain and (plain.span(), plain.group(1))) == (fast and (fast.span(), fast.group(1)))


STAGES_WITHOUT_PARQUET = ["stages.extract", "stages.reconcile", "stages.validate", "stages.document", "stages.evaluate",
                          "release.diff"]


def imported_after(code: str) -> set[str]:
    """Top-level packages imported by a fresh interpreter running ``code`` (from the repository root)."""
    import json
    import subprocess
    import sys

    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_extract_stage_runs_without_pyarrow_or_numpy(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "note.txt").write_text("On 3 May 1990, the group bombed a depot in Lyon.\n", encoding="utf-8")
    code = ("from pipeline.__main__ import main\n"
            f"assert main(['--quiet', 'extract', '--raw-dir', {str(raw)!r}, '--out-dir', {str(tmp_path / 'out')!r},"
            " '--workers', '1']) == 0")
    loaded = imported_after(code)
    assert "pipeline" in loaded and (tmp_path / "out" / "event_mentions.csv").read_text().count("\n") == 2
    assert not loaded & {"pyarrow", "numpy", "pandas", "frictionless"}


def test_stages_that_write_no_parquet_import_no_pyarrow():
    for stage in STAGES_WITHOUT_PARQUET:
        loaded = imported_after(f"import pipeline.{stage}")  # a dotted module path
        assert not loaded & {"pyarrow", "numpy", "pandas"}, stage
    assert "pyarrow" in imported_after("import pipeline.stages.publish")  # the probe does see it when it is there


def test_extract_help_imports_no_pyarrow():
    code = ("from pipeline.__main__ import main\n"
            "try:\n    main(['extract', '--help'])\nexcept SystemExit:\n    pass")
    assert not imported_after(code) & {"pyarrow", "numpy"}


# --- the date gates of sentence_dates --------------------------------------------------------------


def _dates_without_gates(text: str, **kw):
    from pipeline.text import dates

    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_candidates", lambda *_a: None)  # the gated path (no scan of the whole text)
        gated = dates.sentence_dates(text, **kw)
        m.setattr(dates._Gate, "until", lambda self, start, end: None)  # never a fast path
        m.setattr(dates._Gate, "untils", lambda self, pieces: [None] * len(pieces))
        ungated = dates.sentence_dates(text, **kw)
    assert _flat(gated) == _flat(ungated)
    return ungated


def _flat(result):
    return [(s.start, s.end, [(d.start, d.end, d.date_start, d.date_end, d.precision, d.error, d.dateline)
                              for d in found]) for s, found in result]


def test_the_date_gates_change_nothing_on_the_raw_texts():
    from pipeline.text import dates

    for text in read_texts(REPO / "raw").values():
        assert _flat(dates.sentence_dates(text)) == _flat(_dates_without_gates(text))


GATE_WORDS = ["On", "3", "March", "MARCH", "march", "1981", "the", "same", "day", "Two", "days", "later", "a",
              "year", "YEAR", "ago", "last", "summer", "this", "May", "may", "Sept.", "week", "now", "known",
              "\u017fummer", "pa\u017ft", "wee\u212a", "\u0130", "\u0663\u0661", "Friday", "fiscal", "hours",
              "earlier", "month", "prior", "It", "rained", ".", ",", "\n", "\n\n", "-", "(", ")"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GATE_WORDS), max_size=40).map(" ".join),
       st.sampled_from([None, "1999-06-15"]))
def test_the_date_gates_change_nothing_on_word_salad(text, published):
    """The gates only skip work: with them and without, the same dates (generated texts)."""
    import datetime

    from pipeline.text import dates

    doc = datetime.date.fromisoformat(published) if published else None
    assert _flat(dates.sentence_dates(text, doc)) == _flat(_dates_without_gates(text, document_date=doc))


def test_the_gates_bound_where_a_date_can_start():
    from pipeline.text import dates

    if dates._ATOM_GATE.engine != "hyperscan":
        return
    text = "It rained. On 3 March the rebels marched. Two days later they rested. Nothing here at all."
    atoms, heads = dates._Gate(dates._ATOM_GATE, text), dates._Gate(dates._HEAD_GATE, text)
    first, second, third = 11, 42, 71  # the starts of the 2nd, 3rd and 4th sentences
    assert atoms.until(0, 10) == 0 and heads.until(0, 10) == 0  # "It rained.": nothing can start there
    assert atoms.until(first, second - 1) == len("On 3 March")  # the month ends the last part
    assert heads.until(second, third - 1) == len("Two day")  # the end of the head word "day"
    assert atoms.until(third, len(text)) == 0 and heads.until(third, len(text)) == 0
    assert [m.text for _s, found in dates.sentence_dates(text) for m in found] == ["3 March", "Two days later"]
