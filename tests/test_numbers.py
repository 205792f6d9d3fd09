"""Tests for pipeline.text.numbers: the quantity forms of the annotation guide ("Membership estimates").

Every expected value below was worked out by hand from the sentence, not copied from the code.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.numbers import Quantity, find_quantities, parse_number

# (sentence, quoted phrase, numeric part, low, high, qualifier); the phrase occurs once in the sentence.
SINGLE_CASES = [
    # Guide examples, membership section.
    (
        "Membership (2011)5,000 to 13,500 (DoD estimate)",
        "5,000 to 13,500",
        "5,000 to 13,500",
        5000,
        13500,
        "range",
    ),
    (
        "There are estimated to be over 2,000 followers in the camp",
        "over 2,000",
        "2,000",
        2000,
        None,
        "at_least",
    ),
    (
        "On 9 September 2016, more than 280 remaining MEK members left.",
        "more than 280",
        "280",
        280,
        None,
        "at_least",
    ),
    ("The camp was housing up to 3,500 people.", "up to 3,500", "3,500", None, 3500, "at_most"),
    ("About 3,000 members moved to Albania.", "About 3,000", "3,000", 3000, 3000, "approximately"),
    (
        "In mid-2014, some 3,000 MEK members resided there.",
        "some 3,000",
        "3,000",
        3000,
        3000,
        "approximately",
    ),
    (
        "As of May 2014, approximately 3,000 lived there.",
        "approximately 3,000",
        "3,000",
        3000,
        3000,
        "approximately",
    ),
    ("The group had around 3,000 members.", "around 3,000", "3,000", 3000, 3000, "approximately"),
    ("nearly 600 members of the MEK defected", "nearly 600", "600", 600, 600, "approximately"),
    # Ranges.
    ("estimates of 5,000–13,500 members", "5,000–13,500", "5,000–13,500", 5000, 13500, "range"),
    ("estimates of 5,000-13,500 members", "5,000-13,500", "5,000-13,500", 5000, 13500, "range"),
    (
        "it had between 5,000 and 13,500 members",
        "between 5,000 and 13,500",
        "5,000 and 13,500",
        5000,
        13500,
        "range",
    ),
    (
        "estimates run from 5,000 to 13,500 members",
        "from 5,000 to 13,500",
        "5,000 to 13,500",
        5000,
        13500,
        "range",
    ),
    ("with 2,900 to 3,400 at Camp Ashraf", "2,900 to 3,400", "2,900 to 3,400", 2900, 3400, "range"),
    (
        "peaking at 10,000 to 15,000 during the 1980s",
        "10,000 to 15,000",
        "10,000 to 15,000",
        10000,
        15000,
        "range",
    ),
    (
        "it sent two or three thousand fighters",
        "two or three thousand",
        "two or three thousand",
        2000,
        3000,
        "range",
    ),
    (
        "some 2 to 3 million people marched",
        "some 2 to 3 million",
        "2 to 3 million",
        2_000_000,
        3_000_000,
        "range",
    ),
    (
        "between 1.5 and 2 million people",
        "between 1.5 and 2 million",
        "1.5 and 2 million",
        1_500_000,
        2_000_000,
        "range",
    ),
    ("between five and ten members", "between five and ten", "five and ten", 5, 10, "range"),
    ("about 5,000 to 10,000 people", "about 5,000 to 10,000", "5,000 to 10,000", 5000, 10000, "range"),
    # The zero groups of the high end shared by a bare low end ("2-3,000" is written for 2,000-3,000).
    ("a camp of 2-3,000 people", "2-3,000", "2-3,000", 2000, 3000, "range"),
    ("a camp of 2–3,000 people", "2–3,000", "2–3,000", 2000, 3000, "range"),
    ("some 40 to 60,000 people marched", "some 40 to 60,000", "40 to 60,000", 40000, 60000, "range"),
    ("a rally of 1-2,000,000 people", "1-2,000,000", "1-2,000,000", 1_000_000, 2_000_000, "range"),
    # ... but not when the low end is not below the high end's leading group, or a group is not zeros.
    ("a camp of 500-1,000 people", "500-1,000", "500-1,000", 500, 1000, "range"),
    ("a camp of 4-3,000 people", "4-3,000", "4-3,000", 4, 3000, "range"),
    ("a camp of 2-3,500 people", "2-3,500", "2-3,500", 2, 3500, "range"),
    # At least.
    ("at least 50 deaths were reported", "at least 50", "50", 50, None, "at_least"),
    ("upwards of 1,000 members", "upwards of 1,000", "1,000", 1000, None, "at_least"),
    ("in excess of 1,000 members", "in excess of 1,000", "1,000", 1000, None, "at_least"),
    ("no fewer than 40 people", "no fewer than 40", "40", 40, None, "at_least"),
    ("well over 300 people", "well over 300", "300", 300, None, "at_least"),
    ("a crowd of 2,000+ people", "2,000+", "2,000", 2000, None, "at_least"),
    ("a force of 300 or more fighters", "300 or more", "300", 300, None, "at_least"),
    ("a 1,000-plus force", "1,000-plus", "1,000", 1000, None, "at_least"),
    ("its 300‐plus fighters", "300‐plus", "300", 300, None, "at_least"),
    # At most.
    ("as many as 3,500 residents", "as many as 3,500", "3,500", None, 3500, "at_most"),
    ("no more than 40 people", "no more than 40", "40", None, 40, "at_most"),
    ("fewer than 40 people", "fewer than 40", "40", None, 40, "at_most"),
    ("less than 40 people", "less than 40", "40", None, 40, "at_most"),
    ("at most 40 people", "at most 40", "40", None, 40, "at_most"),
    ("children under 12 were spared", "under 12", "12", None, 12, "at_most"),
    ("groups of 50 or fewer people", "50 or fewer", "50", None, 50, "at_most"),
    # Approximately.
    ("roughly 3,000 members", "roughly 3,000", "3,000", 3000, 3000, "approximately"),
    ("almost 3,000 members", "almost 3,000", "3,000", 3000, 3000, "approximately"),
    ("an estimated 3,000 members", "an estimated 3,000", "3,000", 3000, 3000, "approximately"),
    ("the reporter estimated 200 people were present", "estimated 200", "200", 200, 200, "approximately"),
    ("close to 3,000 members", "close to 3,000", "3,000", 3000, 3000, "approximately"),
    ("circa 3,000 members", "circa 3,000", "3,000", 3000, 3000, "approximately"),
    ("a camp of c. 3,000 members", "c. 3,000", "3,000", 3000, 3000, "approximately"),
    ("a camp of 40 or so people", "40 or so", "40", 40, 40, "approximately"),
    ("killed some two thousand MEK", "some two thousand", "two thousand", 2000, 2000, "approximately"),
    ("release about 2014 Iranian prisoners of war", "about 2014", "2014", 2014, 2014, "approximately"),
    # Exact numerals and number words.
    ("another 8,000 were imprisoned", "8,000", "8,000", 8000, 8000, "exact"),
    ("Another 5000 MEK prisoners were detained", "5000", "5000", 5000, 5000, "exact"),
    ("the MEK claimed to have 2500 members", "2500", "2500", 2500, 2500, "exact"),
    ("the NLA had 2000 soldiers", "2000", "2000", 2000, 2000, "exact"),
    ("a total of 13,500 people", "13,500", "13,500", 13500, 13500, "exact"),
    ("shot into the crowds, killing fifty", "fifty", "fifty", 50, 50, "exact"),
    ("Thirty-five MEK were killed", "Thirty-five", "Thirty-five", 35, 35, "exact"),
    ("a three-man central committee", "three", "three", 3, 3, "exact"),
    ("they sent twenty-five envoys", "twenty-five", "twenty-five", 25, 25, "exact"),
    (
        "three hundred and fifty members",
        "three hundred and fifty",
        "three hundred and fifty",
        350,
        350,
        "exact",
    ),
    ("a thousand members", "a thousand", "a thousand", 1000, 1000, "exact"),
    ("one hundred members", "one hundred", "one hundred", 100, 100, "exact"),
    ("they gathered two thousand supporters", "two thousand", "two thousand", 2000, 2000, "exact"),
    ("a rally of 1.3 million people", "1.3 million", "1.3 million", 1_300_000, 1_300_000, "exact"),
    ("a rally of 2.5 thousand people", "2.5 thousand", "2.5 thousand", 2500, 2500, "exact"),
    ("a rally of 3 million people", "3 million", "3 million", 3_000_000, 3_000_000, "exact"),
    ("a rally of half a million people", "half a million", "half a million", 500_000, 500_000, "exact"),
    ("a dozen members were arrested", "a dozen", "a dozen", 12, 12, "exact"),
    ("a 2,000-strong force", "2,000", "2,000", 2000, 2000, "exact"),
    ("a force of 10 000 fighters", "10 000", "10 000", 10000, 10000, "exact"),
]


@pytest.mark.parametrize(("sentence", "phrase", "numeric", "low", "high", "qualifier"), SINGLE_CASES)
def test_single_quantity(sentence: str, phrase: str, numeric: str, low, high, qualifier: str) -> None:
    found = find_quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    assert (q.text, q.low, q.high, q.qualifier) == (phrase, low, high, qualifier)
    assert q.start == sentence.index(phrase) and q.end == q.start + len(phrase)
    assert sentence[q.num_start : q.num_end] == numeric
    assert q.num_start == q.start + phrase.index(numeric)


@pytest.mark.parametrize(
    "sentence",
    [
        # Years and dates.
        "In 1997, the group moved.",
        "after the 1997 elections",
        "In 1988 executions began.",
        "Between 2014 and 2016, they were moved.",
        "Settlement in Albania (2016–present)",
        "1971-1972 arrests and executions",
        "the 2014-2016 period",
        "during the 1980s and '90s",
        "From June 24 to 27, the regime executed prisoners.",
        "from 24 to 27 June",
        "founded on 5 September 1965",
        "on September 5, 1965",
        "on Feb. 19 at the hotel",
        "(1965-09-05)",
        "at 10:30 or at 5 pm",
        "in 500 BC",
        # Money and percentages.
        "he received $15,000 for the speech",
        "police found $1.3 million in cash",
        "a fee of 15,000 dollars",
        "between $5 million and $10 million",
        "about 65 percent of officials",
        "about 65% of officials",
        "5 to 10 percent",
        # Vague amounts are not numbers.
        "Thousands of MEK members joined the front lines.",
        'In the first year these numbered "several hundred"',
        "hundreds of people",
        "dozens of people",
        "tens of thousands gathered",
        "a few thousand supporters",
        "a few members",
        # "one" as a pronoun.
        "She was one of the leaders.",
        "another one was arrested",
        # Ordinals, fractions, decimals, glued numerals.
        "the 5th division and the 1st brigade",
        "the twenty-first century",
        "two-thirds of the members",
        "two and a half years",
        "after a 2 1⁄2-year investigation",
        "a 2½-year investigation",
        "a score of 2.5 points",
        "F-16 jets and MP3 files",
        # References and names.
        "under Article 5 of the treaty",
        "see No. 3 and p. 23",
        "as reported.[12]",
        "Camp Ashraf 3 is located in Manëz",
        "Operation Forty Stars was launched",
        "the regime's number two at the time",
    ],
)
def test_not_a_quantity(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_several_quantities_in_order() -> None:
    text = "killed 50 people, wounded 200, and 1,000 taken into custody; about 65 percent"
    got = [(q.text, q.low, q.high, q.qualifier) for q in find_quantities(text)]
    assert got == [
        ("50", 50, 50, "exact"),
        ("200", 200, 200, "exact"),
        ("1,000", 1000, 1000, "exact"),
    ]


def test_a_sum_with_plus_is_two_numbers_not_a_lower_bound() -> None:
    got = [(q.text, q.low, q.high, q.qualifier) for q in find_quantities("1,000 plus 200 men")]
    assert got == [("1,000", 1000, 1000, "exact"), ("200", 200, 200, "exact")]


def test_guide_paragraph() -> None:
    text = (
        "Before the Iran-Iraq war, the MEK was estimated to have about 2,000 members, peaking at "
        "10,000 to 15,000 during the 1980s. In the 2000s, the organization had between 5,000 and "
        "10,000 members, with 2,900 to 3,400 at Camp Ashraf. In February 2020, the MEK claimed to "
        "have 2500 members in its Albania camp."
    )
    got = [(q.text, q.low, q.high, q.qualifier) for q in find_quantities(text)]
    assert got == [
        ("about 2,000", 2000, 2000, "approximately"),
        ("10,000 to 15,000", 10000, 15000, "range"),
        ("between 5,000 and 10,000", 5000, 10000, "range"),
        ("2,900 to 3,400", 2900, 3400, "range"),
        ("2500", 2500, 2500, "exact"),
    ]


def test_change_is_not_a_range() -> None:
    got = [(q.text, q.qualifier) for q in find_quantities("membership rose from 2,000 to 3,000")]
    assert got == [("2,000", "exact"), ("3,000", "exact")]


def test_year_before_count_range() -> None:
    got = [(q.text, q.low) for q in find_quantities("membership grew in 2012 to 3,400")]
    assert got == [("3,400", 3400)]


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("2,000", 2000),
        ("5000", 5000),
        ("13,500", 13500),
        ("two thousand", 2000),
        ("fifty", 50),
        ("twenty-three", 23),
        ("Twenty three", 23),
        ("three hundred and fifty", 350),
        ("fifteen hundred", 1500),
        ("two thousand and five", 2005),
        ("one million two hundred thousand", 1_200_000),
        ("1.3 million", 1_300_000),
        ("3 million", 3_000_000),
        ("2.5 thousand", 2500),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a thousand", 1000),
        ("half a million", 500_000),
        ("one and a half million", 1_500_000),
        ("one", 1),
        ("  7 ", 7),
        ("several hundred", None),
        ("thousands", None),
        ("dozens", None),
        ("hundred", None),
        ("a", None),
        ("2.5", None),
        ("1,23", None),
        ("two three", None),
        ("5 people", None),
        ("", None),
    ],
)
def test_parse_number(s: str, value: int | None) -> None:
    assert parse_number(s) == value


# --- properties -----------------------------------------------------------------------------------

_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
_TEENS += ["eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int, last: bool = True) -> str:
    """English words for 1 <= n < 1000, written independently of the code under test.

    "and" after "hundred" only in the last group ("one hundred one thousand and five").
    """
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        if rest < 10:
            words = _UNITS[rest]
        elif rest < 20:
            words = _TEENS[rest - 10]
        else:
            words = _TENS[rest // 10] + (f"-{_UNITS[rest % 10]}" if rest % 10 else "")
        parts.append(("and " if hundreds and last else "") + words)
    return " ".join(parts)


def _words(n: int) -> str:
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(f"{_below_thousand(millions, False)} million")
    if thousands:
        parts.append(f"{_below_thousand(thousands, False)} thousand")
    if units:
        parts.append(_below_thousand(units))
    return " ".join(parts)


@given(st.integers(min_value=1, max_value=999_999_999))
def test_parse_number_words_roundtrip(n: int) -> None:
    assert parse_number(_words(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_grouped_numerals(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=1000, max_value=10**9))
def test_qualified_numeral_in_sentence(n: int) -> None:
    sentence = f"The camp held about {n:,} members."
    (q,) = find_quantities(sentence)
    assert (q.text, q.low, q.high, q.qualifier) == (f"about {n:,}", n, n, "approximately")


@given(st.integers(min_value=100, max_value=10**8), st.integers(min_value=1, max_value=10**8))
def test_between_range_in_sentence(a: int, d: int) -> None:
    b = a + d
    sentence = f"It had between {a:,} and {b:,} members."
    (q,) = find_quantities(sentence)
    assert (q.low, q.high, q.qualifier) == (a, b, "range")
    assert q.text == f"between {a:,} and {b:,}"


_VOCAB = [
    "about",
    "over",
    "more than",
    "up to",
    "between",
    "and",
    "to",
    "from",
    "or",
    "some",
    "nearly",
    "at least",
    "two",
    "thousand",
    "hundred",
    "a",
    "one",
    "twenty-five",
    "million",
    "dozen",
    "half",
    "several",
    "thousands",
    "5,000",
    "13,500",
    "2000",
    "1997",
    "3",
    "2.5",
    "$",
    "%",
    "percent",
    "June",
    "members",
    "people",
    "the",
    "In",
    "-",
    "–",
    "+",
    "(",
    ")",
    ".",
    ",",
    "\n",
    "or more",
    "or so",
    "Camp",
    "F-16",
    "5th",
    "1,2",
    "10 000",
    "~",
]


def _check(text: str, found: list[Quantity]) -> None:
    prev_end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert prev_end <= q.start <= q.num_start < q.num_end <= q.end
        prev_end = q.end
        assert q.qualifier in {"exact", "approximately", "at_least", "at_most", "range"}
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.qualifier in ("exact", "approximately"):
            assert q.low is not None and q.low == q.high
        elif q.qualifier == "at_least":
            assert q.low is not None and q.high is None
        elif q.qualifier == "at_most":
            assert q.low is None and q.high is not None
        else:
            assert q.low is not None and q.high is not None and q.low < q.high


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_invariants(text: str) -> None:
    _check(text, find_quantities(text))


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_VOCAB), max_size=30), st.sampled_from([" ", "", "  "]))
def test_number_like_text_invariants(words: list[str], sep: str) -> None:
    text = sep.join(words)
    _check(text, find_quantities(text))


@given(st.text())
def test_parse_number_never_raises(s: str) -> None:
    value = parse_number(s)
    assert value is None or (isinstance(value, int) and value >= 0)


# --- exponents and Unicode: a number is read whole, or not at all (issue 12) ---------------------------

EXPONENT_CASES = [
    # (sentence, the quantity's text, its value); values worked out by hand
    ("In 2011 the club had 10^30 supporters.", "10^30", 10**30),
    ("The club had 10**30 supporters.", "10**30", 10**30),
    ("The club had 1e30 supporters.", "1e30", 10**30),
    ("The club had 10³⁰ supporters.", "10³⁰", 10**30),
    ("The club had 2^10 supporters.", "2^10", 1024),
    ("The club had 1.5E6 supporters.", "1.5E6", 1_500_000),
    ("The club had about 4 x 10^3 supporters.", "about 4 x 10^3", 4000),
    ("The club had 7×10² supporters.", "7×10²", 700),
]


@pytest.mark.parametrize(("sentence", "quoted", "value"), EXPONENT_CASES)
def test_a_number_with_an_exponent_is_read_as_that_number(sentence, quoted, value):
    found = find_quantities(sentence)
    assert [(q.text, q.low if q.qualifier != "at_most" else q.high) for q in found] == [(quoted, value)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The club had 10^-3 supporters.",  # not a whole number
        "The club had 10^99999 supporters.",  # too large to write out: not read, never read as 10
        "The club had 2.5^2 supporters.",  # a decimal base
        "The club had 3,000² supporters.",  # a superscript after another base is a footnote mark
    ],
)
def test_an_exponent_that_gives_no_whole_number_is_not_read_at_all(sentence):
    assert find_quantities(sentence) == []


def test_an_exponent_range_and_never_its_parts():
    [q] = find_quantities("between 10^3 and 10^4 people")
    assert (q.low, q.high, q.qualifier) == (1000, 10000, "range")
    assert all(q.low not in (3, 4, 10) for q in find_quantities("It lists 10**3 and 10**4 people."))


@pytest.mark.parametrize(
    "sentence",
    [
        "A bomb killed 3\u0301 people.",  # a combining mark on the digit
        "A bomb killed 2\u0308 people.",
        "A bomb killed 1\u200b000 people.",  # a zero-width space inside the numeral
        "A bomb killed 1\u2060000 people.",  # a word joiner
        "A bomb killed 4\uff15 people.",  # an ASCII digit followed by a full-width one
        "A bomb killed \uff147 people.",
        "A bomb killed 6\u0663 people.",  # Arabic-Indic digit after an ASCII one
        "A bomb killed 1'000 people.",  # a Swiss thousands separator: not read, never read as 1
        "A bomb killed seven\u0301 people.",
    ],
)
def test_a_numeral_glued_to_marks_or_other_digits_is_not_read_by_halves(sentence):
    assert find_quantities(sentence) == []


def test_full_width_digits_alone_are_not_read():
    assert find_quantities("A bomb killed \uff13\uff10 people.") == []


def test_a_combining_mark_on_a_day_does_not_make_the_day_a_count():
    # "1\u0301 May": the day carries a mark; it must not be read as one casualty
    found = find_quantities("On 1\u0301 May 1990 a bomb killed 3 people.")
    assert [(q.text, q.low) for q in found] == [("3", 3)]


def test_a_spaced_plus_before_a_word_is_at_least_and_before_a_number_a_sum():
    from pipeline.text.numbers import find_quantities

    def read(text):
        return [(q.low, q.high, q.qualifier, text[q.start:q.end]) for q in find_quantities(text)]

    assert read("They counted 4,000 plus recruits.") == [(4000, None, "at_least", "4,000 plus")]
    assert read("They counted 4,000 plus 300 recruits.") == [(4000, 4000, "exact", "4,000"), (300, 300, "exact", "300")]
    assert read("They counted 4,000 plus another 300.") == [(4000, 4000, "exact", "4,000"), (300, 300, "exact", "300")]
    assert read("They counted 4,000 plus. Others left.") == [(4000, 4000, "exact", "4,000")]
