"""The store, on real SQLite and a real PostgreSQL server.

PostgreSQL tests read EVENTWIRE_TEST_PG_URL; start a throwaway server with
``eval "$(scripts/pg-test-server.sh start)"`` (stop it with ``scripts/pg-test-server.sh stop``).
Without the variable they are skipped, except under CI=true, where they fail.
Every store gets a fresh SQLite file or a fresh PostgreSQL schema, so tests are independent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from eventwire.errors import InputError, StoreError
from eventwire.model import (
    Actor,
    ActorMention,
    Article,
    DateInterval,
    Event,
    Evidence,
    Place,
    PlaceMention,
    Rejected,
    Size,
    Span,
)
from eventwire.store import SCHEMA_VERSION, Store, open_store, store_url
from eventwire.store import sql as store_sql
from eventwire.store.sql import (
    ARTICLES,
    BANDS,
    EVENTS,
    FUSED,
    FUSED_MEMBERS,
    NEAR_DUPLICATES,
    SCHEMA_VERSION_TABLE,
    SIGNATURES,
    SqlStore,
)

PG_URL = os.environ.get("EVENTWIRE_TEST_PG_URL")
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
PG_HOWTO = 'start a throwaway server with: eval "$(scripts/pg-test-server.sh start)"'


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_schemas() -> Iterator[Callable[[], str]]:
    """Makes fresh PostgreSQL schemas (dropped at the end of the module); gives a URL for each."""
    if not PG_URL:
        if IN_CI:
            pytest.fail(f"CI=true but EVENTWIRE_TEST_PG_URL is not set; the PostgreSQL tests must run in CI ({PG_HOWTO})")
        pytest.skip(f"EVENTWIRE_TEST_PG_URL is not set; {PG_HOWTO}")
    base = make_url(str(store_url(PG_URL)))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def new_schema() -> str:
        name = f"ew_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        created.append(name)
        url = base.update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    yield new_schema
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], SqlStore]]:
    """Opens fresh, empty stores of the test's backend."""
    opened: list[Store] = []

    def make() -> SqlStore:
        if request.param == "sqlite":
            location = str(tmp_path / f"events-{len(opened)}.db")
        else:
            location = request.getfixturevalue("pg_schemas")()
        store = open_store(location)
        opened.append(store)
        return store  # type: ignore[return-value]

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(new_store: Callable[[], SqlStore]) -> SqlStore:
    return new_store()


def reopen(store: SqlStore) -> SqlStore:
    return open_store(store.url.render_as_string(hide_password=False))  # type: ignore[return-value]


# --- building records by hand -----------------------------------------------------------------

ALEPPO = Place("gn:170063", "Aleppo", 36.20124, 37.16117, "SY", "Aleppo", "city", 4, 1_800_000)
IDLIB = Place("gn:169389", "Idlib", 35.93062, 36.63393, "SY", "Idlib", "city", 4, 128_000)
ANKARA = Place("gn:323786", "Ankara", 39.91987, 32.85427, "TR", "Ankara", "city", 4, 3_500_000)
SUVA_EAST = Place("x:east", "East of the antimeridian", -16.5, 179.95, "FJ", None, "village", 4)
SYRIAN_ARMY = Actor("syr-mil", "Syrian Arab Army", "SYR", "MIL")
TURKEY = Actor("tur", "Turkey", "TUR", "GOV", "Q43", "country")
REBELS = Actor("unk:rebels", "rebels", None, "REB", known=False)


def make_article(text_: str = "Rebels shelled Aleppo on Monday.", **fields: Any) -> Article:
    fields.setdefault("published", dt.date(2020, 1, 14))
    fields.setdefault("publisher", "SANA")
    return Article.from_text(text_, **fields)


