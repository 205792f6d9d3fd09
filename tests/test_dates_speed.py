"""The fast paths of the date recogniser (issue #13): each against the plain computation it replaces."""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.context import dated_sentences
from pipeline.package.sources import read_texts
from pipeline.text import dates
from pipeline.text.dates import DateMatch, find_dates, sentence_dates
from pipeline.text.multiscan import confirmed
from pipeline.text.segment import segment

REPO = Path(__file__).resolve().parents[1]


# --- digits of other scripts, combining marks -------------------------------------------------------


def _ascii_digits_plain(text: str) -> str:
    return re.sub(r"(?![0-9])\d", lambda m: str(unicodedata.decimal(m.group(0))), text)


def _marks_plain(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if unicodedata.category(ch) in ("Mn", "Mc", "Me")]


def test_the_digit_and_mark_classes_hold_every_such_character():
    """No decimal digit or combining mark lies outside the classes the fast searches start from."""
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if re.match(r"\d", ch):
            assert dates._DIGIT_CANDIDATE.match(ch), hex(code)
        if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            assert dates._MARK_CANDIDATE.match(ch), hex(code)
    assert dates._DIGIT_CANDIDATE.match("\u2019") is None and dates._MARK_CANDIDATE.match("\u2013") is None


UNICODE_BITS = ("0123456789 aZ.,-\n\u0661\u0663\uff18\u0967\u00b2\u00bd\u2460\u2019\u2014\u00e9\u0301\u20dd\u0903e"
                "\u06cc\u20ac\u06f1\u4e00")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=UNICODE_BITS, max_size=40))
def test_digits_and_marks_as_the_plain_scans_find_them(text):
    assert dates._ascii_digits(text) == _ascii_digits_plain(text)
    assert (dates._ascii_digits(text) is text) == (_ascii_digits_plain(text) == text)  # unchanged: itself
    assert dates._marks(text) == _marks_plain(text)


def test_digits_of_other_scripts_are_read_and_marks_found():
    arabic_indic, full_width = "\u0661\u0669\u0668\u0661", "\uff12\uff10\uff10\uff10"
    assert dates._ascii_digits(f"{arabic_indic} \u2019x\u2019 {full_width}") == "1981 \u2019x\u2019 2000"
    assert dates._marks("a\u0301b\u20ddc\u2013") == [1, 3]
    assert [m.text for m in find_dates("On \u0663 March \u0661\u0669\u0668\u0661 it rained.")] == [
        "\u0663 March \u0661\u0669\u0668\u0661"]


# --- the tokens before a position ---------------------------------------------------------------------


def _tokens_before_plain(text: str, pos: int, n: int) -> list[str]:
    toks = dates._TOKEN_BEFORE.findall(text, max(0, pos - 60), pos)
    return [t.lower().rstrip(".") if len(t) > 1 else t.lower() for t in toks[-n:]]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab A.,'\u2019$1 2\u00a0\n\t\x1c-()\u00e9", max_size=90), st.integers(0, 90), st.integers(1, 3))
def test_the_tokens_before_are_those_of_the_whole_window(text, pos, n):
    pos = min(pos, len(text))
    assert dates._tokens_before(text, pos, n) == _tokens_before_plain(text, pos, n)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab A.,'\u2019$1 2\u00a0\n\t\x1c-()\u00e9", max_size=120), st.integers(0, 120),
       st.integers(1, 4))
def test_the_tokens_after_and_the_word_before_are_those_of_the_whole_window(text, pos, n):
    pos = min(pos, len(text))
    assert dates._tokens_after(text, pos, n) == dates._TOKEN.findall(text, pos, min(len(text), pos + 80))[:n]
    assert dates._prev_word(text, pos) == (_tokens_before_plain(text, pos, 1) or [""])[-1]


