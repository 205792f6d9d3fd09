"""Designation extraction on crafted sentences: forms of listing language, jurisdictions, dates, rule ids.

Every sentence is written for these tests (an invented organisation, "Acme Front"), never copied
from a source or the corpus.
"""

import datetime as dt

import pytest

from pipeline.extractors import extract_document, lexicon
from pipeline.extractors.organisation import from_aliases
from pipeline.text.dates import DocumentDate

D = dt.date
ACME = from_aliases(["Acme Front", "AF"])


def rows(text):
    return extract_document("t", text, org=ACME)["designation_mentions"]


def got(text):
    return [(r["jurisdiction"], r["action"], r["date_start"]) for r in rows(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # passive and nominal listing verbs
        ("Acme Front was added to the EU terrorist list in 2004.", [("EU", "listed", D(2004, 1, 1))]),
        ("In 2011 the ban on Acme Front was lifted by Australia.", [("AU", "delisted", D(2011, 1, 1))]),
        ("Acme Front was deproscribed by the United Kingdom in 2014.", [("GB", "delisted", D(2014, 1, 1))]),
        ("In 2010 Acme Front was struck off the Canadian list of terrorist entities.",
         [("CA", "delisted", D(2010, 1, 1))]),
        ("Japan revoked the designation of Acme Front in 2013.", [("JP", "delisted", D(2013, 1, 1))]),
        ("The group was removed from the roster of terrorist organisations by New Zealand in 2015.",
         [("NZ", "delisted", D(2015, 1, 1))]),
        ("On 4 May 2008 the UN Security Council imposed sanctions on Acme Front.",
         [("UN", "listed", D(2008, 5, 4))]),
        ("In 2006 Malaysia put Acme Front on a list of banned groups.", [("MY", "listed", D(2006, 1, 1))]),
        ("In 2012 Norway was dropping Acme Front, a group once allied with several militias, from its list "
         "of terrorist groups.", [("NO", "delisted", D(2012, 1, 1))]),
        # proscription language of national laws
        ("Acme Front, banned in Pakistan since 2002, denies the charges.", [("PK", "listed", D(2002, 1, 1))]),
        ("Acme Front is also outlawed by the EU.", [("EU", "listed", None)]),
        ("In 2005 Acme Front was proscribed by the UN over its ties to a militia.",
         [("UN", "listed", D(2005, 1, 1))]),
        ("The ban on Acme Front was imposed by Turkey in 2008.", [("TR", "listed", D(2008, 1, 1))]),
        # courts
        ("The tribunal ruled in June 2007 that Acme Front should no longer be listed by Sweden.",
         [("SE", "listing_annulled_by_court", D(2007, 6, 1))]),
        ("In March 2010, the Supreme Court of India dismissed the government's appeal against the annulment of "
         "the ban on Acme Front.", [("IN", "listing_annulled_by_court", D(2010, 3, 1))]),
        ("A Dutch court in 2010 overturned the government's decision to ban Acme Front.",
         [("NL", "listing_annulled_by_court", D(2010, 1, 1))]),
        # continuation
        ("Acme Front was listed in May 2005 by Tajikistan; Uzbekistan did the same in 2007.",
         [("TJ", "listed", D(2005, 5, 1)), ("UZ", "listed", D(2007, 1, 1))]),
    ],
)
def test_forms_of_listing_language(text, expected):
    assert got(text) == expected


def test_adverbial_gerund_takes_the_subject_after_the_comma():
    assert got("In delisting Acme Front in 2016, Sweden noted the group had renounced terrorism.") == [
        ("SE", "delisted", D(2016, 1, 1))]


def test_announced_designation_and_a_list_after_a_long_object():
    assert got("On 2 June 2011 the US Secretary of State announced her designation of Acme Front.") == [
        ("US", "listed", D(2011, 6, 2))]
    assert got("In 2013 Belgium placed the armed wing of Acme Front, a militant group, on its list of terrorist "
               "organisations.") == [("BE", "listed", D(2013, 1, 1))]


def test_a_news_lead_describing_the_group_before_naming_it():
    text = ("Poland is removing a militant group from its list of terrorist organisations.\n\n"
            "Poland had listed Acme Front in 2004.")
    assert got(text) == [("PL", "delisted", None), ("PL", "listed", D(2004, 1, 1))]


def test_gapped_clause_and_a_renewal_in_the_next_sentence():
    assert got("The Netherlands has designated Acme Front as a terrorist organisation since 2004, and Israel "
               "since 1998.") == [("NL", "listed", D(2004, 1, 1)), ("IL", "listed", D(1998, 1, 1))]
    assert got("Canada listed Acme Front on 23 May 2005. The listing was renewed in 2007.") == [
        ("CA", "listed", D(2005, 5, 23)), ("CA", "listed", D(2007, 1, 1))]


def test_a_court_upholding_a_delisting_confirms_the_annulment_not_the_listing():
    assert got("In 2017 the Court of Appeal upheld the decision to lift the ban on Acme Front, rejecting an "
               "appeal by the Home Secretary.") == [("GB", "listing_annulled_by_court", D(2017, 1, 1))]


