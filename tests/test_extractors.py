"""Extractors on short crafted sentences, plus properties on arbitrary text."""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.extractors import extract_document
from pipeline.extractors.organisation import from_aliases
from pipeline.package.checks import domain_errors

D = dt.date


def events(text, this_year=None):
    return extract_document("t", text, this_year=this_year)["event_mentions"]


def designations(text, org=None):
    return extract_document("t", text, org=org)["designation_mentions"]


def membership(text):
    return extract_document("t", text)["membership_mentions"]


def one(rows):
    assert len(rows) == 1, rows
    return rows[0]


# --- events -------------------------------------------------------------------

def test_dated_protest_with_place():
    r = one(events("On 20 June 1981, the MEK organized a demonstration in Tehran."))
    assert (r["date_start"], r["date_end"], r["date_precision"]) == (D(1981, 6, 20), D(1981, 6, 20), "day")
    assert r["event_type"] == "protest"
    assert (r["location"], r["country"]) == ("Tehran", "IR")


def test_undated_sentence_is_not_an_event():
    assert events("The MEK organized a demonstration in Tehran.") == []


def test_sentence_without_event_word_is_not_an_event():
    assert events("In 1990 the weather was fine.") == []


def test_two_dated_clauses_are_two_mentions():
    rows = events("In February 1974, the group attacked a police station in Isfahan; in April, they bombed a bank.")
    assert [(r["date_start"], r["date_end"], r["date_precision"]) for r in rows] == [
        (D(1974, 2, 1), D(1974, 2, 28), "month"),
        (D(1974, 4, 1), D(1974, 4, 30), "month"),
    ]
    assert {r["event_type"] for r in rows} == {"attack"}


def test_one_occurrence_with_several_actions_is_one_mention():
    r = one(events("In 2003, the military wing signed a ceasefire agreement and was disarmed at the camp."))
    assert r["event_type"] == "agreement"


def test_year_carried_from_previous_sentence_of_same_section():
    rows = events("In 1982, the regime cracked down on the group. On 8 February a commander was killed in a gunfight.")
    assert [r["date_start"] for r in rows] == [D(1982, 1, 1), D(1982, 2, 8)]
    assert rows[1]["event_type"] == "attack"


def test_year_not_carried_across_a_heading():
    rows = events("In 1982, the regime cracked down on the group.\n== Exile ==\nOn 8 February a commander was killed.")
    assert [r["date_start"] for r in rows] == [D(1982, 1, 1)]


def test_founding_of_the_group_vs_founding_of_a_wing():
    assert one(events("The group was founded in 1965 by students."))["event_type"] == "founding"
    assert one(events("In 1987, it founded the National Liberation Army."))["event_type"] == "organisational"


def test_attribution_is_kept():
    r = one(events("According to the U.S. State Department, the MEK bombed an office in 1981."))
    assert "State Department" in r["attributed_by"]


def test_casualties():
    r = one(events("A rocket attack killed 5 and injured 50 others at the camp on 9 February 2013."))
    assert (r["deaths_low"], r["deaths_high"], r["injured_low"], r["injured_high"]) == (5, 5, 50, 50)


# --- designations -----------------------------------------------------------------

def test_listing_with_year():
    r = one(designations("In 1997, the United States put the MEK on the list of Foreign Terrorist Organizations."))
    got = (r["jurisdiction"], r["action"], r["date_start"], r["date_precision"])
    assert got == ("US", "listed", D(1997, 1, 1), "year")


def test_two_delistings_with_their_own_dates():
    rows = designations("The United Kingdom lifted the group's designation as a terrorist group in June 2008, "
                        "followed by the Council of the European Union on 26 January 2009.")
    got = sorted((r["jurisdiction"], r["action"], r["date_start"], r["date_precision"]) for r in rows)
    assert got == [("EU", "delisted", D(2009, 1, 26), "day"), ("GB", "delisted", D(2008, 6, 1), "month")]


def test_standing_status_of_two_countries_is_undated():
    rows = designations("The group is designated as a terrorist organization by Iran and Iraq.")
    assert sorted((r["jurisdiction"], r["action"], r["date_start"]) for r in rows) == [
        ("IQ", "listed", None), ("IR", "listed", None)]


def test_delisting_denied():
    r = one(designations("In 2009, the U.S. Secretary of State denied the group its request to be delisted."))
    assert (r["jurisdiction"], r["action"]) == ("US", "delisting_denied")


def test_court_annuls_a_freeze():
    r = one(designations("In 2006, an EU freeze on the group's funds was overturned by the European Court of "
                         "First Instance."))
    assert (r["jurisdiction"], r["action"], r["date_start"]) == ("EU", "listing_annulled_by_court", D(2006, 1, 1))


def test_country_that_only_applies_pressure_is_not_a_jurisdiction():
    r = one(designations("In 2002, the European Union, pressured by Washington, added the group to its "
                         "terrorist list."))
    assert r["jurisdiction"] == "EU"