def _is_count_plain(text: str, start: int, end: int) -> bool:
    """_is_count as it was before its fast path for a temporal word before (the reference)."""
    prev = dates._tokens_before(text, start, 2)
    p1 = prev[-1] if prev else ""
    p2 = prev[-2] if len(prev) > 1 else ""
    if p1 in dates._CURRENCY_SYMBOLS or p1 in dates._CURRENCY_CODES or p1 in dates._ID_WORDS:
        return True
    if p1 in dates._CONNECTOR_TOKENS and p2[:1].isdigit() and not dates._YEARLIKE.fullmatch(p2) and not (
            dates._ITEM_NUMBER.search(text, max(0, start - 12), start)):
        return True
    nxt = dates._TOKEN.findall(text, end, min(len(text), end + 80))[:4]
    if dates._is_count_after(nxt):
        return True
    low = [t.lower() for t in nxt]
    if low and low[0] in dates._COUNT_NOUNS and nxt[0].islower():
        return p1 not in dates._TEMPORAL
    quant = p1 in dates._QUANTIFIERS or (p2, p1) in {("up", "to"), ("as", "as"), ("many", "as")}
    if quant:
        if low and (low[0] in dates._AFTER_COUNT or dates._plural_like(nxt[0])):
            return True
        for i in (1, 2):
            if len(low) > i and low[i] in dates._COUNT_NOUNS and all(
                w[:1].isalpha() and w not in dates._FUNCTION_WORDS for w in low[:i]
            ):
                return True
    if p1 not in dates._TEMPORAL and p1 not in dates._DETERMINERS and len(low) > 1:
        if low[1] in dates._COUNT_NOUNS and nxt[0][:1].isalpha() and low[0] not in dates._FUNCTION_WORDS:
            return True
    return False


COUNT_WORDS = ["in", "In", "since", "by", "about", "up", "to", "as", "many", "$", "US$", "p.", "the", "his", "1,500",
               "-", "and", "2000", "1990", "soldiers", "km", "%", "were", "of", "them", "men", "Iranian", "prisoners",
               "strong", "million", "B", ".", ",", "\n", "1-", "circa", "early", "more", "x" * 20]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COUNT_WORDS), max_size=12), st.lists(st.sampled_from(COUNT_WORDS), max_size=8))
def test_a_count_is_what_it_was_before_the_temporal_fast_path(before, after):
    text = " ".join([*before, "1990", *after])
    start = len(" ".join(before)) + (1 if before else 0)
    assert dates._is_count(text, start, start + 4) == _is_count_plain(text, start, start + 4)


def test_no_temporal_word_is_read_by_the_other_count_tests():
    """The temporal fast path of _is_count holds while these sets stay apart."""
    others = (dates._CURRENCY_SYMBOLS | dates._CURRENCY_CODES | dates._ID_WORDS | dates._CONNECTOR_TOKENS
              | dates._QUANTIFIERS | {"to", "as"})
    assert dates._TEMPORAL.isdisjoint(others)
    assert dates._is_count("In 1990 soldiers left", 3, 7) is False  # a temporal word: a year
    assert dates._is_count("About 1990 soldiers left", 6, 10) is True


def test_a_present_reference_is_a_phrase_without_an_interval():
    """D_REF returns at once: "now", "recently" give a date phrase with no interval, with or without a document date."""
    for published in (None, datetime.date(2020, 3, 4)):
        found = find_dates("It is now clear, and more recently it rained.", document_date=published)
        assert [(m.text, m.date_start, m.error) for m in found] == [("now", None, None), ("more recently", None, None)]


def test_the_tokens_before_a_date():
    assert dates._tokens_before("It cost US$ 2,000 in p. 1990", 24, 2) == ["in", "p"]
    assert dates._tokens_before("x" * 70 + " up to 1990", 77, 2) == ["up", "to"]
    assert dates._prev_word("   ", 3) == "" and dates._prev_word("By May", 3) == "by"


# --- shifting a DateMatch without dataclasses.replace -------------------------------------------------


def test_datematch_keeps_what_the_shift_relies_on():
    """_moved copies the instance dict: DateMatch must stay a plain frozen dataclass for that."""
    assert not hasattr(DateMatch, "__post_init__") and not hasattr(DateMatch, "__slots__")
    assert all(f.init for f in dataclasses.fields(DateMatch))


