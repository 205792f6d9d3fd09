"""Crafted tests of the event extractor's rules (pipeline/extractors/events.py)."""

from __future__ import annotations

from pipeline.extractors import extract_document
from pipeline.extractors.events import _background_end


def _events(text: str) -> list[dict]:
    return extract_document("t", text)["event_mentions"]


def test_background_phrase_without_comma_ends_at_a_new_noun_phrase():
    clause = "in reply to the arrival of the minister in Tabriz the bombing of a bank"
    assert clause[: _background_end(clause, 0, len(clause))] == "in reply to the arrival of the minister in Tabriz"


def test_background_phrase_keeps_its_own_noun_phrases():
    clause = "in reply to the arrival of the minister"
    assert _background_end(clause, 0, len(clause)) == len(clause)


def test_main_act_after_an_unpunctuated_background_phrase_is_found():
    rows = _events("On 4 May 1976, in reply to the arrival of the minister in Tabriz the bombing of a bank by the MEK.")
    assert [(r["event_type"], str(r["date_start"])) for r in rows] == [("attack", "1976-05-04")]


def test_scene_only_still_yields_nothing():
    assert _events("On 4 May 1976, after the bombing of a bank the weather in Tabriz was fine for the MEK.") == []


LIST = ("The MEK carried out these attacks:\n\n- 2 March 1975 - bombing of a cinema.\n{item}\n"
        "- 3 May 1975 - bombing of a hotel.")


def test_verbless_list_item_takes_its_siblings_type():
    rows = _events(LIST.format(item="- 9 April 1975 - the manager of a bank."))
    item = [r for r in rows if r["rule_id"] == "ev.list_item"]
    assert [(r["event_type"], str(r["date_start"])) for r in item] == [("attack", "1975-04-09")]


def test_list_item_with_a_modal_is_not_verbless():
    rows = _events(LIST.format(item="- By 9 April 1975 the bank will be closed."))
    assert not [r for r in rows if r["rule_id"] == "ev.list_item"]


def test_days_later_item_anchors_on_previous_item_month():
    rows = _events(LIST.format(item="- A few days later bombing of a bank."))
    later = [r for r in rows if r["rule_id"] == "ev.relative_later"]
    assert len(later) == 1
    assert (str(later[0]["date_start"]), str(later[0]["date_end"]), later[0]["date_precision"]) == (
        "1975-03-01", "1975-03-31", "month")


def test_reaction_and_act_are_two_mentions():
    rows = _events("On 5 May 1995 Norway condemned three attacks carried out by the MEK in Tabriz.")
    got = sorted((r["rule_id"], r["event_type"], str(r["date_start"]), r["date_precision"]) for r in rows)
    assert got == [("ev.reaction", "diplomatic", "1995-05-05", "day"),
                   ("ev.reaction_act", "attack", "1995-01-01", "year")]
    act = next(r for r in rows if r["rule_id"] == "ev.reaction_act")
    assert act["quote"].startswith("three attacks")


def test_condemning_a_party_is_one_mention():
    rows = _events("On 5 May 1995 Norway condemned the MEK for its bombings.")
    assert len(rows) == 1


def test_have_since_inherits_the_last_date_of_the_sentence_before():
    rows = _events("The MEK was based in Iraq in the 1980s and fought there until the army arrived in 2004. "
                   "Soldiers have since disarmed hundreds of its fighters.")
    since = [r for r in rows if r["rule_id"] == "ev.since"]
    assert [(str(r["date_start"]), r["date_inherited"]) for r in since] == [("2004-01-01", True)]


def test_have_without_since_stays_commentary():
    rows = _events("The MEK was based in Iraq in the 1980s and fought there until the army arrived in 2004. "
                   "Soldiers have disarmed hundreds of its fighters.")
    assert not [r for r in rows if "disarmed" in r["quote"]]


def test_weeks_before_splits_two_actions_of_one_verb():
    rows = _events("The MEK's units quietly left in the days before their chief left Basra for Syria "
                   "on 3 March 1990.")
    assert [r["quote"] for r in rows] == ["The MEK's units quietly left",
                                          "their chief left Basra for Syria on 3 March 1990."]
    assert {r["event_type"] for r in rows} == {"relocation"}


def test_weeks_before_without_a_second_action_stays_whole():
    rows = _events("The MEK's fighters left Baghdad in the weeks before the elections of 3 March 1990.")
    assert len(rows) <= 1


def test_negated_action_near_its_date_is_no_event():
    assert _events("On 3 May 1990 the MEK did not attack the embassy in Bonn.") == []