def test_infobox_line_and_present_perfect_status():
    text = "Acme Front\nFounded: 1977\nDesignated as terrorist group by: Turkey, United States, European Union\n"
    assert got(text) == [("TR", "listed", None), ("US", "listed", None), ("EU", "listed", None)]
    # a present perfect states a status: it takes no date from the sentence before
    assert got("Acme Front was founded in 1994 as a terrorist group. Germany and France have also banned it.") == [
        ("DE", "listed", None), ("FR", "listed", None)]


def test_a_date_after_one_jurisdiction_is_not_the_next_ones():
    assert got("Acme Front, banned in Kenya since 2004, is also outlawed by Nigeria.") == [
        ("KE", "listed", D(2004, 1, 1)), ("NG", "listed", None)]


def test_standing_status_of_several_countries_is_one_undated_row_each():
    assert got("The US, Canada and Iran also classify the group as a terrorist organization.") == [
        ("US", "listed", None), ("CA", "listed", None), ("IR", "listed", None)]
    assert got("Acme Front is considered a terrorist group in the U.S. and EU.") == [
        ("US", "listed", None), ("EU", "listed", None)]


def test_relative_clause_takes_its_antecedent_jurisdictions():
    text = ("The move brings the EU in line with Canada, Australia and Japan, which consider Acme Front a "
            "terrorist group.")
    assert got(text) == [("CA", "listed", None), ("AU", "listed", None), ("JP", "listed", None)]


def test_a_named_list_gives_the_jurisdiction():
    # "Foreign Terrorist Organization" is a list only the US keeps. (The text names the organisation: the
    # list's name is no generic reference to it, model.resolve_generic.)
    assert got("Acme Front's status as a group designated as a Foreign Terrorist Organization worried its allies.") == [
        ("US", "listed", None)]


def test_a_court_with_no_country_takes_the_jurisdiction_before_it():
    text = ("In 2008 lawmakers in Britain removed Acme Front from the list of banned groups. "
            "They followed the Court of Appeal, whose judges ruled in May that Acme Front should no longer be listed.")
    assert got(text) == [("GB", "delisted", D(2008, 1, 1)), ("GB", "listing_annulled_by_court", D(2008, 5, 1))]


def test_hard_wrapped_sentence_is_read_whole():
    text = ("Judges of the appeal court ruled in May 2009 that the Acme\n"
            "Front should no longer be listed among proscribed groups by Britain.")
    assert got(text) == [("GB", "listing_annulled_by_court", D(2009, 5, 1))]


def test_date_opening_the_sentence_dates_the_act():
    assert got("June 3, 2010: Danish lawmakers removed Acme Front from the list of banned groups.") == [
        ("DK", "delisted", D(2010, 6, 3))]


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the EU listed Hamas as a terrorist organisation.",  # another party is listed
        "Its newspapers were banned in Kenya in 1999, the year Acme Front was founded as a terrorist network.",
        "The government did not list Acme Front as a terrorist group in 2010.",  # negation
        "The Home Office said it would consider whether to proscribe Acme Front as a terrorist group.",  # irrealis
        "Supporters urged Sweden to remove Acme Front from its terrorist list in 2016.",  # a request
        "Iran condemned the removal of Acme Front from the terrorist list in 2013.",  # a reaction
        "Officials in Washington defended the designation of Acme Front as a terrorist group.",  # back-reference
        # a review, reconsideration or appeal of a listing is no listing act: the date is the review's
        "A judge ordered the Home Office to review Acme Front's proscription in May 2011.",
        "In March 2011 an appeals court told the State Department to reconsider Acme Front's designation.",
        "Acme Front appealed against its listing by Australia in 2007.",
        "In 2015 Canada began to re-examine the listing of Acme Front.",
        "Jordan regarded Acme Front as a useful ally against terrorist groups in the region in 2004.",
        "He added that Acme Front had been a terrorist group in the 1990s according to Canada.",
    ],
)
def test_not_listing_acts(text):
    assert rows(text) == []


def test_a_review_beside_a_listing_act_keeps_the_act():
    # the act's own verb is outside the review's phrase
    assert got("After it reviewed the designation, the US revoked it on 21 May 2012 for Acme Front.") == [
        ("US", "delisted", D(2012, 5, 21))]
    # and a nominal act that no review governs keeps its date
    assert got("The designation of Acme Front by the State Department in 1999 was contested by none.") == [
        ("US", "listed", D(1999, 1, 1))]


@pytest.mark.parametrize(
    "text",
    [
        "The MEK opposed the regime. In 1981 the Iranian government banned all demonstrations.",
        "The MEK said the United States had imposed sanctions on Iran in 1995.",
        "The US Treasury sanctioned Iranian officials over the 1988 executions of MEK members.",
        "The MEK claims the EU designation was illegal, a view rejected by Iran in 2007.",
    ],
)
def test_what_is_banned_or_sanctioned_must_be_the_organisation(text):
    assert extract_document("t", text)["designation_mentions"] == []


def test_every_row_has_a_listed_rule_id():
    from pipeline.extractors.rules import rule_ids

    listed = rule_ids("designation_mentions")
    text = ("Acme Front was added to the EU terrorist list in 2004. Japan revoked the designation of Acme Front "
            "in 2013; Canada did the same in 2014. The US and Iran classify Acme Front as a terrorist group.")
    found = rows(text)
    assert len(found) == 5
    assert {r["rule_id"] for r in found} <= listed


