"""Fusion: reports of one real-world event become one fused event; different events stay apart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire import fusion
from eventwire.fusion import Report, fuse, joins

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "fusion" / "menaka-reports.jsonl"
MENAKA = (15.91985, 2.40217)


def record(event_id: str, article_id: str, *, date: str = "2024-03-04", event: str = "ASSAULT",
           dead: int | None = None, at: tuple[float, float] | None = MENAKA, precision: int = 1,
           country: str = "ML", actors: tuple[str, ...] = (), modality: str = "asserted") -> dict[str, Any]:
    return {
        "id": event_id, "article_id": article_id, "event": event, "mode": None, "context": [],
        "actor": [{"entity_text": a, "name": a, "id": a, "code": "MLI", "sector": "REB", "wikidata": None, "span": [0, 1]} for a in actors],
        "recipient": [],
        "event_loc": None if at is None else {"extracted_place": "Menaka", "resolved_place": "Ménaka", "lat": at[0], "lon": at[1],
                                             "country_code": country, "precision": precision},
        "date": date, "enddate": date, "date_precision": "day", "date_text": None, "modality": modality,
        "attribution": [], "size": None if dead is None else {"dead": dead, "dead_text": str(dead)},
        "evidence": {"sentence": f"sentence of {event_id}", "span": [0, 10], "trigger": "attacked"},
        "event_text": f"sentence of {event_id}", "confidence": 0.8,
    }


def report(rec: dict[str, Any], publisher: str | None) -> Report:
    return Report(record=rec, article_id=rec["article_id"], publisher=publisher)


def test_three_outlets_one_event_with_disagreements() -> None:
    a = report(record("e1", "a1", dead=3, actors=("jnim",)), "Sahel Ledger")
    b = report(record("e2", "a2", dead=5, actors=("jnim",)), "Niger River Times")
    c = report(record("e3", "a3", dead=3, date="2024-03-05"), "Gao Evening Dispatch")
    assert joins(b, [a])
    assert joins(c, [a, b])  # unknown actors do not contradict, and the place is the same town
    fused = fuse([a, b, c])
    assert fused["id"] == "F-e1"
    assert fused["n_publishers"] == 3
    assert [r["event_id"] for r in fused["reports"]] == ["e1", "e2", "e3"]
    assert fused["size"]["dead"] == 3  # two publishers say 3, one says 5
    assert fused["date"] == "2024-03-04"
    disagreements = {d["field"]: d["values"] for d in fused["disagreements"]}
    assert disagreements["size.dead"] == [{"value": 3, "reports": ["e1", "e3"]}, {"value": 5, "reports": ["e2"]}]
    assert disagreements["date"] == [{"value": "2024-03-04", "reports": ["e1", "e2"]}, {"value": "2024-03-05", "reports": ["e3"]}]


def test_one_publisher_twice_counts_once() -> None:
    a = report(record("e1", "a1", dead=3), "Sahel Ledger")
    b = report(record("e2", "a2", dead=5), "sahel ledger ")
    assert fuse([a, b])["n_publishers"] == 1
    # Unknown publishers are never merged with one another.
    assert fuse([report(record("e1", "a1"), None), report(record("e2", "a2"), None)])["n_publishers"] == 2


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (record("x", "a2", actors=("isgs",)), "known actors that share nothing"),
        (record("x", "a2", event="PROTEST", actors=("jnim",)), "another event type"),
        (record("x", "a2", date="2024-03-08", actors=("jnim",)), "dates four days apart"),
        (record("x", "a2", at=(16.27, -0.04), actors=("jnim",)), "Gao is 240 km from Menaka"),
        (record("x", "a2", country="NE", actors=("jnim",)), "another country"),
        (record("x", "a2", modality="negated", actors=("jnim",)), "a denial is not a report of it happening"),
        (record("x", "a1", actors=("jnim",)), "two events of one article"),
        (record("x", "a2", date=None, actors=("jnim",)), "an undated report"),  # type: ignore[arg-type]
    ],
)
def test_what_keeps_reports_apart(other: dict[str, Any], why: str) -> None:
    base = report(record("e1", "a1", actors=("jnim",)), "Sahel Ledger")
    assert not joins(report(other, "Niger River Times"), [base]), why


def test_same_day_same_town_different_actors_stay_two() -> None:
    market = report(record("e1", "a1", actors=("jnim",)), "Sahel Ledger")
    checkpoint = report(record("e2", "a2", actors=("isgs", "MLI-MIL")), "Sahel Ledger")
    assert not joins(checkpoint, [market])


def test_evidence_is_needed_not_just_absence_of_contradiction() -> None:
    # Both located only at country level, no shared actor: nothing says it is one happening.
    a = report(record("e1", "a1", precision=4), "A")
    b = report(record("e2", "a2", precision=4), "B")
    assert not joins(b, [a])
    # A shared known actor is enough then.
    a = report(record("e1", "a1", precision=4, actors=("jnim",)), "A")
    b = report(record("e2", "a2", precision=4, actors=("jnim",)), "B")
    assert joins(b, [a])


def test_complete_linkage_never_chains() -> None:
    # b is within a day of a and c is within a day of b, but c is two days from a: c stays out.
    a = report(record("e1", "a1", date="2024-03-04", actors=("jnim",)), "A")
    b = report(record("e2", "a2", date="2024-03-05", actors=("jnim",)), "B")
    c = report(record("e3", "a3", date="2024-03-06", actors=("jnim",)), "C")
    assert joins(b, [a]) and joins(c, [b])
    assert not joins(c, [a, b])


def test_radius_grows_with_coarser_precision() -> None:
    near_town = (MENAKA[0] + 0.3, MENAKA[1])  # about 33 km north
    a = report(record("e1", "a1", actors=("jnim",)), "A")
    assert not joins(report(record("e2", "a2", at=near_town, actors=("jnim",)), "B"), [a])
    assert joins(report(record("e2", "a2", at=near_town, precision=3, actors=("jnim",)), "B"), [a])


@pytest.mark.slow
def test_menaka_reports_fuse_through_ingest(tmp_path: Path) -> None:
    from eventwire.batch import ingest_into
    from eventwire.ingest import read_inputs
    from eventwire.store import open_store

    with open_store(tmp_path / "fused.db") as store:
        report_ = ingest_into(store, read_inputs([SAMPLES]))
        assert report_.stored == 4 and report_.rejected == 0
        fused = store.fused_events()
        # the attack of each article (an article may also yield other events, e.g. a statement)
        by_report = {r["article_id"]: f for f in fused if f["event"] == "ASSAULT" for r in f["reports"]}
        market = by_report["menaka-ledger-market"]
        assert {r["article_id"] for r in market["reports"]} == {
            "menaka-ledger-market", "menaka-river-times-market", "menaka-gao-dispatch-market"}
        assert market["n_publishers"] == 3
        fields = {d["field"]: {v["value"] for v in d["values"]} for d in market["disagreements"]}
        assert fields["size.dead"] == {3, 5}
        assert fields["date"] == {"2024-03-04", "2024-03-05"}
        # The checkpoint attack on the same day in the same town is another fused event.
        clash = by_report["menaka-ledger-clash"]
        assert clash["id"] != market["id"]
        assert [r["article_id"] for r in clash["reports"]] == ["menaka-ledger-clash"]
        assert store.fused_event(market["id"]) == market
        # Re-ingesting changes nothing.
        before = json.dumps(store.fused_events(), sort_keys=True)
        again = ingest_into(store, read_inputs([SAMPLES]))
        assert again.stored == 0 and json.dumps(store.fused_events(), sort_keys=True) == before