MATCHES = st.builds(
    DateMatch, st.integers(0, 500), st.integers(0, 500), st.text(max_size=5),
    st.none() | st.dates(), st.none() | st.dates(), st.sampled_from([None, "day", "month", "year", "decade"]),
    st.booleans(), st.none() | st.text(max_size=5), st.booleans(), st.sampled_from([None, "week", "quarter"]),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(MATCHES, st.integers(-100, 10_000))
def test_a_shifted_match_is_what_replace_gives(m, offset):
    moved = dates._moved(m, offset)
    expected = dataclasses.replace(m, start=m.start + offset, end=m.end + offset)
    assert moved == expected and repr(moved) == repr(expected) and hash(moved) == hash(expected)
    assert type(moved) is DateMatch and moved is not m
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.start = 3  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(MATCHES)
def test_a_match_built_at_once_is_what_the_constructor_gives(m):
    """_match fills the fields of a DateMatch (dateline False) as the constructor does."""
    fields = (m.start, m.end, m.text, m.date_start, m.date_end, m.precision, m.year_explicit, m.error, m.derived,
              m.unit)
    built, plain = dates._match(*fields), DateMatch(*fields)
    assert built == plain and repr(built) == repr(plain) and hash(built) == hash(plain)
    assert built.__dict__ == plain.__dict__ and list(built.__dict__) == list(plain.__dict__)
    assert type(built) is DateMatch and built.dateline is False
    assert dates._match(*fields[:7]) == DateMatch(*fields[:7])
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.start = 3  # type: ignore[misc]


# --- _resolve: the same intervals as before it built each date once ---------------------------------


def _resolve_plain(left, right, default_year, this_year):
    """_resolve as it was before the fast paths (the reference)."""

    def own(p):
        if p.year is not None:
            return p.year, True
        if p.rel is not None:
            base = default_year if p.rel[0] == "default" else this_year
            return (None if base is None else base + p.rel[1]), True
        return None, False

    ly, lfix = own(left)
    ry, rfix = own(right)
    comparable = left.month is not None and right.month is not None
    if not lfix and rfix:
        ly = ry
        if ly is not None and comparable and dates._key(left) > dates._key(right):
            ly -= 1
    elif lfix and not rfix:
        ry = ly
        if ry is not None and comparable and dates._key(right) < dates._key(left):
            ry += 1
    elif not lfix and not rfix:
        ly = ry = default_year
        if ry is not None and comparable and dates._key(left) > dates._key(right):
            ry += 1
    error = (dates._month_error(left) or dates._month_error(right) or _day_error_plain(left, ly)
             or _day_error_plain(right, ry))
    if error:
        return None, None, None, error
    if ly is None or ry is None or not (10 <= ly <= 9980 and 10 <= ry <= 9980):
        return None, None, None, None
    prec = max(left.prec, right.prec, key=dates._RANK.__getitem__)
    start, end = dates._lo(left, ly, left.prec), dates._hi(right, ry, right.prec)
    if dates._lo(left, ly, prec) == dates._lo(right, ry, prec):
        start, end = dates._lo(left, ly, prec), dates._hi(right, ry, prec)
    if start > end:
        return None
    return start, end, prec, None


def _day_error_plain(p, year):
    """_day_error without its fast path (every month has 28 days)."""
    import calendar

    if p.day is None or p.month is None:
        return None
    if p.day < 1:
        where = f" {p.year}" if p.year is not None else ""
        return f"impossible date: day {p.day} of {dates._MONTHS_FULL[p.month - 1]}{where}"
    y = year if year is not None and 1 <= year <= 9999 else 2000
    if p.day > calendar.monthrange(y, p.month)[1]:
        where = f" {p.year}" if p.year is not None else ""
        return f"impossible date: day {p.day} of {dates._MONTHS_FULL[p.month - 1]}{where}"
    return None


POINTS = st.builds(
    dates._Point, st.none() | st.integers(1790, 2110), st.none() | st.integers(0, 13), st.none() | st.integers(0, 32),
    st.sampled_from(["day", "month", "year", "decade"]),
    st.none() | st.tuples(st.sampled_from(["default", "this"]), st.integers(-1, 1)),
)


def _outcome(fn, *args):
    try:
        return fn(*args)
    except (ValueError, OverflowError) as exc:  # the same failure, if any
        return type(exc)


@settings(max_examples=600, deadline=None)
@given(POINTS, POINTS, st.booleans(), st.none() | st.integers(1800, 2099), st.none() | st.integers(1800, 2099))
def test_resolve_gives_what_it_gave_before(left, right, same, default_year, this_year):
    right = left if same else right
    assert _outcome(dates._resolve, left, right, default_year, this_year) == _outcome(
        _resolve_plain, left, right, default_year, this_year)
    if left.day is not None and left.month is not None and 1 <= left.month <= 12:
        assert dates._day_error(left, default_year) == _day_error_plain(left, default_year)


# --- the tense is guessed only where a reading needs it ------------------------------------------------


def _one(text: str, doc: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    found = [m for m in find_dates(text, document_date=doc) if m.date_start is not None]
    assert len(found) == 1, found
    return found[0].date_start, found[0].date_end


def test_the_tense_still_chooses_between_readings():
    wednesday = datetime.date(2020, 3, 4)
    assert _one("They will meet on Friday.", wednesday) == (datetime.date(2020, 3, 6),) * 2
    assert _one("They met on Friday.", wednesday) == (datetime.date(2020, 2, 28),) * 2
    assert _one("They will rest at the weekend.", wednesday) == (datetime.date(2020, 3, 7), datetime.date(2020, 3, 8))
    assert _one("They rested at the weekend.", wednesday) == (datetime.date(2020, 2, 29), datetime.date(2020, 3, 1))
    october = datetime.date(2020, 10, 15)
    assert _one("Sales will rise in the first quarter.", october) == (datetime.date(2021, 1, 1),
                                                                       datetime.date(2021, 3, 31))
    assert _one("Sales rose in the first quarter.", october) == (datetime.date(2020, 1, 1), datetime.date(2020, 3, 31))


# --- one scan per document for the sentences' prefilters ------------------------------------------------


def _flat(result):
    return [(s.start, s.end, [(d.start, d.end, d.text, d.date_start, d.date_end, d.precision, d.year_explicit,
                               d.error, d.derived, d.unit, d.dateline) for d in found]) for s, found in result]


def _slow(text: str, **kw):
    """sentence_dates with no window and no gate: every sentence scanned on its own."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_MASTER_WINDOWS", None)
        m.setattr(dates, "_DEIC_WINDOWS", None)
        m.setattr(dates._Gate, "untils", lambda self, pieces: [None] * len(pieces))
        return sentence_dates(text, **kw)


def _gated(text: str, **kw):
    """sentence_dates with the gates and a scan of the sentences they keep, not of the whole text."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_candidates", lambda *_a: None)
        return sentence_dates(text, **kw)


def _no_windows(text: str, **kw):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_MASTER_WINDOWS", None)
        m.setattr(dates, "_DEIC_WINDOWS", None)
        return sentence_dates(text, **kw)


def test_the_windows_change_nothing_on_the_raw_texts():
    texts = read_texts(REPO / "raw")
    assert texts
    for text in texts.values():
        fast = _flat(sentence_dates(text))
        assert fast == _flat(_gated(text)) == _flat(_no_windows(text)) == _flat(_slow(text))


SALAD = ["On", "3", "March", "MARCH", "1981", "1981-82", "the", "same", "day", "Two", "days", "later", "a", "year",
         "ago", "last", "summer", "this", "May", "Sept.", "week", "now", "known", "\u017fummer", "\u0663\u0661",
         "Friday", "fiscal", "third", "quarter", "earlier", "month", "prior", "will", "was", "since", "in", "of",
         "It", "rained", ".", ",", "\n", "\n\n", "-", "(", ")", "to", "between", "and", "12/31/1999", "1990s"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SALAD), max_size=50).map(" ".join), st.sampled_from([None, "1999-06-15", "2020-03-04"]))