def make_event(
    article: Article,
    n: int,
    *,
    type_: str = "ASSAULT",
    dates: tuple[str, str] | None = ("2020-01-13", "2020-01-13"),
    place: Place | None = ALEPPO,
    actors: tuple[Actor, ...] = (REBELS,),
    recipients: tuple[Actor, ...] = (SYRIAN_ARMY,),
    modality: str = "asserted",
    context: tuple[Any, ...] = ("shelling",),
) -> Event:
    def mention(actor: Actor, via: str = "dictionary") -> ActorMention:
        words = "the militants" if actor is REBELS else actor.name  # words in the text, not the name
        return ActorMention(Span(0, len(words), words), actor, via)

    return Event(
        id=f"{article.id}-{n}",
        article_id=article.id,
        event=type_,
        mode="shelling" if type_ == "ASSAULT" else None,
        context=context,
        actors=tuple(mention(actor) for actor in actors),
        recipients=tuple(mention(actor, "ner") for actor in recipients),
        location=PlaceMention(Span(15, 21, place.name[:6]), place, 1, "in", 0.9) if place else None,
        date=DateInterval(dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[1]), "day", "on Monday")
        if dates
        else None,
        modality=modality,  # type: ignore[arg-type]
        attribution=(),
        size=Size(dead=3, dead_text="three people"),
        evidence=Evidence(article.text, Span(0, len(article.text), article.text), "shelled", Span(7, 14, "shelled")),
        confidence=0.8123,
        places=(PlaceMention(Span(15, 21, "Aleppo"), place, 1),) if place else (),
    )


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in records]


# --- round trips and idempotence --------------------------------------------------------------


def test_article_and_events_round_trip(store: SqlStore) -> None:
    article = make_article(title="Aleppo", url="https://example.org/a", source="a.txt")
    events = [make_event(article, 1), make_event(article, 2, type_="CONSULT", place=None, dates=None)]
    assert store.add_article(article, events) is True
    assert store.has_article(article.id)
    assert not store.has_article("nope")
    assert store.article(article.id) == article
    assert store.article("nope") is None
    assert store.count_articles() == 1
    assert store.count_events() == 2
    assert store.events(article_id=article.id) == [event.to_record() for event in events]


def test_re_adding_changes_nothing(store: SqlStore) -> None:
    article = make_article()
    assert store.add_article(article, [make_event(article, 1)]) is True
    before = dump(store)
    assert store.add_article(article, [make_event(article, 1), make_event(article, 2)]) is False
    assert store.add_article(dataclasses.replace(article, title="changed"), []) is False
    assert dump(store) == before
    assert store.count_events() == 1


def test_event_of_another_article_is_refused(store: SqlStore) -> None:
    article, other = make_article(), make_article("Another text.")
    with pytest.raises(InputError, match="belongs to article"):
        store.add_article(article, [make_event(other, 1)])
    assert store.count_articles() == 0


def test_nul_and_surrogates_are_refused_on_both_backends(store: SqlStore) -> None:
    with pytest.raises(InputError, match="NUL"):
        store.add_article(make_article("bad \x00 text"), [])
    with pytest.raises(InputError, match="not valid Unicode"):
        store.add_article(make_article("text", title="lone \ud800 surrogate"), [])
    assert store.count_articles() == 0


# --- filters ----------------------------------------------------------------------------------


@pytest.fixture
def filled(store: SqlStore) -> SqlStore:
    a = make_article("Article A.")
    b = make_article("Article B.")
    store.add_article(a, [
        make_event(a, 1, dates=("2020-01-10", "2020-01-10"), place=ALEPPO),
        make_event(a, 2, type_="CONSULT", dates=("2020-01-01", "2020-01-31"), place=ANKARA,
                   actors=(TURKEY,), recipients=(), modality="reported"),
        make_event(a, 3, dates=None, place=None, modality="negated"),
    ])
    store.add_article(b, [
        make_event(b, 1, dates=("2020-02-05", "2020-02-06"), place=IDLIB, actors=(SYRIAN_ARMY,), recipients=(REBELS,)),
        make_event(b, 2, type_="AID", dates=("2019-12-01", "2019-12-31"), place=SUVA_EAST, actors=(TURKEY,), recipients=()),
    ])
    store.ids = {"a1": f"{a.id}-1", "a2": f"{a.id}-2", "a3": f"{a.id}-3", "b1": f"{b.id}-1", "b2": f"{b.id}-2"}  # type: ignore[attr-defined]
    return store


