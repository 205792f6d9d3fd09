"""Reconciliation: matching rules and conflicts on crafted mentions, and on the published data."""

import csv
import datetime as dt
from pathlib import Path

from pipeline.package.reconciliation import (
    complete_link,
    conflicting_days,
    covering_date,
    designation_periods,
    reconcile,
    reconcile_dates,
)

D = dt.date
ROOT = Path(__file__).resolve().parents[1]


def ev(mid, source, start, quote, date, end=None, precision="day", etype="attack"):
    return {"mention_id": mid, "source_id": source, "char_start": start, "char_end": start + len(quote),
            "quote": quote, "date_start": date, "date_end": end or date, "date_precision": precision,
            "event_type": etype, "location": None, "country": None}


def de(mid, source, start, jurisdiction, action, date=None, end=None, precision=None, authority=None):
    return {"mention_id": mid, "source_id": source, "char_start": start, "char_end": start + 5, "quote": "x",
            "date_start": date, "date_end": end or date, "date_precision": precision if date else None,
            "jurisdiction": jurisdiction, "action": action, "authority": authority}


def me(mid, source, start, low, high, scope, date, end, precision="year", estimator=None, unit="members"):
    return {"mention_id": mid, "source_id": source, "char_start": start, "char_end": start + 5, "quote": "x",
            "date_start": date, "date_end": end, "date_precision": precision, "low": low, "high": high,
            "qualifier": "exact" if low == high else "range", "unit": unit, "scope": scope, "estimator": estimator}


TEXTS = {"a": "x" * 2000, "b": "y" * 2000, "c": "p\n" * 1000}


def run(events=(), designations=(), membership=()):
    tables = {"event_mentions": list(events), "designation_mentions": list(designations),
              "membership_mentions": list(membership)}
    return tables, reconcile(tables, TEXTS, ["a", "b", "c"])


def test_a_killing_reported_on_two_different_days_is_two_events_not_a_merge():
    # the same person, type and place (none given): the days differ, so the sources report two dates and
    # the dataset keeps two events (an occurrence is never merged across incompatible dates)
    tables, out = run(events=[
        ev("ev-1", "a", 0, "In Geneva, Kazem Rajavi was assassinated", D(1990, 2, 24)),
        ev("ev-2", "b", 0, "killing Kazem Rajavi on 24 April 1990", D(1990, 4, 24)),
    ])
    assert len(out["events"]) == 2 and out["conflicts"] == []
    assert sorted((e["date_start"], e["date_precision"]) for e in out["events"]) == [
        (D(1990, 2, 24), "day"), (D(1990, 4, 24), "day")]
    assert len({m["event_id"] for m in tables["event_mentions"]}) == 2


def test_nested_dates_of_one_killing_are_one_event_at_the_finer_date():
    tables, out = run(events=[
        ev("ev-1", "a", 0, "In Geneva, Kazem Rajavi was assassinated", D(1990, 4, 24)),
        ev("ev-2", "b", 0, "killing Kazem Rajavi in April 1990", D(1990, 4, 1), D(1990, 4, 30), "month"),
    ])
    [event] = out["events"]
    assert (event["date_start"], event["date_end"], event["date_precision"]) == (D(1990, 4, 24), D(1990, 4, 24), "day")
    assert not event["has_conflict"] and event["n_sources"] == 2


def test_different_people_or_years_are_different_events():
    _, out = run(events=[
        ev("ev-1", "a", 0, "Kazem Rajavi was assassinated in Geneva", D(1990, 2, 24)),
        ev("ev-2", "b", 0, "Mohammad Naghdi was assassinated in Rome", D(1993, 3, 6)),
        ev("ev-3", "b", 100, "Kazem Rajavi was assassinated in Geneva", D(1991, 2, 24)),
    ])
    assert len(out["events"]) == 3 and out["conflicts"] == []


