"""Hand-coded articles (``seed/`` and ``dev/``): event recall and precision, and every argument.

Matching (the rule of ``eval/README.md``): an extraction qualifies for a gold event when its type
is the gold ``type`` or one of its ``also`` types and its evidence sentence overlaps the gold
``quote``. Each extraction is credited to at most one gold event and each gold event to at most
one extraction. Extractions are taken in text order, first to the gold events whose quote holds
their trigger, then to any they qualify for, core events first and then the earliest quote; a core
event still uncredited at the end takes over an extraction credited to a non-core event it also
qualifies for (so as many core events as possible are credited, and arguments are compared with
the event the trigger belongs to). An extraction that qualifies for no gold event is a false
positive; one whose qualifying gold events all went to other extractions is a duplicate and
counts as a false positive too (one gold event is one extraction). Extractions whose evidence starts in a short first line (a headline under
25 words) are ignored: they repeat the body.

Figures:
- ``recall``: core gold events credited / core gold events.
- ``precision``: extractions credited to any gold event (core or not) / extractions scored.
- ``f1`` of the two.
- Per credited event (core or not), the share right, over the events where the gold gives a value:
  - ``actor_acc``: some extracted actor matches a gold actor of the event. An extracted actor
    matches a gold actor when its name, its words or its id, normalised (ASCII, lower case, no
    punctuation, no leading article), equals the gold actor's id, name or an alias, or contains an
    alias as whole words. Gold ``symmetric``: actors and recipients are pooled on both sides. Gold
    actor list empty (an unnamed attacker): right when we name no actor.
  - ``recipient_acc``: the same for recipients. Empty gold recipient: right when we have none;
    not scored for symmetric events.
  - ``place_acc``: the event's location resolves within the gold place's ``tolerance_km`` (else
    25 km) of one of the event's gold places; gold place null: right when we give no location.
  - ``date_acc``: the extracted interval lies inside the gold window (``on``, or ``from``/``to``)
    widened by ``tolerance_days``; ``latest`` means the interval ends on or before that day (plus
    tolerance); no extracted date is wrong; gold date null is not scored.
  - ``modality_acc``: same class, where factual = asserted, reported, historical; irrealis =
    speculated, planned, demanded, hypothetical; negated.
  - ``attribution_acc``: some gold source, normalised, is a substring of one of our attribution
    sources or holds one (whole words). Gold sources empty: right when we give no attribution
    (the journalist asserts it; an invented source is an error).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluation.base import ErrorLog, Figures, analyse_texts, require
from eventwire.evaluation.metrics import (
    contains_words,
    f1,
    haversine_km,
    normalise_name,
    overlaps,
    ratio,
)
from eventwire.model import ActorMention, DateInterval, Event, PlaceMention

DEFAULT_TOLERANCE_KM = 25.0
HEADLINE_MAX_WORDS = 25

MODALITY_CLASS = {
    "asserted": "factual",
    "reported": "factual",
    "historical": "factual",
    "speculated": "irrealis",
    "planned": "irrealis",
    "demanded": "irrealis",
    "hypothetical": "irrealis",
    "negated": "negated",
}

ARGUMENTS = ("actor", "recipient", "place", "date", "modality", "attribution")


# --- gold records -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldActor:
    id: str
    names: frozenset[str]  # normalised id, name and aliases


@dataclass(frozen=True, slots=True)
class GoldPlace:
    id: str
    lat: float
    lon: float
    tolerance_km: float = DEFAULT_TOLERANCE_KM


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    core: bool
    types: frozenset[str]  # ``type`` and ``also``
    quote: str
    quote_span: tuple[int, int]
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    symmetric: bool = False
    places: tuple[str, ...] | None = None  # None: the event has no place
    date: dict[str, Any] | None = None
    modality: str | None = None
    attributed_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    published: dt.date | None
    actors: dict[str, GoldActor]
    places: dict[str, GoldPlace]
    events: tuple[GoldEvent, ...]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where a gold quote sits in the text; whitespace differences are forgiven."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def _text_path(record_text: str, gold_path: Path, data_dir: Path) -> Path:
    candidates = [
        data_dir.parent / record_text,  # "corpus/seed/x.txt", "eval/dev/x.txt" from ../shared
        gold_path.parent / Path(record_text).name,
        data_dir / record_text,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputError(
        str(gold_path),
        f"the article text {record_text!r} was not found (looked in {', '.join(map(str, candidates))})",
        "keep the gold file next to its text, or the shared corpus beside the eval folder",
    )


def load_gold(gold_path: Path, data_dir: Path) -> GoldArticle:
    """Read one ``*.gold.json`` and its article text."""
    record = json.loads(gold_path.read_text(encoding="utf-8"))
    text = _text_path(record["text"], gold_path, data_dir).read_text(encoding="utf-8")
    actors = {
        a["id"]: GoldActor(
            a["id"],
            frozenset(
                n for n in (normalise_name(x) for x in [a["id"], a.get("name"), *a.get("aliases", [])]) if n
            ),
        )
        for a in record.get("actors", [])
    }
    places = {
        p["id"]: GoldPlace(p["id"], float(p["lat"]), float(p["lon"]), float(p.get("tolerance_km") or DEFAULT_TOLERANCE_KM))
        for p in record.get("places", [])
    }
    events = []
    for e in record["events"]:
        span = find_quote(text, e["quote"])
        if span is None:
            raise InputError(str(gold_path), f"event {e['id']}: quote {e['quote']!r} is not in the text")
        place = e.get("place")
        events.append(
            GoldEvent(
                id=e["id"],
                core=bool(e.get("core")),
                types=frozenset([e["type"], *(e.get("also") or [])]),
                quote=e["quote"],
                quote_span=span,
                actors=tuple(e.get("actor") or ()),
                recipients=tuple(e.get("recipient") or ()),
                symmetric=bool(e.get("symmetric")),
                places=None if place is None else tuple([place] if isinstance(place, str) else place),
                date=e.get("date"),
                modality=e.get("modality"),
                attributed_to=tuple(e.get("attributed_to") or ()),
            )
        )
    published = record.get("published")
    return GoldArticle(
        id=record.get("id", gold_path.stem),
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        actors=actors,
        places=places,
        events=tuple(events),
    )


# --- matching ---------------------------------------------------------------------------------


@dataclass
class Matching:
    """How the extractions of one article met its gold events (indices into both lists)."""

    credited: dict[int, int] = field(default_factory=dict)  # extraction -> gold event
    false_positives: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # qualified only for credited gold events
    ignored: list[int] = field(default_factory=list)  # from the headline


def headline_end(text: str) -> int:
    """End offset of a short first line (a headline under 25 words), or 0 when there is none."""
    newline = text.find("\n")
    if newline <= 0:
        return 0
    return newline if len(text[:newline].split()) < HEADLINE_MAX_WORDS else 0


def match_events(text: str, events: Sequence[Event], gold: Sequence[GoldEvent]) -> Matching:
    """Credit extractions to gold events by the README's rule (see the module docstring)."""
    result = Matching()
    head = headline_end(text)
    order = sorted(range(len(events)), key=lambda i: (events[i].evidence.trigger_span.start, i))
    qualifying: dict[int, list[int]] = {}
    holds: dict[tuple[int, int], bool] = {}
    for i in order:
        event = events[i]
        evidence = (event.evidence.span.start, event.evidence.span.end)
        if evidence[0] < head:
            result.ignored.append(i)
            continue
        trigger = (event.evidence.trigger_span.start, event.evidence.trigger_span.end)
        qualifying[i] = [
            j for j, g in enumerate(gold) if event.event in g.types and overlaps(evidence, g.quote_span)
        ]
        for j in qualifying[i]:
            span = gold[j].quote_span
            holds[i, j] = span[0] <= trigger[0] and trigger[1] <= span[1]

    def rank(j: int) -> tuple[int, int]:
        return (0 if gold[j].core else 1, gold[j].quote_span[0])

    taken: set[int] = set()
    # First the gold events whose quote holds the trigger, then any qualifying one; core first.
    for trigger_inside in (True, False):
        for i in qualifying:
            if i in result.credited:
                continue
            free = [j for j in qualifying[i] if j not in taken and (holds[i, j] or not trigger_inside)]
            if free:
                best = min(free, key=rank)
                taken.add(best)
                result.credited[i] = best
    # A core event left over takes an extraction that was credited to a non-core one it qualifies for.
    for j, g in enumerate(gold):
        if not g.core or j in taken:
            continue
        for i, k in result.credited.items():
            if not gold[k].core and j in qualifying[i]:
                taken.discard(k)
                taken.add(j)
                result.credited[i] = j
                break
    for i, candidates in qualifying.items():
        if i not in result.credited:
            (result.duplicates if candidates else result.false_positives).append(i)
    return result