def named(store: SqlStore, *names: str) -> list[str]:
    return [store.ids[name] for name in names]  # type: ignore[attr-defined]


def test_order_is_date_then_id_with_undated_last(filled: SqlStore) -> None:
    assert ids(filled.events()) == named(filled, "b2", "a2", "a1", "b1", "a3")
    assert ids(filled.events(limit=2, offset=1)) == named(filled, "a2", "a1")


def test_filter_type_is_case_insensitive(filled: SqlStore) -> None:
    assert ids(filled.events(type="assault")) == named(filled, "a1", "b1", "a3")
    assert ids(filled.events(type="Consult")) == named(filled, "a2")
    assert filled.events(type="PROTEST") == []


def test_filter_actor_matches_names_codes_and_words(filled: SqlStore) -> None:
    assert ids(filled.events(actor="turkey")) == named(filled, "b2", "a2")
    assert ids(filled.events(actor="ARAB ARMY")) == named(filled, "a1", "b1", "a3")  # recipient name
    assert ids(filled.events(actor="tur")) == named(filled, "b2", "a2")  # the ISO3 code
    assert ids(filled.events(actor="MILITANTS")) == named(filled, "a1", "b1", "a3")  # the words in the text
    assert filled.events(actor="100%") == []  # LIKE wildcards are escaped


def test_filter_country_iso3_iso2_and_name(filled: SqlStore) -> None:
    syria = named(filled, "a1", "b1")
    assert ids(filled.events(country="SYR")) == syria
    assert ids(filled.events(country="sy")) == syria
    assert ids(filled.events(country="Syria")) == syria
    assert ids(filled.events(country="TR")) == named(filled, "a2")
    with pytest.raises(InputError, match="unknown country"):
        filled.events(country="QQ")


def test_filter_since_until_counts_overlapping_events(filled: SqlStore) -> None:
    # a2 spans January; a1 is on Jan 10; b1 on Feb 5-6; b2 spans December 2019.
    assert ids(filled.events(since="2020-01-15")) == named(filled, "a2", "b1")
    assert ids(filled.events(until=dt.date(2020, 1, 5))) == named(filled, "b2", "a2")
    assert ids(filled.events(since="2020-01-31", until="2020-02-05")) == named(filled, "a2", "b1")
    assert ids(filled.events(since="2019-12-31", until="2019-12-31")) == named(filled, "b2")
    assert filled.events(since="2021-01-01") == []


def test_filter_near(filled: SqlStore) -> None:
    # Aleppo to Idlib is about 58 km.
    assert ids(filled.events(near=(36.2, 37.16, 10))) == named(filled, "a1")
    assert ids(filled.events(near=(36.2, 37.16, 70))) == named(filled, "a1", "b1")
    assert ids(filled.events(near=(36.2, 37.16, 70), type="assault", limit=1, offset=1)) == named(filled, "b1")
    # Across the antimeridian: a point at 179.95 E is 10 km from one at 179.95 W... roughly.
    assert ids(filled.events(near=(-16.5, -179.98, 20))) == named(filled, "b2")
    assert filled.events(near=(-16.5, -179.98, 0.5)) == []
    with pytest.raises(InputError, match="near"):
        filled.events(near=(120, 0, 10))


def test_filter_modality_article_and_combinations(filled: SqlStore) -> None:
    assert ids(filled.events(modality="Reported")) == named(filled, "a2")
    assert ids(filled.events(modality="negated")) == named(filled, "a3")
    a_id = filled.ids["a1"].rsplit("-", 1)[0]  # type: ignore[attr-defined]
    assert ids(filled.events(article_id=a_id, type="ASSAULT", country="SYR")) == named(filled, "a1")


# --- rejected ---------------------------------------------------------------------------------