def test_the_windows_change_nothing_on_word_salad(text, published):
    doc = datetime.date.fromisoformat(published) if published else None
    fast = _flat(sentence_dates(text, doc))
    assert fast == _flat(_gated(text, document_date=doc)) == _flat(_no_windows(text, document_date=doc))
    assert fast == _flat(_slow(text, document_date=doc))


def test_the_windows_hold_every_match_start():
    """Each sentence's candidates from the one document scan hold the start of each of its matches,
    with the branch that matches there."""
    if dates._MASTER_WINDOWS is None or not dates._MASTER_WINDOWS.available:
        pytest.skip("no Hyperscan: no windows")
    text = ("It rained.  On 3 March 1981 they met; two days later, in mid-1982, they left.\n\n"
            "Nothing here.  Last Friday and the following week (1990-1991) it was hot.  The 1990s.")
    sentences = segment(text)
    pieces = [(s.start, s.end) for s in sentences]
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        windows = dates._Windows(branches, text, pieces).each()
        assert len(windows) == len(sentences)
        names = [re.match(r"\(\?P<(\w+)>", b).group(1) for b in branches._branches]
        for sent, candidates in zip(sentences, windows, strict=True):
            masks = dict(candidates)
            for m in branches.pattern.finditer(sent.text):
                assert masks.get(m.start(), 0) >> names.index(m.lastgroup) & 1, (sent.text, m.group(0))
            assert all(0 <= at < len(sent.text) for at, _mask in candidates)
        assert windows[0] == [] and windows[2] == []  # "It rained.", "Nothing here.": no date can start there
    found = [m.text for _s, ms in sentence_dates(text) for m in ms]
    # "the following week" has no day to count from (mid-1982 is a year): left to the caller, dropped here
    assert found == ["3 March 1981", "two days later", "mid-1982", "Last Friday", "1990-1991", "The 1990s"]