def test_jurisdiction_table_keeps_the_old_interface():
    m = lexicon.JURISDICTION_RE.search("the Public Safety Canada list")
    assert m and lexicon.jurisdiction_code(m) == "CA"
    codes = {code for _pattern, code in lexicon.JURISDICTIONS}
    assert {"KZ", "KG", "TJ", "UZ", "MY", "ID", "SG", "PH", "BD", "AR", "BR", "MX", "CH", "NO", "SE", "DK", "BE",
            "IT", "AT", "PL", "UA", "JO", "KW", "QA", "OM", "MA", "DZ", "TN", "NG", "KE", "ZA", "EU", "UN"} <= codes
    assert [a for a, _p in lexicon.DESIGNATION_ACTIONS][:1] == ["listing_annulled_by_court"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # national laws name their jurisdiction; the year in a law's name dates nothing
        ("Acme Front was proscribed under the Terrorism Act 2000 in March 2001.", [("GB", "listed", D(2001, 3, 1))]),
        ("Acme Front is proscribed under the Terrorism Act 2000.", [("GB", "listed", None)]),
        ("Acme Front was banned under the Unlawful Activities (Prevention) Act in 2001.",
         [("IN", "listed", D(2001, 1, 1))]),
        ("In 2002 Acme Front became a listed entity under the Criminal Code of Canada.",
         [("CA", "listed", D(2002, 1, 1))]),
        # "a listed entity", "a proscribed organisation": the subject's standing status
        ("Acme Front is a listed terrorist entity in Canada.", [("CA", "listed", None)]),
        ("Acme Front is also a proscribed organisation in Britain and Australia.",
         [("GB", "listed", None), ("AU", "listed", None)]),
        ("Acme Front has been a listed entity in Norway since 2006.", [("NO", "listed", D(2006, 1, 1))]),
        # more listing verbs
        ("In 2002 the EU included Acme Front in its list of terrorist organisations.",
         [("EU", "listed", D(2002, 1, 1))]),
        ("Acme Front was named a Specially Designated Global Terrorist in November 2010.",
         [("US", "listed", D(2010, 11, 1))]),
        ("In 2005 the United Nations placed Acme Front on its consolidated list.", [("UN", "listed", D(2005, 1, 1))]),
        ("Japan and Australia also list Acme Front.", [("JP", "listed", None), ("AU", "listed", None)]),
        ("Several countries, including the US, Canada and Israel, have designated Acme Front a terrorist group.",
         [("US", "listed", None), ("CA", "listed", None), ("IL", "listed", None)]),
        # a court ruling with a long complement; a court's dismissal of a challenge, its country from before
        ("Britain banned Acme Front in 2001. The appeal commission ruled in November 2007 that the minister's "
         "decision to keep the group on the list was perverse.",
         [("GB", "listed", D(2001, 1, 1)), ("GB", "listing_annulled_by_court", D(2007, 11, 1))]),
        ("The EU listed Acme Front in 2003. A court in Luxembourg dismissed the group's challenge to the listing "
         "in 2015.", [("EU", "listed", D(2003, 1, 1)), ("EU", "delisting_denied", D(2015, 1, 1))]),
    ],
)
def test_more_forms_of_listing_language(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Acme Front is a listed company in Canada.",  # not a list of terrorist groups
        "The report lists Acme Front among groups active in Canada.",
        "Acme Front lists its demands on its website.",
        "Acme Front named a new leader in 2010.",
        "Acme Front fighters included many women in 2001.",
        "The Terrorism Act 2000 was debated in Britain for months before Acme Front was founded.",
    ],
)
def test_more_things_that_are_not_listing_acts(text):
    assert rows(text) == []


def test_a_release_dates_its_undated_act_by_the_today_that_follows():
    text = ("Media Note\n\nThe Secretary of State has decided to revoke the designation of Acme Front as a "
            "Foreign Terrorist Organization. These actions are effective today.\n\n"
            "Acme Front was founded in 1990.")
    day = dt.date(2014, 3, 4)
    found = extract_document("t", text, org=ACME, document_date=DocumentDate(day, "day", "manifest"))
    assert [(r["jurisdiction"], r["action"], r["date_start"], r["date_precision"])
            for r in found["designation_mentions"]] == [("US", "delisted", day, "day")]
    # without a "today" about the act in its paragraph, the act stays undated
    text2 = text.replace("These actions are effective today.", "The group held a rally today.")
    found2 = extract_document("t", text2, org=ACME, document_date=DocumentDate(day, "day", "manifest"))
    assert [(r["jurisdiction"], r["date_start"]) for r in found2["designation_mentions"]] == [("US", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 12 May 2009 the Australian Government re-listed Acme Front as a terrorist organisation.",
         [("AU", "listed", D(2009, 5, 12))]),
        ("Acme Front has been designated as a terrorist group by the governments of India and Japan.",
         [("IN", "listed", None), ("JP", "listed", None)]),
        ("The UN Security Council designated Acme Front in May 2005.", [("UN", "listed", D(2005, 5, 1))]),
        ("Acme Front was among the first groups designated by the State Department in 1997.",
         [("US", "listed", D(1997, 1, 1))]),
        ("Britain's ban on Acme Front ended in June 2008.", [("GB", "delisted", D(2008, 6, 1))]),
        ("The ban on Acme Front was overturned by a Dutch court in 2007.",
         [("NL", "listing_annulled_by_court", D(2007, 1, 1))]),
        ("Britain banned Acme Front in 2001. Acme Front won its appeal against the ban in 2007.",
         [("GB", "listed", D(2001, 1, 1)), ("GB", "listing_annulled_by_court", D(2007, 1, 1))]),
    ],
)
def test_governments_courts_and_ends_of_bans(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Acme Front designated a new spokesman in 2004.",
        "In 2004 Acme Front won a case against a newspaper over its reporting on the ban.",
    ],
)
def test_designating_a_person_or_winning_another_case_is_no_act(text):
    assert rows(text) == []