def test_rejected_are_kept_once(store: SqlStore) -> None:
    store.add_rejected(Rejected("batch.jsonl:2", "invalid JSON"))
    store.add_rejected(Rejected("batch.jsonl:2", "invalid JSON"))
    store.add_rejected(Rejected("batch.jsonl:5", "text is missing", "a3"))
    store.add_rejected(Rejected("batch.jsonl:2", "another reason"))
    store.add_rejected(Rejected("x" * 3000, "y" * 5000))  # long texts: the unique key is a hash
    store.add_rejected(Rejected("nul\x00.txt", "binary"))
    assert store.rejected()[:3] == [
        Rejected("batch.jsonl:2", "invalid JSON"),
        Rejected("batch.jsonl:5", "text is missing", "a3"),
        Rejected("batch.jsonl:2", "another reason"),
    ]
    with reopen(store) as again:
        assert len(again.rejected()) == 5


# --- schema -----------------------------------------------------------------------------------


def test_migrations_are_recorded_once(store: SqlStore) -> None:
    assert store.schema_version == SCHEMA_VERSION == store_sql.MIGRATIONS[-1].version
    assert [version for version, _ in store.applied_migrations()] == [m.version for m in store_sql.MIGRATIONS]
    again = reopen(store)
    assert again.applied_migrations() == store.applied_migrations()
    again.close()


def test_newer_schema_is_refused(store: SqlStore) -> None:
    with store.engine.begin() as conn:
        conn.execute(SCHEMA_VERSION_TABLE.insert().values(
            version=SCHEMA_VERSION + 1, description="from the future", applied_at=dt.datetime.now(dt.timezone.utc)))
    with pytest.raises(StoreError, match="newer than this eventwire"):
        reopen(store)