# --- arguments --------------------------------------------------------------------------------


def actor_matches(mention: ActorMention, gold_actor: GoldActor) -> bool:
    """Our actor is the gold actor: same normalised name, words or id, or its words hold an alias."""
    ours = {normalise_name(mention.actor.name), normalise_name(mention.span.text), normalise_name(mention.actor.id)}
    ours.discard("")
    if ours & gold_actor.names:
        return True
    words = normalise_name(mention.span.text)
    return any(len(alias) > 2 and contains_words(words, alias) for alias in gold_actor.names)


def _any_match(ours: Sequence[ActorMention], gold_ids: Sequence[str], actors: dict[str, GoldActor]) -> bool:
    return any(actor_matches(m, actors[g]) for m in ours for g in gold_ids if g in actors)


def actor_correct(event: Event, gold: GoldEvent, actors: dict[str, GoldActor]) -> bool | None:
    ours = list(event.actors) + (list(event.recipients) if gold.symmetric else [])
    if not gold.actors:
        return not event.actors
    gold_ids = list(gold.actors) + (list(gold.recipients) if gold.symmetric else [])
    return _any_match(ours, gold_ids, actors)


def recipient_correct(event: Event, gold: GoldEvent, actors: dict[str, GoldActor]) -> bool | None:
    if gold.symmetric:
        if not gold.recipients:
            return None
        return _any_match(list(event.actors) + list(event.recipients), gold.recipients, actors)
    if not gold.recipients:
        return not event.recipients
    return _any_match(event.recipients, gold.recipients, actors)


