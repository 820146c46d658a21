"""Events: find PLOVER event triggers in parsed sentences and fill their arguments from the parse.

For every sentence: match the trigger lexicon on lemmas (with its object/particle/preposition
conditions), drop triggers that are part of another event (the object of "launched an attack", the
content of "demanded ... to withdraw", a nested mention of the same type), then read each event's
actors and recipients from its subject, objects and prepositions, its place and time from the
toponyms and time expressions attached to it in the parse (syntax first, then proximity in the
sentence), its modality, attribution and size, and keep the sentence as evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from eventwire.attribution import AttributionRelation, relations_for
from eventwire.events.arguments import (
    Arguments,
    _focus_country,
    _plausible_actors,
    _sentence_country,
    _subject,
    _unique,
    _with_country,
    read_arguments,
)
from eventwire.events.candidates import (
    NEEDS_PARTICIPANT,
    SYMMETRIC_LEMMAS,
    TALK_TYPES,
    Candidate,
    _carriers,
    find_candidates,
)
from eventwire.events.linking import _continued_event, _repeats, _with_more_places
from eventwire.events.setting import (
    _dateline_spans,
    choose_event_place,
    _governing_candidate,
    _in_actor_role,
    _index_mentions,
    _inside,
    _where_and_when,
)
from eventwire.events.size_attachment import _attach_sizes
from eventwire.events.suppression import _keep
from eventwire.modality import modality_of
from eventwire.model import ActorMention, Article, Attribution, DateInterval, Event, Evidence, PlaceMention, Span
from eventwire.sizes import find_sizes

__all__ = ["Arguments", "Candidate", "choose_event_place", "extract_events", "find_candidates", "read_arguments"]

INSTRUMENT_MODES = {
    "aerial": {"warplane", "jet", "aircraft", "airstrike", "air", "helicopter", "plane", "bomber"},
    "drone": {"drone", "uav"},
    "heavy-weapons": {"missile", "rocket", "artillery", "shell", "mortar", "shellfire", "tank", "barrel"},
}


def _event_id(article_id: str, trigger: Token, event_type: str) -> str:
    digest = hashlib.sha256(f"{article_id}:{trigger.idx}:{event_type}".encode()).hexdigest()[:12]
    return f"{article_id}-{digest}"


def _title_end(article: Article) -> int:
    """End offset of a headline line (short first line followed by a blank line), else 0."""
    first, sep, rest = article.text.partition("\n")
    if sep and len(first.split()) < 25 and rest.startswith("\n"):
        return len(first)
    return 0


def _mode_for(candidate: Candidate, sentence_tokens: Iterable[Token]) -> str | None:
    mode = candidate.trigger.mode
    if candidate.trigger.type != "ASSAULT" or mode not in (None, "heavy-weapons"):
        return mode
    words = {t.lemma_.lower() for t in candidate.token.subtree}
    subject, _ = _subject(candidate.token) if candidate.trigger.pos == "VERB" else (None, False)
    if subject is not None:
        words |= {t.lemma_.lower() for t in subject.subtree}
    for instrument_mode, instrument_words in INSTRUMENT_MODES.items():
        if words & instrument_words:
            return instrument_mode
    return mode


def _confidence(args: Arguments, place: PlaceMention | None, date: DateInterval | None,
                candidate: Candidate) -> float:
    """A transparent heuristic: how many of the event's slots the parse filled."""
    score = 0.4
    score += 0.2 if args.actors else 0.0
    score += 0.1 if args.recipients else 0.0
    score += 0.1 if place and place.place else 0.0
    score += 0.1 if date and not date.fallback else 0.0
    score += 0.1 if candidate.trigger.pos == "VERB" or candidate.carriers else 0.0
    return min(score, 1.0)


