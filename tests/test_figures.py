"""pipeline.figures: the derivations behind the pictures, and deterministic, committed PNGs."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
from pathlib import Path

import pytest

from pipeline import figures
from pipeline.figures import Period, events_by_year, membership_figures, periods_from_mentions

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def mention(jurisdiction, action, start="", end=""):
    return {"jurisdiction": jurisdiction, "action": action, "date_start": start, "date_end": end or start}


def test_periods_from_mentions_simple_rule():
    rows = [
        mention("US", "listed", "1997-10-01", "1997-10-31"),
        mention("US", "listed", "1997-01-01", "1997-12-31"),  # the same act, less precise: no new period
        mention("US", "delisting_denied", "2009-01-01", "2009-12-31"),  # a marker, not a period boundary
        mention("US", "delisted", "2012-09-21"),
        mention("US", "delisted", "2012-09-28"),  # repeated delisting: ignored
        mention("GB", "listed", "1997-01-01", "2013-12-31"),  # a range of years: not counted
        mention("GB", "delisted", "2008-06-01", "2008-06-30"),
        mention("AU", "listed", "2001-01-01", "2001-12-31"),
        mention("IR", "listed"),  # undated only
        mention("EU", "listed"),
        mention("EU", "listed", "2002-05-01", "2002-05-31"),
    ]
    assert periods_from_mentions(rows) == [
        Period("AU", D(2001, 1, 1), None, "listed"),
        Period("EU", D(2002, 5, 1), None, "listed"),
        Period("GB", None, D(2008, 6, 1), "delisted_without_listing"),
        Period("IR", None, None, "listed"),
        Period("US", D(1997, 1, 1), D(2012, 9, 21), "ended"),
    ]


def test_relisting_after_a_delisting_opens_a_second_period():
    rows = [mention("XX", "listed", "2000-01-01"), mention("XX", "delisted", "2003-01-01"),
            mention("XX", "listed", "2005-01-01")]
    assert periods_from_mentions(rows) == [
        Period("XX", D(2000, 1, 1), D(2003, 1, 1), "ended"), Period("XX", D(2005, 1, 1), None, "listed"),
    ]


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


def test_figures_fall_back_to_mention_tables(tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    for name in ("event_mentions", "membership_mentions", "designation_mentions"):
        shutil.copy(ROOT / "processed" / f"{name}.csv", processed)
    paths = figures.make_figures(processed, tmp_path / "out")
    assert all(png_size(p)[0] == 800 for p in paths)


def test_committed_figures_are_up_to_date(tmp_path):
    for path in figures.make_figures(ROOT / "processed", tmp_path):
        committed = ROOT / "docs" / "figures" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"docs/figures/{path.name} is out of date: run `python -m pipeline figures`"
        )