def test_later_migration_adds_a_column(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_column(conn: Any) -> None:
        conn.execute(text("ALTER TABLE events ADD COLUMN extra_test TEXT"))

    extra = store_sql.Migration(SCHEMA_VERSION + 1, "test column", add_column)
    monkeypatch.setattr(store_sql, "MIGRATIONS", (*store_sql.MIGRATIONS, extra))
    monkeypatch.setattr(store_sql, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    again = reopen(store)
    assert again.schema_version == SCHEMA_VERSION + 1
    with again.engine.connect() as conn:
        conn.execute(text("SELECT extra_test FROM events"))
    again.close()


# --- errors -----------------------------------------------------------------------------------


def test_backend_errors_name_backend_and_mask_password(store: SqlStore) -> None:
    article = make_article()
    with pytest.raises(StoreError) as caught:
        store.add_article(article, [make_event(article, 1), make_event(article, 1)])  # duplicate event id
    assert caught.value.backend.startswith(store.dialect)
    assert store.count_articles() == 0  # the article row went with the failed transaction
    if store.dialect == "postgresql":
        url = store.url.set(password="not-the-password-42")
        with pytest.raises(StoreError) as caught:
            SqlStore(url)
        assert "***" in str(caught.value)
        assert "not-the-password-42" not in str(caught.value)


def test_unusable_sqlite_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="sqlite"):
        open_store(blocker / "sub" / "events.db")


def test_store_url() -> None:
    assert str(store_url("postgresql://u:p@h/db")) == "postgresql+psycopg://u:p@h/db"
    assert str(store_url("postgres://h/db")) == "postgresql+psycopg://h/db"
    assert str(store_url("sqlite:///x.db")) == "sqlite:///x.db"
    assert str(store_url(":memory:")) == "sqlite://"
    with pytest.raises(StoreError, match="unsupported"):
        store_url("mysql://h/db")


# --- property: article fields round-trip ------------------------------------------------------

# Any Unicode but NUL (PostgreSQL text cannot hold it) and lone surrogates (not encodable): the
# store refuses both on both backends (tested above).
no_nul = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
article_fields = st.fixed_dictionaries(
    {
        "text": no_nul.filter(str.strip),
        "title": st.none() | no_nul,
        "published": st.none() | st.dates(),
        "publisher": st.none() | no_nul,
        "url": st.none() | no_nul,
        "language": st.none() | st.sampled_from(["en", "ar", "tr"]),
        "source": st.none() | no_nul,
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=article_fields)
def test_article_fields_round_trip(store: SqlStore, fields: dict[str, Any]) -> None:
    article = Article(id=uuid.uuid4().hex, **fields)
    assert store.add_article(article, [])
    assert store.article(article.id) == article


# --- crash and resume -------------------------------------------------------------------------


def dump(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    article_columns = [c for c in ARTICLES.c if c.name != "ingested_at"]
    with store.engine.connect() as conn:
        return {
            "articles": [tuple(r) for r in conn.execute(select(*article_columns).order_by(ARTICLES.c.id))],
            "events": [tuple(r) for r in conn.execute(select(EVENTS).order_by(EVENTS.c.id))],
            "fused": [tuple(r) for r in conn.execute(select(FUSED).order_by(FUSED.c.id))],
            "fused_members": [tuple(r) for r in conn.execute(select(FUSED_MEMBERS).order_by(FUSED_MEMBERS.c.event_id))],
            "near_duplicates": [tuple(r) for r in conn.execute(select(NEAR_DUPLICATES).order_by(NEAR_DUPLICATES.c.article_id))],
            "signatures": [tuple(r) for r in conn.execute(select(SIGNATURES).order_by(SIGNATURES.c.article_id))],
            "bands": [tuple(r) for r in conn.execute(select(BANDS).order_by(BANDS.c.band, BANDS.c.article_id))],
        }


def batch() -> list[tuple[Article, list[Event]]]:
    items = []
    for n in range(5):
        article = make_article(f"Article number {n}: rebels shelled Aleppo.")
        items.append((article, [make_event(article, k, dates=(f"2020-01-1{k}", f"2020-01-1{k}")) for k in range(3)]))
    return items


def run_batch(store: SqlStore, items: list[tuple[Article, list[Event]]]) -> None:
    for article, events in items:
        if not store.has_article(article.id):  # what a resumed ingest does; add_article is idempotent anyway
            store.add_article(article, events)


def test_crash_midway_leaves_nothing_partial_and_rerun_matches(
    new_store: Callable[[], SqlStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = batch()
    crashed, reference = new_store(), new_store()
    run_batch(reference, items)

    # A fault inside the transaction of the third article, after its row and before its events.
    doomed = items[2][0].id
    real_event_row = store_sql._event_row

    def failing_event_row(event: Event) -> dict[str, Any]:
        if event.article_id == doomed and event.id.endswith("-1"):
            raise RuntimeError("simulated crash")
        return real_event_row(event)

    monkeypatch.setattr(store_sql, "_event_row", failing_event_row)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_batch(crashed, items)
    assert not crashed.has_article(doomed)
    assert crashed.count_articles() == 2
    assert crashed.events(article_id=doomed) == []
    survivors = {items[0][0].id, items[1][0].id}
    assert dump(crashed)["articles"] == [row for row in dump(reference)["articles"] if row[0] in survivors]

    monkeypatch.setattr(store_sql, "_event_row", real_event_row)
    run_batch(crashed, items)
    assert dump(crashed) == dump(reference)
    run_batch(crashed, items)  # and once more: still the same
    assert dump(crashed) == dump(reference)


def test_unserialisable_event_rolls_back_its_article(store: SqlStore) -> None:
    article = make_article()
    good, bad = make_event(article, 1), make_event(article, 2, context=(object(),))
    with pytest.raises(InputError, match="JSON"):
        store.add_article(article, [good, bad])
    assert store.count_articles() == 0
    assert store.count_events() == 0
    assert store.add_article(article, [good]) is True
    assert store.events() == [good.to_record()]


# --- near-duplicates, fusion, migration 2 ------------------------------------------------------


def test_near_duplicate_is_linked_without_events(store: SqlStore) -> None:
    original, copy = make_article("Rebels shelled Aleppo on Monday."), make_article("Rebels shelled Aleppo on Monday!")
    assert store.add_article(original, [make_event(original, 0)], signature=b"\x01" * 16, bands=["00:aa", "01:bb"])
    assert store.near_duplicate_candidates(["01:bb", "07:zz"]) == [(original.id, b"\x01" * 16)]
    assert store.near_duplicate_candidates(["07:zz"]) == []
    with pytest.raises(InputError, match="near-duplicate"):
        store.add_article(copy, [make_event(copy, 0)], duplicate_of=(original.id, 0.9))
    assert store.add_article(copy, [], duplicate_of=(original.id, 0.9)) is True
    assert store.add_article(copy, [], duplicate_of=(original.id, 0.9)) is False
    assert store.near_duplicates() == [{"article_id": copy.id, "duplicate_of": original.id, "similarity": 0.9}]
    assert store.count_events() == 1


def test_reports_fuse_in_the_store_and_ids_stay_stable(store: SqlStore) -> None:
    first = make_article("Report one: rebels shelled Aleppo.", publisher="Outlet A")
    second = make_article("Report two: rebels shelled Aleppo.", publisher="Outlet B")
    elsewhere = make_article("Report three: rebels shelled Ankara.", publisher="Outlet C")
    store.add_article(first, [make_event(first, 0)])
    [fused] = store.fused_events()
    assert fused["id"] == "F-" + make_event(first, 0).id and fused["n_publishers"] == 1
    store.add_article(second, [make_event(second, 0)])
    store.add_article(elsewhere, [make_event(elsewhere, 0, place=ANKARA)])
    fused_aleppo, fused_ankara = sorted(store.fused_events(), key=lambda f: f["event_loc"]["resolved_place"])
    assert fused_aleppo["id"] == fused["id"]
    assert [r["publisher"] for r in fused_aleppo["reports"]] == ["Outlet A", "Outlet B"]
    assert fused_aleppo["n_publishers"] == 2 and fused_ankara["n_publishers"] == 1
    assert store.fused_event(fused["id"]) == fused_aleppo
    assert store.fused_event("F-nothing") is None
    assert [f["id"] for f in store.fused_events(min_publishers=2)] == [fused["id"]]
    assert store.count_fused_events(min_publishers=2) == 1


def test_replacing_an_articles_events_rebuilds_what_they_fused_into(store: SqlStore) -> None:
    first = make_article("Report one: rebels shelled Aleppo.", publisher="Outlet A")
    second = make_article("Report two: rebels shelled Aleppo.", publisher="Outlet B")
    store.add_article(first, [make_event(first, 0)])
    store.add_article(second, [make_event(second, 0)])
    [fused] = store.fused_events()
    assert fused["n_publishers"] == 2
    # a new analysis of the first article places its event in Idlib: the Aleppo event is the
    # second outlet's alone (its id now its first report's), and the new event stands apart
    assert store.replace_events(first.id, [make_event(first, 0, place=IDLIB), make_event(first, 1, type_="CONSULT")]) == 1
    assert store.count_events() == 3
    by_place = {f["event_loc"]["resolved_place"]: f for f in store.fused_events() if f.get("event_loc")}
    assert by_place["Aleppo"]["n_publishers"] == 1 and by_place["Aleppo"]["id"] == "F-" + make_event(second, 0).id
    assert [r["publisher"] for r in by_place["Aleppo"]["reports"]] == ["Outlet B"]
    assert by_place["Idlib"]["reports"][0]["publisher"] == "Outlet A"
    # replacing with the same events again changes nothing; replacing with none drops its fused events
    before = dump(store)
    store.replace_events(first.id, [make_event(first, 0, place=IDLIB), make_event(first, 1, type_="CONSULT")])
    assert dump(store) == before
    assert store.replace_events(first.id, []) == 2
    assert [f["n_publishers"] for f in store.fused_events()] == [1] and store.count_events() == 1


def test_replacing_events_is_refused_for_unknown_articles_and_near_duplicates(store: SqlStore) -> None:
    article, copy = make_article(), make_article("Rebels shelled Aleppo on Monday!")
    store.add_article(article, [])
    store.add_article(copy, [], duplicate_of=(article.id, 0.95))
    with pytest.raises(InputError, match="is not stored"):
        store.replace_events("nope", [])
    with pytest.raises(InputError, match="near-duplicate"):
        store.replace_events(copy.id, [make_event(copy, 0)])
    with pytest.raises(InputError, match="belongs to article"):
        store.replace_events(article.id, [make_event(copy, 0)])
    assert store.is_near_duplicate(copy.id) and not store.is_near_duplicate(article.id)


def test_version_1_database_migrates_to_version_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    monkeypatch.setattr(store_sql, "MIGRATIONS", store_sql.MIGRATIONS[:1])
    monkeypatch.setattr(store_sql, "SCHEMA_VERSION", 1)
    old = open_store(path)
    article = make_article()
    with old.engine.begin() as conn:  # as eventwire 1 wrote it: no fusion tables yet
        conn.execute(ARTICLES.insert().values(**store_sql._article_row(article)))
    old.close()
    monkeypatch.undo()
    with open_store(path) as new:
        assert new.schema_version == SCHEMA_VERSION >= 2
        assert [v for v, _ in new.applied_migrations()] == list(range(1, SCHEMA_VERSION + 1))
        assert new.has_article(article.id) and new.fused_events() == []


# --- a real ingest killed with SIGKILL -------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _ingest_command(url: str) -> list[str]:
    import sys

    return [sys.executable, "-m", "eventwire.cli", "ingest", str(SAMPLES / "articles"),
            str(SAMPLES / "fusion" / "menaka-reports.jsonl"), "--db", url, "--published", "2024-03-05"]


def _url(store: SqlStore) -> str:
    return store.url.render_as_string(hide_password=False)


@pytest.mark.slow
def test_ingest_killed_with_sigkill_resumes_to_the_same_rows(new_store: Callable[[], SqlStore]) -> None:
    import signal
    import subprocess
    import time

    killed, reference = new_store(), new_store()
    subprocess.run(_ingest_command(_url(reference)), check=True, capture_output=True, timeout=600)
    total = reference.count_articles()
    assert total == 10 and reference.count_events() > 10

    process = subprocess.Popen(_ingest_command(_url(killed)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while killed.count_articles() < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert 3 <= killed.count_articles() < total

    subprocess.run(_ingest_command(_url(killed)), check=True, capture_output=True, timeout=600)
    assert dump(killed) == dump(reference)
    assert killed.fused_events() == reference.fused_events()


def test_fused_queries_take_the_report_filters(store: SqlStore) -> None:
    first = make_article("One: rebels shelled Aleppo.", publisher="Outlet A")
    second = make_article("Two: rebels shelled Aleppo.", publisher="Outlet B")
    talks = make_article("Talks in Ankara.", publisher="Outlet C")
    store.add_article(first, [make_event(first, 0)])
    store.add_article(second, [make_event(second, 0)])
    store.add_article(talks, [make_event(talks, 0, type_="CONSULT", place=ANKARA)])
    aleppo_id = "F-" + make_event(first, 0).id
    assert [f["id"] for f in store.events(fused=True, type="assault")] == [aleppo_id]
    assert [f["id"] for f in store.events(fused=True, near=(ALEPPO.lat, ALEPPO.lon, 20))] == [aleppo_id]
    assert [f["id"] for f in store.events(fused=True, country="TR")] == ["F-" + make_event(talks, 0).id]
    assert store.events(fused=True, article_id=second.id)[0]["id"] == aleppo_id  # found by its second report
    assert store.events(min_publishers=2) == [store.event(aleppo_id)]
    assert store.count_events(fused=True) == 2 and store.count_events() == 3
    assert store.count_events(fused=True, near=(ANKARA.lat, ANKARA.lon, 5)) == 1
    assert len(store.events(fused=True, limit=1, offset=1)) == 1
    with pytest.raises(InputError, match="min_publishers"):
        store.events(min_publishers=-1)
    with pytest.raises(ValueError, match="report events"):
        store.event_conditions(fused=True)