def place_correct(location: PlaceMention | None, gold: GoldEvent, places: dict[str, GoldPlace]) -> bool | None:
    if gold.places is None:
        return location is None
    if location is None or location.place is None:
        return False
    for place_id in gold.places:
        gold_place = places.get(place_id)
        if gold_place is None:
            continue
        distance = haversine_km(location.place.lat, location.place.lon, gold_place.lat, gold_place.lon)
        if distance <= gold_place.tolerance_km:
            return True
    return False


def gold_window(date: dict[str, Any]) -> tuple[dt.date | None, dt.date]:
    """The (earliest, latest) days a gold date allows; earliest None for ``latest``."""
    tolerance = dt.timedelta(days=int(date.get("tolerance_days") or 0))
    if "on" in date:
        day = dt.date.fromisoformat(date["on"])
        return day - tolerance, day + tolerance
    if "latest" in date:
        return None, dt.date.fromisoformat(date["latest"]) + tolerance
    start = dt.date.fromisoformat(date["from"])
    end = dt.date.fromisoformat(date.get("to") or date["from"])
    return start - tolerance, end + tolerance


def date_correct(interval: DateInterval | None, gold: GoldEvent) -> bool | None:
    if not gold.date:
        return None
    if interval is None:
        return False
    earliest, latest = gold_window(gold.date)
    return (earliest is None or interval.start >= earliest) and interval.end <= latest


def modality_correct(event: Event, gold: GoldEvent) -> bool | None:
    if not gold.modality:
        return None
    return MODALITY_CLASS.get(event.modality, event.modality) == MODALITY_CLASS.get(gold.modality, gold.modality)


def attribution_correct(event: Event, gold: GoldEvent) -> bool | None:
    ours = [normalise_name(a.source) for a in event.attribution]
    ours = [o for o in ours if o]
    if not gold.attributed_to:
        return not ours
    for source in gold.attributed_to:
        wanted = normalise_name(source)
        for mine in ours:
            if contains_words(mine, wanted) or contains_words(wanted, mine):
                return True
    return False


