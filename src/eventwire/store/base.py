"""The store interface: what the pipeline, the CLI and the API need from a database.

Backends implement :class:`Store`; :func:`eventwire.store.open_store` picks one from a path or URL.
Writes are idempotent (an article already stored is skipped), so a batch that died can simply be
run again and ends with the same rows as an uninterrupted run.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from typing import Any

from eventwire.model import Article, Event, Rejected


class Store(abc.ABC):
    """A repository of articles, their report-level events and rejected inputs.

    Example:
        >>> from eventwire.store import open_store
        >>> from eventwire.model import Article
        >>> store = open_store("sqlite://")  # in memory
        >>> store.add_article(Article.from_text("Rebels shelled Morek."), [])
        True
        >>> store.add_article(Article.from_text("Rebels shelled Morek."), [])
        False
        >>> store.close()
    """

    backend: str = "store"

    @abc.abstractmethod
    def add_article(
        self,
        article: Article,
        events: Sequence[Event],
        *,
        signature: bytes | None = None,
        bands: Sequence[str] = (),
        duplicate_of: tuple[str, float] | None = None,
    ) -> bool:
        """Store an article and its events in one transaction, fusing the events as they arrive.

        Args:
            signature: the article's MinHash signature (see :mod:`eventwire.ingest.near_duplicates`),
                kept so later copies are found across runs; ``bands`` its LSH band keys.
            duplicate_of: ``(article id, similarity)`` when the article is a near-duplicate: it is
                stored and linked to that first copy, with no events of its own.

        Returns:
            True if it was added, False if an article with that id was already stored (nothing is
            changed then). If anything fails half-way, nothing of the article is stored.
        """

    @abc.abstractmethod
    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        """(article id, signature) of stored originals sharing an LSH band, oldest first."""

    @abc.abstractmethod
    def replace_events(self, article_id: str, events: Sequence[Event]) -> int:
        """Replace a stored article's events with ``events`` (a new analysis of the same text), in
        one transaction: the fused events it reported to are rebuilt from their other reports (or
        dropped when it was their only one), then the new events are fused as they arrive.

        Returns:
            The number of events removed. Raises :class:`~eventwire.errors.InputError` when the
            article is not stored, is stored as a near-duplicate (it has no events of its own), or an
            event belongs to another article.
        """

    @abc.abstractmethod
    def is_near_duplicate(self, article_id: str) -> bool:
        """Whether the article is stored as a near-duplicate of an earlier copy."""

    @abc.abstractmethod
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""

    @abc.abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The stored article, or None."""

    @abc.abstractmethod
    def count_articles(self) -> int:
        """How many articles are stored."""

    @abc.abstractmethod
    def count_events(self, **filters: Any) -> int:
        """How many events are stored, or how many match ``filters`` (the filters of :meth:`events`)."""

    @abc.abstractmethod
    def add_rejected(self, rejected: Rejected) -> None:
        """Record an input that could not be processed; the same (source, reason) is kept once."""

    @abc.abstractmethod
    def rejected(self) -> list[Rejected]:
        """Every rejected input, oldest first."""

    @abc.abstractmethod
    def events(
        self,
        *,
        type: str | None = None,  # noqa: A002 - the PLOVER field is called "event type"
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
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored event records (the shape of ``Event.to_record()``), ordered by date, then id.

        Args:
            type: PLOVER event type, any case (``"assault"``).
            mode: PLOVER mode, any case (``"shelling"``).
            actor: case-insensitive substring of an actor's or recipient's name, code or words.
            country: country of the event location: ISO 3166 alpha-3 (``SYR``), alpha-2 (``SY``)
                or a country name.
            since: keep events whose interval ends on or after this date.
            until: keep events whose interval starts on or before this date. With ``since``, an
                event overlapping the window counts.
            near: ``(lat, lon, km)``: events located within ``km`` kilometres (great circle).
            bbox: ``(west, south, east, north)`` in degrees: events located inside the box; a box
                with ``west > east`` crosses the antimeridian.
            modality: ``asserted``, ``reported``, ``negated``, ...
            text: case-insensitive substring of the evidence sentence, an actor's or recipient's
                words, name or code, or the event place's words or resolved name.
            article_id: events of one article.
            min_publishers: fused events reported by at least this many publishers (implies ``fused``).
            fused: real-world (fused) events instead of report-level ones: records shaped as report
                records (best-supported values) plus ``reports``, ``n_publishers`` and
                ``disagreements``, with ids starting ``F-``. The other filters then select the fused
                events that have at least one report matching them.
            limit: at most this many records (after every filter).
            offset: skip this many records first.
        """

    @abc.abstractmethod
    def event(self, event_id: str) -> dict[str, Any] | None:
        """One stored event record by id, or None."""

    @abc.abstractmethod
    def articles(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored articles without their text, with ``n_events``, ordered by publication date, then id.

        Args:
            since, until: publication date window (inclusive); undated articles only match no window.
            text: case-insensitive substring of the title, publisher or text.
        """

    @abc.abstractmethod
    def count_articles_matching(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        text: str | None = None,
    ) -> int:
        """How many articles :meth:`articles` would list without a limit."""

    @abc.abstractmethod
    def actors(self, *, limit: int | None = None, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        """Actors of stored events (as actor or recipient), most events first.

        Each: ``id``, ``name``, ``code``, ``sector``, ``wikidata``, ``n_events``.
        ``text``: case-insensitive substring of the actor's name, code or words in the text.
        """

    @abc.abstractmethod
    def places(self, *, limit: int | None = None, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        """Event locations of stored events, most events first.

        Each: ``place_id``, ``name``, ``lat``, ``lon``, ``country`` (ISO2), ``precision`` (the
        finest any event has there), ``n_events``. ``text``: case-insensitive substring of the
        resolved name or the words in the text.
        """

    @property
    @abc.abstractmethod
    def schema_version(self) -> int:
        """The schema version the database is at (the last migration applied)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections. The store cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