def test_other_organisation_proscribed_by_home_office():
    r = one(designations("The Home Office proscribed the group as a terrorist organisation in March 2001."))
    assert (r["jurisdiction"], r["action"], r["date_start"]) == ("GB", "listed", D(2001, 3, 1))


def test_no_list_context_no_designation():
    assert designations("In 2012 the United States moved troops to the region.") == []


# --- membership -------------------------------------------------------------------

def test_approximate_membership_at_a_camp():
    r = one(membership("In mid-2014, some 3,000 members resided at Camp Liberty near Baghdad."))
    assert (r["low"], r["high"], r["qualifier"], r["unit"]) == (3000, 3000, "approximately", "members")
    assert r["scope"] == "Camp Liberty"
    assert (r["date_start"], r["date_precision"]) == (D(2014, 1, 1), "year")


def test_range_membership_is_global():
    r = one(membership("In the 2000s, the organization had between 5,000 and 10,000 members."))
    assert (r["low"], r["high"], r["qualifier"], r["scope"]) == (5000, 10000, "range", "global")
    assert r["date_precision"] == "decade"


def test_lower_and_upper_bounds():
    r = one(membership("There are estimated to be over 2,000 followers in the camp."))
    assert (r["low"], r["high"], r["qualifier"], r["unit"]) == (2000, None, "at_least", "followers")
    r = one(membership("The camp became its biggest base, housing up to 3,500 people."))
    assert (r["low"], r["high"], r["qualifier"], r["unit"]) == (None, 3500, "at_most", "people")


def test_casualty_figures_are_not_membership():
    assert membership("In 2013, 52 members were killed during an attack on the camp.") == []
    assert membership("In 2003, police arrested 160 members.") == []


def test_estimator_from_according_to():
    r = one(membership("By 2018, over 4,000 MEK members had entered Albania, according to the INSTAT data."))
    assert r["estimator"].startswith("INSTAT")
    assert r["scope"] == "Albania"


# --- properties ------------------------------------------------------------------

WORDS = st.sampled_from([
    "In", "1997", "on", "5", "September", "1965", "the", "MEK", "was", "founded", "listed", "terrorist",
    "United States", "members", "over", "2,000", "killed", "between", "and", "to", "June", "mid-2014", ".",
    ",", ";", "\n", "== H ==", "31 February 1990", "the 1970s", "Iran", "EU", "delisted", "about", "camp",
])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(WORDS, max_size=40).map(" ".join)))
@example("September to 1800:MEK:FOUNDED")  # a range within one year once kept its month at year precision
def test_extractors_never_raise_and_keep_evidence(text):
    for table, rows in extract_document("t", text).items():
        ids = [r["mention_id"] for r in rows]
        assert len(ids) == len(set(ids)), table
        for r in rows:
            assert text[r["char_start"] : r["char_end"]] == r["quote"]
            assert r["quote"]
            if r["date_start"] is not None:
                assert r["date_start"] <= r["date_end"]
                assert r["date_precision"] in {"day", "month", "year", "decade"}
            if table == "membership_mentions" and r["low"] is not None and r["high"] is not None:
                assert r["low"] <= r["high"]
    # Every invariant the validation gate checks (quote, interval, precision, qualifier) holds.
    assert domain_errors({"t": text}, extract_document("t", text)) == []


def test_the_camp_resolves_to_the_camp_named_before():
    text = ("The group relocated to Camp Liberty near Baghdad.\n"
            "There are estimated to be over 2,000 followers in the camp, while its leaders are based in France.")
    r = one(membership(text))
    assert (r["low"], r["scope"]) == (2000, "Camp Liberty")


def test_each_figure_takes_the_place_after_it_not_the_next_figures():
    rows = membership("In the 2000s, the organization had between 5,000 and 10,000 members, "
                      "with 2,900 to 3,400 at Camp Ashraf.")
    assert [(r["low"], r["high"], r["scope"], r["unit"]) for r in rows] == [
        (5000, 10000, "global", "members"), (2900, 3400, "Camp Ashraf", "members")]


def test_global_membership_wins_over_a_later_place():
    r = one(membership("In August 2011 the State Department put the group's global membership between 5,000 and "
                       "10,000, most of them in Paris."))
    assert (r["low"], r["high"], r["scope"]) == (5000, 10000, "global")


def test_small_counts_and_adjectival_group_names_are_not_sizes():
    assert membership("By 1975 two opposing MEK factions had formed.") == []
    assert membership("The committee had three members.") == []


def test_undated_membership_takes_the_paragraph_date():
    r = one(membership("In 2016, the United States made a deal with the MEK. About 3,000 members moved to Albania."))
    assert (r["date_start"], r["date_inherited"], r["scope"]) == (D(2016, 1, 1), True, "Albania")


