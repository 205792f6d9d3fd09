"""The benchmark's corpus: distinct sentences only, so no cache can profit from repetition."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not (module.SHARED / "benchmarks" / "timeml").is_dir():
        pytest.skip(f"no shared material at {module.SHARED}")
    return module


def test_the_distinct_corpus_repeats_no_sentence(bench):
    docs = bench.distinct_corpus(1.5)
    total = sum(len(t.encode("utf-8")) for t in docs.values())
    assert total >= 1_500_000 and len(docs) > 20
    sentences, repeated = bench.check_distinct(docs)
    assert sentences > 5_000 and repeated == 0


def test_check_distinct_counts_a_repeated_sentence(bench):
    docs = {"a": "Title one\n\nThe Front bombed a depot in 1990. It rained.\n",
            "b": "Title two\n\nThe Front bombed a depot in 1990. It snowed.\n"}
    assert bench.check_distinct(docs) == (6, 2)


def test_copies_of_a_sentence_differ_in_years_and_numbers(bench):
    varier = bench.Varier(["a text that names Smithfield twice, Smithfield"])
    sentence = "In 1990 the Front had 4,500 members, said Smithfield."
    copies = {varier.vary(sentence, k) for k in range(60)}
    assert len(copies) == 60
    assert varier.vary(sentence, 0) == sentence
    assert "On 3 May" in varier.vary("On 3 May 1990 it rained.", 5)  # days stay valid


def test_the_phases_cover_every_step_and_skip_the_warm_up(bench, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("On 3 May 1990 the Front bombed a depot.\n", encoding="utf-8")
    (raw / "b.txt").write_text("In 2001 the Front had 4,500 members. The EU listed it in 2002.\n", encoding="utf-8")
    spent = bench.phases_worker(raw)
    assert set(spent) == {"document date (dateline)", "dates (segmenting, dated sentences)",
                          "references to the organisation", "event triggers", "events", "designations",
                          "membership", "row checks", "CSV text"}
    assert all(seconds >= 0 for seconds in spent.values())


def test_the_timed_interpreters_cache_bytecode_in_the_temporary_directory(bench, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = bench.bytecode_environment(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "pycache")
    written = {p.name.split(".")[0] for p in (tmp_path / "pycache").rglob("*.pyc")}
    assert {"extract", "dates", "events", "membership"} <= written  # the warm-up import wrote them