def test_two_mentions_of_one_paragraph_are_not_merged():
    _, out = run(events=[
        ev("ev-1", "a", 0, "Kazem Rajavi was assassinated in Geneva", D(1990, 2, 24)),
        ev("ev-2", "a", 60, "Kazem Rajavi was assassinated in Geneva", D(1990, 4, 24)),
    ])
    assert len(out["events"]) == 2


def test_type_conflict_between_related_types():
    _, out = run(events=[
        ev("ev-1", "a", 0, "Iraqi forces raided Camp Ashraf", D(2009, 7, 28), etype="attack"),
        ev("ev-2", "b", 0, "Iraqi forces raided Camp Ashraf and killed eleven", D(2009, 7, 28),
           etype="military_operation"),
    ])
    assert len(out["events"]) == 1 and out["events"][0]["has_conflict"]
    assert {c["field"] for c in out["conflicts"]} == {"event_type"}


def test_dates_that_overlap_agree_and_give_the_most_precise():
    members = [{"date_start": D(2009, 1, 1), "date_end": D(2009, 12, 31), "date_precision": "year"},
               {"date_start": D(2009, 1, 26), "date_end": D(2009, 1, 26), "date_precision": "day"}]
    assert reconcile_dates(members) == {"date_start": D(2009, 1, 26), "date_end": D(2009, 1, 26),
                                        "date_precision": "day"}


def test_designations_same_act_within_months_with_a_day_conflict():
    _, out = run(designations=[
        de("de-1", "a", 0, "US", "delisted", D(2012, 9, 21), precision="day"),
        de("de-2", "b", 0, "US", "delisted", D(2012, 9, 28), precision="day"),
        de("de-3", "c", 0, "US", "delisted", D(2012, 9, 1), D(2012, 9, 30), "month"),
        de("de-4", "c", 10, "US", "listed", D(1997, 10, 1), D(1997, 10, 31), "month"),
        de("de-5", "a", 10, "US", "listed"),
    ])
    by_action = {d["action"]: d for d in out["designations"]}
    assert set(by_action) == {"listed", "delisted"}
    delisting = by_action["delisted"]
    assert delisting["has_conflict"] and delisting["n_mentions"] == 3
    assert (delisting["date_start"], delisting["date_precision"]) == (D(2012, 9, 1), "month")
    assert sorted(c["mention_id"] for c in out["conflicts"]) == ["de-1", "de-2"]  # September 2012 agrees with both
    assert by_action["listed"]["n_mentions"] == 2  # the undated standing status joins the only dated listing
    [period] = out["designation_periods"]
    assert (period["jurisdiction"], period["listed_from"], period["listed_to"], period["status"]) == (
        "US", D(1997, 10, 1), D(2012, 9, 1), "ended")


def test_periods_report_a_delisting_without_listing_and_open_listings():
    rows = [
        {"designation_id": "desig-1", "jurisdiction": "GB", "action": "delisted", "date_start": D(2008, 6, 1),
         "date_precision": "month"},
        {"designation_id": "desig-2", "jurisdiction": "IR", "action": "listed", "date_start": None,
         "date_precision": None},
        {"designation_id": "desig-3", "jurisdiction": "EU", "action": "listed", "date_start": D(2002, 5, 1),
         "date_precision": "month"},
        {"designation_id": "desig-4", "jurisdiction": "EU", "action": "delisted", "date_start": D(2009, 1, 26),
         "date_precision": "day"},
        {"designation_id": "desig-5", "jurisdiction": "EU", "action": "listed", "date_start": D(2015, 1, 1),
         "date_precision": "year"},
    ]
    got = sorted((p["jurisdiction"], p["listed_from"], p["listed_to"], p["status"]) for p in designation_periods(rows))
    assert got == [("EU", D(2002, 5, 1), D(2009, 1, 26), "ended"), ("EU", D(2015, 1, 1), None, "listed"),
                   ("GB", None, D(2008, 6, 1), "delisted_without_listing"), ("IR", None, None, "listed")]


