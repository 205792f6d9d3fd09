"""Speed-ups that must not change results: each fast path against the plain computation it replaces."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import events, lexicon
from pipeline.sources import read_texts
from pipeline.text import _WORD_BEFORE, _word_start, clauses, segment

REPO = Path(__file__).resolve().parents[1]


def plain_triggers(clause: str) -> list[tuple[int, int, str]]:
    """events._triggers without the literal prefilter: every trigger regex on every clause."""
    found = []
    for rank, (etype, pattern) in enumerate(lexicon.EVENT_TRIGGER_RES):
        for m in pattern.finditer(clause):
            if not events._NOT_OCCURRENCE.search(clause, max(0, m.start() - 20), m.start()):
                found.append((m.start(), rank, etype))
    return sorted(found)


def test_trigger_prefilter_changes_nothing_on_the_raw_texts():
    checked = 0
    for text in read_texts(REPO / "raw").values():
        for s in segment(text):
            for a, b in [(s.start, s.end), *clauses(text, s.start, s.end)]:
                assert events._triggers(text[a:b]) == plain_triggers(text[a:b]), text[a:b]
                checked += 1
    assert checked > 1000


def test_required_literals_are_found_in_every_trigger_match():
    words = sorted({w for _, p in lexicon.EVENT_TRIGGERS for w in re.findall(r"[A-Za-z][A-Za-z -]+", p)})
    for rank, (_etype, pattern) in enumerate(lexicon.EVENT_TRIGGER_RES):
        literals = events._TRIGGER_LITERALS[rank]
        assert literals and "" not in literals
        for word in words:
            for m in pattern.finditer(word):
                assert any(lit in m.group().lower() for lit in literals), (pattern.pattern, m.group())


VOCABULARY = sorted(
    {w for _, p in lexicon.EVENT_TRIGGERS for w in re.findall(r"[A-Za-z]+", p)}
    | {"the", "was", "were", "to", "be", "awaiting", "Operation", "re-established", "air", "İ", "ſ", "K", "é", ",", "."}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(["lower", "upper", "title"])), max_size=14))
def test_trigger_prefilter_agrees_with_every_regex_on_word_salad(words):
    clause = " ".join(getattr(w, case)() for w, case in words)
    assert events._triggers(clause) == plain_triggers(clause)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ.U S\n-x", max_size=60))
def test_abbreviation_lookup_from_the_word_start_equals_a_search_from_zero(text):
    for dot in range(len(text) + 1):
        plain, fast = _WORD_BEFORE.search(text, 0, dot), _WORD_BEFORE.search(text, _word_start(text, dot), dot)
        assert (plain and (plain.span(), plain.group(1))) == (fast and (fast.span(), fast.group(1)))


STAGES_WITHOUT_PARQUET = ["extract", "reconcile", "validate", "document", "evaluate", "diff"]


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
    (raw / "note.txt").write_text("On 3 May 1990, the Northern Front bombed a depot in Lyon.\n", encoding="utf-8")
    code = ("from pipeline.__main__ import main\n"
            f"assert main(['--quiet', 'extract', '--raw-dir', {str(raw)!r}, '--out-dir', {str(tmp_path / 'out')!r},"
            " '--workers', '1']) == 0")
    loaded = imported_after(code)
    assert "pipeline" in loaded and (tmp_path / "out" / "event_mentions.csv").read_text().count("\n") == 2
    assert not loaded & {"pyarrow", "numpy", "pandas", "frictionless"}


def test_stages_that_write_no_parquet_import_no_pyarrow():
    for stage in STAGES_WITHOUT_PARQUET:
        loaded = imported_after(f"import pipeline.{stage}")
        assert not loaded & {"pyarrow", "numpy", "pandas"}, stage
    assert "pyarrow" in imported_after("import pipeline.publish")  # the probe does see it when it is there


def test_extract_help_imports_no_pyarrow():
    code = ("from pipeline.__main__ import main\n"
            "try:\n    main(['extract', '--help'])\nexcept SystemExit:\n    pass")
    assert not imported_after(code) & {"pyarrow", "numpy"}