# --- designations of other organisations (generality) --------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2008, the General Court of the European Union annulled the Council's decision to freeze the "
         "funds of the PKK.", [("EU", "listing_annulled_by_court", D(2008, 1, 1))]),
        ("In 1992, India banned the LTTE as a terrorist organisation.", [("IN", "listed", D(1992, 1, 1))]),
        ("Hamas was added to the EU terrorist list in 2003; in 2014 the General Court annulled the listing "
         "on procedural grounds.",
         [("EU", "listed", D(2003, 1, 1)), ("EU", "listing_annulled_by_court", D(2014, 1, 1))]),
        ("Australia listed the PKK as a terrorist organisation on 17 December 2005.",
         [("AU", "listed", D(2005, 12, 17))]),
        ("In 2010, Japan removed the group from its list of terrorist organisations.",
         [("JP", "delisted", D(2010, 1, 1))]),
        ("On 12 March 2019, the Court of Justice upheld the listing of the group.",
         [("EU", "delisting_denied", D(2019, 3, 12))]),
        ("The Canadian government listed the group as a terrorist entity in May 2005 and delisted it on "
         "20 December 2012.", [("CA", "listed", D(2005, 5, 1)), ("CA", "delisted", D(2012, 12, 20))]),
    ],
)
def test_listing_histories_of_other_groups(text, expected):
    rows = designations(text, org=from_aliases(["PKK", "LTTE", "Hamas"]))
    assert [(r["jurisdiction"], r["action"], r["date_start"]) for r in rows] == expected


def test_a_sentence_continuing_a_listing_paragraph_is_read():
    rows = designations("In 2009 the European Union struck the group from its list of terrorist organisations. "
                        "The US did the same in September 2012, having originally listed the group in 1997.")
    assert [(r["jurisdiction"], r["action"], r["date_start"]) for r in rows] == [
        ("EU", "delisted", D(2009, 1, 1)), ("US", "delisted", D(2012, 9, 1)), ("US", "listed", D(1997, 1, 1))]


def test_campaigns_and_protected_status_are_not_listing_acts():
    assert designations("In 2011, lobbyists were paid to campaign for delisting the group in the US.") == []
    assert designations("In June 2004, the U.S. designated the members protected persons under the Fourth "
                        "Geneva Convention, a status which expired in 2009.") == []


# --- events: splitting and dates from context -----------------------------------------

def test_second_occurrence_after_the_year_is_its_own_mention():
    rows = events("The group was outlawed in Iran in 1981, the year authorities accused it of a bomb attack.")
    assert [(r["event_type"], r["date_start"]) for r in rows] == [("legal", D(1981, 1, 1)), ("attack", D(1981, 1, 1))]


def test_inherited_date_is_widened_to_the_year_and_flagged():
    rows = events("On 30 June 2018 Belgian police arrested a couple near an MEK rally. "
                  "Police also detained a diplomat in Vienna.")
    assert [(r["date_start"], r["date_end"], r["date_precision"], r["date_inherited"]) for r in rows] == [
        (D(2018, 6, 30), D(2018, 6, 30), "day", False), (D(2018, 1, 1), D(2018, 12, 31), "year", True)]


def test_continuing_the_same_occurrence_keeps_the_full_date():
    rows = events("In June 2003, French police raided the offices. 160 members were then arrested.")
    got = [(r["date_start"], r["date_precision"]) for r in rows]
    assert got == [(D(2003, 6, 1), "month"), (D(2003, 6, 1), "month")]


def test_commentary_and_negation_do_not_inherit_a_date():
    assert len(events("In 1981 the group bombed an office. Analysts wrote that the bombing failed.")) == 1
    assert len(events("In 1981 the group bombed an office. He was not arrested.")) == 1


def test_until_runs_from_the_context_date():
    rows = events("In June 1981 the regime cracked down. The group initiated attacks that lasted until 1982.")
    assert (rows[1]["date_start"], rows[1]["date_end"], rows[1]["date_precision"]) == (
        D(1981, 1, 1), D(1982, 12, 31), "year")


def test_relative_month():
    rows = events("Officials of the group were killed in August 1981. "
                  "The month prior, he established a council in Tehran.")
    assert (rows[1]["date_start"], rows[1]["date_end"], rows[1]["event_type"]) == (
        D(1981, 7, 1), D(1981, 7, 31), "organisational")


def test_scene_setting_phrase_does_not_type_the_event():
    r = one(events("During the exile in 1981, the group's network in Iran carried out a bombing."))
    assert r["event_type"] == "attack"


def test_an_estimated_figure_names_no_estimator():
    r = one(membership("An estimated 3,000 members live in the camp."))
    assert (r["low"], r["estimator"]) == (3000, None)
    r = one(membership("In 2011 a New York Times reporter estimated 200 people were present at the MEK camp."))
    assert r["estimator"] == "a New York Times reporter"
