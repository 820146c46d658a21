"""Batch ingest: language check, near-duplicates linked across runs, rejections kept, fusion at ingest."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from eventwire.batch import ingest_into
from eventwire.model import Article, Rejected
from eventwire.store import open_store

pytestmark = pytest.mark.slow

WIRE = (
    "Armed men attacked an army post near Tessalit on Monday, killing three soldiers, the army said in a statement "
    "on Tuesday. Residents said the fighting lasted two hours and that several homes were burned in the northern "
    "town, which lies on the road to the Algerian border. The army said reinforcements had been sent from Kidal and "
    "that the attackers had fled towards the hills to the east of the town."
)


def article(text: str, publisher: str, **fields) -> Article:
    return Article.from_text(text, published=dt.date(2024, 3, 5), publisher=publisher, source=f"{publisher}.txt", **fields)


def test_syndicated_copy_is_linked_across_runs_and_not_parsed(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    original = article(WIRE, "Invented Wire")
    copy = article("UPDATED (Sahel Ledger): " + WIRE.replace("three soldiers", "three Malian soldiers"), "Sahel Ledger")
    with open_store(db) as store:
        first = ingest_into(store, [original])
        assert first.stored == 1 and first.events > 0
    with open_store(db) as store:  # a later run, a fresh process's view: the signature was persisted
        second = ingest_into(store, [copy])
        assert (second.stored, second.near_duplicates, second.events) == (1, 1, 0)
        [link] = store.near_duplicates()
        assert link["article_id"] == copy.id and link["duplicate_of"] == original.id and link["similarity"] >= 0.7
        assert store.events(article_id=copy.id) == []
        again = ingest_into(store, [original, copy])
        assert (again.stored, again.skipped) == (0, 2)


def test_non_english_article_is_rejected_and_the_batch_goes_on(tmp_path: Path) -> None:
    french = article("Des hommes armés ont attaqué lundi un poste de l'armée près de Tessalit, tuant trois soldats.",
                     "Courrier Inventé")
    english = article(WIRE, "Invented Wire")
    with open_store(tmp_path / "events.db") as store:
        result = ingest_into(store, [Rejected("bad.txt", "empty text"), french, english])
        assert (result.read, result.stored, result.rejected) == (3, 1, 2)
        reasons = {r.source: r.reason for r in store.rejected()}
        assert reasons["bad.txt"] == "empty text"
        assert reasons["Courrier Inventé.txt"].startswith("language detected as French")
        assert store.count_events(fused=True) >= 1


def test_reprocess_replaces_the_events_of_stored_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.batch as batch

    original = article(WIRE, "Invented Wire")
    copy = article("UPDATED (Sahel Ledger): " + WIRE.replace("three soldiers", "three Malian soldiers"), "Sahel Ledger")
    with open_store(tmp_path / "events.db") as store:
        ingest_into(store, [original, copy])
        stored = store.events(article_id=original.id)
        assert len(stored) >= 2
        # an upgraded pipeline that finds only the first event: a plain re-run keeps the old ones ...
        real = batch.analyse_parsed

        def upgraded(item: Article, doc):  # noqa: ANN001
            result = real(item, doc)
            return dataclasses.replace(result, events=result.events[:1])

        monkeypatch.setattr(batch, "analyse_parsed", upgraded)
        plain = ingest_into(store, [original, copy])
        assert (plain.skipped, plain.reprocessed) == (2, 0) and store.events(article_id=original.id) == stored
        # ... and --reprocess replaces them; the near-duplicate stays linked, with no events
        again = ingest_into(store, [original, copy], reprocess=True)
        assert (again.reprocessed, again.skipped, again.stored, again.events) == (1, 1, 0, 1)
        assert store.events(article_id=original.id) == stored[:1]
        assert store.count_events() == 1 and store.count_events(fused=True) == 1
        assert store.events(article_id=copy.id) == [] and store.is_near_duplicate(copy.id)
