"""pipeline.stages.figures: the derivations behind the pictures, and deterministic, committed PNGs."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import pytest

from pipeline.package.charts import events_by_year, membership_figures
from pipeline.stages import figures

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def mention(jurisdiction, action, start="", end=""):
    return {"jurisdiction": jurisdiction, "action": action, "date_start": start, "date_end": end or start}


def test_events_by_year_skips_decades_and_multi_year_ranges():
    rows = [
        {"event_type": "attack", "date_start": "1981-06-20", "date_end": "1981-06-20"},
        {"event_type": "attack", "date_start": "1981-01-01", "date_end": "1981-12-31"},
        {"event_type": "protest", "date_start": "1981-03-01", "date_end": "1981-03-31"},
        {"event_type": "attack", "date_start": "1980-01-01", "date_end": "1989-12-31"},
        {"event_type": "legal", "date_start": "", "date_end": ""},
    ]
    counts, skipped = events_by_year(rows, ["attack", "protest", "legal"])
    assert counts == {1981: {"attack": 2, "protest": 1}} and skipped == 2
    with pytest.raises(ValueError, match="not in the schema"):
        events_by_year(rows[:1], ["protest"])


def test_membership_figures_keep_dated_rows_with_a_number():
    rows = [
        {"date_start": "2016-01-01", "date_end": "2016-12-31", "low": "3000", "high": "3000",
         "qualifier": "approximately", "estimator": "", "scope": "Albania"},
        {"date_start": "", "date_end": "", "low": "2000", "high": "", "qualifier": "at_least",
         "estimator": "", "scope": "global"},
        {"date_start": "1980-01-01", "date_end": "1989-12-31", "low": "10000", "high": "15000",
         "qualifier": "range", "estimator": "MEK", "scope": "global"},
    ]
    kept, undated = membership_figures(rows)
    assert undated == 1 and [f.low for f in kept] == [3000, 10000]
    assert kept[1].whole_group and not kept[0].whole_group and kept[1].middle == D(1984, 12, 31)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_figures_are_deterministic_readme_width_and_carry_no_software_or_date(tmp_path):
    first = figures.make_figures(ROOT / "processed", tmp_path / "a")
    second = figures.make_figures(ROOT / "processed", tmp_path / "b")
    assert [p.name for p in first] == list(figures.FIGURES)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert png_size(a)[0] == 800
        assert b"matplotlib" not in a.read_bytes() and b"Software" not in a.read_bytes()


def test_committed_figures_are_up_to_date(tmp_path):
    for path in figures.make_figures(ROOT / "processed", tmp_path):
        committed = ROOT / "docs" / "figures" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"docs/figures/{path.name} is out of date: run `python -m pipeline figures`"
        )
