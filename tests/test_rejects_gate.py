"""rejects.gate against its first form (kept here as the reference): tables without any problem take
the short way (no duplicate pass), the others the long one; crafted and hypothesis-generated records
with bad fields, broken spans, duplicate mention ids and impossible dates."""

from __future__ import annotations

import bisect
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import TABLES
from pipeline.package import checks, rejects
from pipeline.text.dates import DateMatch

TEXT = "A crafted text: the group met in Paris, and later in Rome, on a day nobody wrote down."


def gate_plain(source_id, text, found, impossible):  # noqa: ANN001, ANN201 - the reference, as first written
    starts = [s for s, _e, _m in impossible]

    def bad_dates(pos):  # noqa: ANN001, ANN202
        i = bisect.bisect_right(starts, pos)
        out = []
        while i > 0 and impossible[i - 1][0] <= pos < impossible[i - 1][1]:
            out.append(impossible[i - 1])
            i -= 1
        return out[::-1]

    kept, rejected, used = {}, [], set()
    for table in TABLES:
        reasons = {}
        for i, record in enumerate(found[table]):
            start = record.get("char_start")
            dates = bad_dates(start) if isinstance(start, int) else []
            if dates:
                used.add(dates[0][0])
                reasons[i] = "; ".join(f"{rejects._date_problem(m)} {m.text!r} in its sentence ({m.error})"
                                       for _s, _e, m in dates)
                continue
            problems = checks.record_problems(table, record)
            if problems:
                reasons[i] = "; ".join(f"field {f}: {message}" for f, message in problems)
        rest = [i for i in range(len(found[table])) if i not in reasons]
        for j, field, message in checks.domain_problems(table, [found[table][i] for i in rest], {source_id: text},
                                                         typed=True):
            i = rest[j]
            where = f"field {field}: " if field else ""
            reasons[i] = f"{reasons[i]}; {where}{message}" if i in reasons else f"{where}{message}"
        seen = set()
        for i, record in enumerate(found[table]):
            if i not in reasons and record["mention_id"] in seen:
                reasons[i] = f"duplicate mention_id {record['mention_id']} (the same evidence span twice)"
            seen.add(record.get("mention_id"))
        kept[table] = [r for i, r in enumerate(found[table]) if i not in reasons]
        for i in sorted(reasons):
            r = found[table][i]
            start, end = r.get("char_start"), r.get("char_end")
            quote = r.get("quote") if isinstance(r.get("quote"), str) else ""
            rejected.append(rejects._reject(source_id, table, start, end, quote, reasons[i]))
    for sentence_start, _end, m in impossible:
        if sentence_start not in used:
            rejected.append(rejects._reject(source_id, "", m.start, m.end, m.text,
                                            f"{m.error}; its sentence gave no candidate row"))
    return kept, rejected


def event(start: int, end: int, n: int, **change: object) -> dict:
    return {"mention_id": f"ev-{n:016x}", "source_id": "s1", "char_start": start, "char_end": end,
            "quote": TEXT[start:end], "date_inherited": False, "event_type": "protest", "rule_id": "ev.crafted",
            **change}


def designation(start: int, end: int, n: int, **change: object) -> dict:
    return {"mention_id": f"de-{n:016x}", "source_id": "s1", "char_start": start, "char_end": end,
            "quote": TEXT[start:end], "date_inherited": False, "jurisdiction": "FR", "action": "listed",
            "rule_id": "de.crafted", **change}


def _impossible(start: int, end: int) -> tuple[int, int, DateMatch]:
    m = DateMatch(start=start + 1, end=start + 3, text=TEXT[start + 1:start + 3], date_start=None, date_end=None,
                  precision=None, year_explicit=True, error="impossible date: crafted")
    return (start, end, m)


def _same(found: dict, impossible: list) -> None:
    assert rejects.gate("s1", TEXT, found, impossible) == gate_plain("s1", TEXT, found, impossible)


def _found(**tables: list[dict]) -> dict:
    return {t: tables.get(t, []) for t in TABLES}


def test_a_clean_table_is_kept_whole() -> None:
    found = _found(event_mentions=[event(0, 14, 1), event(16, 38, 2)])
    kept, rejected = rejects.gate("s1", TEXT, found, [])
    assert kept["event_mentions"] == found["event_mentions"] and rejected == []
    _same(found, [])


def test_duplicates_bad_fields_and_spans_as_before() -> None:
    found = _found(event_mentions=[event(0, 14, 1), event(16, 38, 1), event(16, 38, 3, quote="other"),
                                   event(5, 9, 4, event_type="party")],
                   designation_mentions=[designation(0, 5, 1), designation(0, 5, 1, jurisdiction="France")])
    kept, rejected = rejects.gate("s1", TEXT, found, [])
    assert len(kept["event_mentions"]) == 1 and len(rejected) == 4
    assert any("duplicate mention_id" in r["reason"] for r in rejected)
    _same(found, [])
    _same(found, [_impossible(10, 20)])
    _same(_found(), [_impossible(10, 20)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 30), st.integers(0, 5),
                          st.sampled_from([{}, {}, {}, {"event_type": "party"}, {"quote": "x"}, {"mention_id": None},
                                           {"date_start": dt.date(1999, 5, 2), "date_end": dt.date(1999, 5, 1),
                                            "date_precision": "day", "date_text": "then"}])),
                max_size=6),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 30)), max_size=2))
def test_generated_tables_agree(specs: list, spans: list) -> None:
    events = [event(a, min(a + w, len(TEXT)), n, **change) for a, w, n, change in specs]
    designations = [designation(a, min(a + w, len(TEXT)), n) for a, w, n, _c in specs[:2]]
    impossible = sorted(_impossible(a, a + w) for a, w in spans)
    _same(_found(event_mentions=events, designation_mentions=designations), impossible)