@st.composite
def _text_and_spans(draw):
    text = " ".join(draw(st.lists(st.sampled_from(SALAD), max_size=30)))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    if draw(st.booleans()):
        spans = [(0, len(text))] if text else []
    return text, spans, draw(st.none() | st.integers(0, len(text) + 1))


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_confirming_the_spans_is_the_scanners_finditer(case):
    text, spans, until = case
    for scanner, pattern in ((dates._MASTER_SCANNER, dates._MASTER), (dates._DEIC_SCANNER, dates._DEIC)):
        if scanner.engine != "hyperscan":
            pytest.skip("no Hyperscan: the scanner ignores the spans")
        got = [(m.start(), m.end(), m.lastgroup) for m in confirmed(pattern, text, spans, stop=until)]
        assert got == [(m.start(), m.end(), m.lastgroup)
                       for m in scanner.finditer(text, until=until, intervals=spans)]


def test_confirming_finds_the_dates_of_its_spans_only():
    text = "On 3 March 1981 they met; in 1990 they left."
    whole = [m.group(0) for m in confirmed(dates._MASTER, text, [(0, len(text))], stop=None)]
    assert whole == ["3 March 1981", "1990"]
    assert [m.group(0) for m in confirmed(dates._MASTER, text, [(20, len(text))], stop=None)] == ["1990"]
    assert confirmed(dates._MASTER, text, [(0, len(text))], stop=0) == []
    assert [m.group(0) for m in confirmed(dates._MASTER, text, [(0, len(text))], stop=10)] == ["3 March 1981"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SALAD), max_size=50).map(" ".join))
def test_the_gates_walk_gives_what_each_lookup_gives(text):
    pieces = [(s.start, s.end) for s in segment(text)]
    for scanner in (dates._ATOM_GATE, dates._HEAD_GATE):
        gate = dates._Gate(scanner, text)
        assert gate.untils(pieces) == [gate.until(a, b) for a, b in pieces]


# --- the document view: sentences with no date -------------------------------------------------------