def test_a_listing_and_its_renewal_in_one_clause_are_two_acts():
    assert got("The United States designated Acme Front a terrorist group in December 2001 and renewed the "
               "designation in 2008.") == [("US", "listed", D(2001, 12, 1)), ("US", "listed", D(2008, 1, 1))]


def test_one_undated_status_per_jurisdiction_in_a_sentence():
    assert got("Acme Front remains banned in Kenya, where the government lists it as a terrorist group.") == [
        ("KE", "listed", None)]


def test_a_second_dated_object_of_one_verb_is_a_second_act():
    assert got("Norway listed the armed wing of Acme Front as a terrorist group in 2003 and the entire group "
               "in 2021.") == [
        ("NO", "listed", D(2003, 1, 1)), ("NO", "listed", D(2021, 1, 1))]


def test_a_wing_as_object_is_the_organisations():
    assert got("Acme Front was founded in 1990. In 2010 New Zealand designated the military wing as a terrorist "
               "entity.") == [("NZ", "listed", D(2010, 1, 1))]


def test_welcoming_another_bodys_decision_to_list_is_not_the_welcomers_act():
    assert got("In 2008 Norway welcomed the decision of the United Nations to designate Acme Front.") == []


def test_a_un_sanctions_resolution_names_the_un():
    assert got("Acme Front was listed on 2 May 2005 pursuant to resolution 1617 (2005) as being associated with "
               "Al-Qaida, a terrorist group.") == [("UN", "listed", D(2005, 5, 2))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The proscription of Acme Front was upheld by the Home Secretary in 2006.",
         [("GB", "delisting_denied", D(2006, 1, 1))]),
        ("In 2003 the State Department reviewed and maintained the designation of Acme Front.",
         [("US", "listed", D(2003, 1, 1))]),
        ("Acme Front's removal from the Canadian list took effect in December 2012.",
         [("CA", "delisted", D(2012, 12, 1))]),
        ("Acme Front was taken off the US terrorism list in 2012.", [("US", "delisted", D(2012, 1, 1))]),
        ("In 2009 the EU erased Acme Front from its blacklist.", [("EU", "delisted", D(2009, 1, 1))]),
        ("In 2009 the EU scrapped its listing of Acme Front.", [("EU", "delisted", D(2009, 1, 1))]),
        ("In January 2009 the EU decided not to renew the listing of Acme Front.",
         [("EU", "delisted", D(2009, 1, 1))]),
    ],
)
def test_upholding_maintaining_and_ending_a_listing(text, expected):
    assert got(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Front has been designated a terrorist organisation by the United States (since 1997), the United "
         "Kingdom (2001) and Canada (2003).",
         [("US", "listed", D(1997, 1, 1)), ("GB", "listed", D(2001, 1, 1)), ("CA", "listed", D(2003, 1, 1))]),
        ("The UK banned Acme Front in 2001, Australia in 2003 and New Zealand in 2010.",
         [("GB", "listed", D(2001, 1, 1)), ("AU", "listed", D(2003, 1, 1)), ("NZ", "listed", D(2010, 1, 1))]),
        ("Acme Front was designated by the US in 1997; the EU followed in 2002.",
         [("US", "listed", D(1997, 1, 1)), ("EU", "listed", D(2002, 1, 1))]),
        ("Acme Front was founded in 1990.\n\nThe following states have banned Acme Front as a terrorist group:\n\n"
         "* Kenya, since 2004\n* Honduras and Ghana\n* the United Kingdom (2006)\n\nAcme Front denies the charge.",
         [("KE", "listed", D(2004, 1, 1)), ("HN", "listed", None), ("GH", "listed", None),
          ("GB", "listed", D(2006, 1, 1))]),
    ],
)
def test_several_jurisdictions_each_with_its_date(text, expected):
    assert got(text) == expected


def test_list_items_after_a_colon_need_a_listing_line():
    assert got("Acme Front was founded in 1990.\n\nIts offices are in:\n\n* Kenya\n* Ghana\n") == []
    # a dateline naming the seat of the EU courts names no jurisdiction
    assert got("Luxembourg - The General Court on Tuesday annulled the EU decision freezing the assets of "
               "Acme Front.") == [("EU", "listing_annulled_by_court", None)]