def test_estimates_of_one_scope_and_time_from_two_estimators_conflict():
    _, out = run(membership=[
        me("me-1", "a", 0, 2500, 2500, "its Albania camp", D(2020, 2, 1), D(2020, 2, 29), "month", "the MEK"),
        me("me-2", "a", 80, 200, 200, "Albania camp", D(2020, 2, 1), D(2020, 2, 29), "month",
           "a New York Times reporter", unit="people"),
    ])
    [estimate] = out["membership_estimates"]
    assert (estimate["low"], estimate["high"], estimate["qualifier"], estimate["has_conflict"]) == (
        200, 2500, "range", True)
    assert estimate["estimators"] == "the MEK; a New York Times reporter"
    assert sorted(c["value"] for c in out["conflicts"]) == ["200..200", "2500..2500"]


def test_one_sources_two_figures_are_two_facts():
    _, out = run(membership=[
        me("me-1", "a", 0, 2000, 2000, "global", D(1980, 1, 1), D(1989, 12, 31), "decade"),
        me("me-2", "a", 40, 10000, 15000, "global", D(1980, 1, 1), D(1989, 12, 31), "decade"),
    ])
    assert len(out["membership_estimates"]) == 2 and out["conflicts"] == []


def test_two_bombings_on_different_days_of_one_year_are_two_events():
    _, out = run(events=[
        ev("ev-1", "a", 0, "A bomb exploded at the Grand Bazaar in Tabriz", D(1985, 3, 3)),
        ev("ev-2", "b", 0, "A bomb exploded at the Grand Bazaar in Tabriz", D(1985, 11, 20)),
    ])
    assert len(out["events"]) == 2 and out["conflicts"] == []
    assert sorted((e["date_start"], e["date_precision"]) for e in out["events"]) == [
        (D(1985, 3, 3), "day"), (D(1985, 11, 20), "day")]


def test_conflicting_days_only_for_designations():
    base = de("de-1", "a", 0, "US", "delisted", D(2012, 9, 21), precision="day")
    assert conflicting_days(base, de("x", "b", 0, "US", "delisted", D(2012, 9, 28), precision="day"))  # day only
    assert conflicting_days(base, de("x", "b", 0, "US", "delisted", D(2012, 7, 21), precision="day"))  # month only
    assert not conflicting_days(base, de("x", "b", 0, "US", "delisted", D(2012, 7, 28), precision="day"))  # both
    assert not conflicting_days(base, de("x", "b", 0, "US", "delisted", D(2013, 9, 21), precision="day"))  # year
    assert not conflicting_days(base, de("x", "b", 0, "US", "delisted", D(2012, 9, 1), D(2012, 9, 30), "month"))
    _, out = run(designations=[base, de("de-2", "b", 0, "US", "delisted", D(2012, 7, 21), precision="day")])
    [act] = out["designations"]
    assert act["has_conflict"] and (act["date_start"], act["date_end"], act["date_precision"]) == (
        D(2012, 1, 1), D(2012, 12, 31), "year")


def test_no_chaining_every_pair_of_a_group_matches():
    # 1981 and 1980-1988 overlap, 1980-1988 and 1987 overlap, 1981 and 1987 do not
    quote = "Revolutionary Guards attacked Ashraf near Baqubah"
    _, out = run(events=[
        ev("ev-1", "a", 0, quote, D(1981, 1, 1), D(1981, 12, 31), "year"),
        ev("ev-2", "b", 0, quote, D(1980, 1, 1), D(1988, 12, 31), "year"),
        ev("ev-3", "c", 0, quote, D(1987, 1, 1), D(1987, 12, 31), "year"),
    ])
    assert sorted(e["n_mentions"] for e in out["events"]) == [1, 2]
    assert [(e["date_start"], e["date_end"]) for e in out["events"] if e["n_mentions"] == 2] == [
        (D(1981, 1, 1), D(1981, 12, 31))]  # 1981 and 1980-1988 together; 1987 alone
    assert complete_link([0, 1, 2], lambda i, j: abs(i - j) == 1) == [[0, 1], [2]]


