"""Linking: a later mention that continues an earlier event ("The strikes hit ...") or repeats it
("the Putin Erdogan summit" after "a meeting between Putin and Erdogan").
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.events.arguments import _subject
from eventwire.events.candidates import Candidate
from eventwire.lexicon import triggers
from eventwire.modality import modality_class
from eventwire.model import Event, PlaceMention


ANAPHORIC_DETS = {"the", "these", "those", "this", "that"}


def _continued_event(candidate: Candidate, earlier: Sequence[Event]) -> Event | None:
    """The event a definite subject refers back to ("The strikes hit ...", "The attack killed ...")."""
    if candidate.trigger.pos != "VERB":
        return None
    subject, _ = _subject(candidate.token)
    if subject is None or subject.head.i != candidate.token.i:
        return None
    readings = triggers().get((subject.lemma_.lower(), "NOUN"), [])
    if not any(r.type == candidate.trigger.type for r in readings):
        return None
    if not any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in subject.children):
        return None
    same_type = [e for e in earlier if e.event == candidate.trigger.type]
    return same_type[-1] if same_type else None


def _with_more_places(event: Event, places: Sequence[PlaceMention]) -> Event:
    known = {(p.span.start, p.span.end) for p in event.places}
    added = tuple(p for p in places if (p.span.start, p.span.end) not in known)
    location = event.location
    sharper = [p for p in added if p.place is not None]
    if sharper and (location is None or location.place is None or min(p.precision for p in sharper) < location.precision
                    or location.place.resolution < min(p.place.resolution for p in sharper)):
        location = min(sharper, key=lambda p: (p.precision, -p.place.resolution))
    return _replace(event, places=event.places + added, location=location)


def _repeated_event(event: Event, earlier: Sequence[Event], dated: bool = True) -> Event | None:
    """The earlier event this one mentions again ("the Putin Erdogan summit" after "a meeting
    between Putin and Erdogan"): same type, the same known actors, no conflicting modality, nor a
    conflicting date when its sentence dates it (``dated``; a date the paragraph lent it says nothing)."""
    if event.event not in {"CONSULT", "AGREE"}:
        return None  # attacks between the same parties are usually different attacks
    ids = {m.actor.id for m in (*event.actors, *event.recipients) if m.actor.known}
    if len(ids) < 2:
        return None
    for other in earlier:
        if other.event != event.event or modality_class(other.modality) != modality_class(event.modality):
            continue
        if dated and event.date and other.date and not event.date.fallback and not other.date.fallback and (
            event.date.end < other.date.start or other.date.end < event.date.start
        ):
            continue
        other_ids = {m.actor.id for m in (*other.actors, *other.recipients) if m.actor.known}
        if ids == other_ids:
            return other
    return None


def _replace(event: Event, **changes: object) -> Event:
    from dataclasses import replace

    return replace(event, **changes)
