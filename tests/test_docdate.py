"""Document dates: from the manifest, else a dateline or byline near the top, else none."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.package import sources
from pipeline.stages.extract import extract_all
from pipeline.text.dates import DocumentDate
from pipeline.text.docdate import document_date, from_text

D = dt.date


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Updated: July 28, 2014\nThe council met.", DocumentDate(D(2014, 7, 28), "day", "dateline")),
        ("LISBON, Aug. 11, 1998 (Reuters) - The council met.", DocumentDate(D(1998, 8, 11), "day", "dateline")),
        ("OSLO, March 3, 2016 — The council met.", DocumentDate(D(2016, 3, 3), "day", "dateline")),
        ("A headline\n\nFebruary 5, 2021\n\nThe council met.", DocumentDate(D(2021, 2, 5), "day", "dateline")),
        ("Posted on 3 March 2016 by the editors\nThe council met.", DocumentDate(D(2016, 3, 3), "day", "dateline")),
        ("date 2019-10-23\nThe council met.", DocumentDate(D(2019, 10, 23), "day", "dateline")),
        ("Tue, 09/15/2009 - 10:20\nThe council met.", DocumentDate(D(2009, 9, 15), "day", "dateline")),
        ("Monday, May 4, 1998\nThe council met.", DocumentDate(D(1998, 5, 4), "day", "dateline")),
        ("Published: October 2003\nThe council met.", DocumentDate(D(2003, 10, 1), "month", "dateline")),
        ("Geneva, 3 March 2016 -- The council met.", DocumentDate(D(2016, 3, 3), "day", "dateline")),
        ("New Delhi, May 4, 1998 (Agency) - The council met.", DocumentDate(D(1998, 5, 4), "day", "dateline")),
        ("Thursday, 5 May 2011 - Brussels edition\nThe council met.", DocumentDate(D(2011, 5, 5), "day", "dateline")),
        ("A HEADLINE\nJune 3, 2008: Lawmakers approved the plan.", DocumentDate(D(2008, 6, 3), "day", "dateline")),
    ],
)
def test_dateline_forms(head: str, expected: DocumentDate) -> None:
    assert from_text(head) == expected


@pytest.mark.parametrize(
    "head",
    [
        "LISBON, Aug. 11 (Reuters) - The council met.",  # no year
        "The council met in 1998 and again on 5 May 1999.",  # a date in a sentence, not a dateline
        "From 1 to 5 May 1999\nThe council met.",  # a range
        "Title\n" + "A line of text.\n" * 10 + "July 28, 2014\n",  # too far down
        "Updated: 1998\nThe council met.",  # a year alone is no dateline
        "In Geneva, 3 March 2016 the council met.",  # a place in a sentence, no dash after the date
        "June 2008: Lawmakers approved the plan.",  # a month opening a line: a chronology entry
        "Title\nOne line.\nTwo lines.\nJune 3, 2008: Lawmakers approved the plan.",  # below the lead
        "Geneva, 3 to 5 March 2016 -- The council met.",  # a range
    ],
)
def test_no_dateline(head: str) -> None:
    assert from_text(head) is None


def test_the_manifest_date_wins_over_the_dateline() -> None:
    doc = document_date("Updated: July 28, 2014\nText.", "2013-05", "month")
    assert doc == DocumentDate(D(2013, 5, 1), "month", "manifest")
    assert document_date("Updated: July 28, 2014\nText.", "", "") == DocumentDate(D(2014, 7, 28), "day", "dateline")


TEXT = ("OSLO, March 5, 2025 (AP) - Security forces raided a camp of the MEK on Monday, killing two residents.\n"
        "The MEK said the raid was illegal.\n")


def test_extract_without_a_manifest_uses_the_dateline() -> None:
    rows = extract_all({"t": TEXT}).tables["event_mentions"]
    assert [(r["date_text"], r["date_start"], r["date_precision"]) for r in rows] == [
        ("Monday", D(2025, 3, 3), "day")]  # 5 March 2025 is a Wednesday


def test_extract_with_a_year_only_manifest_date_leaves_weekdays_unresolved() -> None:
    doc = DocumentDate(D(2025, 1, 1), "year", "manifest")
    assert extract_all({"t": TEXT}, {"t": doc}).tables["event_mentions"] == []


def test_a_year_out_of_range_is_rejected_with_its_reason_not_dated_from_context() -> None:
    text = "In 1999 the MEK bombed an office in Tehran.\n\nOn 1 January 10000, a bomb killed 8 people, the MEK said.\n"
    out = extract_all({"t": text})
    assert all(r["date_start"] != D(1999, 1, 1) or "10000" not in r["quote"] for r in out.tables["event_mentions"])
    assert not any("10000" in r["quote"] for t in out.tables.values() for r in t)
    assert any("10000" in r["text"] and r["reason"].startswith("unreadable date: year 10000 is outside")
               for r in out.rejects), out.rejects


def test_an_ambiguous_numeric_date_is_listed_in_the_rejects() -> None:
    out = extract_all({"t": "On 03/04/2005 the MEK held a rally in Paris.\n"})
    assert out.tables["event_mentions"] == []
    assert any(r["text"] == "03/04/2005" and r["reason"].startswith("ambiguous date") for r in out.rejects), out.rejects


def test_sources_rows_carry_the_derived_document_date(raw_copy: Path) -> None:
    rows = {r["source_id"]: r for r in sources.source_records(raw_copy, sources.read_texts(raw_copy))}
    for r in rows.values():
        assert set(sources.manifest_columns()) < set(r)
        if r["published"]:
            assert (r["document_date"], r["document_date_precision"], r["document_date_source"]) == (
                r["published"], r["published_precision"], "manifest")
        else:
            assert r["document_date_source"] in (None, "dateline")
    assert "document_date" not in sources.manifest_columns()


def test_a_row_of_a_sentence_with_an_ambiguous_date_is_rejected_with_that_reason() -> None:
    out = extract_all({"t": "On 5 May 2005 the MEK held a rally in Paris, not on 03/04/2005 as reported.\n"})
    assert out.tables["event_mentions"] == []
    assert any(r["table"] == "event_mentions" and r["reason"].startswith("ambiguous date '03/04/2005' in its sentence")
               for r in out.rejects), out.rejects


def test_source_records_take_the_dateline_where_the_manifest_has_no_date(tmp_path: Path) -> None:
    from conftest import manifest_line

    texts = {"dated": TEXT.encode(), "plain": b"The council met in Oslo.\n", "listed": TEXT.encode()}
    header = ",".join(sources.manifest_columns())
    lines = [header, manifest_line("dated", texts["dated"], published="", published_precision=""),
             manifest_line("plain", texts["plain"], published="", published_precision=""),
             manifest_line("listed", texts["listed"], published="2024-11", published_precision="month")]
    for name, data in texts.items():
        (tmp_path / f"{name}.txt").write_bytes(data)
    (tmp_path / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = {r["source_id"]: r for r in sources.source_records(tmp_path, sources.read_texts(tmp_path))}
    derived = ("document_date", "document_date_precision", "document_date_source")
    assert tuple(rows["dated"][k] for k in derived) == ("2025-03-05", "day", "dateline")
    assert tuple(rows["plain"][k] for k in derived) == (None, None, None)
    assert tuple(rows["listed"][k] for k in derived) == ("2024-11", "month", "manifest")
    # the manifest alone gives only the manifest's dates
    assert sources.manifest_records(tmp_path)[0]["document_date"] is None


def test_a_document_dates_last_day_is_that_of_its_precision():
    import datetime as dt

    from pipeline.text.dates import DocumentDate

    assert DocumentDate(dt.date(2016, 2, 1), "month").last_day() == dt.date(2016, 2, 29)
    assert DocumentDate(dt.date(2016, 1, 1), "year").last_day() == dt.date(2016, 12, 31)
    assert DocumentDate(dt.date(2016, 2, 9), "day").last_day() == dt.date(2016, 2, 9)
