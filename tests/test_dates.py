"""Tests for pipeline.text.dates: every form of the annotation guide's Dates section.

Expected intervals are worked out by hand from the guide, never copied from output.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.dates import PRECISIONS as dates_precisions
from pipeline.text.dates import DateMatch, DocumentDate, find_dates, parse_date_expression, recognise_dates

D = date


def _match_for(text: str, span: str, **kw: int | None) -> DateMatch:
    """The single match whose text is exactly `span` (which must occur once in text)."""
    assert text.count(span) == 1, "bad test: span must occur exactly once"
    found = find_dates(text, **kw)
    for m in found:
        assert text[m.start : m.end] == m.text
    hits = [m for m in found if m.text == span]
    assert hits, f"{span!r} not found in {[m.text for m in found]}"
    m = hits[0]
    assert m.start == text.index(span)
    return m


# (sentence, exact span, date_start, date_end, precision, default_year, this_year)
POSITIVE = [
    # --- the rows of the guide's table
    ("The MEK was founded on 5 September 1965 by students.", "5 September 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("It was founded on September 5, 1965, in Tehran.", "September 5, 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("In June 1981, the MEK organized a demonstration.", "June 1981",
     D(1981, 6, 1), D(1981, 6, 30), "month", None, None),
    ("The group was listed in 1997 by the US.", "1997", D(1997, 1, 1), D(1997, 12, 31), "year", None, None),
    ("In mid-2014, some 3,000 members lived there.", "mid-2014",
     D(2014, 1, 1), D(2014, 12, 31), "year", None, None),
    ("By early 1979, the MEK had organized.", "early 1979",
     D(1979, 1, 1), D(1979, 12, 31), "year", None, None),
    ("It was delisted in late 2016.", "late 2016", D(2016, 1, 1), D(2016, 12, 31), "year", None, None),
    ("Many were jailed during the 1970s, and some died.", "the 1970s",
     D(1970, 1, 1), D(1979, 12, 31), "decade", None, None),
    ("Even into the 2000s, the group remained active.", "the 2000s",
     D(2000, 1, 1), D(2009, 12, 31), "decade", None, None),
    ("From June 24 to 27, the regime executed dozens.", "From June 24 to 27",
     D(1981, 6, 24), D(1981, 6, 27), "day", 1981, None),
    ("Between June 1981 and April 1982, members were executed.", "Between June 1981 and April 1982",
     D(1981, 6, 1), D(1982, 4, 30), "month", None, None),
    ("The group was listed between 2014 and 2016 in Europe.", "between 2014 and 2016",
     D(2014, 1, 1), D(2016, 12, 31), "year", None, None),
    # --- day forms
    ("Operation Forty Stars was launched on June 18, 1988.", "June 18, 1988",
     D(1988, 6, 18), D(1988, 6, 18), "day", None, None),
    ("It began on the 5th September 1965 at dawn.", "5th September 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("It began on the 5th of September, 1965 at dawn.", "5th of September, 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("On 28 June, the MEK was implicated.", "28 June", D(1981, 6, 28), D(1981, 6, 28), "day", 1981, None),
    ("He spoke on a panel Feb. 19 at the hotel.", "Feb. 19",
     D(2015, 2, 19), D(2015, 2, 19), "day", 2015, None),
    ("The attacks of Sept. 11, 2001 changed policy.", "Sept. 11, 2001",
     D(2001, 9, 11), D(2001, 9, 11), "day", None, None),
    ("Founded (1965-09-05) in Tehran.", "1965-09-05", D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("It happened on Monday, 5 September 1965 in Tehran.", "Monday, 5 September 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("Founded5 September 1965; 56 years ago", "5 September 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("Signed on the 5th day of September, 1965 by the parties.", "5th day of September, 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("SIGNED ON SEPTEMBER 5, 1965 BY THE PARTIES", "SEPTEMBER 5, 1965",
     D(1965, 9, 5), D(1965, 9, 5), "day", None, None),
    ("Dates of operationSince 20 June 1987 - disarmed in 2003.", "20 June 1987",
     D(1987, 6, 20), D(1987, 6, 20), "day", None, None),
    # --- month forms
    ("A plot was foiled in April by police.", "April", D(2018, 4, 1), D(2018, 4, 30), "month", 2018, None),
    ("Protests began in mid-June 1981 in Tehran.", "mid-June 1981",
     D(1981, 6, 1), D(1981, 6, 30), "month", None, None),
    ("Rates rose to 600 by September in the capital.", "September",
     D(1981, 9, 1), D(1981, 9, 30), "month", 1981, None),
    ("It reached an agreement in December of that year.", "December of that year",
     D(1979, 12, 1), D(1979, 12, 31), "month", 1979, None),
    ("In January this year Iranian officials spoke.", "January this year",
     D(2018, 1, 1), D(2018, 1, 31), "month", None, 2018),
    ("Payments were made in February 2020 to lobbyists.", "February 2020",
     D(2020, 2, 1), D(2020, 2, 29), "month", None, None),
    ("The treaty was signed in Dec. 1999 in Paris.", "Dec. 1999",
     D(1999, 12, 1), D(1999, 12, 31), "month", None, None),
    # --- year forms
    ("The MEK boycotted the 1979 constitutional referendum.", "1979",
     D(1979, 1, 1), D(1979, 12, 31), "year", None, None),
    ("Towards the end of 1993, gunmen attacked.", "the end of 1993",
     D(1993, 1, 1), D(1993, 12, 31), "year", None, None),
    ("Authorities had, by early 1981, banned the group.", "early 1981",
     D(1981, 1, 1), D(1981, 12, 31), "year", None, None),
    ("In the summer of 1981 the group went underground.", "the summer of 1981",
     D(1981, 1, 1), D(1981, 12, 31), "year", None, None),
    ("In 2003 troops were sent to the camp.", "2003", D(2003, 1, 1), D(2003, 12, 31), "year", None, None),
    ("After the 1981's purges it hid.", "1981", D(1981, 1, 1), D(1981, 12, 31), "year", None, None),
    ("It was active during the 1991 uprisings in Iraq.", "1991",
     D(1991, 1, 1), D(1991, 12, 31), "year", None, None),
    ("The oldest record is from 1800 in the archive.", "1800",
     D(1800, 1, 1), D(1800, 12, 31), "year", None, None),
    # --- decades
    ("In 1970s Iran the group grew.", "1970s", D(1970, 1, 1), D(1979, 12, 31), "decade", None, None),
    ("Abuses in the early 1990s were reported.", "the early 1990s",
     D(1990, 1, 1), D(1999, 12, 31), "decade", None, None),
    ("Women divorced in the late 1980s, it said.", "the late 1980s",
     D(1980, 1, 1), D(1989, 12, 31), "decade", None, None),
    ("Music of the 1990's was loud.", "the 1990's", D(1990, 1, 1), D(1999, 12, 31), "decade", None, None),
    ("He recalled 1990's Tehran.", "1990's", D(1990, 1, 1), D(1999, 12, 31), "decade", None, None),
    ("Since the mid-1980s the MEK has confronted forces.", "the mid-1980s",
     D(1980, 1, 1), D(1989, 12, 31), "decade", None, None),
    # --- ranges
    ("Executions took place from 24 to 27 June 1981 in Evin.", "from 24 to 27 June 1981",
     D(1981, 6, 24), D(1981, 6, 27), "day", None, None),
    ("The talks ran June 24-27, 1981 in Paris.", "June 24-27, 1981",
     D(1981, 6, 24), D(1981, 6, 27), "day", None, None),
    ("Fighting lasted between 5 and 10 June 1990 near the border.", "between 5 and 10 June 1990",
     D(1990, 6, 5), D(1990, 6, 10), "day", None, None),
    ("A curfew held June 24 – July 3, 1981 in the city.", "June 24 – July 3, 1981",
     D(1981, 6, 24), D(1981, 7, 3), "day", None, None),
    ("Brahram Aram. 1971-1972 arrests and executions followed.", "1971-1972",
     D(1971, 1, 1), D(1972, 12, 31), "year", None, None),
    ("It was part of the 1981–1982 Iran Massacres.", "1981–1982",
     D(1981, 1, 1), D(1982, 12, 31), "year", None, None),
    ("Saddam Hussein's war against Iran (1980-88) and the aftermath.", "1980-88",
     D(1980, 1, 1), D(1988, 12, 31), "year", None, None),
    ("They stirred up the 2017–18 Iranian protests.", "2017–18",
     D(2017, 1, 1), D(2018, 12, 31), "year", None, None),
    ("A war that ran 1998-02 ended.", "1998-02", D(1998, 1, 1), D(2002, 12, 31), "year", None, None),
    ("During August–September 1971, SAVAK struck.", "August–September 1971",
     D(1971, 8, 1), D(1971, 9, 30), "month", None, None),
    ("In the March and April 1980 parliamentary elections it ran.", "March and April 1980",
     D(1980, 3, 1), D(1980, 4, 30), "month", None, None),
    ("Between March and June 1990, three members died.", "Between March and June 1990",
     D(1990, 3, 1), D(1990, 6, 30), "month", None, None),
    ("The siege lasted from December to February 1990 in the north.", "from December to February 1990",
     D(1989, 12, 1), D(1990, 2, 28), "month", None, None),
    ("In 2010 and 2011 Ali Saremi was held.", "2010 and 2011",
     D(2010, 1, 1), D(2011, 12, 31), "year", None, None),
    ("From 26 August 1981 to December 1982, the MEK struck.", "From 26 August 1981 to December 1982",
     D(1981, 8, 26), D(1982, 12, 31), "month", None, None),
    ("From 1973 to 1979, the Muslim MEK were in prison.", "From 1973 to 1979",
     D(1973, 1, 1), D(1979, 12, 31), "year", None, None),
    ("=== Early years (1965–1970) ===", "1965–1970", D(1965, 1, 1), D(1970, 12, 31), "year", None, None),
    ("In the 1980s and the 1990s, their propaganda grew.", "the 1980s and the 1990s",
     D(1980, 1, 1), D(1999, 12, 31), "decade", None, None),
    ("It ran from the 1970s to 1985 without a break.", "from the 1970s to 1985",
     D(1970, 1, 1), D(1985, 12, 31), "decade", None, None),
    ("It received almost €1 million between December 2013 and April 2014.",
     "between December 2013 and April 2014", D(2013, 12, 1), D(2014, 4, 30), "month", None, None),
    ("Settlement in Albania (2016–present) began.", "2016–present",
     D(2016, 1, 1), D(2023, 12, 31), "year", None, 2023),
    # --- a year glued to a full month name (text that lost a space)
    ("On 4 October1977 the bank was bombed.", "4 October1977", D(1977, 10, 4), D(1977, 10, 4), "day", None, None),
    ("The office closed in February1983 for good.", "February1983",
     D(1983, 2, 1), D(1983, 2, 28), "month", None, None),
    ("BY JULY1990 IT HAD MOVED.", "JULY1990", D(1990, 7, 1), D(1990, 7, 31), "month", None, None),
    # --- relative years
    ("Elections are held this year in May.", "this year", D(2023, 1, 1), D(2023, 12, 31), "year", None, 2023),
    ("Membership fell last year, it said.", "last year", D(2022, 1, 1), D(2022, 12, 31), "year", None, 2023),
    ("Later that year, the camp closed.", "that year", D(1990, 1, 1), D(1990, 12, 31), "year", 1990, None),
    ("In the same year two members were killed.", "the same year",
     D(1996, 1, 1), D(1996, 12, 31), "year", 1996, None),
    ("The following year, the MEK moved to Iraq.", "The following year",
     D(1987, 1, 1), D(1987, 12, 31), "year", 1986, None),
    ("It moved again the next year.", "the next year", D(1987, 1, 1), D(1987, 12, 31), "year", 1986, None),
    ("It had been listed the previous year.", "the previous year",
     D(2009, 1, 1), D(2009, 12, 31), "year", 2010, None),
    ("It had been listed the year before.", "the year before",
     D(2002, 1, 1), D(2002, 12, 31), "year", 2003, None),
]


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "precision", "default_year", "this_year"),
    POSITIVE,
    ids=[row[1] for row in POSITIVE],
)
def test_forms(
    text: str,
    span: str,
    start: date,
    end: date,
    precision: str,
    default_year: int | None,
    this_year: int | None,
) -> None:
    m = _match_for(text, span, default_year=default_year, this_year=this_year)
    assert (m.date_start, m.date_end, m.precision, m.error) == (start, end, precision, None)


@pytest.mark.parametrize(
    ("text", "span", "explicit"),
    [
        ("On 28 June, the MEK was implicated.", "28 June", False),
        ("On 5 September 1965 it was founded.", "5 September 1965", True),
        ("In the 1970s it grew.", "the 1970s", True),
        ("Later that year it moved.", "that year", False),
        ("From June 24 to 27 it went on.", "From June 24 to 27", False),
        ("From 26 August to December 1982 it went on.", "From 26 August to December 1982", True),
    ],
)
def test_year_explicit(text: str, span: str, explicit: bool) -> None:
    assert _match_for(text, span, default_year=1981).year_explicit is explicit


def test_present_without_publication_year_reads_only_the_year() -> None:
    m = _match_for("Settlement in Albania (2016–present) began.", "2016")
    assert (m.date_start, m.date_end, m.precision) == (D(2016, 1, 1), D(2016, 12, 31), "year")


def test_relative_years_follow_context() -> None:
    text = "In 1981, the year authorities cracked down. The following year it fled."
    assert [(m.text, m.date_start) for m in find_dates(text, default_year=1981)] == [
        ("1981", D(1981, 1, 1)),
        ("The following year", D(1982, 1, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("On 28 June, the MEK was implicated.", "28 June"),
        ("Attacks were foiled in April.", "April"),
        ("From June 24 to 27, the regime executed dozens.", "From June 24 to 27"),
        ("It closed in December of that year.", "December of that year"),
        ("Later that year, the camp closed.", "that year"),
        ("It had been listed the previous year.", "the previous year"),
        ("Elections are held this year.", "this year"),
        ("Membership fell last year.", "last year"),
    ],
)
def test_yearless_expressions_without_context_are_returned_unresolved(text: str, span: str) -> None:
    m = _match_for(text, span, default_year=None, this_year=None)
    assert (m.date_start, m.date_end, m.precision, m.error) == (None, None, None, None)
    assert m.year_explicit is False


# --------------------------------------------------------------------------- impossible dates


@pytest.mark.parametrize(
    ("text", "span", "default_year"),
    [
        ("He was killed on 31 February 1990 in Geneva.", "31 February 1990", None),
        ("He was killed on 30 February in Geneva.", "30 February", None),
        ("He was killed on 30 February in Geneva.", "30 February", 1990),
        ("He was killed on 29 February in Geneva.", "29 February", 1990),  # 1990 is not a leap year
        ("He was killed on June 31, 1981 in Tehran.", "June 31, 1981", None),
        ("Record (1990-02-31) in the file.", "1990-02-31", None),
        ("It ran June 30 to 31, 1981 in Tehran.", "June 30 to 31, 1981", None),
    ],
)
def test_impossible_dates_are_reported_not_dated(text: str, span: str, default_year: int | None) -> None:
    m = _match_for(text, span, default_year=default_year)
    assert m.error and "impossible" in m.error
    assert (m.date_start, m.date_end, m.precision) == (None, None, None)


def test_leap_day_depends_on_the_year() -> None:
    text = "He was killed on 29 February in Geneva."
    leap = _match_for(text, "29 February", default_year=1992)
    assert (leap.date_start, leap.date_end, leap.error) == (D(1992, 2, 29), D(1992, 2, 29), None)
    unknown = _match_for(text, "29 February", default_year=None)
    assert (unknown.date_start, unknown.error) == (None, None)


def test_thirteenth_month_is_not_a_date() -> None:
    assert find_dates("In the 13th month of the war, the front broke.") == []


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "The NLA released about 2014 Iranian prisoners of war.",
        "According to Rajavi, 2000 soldiers of the Islamic Republic were killed.",
        "The group had 1,000 members.",
        "There were 5000 MEK prisoners.",
        "It has 500,000 supporters.",
        "It received $1,5 million.",
        "A sentence of 1⁄2 a year.",
        "It cost $2000 to enter.",
        "It cost € 1999 to enter.",
        "The convoy drove 2000 km across the desert.",
        "Damages of 2000 million were claimed.",
        "Support rose by 1999% overnight.",
        "The version 20.2014 was released.",
        "See p. 1985 of the report.",
        "Security Council Resolution 1995 was adopted.",
        "Between 1,500 and 2000 members stayed.",
        "Estimates went from 1,500 to 2000 in the camp.",
        "Numbers rose from 2000 to 3000 soldiers.",
        "A 2000-strong force attacked.",
        "Some 2000 were killed in the raid.",
        "Several hundred members left.",
        "Two days after the incident, the police came.",
        "Five weeks later, the camp was closed.",
        "It was founded 56 years ago.",
        "The city was founded in 2000 BC by settlers.",
        "The archive from 1799 and the plan for 2100 are lost.",
        "It was his last year as president.",
        "In 2017, the year before John Bolton became adviser, it grew.",
        "Theresa May said the group was dangerous.",
        "March on Washington was planned.",
        ],
)
def test_counts_and_non_dates_are_not_dates(text: str) -> None:
    found = find_dates(text, default_year=2017, this_year=2020)
    # the 2017 of the Bolton sentence is a real year; nothing else may be found
    assert [m.text for m in found if m.text != "2017" and (m.date_start is not None or m.error)] == []


def test_glued_year_is_not_a_second_date() -> None:
    """"4 October1977" is one day date, not "4 October" of a context year plus a year."""
    found = find_dates("In 1979 it grew. On 4 October1977 the bank was bombed.", default_year=1979)
    assert [(m.text, m.date_start) for m in found] == [("1979", D(1979, 1, 1)), ("4 October1977", D(1977, 10, 4))]


def test_abbreviated_month_is_not_read_glued() -> None:
    """"Oct1977" is not a glued month (an abbreviation may be an identifier): only the year is read."""
    assert [m.text for m in find_dates("Ref Oct1977 was filed.")] == ["1977"]


def test_count_before_month_keeps_the_month() -> None:
    text = 'Executions increased to "600 by September, 1700 by October, and 2500 by December."'
    found = find_dates(text, default_year=1981)
    assert [(m.text, m.date_start, m.date_end) for m in found] == [
        ("September", D(1981, 9, 1), D(1981, 9, 30)),
        ("October", D(1981, 10, 1), D(1981, 10, 31)),
        ("December", D(1981, 12, 1), D(1981, 12, 31)),
    ]


def test_day_number_followed_by_count_noun_is_a_count() -> None:
    found = find_dates("In June 20 people died in the raids.", default_year=1981)
    assert [(m.text, m.precision) for m in found] == [("June", "month")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It ran from 2014 to 2010 in the file.", ["2014", "2010"]),  # reversed: two years
        ("The 1980-79 entry is odd.", []),  # no backwards abbreviated range; a number pair is no year
        ("It ran June to1981 or so.", ["1981"]),  # a word connector needs spaces; bare June needs a trigger
    ],
)
def test_malformed_ranges_are_not_ranges(text: str, expected: list[str]) -> None:
    assert [m.text for m in find_dates(text)] == expected


def test_separate_years_in_a_list_are_not_merged() -> None:
    found = find_dates("Members were replaced in 1972, 1975 and 1979.")
    assert [m.text for m in found] == ["1972", "1975", "1979"]


def test_non_consecutive_years_joined_by_and_stay_separate() -> None:
    found = find_dates("Members were replaced in 1972 and 1975.")
    assert [m.text for m in found] == ["1972", "1975"]


def test_counts_next_to_a_year() -> None:
    found = find_dates("Membership (2011)5,000 to 13,500 (DoD estimate).")
    assert [(m.text, m.date_start) for m in found] == [("2011", D(2011, 1, 1))]


# --------------------------------------------------------------------------- whole texts


def test_paragraph_in_order_and_non_overlapping() -> None:
    text = (
        "On 20 June 1981, the MEK organized a demonstration. On 28 June, a bomb exploded. "
        "From 26 August 1981 to December 1982, the MEK orchestrated 336 attacks. "
        "In the 1980s and the 1990s, about 2014 Iranian prisoners were released; "
        "the following year (1991) it moved."
    )
    found = find_dates(text, default_year=1981)
    assert [m.text for m in found] == [
        "20 June 1981",
        "28 June",
        "From 26 August 1981 to December 1982",
        "the 1980s and the 1990s",
        "the following year",
        "1991",
    ]
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


def test_offsets_are_absolute() -> None:
    prefix = "x" * 37 + " "
    m = find_dates(prefix + "In June 1981 it began.")[0]
    assert (m.start, m.end) == (len(prefix) + 3, len(prefix) + 12)


# --------------------------------------------------------------------------- parse_date_expression


def test_parse_date_expression() -> None:
    m = parse_date_expression("  5 September 1965 ")
    assert m is not None and (m.start, m.end, m.text) == (0, 16, "5 September 1965")
    assert m.date_start == D(1965, 9, 5)
    bare = parse_date_expression("June", default_year=1981)
    assert bare is not None and (bare.date_start, bare.date_end) == (D(1981, 6, 1), D(1981, 6, 30))
    ranged = parse_date_expression("From June 24 to 27", default_year=1990)
    assert ranged is not None and (ranged.date_start, ranged.date_end) == (D(1990, 6, 24), D(1990, 6, 27))
    assert parse_date_expression("in June") is None  # the match does not cover the string
    assert parse_date_expression("not a date") is None
    assert parse_date_expression("") is None


# --------------------------------------------------------------------------- properties

_CONNECTOR = re.compile(r"[-–—‐‑]|(?<![A-Za-z])(?:to|until|till|through|thru|and)(?![A-Za-z])")


_ISO = re.compile(r"\d{4}-\d\d-\d\d")


def _starts_unit(d: date, precision: str) -> bool:
    """d is the first day of a day/month/year/decade."""
    return {
        "day": True,
        "month": d.day == 1,
        "year": (d.month, d.day) == (1, 1),
        "decade": (d.year % 10, d.month, d.day) == (0, 1, 1),
    }[precision]


def _ends_unit(d: date, precision: str) -> bool:
    """d is the last day of a day/month/year/decade."""
    return {
        "day": True,
        "month": d.day == calendar.monthrange(d.year, d.month)[1],
        "year": (d.month, d.day) == (12, 31),
        "decade": (d.year % 10, d.month, d.day) == (9, 12, 31),
    }[precision]


def _check_invariants(text: str, found: list[DateMatch]) -> None:
    last_end = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # ordered and non-overlapping
        last_end = m.end
        if m.error is not None:
            assert (m.date_start, m.date_end, m.precision) == (None, None, None)
            continue
        assert (m.date_start is None) == (m.date_end is None) == (m.precision is None)
        if m.date_start is None or m.date_end is None or m.precision is None:
            continue
        s, e, p = m.date_start, m.date_end, m.precision
        assert s <= e
        assert p in ("day", "month", "year", "decade")
        if _ISO.fullmatch(m.text) or not _CONNECTOR.search(m.text):
            # a single date: the interval is exactly one unit of its precision
            assert _starts_unit(s, p) and _ends_unit(e, p)
            if p == "day":
                assert s == e
        else:
            # a range is labelled with the coarser precision of its ends, so at least
            # one end is written at that precision
            assert _starts_unit(s, p) or _ends_unit(e, p)


_TOKENS = [
    "5", "28", "31", "30", "29", "1st", "5th", "June", "Feb.", "Sept.", "May", "MARCH", "December",
    "Monday,", "1965", "1981", "2000", "1799", "2100", "1980-88", "1971-1972", "2017–18", "1965-09-05",
    "1990-02-31", "the", "1970s", "1990's", "mid-", "early", "late", "the end of", "from", "From",
    "between", "and", "to", "–", "-", ",", ".", "(", ")", "in", "by", "of", "this year", "last year",
    "that year", "the following year", "the year before", "present", "soldiers", "members", "$",
    "€", "1,000", "500,000", "about", "some", "1⁄2", "\n", "summer", "of that year", "people", "%",
]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.integers(-5, 12000)), st.one_of(st.none(), st.integers(-5, 12000)))
def test_never_raises_on_arbitrary_text(text: str, default_year: int | None, this_year: int | None) -> None:
    _check_invariants(text, find_dates(text, default_year=default_year, this_year=this_year))
    parse_date_expression(text, default_year=default_year, this_year=this_year)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_TOKENS), max_size=14),
    st.lists(st.sampled_from([" ", "", "  ", ", ", "\n"]), min_size=14, max_size=14),
    st.one_of(st.none(), st.integers(1800, 2099)),
    st.one_of(st.none(), st.integers(1800, 2099)),
)
def test_invariants_on_date_like_token_soup(
    tokens: list[str], seps: list[str], default_year: int | None, this_year: int | None
) -> None:
    text = "".join(t + s for t, s in zip(tokens, seps, strict=False))
    found = find_dates(text, default_year=default_year, this_year=this_year)
    _check_invariants(text, found)
    if default_year is not None and this_year is not None:
        # with both context years known, every date phrase is resolved or reported as impossible
        # (a weekday needs a document date)
        for m in found:
            assert m.date_start is not None or m.error is not None or "Monday" in m.text, m


_FORMATS = [
    lambda d: f"{d.day} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{calendar.month_name[d.month]} {d.day}, {d.year}",
    lambda d: f"{d.isoformat()}",
    lambda d: f"{calendar.day_name[d.weekday()]}, {d.day} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{calendar.month_name[d.month].upper()} {d.day}, {d.year}",
]


@given(st.dates(D(1800, 1, 1), D(2099, 12, 31)), st.sampled_from(_FORMATS))
def test_day_round_trip(d: date, fmt: Callable[[date], str]) -> None:
    s = fmt(d)
    m = parse_date_expression(s)
    assert m is not None, s
    assert (m.date_start, m.date_end, m.precision, m.year_explicit) == (d, d, "day", True)
    found = find_dates(f"It happened on {s} in the city.")
    assert [x.text for x in found] == [s]


@given(st.dates(D(1800, 1, 1), D(2099, 12, 31)))
def test_month_and_year_round_trip(d: date) -> None:
    last = calendar.monthrange(d.year, d.month)[1]
    m = parse_date_expression(f"{calendar.month_name[d.month]} {d.year}")
    assert m is not None
    assert (m.date_start, m.date_end, m.precision) == (d.replace(day=1), d.replace(day=last), "month")
    y = parse_date_expression(str(d.year))
    assert y is not None
    assert (y.date_start, y.date_end, y.precision) == (D(d.year, 1, 1), D(d.year, 12, 31), "year")


@given(st.integers(1800, 2099), st.integers(1, 30))
def test_year_ranges_cover_both_ends(y1: int, span: int) -> None:
    y2 = min(y1 + span, 2099)
    m = parse_date_expression(f"from {y1} to {y2}")
    assert m is not None
    assert (m.date_start, m.date_end, m.precision) == (D(y1, 1, 1), D(y2, 12, 31), "year")


@given(st.integers(1, 2099))
def test_only_years_1800_to_2099(y: int) -> None:
    found = find_dates(f"It was built in {y}.")
    if 1800 <= y <= 2099:
        assert [(m.text, m.date_start) for m in found] == [(str(y), D(y, 1, 1))]
    else:
        assert found == []


# --------------------------------------------------------------------------- document dates, deictic and relative forms
# A Wednesday in early January, so that "last week", "last month" and "December" cross the year end.

JAN8 = DocumentDate(D(2025, 1, 8), "day", "dateline")
YEAR_ONLY = DocumentDate(D(2018, 1, 1), "year", "manifest")


def only(text: str, span: str, **kw: object) -> DateMatch:
    """The single match of find_dates(text) whose text is span."""
    found = [m for m in find_dates(text, **kw) if m.text == span]  # type: ignore[arg-type]
    assert len(found) == 1, [m.text for m in find_dates(text, **kw)]  # type: ignore[arg-type]
    return found[0]


def interval(text: str, span: str, **kw: object) -> tuple[date | None, date | None, str | None]:
    m = only(text, span, **kw)
    return m.date_start, m.date_end, m.precision


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("The ferry sank yesterday.", "yesterday", (D(2025, 1, 7), D(2025, 1, 7), "day")),
        ("The talks open today.", "today", (D(2025, 1, 8), D(2025, 1, 8), "day")),
        ("The envoy arrives tomorrow morning.", "tomorrow morning", (D(2025, 1, 9), D(2025, 1, 9), "day")),
        ("The minister resigned on Friday.", "Friday", (D(2025, 1, 3), D(2025, 1, 3), "day")),
        ("The minister will resign on Friday.", "Friday", (D(2025, 1, 10), D(2025, 1, 10), "day")),
        ("Police questioned him on Monday night.", "Monday night", (D(2025, 1, 6), D(2025, 1, 6), "day")),
        ("The board met last Wednesday.", "last Wednesday", (D(2025, 1, 1), D(2025, 1, 1), "day")),
        ("The board meets next Wednesday.", "next Wednesday", (D(2025, 1, 15), D(2025, 1, 15), "day")),
        ("The strike began last week.", "last week", (D(2024, 12, 30), D(2025, 1, 5), "day")),
        ("The strike goes on this week.", "this week", (D(2025, 1, 6), D(2025, 1, 12), "day")),
        ("The strike may end next week.", "next week", (D(2025, 1, 13), D(2025, 1, 19), "day")),
        ("Prices fell last month.", "last month", (D(2024, 12, 1), D(2024, 12, 31), "month")),
        ("Prices will rise next month.", "next month", (D(2025, 2, 1), D(2025, 2, 28), "month")),
        ("The law passed last year.", "last year", (D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("The law was drafted earlier this year.", "earlier this year", (D(2025, 1, 1), D(2025, 12, 31), "year")),
        ("The bridge opened three days ago.", "three days ago", (D(2025, 1, 5), D(2025, 1, 5), "day")),
        ("The bridge closed two weeks ago.", "two weeks ago", (D(2024, 12, 23), D(2024, 12, 29), "day")),
        ("The mayor left a month ago.", "a month ago", (D(2024, 12, 1), D(2024, 12, 31), "month")),
        ("The mill shut five years ago.", "five years ago", (D(2020, 1, 1), D(2020, 12, 31), "year")),
        ("The dam burst last July.", "last July", (D(2024, 7, 1), D(2024, 7, 31), "month")),
        ("The dam will be rebuilt by next March.", "next March", (D(2025, 3, 1), D(2025, 3, 31), "month")),
        ("The harvest failed last summer.", "last summer", (D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("Profit rose in the fourth quarter.", "the fourth quarter", (D(2024, 10, 1), D(2024, 12, 31), "month")),
        ("The fleet was built in the 20th century.", "the 20th century", (D(1900, 1, 1), D(1999, 12, 31), "decade")),
        ("Sales fell in fiscal 1998.", "fiscal 1998", (D(1998, 1, 1), D(1998, 12, 31), "year")),
        ("Sales fell in the third quarter of 1998.", "the third quarter of 1998",
         (D(1998, 7, 1), D(1998, 9, 30), "month")),
        ("Rents rose in the late 1980s.", "the late 1980s", (D(1980, 1, 1), D(1989, 12, 31), "decade")),
        ("Serfdom ended in the nineteenth century.", "the nineteenth century",
         (D(1800, 1, 1), D(1899, 12, 31), "decade")),
        ("The port will reopen early next year.", "early next year", (D(2026, 1, 1), D(2026, 12, 31), "year")),
        ("The port reopens later this month.", "later this month", (D(2025, 1, 1), D(2025, 1, 31), "month")),
        ("The port reopens this coming Sunday.", "this coming Sunday", (D(2025, 1, 12), D(2025, 1, 12), "day")),
        ("The port closed last fall.", "last fall", (D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("Sales rose in fiscal year 2019.", "fiscal year 2019", (D(2019, 1, 1), D(2019, 12, 31), "year")),
        ("Sales will rise in the first quarter.", "the first quarter", (D(2025, 1, 1), D(2025, 3, 31), "month")),
        ("Sales fell last quarter.", "last quarter", (D(2024, 10, 1), D(2024, 12, 31), "month")),
        ("The ferry sank over the weekend.", "the weekend", (D(2025, 1, 4), D(2025, 1, 5), "day")),
        ("The ferry will sail at the weekend.", "the weekend", (D(2025, 1, 11), D(2025, 1, 12), "day")),
    ],
)
def test_deictic_forms_against_a_document_date(text: str, span: str, expected: tuple) -> None:
    assert interval(text, span, document_date=JAN8) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # past tense: the nearest such month before the document date ("December" in January is last year's)
        ("The talks collapsed in December.", "December", (D(2024, 12, 1), D(2024, 12, 31), "month")),
        ("The strike ended in November.", "November", (D(2024, 11, 1), D(2024, 11, 30), "month")),
        # future tense: the next one
        ("The vote will take place in December.", "December", (D(2025, 12, 1), D(2025, 12, 31), "month")),
        ("The talks will resume on 14 February.", "14 February", (D(2025, 2, 14), D(2025, 2, 14), "day")),
        # no tense marker: the nearest
        ("A deadline of 12 January applies.", "12 January", (D(2025, 1, 12), D(2025, 1, 12), "day")),
    ],
)
def test_month_and_day_without_a_year_take_the_document_date(text: str, span: str, expected: tuple) -> None:
    assert interval(text, span, document_date=JAN8) == expected


def test_a_year_in_the_section_wins_over_the_document_date() -> None:
    found = recognise_dates("In 1999 the party split. On 28 June it merged with a rival.", JAN8)
    assert [(m.text, m.date_start) for m in found] == [("1999", D(1999, 1, 1)), ("28 June", D(1999, 6, 28))]


def test_weekday_across_the_year_end() -> None:
    new_year = DocumentDate(D(2025, 1, 1), "day")  # a Wednesday
    assert interval("The ship docked on Monday.", "Monday", document_date=new_year)[0] == D(2024, 12, 30)
    assert interval("The ship will dock on Monday.", "Monday", document_date=new_year)[0] == D(2025, 1, 6)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("On 30 December 2024 the dam broke. Two days later the town flooded.", "Two days later",
         (D(2025, 1, 1), D(2025, 1, 1), "day")),
        ("The plant opened on 3 May 2001 and closed the same day.", "the same day",
         (D(2001, 5, 3), D(2001, 5, 3), "day")),
        ("The plant opened on 3 May 2001 and was raided the following day.", "the following day",
         (D(2001, 5, 4), D(2001, 5, 4), "day")),
        ("Exports fell in March 2010, after rising a year earlier.", "a year earlier",
         (D(2009, 3, 1), D(2009, 3, 31), "month")),
        ("The siege began on Friday, 2 January 2015. The following week the city fell.", "The following week",
         (D(2015, 1, 5), D(2015, 1, 11), "day")),
        ("Profit fell in the third quarter of 1998, against a gain in the year-earlier quarter.",
         "the year-earlier quarter", (D(1997, 7, 1), D(1997, 9, 30), "month")),
    ],
)
def test_relative_forms_count_from_the_last_date(text: str, span: str, expected: tuple) -> None:
    found = [m for m in recognise_dates(text) if m.text == span]
    assert [(m.date_start, m.date_end, m.precision) for m in found] == [expected]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The minister resigned on Friday.", "Friday"),
        ("The ferry sank yesterday.", "yesterday"),
        ("The strike began last week.", "last week"),
        ("The bridge opened three days ago.", "three days ago"),
        ("Two days later the town flooded.", "Two days later"),
        ("Profit rose in the fourth quarter.", "the fourth quarter"),
        ("The talks collapsed on 28 June.", "28 June"),
    ],
)
def test_without_a_document_date_deictic_forms_stay_unresolved(text: str, span: str) -> None:
    m = only(text, span)
    assert (m.date_start, m.date_end, m.precision, m.error) == (None, None, None, None)


def test_a_year_precise_document_date_resolves_only_what_a_year_can() -> None:
    assert interval("Turnout rose this year.", "this year", document_date=YEAR_ONLY)[0] == D(2018, 1, 1)
    assert interval("The talks collapsed on 28 June.", "28 June", document_date=YEAR_ONLY)[0] == D(2018, 6, 28)
    assert interval("The minister resigned on Friday.", "Friday", document_date=YEAR_ONLY)[0] is None
    assert interval("The strike began last week.", "last week", document_date=YEAR_ONLY)[0] is None


def test_possessives_and_counts_are_not_deictic() -> None:
    text = "It was his last year in office, and the summer camp closed."
    assert [m.text for m in find_dates(text, document_date=JAN8) if m.date_start] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The decree of 12/31/1999 was cited.", D(1999, 12, 31)),
        ("The decree of 31.12.1999 was cited.", D(1999, 12, 31)),
        ("The decree of 1999/12/31 was cited.", D(1999, 12, 31)),
        ("The decree of 07/07/2007 was cited.", D(2007, 7, 7)),
    ],
)
def test_unambiguous_numeric_dates_are_read(text: str, expected: date) -> None:
    (m,) = find_dates(text)
    assert (m.date_start, m.date_end, m.precision, m.error) == (expected, expected, "day", None)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The decree of 03/04/2005 was cited.", "ambiguous date"),
        ("The decree of 2001-02-29 was cited.", "impossible date"),
        ("The decree of 02/30/2005 was cited.", "impossible date"),
        ("The decree of 13/14/2005 was cited.", "impossible date"),
    ],
)
def test_ambiguous_or_impossible_numeric_dates_are_reported(text: str, kind: str) -> None:
    (m,) = find_dates(text, default_year=2005)
    assert m.date_start is None and m.error is not None and m.error.startswith(kind), m


@pytest.mark.parametrize("text", ["On 1 January 10000, a bomb exploded.", "On January 1, 10000 a bomb exploded.",
                                  "It happened in January 10000 at dawn.", "On 5 May 1750 the fort fell."])
def test_a_year_out_of_range_is_reported_not_replaced(text: str) -> None:
    found = find_dates(text, default_year=2000, this_year=2000)
    assert len(found) == 1 and found[0].date_start is None, found
    assert found[0].error is not None and "outside" in found[0].error


def test_a_count_after_a_month_is_not_a_year_out_of_range() -> None:
    (m,) = find_dates("On 5 June 2500 people marched.", default_year=1990)
    assert (m.text, m.date_start, m.error) == ("5 June", D(1990, 6, 5), None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On １５ May １９９０ the camp opened.", (D(1990, 5, 15), "１５ May １９９０")),  # full-width digits
        ("In ١٩٩٠ the camp opened.", (D(1990, 1, 1), "١٩٩٠")),  # Arabic-Indic digits
    ],
)
def test_other_decimal_digits_are_read_correctly(text: str, expected: tuple) -> None:
    (m,) = find_dates(text)
    assert (m.date_start, m.text) == expected
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("text", ["On 1\u0301 May 1990 the camp opened.", "In May 1990\u0301 the camp opened.",
                                  "In Ma\u0301y 1990 the camp opened.", "On 1\u0301\u0302 May the camp opened."])
def test_a_digit_or_word_with_a_combining_mark_is_not_read_in_half(text: str) -> None:
    found = find_dates(text, default_year=1990, document_date=JAN8)
    # nothing of it is read (no interval, neither "May 1990" nor day 1), and it says why (a reject, not silence)
    assert all(m.date_start is None and m.date_end is None for m in found)
    assert all(m.error and m.error.startswith("unreadable date: a combining mark") for m in found)
    assert len(found) <= 1


def test_no_regex_reads_a_non_ascii_digit_as_a_digit() -> None:
    import re as re_module

    from pipeline.text import dates as dates_module

    for name, value in vars(dates_module).items():
        if isinstance(value, re_module.Pattern) and name != "_OTHER_DIGIT":
            assert "\\d" not in value.pattern, name


def test_a_datelines_date_is_metadata_not_a_clause_date() -> None:
    text = "OSLO, March 3, 2016 (AP) - The council met on Monday."
    dateline = only(text, "March 3, 2016")
    assert dateline.date_start is None and dateline.error is None
    assert interval(text, "Monday", document_date=DocumentDate(D(2016, 3, 3)))[0] == D(2016, 2, 29)
    assert interval("The council met on March 3, 2016 in Oslo.", "March 3, 2016")[0] == D(2016, 3, 3)


_SOUP = [*"0123456789 ,.-/()\n", "Friday ", "last ", "next ", "week ", "year ", "ago ", "two ", "days ", "later ",
         "the ", "same ", "day ", "quarter ", "third ", "summer ", "1998 ", "May ", "3 ", "June ", "century ",
         "20th ", "fiscal ", "today ", "yesterday ", "OSLO, ", "(AP) - ", "\uff11", "\u0301", "03/04/2005 ",
         "10000 "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), max_size=30).map("".join),
       st.one_of(st.none(), st.dates(D(1800, 1, 1), D(2099, 12, 31))),
       st.sampled_from(["day", "month", "year"]))
def test_recognise_dates_invariants(text: str, day: date | None, precision: str) -> None:
    doc = DocumentDate(day, precision) if day is not None else None
    found = recognise_dates(text, doc)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for m in found:
        assert text[m.start : m.end] == m.text
        assert (m.date_start is None) == (m.date_end is None) == (m.precision is None)
        if m.date_start is not None:
            assert m.date_start <= m.date_end and m.precision in dates_precisions and m.error is None


def test_the_deictic_fast_path_skips_only_texts_without_a_deictic_phrase() -> None:
    """Every deictic match holds a head word: skipping texts without one loses nothing."""
    import datetime as dt

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.text import dates

    words = ["a", "the", "this", "last", "next", "early", "two", "ago", "later", "same", "day", "week", "month",
             "quarter", "year", "century", "20th", "third", "fiscal", "FY", "1998", "today", "tonight", "tomorrow",
             "yesterday", "Friday", "morning", "night", "July", "September", "summer", "fall", "now", "right",
             "currently", "at", "present", "these", "days", "recently", "lately", "future", "past", "of", ",", "-"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(words), max_size=12).map(" ".join))
    def check(text: str) -> None:
        assert dates._has_deictic_head(text) == (dates._DEIC_HEADS.search(text) is not None), text
        if not dates._has_deictic_head(text):
            assert list(dates._DEIC.finditer(text)) == [], text

    check()
    doc = dates.DocumentDate(dt.date(2025, 1, 8))
    assert [m.text for m in dates.find_dates("It rained this September and tomorrow.", document_date=doc)] == [
        "this September", "tomorrow"]


def test_the_following_month_is_still_counted_across_sentences_by_the_extractors() -> None:
    from pipeline.extractors.context import dated_sentences

    text = "On 5 March 1990 the union moved to Lyon. The following month it opened an office."
    dates = [[(m.text, m.date_start, m.date_end) for m in ds.dates] for ds in dated_sentences(text)]
    assert dates[1] == [("The following month", D(1990, 4, 1), D(1990, 4, 30))]
    found = recognise_dates(text)
    assert [(m.text, m.date_start, m.precision) for m in found][1] == ("The following month", D(1990, 4, 1), "month")


# --------------------------------------------------------------------------- issue 10 follow-up: news conventions
# OCT15 is a Wednesday in mid-October, so that a bare "March" is nearer in the future than in the past.

OCT15 = DocumentDate(D(2025, 10, 15), "day", "dateline")


def _resolved(text: str, doc: DocumentDate | None) -> list[tuple[str, date | None, date | None]]:
    return [(m.text, m.date_start, m.date_end) for m in recognise_dates(text, doc)]


def test_a_year_written_mid_sentence_does_not_frame_the_next_sentence_of_a_dated_text() -> None:
    text = "The party, founded in 1999, split. On 28 June it merged with a rival."
    # dated (news): the 28 June before the document date, as the verb is past
    assert _resolved(text, JAN8)[1] == ("28 June", D(2024, 6, 28), D(2024, 6, 28))
    # no document date, or one known only to the year: the guide's section rule
    assert _resolved(text, None)[1] == ("28 June", D(1999, 6, 28), D(1999, 6, 28))
    assert _resolved(text, YEAR_ONLY)[1] == ("28 June", D(1999, 6, 28), D(1999, 6, 28))


def test_a_year_opening_its_sentence_frames_the_paragraph_but_not_the_next_one() -> None:
    same = "In 1999 the party split. Later it grew. In March it merged with a rival."
    assert _resolved(same, JAN8)[-1] == ("March", D(1999, 3, 1), D(1999, 3, 31))
    other = "In 1999 the party split.\n\nIn March it merged with a rival."
    assert _resolved(other, JAN8)[-1] == ("March", D(2024, 3, 1), D(2024, 3, 31))
    assert _resolved(other, None)[-1] == ("March", D(1999, 3, 1), D(1999, 3, 31))


def test_that_year_in_a_new_paragraph_takes_the_last_year_written() -> None:
    text = "The office, opened in 2003, was raided.\n\nIn December of that year it closed."
    assert _resolved(text, JAN8)[-1] == ("December of that year", D(2003, 12, 1), D(2003, 12, 31))


def test_a_year_written_earlier_in_the_sentence_wins_over_the_carried_one() -> None:
    text = "In 1985 the unit was formed. It moved in 1990 and on 5 May it was disbanded."
    assert _resolved(text, None)[-1] == ("5 May", D(1990, 5, 5), D(1990, 5, 5))


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # a past verb right after a fronted month, an irregular past before it, "since": the past March
        ("In March, the company sold its mill.", "March", (D(2025, 3, 1), D(2025, 3, 31), "month")),
        ("The rebels took Basra in March.", "March", (D(2025, 3, 1), D(2025, 3, 31), "month")),
        ("The ship has been at sea since March.", "March", (D(2025, 3, 1), D(2025, 3, 31), "month")),
        # no tense marker: the nearest March, the coming one
        ("In March the new mill opens.", "March", (D(2026, 3, 1), D(2026, 3, 31), "month")),
        # "to a record" is no infinitive: the latest first quarter, not the next one
        ("Sales rose to a record in the first quarter.", "the first quarter",
         (D(2025, 1, 1), D(2025, 3, 31), "month")),
        ("The envoy could arrive as soon as Monday.", "Monday", (D(2025, 10, 20), D(2025, 10, 20), "day")),
        ("The envoy arrived on Monday.", "Monday", (D(2025, 10, 13), D(2025, 10, 13), "day")),
        ("A hearing is set for the week of 12 November.", "the week of 12 November",
         (D(2025, 11, 10), D(2025, 11, 16), "day")),
    ],
)
def test_news_tense_and_week_forms(text: str, span: str, expected: tuple) -> None:
    assert interval(text, span, document_date=OCT15) == expected


def test_as_soon_as_a_weekday_across_the_year_end() -> None:
    new_year = DocumentDate(D(2025, 1, 1), "day")  # a Wednesday
    assert interval("The ferry could sail as soon as Friday.", "Friday", document_date=new_year)[0] == D(2025, 1, 3)
    assert interval("The ferry sailed on Friday.", "Friday", document_date=new_year)[0] == D(2024, 12, 27)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Profit rose in the third quarter of 1999, against a loss in the 1998 quarter.", "the 1998 quarter",
         (D(1998, 7, 1), D(1998, 9, 30))),
        ("Sales were flat in the 1998 period.", "the 1998 period", (D(1998, 1, 1), D(1998, 12, 31))),
        ("Profit rose in the third quarter of 2024. In the quarter a year ago, it fell.", "the quarter a year ago",
         (D(2023, 7, 1), D(2023, 9, 30))),
        ("Profit rose in the second quarter of 2024; last year's quarter was weak.", "last year's quarter",
         (D(2023, 4, 1), D(2023, 6, 30))),
        # no quarter named: the last quarter ended by the document date (the fourth of 2024), a year before
        ("Sales rose 5% from the corresponding period last year.", "the corresponding period last year",
         (D(2023, 10, 1), D(2023, 12, 31))),
        ("Costs fell in the latest period.", "the latest period", (D(2024, 10, 1), D(2024, 12, 31))),
        ("Profit rose in the third quarter of 2024, compared with a loss last year.", "last year",
         (D(2023, 7, 1), D(2023, 9, 30))),
        ("Profit rose in the third quarter of 2024. The firm was founded last year.", "last year",
         (D(2024, 1, 1), D(2024, 12, 31))),
        # "year-ago" after a bare year: a year before the document date
        ("Sales in 2022 were weak. The year-ago results were restated.", "The year-ago",
         (D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_financial_periods(text: str, span: str, expected: tuple) -> None:
    m = [m for m in recognise_dates(text, JAN8) if m.text == span]
    assert len(m) == 1, [x.text for x in recognise_dates(text, JAN8)]
    assert (m[0].date_start, m[0].date_end) == expected


def test_relative_expressions_take_anchors_across_sentences_in_the_extractors_view() -> None:
    from pipeline.extractors.context import dated_sentences

    text = ("On 4 May 2006 the camp was shelled. Hours later, the guards left. Two days later, a convoy arrived. "
            "That day, the UN protested. A month earlier, a warning was sent. The following week, talks began.")
    got = [[(m.text, m.date_start, m.date_end) for m in ds.dates] for ds in dated_sentences(text)]
    assert got == [
        [("4 May 2006", D(2006, 5, 4), D(2006, 5, 4))],
        [("Hours later", D(2006, 5, 4), D(2006, 5, 4))],
        [("Two days later", D(2006, 5, 6), D(2006, 5, 6))],
        [("That day", D(2006, 5, 6), D(2006, 5, 6))],  # the day last named, counted or not
        [("A month earlier", D(2006, 4, 1), D(2006, 4, 30))],
        [("The following week", D(2006, 5, 8), D(2006, 5, 14))],  # from the last date not counted from another
    ]


def test_a_relative_expression_without_an_anchor_gives_no_date_in_the_extractors_view() -> None:
    from pipeline.extractors.context import dated_sentences

    got = [[m.text for m in ds.dates] for ds in dated_sentences("Two days later, a convoy arrived. That day, it left.")]
    assert got == [[], []]


_DOC_SOUP = ["In 1999 ", "the party split", ". ", "\n\n", "On 28 June ", "in March ", "it merged", "that year ",
             "Two days later ", "that day ", "hours later ", "the week of 3 May ", ", founded in 2003, ",
             "the quarter a year ago ", "last year ", "as soon as Friday ", "sold ", "will "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_DOC_SOUP), max_size=16).map("".join),
       st.one_of(st.none(), st.dates(D(1990, 1, 1), D(2030, 12, 31))), st.sampled_from(["day", "month", "year"]))
def test_the_extractors_view_and_recognise_dates_are_one_implementation(
    text: str, day: date | None, precision: str
) -> None:
    from pipeline.extractors.context import dated_sentences

    doc = DocumentDate(day, precision) if day is not None else None
    ours = [(m.start, m.end, m.date_start, m.date_end) for ds in dated_sentences(text, document_date=doc)
            for m in ds.dates]
    one = [(m.start, m.end, m.date_start, m.date_end) for m in recognise_dates(text, doc)
           if m.date_start is not None and not m.dateline and m.error is None]
    assert ours == one


def test_a_mixed_case_place_opening_a_line_makes_a_dateline() -> None:
    for text in ("Geneva, 4 March 2011 -- The council met.", "Kuala Lumpur, 4 March 2011 - The council met."):
        assert only(text, "4 March 2011").dateline and only(text, "4 March 2011").date_start is None
    for text in ("In Geneva, 4 March 2011 - the council met.", "Then, 4 March 2011 - the council met."):
        assert only(text, "4 March 2011").date_start == D(2011, 3, 4)


def test_units_have_passed_since_counts_back_from_the_document_date() -> None:
    doc = DocumentDate(D(2012, 6, 23))
    span = "Almost six months have passed since"
    expected = (D(2011, 12, 1), D(2011, 12, 31), "month")
    assert interval(f"{span} the deal was signed.", span, document_date=doc) == expected
    assert [m.text for m in find_dates("Six months had passed since the raid.", document_date=doc)] == []


def test_a_numbered_paragraph_marker_is_not_the_low_end_of_a_range() -> None:
    assert [m.date_start for m in find_dates("Summary.\n3- 2014 saw the most moves.")] == [D(2014, 1, 1)]
    assert find_dates("Prices ran 3 - 2014 units.") == []


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # a range within one unit of its coarser precision fills that unit
        ("from October to 1990", D(1990, 1, 1), D(1990, 12, 31), "year"),
        ("from 3 May to June 1990", D(1990, 5, 3), D(1990, 6, 30), "month"),
        # across several units each end stays as written
        ("from 5 March 1990 to June 1991", D(1990, 3, 5), D(1991, 6, 30), "month"),
        ("from October 1988 to 1990", D(1988, 10, 1), D(1990, 12, 31), "year"),
    ],
)
def test_a_range_of_two_precisions_takes_the_coarser(text, start, end, precision):
    (m,) = recognise_dates(text)
    assert (m.date_start, m.date_end, m.precision) == (start, end, precision)


def test_a_long_s_or_kelvin_sign_in_a_deictic_phrase_is_read_as_its_letter():
    """IGNORECASE matches "ſ" to "s" and "K" (Kelvin) to "k"; the words are looked up as ASCII (no KeyError)."""
    import datetime as _dt

    doc = _dt.date(1999, 6, 15)
    text = "On 3 May 1999 it rained. Two dayſ later it snowed, and this wee\u212a too; last ſummer."
    found = {m.text: (m.date_start, m.date_end) for m in recognise_dates(text, doc)}
    assert found["Two dayſ later"] == (_dt.date(1999, 5, 5), _dt.date(1999, 5, 5))
    assert found["this wee\u212a"] == (_dt.date(1999, 6, 14), _dt.date(1999, 6, 20))


def test_a_dash_that_goes_on_to_a_year_is_a_range_not_a_dateline():
    """"Paris, June 1980-88 ..." opens a line like a dateline, but its dash starts "88"."""
    found = find_dates("Paris, June 1980-88 saw strikes.\n")
    assert found and found[0].text.startswith("June 1980") and not found[0].dateline
    assert found[0].date_start is not None
    assert find_dates("PARIS, June 3, 1980 - Strikes spread.\n")[0].dateline  # a real dateline still is one