def test_an_enumeration_of_dates_is_one_act_a_date():
    assert got("In 2003 Kenya listed Acme Front as a terrorist group. It was re-listed on 4 May 2005, "
               "3 May 2007 and 1 May 2009.") == [
        ("KE", "listed", D(2003, 1, 1)), ("KE", "listed", D(2005, 5, 4)), ("KE", "listed", D(2007, 5, 3)),
        ("KE", "listed", D(2009, 5, 1))]


def test_the_council_is_the_international_body_named_before_and_a_court_undoes_its_decision():
    text = ("Judgment of the General Court in the case of Acme Front\n\n"
            "Since 2003 the Council has included Acme Front on the list of entities whose funds are frozen. "
            "On 2 June 2009 the Council adopted a new decision maintaining Acme Front on the list.\n\n"
            "In today's judgment, the General Court annuls the Council decision in so far as it concerns "
            "Acme Front.")
    day = dt.date(2010, 5, 6)
    found = extract_document("t", text, org=ACME, document_date=DocumentDate(day, "day", "manifest"))
    assert [(r["jurisdiction"], r["action"], r["date_start"]) for r in found["designation_mentions"]] == [
        ("EU", "listed", D(2003, 1, 1)), ("EU", "listed", D(2009, 6, 2)), ("EU", "listing_annulled_by_court", day)]
    # with no international body named, "the Council" names no jurisdiction
    assert got("Since 2003 the Council has included Acme Front on the list of terrorist entities.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The US designated Acme Front in 2001 and Hamas in 1997.",  # the second act is another party's
        "Acme Front welcomed the US decision in 2012 to designate Hamas a terrorist group.",
        "Acme Front's ally, the Red Brigade, was listed by the EU in 2004.",
        "The US Treasury sanctioned three Acme Front financiers in 2011.",
        "In 2011 the US imposed sanctions on Acme Front's leader.",
        "The ban on Acme Front's television channel was imposed by France in 2004.",
        # a name, then what it is declared: the name is the party listed, not the generic reference after it
        "Acme Front was founded in 1980. In 1997 the US designated the Red Brigade a terrorist organisation.",
        "Acme Front was founded in 1980. In 1997 the US designated Blue Hand an armed terrorist group.",
    ],
)
def test_another_party_next_to_the_organisation(text):
    assert [r for r in rows(text) if r["date_start"] != D(2001, 1, 1)] == []


@pytest.mark.parametrize("text", [
    "In 1997 the US designated Acme Front a foreign terrorist organisation.",
    "Acme Front was founded in 1980. In 1997 the US designated it a foreign terrorist organisation.",
    "Acme Front was founded in 1980. In 1997 the US designated the group a terrorist organisation.",
])
def test_the_organisation_declared_a_terrorist_organisation_is_listed(text):
    assert got(text) == [("US", "listed", D(1997, 1, 1))]


def test_the_organisation_in_apposition_or_beside_another_name_is_still_listed():
    assert got("Acme Front, like Hamas, was banned by Israel in 1990.") == [("IL", "listed", D(1990, 1, 1))]
    assert got("Acme Front, the armed group, was listed by the EU in 2004.") == [("EU", "listed", D(2004, 1, 1))]
    assert got("In 2012 the US removed Acme Front from its official list of terrorist groups.") == [
        ("US", "delisted", D(2012, 1, 1))]


def test_did_so_continues_the_act_and_a_minister_names_the_country():
    assert got("In 2012 the United States delisted Acme Front and the European Union did so in 2009.") == [
        ("US", "delisted", D(2012, 1, 1)), ("EU", "delisted", D(2009, 1, 1))]
    assert got("In 2012 the Public Safety Minister removed Acme Front from the list of terrorist entities.") == [
        ("CA", "delisted", D(2012, 1, 1))]


def test_a_section_headed_by_a_jurisdiction_gives_its_undated_acts_their_jurisdiction():
    text = ("Acme Front was founded in 1990.\n\nNorway\n\nThe group challenged its listing in the courts. "
            "It was removed from the list on 3 May 2011.\n\nOther countries\n\n"
            "It was removed from another list in 2012.\n")
    assert got(text) == [("NO", "delisted", D(2011, 5, 3))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain banned Acme Front in 2001. The government's appeal was rejected by the Court of Appeal in May "
         "2008.", [("GB", "listed", D(2001, 1, 1)), ("GB", "listing_annulled_by_court", D(2008, 5, 1))]),
        ("Britain banned Acme Front in 2001. In May 2008 the Court of Appeal rejected the Home Secretary's "
         "appeal.", [("GB", "listed", D(2001, 1, 1)), ("GB", "listing_annulled_by_court", D(2008, 5, 1))]),
        ("Britain banned Acme Front in 2001. In 2007 the appeal commission described the refusal to lift the "
         "ban as perverse.", [("GB", "listed", D(2001, 1, 1)), ("GB", "listing_annulled_by_court", D(2007, 1, 1))]),
    ],
)
def test_a_court_rejecting_the_governments_appeal_upholds_the_annulment(text, expected):
    assert got(text) == expected