def test_negation_far_from_the_date_does_not_hide_the_event():
    rows = _events("These measures hurt, but did not end, the long campaign of the MEK against the ministry of the "
                   "regime and its allies; in May 1990 soldiers bombed two of its camps near Basra.")
    assert [str(r["date_start"]) for r in rows] == ["1990-05-01"]


def test_birth_date_is_no_event():
    assert _events("The MEK's commander, born in 1950 in Shiraz, fought in the war.") == []


def test_stated_aim_does_not_inherit():
    rows = _events("On 2 May 1990 the group held a rally in Bonn. The aim of its members was to attack the embassy.")
    assert [r["event_type"] for r in rows] == ["protest"]


def test_glued_year_dates_the_event_and_no_context_year_is_invented():
    rows = _events("The MEK grew in 1986. On 2 March1985 MEK gunmen ambushed a patrol near Ahvaz.")
    assert [(str(r["date_start"]), r["date_precision"]) for r in rows if "ambushed" in r["quote"]] == [
        ("1985-03-02", "day")]


def test_named_period_is_no_context_date_for_the_next_sentence():
    rows = _events("In 1979 the MEK grew. MEK units fought beside Iraqi troops during the Gulf War. "
                   "MEK units then attacked a border post.")
    assert [(r["rule_id"], str(r["date_start"]), str(r["date_end"])) for r in rows if "attacked" in r["quote"]] == [
        ("ev.inherited_same_time", "1979-01-01", "1979-12-31")]


def test_periods_are_data_with_ordered_years():
    from pipeline.extractors.lexicon import load_lexicon

    for period in load_lexicon("periods")["periods"]:
        assert period["names"] and 1800 <= period["start"] <= period["end"] <= 2099, period


def test_a_verb_before_the_date_does_not_retype_the_mention():
    rows = _events("The MEK allied with the new president, elected in March 1984.")
    assert [r["event_type"] for r in rows] == ["agreement"]


def test_establishing_a_state_is_no_founding():
    rows = _events("In 1980 the MEK lost ground as the clerics gained power, fully establishing a theocratic state.")
    assert "founding" not in [r["event_type"] for r in rows]


def test_a_lead_paragraph_refers_ahead_to_the_organisation_named_next():
    text = ("On 5 May 1986 rebel forces attacked a border town.\n\n"
            "The attack was the largest yet by the MEK, whose fighters came from Iraq.")
    assert [(r["event_type"], str(r["date_start"])) for r in _events(text) if "border town" in r["quote"]] == [
        ("attack", "1986-05-05")]


def test_only_the_paragraph_before_the_first_reference_refers_ahead():
    text = ("The MEK was founded in 1965.\n\nThe war went on.\n\nOn 5 May 1986 rebel forces attacked a border town.\n\n"
            "Later the MEK moved to Iraq.")
    assert not [r for r in _events(text) if "border town" in r["quote"]]


def test_a_later_dated_part_that_is_a_scene_phrase_is_typed_by_its_own_act():
    # the second part's own date is in "before ...": that phrase is its occurrence, typed by its trigger
    rows = _events("In 1999, army units shelled MEK camps near the border before a truce was signed on 3 June 1999.")
    assert [(r["event_type"], str(r["date_start"]), r["rule_id"]) for r in rows] == [
        ("military_operation", "1999-01-01", "ev.dated_clause"), ("agreement", "1999-06-03", "ev.later_date_clause")]
    # a scene phrase that only sets the scene of a dated act still does not type it
    rows = _events("After a truce was signed, the MEK bombed an army depot on 3 June 1999.")
    assert [r["event_type"] for r in rows] == ["attack"]


def test_launching_a_named_operation_is_a_military_operation():
    for text in ("The MEK's fighters launched Operation Red Dawn in May 1991.",
                 "In May 1991 the MEK mounted Operation Red Dawn against border towns.",
                 "The MEK carried out Operation Red Dawn in May 1991."):
        assert [r["event_type"] for r in _events(text)] == ["military_operation"], text
    # launching anything else stays organisational
    assert [r["event_type"] for r in _events("The MEK launched a radio station in May 1991.")] == ["organisational"]


def test_a_leader_named_elected_or_become_is_organisational():
    for text in ("In 2007 the MEK's council named Sara Vale as its new president.",
                 "Sara Vale became the MEK's leader in 2007.",
                 "In 2007 Sara Vale became co-leader of the MEK.",
                 "The MEK elected Sara Vale as its secretary-general in 2007."):
        assert [(r["event_type"], str(r["date_start"])) for r in _events(text)][-1:] == [
            ("organisational", "2007-01-01")], text
    # a role that is not the organisation's: no leadership act (the sentence's other trigger types it)
    rows = _events("In 2007, the year Sara Vale became President Ode's adviser, the MEK held a rally in Paris.")
    assert [r["event_type"] for r in rows] == ["protest"]