def test_relative_months_still_count_from_the_last_date():
    text = "On 3 March 1990 they met. Nothing was said. The month prior, they had argued. It rained."
    view = dated_sentences(text)
    assert [len(s.dates) for s in view] == [1, 0, 1, 0]
    prior = view[2].dates[0]
    assert (prior.text, prior.date_start, prior.date_end) == ("The month prior", datetime.date(1990, 2, 1),
                                                              datetime.date(1990, 2, 28))
    assert text[prior.start:prior.end] == "The month prior"
    assert all(s.dates == () and s.rejected == () for s in dated_sentences("No date. None here either."))


@pytest.mark.parametrize(("spelling", "plain", "start", "precision"), [
    ("the ſummer", "the summer", datetime.date(2020, 1, 1), "year"),
    ("laſt week", "last week", datetime.date(2020, 2, 24), "day"),
    ("last wee\u212a", "last week", datetime.date(2020, 2, 24), "day"),
])
def test_a_deictic_head_is_read_as_ignorecase_reads_it(spelling, plain, start, precision):
    """"ſ" and the Kelvin sign are "s" and "k" to _DEIC's IGNORECASE: the head-word test (and so every
    path, gated or not) reads them so too, and finds what the plain spelling gives."""
    assert dates._has_deictic_head(spelling) and dates._has_deictic_head(plain)
    published = datetime.date(2020, 3, 4)
    for text in (spelling, plain):
        found = [m for _s, ms in sentence_dates(text, published) for m in ms]
        assert [(m.start, m.end, m.date_start, m.precision) for m in found] == [(0, len(text), start, precision)]
        assert [(m.start, m.end) for m in _slow(text, document_date=published)[0][1]] == [(0, len(text))]


def _same_matches(got, expected):
    """The same spans, branches and groups (a branch alone has only its own groups)."""
    assert [(m.span(), m.lastgroup) for m in got] == [(m.span(), m.lastgroup) for m in expected]
    for alone, whole in zip(got, expected, strict=True):
        assert alone.groupdict() == {k: v for k, v in whole.groupdict().items() if k in alone.re.groupindex}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SALAD), max_size=50).map(" ".join), st.integers(0, 200))
def test_the_branches_alone_confirm_what_the_whole_pattern_finds(text, stop):
    """Each sentence's matches confirmed branch by branch at the candidates of the backward scan are
    those of the whole pattern's finditer (before any ``stop``)."""
    if dates._MASTER_WINDOWS is None or not dates._MASTER_WINDOWS.available:
        pytest.skip("no Hyperscan")
    pieces = [(s.start, s.end) for s in segment(text)]
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        for (a, b), candidates in zip(pieces, dates._Windows(branches, text, pieces).each(), strict=True):
            piece = text[a:b]
            _same_matches(branches.confirm(piece, candidates), list(branches.pattern.finditer(piece)))
            _same_matches(branches.confirm(piece, candidates, stop),
                          [m for m in branches.pattern.finditer(piece) if m.start() < stop])


def test_a_candidates_branches_are_tried_in_order():
    """confirm tries the branches of a candidate's bit set, lowest bit (first branch) first."""
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        alone = branches.alone
        assert branches._tried(0b1010) == (alone[1], alone[3])
        assert branches._tried(1 << (len(alone) - 1) | 1) == (alone[0], alone[-1])
        assert branches._tried(0b1010) == branches._by_mask[0b1010]


