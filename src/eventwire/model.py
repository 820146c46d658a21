"""Typed records passed between pipeline stages.

Every extracted value carries the character span it came from (offsets into the article text as
read, so ``text[span.start:span.end] == span.text``). Records are frozen: a stage builds new ones
instead of mutating what an earlier stage produced. ``to_record`` methods give the JSON shape
(PLOVER, extended) used by the CLI, the store and the exports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "season", "year", "unknown"]
Modality = Literal["asserted", "reported", "speculated", "planned", "demanded", "negated", "historical"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the article text and the words it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_record(self) -> list[int]:
        return [self.start, self.end]


def normalise_for_id(text: str) -> str:
    """Whitespace- and Unicode-normalised text, so trivially different copies share an id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id_for(text: str) -> str:
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news report. ``id`` is a hash of its normalised text unless the input supplied one."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = "en"
    source: str | None = None  # where it was read from: a path, "path:line", a URL

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> Article:
        article_id = fields.pop("id", None) or article_id_for(text)
        return cls(id=str(article_id), text=text, **fields)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "publisher": self.publisher,
            "url": self.url,
            "language": self.language,
            "source": self.source,
            "text": self.text,
        }


# --- actors -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor (from the knowledge base) or an unknown one inferred from its words.

    ``id`` is the knowledge-base id, or ``"unk:<slug>"`` for an actor kept with its text only.
    ``code`` is an ISO3 country code or "IGO"; ``sector`` a PLOVER sector (GOV, MIL, SPY, REB, ...).
    """

    id: str
    name: str
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: str | None = None  # person, organization, group, country
    known: bool = True


@dataclass(frozen=True, slots=True)
class ActorMention:
    """Words in the text that refer to an actor, and the actor they were resolved to."""

    span: Span
    actor: Actor
    via: str = "dictionary"  # dictionary, ner, sector-word, metonym, coreference

    def to_record(self) -> dict[str, Any]:
        return {
            "entity_text": self.span.text,
            "name": self.actor.name,
            "id": self.actor.id,
            "code": self.actor.code,
            "sector": self.actor.sector,
            "wikidata": self.actor.wikidata,
            "span": self.span.to_record(),
        }


# --- places -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``feature``: country, admin1, city, village, region. ``resolution`` follows PLOVER's scale
    (5 sub-city, 4 city or village, 3 district, 2 province, 1 country).
    """

    id: str  # "gn:<geonameid>", "cc:<ISO2>", "a1:<ISO 3166-2>" (or "a1:<GeoNames admin1 code>"), "x:<curated id>"
    name: str
    lat: float
    lon: float
    country_code: str | None  # ISO2
    admin1: str | None
    feature: str
    resolution: int
    population: int = 0
    source: str = "geonames"

    @property
    def geonameid(self) -> int | None:
        # a region derived from a GeoNames place ("gn:3586550#eastern") is no GeoNames entry
        return int(self.id[3:]) if self.id.startswith("gn:") and "#" not in self.id else None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in the text, with the place it resolved to (None when no candidate fits).

    ``precision``: 1 the named place, 2 near it or its district, 3 province, 4 country.
    """

    span: Span
    place: Place | None
    precision: int
    cue: str | None = None  # the context cue that supported it: "town of", "near", "in", ...
    score: float = 0.0

    def to_record(self) -> dict[str, Any]:
        place = self.place
        return {
            "extracted_place": self.span.text,
            "resolved_place": place.name if place else None,
            "geonameid": place.geonameid if place else None,
            "place_id": place.id if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "country_code": place.country_code if place else None,
            "admin1": place.admin1 if place else None,
            "resolution": place.resolution if place else None,
            "precision": self.precision,
            "span": self.span.to_record(),
        }


# --- time -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateInterval:
    """When an event happened: an inclusive interval with a precision.

    ``fallback`` is True when the text gave no time and the publication date stands in for it.
    """

    start: dt.date
    end: dt.date
    precision: DatePrecision
    text: str | None = None
    span: Span | None = None
    fallback: bool = False


# --- events -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Size:
    """Casualty and other counts. An int is a lower bound; None with words means "unspecified"."""

    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    displaced: int | None = None
    dead_text: str | None = None
    injured_text: str | None = None
    arrested_text: str | None = None
    displaced_text: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)  # type: ignore[attr-defined]

    def to_record(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who the text says reported the event: ``source`` words and the ``cue`` that links them."""

    source: str
    cue: str | None
    span: Span
    cue_span: Span | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "cue": self.cue,
            "span": self.span.to_record(),
            "cue_span": self.cue_span.to_record() if self.cue_span else None,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    span: Span  # the sentence's span
    trigger: str
    trigger_span: Span

    def to_record(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "span": self.span.to_record(),
            "trigger": self.trigger,
            "trigger_span": self.trigger_span.to_record(),
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One report-level event, coded in PLOVER with eventwire's extensions."""

    id: str
    article_id: str
    event: str  # PLOVER type
    mode: str | None
    context: tuple[str, ...]
    actors: tuple[ActorMention, ...]
    recipients: tuple[ActorMention, ...]
    location: PlaceMention | None
    date: DateInterval | None
    modality: Modality
    attribution: tuple[Attribution, ...]
    size: Size | None
    evidence: Evidence
    confidence: float
    places: tuple[PlaceMention, ...] = field(default=())  # every place the event names

    def to_record(self) -> dict[str, Any]:
        date = self.date
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "quad_code": QUAD_CODES.get(self.event),
            "actor": [m.to_record() for m in self.actors],
            "recipient": [m.to_record() for m in self.recipients],
            "event_loc": self.location.to_record() if self.location else None,
            "places": [p.to_record() for p in self.places],
            "date": date.start.isoformat() if date else None,
            "enddate": date.end.isoformat() if date else None,
            "date_precision": date.precision if date else None,
            "date_text": date.text if date else None,
            "date_span": date.span.to_record() if date and date.span else None,
            "date_fallback": date.fallback if date else None,
            "modality": self.modality,
            "attribution": [a.to_record() for a in self.attribution],
            "size": self.size.to_record() if self.size and not self.size.is_empty() else None,
            "evidence": self.evidence.to_record(),
            "event_text": self.evidence.sentence,
            "confidence": round(self.confidence, 3),
        }


# PLOVER quad classes: verbal/material cooperation and conflict.
QUAD_CODES: dict[str, str] = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
PLOVER_TYPES: tuple[str, ...] = tuple(QUAD_CODES)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be processed, kept with the reason so nothing is silently lost."""

    source: str  # path, "path:line", URL
    reason: str
    article_id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason, "article_id": self.article_id}