def extract_events(
    doc: Doc,
    article: Article,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    dates: Sequence[DateInterval],
    relations: Sequence[AttributionRelation],
    fallback_date: DateInterval | None = None,
) -> list[Event]:
    """Report-level events of one parsed article."""
    place_at: dict[int, PlaceMention] = _index_mentions(doc, places)
    actors = _plausible_actors(doc, actors, place_at)
    actor_at: dict[int, ActorMention] = _index_mentions(doc, actors)
    date_at: dict[int, DateInterval] = _index_mentions(doc, dates)
    # "Syria's demand", "Ankara said": a toponym in an actor's role is not a place of the event;
    # "KHARTOUM, May 13 —": a dateline says where and when the report was filed, not the event
    datelines = _dateline_spans(doc.text)
    place_at = {i: p for i, p in place_at.items()
                if not _in_actor_role(doc[i], actor_at) and not _inside(p.span, datelines)}
    date_at = {i: d for i, d in date_at.items() if not (d.span and _inside(d.span, datelines))}
    blocked = {i for i, m in actor_at.items() if m.actor.known} | set(place_at) | set(date_at)
    focus = _focus_country(actors)
    title_end = _title_end(article)
    events: list[Event] = []
    previous_subject: list[ActorMention] = []
    recent_talks: list[ActorMention] = []
    talks_age = 0

    for sentence in doc.sents:
        if sentence.start_char < title_end:
            continue
        candidates = find_candidates(sentence, blocked)
        for candidate in candidates:
            candidate.carriers = _carriers(candidate.token) if candidate.trigger.pos == "NOUN" else []
        kept = _keep(candidates, actor_at, place_at, date_at)
        # light verbs stand for their nominal trigger when places and times are claimed
        anchor_of: dict[int, Candidate] = {c.token.i: c for c in kept}
        for candidate in kept:
            for carrier in candidate.carriers:
                anchor_of.setdefault(carrier.i, candidate)
        stop = set(anchor_of)
        sentence_country = _sentence_country(sentence, actor_at) or focus
        args_of: dict[int, Arguments] = {}
        drafts: list[tuple[Candidate, Arguments]] = []
        for candidate in kept:
            governing = _governing_candidate(candidate, anchor_of)
            inherited = args_of[governing.token.i].actors if governing and governing.token.i in args_of else []
            args = read_arguments(candidate, actor_at, inherited, previous_subject, stop)
            if not (args.actors or args.recipients) and candidate.trigger.type in TALK_TYPES and recent_talks and (
                candidate.trigger.object or candidate.trigger.pos == "NOUN"
            ):
                # "no agreement had been reached": the parties of the talks just reported
                args = Arguments(list(recent_talks), [])
            args_of[candidate.token.i] = args
            if candidate.trigger.subject_sector and not any(
                m.actor.sector in candidate.trigger.subject_sector for m in args.actors
            ):
                continue
            if candidate.trigger.type in NEEDS_PARTICIPANT and not (args.actors or args.recipients):
                continue
            drafts.append((candidate, args))
        sentence_events: list[Event] = []
        for candidate, args in drafts:
            own_places, own_dates = _where_and_when(candidate, args, anchor_of, place_at, date_at, stop, sentence)
            earlier = _continued_event(candidate, events)
            if earlier is not None:
                # "The strikes hit near Naqoura": more detail on an event already reported
                events[events.index(earlier)] = _with_more_places(earlier, own_places)
                continue
            if not own_places and not (args.actors or args.recipients):
                continue
            reported_by = relations_for(candidate.token, list(relations))
            modality = modality_of(candidate.token, reported=bool(reported_by), governed_by=candidate.carriers)
            if own_dates:
                date = own_dates[0]
            elif modality in {"asserted", "reported"}:
                date = fallback_date
            else:
                date = None
            symmetric = candidate.token.lemma_.lower() in SYMMETRIC_LEMMAS and candidate.trigger.mode not in {
                "visit", "host"}
            actor_list = [_with_country(m, sentence_country) for m in args.actors]
            recipient_list = [_with_country(m, sentence_country) for m in args.recipients]
            if symmetric:
                actor_list = _unique(actor_list + recipient_list)
                recipient_list = []
            location = own_places[0] if own_places else None
            sentence_span = Span.of(doc.text, sentence.start_char, sentence.end_char)
            trigger_span = Span.of(doc.text, candidate.token.idx, candidate.token.idx + len(candidate.token.text))
            event = Event(
                id=_event_id(article.id, candidate.token, candidate.trigger.type),
                article_id=article.id,
                event=candidate.trigger.type,
                mode=_mode_for(candidate, sentence),
                context=candidate.trigger.context,
                actors=tuple(actor_list),
                recipients=tuple(recipient_list),
                location=location,
                date=date,
                modality=modality,
                attribution=tuple(_attributions(reported_by)),
                size=None,
                evidence=Evidence(sentence=sentence.text, span=sentence_span, trigger=candidate.token.text,
                                  trigger_span=trigger_span),
                confidence=_confidence(args, location, date, candidate),
                places=tuple(own_places),
            )
            if _repeats(event, events + sentence_events):
                continue
            sentence_events.append(event)
        sentence_events = _attach_sizes(sentence_events, find_sizes(sentence), doc, events)
        events.extend(sentence_events)
        subjects = [e.actors for e in sentence_events if e.actors]
        if subjects:
            previous_subject = list(subjects[0])
        talks = [e.actors for e in sentence_events if e.event in {"CONSULT", "AGREE"} and e.actors]
        talks_age = 0 if talks else talks_age + 1
        if talks:
            recent_talks = list(talks[-1])
        elif talks_age > 2:
            recent_talks = []
    return events


def _attributions(relations: Iterable[AttributionRelation]) -> list[Attribution]:
    found: list[Attribution] = []
    for relation in relations:
        if relation.source is None:
            continue
        found.append(Attribution(source=relation.source.text, cue=relation.cue_lemma, span=relation.source,
                                 cue_span=relation.cue))
    return found
