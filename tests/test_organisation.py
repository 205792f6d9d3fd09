"""Organisation profiles, reference matching and the participation rule (crafted texts)."""

from __future__ import annotations

import json

import pytest

from pipeline.core.errors import PipelineError
from pipeline.extractors import extract_document, names_organisation
from pipeline.extractors.model import build
from pipeline.extractors.organisation import (
    DEFAULT,
    PROFILE_DIR,
    ProfileError,
    from_aliases,
    load,
    parse_profile,
    references,
    resolve,
)

FRONT = parse_profile(
    {"id": "red-front", "name": "Red Mountain Front", "names": ["Jebhe-ye Kuh-e Sorkh"],
     "abbreviations": ["RMF"], "wings": [{"name": "Red Mountain Brigades", "abbreviations": ["RMB"]}],
     "leaders": ["Dara Haddadian"], "sites": [{"name": "Camp Cedar", "country": "LB"}],
     "member_words": ["Sorkhis"]},
    PROFILE_DIR / "red-front.json",
)


def kinds(text: str, org=FRONT) -> list[tuple[str, str]]:
    return [(r.kind, r.text) for r in references(org, text)]


@pytest.mark.parametrize("path", sorted(PROFILE_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_every_shipped_profile_loads_and_names_itself(path):
    org = load(path.stem)
    assert org.id == path.stem == json.loads(path.read_text(encoding="utf-8"))["id"]
    assert references(org, f"A statement about {org.name}.")[0].kind == "name"


def test_default_profile_is_the_mek():
    assert DEFAULT == "mek" and resolve().id == "mek"


@pytest.mark.parametrize("written", ["Jebhe-ye Kuh-e Sorkh", "Jebhe ye Kooh e Sorkh", "jebheye kuhe sorkh",
                                     "Red Mountain Front", "red-mountain front"])
def test_full_names_match_up_to_spelling_and_separators(written):
    assert kinds(f"In 1990 the {written} grew.") == [("name", written)]


def test_abbreviations_match_only_as_written_and_as_whole_words():
    assert kinds("The RMF and the RMB met.") == [("abbreviation", "RMF"), ("abbreviation", "RMB")]
    assert kinds("The rmf met RMFA delegates.") == []


def test_wings_leaders_surnames_sites_and_member_words():
    got = kinds("Red Mountain Brigades fighters met Dara Haddadian; Mr. Haddadian visited Camp Cedar "
                "where Sorkhis live.")
    assert got == [("wing", "Red Mountain Brigades"), ("leader", "Dara Haddadian"), ("leader", "Haddadian"),
                   ("site", "Camp Cedar"), ("member", "Sorkhis")]


def test_generic_descriptions_stand_for_the_organisation():
    got = [k for k, _ in kinds("The militant group attacked. An exiled opposition group spoke. Its members "
                               "fled. The group of experts met. Members of parliament voted.")]
    assert got == ["generic", "generic", "generic"]


def test_from_aliases_and_resolve_with_aliases():
    org = from_aliases(["Northern Front", "NF"])
    assert (org.id, org.name, org.abbreviations) == ("northern-front", "Northern Front", ("NF",))
    mek = resolve("mek", ["Sazman"])
    assert "Sazman" in mek.all_names and kinds("Sazman met.", mek) == [("name", "Sazman")]
    with pytest.raises(ProfileError):
        from_aliases(["  "])


def test_bad_profiles_are_pipeline_errors_naming_the_file(tmp_path):
    with pytest.raises(PipelineError, match="no such organisation profile"):
        load("no-such-group")
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "Bad Id", "name": "x"}', encoding="utf-8")
    with pytest.raises(ProfileError, match=f"{bad}: 'id'"):
        load(str(bad))
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ProfileError, match="cannot read"):
        load(str(bad))