def test_designations_do_not_chain_over_years():
    # "listed in 1990", "listed in 1991", ...: year-precision dates that do not overlap are different acts
    mentions = [de(f"de-{y}", "a", y * 10, "NZ", "listed", D(y, 1, 1), D(y, 12, 31), "year") for y in range(1990, 2000)]
    _, out = run(designations=mentions)
    assert len(out["designations"]) == 10 and out["conflicts"] == []


def test_designation_days_in_months_too_far_apart_are_two_acts():
    _, out = run(designations=[
        de("de-1", "a", 0, "US", "delisted", D(2012, 2, 21), precision="day"),
        de("de-2", "b", 0, "US", "delisted", D(2012, 10, 21), precision="day"),  # same day, 8 months later
    ])
    assert len(out["designations"]) == 2


def test_a_reconciled_date_is_never_finer_than_its_interval():
    days = [{"date_start": D(1985, 3, 3), "date_end": D(1985, 3, 3), "date_precision": "day"},
            {"date_start": D(1985, 11, 20), "date_end": D(1985, 11, 20), "date_precision": "day"}]
    assert reconcile_dates(days) == {"date_start": D(1985, 1, 1), "date_end": D(1985, 12, 31),
                                     "date_precision": "year"}
    assert covering_date(D(2012, 9, 21), D(2012, 9, 28)) == {"date_start": D(2012, 9, 1),
                                                             "date_end": D(2012, 9, 30), "date_precision": "month"}
    assert covering_date(D(2000, 2, 3), D(2000, 2, 3), "year")["date_precision"] == "year"
    assert covering_date(D(1988, 5, 1), D(1993, 1, 1)) == {"date_start": D(1988, 5, 1), "date_end": D(1993, 1, 1),
                                                           "date_precision": "decade"}
    assert covering_date(D(1981, 2, 1), D(1989, 3, 1))["date_start"] == D(1980, 1, 1)


def test_many_texts_each_reporting_another_occurrence_stay_apart():
    """600 texts: one listing each in a different year (single link with a six-month window chained them
    into one designation), and one bombing each on a different day of one year (the same-year rule
    chained them into one event)."""
    n = 600
    texts = {f"s{i:04d}": "z" * 100 for i in range(n)}
    designations = [de(f"de-{i}", f"s{i:04d}", 0, "NZ", "listed", D(1500 + i, 1, 1), D(1500 + i, 12, 31), "year")
                    for i in range(n)]
    first = D(1985, 1, 1)
    events = [ev(f"ev-{i}", f"s{i:04d}", 0, "A bomb exploded near Azadi Square in Tehran",
                 first + dt.timedelta(days=i % 365)) for i in range(n)]
    # and 600 texts each listing a delisting on another day of 2012: conflicting days within six months of
    # each other may be one act, but complete link keeps every group's pairs within the rule
    designations += [de(f"dd-{i}", f"s{i:04d}", 50, "NZ", "delisted", D(2012, 1, 1) + dt.timedelta(days=i % 366),
                        precision="day") for i in range(n)]
    tables = {"event_mentions": events, "designation_mentions": designations, "membership_mentions": []}
    out = reconcile(tables, texts, sorted(texts))
    listings = [d for d in out["designations"] if d["action"] == "listed"]
    assert len(listings) == n
    by_id = {m["mention_id"]: m for m in designations}
    for d in out["designations"]:
        members = [by_id[m["mention_id"]] for m in tables["designation_mentions"]
                   if m["designation_id"] == d["designation_id"]]
        for a in members:
            for b in members:
                assert a is b or a["date_start"] == b["date_start"] or conflicting_days(a, b)
    assert max(e["n_mentions"] for e in out["events"]) == 2  # the same day, reported twice (day i and i + 365)
    assert len(out["events"]) == 365
    for event in out["events"]:
        assert event["date_start"] == event["date_end"] and event["date_precision"] == "day"
        assert not event["has_conflict"]


