"""Membership estimates (pipeline/extractors/membership.py) on crafted sentences.

Every sentence here is written for these tests; none is copied from a source or the corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.extractors import extract_document, lexicon
from pipeline.extractors import membership as M
from pipeline.extractors.organisation import from_aliases, load


def rows(text: str, aliases: list[str] | None = None) -> list[dict]:
    org = from_aliases(aliases) if aliases else None
    return extract_document("t", text, org=org)["membership_mentions"]


def one(found: list[dict]) -> dict:
    assert len(found) == 1, found
    return found[0]


# --- vocabulary and profile as data ----------------------------------------------------

def test_the_lexicon_is_data_and_keeps_the_old_names():
    data = json.loads((Path(lexicon.__file__).with_name("lexicons") / "membership.json").read_text("utf-8"))
    assert "units" in data and "weak_units" in data
    assert lexicon.UNITS["residents"] == "residents"
    assert lexicon.UNITS["combatants"] == "fighters"
    assert "people" in lexicon.WEAK_UNITS
    assert lexicon.ESTIMATOR_RES and lexicon.NON_MEMBERSHIP_RE.search("were killed")


def test_no_organisation_name_in_the_code_or_the_lexicon():
    org = load()
    code = Path(M.__file__).read_text("utf-8")
    lex = (Path(lexicon.__file__).with_name("lexicons") / "membership.json").read_text("utf-8")
    for name in (*org.abbreviations, *org.member_words, *(s.name for s in org.sites)):
        assert not re.search(rf"\b{re.escape(name)}\b", code), name
        assert not re.search(rf"\b{re.escape(name)}\b", lex, re.IGNORECASE), name


def test_another_organisations_abbreviation_is_its_count_noun():
    r = one(rows("In 2005 the Free Valley Front (FVF) had 2,400 FVF in the hills.", ["Free Valley Front", "FVF"]))
    assert (r["low"], r["unit"], r["rule_id"]) == (2400, "members", "me.org_noun")
    # the default profile's abbreviation is not a count noun for another organisation
    assert rows("In 2005 the Free Valley Front had 2,400 MEK in the hills.", ["Free Valley Front"]) == []


def test_the_profiles_member_word_is_a_count_noun_in_any_spelling():
    r = one(rows("By 1984 some 1,300 Mujaheddin lived in the capital."))
    assert (r["low"], r["unit"], r["rule_id"]) == (1300, "members", "me.org_noun")


# --- the kinds of figures ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "low", "high", "qualifier", "unit"), [
    ("The MEK's membership has never gone beyond 2,500 to 3,000, an analyst wrote.", 2500, 3000, "range", "members"),
    ("Observers say the MEK's members number no more than five to six hundred.", 500, 600, "range", "members"),
    ("In 1991 the MEK could muster 3,500.", 3500, 3500, "exact", "fighters"),
    ("In 1986 around 2,200 MEK fighters crossed into Iran.", 2200, 2200, "approximately", "fighters"),
    ("In 2009 the MEK had 4-5,000 members in Iraq, a diplomat said.", 4000, 5000, "range", "members"),
    ("In 2009 the MEK had 2,000-plus fighters in Iraq.", 2000, None, "at_least", "fighters"),
])
def test_ceilings_and_force_sizes(text, low, high, qualifier, unit):
    r = one(rows(text))
    assert (r["low"], r["high"], r["qualifier"], r["unit"]) == (low, high, qualifier, unit)


def test_a_force_referred_back_to_takes_the_name_given_before():
    text = ("The MEK set up the National Liberation Army in 1987.\n\n"
            "The army, a force trained in Iraq, grew fast. Analysts put its strength at 8,000 troops.")
    r = one(rows(text))
    assert (r["unit"], r["scope"]) == ("fighters", "National Liberation Army")


def test_a_force_on_the_move_is_not_sized_by_where_it_goes():
    r = one(rows("In 1987 some 3,500 MEK fighters crossed into Iran."))
    assert (r["unit"], r["scope"], r["rule_id"]) == ("fighters", "global", "me.force_size")


def test_another_states_force_is_not_the_organisations():
    assert rows("In 2012 Iraq deployed 4,500 troops around the MEK camp.") == []
    assert one(rows("In 1988 the MEK could muster 4,500 troops."))["unit"] == "fighters"


def test_numbered_needs_the_organisation_just_before():
    assert one(rows("In 1986 the MEK's army numbered about 11,000."))["low"] == 11000
    assert rows("In 2011 the MEK said Iraqi police, numbering about 1,400, surrounded the camp.") == []


def test_worldwide_after_the_unit_is_global():
    r = one(rows("The MEK, which claims 9,000 members worldwide, held a rally in Berlin."))
    assert r["scope"] == "global"


def test_a_fighting_complement_of_men_and_women_is_a_force():
    r = one(rows("In 1987 the NLA's main base had a fighting complement of about 700 men and women."))
    assert (r["low"], r["unit"], r["rule_id"]) == (700, "fighters", "me.force_size")


def test_a_population_figure_needs_the_word_right_before_it():
    r = one(rows("In 2011 the population of Camp Ashraf stood at roughly 3,100; it includes 900 women."))
    assert (r["low"], r["unit"], r["scope"]) == (3100, "residents", "Camp Ashraf")


def test_the_population_of_the_site_just_named():
    text = "Camp Ashraf was the MEK's main base in Iraq. Its population used to be about 3,300 in 2010."
    r = one(rows(text))
    assert (r["low"], r["unit"], r["scope"]) == (3300, "residents", "Camp Ashraf")


def test_a_citys_population_is_not_the_groups():
    assert rows("The MEK had an office in Tirana. The population of Tirana in 2015 was about 420,000.") == []


def test_a_peoples_population_is_not_a_site_population():
    text = "The MEK recruits in the west. The population of Kurds in the region ranges from 1.2 million to 2 million."
    assert rows(text) == []


def test_a_force_without_a_name_is_global():
    assert one(rows("In 1987 the MEK could muster 4,000 fighters."))["scope"] == "global"


def test_site_population_takes_the_site_named_before_or_the_camps_antecedent():
    r = one(rows("In 2005 Camp Ashraf, home to 3,100 Iranian exiles near the border, was surrounded by the MEK."))
    assert (r["unit"], r["scope"], r["rule_id"]) == ("residents", "Camp Ashraf", "me.site_population")
    text = "The MEK left Camp Liberty for good in 2016. Before that, the camp's 2,900 residents had been moved there."
    assert one(rows(text))["scope"] == "Camp Liberty"


def test_remaining_figures_count_the_site_left_behind():
    text = "In 2012 the MEK transferred 1,800 residents out of Camp Ashraf into Camp Liberty, with only 250 remaining."
    found = rows(text)
    rest = [r for r in found if r["low"] == 250]
    assert len(rest) == 1 and rest[0]["scope"] == "Camp Ashraf" and rest[0]["unit"] == "residents"
    assert rest[0]["rule_id"] == "me.remaining"


def test_a_bare_remaining_figure_takes_the_unit_of_the_estimate_before():
    text = "In 2017, 2,100 MEK members were relocated to Albania. By 2018, 2,050 remain in Albania."
    found = rows(text)
    assert [(r["low"], r["unit"], r["scope"]) for r in found] == [
        (2100, "members", "Albania"), (2050, "members", "Albania")]


def test_a_total_moved_to_a_country_with_a_weak_noun():
    r = one(rows("In 2019 a total of 1,400 Iranians from the MEK camp were relocated to Albania."))
    assert (r["unit"], r["scope"], r["rule_id"]) == ("people", "Albania", "me.moved_total")


@pytest.mark.parametrize(("text", "scope"), [
    ("By 1984 over 800 MEK members had left their offices in Rome for a base near the border, the MEK said.",
     "a base near the border"),                                   # a departure: the place named is the origin
    ("By 2017, 1,500 MEK residents had been resettled in third countries.", "third countries"),
    ("In 2015 the MEK moved to Camp Liberty, where some 2,400 members live.", "Camp Liberty"),
    ("In 2009 Ashraf's 3,200 residents were cut off, the MEK said.", "Ashraf"),
])
def test_scope_of_departures_described_destinations_and_possessives(text, scope):
    assert one(rows(text))["scope"] == scope


def test_a_described_destination_is_a_moved_total():
    r = one(rows("By 2017, 1,500 MEK residents had been resettled in third countries."))
    assert r["rule_id"] == "me.moved_total"


@pytest.mark.parametrize(("text", "low", "scope"), [
    ("In 2008 there were about 3,100 exiles at Camp Ashraf, the MEK said.", 3100, "Camp Ashraf"),
    ("In 2008 the MEK said 3,300 people were living in the camp.", 3300, "the camp"),
])
def test_a_weak_noun_at_a_site_is_its_population(text, low, scope):
    r = one(rows(text))
    assert (r["low"], r["scope"], r["rule_id"]) == (low, scope, "me.site_population")


def test_a_figure_of_the_groups_own_members():
    r = one(rows("In 2008 some 2,400 of the group's members lived in Iraq, the MEK said."))
    assert (r["low"], r["unit"], r["quote"]) == (2400, "members", "some 2,400 of the group's members")


@pytest.mark.parametrize(("text", "scopes"), [
    ("The MEK's camps in 2011:\n\n- Camp Ashraf: 3,200 residents\n- Camp Liberty: 300 residents",
     ["Camp Ashraf", "Camp Liberty"]),
    ("In 2009 Camp Ashraf (3,250 residents) was cut off, the MEK said.", ["Camp Ashraf"]),
    ("In 2009 the MEK said 3,150 residents of Camp Ashraf were protected persons.", ["Camp Ashraf"]),
])
def test_a_site_named_with_its_figure(text, scopes):
    assert [r["scope"] for r in rows(text)] == scopes


def test_a_bare_figure_followed_by_another_noun_counts_something_else():
    text = "Camp Ashraf, the MEK's base, is a town of exiles: some 36 hectares with over a hundred buildings."
    assert rows(text) == []
    assert one(rows("The MEK's membership, about 4,100 in 2002, fell later."))["low"] == 4100


def test_a_country_inside_the_organisations_name_is_no_scope():
    r = one(rows("In 2014 Albania agreed to take about 2,900 members of the People's Mojahedin Organization of Iran."))
    assert r["scope"] == "global"


def test_a_destination_wins_over_the_site_they_come_from():
    r = one(rows("In 2012 some 2,900 former residents of Camp Ashraf were transferred to Camp Liberty."))
    assert r["scope"] == "Camp Liberty"


def test_a_site_named_inside_the_figure():
    r = one(rows("In 2016 the UN welcomed the move of more than 2,900 Camp Liberty residents of the MEK."))
    assert r["scope"] == "Camp Liberty"


def test_the_number_of_victims_is_not_a_size():
    assert rows("In 2013 the number of MEK residents killed at the camp rose to 52.") == []
    assert one(rows("In 2013 the number of MEK residents at the camp fell to 2,900."))["low"] == 2900


def test_lost_their_lives_is_an_event_figure():
    assert rows("On the day of the attack on the MEK camp, 48 residents lost their lives.") == []


def test_a_total_of_is_not_global():
    assert one(rows("In 2019 a total of 1,400 MEK members were moved to Albania."))["scope"] == "Albania"


# --- what is not a size ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "In 2010 about 90 armed men raided the MEK camp.",            # weak unit, nothing ties it to the group
    "Police held 55 MEK members in custody in 2004.",             # detained
    "In 2009 Iraqi troops killed 12 and wounded 150 MEK residents.",  # casualties
    "About 300 MEK members defected in 2005.",                    # defectors
    "In 2006, 250 members of the Italian Senate backed the MEK.",  # another body's members
    "In 2016 the last 300 MEK residents left for Albania.",       # a batch
    "In 2016 the MEK flew 140 more residents to Albania.",        # a batch
    "The MEK rally in 2015 drew 30,000 people.",                  # attendance
    "In 2014 the UN interviewed 1,300 MEK residents.",            # a procedure's count
])
def test_event_figures_batches_and_other_bodies_are_not_sizes(text):
    assert rows(text) == []


def test_an_attack_on_the_population_does_not_hide_its_size():
    r = one(rows("In 2013 gunmen launched an assault against the 150 remaining residents of Camp Ashraf."))
    assert (r["low"], r["scope"]) == (150, "Camp Ashraf")


def test_a_continuation_needs_an_estimate_to_continue():
    assert rows("In 2002 police arrested 60 MEK members, of whom 20 were later charged.") == []
    found = rows("In 2002 the MEK had 3,200 members, of which 2,900 at Camp Ashraf.")
    assert [(r["low"], r["scope"], r["rule_id"]) for r in found] == [
        (3200, "global", "me.unit_after"), (2900, "Camp Ashraf", "me.continued")]


def test_a_continuation_keeps_the_scope_of_what_it_continues():
    found = rows("By 2017 some 2,600 MEK members had moved to Albania, of which 1,100 in the course of 2017.")
    assert [(r["low"], r["scope"]) for r in found] == [(2600, "Albania"), (1100, "Albania")]
    assert found[1]["date_start"].year == 2017


def test_a_bare_members_is_not_enough_to_show_the_organisation_takes_part(monkeypatch):
    # "members" alone refers to the organisation in the document model (doc.participates);
    # for sizes it is not enough: every body's size is given in members.
    text = "The trade alliance grew from 14 members to 21 in 1999."
    assert rows(text) == []
    monkeypatch.setattr(M, "STRICT_PARTICIPATION", False)
    assert [r["low"] for r in rows(text)] == [14, 21]
    monkeypatch.setattr(M, "STRICT_PARTICIPATION", True)
    assert [r["low"] for r in rows("The MEK grew from 14 members to 21 in 1999.")] == [14, 21]


def test_estimator_skips_a_leading_preposition():
    r = one(rows("In 2015 the MEK said 2,800 of its members lived at Camp Liberty."))
    assert r["estimator"] == "MEK"


def test_any_countrys_nationals_are_counted_with_a_cue_and_only_then():
    """Nationals of any country (from the gazetteer), not one nationality: a weak unit that needs a cue."""
    org = from_aliases(["Northern Front"])
    lead = "The Northern Front has its camp near Kabul. "
    found = extract_document("t", lead + "In 2001, about 2,400 Afghans lived at the camp.", org=org)
    assert [r["low"] for r in found["membership_mentions"]] == [2400]
    voted = extract_document("t", lead + "In 2001, about 2,400 Afghans voted in the election there.", org=org)
    assert voted["membership_mentions"] == []
    assert {"afghans", "iraqi nationals", "lebanese nationals"} <= lexicon.WEAK_UNITS


# --- forms of size statements (issue #11) ----------------------------------------------

ACME = ["Acme Front", "AF"]


def figures(text: str) -> list[tuple]:
    return [(r["low"], r["high"], r["unit"], r["scope"]) for r in rows(text, ACME)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Front has thousands of supporters and some 3,000 armed men.", [(3000, 3000, "fighters", "global")]),
        ("In 2005 a 3,000-strong Acme Front force attacked.", [(3000, 3000, "fighters", "global")]),
        ("Acme Front was founded in 1990. Its ranks swelled to 7,000 in 1996.", [(7000, 7000, "members", "global")]),
        ("In 2012 Acme Front had between 5,000 and 10,000 members.", [(5000, 10000, "members", "global")]),
        ("In 2012 Acme Front had as many as 10,000 members.", [(None, 10000, "members", "global")]),
        ("Acme Front could field up to 5,000 fighters in 2004.", [(None, 5000, "fighters", "global")]),
        ("Acme Front commanded 2,000 gunmen in 2008.", [(2000, 2000, "fighters", "global")]),
    ],
)
def test_more_forms_of_size(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The town of 30,000 residents was hit by an Acme Front attack in 2005.",
        "In 2005 the province's 3,000 residents fled Acme Front attacks.",
        "Acme Front attacked a village of 500 people in 2004.",
        "Iraq has 5,000 troops near the Acme Front camp.",
    ],
)
def test_a_place_population_or_another_force_is_not_the_groups_size(text):
    assert rows(text, ACME) == []


def test_leaving_n_at_a_site_counts_who_remain():
    text = ("In 2012 the MEK transferred 1,500 residents out of Camp Ashraf into Camp Liberty, leaving about 1,700 at "
            "Ashraf.")
    assert [(r["low"], r["unit"], r["scope"], r["rule_id"]) for r in rows(text) if r["low"] == 1700] == [
        (1700, "residents", "Ashraf", "me.remaining")]


def test_a_force_that_shrank_to_n_men():
    text = ("In the 1980s the MEK's National Liberation Army numbered 12,000 fighters. By 2003 the army had "
            "shrunk to about 4,000 men.")
    assert [(r["low"], r["unit"], r["scope"]) for r in rows(text)] == [
        (12000, "fighters", "National Liberation Army"), (4000, "fighters", "National Liberation Army")]


def test_the_new_camp_is_the_last_camp_named():
    text = "In 2012 the MEK began moving from Camp Ashraf to Camp Liberty. By May some 1,900 residents had moved " \
           "to the new camp."
    assert [(r["low"], r["scope"]) for r in rows(text)] == [(1900, "Camp Liberty")]


def test_an_armed_wings_abbreviation_names_the_force():
    assert [(r["low"], r["scope"]) for r in rows("In 1988 some 7,000 NLA fighters invaded Iran.")] == [(7000, "NLA")]


def test_a_camp_described_by_a_country_is_not_the_sites_name():
    text = "Camp Liberty, a former US base near Baghdad, housed about 3,000 MEK members in 2013."
    assert [(r["low"], r["scope"]) for r in rows(text)] == [(3000, "Camp Liberty")]


def test_a_pronoun_after_the_organisation_builds_its_own_army_not_a_faced_one():
    assert [(r["low"], r["unit"]) for r in rows(
        "In 1986 the MEK moved its headquarters to Iraq, where it built an army of about 15,000.")] == [
        (15000, "fighters")]
    assert rows("The MEK moved to Iraq in 1986, where it faced an army of 50,000.") == []


@pytest.mark.parametrize(
    ("text", "estimator"),
    [
        ("In 2005 the MEK was estimated to have roughly 2,000 members.", None),  # estimated, not estimating
        ("The MEK has an estimated 1,500 to 2,000 cadres.", None),
        ("US officials say the MEK has 3,000 members.", "US officials"),
        ("The MEK has between 1,000 and 2,000 members, according to Indian intelligence.", "Indian intelligence"),
    ],
)
def test_who_estimates(text, estimator):
    assert [r["estimator"] for r in rows(text)] == [estimator]


def test_jet_fighters_are_aircraft():
    assert rows("In 1990 the MEK had 48 jet fighters, a defector said.") == []
    assert [r["low"] for r in rows("In 1990 the MEK had 4,800 fighters, a defector said.")] == [4800]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The residents of Camp Liberty, numbering about 3,000, were moved in 2013.",
         [(3000, "residents", "Camp Liberty")]),
        ("Camp Liberty, with some 2,900 residents, was attacked in 2015.", [(2900, "residents", "Camp Liberty")]),
        ("By 2018 the MEK's compound in Albania was home to about 2,500 members.", [(2500, "members", "Albania")]),
        ("In 2012, the group's members in Camp Liberty numbered 3,100.", [(3100, "members", "Camp Liberty")]),
        ("The NLA, numbering 7,000, attacked in July 1988.", [(7000, "fighters", "NLA")]),
    ],
)
def test_the_site_or_force_a_figure_counts(text, expected):
    assert [(r["low"], r["unit"], r["scope"]) for r in rows(text)] == expected


# --- a figure in the present tense takes the document's year (_present_date) ------------------

def _dated_rows(text: str, when: str | None = "2019-03-04") -> list[dict]:
    from pipeline.text.docdate import from_manifest

    date = from_manifest(when, None) if when else None
    return extract_document("t", text, document_date=date)["membership_mentions"]


def _date(row: dict) -> tuple:
    return (str(row["date_start"]), str(row["date_end"]), row["date_precision"], row["date_text"],
            row["date_inherited"])


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The MEK moved to the hills in the spring of 2011. It has some 2,400 members there.", "has"),
        ("The MEK signed a deal in May 2016. So far about 1,700 members have been relocated to Albania.", "So far"),
        ("In 2001 the MEK opened an office. There are estimated to be over 1,100 followers in the camp.", "are"),
        ("The MEK camp opened in 2014. Its armed wing currently counts some 3,300 armed fighters.", "currently"),
        ("The MEK moved there in 2014. Some 2,100 MEK members live in the new camp.", "live"),
        ("The MEK moved there in 2014. The new camp houses roughly 2,100 residents.", "houses"),
    ],
)
def test_a_present_figure_is_dated_to_the_documents_year_not_the_paragraphs_last_date(text, cue):
    r = one(_dated_rows(text))
    assert _date(r) == ("2019-01-01", "2019-12-31", "year", cue, True)


@pytest.mark.parametrize(
    "text",
    [
        "The MEK moved to the hills in the spring of 2011. It had some 2,400 members there.",  # past auxiliary
        "The MEK moved to the hills in the spring of 2011. Its strength grew to 2,400 fighters.",  # irregular past
        "The MEK moved to the hills in the spring of 2011. The MEK, which is based there, fielded 2,400 fighters.",
        "The MEK moved to the hills in the spring of 2011. It will have some 2,400 members there.",  # future
    ],
)
def test_a_past_or_future_figure_keeps_the_paragraphs_year(text):
    r = one(_dated_rows(text))
    expected = ("2011-01-01", "2011-12-31", "the spring of 2011")
    assert (str(r["date_start"]), str(r["date_end"]), r["date_text"]) == expected


def test_a_present_figure_keeps_its_own_date_and_needs_a_document_date():
    # a date of its own sentence wins (inherited: it is outside the figure's quote)
    r = one(_dated_rows("In 2015 the MEK has some 2,400 members in the hills."))
    assert (str(r["date_start"]), r["date_text"], r["date_inherited"]) == ("2015-01-01", "2015", True)
    # no document date: the paragraph's last date, as before
    r = one(_dated_rows("The MEK moved to the hills in 2011. It has some 2,400 members there.", None))
    assert (str(r["date_start"]), r["date_text"]) == ("2011-01-01", "2011")
    # and with no date at all, none
    r = one(_dated_rows("The MEK has some 2,400 members in the hills.", None))
    assert r["date_start"] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It has 300 members.", "present"),
        ("So far 300 have been relocated.", "present"),
        ("It had 300 members.", "past"),
        ("It has had 300 members.", "present"),
        ("It numbered 300.", "past"),
        ("The group, which is based there, relocated to the hills.", "past"),
        ("Its armed wing has 300 trained fighters.", "present"),
        ("The Paris-based group is said to have 300 members.", "present"),
        ("An estimated 300 members are in the camp.", "present"),
        ("The United Front is large.", "present"),  # a name in -ed is no verb
        ("Some two hundred members are there.", "present"),
        ("Three hundred members.", None),
    ],
)
def test_tense_words(text, expected):
    assert M._tense(text, 0, len(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Since 2013, a total of 2,900 MEK members have been relocated to Albania.",
         ("2013-01-01", "2016-12-31", "year", "Since 2013")),
        ("Since March 2013, some 2,900 MEK members have moved to Albania.",
         ("2013-03-01", "2016-12-31", "year", "Since March 2013")),
        ("The MEK has had 2,900 members in Albania since 2013.", ("2013-01-01", "2016-12-31", "year", "since 2013")),
        # the past tense: the year it names
        ("Since 2013 the MEK grew to 2,900 members.", ("2013-01-01", "2013-12-31", "year", "2013")),
        # not "since": the year it names
        ("In 2013, a total of 2,900 MEK members have been relocated to Albania.",
         ("2013-01-01", "2013-12-31", "year", "2013")),
    ],
)
def test_a_present_perfect_figure_since_a_date_runs_to_the_documents_year(text, expected):
    r = one(_dated_rows(text, "2016-05-01"))
    assert (str(r["date_start"]), str(r["date_end"]), r["date_precision"], r["date_text"]) == expected


def test_since_a_date_needs_a_later_document_date():
    for when in (None, "2013-08-01"):
        r = one(_dated_rows("Since 2013, a total of 2,900 MEK members have been relocated to Albania.", when))
        assert (str(r["date_end"]), r["date_text"]) == ("2013-12-31", "2013")


def test_a_present_clause_does_not_take_another_clauses_date():
    r = one(_dated_rows("The MEK bombed a depot in 2015; it has some 2,400 members."))
    assert (str(r["date_start"]), r["date_text"]) == ("2019-01-01", "has")
    r = one(_dated_rows("The MEK bombed a depot in 2015; it had some 2,400 members."))
    assert (str(r["date_start"]), r["date_text"]) == ("2015-01-01", "2015")
    # the clause's own date still wins
    r = one(_dated_rows("The MEK bombed a depot in 2015; in 2016 it has some 2,400 members."))
    assert (str(r["date_start"]), r["date_text"]) == ("2016-01-01", "2016")


@pytest.mark.parametrize(
    "sentence",
    [
        "At its peak the group had between 10,000 and 15,000 fighters.",
        "Acme Front once fielded as many as 12,000 fighters.",
        "In its heyday Acme Front counted some 8,000 members.",
    ],
)
def test_a_time_named_only_in_words_takes_no_date_from_the_paragraph(sentence):
    text = f"Acme Front was founded in 1971 by students. {sentence}"
    found = one(rows(text, ["Acme Front"]))
    assert found["date_start"] is None and found["date_precision"] is None


def test_a_figure_without_such_words_still_takes_the_paragraphs_date():
    found = one(rows("Acme Front was founded in 1971 by students. The group had some 8,000 members.", ["Acme Front"]))
    assert found["date_start"] is not None and found["date_start"].year == 1971