def test_participation_by_paragraph_and_list():
    text = ("The RMF was founded in 1970.\n"
            "In 1971 police arrested students.\n"
            "The weather was mild.\n"
            "In 1973 the army captured a town.\n"
            "The group's attacks were these:\n"
            "- In 1975 a bank was bombed.\n"
            "- In 1976 a post was bombed.\n")
    doc = build("t", text, FRONT)
    got = [doc.participates(i) for i in range(len(doc.sentences))]
    # named; previous paragraph named; two paragraphs away; unrelated; "The group's attacks" (generic); list items
    assert got == [True, True, False, False, True, True, True]


def test_another_groups_occurrence_gives_no_row():
    text = "In 1984 the RMF bombed a bridge.\n\nNothing else happened.\n\nIn 1986 soldiers attacked a village."
    rows = extract_document("t", text, org=FRONT)["event_mentions"]
    assert [r["date_start"].year for r in rows] == [1984]


@pytest.mark.parametrize(("text", "named"), [
    ("Rockets struck Camp Liberty in 2013.", True),  # a site of the organisation names it
    ("In 1985 Massoud Rajavi moved to Iraq.", True),  # a leader
    ("The Mojahedin left in 1986.", True),  # a member word
    ("In 2003 the PMOI disarmed.", True),
    ("In 2003 the group disarmed; its members stayed in their camp.", False),  # generic references only
    ("Nothing happened in 2003.", False),
])
def test_names_organisation_counts_every_reference_but_a_generic_one(text, named):
    assert names_organisation(build("t", text)) is named


# --- generic references after another group (model.resolve_generic) -----------------------------

def test_the_group_after_another_group_as_subject_is_not_the_organisation():
    text = ("The RMF was removed from the list in 2012.\n\n"
            "The Blue Valley Party, by contrast, remains listed. The group was banned by Canada in 2003, "
            "and its members bombed a depot in 2005.\n\n"
            "The RMF moved to Camp Cedar in 2014. The group held a rally there in 2015.")
    doc = build("t", text, FRONT)
    generic = [r.text for r in doc.refs if r.kind == "generic"]
    assert generic == ["The group"]  # only the last one: the RMF was named again before it
    rows = extract_document("t", text, org=FRONT)
    assert [(r["jurisdiction"], r["action"], r["date_start"].year) for r in rows["designation_mentions"]] == []
    assert [r["date_start"].year for r in rows["event_mentions"]] == [2014, 2015]


def test_another_group_not_as_subject_keeps_the_reference():
    # named in a phrase after the organisation, or as an object: the next "the group" is still the RMF
    text = ("The RMF was founded in 1970 by students close to the Blue Valley Party. "
            "The group bombed a depot in 1972.")
    doc = build("t", text, FRONT)
    assert [r.text for r in doc.refs if r.kind == "generic"] == ["The group"]
    assert [r["date_start"].year for r in extract_document("t", text, org=FRONT)["event_mentions"]] == [1970, 1972]


def test_a_paragraph_opening_with_another_group_takes_no_reference_from_the_one_before():
    text = "The RMF was removed from the list in 2012.\n\nThe Blue Valley Party was banned by Canada in 2003."
    doc = build("t", text, FRONT)
    assert [doc.participates(i) for i in range(len(doc.sentences))] == [True, False]
    # another profile's name is another group too
    text = "The RMF was removed from the list in 2012.\n\nHezbollah was banned by Canada in 2003."
    assert build("t", text, FRONT).participates(1) is False
    # and a paragraph that opens otherwise still does
    text = "The RMF was removed from the list in 2012.\n\nIt was banned by Canada in 2003."
    assert build("t", text, FRONT).participates(1) is True


def test_a_generic_reference_that_is_a_name_is_another_group():
    doc = build("t", "In 1981 the RMF and the Hoviyat Group joined a council.", FRONT)
    assert [(r.kind, r.text) for r in doc.refs] == [("abbreviation", "RMF")]


def test_a_courts_or_a_gazettes_name_for_its_party_is_generic():
    got = [t for _k, t in kinds("The applicant appealed. The appellant won. The listed entity was removed. "
                                "The company would not identify the entity. The new entity was formed.")]
    assert got == ["The applicant", "The appellant", "The listed entity"]