def _bounds(pieces: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    return [a for a, _b in pieces], [b for _a, b in pieces]


def test_the_whole_text_candidates_hold_every_match_start():
    """The candidates of each sentence from one scan of the whole text hold the start of each of
    its matches (read alone), with the branch that matches there; sentences without any are left out."""
    if dates._MASTER_WINDOWS is None or not dates._MASTER_WINDOWS.available:
        pytest.skip("no Hyperscan: no windows")
    text = ("It rained.  On 3 March 1981 they met; two days later, in mid-1982, they left.\n\n"
            "Nothing here.  Last Friday and the following week (1990-1991) it was hot.  The 1990s.  On 3\n"
            "March.  Monday")
    sentences = segment(text)
    pieces = [(s.start, s.end) for s in sentences]
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        found = dates._candidates(branches, text, *_bounds(pieces))
        names = [re.match(r"\(\?P<(\w+)>", b).group(1) for b in branches._branches]
        for k, sent in enumerate(sentences):
            masks = dict(found.get(k, []))
            for m in branches.pattern.finditer(sent.text):
                assert masks.get(m.start(), 0) >> names.index(m.lastgroup) & 1, (sent.text, m.group(0))
            assert all(0 <= at < len(sent.text) for at in masks)
        assert 0 not in found and 2 not in found  # "It rained.", "Nothing here.": no date can start there
        assert all(found.values())
    # "On 3" ends a sentence: the scan of the whole text has a candidate there ("3\nMarch" runs on
    # into the next sentence), which the sentence read alone does not confirm
    assert sentences[5].text == "On 3" and 5 in dates._candidates(dates._MASTER_WINDOWS, text, *_bounds(pieces))
    assert [(s.text, [m.text for m in ms]) for s, ms in sentence_dates(text)][4:] == [
        ("The 1990s.", ["The 1990s"]), ("On 3", []), ("March.  Monday", ["Monday"])]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SALAD), max_size=50).map(" ".join))
def test_the_whole_text_candidates_are_those_of_the_sentences_read_alone(text):
    """Each candidate of a sentence read alone is a candidate of the whole-text scan, same branches or more."""
    if dates._MASTER_WINDOWS is None or not dates._MASTER_WINDOWS.available:
        pytest.skip("no Hyperscan: no windows")
    pieces = [(s.start, s.end) for s in segment(text)]
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        assert branches.masks(text) == dict(branches.starts(text))  # one scan, two shapes
        found = dates._candidates(branches, text, *_bounds(pieces))
        for k, (a, b) in enumerate(pieces):
            whole = dict(found.get(k, []))
            for at, mask in branches.starts(text[a:b]):
                assert whole.get(at, 0) & mask == mask, (text[a:b], at)


def test_the_date_patterns_are_their_branches():
    """The fast path reads _MASTER and _DEIC as a lead and named branches (checked when built too)."""
    for branches in (dates._MASTER_WINDOWS, dates._DEIC_WINDOWS):
        assert branches.pattern.pattern == branches._lead + "(?:" + "|".join(branches._branches) + ")"
        assert all(r is not None for r in branches.relaxed)
        assert len(branches.alone) == len(branches._branches) > 10
    with pytest.raises(ValueError):
        dates._Branches(dates._MASTER, dates._LEAD, dates._BRANCHES[:-1])


@pytest.mark.parametrize(("text", "published", "year"), [
    ("In 1990 they met. Nothing was said. On 3 March they left.", None, 1990),  # carried over a sentence
    ("In 1990 they met. Nothing was said.\n\nOn 3 March they left.", None, 1990),  # and a paragraph
    # a dated text carries a year within its paragraph only: the March nearest the document date
    ("In 1990 they met. Nothing was said.\n\nOn 3 March they left.", datetime.date(2020, 6, 1), 2020),
    ("In 1990 they met. Nothing was said. On 3 March they left.", datetime.date(2020, 6, 1), 1990),
    ("In 1990 they met.\n\nAftermath\n\nNothing was said. On 3 March they left.", None, None),  # a new section
    ("In 1990 they met. Nothing was said. It rained. That year they left.", None, 1990),
])
def test_the_sentences_without_a_date_pass_the_year_on_as_one_by_one(text, published, year):
    """sentence_dates passes over the sentences with no date in one step: the year they carry, and
    the resets of a section or of a dated text's paragraph, are those of reading them one by one."""
    for result in (sentence_dates(text, published), _slow(text, document_date=published)):
        last = [m for _s, found in result for m in found][-1]
        assert (last.date_start.year if last.date_start else None) == year
    assert _flat(sentence_dates(text, published)) == _flat(_slow(text, document_date=published))