def test_a_legal_status_that_expires_or_lapses_is_a_legal_event():
    rows = _events("The MEK's residents held protected status. That status expired in March 2012.")
    assert [(r["event_type"], str(r["date_start"])) for r in rows] == [("legal", "2012-03-01")]
    rows = _events("The MEK's permit to stay lapsed in 2014 after the ministry failed to renew it.")
    assert [(r["event_type"], str(r["date_start"])) for r in rows] == [("legal", "2014-01-01")]
    # a deadline, a patience or a ticket that expires is no legal act
    assert _events("The MEK's patience expired in 2014.") == []


def _types_for(text: str, *aliases: str) -> list[str]:
    from pipeline.extractors.organisation import from_aliases

    return [r["event_type"] for r in extract_document("t", text, org=from_aliases(list(aliases)))["event_mentions"]]


def test_a_wing_word_in_the_organisations_own_name_is_no_wing():
    # "Party", "Front", "Army" in the organisation's name: its founding is a founding
    assert _types_for("The Blue Valley Workers' Party (BVWP) was founded on 2 May 1978 in a village.",
                      "Blue Valley Workers' Party", "BVWP") == ["founding"]
    assert _types_for("Acme Front was established in 1990 by a cleric.", "Acme Front") == ["founding"]
    # founded as another body's wing: what is founded is the organisation
    assert _types_for("Acme Front was founded in 1987 as the armed wing of a religious movement.",
                      "Acme Front") == ["founding"]


def test_a_wing_founded_by_the_organisation_stays_organisational():
    assert _types_for("Acme Front founded a television channel in 1995.", "Acme Front") == ["organisational"]
    assert _types_for("Acme Front set up its armed wing in 1987.", "Acme Front") == ["organisational"]
    assert _types_for("In 1987 the Blue Valley Party formed the Valley Liberation Army.",
                      "Blue Valley Party") == ["organisational"]


def test_set_up_or_emerged_at_a_date_is_a_founding():
    assert _types_for("Acme Front was set up in 1965 by three engineering students.", "Acme Front") == ["founding"]
    assert _types_for("Acme Front was set up in the mid-1970s.", "Acme Front") == ["founding"]
    assert _types_for("Acme Front emerged in 1982 in response to the occupation.", "Acme Front") == ["founding"]


def test_set_up_in_a_place_stays_a_relocation():
    assert _types_for("In 1986 Acme Front set up in Iraq.", "Acme Front") == ["relocation"]
    assert _types_for("Acme Front set up in Camp Liberty in 2012.", "Acme Front") == ["relocation"]


def test_expelling_an_ambassador_is_diplomatic():
    assert _types_for("Albania expelled Iran's ambassador and a second diplomat in December 2018 over a plot "
                      "against Acme Front.", "Acme Front") == ["diplomatic"]
    assert _types_for("In 1986 France expelled Acme Front's members to Iraq.", "Acme Front") == ["relocation"]


def test_an_act_denied_since_a_date_is_no_event():
    assert _types_for("The court noted that Acme Front had not carried out any military operation since 2004.",
                      "Acme Front") == []
    assert _types_for("Acme Front has never been involved in any attack since 1999.", "Acme Front") == []
    # a denial after the dated act leaves the act
    assert _types_for("Acme Front carried out an attack in 2004, although it had not carried out any for years.",
                      "Acme Front") == ["attack"]


def test_a_flight_is_a_relocation():
    assert _types_for("The last Acme Front members flew to Tirana on 9 September 2016.", "Acme Front") == ["relocation"]
    assert _types_for("In 2016 about 280 Acme Front members were airlifted from Baghdad.", "Acme Front") == [
        "relocation"]
    assert _types_for("A plane carrying Acme Front members landed at Tirana airport on 9 May 2016.", "Acme Front") == [
        "relocation"]


def test_searches_commutations_air_strikes_and_a_founding_abroad():
    assert _types_for("On 17 June 2003 police searched the Acme Front compound near Paris.", "Acme Front") == [
        "arrest_or_raid"]
    assert _types_for("In 1999 Acme Front searched for allies abroad.", "Acme Front") != ["arrest_or_raid"]
    assert _types_for("The Acme Front leader's sentence was commuted in 2002.", "Acme Front") == ["legal"]
    assert _types_for("In April 2003 coalition aircraft bombed Acme Front camps near the border.", "Acme Front") == [
        "military_operation"]
    assert _types_for("In 2009 soldiers attacked the Acme Front camp, killing 11.", "Acme Front") == ["attack"]
    assert _types_for("Acme Front emerged in Lebanon in 1982.", "Acme Front") == ["founding"]