def test_ids_do_not_depend_on_row_order_and_survive_a_new_source():
    first = [ev("ev-1", "a", 0, "Kazem Rajavi was assassinated in Geneva", D(1990, 2, 24)),
             ev("ev-2", "b", 0, "Kazem Rajavi killed in Geneva", D(1990, 2, 24))]
    _, one = run(events=first)
    _, two = run(events=[*reversed(first), ev("ev-0", "c", 0, "Kazem Rajavi shot dead in Geneva", D(1990, 2, 24))])
    assert [e["event_id"] for e in one["events"]] == [e["event_id"] for e in two["events"]]
    assert two["events"][0]["n_sources"] == 3


# --- the published data ---------------------------------------------------------------------

def read(name):
    with open(ROOT / "processed" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_published_mention_has_its_canonical_row():
    for mentions, canonical, key in (("event_mentions", "events", "event_id"),
                                     ("designation_mentions", "designations", "designation_id"),
                                     ("membership_mentions", "membership_estimates", "estimate_id")):
        ids = {r[key] for r in read(canonical)}
        rows = read(mentions)
        assert all(r[key] in ids for r in rows), mentions
        counts = {r[key]: int(r["n_mentions"]) for r in read(canonical)}
        assert sum(counts.values()) == len(rows)


def test_known_disagreements_between_sources_are_in_conflicts():
    conflicts = read("conflicts")
    values = {(c["table"], c["value"]) for c in conflicts}
    # the US delisting: 21 and 28 September 2012
    assert ("designations", "2012-09-21..2012-09-21 (day)") in values
    assert ("designations", "2012-09-28..2012-09-28 (day)") in values
    # a killing dated 24 February 1990 in one paragraph and 24 April 1990 in another: two stated days are
    # two events (events have no conflicting-dates exception), so no date conflict
    feb_apr = [m for m in read("event_mentions") if m["date_start"] in ("1990-02-24", "1990-04-24")]
    assert len(feb_apr) == 2 and len({m["event_id"] for m in feb_apr}) == 2
    assert not {m["mention_id"] for m in feb_apr} & {c["mention_id"] for c in conflicts}
    # membership figures that differ by estimator
    assert any(c["table"] == "membership_estimates" and c["field"] == "figures" for c in conflicts)


def test_us_listing_period_runs_from_1997_to_2012():
    us = [p for p in read("designation_periods") if p["jurisdiction"] == "US"]
    assert [(p["listed_from"][:4], p["listed_to"][:4], p["status"]) for p in us] == [("1997", "2012", "ended")]


# --- the bucketed event clustering equals the plain complete link over every group ----------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.package.reconciliation import (  # noqa: E402
    _event_key,
    _keys_match,
    _mention_order,
    _newlines,
    cluster_events,
)

_WORDS = ["Paris", "Baghdad", "Rajavi", "Ashraf", "Tehran", "attack", "bombing", "office", "embassy", "killed"]


@st.composite
def _event_mentions(draw):
    n = draw(st.integers(min_value=0, max_value=14))
    out = []
    for i in range(n):
        year = draw(st.integers(min_value=1979, max_value=1983))
        precision = draw(st.sampled_from(["day", "month", "year", "decade"]))
        start = D(year, 1, 1) if precision != "day" else D(year, draw(st.integers(1, 12)), 1)
        end = {"day": start, "month": D(year, start.month, 28), "year": D(year, 12, 31),
               "decade": D(1989, 12, 31)}[precision]
        words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5))
        quote = "It said " + " ".join(words) + "."
        source = draw(st.sampled_from(["a", "c"]))
        out.append(ev(f"m{i}", source, draw(st.integers(0, 1900)), quote, start, end, precision,
                      draw(st.sampled_from(["attack", "military_operation", "legal"]))))
    return out


@settings(max_examples=200, deadline=None)
@given(_event_mentions())
def test_event_clusters_are_those_of_comparing_every_group(mentions):
    dated = _mention_order(mentions, None)
    keys = [_event_key(m, _newlines(TEXTS[m["source_id"]])) for m in mentions]
    plain = complete_link(dated, lambda i, j: _keys_match(keys[i], keys[j]))
    assert cluster_events(mentions, TEXTS) == plain
