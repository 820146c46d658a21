"""One SQLAlchemy 2 Core store for SQLite (the embedded default) and PostgreSQL (shared deployments).

The two backends share tables, queries and migrations; the differences (SQLite's transaction
handling and pragmas, PostgreSQL's advisory lock and collation) are confined to a few branches.

Event records are stored as JSON text, exactly as ``Event.to_record()`` serialises them (key
order kept), next to a few columns that the query filters use: ``type``, ``date``/``enddate``,
``country_iso3``, ``lat``/``lon``, ``modality`` and ``actor_text`` (the casefolded names, codes and
words of the actors and recipients).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry
from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    and_,
    cast,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects.postgresql import JSON as PG_JSON
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from eventwire.errors import InputError, StoreError
from eventwire.fusion import FUSED_PREFIX
from eventwire.model import Article, Event, Rejected
from eventwire.store.base import Store

EARTH_RADIUS_KM = 6371.0088
_PG_MIGRATION_LOCK = 0x6576_656E_7477  # any constant; serialises migrations between processes

# --- schema -----------------------------------------------------------------------------------


def _schema_version_table(metadata: MetaData) -> Table:
    return Table(
        "schema_version",
        metadata,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("description", Text, nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
    )


def _v1_tables(metadata: MetaData) -> tuple[Table, Table, Table]:
    articles = Table(
        "articles",
        metadata,
        Column("id", String, primary_key=True),
        Column("title", Text),
        Column("published", Date),
        Column("publisher", Text),
        Column("url", Text),
        Column("language", String),
        Column("source", Text),
        Column("text", Text, nullable=False),
        Column("ingested_at", DateTime(timezone=True), nullable=False),
    )
    events = Table(
        "events",
        metadata,
        Column("id", String, primary_key=True),
        Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Column("type", String, nullable=False),
        Column("mode", String),
        Column("date", Date),
        Column("enddate", Date),
        Column("date_precision", String),
        Column("modality", String),
        Column("country_iso3", String(3)),
        Column("lat", Float),
        Column("lon", Float),
        Column("actor_text", Text, nullable=False, default=""),
        Column("confidence", Float),
        Column("record", Text, nullable=False),
        Index("ix_events_article_id", "article_id"),
        Index("ix_events_type_date", "type", "date"),
        Index("ix_events_date", "date", "enddate"),
        Index("ix_events_country", "country_iso3", "date"),
        Index("ix_events_lat_lon", "lat", "lon"),
    )
    rejected = Table(
        "rejected",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        # sha256 of (source, reason): the unique key, since PostgreSQL cannot index long texts.
        Column("key", String(64), nullable=False, unique=True),
        Column("source", Text, nullable=False),
        Column("reason", Text, nullable=False),
        Column("article_id", String),
        Column("at", DateTime(timezone=True), nullable=False),
    )
    return articles, events, rejected


def _migration_1(conn: Connection) -> None:
    # Each migration builds the tables as they were at its version, so a later migration's
    # ALTER TABLE (for instance adding a column) applies cleanly on top of it.
    metadata = MetaData()
    _v1_tables(metadata)
    metadata.create_all(conn)


def _v2_tables(metadata: MetaData) -> tuple[Table, Table, Table, Table, Table]:
    signatures = Table(
        "article_signatures",
        metadata,
        Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column("signature", LargeBinary, nullable=False),  # MinHash values, little-endian uint64
    )
    bands = Table(
        "article_bands",
        metadata,
        Column("band", String(24), nullable=False),  # "NN:hash" of one LSH band of the signature
        Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        PrimaryKeyConstraint("band", "article_id"),
    )
    near_duplicates = Table(
        "near_duplicates",
        metadata,
        Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column("duplicate_of", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Column("similarity", Float, nullable=False),
        Index("ix_near_duplicates_of", "duplicate_of"),
    )
    fused = Table(
        "fused_events",
        metadata,
        Column("id", String, primary_key=True),
        Column("type", String, nullable=False),
        Column("mode", String),
        Column("date", Date),
        Column("enddate", Date),
        Column("modality", String),
        Column("country_iso3", String(3)),
        Column("lat", Float),
        Column("lon", Float),
        Column("n_reports", Integer, nullable=False),
        Column("n_publishers", Integer, nullable=False),
        Column("record", Text, nullable=False),
        Index("ix_fused_events_date", "date", "enddate"),
        Index("ix_fused_events_publishers", "n_publishers"),
    )
    members = Table(
        "fused_members",
        metadata,
        Column("event_id", String, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Column("fused_id", String, ForeignKey("fused_events.id", ondelete="CASCADE"), nullable=False),
        Column("position", Integer, nullable=False),  # arrival order within the fused event
        Index("ix_fused_members_fused_id", "fused_id", "position"),
    )
    return signatures, bands, near_duplicates, fused, members


def _migration_2(conn: Connection) -> None:
    metadata = MetaData()
    _v1_tables(metadata)
    metadata.create_all(conn, tables=list(_v2_tables(metadata)))


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


# Append only. A migration that adds a column also adds it to the tables below.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events and rejected inputs", _migration_1),
    Migration(2, "near-duplicate signatures and links, fused events", _migration_2),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

METADATA = MetaData()
SCHEMA_VERSION_TABLE = _schema_version_table(METADATA)
ARTICLES, EVENTS, REJECTED = _v1_tables(METADATA)
SIGNATURES, BANDS, NEAR_DUPLICATES, FUSED, FUSED_MEMBERS = _v2_tables(METADATA)
_PG_WRITE_LOCK = _PG_MIGRATION_LOCK + 1  # serialises fusion between concurrent writers
# Parsed reports kept between articles: fusion re-reads the same recent reports for every new one,
# and a stored report never changes, so parsing its JSON once is enough.
REPORT_CACHE_SIZE = 20_000


# --- the store --------------------------------------------------------------------------------


class SqlStore(Store):
    """A store in SQLite or PostgreSQL through SQLAlchemy Core.

    Args:
        url: an SQLAlchemy URL (``sqlite:///events.db``, ``postgresql+psycopg://user@host/db``).
            Use :func:`eventwire.store.open_store` to pass a plain path or ``postgresql://``.
    """

    def __init__(self, url: str | URL) -> None:
        self.url = make_url(url) if isinstance(url, str) else url
        self.dialect = self.url.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(self._describe_url(), "unsupported database; use SQLite (a file path) or postgresql://")
        self.backend = self._describe_url()
        self._password = self.url.password
        self._report_cache: OrderedDict[str, Any] = OrderedDict()
        self.engine = self._create_engine()
        try:
            self._schema_version = self._migrate()
        except BaseException:
            self.engine.dispose()
            raise

    def _describe_url(self) -> str:
        return f"{self.url.get_backend_name()} ({self.url.render_as_string(hide_password=True)})"

    def __repr__(self) -> str:
        return f"SqlStore({self.url.render_as_string(hide_password=True)!r})"

    def _create_engine(self) -> Engine:
        try:
            if self.dialect == "sqlite":
                return self._create_sqlite_engine()
            return create_engine(self.url, hide_parameters=True, pool_pre_ping=True)
        except ImportError as exc:
            raise StoreError(self.backend, f"the database driver is missing ({exc}); pip install 'eventwire[postgres]'") from exc
        except SQLAlchemyError as exc:
            raise StoreError(self.backend, self._cause(exc)) from exc

    def _create_sqlite_engine(self) -> Engine:
        database = self.url.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        kwargs: dict[str, Any] = {"hide_parameters": True, "connect_args": {"timeout": 30}}
        if in_memory:
            # One shared connection, or every connection would see its own empty database.
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        engine = create_engine(self.url, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: sqlite3
            # otherwise runs DDL outside any transaction, and migrations would not be atomic.
            dbapi_conn.isolation_level = None
            # SQLite's lower() folds ASCII only; text search needs "Ö" to find "ö" like PostgreSQL.
            dbapi_conn.create_function("ew_lower", 1, _sql_lower, deterministic=True)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                # WAL: readers (serve, query) do not block the writer (ingest), and NORMAL sync
                # still never leaves a half-written transaction behind after a crash.
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    # --- errors and transactions ---

    def _cause(self, exc: BaseException) -> str:
        orig = getattr(exc, "orig", None)
        text = str(orig if orig is not None else exc).strip()
        if self._password:
            text = text.replace(self._password, "***")
        return text

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(self.backend, f"{action} failed: {self._cause(exc)}") from exc

    @contextmanager
    def _transaction(self, action: str, *, exclusive: bool = False) -> Iterator[Connection]:
        with self._errors(action):
            with self.engine.connect() as conn:
                if exclusive and self.dialect == "sqlite":
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    if exclusive and self.dialect == "postgresql":
                        conn.execute(select(func.pg_advisory_xact_lock(_PG_MIGRATION_LOCK)))
                    yield conn

    # --- schema ---

    def _migrate(self) -> int:
        with self._transaction("migrating the schema", exclusive=True) as conn:
            SCHEMA_VERSION_TABLE.create(conn, checkfirst=True)
            current = conn.execute(select(func.max(SCHEMA_VERSION_TABLE.c.version))).scalar() or 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    self.backend,
                    f"the database is at schema version {current}, newer than this eventwire knows "
                    f"({SCHEMA_VERSION}); upgrade eventwire",
                )
            for migration in MIGRATIONS:
                if migration.version > current:
                    migration.apply(conn)
                    conn.execute(
                        insert(SCHEMA_VERSION_TABLE).values(
                            version=migration.version, description=migration.description, applied_at=_now()
                        )
                    )
                    current = migration.version
        return current

    @property
    def schema_version(self) -> int:
        return self._schema_version

    def applied_migrations(self) -> list[tuple[int, str]]:
        """(version, description) of every migration applied to this database, in order."""
        with self._errors("reading the schema version"), self.engine.connect() as conn:
            rows = conn.execute(
                select(SCHEMA_VERSION_TABLE.c.version, SCHEMA_VERSION_TABLE.c.description).order_by(
                    SCHEMA_VERSION_TABLE.c.version
                )
            )
            return [(row.version, row.description) for row in rows]

    # --- writes ---

    def _insert_ignoring_duplicates(self, table: Table, index: str) -> Any:
        dialect = pg_dialect if self.dialect == "postgresql" else sqlite_dialect
        return dialect.insert(table).on_conflict_do_nothing(index_elements=[index])

    def add_article(
        self,
        article: Article,
        events: Sequence[Event],
        *,
        signature: bytes | None = None,
        bands: Sequence[str] = (),
        duplicate_of: tuple[str, float] | None = None,
    ) -> bool:
        row = _article_row(article)
        for item in events:
            if item.article_id != article.id:
                raise InputError(f"event {item.id}", f"belongs to article {item.article_id}, not {article.id}")
        if duplicate_of is not None and events:
            raise InputError(f"article {article.id}", f"is a near-duplicate of {duplicate_of[0]}; its events are not stored")
        with self._write_transaction(f"adding article {article.id}") as conn:
            # ON CONFLICT DO NOTHING rather than a look-up first: two writers racing on the same
            # article then both succeed, and exactly one stores it.
            # RETURNING, not rowcount: rowcount is not reliable here across drivers.
            statement = self._insert_ignoring_duplicates(ARTICLES, "id").values(**row).returning(ARTICLES.c.id)
            if conn.execute(statement).first() is None:
                return False
            if duplicate_of is not None:
                original, similarity = duplicate_of
                conn.execute(insert(NEAR_DUPLICATES).values(article_id=article.id, duplicate_of=original, similarity=similarity))
                return True
            if signature is not None:
                # Only originals are indexed: a later copy is linked to the first copy, never to a copy.
                conn.execute(insert(SIGNATURES).values(article_id=article.id, signature=signature))
                if bands:
                    conn.execute(insert(BANDS), [{"band": band, "article_id": article.id} for band in dict.fromkeys(bands)])
            rows = [_event_row(item) for item in events]
            if rows:
                conn.execute(insert(EVENTS), rows)
                self._fuse(conn, article, [item.to_record() for item in events])
        return True

    def replace_events(self, article_id: str, events: Sequence[Event]) -> int:
        for item in events:
            if item.article_id != article_id:
                raise InputError(f"event {item.id}", f"belongs to article {item.article_id}, not {article_id}")
        with self._write_transaction(f"replacing the events of article {article_id}") as conn:
            article = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
            if article is None:
                raise InputError(f"article {article_id}", "is not stored", "ingest it first")
            if self._near_duplicate(conn, article_id):
                raise InputError(f"article {article_id}", "is stored as a near-duplicate; it has no events of its own")
            old = [row.id for row in conn.execute(select(EVENTS.c.id).where(EVENTS.c.article_id == article_id))]
            touched = {
                row.fused_id for row in conn.execute(select(FUSED_MEMBERS.c.fused_id).where(FUSED_MEMBERS.c.event_id.in_(old)))
            }
            conn.execute(FUSED_MEMBERS.delete().where(FUSED_MEMBERS.c.event_id.in_(old)))
            conn.execute(EVENTS.delete().where(EVENTS.c.article_id == article_id))
            for event_id in old:
                self._report_cache.pop(event_id, None)
            for fused in sorted(touched):
                self._refuse(conn, fused)
            if events:
                conn.execute(insert(EVENTS), [_event_row(item) for item in events])
                stored = self._article_from_row(article)
                self._fuse(conn, stored, [item.to_record() for item in events])
        return len(old)

    def _refuse(self, conn: Connection, fused: str) -> None:
        """Rebuild a fused event from the reports left in it, in their arrival order; drop it when
        none is left. Its id is its first report's, so it may change when that report went."""
        from eventwire import fusion

        query = (
            select(*_REPORT_COLUMNS)
            .join(FUSED_MEMBERS, FUSED_MEMBERS.c.event_id == EVENTS.c.id)
            .join(ARTICLES, ARTICLES.c.id == EVENTS.c.article_id)
            .where(FUSED_MEMBERS.c.fused_id == fused)
            .order_by(FUSED_MEMBERS.c.position)
        )
        reports = [_report(row) for row in conn.execute(query)]
        conn.execute(FUSED_MEMBERS.delete().where(FUSED_MEMBERS.c.fused_id == fused))
        conn.execute(FUSED.delete().where(FUSED.c.id == fused))
        if not reports:
            return
        target = fusion.fused_id(reports[0].event_id)
        conn.execute(insert(FUSED).values(id=target, **_fused_row(fusion.fuse(reports), len(reports))))
        conn.execute(
            insert(FUSED_MEMBERS),
            [{"event_id": r.event_id, "fused_id": target, "position": i} for i, r in enumerate(reports)],
        )

    @contextmanager
    def _write_transaction(self, action: str) -> Iterator[Connection]:
        """A write transaction that also serialises fusion (read, then write, the fused events)."""
        with self._errors(action):
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(select(func.pg_advisory_xact_lock(_PG_WRITE_LOCK)))
                    yield conn

    # --- near-duplicates ---

    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        """(article id, signature) of stored originals sharing at least one band, oldest first."""
        if not bands:
            return []
        article_id = ARTICLES.c.id.collate("C") if self.dialect == "postgresql" else ARTICLES.c.id
        query = (
            select(SIGNATURES.c.article_id, SIGNATURES.c.signature)
            .join(ARTICLES, ARTICLES.c.id == SIGNATURES.c.article_id)
            .where(SIGNATURES.c.article_id.in_(select(BANDS.c.article_id).where(BANDS.c.band.in_(list(bands)))))
            .order_by(ARTICLES.c.ingested_at, article_id)
        )
        with self._errors("looking up near-duplicates"), self.engine.connect() as conn:
            return [(row.article_id, bytes(row.signature)) for row in conn.execute(query)]

    def is_near_duplicate(self, article_id: str) -> bool:
        with self._errors(f"reading article {article_id}"), self.engine.connect() as conn:
            return self._near_duplicate(conn, article_id)

    @staticmethod
    def _near_duplicate(conn: Connection, article_id: str) -> bool:
        query = select(NEAR_DUPLICATES.c.article_id).where(NEAR_DUPLICATES.c.article_id == article_id)
        return conn.execute(query).first() is not None

    def near_duplicates(self) -> list[dict[str, Any]]:
        """Every near-duplicate link: ``article_id``, ``duplicate_of``, ``similarity``."""
        query = select(NEAR_DUPLICATES).order_by(NEAR_DUPLICATES.c.article_id)
        with self._errors("reading near-duplicates"), self.engine.connect() as conn:
            return [row._asdict() for row in conn.execute(query)]

    # --- fusion (in the transaction that stores the reports) ---

    def _fuse(self, conn: Connection, article: Article, records: Sequence[dict[str, Any]]) -> None:
        from eventwire import fusion

        meta = _article_meta(article)
        for record in records:
            report = fusion.Report(record=record, article_id=article.id, **meta)
            target: str | None = None
            members: list[fusion.Report] = []
            interval = fusion.date_interval(record)
            if interval is not None:
                country = _iso2_to_iso3((record.get("event_loc") or {}).get("country_code"))
                for candidate, candidate_members in self._fusion_candidates(conn, str(record["event"]).upper(), *interval, country):
                    if fusion.joins(report, candidate_members):
                        target, members = candidate, candidate_members
                        break
            if target is None:
                target = fusion.fused_id(report.event_id)
            row = _fused_row(fusion.fuse([*members, report]), len(members) + 1)
            if members:
                conn.execute(update(FUSED).where(FUSED.c.id == target).values(**row))
            else:
                conn.execute(insert(FUSED).values(id=target, **row))
            conn.execute(insert(FUSED_MEMBERS).values(event_id=report.event_id, fused_id=target, position=len(members)))

    def _fusion_candidates(
        self, conn: Connection, event_type: str, start: dt.date, end: dt.date, country: str | None
    ) -> list[tuple[str, list[Any]]]:
        """(fused id, its reports in arrival order) of the fused events with a report of this type
        whose dates come within the fusion slack (and, when the report's country is known, placed
        in it or not placed at all), by fused id: a cheap SQL prefilter, read in one query, before
        :func:`eventwire.fusion.joins` decides."""
        from eventwire.fusion import DATE_SLACK_DAYS

        slack = dt.timedelta(days=DATE_SLACK_DAYS)
        candidates = (
            select(FUSED_MEMBERS.c.fused_id)
            .join(EVENTS, EVENTS.c.id == FUSED_MEMBERS.c.event_id)
            .where(
                EVENTS.c.type == event_type,
                EVENTS.c.date <= end + slack,
                func.coalesce(EVENTS.c.enddate, EVENTS.c.date) >= start - slack,
                or_(EVENTS.c.country_iso3.is_(None), EVENTS.c.country_iso3 == country) if country else true(),
            )
        )
        fused_id = FUSED_MEMBERS.c.fused_id.collate("C") if self.dialect == "postgresql" else FUSED_MEMBERS.c.fused_id
        query = (
            select(FUSED_MEMBERS.c.fused_id, FUSED_MEMBERS.c.event_id, *_REPORT_COLUMNS)
            .join(EVENTS, EVENTS.c.id == FUSED_MEMBERS.c.event_id)
            .join(ARTICLES, ARTICLES.c.id == EVENTS.c.article_id)
            .where(FUSED_MEMBERS.c.fused_id.in_(candidates))
            .order_by(fused_id, FUSED_MEMBERS.c.position)
        )
        grouped: dict[str, list[Any]] = {}
        for row in conn.execute(query):
            report = self._report_cache.get(row.event_id)
            if report is None:
                report = _report(row)
                self._report_cache[row.event_id] = report
                if len(self._report_cache) > REPORT_CACHE_SIZE:
                    self._report_cache.popitem(last=False)
            else:
                self._report_cache.move_to_end(row.event_id)
            grouped.setdefault(row.fused_id, []).append(report)
        return list(grouped.items())

    def add_rejected(self, rejected: Rejected) -> None:
        source, reason = _clean(rejected.source), _clean(rejected.reason)
        row = {
            "key": _rejected_key(source, reason),
            "source": source,
            "reason": reason,
            "article_id": _clean(rejected.article_id) if rejected.article_id else None,
            "at": _now(),
        }
        with self._transaction(f"recording rejected input {source}") as conn:
            conn.execute(self._insert_ignoring_duplicates(REJECTED, "key").values(**row))

    # --- reads ---

    def has_article(self, article_id: str) -> bool:
        with self._errors(f"looking up article {article_id}"), self.engine.connect() as conn:
            return conn.execute(select(ARTICLES.c.id).where(ARTICLES.c.id == article_id)).first() is not None

    def article(self, article_id: str) -> Article | None:
        with self._errors(f"reading article {article_id}"), self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
        return None if row is None else self._article_from_row(row)

    @staticmethod
    def _article_from_row(row: Any) -> Article:
        return Article(
            id=row.id, text=row.text, title=row.title, published=row.published, publisher=row.publisher,
            url=row.url, language=row.language, source=row.source,
        )

    def count_articles(self) -> int:
        with self._errors("counting articles"), self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one()

    def count_events(self, **filters: Any) -> int:
        if filters.get("fused") or filters.get("min_publishers") is not None:
            return self.count_fused_events(**filters)
        conditions, circle = self.event_conditions(**filters)
        if circle is not None:
            return len(self._rows_in_circle(select(EVENTS.c.id, EVENTS.c.lat, EVENTS.c.lon).where(*conditions), circle))
        with self._errors("counting events"), self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(EVENTS).where(*conditions)).scalar_one()

    def rejected(self) -> list[Rejected]:
        query = select(REJECTED.c.source, REJECTED.c.reason, REJECTED.c.article_id).order_by(REJECTED.c.id)
        with self._errors("reading rejected inputs"), self.engine.connect() as conn:
            return [Rejected(row.source, row.reason, row.article_id) for row in conn.execute(query)]

    # --- event queries: one filter function for every query ---

    def event_conditions(
        self,
        *,
        type: str | None = None,  # noqa: A002
        mode: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        near: tuple[float, float, float] | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        modality: str | None = None,
        text: str | None = None,
        article_id: str | None = None,
        min_publishers: int | None = None,
        fused: bool = False,
    ) -> tuple[list[Any], tuple[float, float, float] | None]:
        """SQL conditions on the events table for the filters of :meth:`events`.

        Returns:
            The conditions, and the ``(lat, lon, km)`` circle of ``near`` if given: the conditions
            hold only its bounding box, and callers keep the rows within the circle
            (:meth:`_rows_in_circle`).

        Raises:
            InputError: a filter value is malformed (the message names the filter).
            ValueError: ``fused`` or ``min_publishers`` given: those select fused events, which
                :meth:`events` and :meth:`count_events` handle (with these conditions on their reports).
        """
        if fused or min_publishers is not None:
            raise ValueError("event_conditions are conditions on report events; fused events go through events(fused=True)")
        conditions: list[Any] = []
        if type:
            conditions.append(EVENTS.c.type == type.strip().upper())
        if mode:
            conditions.append(func.lower(EVENTS.c.mode) == mode.strip().lower())
        if actor:
            conditions.append(EVENTS.c.actor_text.contains(actor.strip().casefold(), autoescape=True))
        if country:
            conditions.append(EVENTS.c.country_iso3 == country_iso3(country))
        if since is not None:
            conditions.append(func.coalesce(EVENTS.c.enddate, EVENTS.c.date) >= _as_date(since, "since"))
        if until is not None:
            conditions.append(EVENTS.c.date <= _as_date(until, "until"))
        if modality:
            conditions.append(EVENTS.c.modality == modality.strip().lower())
        if article_id:
            conditions.append(EVENTS.c.article_id == article_id)
        if bbox is not None:
            conditions.append(_inside_box(*_box(bbox)))
        if text and text.strip():
            needle = text.strip().lower()
            conditions.append(
                or_(
                    EVENTS.c.actor_text.contains(text.strip().casefold(), autoescape=True),
                    *(
                        self._lower(self._record_text(*path)).contains(needle, autoescape=True)
                        for path in (("evidence", "sentence"), ("event_loc", "extracted_place"),
                                     ("event_loc", "resolved_place"))
                    ),
                )
            )
        circle = None
        if near is not None:
            circle = _circle(near)
            conditions.append(_bounding_box(*circle))
        return conditions, circle

    def _record_text(self, *path: str) -> Any:
        """A text field inside the stored JSON record, as an SQL expression (NULL when absent)."""
        if self.dialect == "postgresql":
            return func.json_extract_path_text(cast(EVENTS.c.record, PG_JSON), *path)
        return func.json_extract(EVENTS.c.record, "$." + ".".join(path))

    def _lower(self, expression: Any) -> Any:
        return func.ew_lower(expression) if self.dialect == "sqlite" else func.lower(expression)

    def _rows_in_circle(self, query: Any, circle: tuple[float, float, float]) -> list[Any]:
        # The bounding box was a cheap SQL prefilter; the circle itself is checked here.
        lat, lon, km = circle
        with self._errors("querying events"), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [row for row in rows if haversine_km(lat, lon, row.lat, row.lon) <= km]

    def events(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        if filters.get("fused") or filters.get("min_publishers") is not None:
            return self.fused_events(limit=limit, offset=offset, **filters)
        conditions, circle = self.event_conditions(**filters)
        _check_page(limit, offset)
        event_id = EVENTS.c.id.collate("C") if self.dialect == "postgresql" else EVENTS.c.id
        query = (
            select(EVENTS.c.record, EVENTS.c.lat, EVENTS.c.lon)
            .where(*conditions)
            # NULL dates last on both backends (they disagree by default), then bytewise ids.
            .order_by(EVENTS.c.date.is_(None), EVENTS.c.date, event_id)
        )
        if circle is not None:
            # Only after the circle test can offset and limit apply.
            rows = self._rows_in_circle(query, circle)
            rows = rows[offset:] if limit is None else rows[offset : offset + limit]
        else:
            if offset:
                query = query.offset(offset)
            if limit is not None:
                query = query.limit(limit)
            with self._errors("querying events"), self.engine.connect() as conn:
                rows = conn.execute(query).all()
        return [json.loads(row.record) for row in rows]

    # --- fused events (the filters are those of report events: a fused event matches when one
    # of its reports does, so "--type ASSAULT --near Menaka" finds it by any report) ---

    def _fused_conditions(self, min_publishers: int | None, filters: dict[str, Any]) -> list[Any]:
        filters = {name: value for name, value in filters.items() if name != "fused" and value is not None}
        conditions: list[Any] = []
        if min_publishers is not None:
            if min_publishers < 0:
                raise InputError("min_publishers", f"must not be negative, got {min_publishers}")
            conditions.append(FUSED.c.n_publishers >= min_publishers)
        if not filters:
            return conditions
        report_conditions, circle = self.event_conditions(**filters)
        members = select(FUSED_MEMBERS.c.fused_id).join(EVENTS, EVENTS.c.id == FUSED_MEMBERS.c.event_id)
        if circle is None:
            conditions.append(FUSED.c.id.in_(members.where(*report_conditions)))
        else:
            rows = self._rows_in_circle(members.add_columns(EVENTS.c.lat, EVENTS.c.lon).where(*report_conditions), circle)
            conditions.append(FUSED.c.id.in_(sorted({row.fused_id for row in rows})))
        return conditions

    def fused_events(
        self, *, limit: int | None = None, offset: int = 0, min_publishers: int | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """Fused event records matching the report filters of :meth:`events`, by date then id."""
        conditions = self._fused_conditions(min_publishers, filters)
        _check_page(limit, offset)
        fused_id = FUSED.c.id.collate("C") if self.dialect == "postgresql" else FUSED.c.id
        query = select(FUSED.c.record).where(*conditions).order_by(FUSED.c.date.is_(None), FUSED.c.date, fused_id)
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._errors("querying fused events"), self.engine.connect() as conn:
            return [json.loads(row.record) for row in conn.execute(query)]

    def count_fused_events(self, *, min_publishers: int | None = None, **filters: Any) -> int:
        conditions = self._fused_conditions(min_publishers, filters)
        with self._errors("counting fused events"), self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(FUSED).where(*conditions)).scalar_one()

    def fused_event(self, fused_id: str) -> dict[str, Any] | None:
        with self._errors(f"reading fused event {fused_id}"), self.engine.connect() as conn:
            record = conn.execute(select(FUSED.c.record).where(FUSED.c.id == fused_id)).scalar()
        return json.loads(record) if record is not None else None


    def event(self, event_id: str) -> dict[str, Any] | None:
        if event_id.startswith(FUSED_PREFIX):
            return self.fused_event(event_id)
        with self._errors(f"reading event {event_id}"), self.engine.connect() as conn:
            record = conn.execute(select(EVENTS.c.record).where(EVENTS.c.id == event_id)).scalar()
        return json.loads(record) if record is not None else None

    # --- articles, actors and places ---

    def _article_conditions(
        self, since: dt.date | str | None, until: dt.date | str | None, text: str | None
    ) -> list[Any]:
        conditions: list[Any] = []
        if since is not None:
            conditions.append(ARTICLES.c.published >= _as_date(since, "since"))
        if until is not None:
            conditions.append(ARTICLES.c.published <= _as_date(until, "until"))
        if text and text.strip():
            needle = text.strip().lower()
            conditions.append(
                or_(*(self._lower(column).contains(needle, autoescape=True)
                      for column in (ARTICLES.c.title, ARTICLES.c.publisher, ARTICLES.c.text)))
            )
        return conditions

    def articles(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        conditions = self._article_conditions(since, until, text)
        _check_page(limit, offset)
        n_events = (
            select(func.count()).select_from(EVENTS).where(EVENTS.c.article_id == ARTICLES.c.id).scalar_subquery()
        )
        article_id = ARTICLES.c.id.collate("C") if self.dialect == "postgresql" else ARTICLES.c.id
        query = (
            select(*(column for column in ARTICLES.c if column.name != "text"), n_events.label("n_events"))
            .where(*conditions)
            .order_by(ARTICLES.c.published.is_(None), ARTICLES.c.published, article_id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._errors("listing articles"), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                **row._asdict(),
                "published": row.published.isoformat() if row.published else None,
                "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
            }
            for row in rows
        ]

    def count_articles_matching(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
    ) -> int:
        conditions = self._article_conditions(since, until, text)
        with self._errors("counting articles"), self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(ARTICLES).where(*conditions)).scalar_one()

    def _records(self, conditions: list[Any]) -> Iterator[dict[str, Any]]:
        with self._errors("reading events"), self.engine.connect() as conn:
            for (record,) in conn.execute(select(EVENTS.c.record).where(*conditions)):
                yield json.loads(record)

    def actors(self, *, limit: int | None = None, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        _check_page(limit, offset)
        needle = text.strip().casefold() if text and text.strip() else None
        # Actors live inside the event records (no table of their own yet), so they are counted
        # here; the actor_text column narrows the rows read when searching.
        conditions = [EVENTS.c.actor_text.contains(needle, autoescape=True)] if needle else []
        found: dict[str, dict[str, Any]] = {}
        for record in self._records(conditions):
            seen_here: set[str] = set()
            for mention in [*record.get("actor", []), *record.get("recipient", [])]:
                words = [mention.get(key) for key in ("entity_text", "name", "code")]
                if needle and not any(needle in str(word).casefold() for word in words if word):
                    continue
                key = mention.get("id") or f"text:{mention.get('entity_text')}"
                entry = found.setdefault(key, {
                    "id": mention.get("id"), "name": mention.get("name"), "code": mention.get("code"),
                    "sector": mention.get("sector"), "wikidata": mention.get("wikidata"), "n_events": 0,
                })
                if key not in seen_here:  # an actor named twice in one event counts once
                    seen_here.add(key)
                    entry["n_events"] += 1
        return _page(sorted(found.values(), key=lambda a: (-a["n_events"], str(a["name"]), str(a["id"]))), limit, offset)

    def places(self, *, limit: int | None = None, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        _check_page(limit, offset)
        needle = text.strip().lower() if text and text.strip() else None
        conditions: list[Any] = []
        if needle:
            conditions.append(or_(*(
                self._lower(self._record_text("event_loc", key)).contains(needle, autoescape=True)
                for key in ("extracted_place", "resolved_place")
            )))
        found: dict[str, dict[str, Any]] = {}
        for record in self._records(conditions):
            location = record.get("event_loc")
            if not location:
                continue
            name = location.get("resolved_place") or location.get("extracted_place")
            key = location.get("place_id") or f"text:{name}"
            entry = found.setdefault(key, {
                "place_id": location.get("place_id"), "name": name, "lat": location.get("lat"),
                "lon": location.get("lon"), "country": location.get("country_code"),
                "precision": location.get("precision"), "n_events": 0,
            })
            entry["n_events"] += 1
            precision = location.get("precision")
            if precision is not None and (entry["precision"] is None or precision < entry["precision"]):
                entry["precision"] = precision
        return _page(sorted(found.values(), key=lambda p: (-p["n_events"], str(p["name"]), str(p["place_id"]))), limit, offset)

    def close(self) -> None:
        self.engine.dispose()


# --- rows -------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _clean(text: str) -> str:
    # A rejection must always be recordable, even of an input full of NULs (PostgreSQL refuses them).
    return text.replace("\x00", "\ufffd")


def _rejected_key(source: str, reason: str) -> str:
    return hashlib.sha256(f"{source}\x00{reason}".encode()).hexdigest()


def _article_row(article: Article) -> dict[str, Any]:
    fields = {
        "id": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "url": article.url,
        "language": article.language,
        "source": article.source,
        "text": article.text,
    }
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"article {article.id}", f"{name} is not a string ({type(value).__name__})")
        if not value:
            continue
        if "\x00" in value:
            # Refused on both backends alike, since PostgreSQL cannot store NUL in text.
            raise InputError(f"article {article.id}", f"{name} contains a NUL character", "remove it before storing")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a bad decode upstream
            raise InputError(f"article {article.id}", f"{name} is not valid Unicode ({exc.reason})") from exc
    published = article.published
    if isinstance(published, dt.datetime):
        published = published.date()
    return {**fields, "published": published, "ingested_at": _now()}


def _event_row(item: Event) -> dict[str, Any]:
    try:
        record = item.to_record()
        record_json = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"event {item.id} of article {item.article_id}", f"record cannot be stored as JSON: {exc}") from exc
    location = record.get("event_loc") or {}
    words: list[str] = []
    for mention in [*record.get("actor", []), *record.get("recipient", [])]:
        for key in ("entity_text", "name", "code"):
            value = mention.get(key)
            if value:
                words.append(str(value).casefold())
    return {
        "id": item.id,
        "article_id": item.article_id,
        "type": str(record["event"]).upper(),
        "mode": record.get("mode"),
        "date": _iso_date(record.get("date")),
        "enddate": _iso_date(record.get("enddate")),
        "date_precision": record.get("date_precision"),
        "modality": str(record["modality"]).lower() if record.get("modality") else None,
        "country_iso3": _iso2_to_iso3(location.get("country_code")),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "actor_text": _clean("\n".join(dict.fromkeys(words))),
        "confidence": record.get("confidence"),
        "record": record_json,
    }


# what fusion reads of a stored report: its record and its article's facts
_REPORT_COLUMNS = (
    EVENTS.c.record, ARTICLES.c.id.label("article_id"), ARTICLES.c.publisher, ARTICLES.c.title, ARTICLES.c.published,
    ARTICLES.c.url,
)


def _report(row: Any) -> Any:
    """The fusion report of a row selected with ``_REPORT_COLUMNS``."""
    from eventwire.fusion import Report

    return Report(
        record=json.loads(row.record), article_id=row.article_id, publisher=row.publisher, title=row.title,
        published=row.published.isoformat() if row.published else None, url=row.url,
    )


def _article_meta(article: Article) -> dict[str, Any]:
    published = article.published
    return {
        "publisher": article.publisher,
        "title": article.title,
        "published": published.isoformat() if published else None,
        "url": article.url,
    }


def _fused_row(record: dict[str, Any], n_reports: int) -> dict[str, Any]:
    location = record.get("event_loc") or {}
    return {
        "type": str(record["event"]).upper(),
        "mode": record.get("mode"),
        "date": _iso_date(record.get("date")),
        "enddate": _iso_date(record.get("enddate")),
        "modality": str(record["modality"]).lower() if record.get("modality") else None,
        "country_iso3": _iso2_to_iso3(location.get("country_code")),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "n_reports": n_reports,
        "n_publishers": int(record["n_publishers"]),
        "record": json.dumps(record, ensure_ascii=False, allow_nan=False),
    }

def _sql_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _check_page(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise InputError("limit", f"must not be negative, got {limit}")
    if offset < 0:
        raise InputError("offset", f"must not be negative, got {offset}")


def _page(items: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    return items[offset:] if limit is None else items[offset : offset + limit]


def _iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Codes in common use that ISO 3166-1 (and so pycountry) lacks.
_EXTRA_ISO2_TO_ISO3 = {"XK": "XKX"}


@lru_cache(maxsize=512)
def _iso2_to_iso3(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if code in _EXTRA_ISO2_TO_ISO3:
        return _EXTRA_ISO2_TO_ISO3[code]
    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else None


@lru_cache(maxsize=512)
def country_iso3(value: str) -> str:
    """An ISO 3166 alpha-3 code from an alpha-3 or alpha-2 code or a country name.

    Raises:
        InputError: no country matches.
    """
    text = value.strip()
    upper = text.upper()
    if len(upper) == 3 and upper.isalpha():
        return upper  # also codes pycountry lacks, such as XKX or IGO
    if len(upper) == 2 and upper.isalpha():
        iso3 = _iso2_to_iso3(upper)
        if iso3:
            return iso3
    else:
        try:
            return pycountry.countries.lookup(text).alpha_3
        except LookupError:
            pass
    raise InputError("country", f"unknown country {value!r}", "use an ISO 3166 code such as SYR or SY, or a country name")


def _as_date(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InputError(name, f"{value!r} is not a date", "use YYYY-MM-DD") from exc


# --- distances --------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _circle(near: tuple[float, float, float]) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(value) for value in near)
    except (TypeError, ValueError) as exc:
        raise InputError("near", f"expected (lat, lon, km), got {near!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not km >= 0:
        raise InputError("near", f"expected lat in [-90, 90], lon in [-180, 180] and km >= 0, got {near!r}")
    return lat, lon, km


def _box(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(value) for value in bbox)
    except (TypeError, ValueError) as exc:
        raise InputError("bbox", f"expected (west, south, east, north), got {bbox!r}") from exc
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(
            "bbox",
            f"expected west and east in [-180, 180] and -90 <= south <= north <= 90, got {bbox!r}",
        )
    return west, south, east, north


def _inside_box(west: float, south: float, east: float, north: float) -> Any:
    """Events located in the box; ``west > east`` means the box crosses the antimeridian."""
    if west <= east:
        lon_test = EVENTS.c.lon.between(west, east)
    else:
        lon_test = or_(EVENTS.c.lon >= west, EVENTS.c.lon <= east)
    return and_(EVENTS.c.lat.is_not(None), EVENTS.c.lon.is_not(None), EVENTS.c.lat.between(south, north), lon_test)


def _bounding_box(lat: float, lon: float, km: float) -> Any:
    """A lat/lon box that contains every point within ``km`` of (lat, lon)."""
    angle = km / EARTH_RADIUS_KM
    lat_min, lat_max = lat - math.degrees(angle), lat + math.degrees(angle)
    located = and_(EVENTS.c.lat.is_not(None), EVENTS.c.lon.is_not(None))
    if lat_min <= -90 or lat_max >= 90 or angle >= math.pi / 2:
        # The circle reaches a pole: every longitude is in range.
        return and_(located, EVENTS.c.lat.between(max(lat_min, -90), min(lat_max, 90)))
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    dlon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    lon_min, lon_max = lon - dlon, lon + dlon
    if lon_min < -180:  # the box crosses the antimeridian
        lon_test = or_(EVENTS.c.lon >= lon_min + 360, EVENTS.c.lon <= lon_max)
    elif lon_max > 180:
        lon_test = or_(EVENTS.c.lon >= lon_min, EVENTS.c.lon <= lon_max - 360)
    else:
        lon_test = EVENTS.c.lon.between(lon_min, lon_max)
    return and_(located, EVENTS.c.lat.between(lat_min, lat_max), lon_test)