def test_a_court_that_refuses_to_annul_annuls_nothing():
    assert [r for r in got("The EU listed Acme Front in 2003. In 2010 the General Court refused to annul the "
                           "listing.") if r[1] == "listing_annulled_by_court"] == []


def test_a_list_item_with_its_own_verb_is_read_as_a_sentence():
    text = ("Acme Front was founded in 1990.\n\nCountries that have banned Acme Front as a terrorist group:\n\n"
            "* Kenya, since 2004\n* Norway banned it in 2006 and lifted the ban in 2012.\n* Ghana\n")
    assert got(text) == [("KE", "listed", D(2004, 1, 1)), ("NO", "listed", D(2006, 1, 1)),
                         ("NO", "delisted", D(2012, 1, 1)), ("GH", "listed", None)]


def test_an_abbreviation_with_dots_inside_a_list_phrase():
    assert got("Acme Front remains on the U.S. list of foreign terrorist organizations.") == [("US", "listed", None)]
    assert got("In 2012 Acme Front was removed from the U.S. list of terrorist groups.") == [
        ("US", "delisted", D(2012, 1, 1))]


def test_listing_the_organisations_offices_is_no_listing_of_it():
    assert rows("The US embassy lists Acme Front's offices in its terrorism report.") == []


def test_a_ban_reimposed_or_reinstated_is_a_listing():
    assert got("Sri Lanka lifted the ban on Acme Front in 2002, but reimposed it in 2009.") == [
        ("LK", "delisted", D(2002, 1, 1)), ("LK", "listed", D(2009, 1, 1))]
    assert got("In 2009 Sri Lanka reimposed the ban on Acme Front.") == [("LK", "listed", D(2009, 1, 1))]
    assert got("In 2009 Sri Lanka reinstated its ban on Acme Front.") == [("LK", "listed", D(2009, 1, 1))]
    assert got("In 2009 the government of Sri Lanka reimposed taxes on Acme Front.") == []


def test_a_decision_of_a_body_names_the_actor():
    assert got("Acme Front was added to the terrorist list by a decision of the EU in 2004.") == [
        ("EU", "listed", D(2004, 1, 1))]
    assert got("Acme Front was removed from the list by a unanimous vote of the UN Security Council in 2010.") == [
        ("UN", "delisted", D(2010, 1, 1))]
    # a body named after "of" that is not the actor of a decision still is not one
    assert got("Acme Front was listed in 2004 by a decision that the courts of France later criticised.") == []


def test_a_council_act_is_the_councils_named_before():
    text = ("The Council of the European Union adopted a terrorist list in 2001. "
            "Acme Front was included in the terrorist list by Council Decision 2004/12 of 3 May 2004.")
    assert got(text) == [("EU", "listed", D(2004, 5, 3))]
    text = ("The UN Security Council met in 2004. "
            "Acme Front was added to the sanctions list by a Council resolution of 3 May 2004.")
    assert got(text) == [("UN", "listed", D(2004, 5, 3))]


def test_a_performative_hereby_is_the_documents_date():
    from pipeline.text.docdate import from_manifest

    text = "The Court of Justice of the European Union hereby annuls the decision to list Acme Front."
    found = extract_document("t", text, org=ACME, document_date=from_manifest("2014-10-16", None))
    assert [(r["jurisdiction"], r["action"], r["date_start"], r["date_end"], r["date_text"])
            for r in found["designation_mentions"]] == [
        ("EU", "listing_annulled_by_court", D(2014, 10, 16), D(2014, 10, 16), "hereby")]
    # a document dated to the month only: the month
    found = extract_document("t", text, org=ACME, document_date=from_manifest("2014-10", None))
    assert [(r["date_start"], r["date_end"], r["date_precision"]) for r in found["designation_mentions"]] == [
        (D(2014, 10, 1), D(2014, 10, 31), "month")]
    # no document date: undated, as before
    assert [r["date_start"] for r in rows(text)] == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a government page: its heading names the issuer; the listing acts name no jurisdiction
        ("Australian National Security\nListed terrorist organisations\n\nAcme Front\n\n"
         "Acme Front was first listed as a terrorist organisation under the Criminal Code on 3 March 2004. "
         "The Government re-listed Acme Front on 1 March 2007.\n",
         [("AU", "listed", D(2004, 3, 3)), ("AU", "listed", D(2007, 3, 1))]),
        # a heading in capitals names it too; "the Council" is then that Council
        ("COUNCIL OF THE EUROPEAN UNION\n\nPress release\n\n"
         "The Council decided on 9 May 2011 to remove Acme Front from the list.\n",
         [("EU", "delisted", D(2011, 5, 9))]),
        ("Public Safety Canada\n\nAcme Front was listed on 12 April 2006.\n", [("CA", "listed", D(2006, 4, 12))]),
    ],
)
def test_a_page_heading_names_the_issuer_of_acts_that_name_none(text, expected):
    assert sorted(got(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # a headline (longer than a body's name, or naming the organisation) is not the issuer
        "Australian Voters Cheer As Acme Front Loses Court Case Today\n\nAcme Front was listed on 12 April 2006.\n",
        "Canada and Acme Front\n\nAcme Front was listed on 12 April 2006.\n",
        # a dateline's capital is where, not who; two jurisdictions are no issuer
        "Media Note\nOffice of the Spokesperson\nWashington, DC\n\nAcme Front was listed on 12 April 2006.\n",
        "Canada and Australia\n\nAcme Front was listed on 12 April 2006.\n",
        # prose before is no heading block: the issuer is read only from the opening headings
        "Acme Front is an armed group.\n\nAustralian National Security\n\nAcme Front was listed on 12 April 2006.\n",
    ],
)
def test_no_issuer_from_headlines_datelines_or_two_countries(text):
    assert got(text) == []