def argument_checks(event: Event, gold: GoldEvent, article: GoldArticle) -> dict[str, bool | None]:
    return {
        "actor": actor_correct(event, gold, article.actors),
        "recipient": recipient_correct(event, gold, article.actors),
        "place": place_correct(event.location, gold, article.places),
        "date": date_correct(event.date, gold),
        "modality": modality_correct(event, gold),
        "attribution": attribution_correct(event, gold),
    }


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Tally:
    core: int = 0
    core_found: int = 0
    scored: int = 0  # extractions outside the headline
    credited: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ARGUMENTS, 0))
    judged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ARGUMENTS, 0))

    def figures(self) -> Figures:
        precision = ratio(self.credited, self.scored)
        recall = ratio(self.core_found, self.core)
        out: Figures = {"recall": recall, "precision": precision, "f1": f1(precision, recall)}
        for name in ARGUMENTS:
            out[f"{name}_acc"] = ratio(self.right[name], self.judged[name])
        out.update(
            n_core=self.core, n_core_found=self.core_found, n_extracted=self.scored, n_credited=self.credited
        )
        return out


def _event_summary(event: Event) -> dict[str, Any]:
    return {
        "type": event.event,
        "mode": event.mode,
        "trigger": event.evidence.trigger,
        "actor": [m.span.text for m in event.actors],
        "recipient": [m.span.text for m in event.recipients],
        "place": event.location.span.text if event.location else None,
        "date": [event.date.start.isoformat(), event.date.end.isoformat()] if event.date else None,
        "modality": event.modality,
        "attribution": [a.source for a in event.attribution],
    }


def score_article(article: GoldArticle, events: Sequence[Event], tally: Tally, log: ErrorLog) -> None:
    """Add one article's counts to ``tally`` and its misses to ``log``."""
    matching = match_events(article.text, events, article.events)
    credited_gold = set(matching.credited.values())
    for j, g in enumerate(article.events):
        if g.core:
            tally.core += 1
            if j in credited_gold:
                tally.core_found += 1
            else:
                log.add("miss", f"{article.id}/{g.id}", g.quote, gold_types=sorted(g.types))
    tally.scored += len(events) - len(matching.ignored)
    tally.credited += len(matching.credited)
    for i in matching.false_positives + matching.duplicates:
        kind = "false_positive" if i in matching.false_positives else "duplicate"
        log.add(kind, article.id, events[i].evidence.sentence, ours=_event_summary(events[i]))
    for i, j in matching.credited.items():
        gold = article.events[j]
        for name, ok in argument_checks(events[i], gold, article).items():
            if ok is None:
                continue
            tally.judged[name] += 1
            tally.right[name] += int(ok)
            if not ok:
                log.add(
                    f"wrong_{name}",
                    f"{article.id}/{gold.id}",
                    events[i].evidence.sentence,
                    gold=_gold_value(name, gold, article),
                    ours=_event_summary(events[i])[name],
                )


def _gold_value(name: str, gold: GoldEvent, article: GoldArticle) -> Any:
    if name == "actor":
        return list(gold.actors) + (list(gold.recipients) if gold.symmetric else [])
    if name == "recipient":
        return list(gold.recipients)
    if name == "place":
        return list(gold.places) if gold.places is not None else None
    if name == "date":
        return gold.date
    if name == "modality":
        return gold.modality
    return list(gold.attributed_to)


def score(articles: Sequence[GoldArticle], extracted: Sequence[Sequence[Event]], log: ErrorLog) -> Figures:
    """Figures for gold articles and the events extracted from each (same order)."""
    tally = Tally()
    for article, events in zip(articles, extracted, strict=True):
        score_article(article, events, tally, log)
    return tally.figures()


def evaluate(data_dir: Path, log: ErrorLog, folder: str = "seed") -> Figures:
    """Score the pipeline on every ``*.gold.json`` of ``data_dir/folder`` (``seed`` or ``dev``)."""
    directory = require(data_dir / folder, folder)
    gold_paths = sorted(directory.glob("*.gold.json"))
    if not gold_paths:
        raise InputError(str(directory), "no *.gold.json files", "point --data at the shared eval folder")
    articles = [load_gold(path, data_dir) for path in gold_paths]
    extracted: list[list[Event]] = []
    for article in articles:
        # One article at a time: each has its own publication date.
        analysis = next(iter(analyse_texts([article.text], published=article.published)))
        extracted.append(list(analysis.events))
    return score(articles, extracted, log)
