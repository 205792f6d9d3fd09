"""Every extraction rule's crafted examples (pipeline/extractors/rules/*.json), run through the extractor."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.extractors import TABLES, extract_document
from pipeline.extractors.organisation import from_aliases
from pipeline.extractors.rules import FILES, rules

CASES = [
    (table, rule["id"], kind, example)
    for table in TABLES
    for rule in rules(table)
    for kind in ("positive", "negative")
    for example in rule.get(kind, [])
]


def _rows(table: str, example: dict) -> list[dict]:
    org = from_aliases(example["aliases"]) if example.get("aliases") else None
    return extract_document("example", example["text"], org=org)[table]


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def test_every_table_has_rules_with_examples():
    for table in TABLES:
        assert rules(table), f"no rules for {table} ({FILES[table]})"
        for rule in rules(table):
            assert re.fullmatch(r"(ev|de|me)\.[a-z0-9_.]+", rule["id"]), rule["id"]
            assert rule.get("matches"), rule["id"]
            assert rule.get("positive"), f"{rule['id']}: no positive example"


def test_rule_ids_are_unique():
    for table in TABLES:
        ids = [r["id"] for r in rules(table)]
        assert len(ids) == len(set(ids)), table


@pytest.mark.parametrize(("table", "rule_id", "kind", "example"), CASES,
                         ids=[f"{c[1]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_rule_example(table, rule_id, kind, example):
    rows = [r for r in _rows(table, example) if r["rule_id"] == rule_id]
    if kind == "negative":
        assert rows == [], f"{rule_id} fired on a negative example: {example['text']!r}"
        return
    assert rows, f"{rule_id} did not fire on {example['text']!r}"
    expect = example.get("expect", {})
    assert any(all(_plain(r.get(k)) == v for k, v in expect.items()) for r in rows), (
        f"{rule_id} on {example['text']!r}: no row with {expect}; got "
        f"{[{k: _plain(r.get(k)) for k in expect} for r in rows]}")


def test_every_rule_id_an_extractor_writes_is_listed():
    """Rows from a mixed crafted text carry only rule ids the rule files list."""
    for table in TABLES:
        listed = {r["id"] for r in rules(table)}
        for _t, _rid, _kind, example in [c for c in CASES if c[0] == table]:
            for row in _rows(table, example):
                assert row["rule_id"] in listed, f"{row['rule_id']} is not in {FILES[table]}"