def test_a_jurisdiction_named_in_the_text_wins_over_the_issuer():
    text = ("Australian National Security\n\nAcme Front was listed by the United States on 8 October 1997 "
            "and first listed here on 3 March 2004.\n")
    assert ("US", "listed", D(1997, 10, 8)) in got(text)
    assert all(j != "AU" or d != D(1997, 10, 8) for j, _a, d in got(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Front ceased to be proscribed in the United Kingdom on 24 June 2008.",
         [("GB", "delisted", D(2008, 6, 24))]),
        ("In May 2016 Acme Front ceased to be listed by Japan.", [("JP", "delisted", D(2016, 5, 1))]),
        ("The EU listed Acme Front in 2002, and it ceased to be designated by the EU in 2009.",
         [("EU", "listed", D(2002, 1, 1)), ("EU", "delisted", D(2009, 1, 1))]),
    ],
)
def test_ceasing_to_be_listed_is_a_delisting(text, expected):
    assert sorted(got(text)) == sorted(expected)


def test_ceasing_to_be_something_else_is_no_act():
    assert got("Acme Front ceased to be a political party in Canada in 1981.") == []


@pytest.mark.parametrize(
    "text",
    [
        "In June 2023 the French authorities banned an Acme Front rally in Paris.",
        "In May 2019 the German authorities banned Acme Front's annual conference in Berlin.",
        "Police in Belgium banned an Acme Front protest march in October 2015.",
    ],
)
def test_a_ban_on_the_organisations_event_is_no_listing(text):
    assert got(text) == []


def test_a_ban_on_the_organisation_itself_still_is():
    assert got("In 2002 Germany banned Acme Front and its rallies.") == [("DE", "listed", D(2002, 1, 1))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a standing status in the present ("continue to designate") takes no date from the sentence before
        ("Canada removed Acme Front from its list on 3 May 2012. Japan and India continue to designate "
         "Acme Front as a terrorist organisation.",
         [("CA", "delisted", D(2012, 5, 3)), ("JP", "listed", None), ("IN", "listed", None)]),
        # "followed suit" copies the main clause's act, not a relative clause's
        ("Japan, which had designated Acme Front in 2001, revoked that designation in 2011. "
         "Canada followed suit in March 2012.",
         [("JP", "listed", D(2001, 1, 1)), ("JP", "delisted", D(2011, 1, 1)), ("CA", "delisted", D(2012, 3, 1))]),
        # "off their lists": a plural list is a list
        ("Japan and India took Acme Front off their lists in 2014.",
         [("JP", "delisted", D(2014, 1, 1)), ("IN", "delisted", D(2014, 1, 1))]),
    ],
)
def test_present_status_main_clause_and_plural_lists(text, expected):
    assert sorted(got(text), key=str) == sorted(expected, key=str)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan and India took Acme Front off their lists in 2014 and 2016 respectively.",
         [("JP", "delisted", D(2014, 1, 1)), ("IN", "delisted", D(2016, 1, 1))]),
        ("Japan and the EU delisted Acme Front in March and June 2015 respectively.",
         [("JP", "delisted", D(2015, 3, 1)), ("EU", "delisted", D(2015, 6, 1))]),
        ("Canada, Japan and India listed Acme Front in May 2005, in 2007 and in 2010, respectively.",
         [("CA", "listed", D(2005, 5, 1)), ("JP", "listed", D(2007, 1, 1)), ("IN", "listed", D(2010, 1, 1))]),
    ],
)
def test_respectively_pairs_jurisdictions_and_dates_in_order(text, expected):
    assert sorted(got(text), key=str) == sorted(expected, key=str)


def test_respectively_with_a_count_that_does_not_match_pairs_nothing():
    # three names, two dates: no pairing; the coordinated names share one date
    rows_of = [(r["jurisdiction"], r["date_start"], r["date_end"])
                      for r in rows("Canada, Japan and India delisted Acme Front in 2014 and 2016 respectively.")]
    assert sorted(j for j, _s, _e in rows_of) == ["CA", "IN", "JP"]
    assert len({(s, e) for _j, s, e in rows_of}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The EU could re-list Acme Front if new evidence emerged in 2010.",
        "No EU member state has proposed re-listing Acme Front since 2009.",
        "In 2011 Japan considered listing Acme Front.",
    ],
)
def test_a_possible_or_proposed_listing_is_no_act(text):
    assert got(text) == []


def test_a_relisting_that_happened_is_still_an_act():
    assert got("In 2002 the EU re-listed Acme Front.") == [("EU", "listed", D(2002, 1, 1))]


