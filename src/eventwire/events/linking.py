"""Linking: a later mention that continues an earlier event ("The strikes hit ...") or repeats it
("the Putin Erdogan summit" after "a meeting between Putin and Erdogan").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from eventwire.dates.rules import _number, _shift
from eventwire.events.arguments import _subject
from eventwire.events.candidates import Candidate
from eventwire.lexicon import triggers
from eventwire.modality import modality_class
from eventwire.model import DateInterval, Event, PlaceMention, Span
from eventwire.nlp import text_of


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


# Words that stand for what was just named ("one day after it was announced").
_PRONOUNS = {"it", "they", "this", "that", "these", "those"}
_UNITS = {"day", "week", "month", "year"}


def _date_from_referred_event(roots: Sequence[Token], earlier: Sequence[Event]) -> DateInterval | None:
    """"violated the truce one day after it was announced", "struck two weeks after the deal was
    signed": a counted offset from an event the article has already reported and dated, found by the
    trigger words of the clause or phrase after "after"/"before" (a pronoun stands for the objects of
    the verbs: "violated the truce and shelled the town one day after it was announced"). None when nothing earlier fits: a guess would be worse than no time."""
    dated = [e for e in earlier if e.date is not None and not e.date.fallback]
    if not dated:
        return None
    for root in roots:
        for child in root.children:
            if child.dep_ == "advcl":
                marker = next((c for c in child.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)
                referring = list(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in {"after", "before"}:
                marker, referring = child, [t for c in child.children if c.dep_ == "pobj" for t in c.subtree]
            elif child.dep_ == "npadvmod" and child.lemma_.lower() in _UNITS:
                # "one day after the summit" parsed with the phrase under the count
                marker = next((c for c in child.children if c.dep_ == "prep" and c.lower_ in {"after", "before"}), None)
                referring = [t for c in (marker.children if marker is not None else []) if c.dep_ == "pobj"
                             for t in c.subtree]
            else:
                continue
            if marker is None:
                continue
            count = child if child.dep_ == "npadvmod" else next(
                (c for c in (*child.children, *marker.children) if c.dep_ == "npadvmod" and c.lemma_.lower() in _UNITS),
                None)
            if count is None:
                continue
            number = next((c for c in count.children if c.dep_ == "nummod"), None)
            try:
                n = _number(number.text) if number is not None else (1 if count.tag_ == "NN" else None)
            except KeyError:
                n = None
            if n is None:
                continue
            phrase = sorted({t.i for t in (*count.subtree, *referring)})
            if any(t.lower_ in _PRONOUNS and t.dep_ in {"nsubj", "nsubjpass"} for t in referring):
                referring += [t for r in roots for o in r.children if o.dep_ == "dobj" for t in o.subtree]
            types = {r.type for t in referring
                     for r in triggers().get((t.lemma_.lower(), "VERB" if t.pos_ in {"VERB", "AUX"} else t.pos_), [])}
            referred = [e for e in dated if e.event in types]
            if not referred:
                continue
            base = referred[-1].date
            sign = -1 if marker.lower_ == "before" else 1
            start, end, precision = _shift(base.start if sign > 0 else base.end, sign * n, count.lemma_.lower())
            doc = root.doc
            text_span = Span.of(text_of(doc), doc[phrase[0]].idx, doc[phrase[-1]].idx + len(doc[phrase[-1]].text))
            return DateInterval(start, end, precision, text=text_span.text, span=text_span)
    return None


def _replace(event: Event, **changes: object) -> Event:
    from dataclasses import replace

    return replace(event, **changes)
