"""The store's read side for the API: filters shared by every query, one event, articles, actors, places.

Runs on SQLite and PostgreSQL like ``test_store.py`` (whose fixtures and builders it reuses).
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.errors import InputError
from eventwire.store.sql import SqlStore
from test_store import (  # noqa: F401 - fixtures are used by name
    ALEPPO,
    ANKARA,
    IDLIB,
    REBELS,
    SYRIAN_ARMY,
    TURKEY,
    filled,
    ids,
    make_article,
    make_event,
    named,
    new_store,
    pg_schemas,
    store,
)


def test_filters_and_count_agree(filled: SqlStore) -> None:
    cases = [
        {},
        {"type": "assault"},
        {"mode": "SHELLING"},
        {"actor": "turkey"},
        {"country": "SY"},
        {"since": "2020-01-15"},
        {"near": (36.2, 37.16, 70)},
        {"bbox": (36, 35, 38, 37)},
        {"text": "aleppo"},
    ]
    for filters in cases:
        assert filled.count_events(**filters) == len(filled.events(**filters)), filters
    assert filled.count_events() == 5


def test_filter_mode(filled: SqlStore) -> None:
    # make_event gives ASSAULT events the mode "shelling" and others none.
    assert ids(filled.events(mode="Shelling")) == named(filled, "a1", "b1", "a3")
    assert filled.events(mode="air-strike") == []


def test_filter_bbox_and_antimeridian(filled: SqlStore) -> None:
    # Aleppo (36.2 N, 37.16 E) and Idlib (35.93 N, 36.63 E); Ankara (39.9 N, 32.9 E).
    assert ids(filled.events(bbox=(36, 35, 38, 37))) == named(filled, "a1", "b1")
    assert ids(filled.events(bbox=(37, 35, 38, 37))) == named(filled, "a1")
    assert ids(filled.events(bbox=(30, 30, 40, 40), type="consult")) == named(filled, "a2")
    # west > east crosses the antimeridian: the Fiji event at 179.95 E is inside (179, ..., -179).
    assert ids(filled.events(bbox=(179, -17, -179, -16))) == named(filled, "b2")
    assert filled.events(bbox=(-179, -17, 179, -16)) == []  # the same box the other way round
    with pytest.raises(InputError, match="bbox"):
        filled.events(bbox=(0, 50, 10, 40))  # south above north
    with pytest.raises(InputError, match="bbox"):
        filled.events(bbox=(0, 0, 200, 10))


def test_filter_text_searches_sentence_actors_and_place(store: SqlStore) -> None:
    a = make_article("Rebels shelled Aleppo on Monday.")
    b = make_article("Turkish troops entered Ankara's Östliche district.")
    store.add_article(a, [make_event(a, 1, place=ALEPPO)])
    store.add_article(b, [make_event(b, 1, type_="MOBILIZE", place=ANKARA, actors=(TURKEY,), recipients=())])
    a1, b1 = f"{a.id}-1", f"{b.id}-1"
    assert ids(store.events(text="SHELLED")) == [a1]  # the evidence sentence
    assert ids(store.events(text="militants")) == [a1]  # the actor's words in the text
    assert ids(store.events(text="turkey")) == [b1]  # an actor's name
    assert ids(store.events(text="ankara")) == [b1]  # the resolved place
    assert ids(store.events(text="östliche")) == [b1]  # non-ASCII case folding on both backends
    assert store.events(text="50%_") == []  # LIKE wildcards are escaped
    assert store.count_events(text="aleppo", type="assault") == 1


def test_fused_queries_cover_every_report_once(filled: SqlStore) -> None:
    fused = filled.events(fused=True)
    reports = filled.events()
    assert fused and all(record["id"].startswith("F-") for record in fused)
    assert filled.count_events(fused=True) == len(fused)
    members = [report["event_id"] for record in fused for report in record["reports"]]
    assert sorted(members) == sorted(record["id"] for record in reports)  # each report in one fused event
    assert all(record["n_publishers"] >= 1 for record in fused)
    assert filled.count_events(fused=True, min_publishers=99) == 0
    assert filled.event(fused[0]["id"])["reports"] == fused[0]["reports"]


def test_one_event(filled: SqlStore) -> None:
    a1 = named(filled, "a1")[0]
    record = filled.event(a1)
    assert record is not None and record["id"] == a1
    assert [record] == [r for r in filled.events(article_id=a1.rsplit("-", 1)[0]) if r["id"] == a1]
    assert filled.event("no-such-event") is None


def test_articles_list_without_text_with_counts_and_filters(store: SqlStore) -> None:
    a = make_article("Rebels shelled Aleppo.", title="Shelling in Aleppo", published=None)
    b = make_article("Talks in Ankara.", title="Talks", publisher="Anadolu")
    c = make_article("Nothing happened.", title="Quiet day", published=dt.date(2020, 3, 1))
    store.add_article(a, [make_event(a, 1), make_event(a, 2)])
    store.add_article(b, [make_event(b, 1, type_="CONSULT")])
    store.add_article(c, [])
    listed = store.articles()
    assert [row["id"] for row in listed] == [b.id, c.id, a.id]  # by date, undated last
    assert [row["n_events"] for row in listed] == [1, 0, 2]
    assert all("text" not in row for row in listed)
    assert listed[0]["published"] == "2020-01-14" and listed[0]["publisher"] == "Anadolu"
    assert [row["id"] for row in store.articles(limit=1, offset=1)] == [c.id]
    assert [row["id"] for row in store.articles(since="2020-02-01")] == [c.id]
    assert [row["id"] for row in store.articles(until="2020-02-01")] == [b.id]
    assert [row["id"] for row in store.articles(text="anadolu")] == [b.id]  # publisher
    assert [row["id"] for row in store.articles(text="SHELLED")] == [a.id]  # the text
    assert store.count_articles_matching(text="a") == 3
    assert store.count_articles_matching(since="2020-01-01", until="2020-01-31") == 1
    with pytest.raises(InputError, match="since"):
        store.articles(since="yesterday")
    with pytest.raises(InputError, match="offset"):
        store.articles(offset=-1)


def test_actors_counted_once_per_event_most_first(filled: SqlStore) -> None:
    actors = filled.actors()
    by_id = {actor["id"]: actor for actor in actors}
    # REBELS: actor of a1, a3, recipient of b1; SYRIAN_ARMY: recipient of a1, a3, actor of b1.
    assert by_id[REBELS.id]["n_events"] == 3
    assert by_id[SYRIAN_ARMY.id]["n_events"] == 3
    assert by_id[TURKEY.id] == {"id": "tur", "name": "Turkey", "code": "TUR", "sector": "GOV",
                                "wikidata": "Q43", "n_events": 2}
    assert [actor["n_events"] for actor in actors] == sorted((a["n_events"] for a in actors), reverse=True)
    assert [actor["id"] for actor in filled.actors(text="militants")] == [REBELS.id]  # words in the text
    assert [actor["id"] for actor in filled.actors(text="tur")] == [TURKEY.id]
    assert len(filled.actors(limit=1, offset=1)) == 1
    assert filled.actors(text="nobody") == []


def test_places_with_finest_precision_and_counts(filled: SqlStore) -> None:
    places = {place["place_id"]: place for place in filled.places()}
    assert set(places) == {ALEPPO.id, IDLIB.id, ANKARA.id, "x:east"}
    assert places[ALEPPO.id] == {"place_id": ALEPPO.id, "name": "Aleppo", "lat": ALEPPO.lat, "lon": ALEPPO.lon,
                                 "country": "SY", "precision": 1, "n_events": 1}
    assert [place["place_id"] for place in filled.places(text="IDLIB")] == [IDLIB.id]
    assert filled.places(text="nowhere") == []
    assert len(filled.places(limit=2)) == 2