def test_a_listing_kept_until_a_date_ends_then():
    assert sorted(got("Japan listed Acme Front in 2001 and kept the listing until 2008."), key=str) == sorted(
        [("JP", "listed", D(2001, 1, 1)), ("JP", "delisted", D(2008, 1, 1))], key=str)
    assert got("Acme Front remained on the Canadian terrorist list until May 2016.") == [
        ("CA", "delisted", D(2016, 5, 1))]
    # "since" is the start of the listing, not its end
    assert got("Acme Front has remained on the Canadian terrorist list since May 2016.") != [
        ("CA", "delisted", D(2016, 5, 1))]


def test_a_date_listed_field_on_an_entity_page():
    page = "Public Safety Canada\nCurrently listed entities\n\nAcme Front (AF)\n\nAlso known as: the Valley Army.\n\n"
    assert got(page + "Date listed: June 2, 2005\n\nDescription\n\nAcme Front is an armed group.\n") == [
        ("CA", "listed", D(2005, 6, 2))]
    # no jurisdiction on the page, a value that is more than a date, another field, or far from the name: none
    assert got("Acme Front (AF)\n\nDate listed: June 2, 2005\n") == []
    assert got(page + "Date listed: June 2, 2005, then removed\n") == []
    assert got(page + "Listed on: 2 May 2005 (amended on 10 Dec. 2008)\n") == [("CA", "listed", D(2005, 5, 2))]
    assert got(page + "Date of last review: June 2, 2015\n") == []
    far = "Description\n\n" + "The valley lies in the north of the region. " * 12
    assert got(page + far + "\n\nListed: June 2, 2005\n") == []


def test_a_listing_word_inside_a_bodys_name_is_no_act():
    # "Proscribed" opens the commission's name: the commission allowing the appeal annuls the ban
    text = ("Acme Front challenged its proscription in Britain. On 7 May 2009 the Proscribed Organisations "
            "Appeal Commission allowed the group's appeal.")
    assert got(text) == [("GB", "listing_annulled_by_court", D(2009, 5, 7))]
    assert ("GB", "listed", D(2009, 5, 7)) not in got(text.replace("allowed the group's appeal", "sat in London"))


def test_a_judgments_acts_on_the_applicant_and_refusals_to_remove():
    text = ("The applicant, Acme Front, was proscribed in the United Kingdom in March 2001. In September 2006 "
            "the Home Secretary refused the applicant's request to be removed from the list. On 7 May 2009 the "
            "Proscribed Organisations Appeal Commission allowed the applicant's appeal.")
    assert got(text) == [("GB", "listed", D(2001, 3, 1)), ("GB", "delisting_denied", D(2006, 9, 1)),
                         ("GB", "listing_annulled_by_court", D(2009, 5, 7))]
    assert got("Britain banned Acme Front in 2001. In 2019 the Home Office declined to lift the ban.")[-1] == (
        "GB", "delisting_denied", D(2019, 1, 1))
    assert got("Britain banned Acme Front in 2001. The Home Secretary's refusal to deproscribe the group, "
               "made in 2019, was challenged.")[-1] == ("GB", "delisting_denied", D(2019, 1, 1))
    assert got("Norway declined to list Acme Front in 2005.") == []


def test_another_bodys_act_takes_no_jurisdiction_from_the_sentence_before():
    text = ("Bahrain banned Acme Front in 2013. The Gulf Cooperation Council declared the whole group a terrorist "
            "organisation in March 2016, and the Arab League followed suit days later.")
    assert got(text) == [("BH", "listed", D(2013, 1, 1))]
    assert got("Bahrain banned Acme Front in 2013. It renewed the ban in 2016.") == [
        ("BH", "listed", D(2013, 1, 1)), ("BH", "listed", D(2016, 1, 1))]


def test_a_court_that_would_annul_or_that_sets_aside_a_judgment_annuls_no_listing():
    text = ("The EU listed Acme Front in 2002. In June 2012 the court warned it would strike down the designation "
            "if officials did not act.")
    assert got(text) == [("EU", "listed", D(2002, 1, 1))]
    text = "The EU listed Acme Front in 2002. The Court of Justice set aside that judgment in July 2017."
    assert got(text) == [("EU", "listed", D(2002, 1, 1))]
    text = "The EU listed Acme Front in 2002. In December 2006 the Court of First Instance annulled the listing."
    assert got(text)[-1] == ("EU", "listing_annulled_by_court", D(2006, 12, 1))


def test_the_organisations_own_name_is_no_other_body_and_an_eu_act_names_the_eu():
    org = from_aliases(["Acme Liberation Organization", "ALO"])
    text = ("Public Safety Canada\n\nThe ALO, also known as the Acme Liberation Organization, was placed on the list "
            "of entities on May 24, 2005.")
    assert [(r["jurisdiction"], r["date_start"]) for r in extract_document("t", text, org=org)[
        "designation_mentions"]] == [("CA", D(2005, 5, 24))]
    text = ("Britain banned Acme Front in 2001. In 2009 the Court annulled Decision 2008/583/EC in so far as it "
            "concerned Acme Front.")
    assert got(text)[-1] == ("EU", "listing_annulled_by_court", D(2009, 1, 1))
