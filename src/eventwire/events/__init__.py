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
from dataclasses import replace
from collections.abc import Iterable, Sequence

import pycountry
from spacy.tokens import Doc, Token

from eventwire.attribution import AttributionRelation, relations_for
from eventwire.events.arguments import (
    Arguments,
    _focus_country,
    _plausible_actors,
    _sentence_countries,
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
from eventwire.events.coding import HOSTILE_TYPES, code_event, pledged_type
from eventwire.events.linking import (
    ANAPHORIC_DETS,
    _continued_event,
    _date_from_referred_event,
    _repeated_event,
    _with_more_places,
)
from eventwire.events.setting import (
    SEQUENCE_MARKS,
    Narrative,
    anaphoric_places,
    _dateline_spans,
    choose_event_place,
    _governing_candidate,
    _in_actor_role,
    _index_mentions,
    _inside,
    _where_and_when,
)
from eventwire.events.size_attachment import _attach_sizes
from eventwire.events.suppression import _keep, _reported_by_casualties
from eventwire.modality import modality_of
from eventwire.model import ActorMention, Article, Attribution, DateInterval, Event, Evidence, PlaceMention, Span
from eventwire.nlp import text_of
from eventwire.sizes import find_sizes

__all__ = ["Arguments", "Candidate", "choose_event_place", "extract_events", "find_candidates", "read_arguments"]

def _event_id(article_id: str, trigger: Token, event_type: str) -> str:
    digest = hashlib.sha256(f"{article_id}:{trigger.idx}:{event_type}".encode()).hexdigest()[:12]
    return f"{article_id}-{digest}"


def _title_end(article: Article) -> int:
    """End offset of a headline line (short first line followed by a blank line), else 0."""
    first, sep, rest = article.text.partition("\n")
    if sep and len(first.split()) < 25 and rest.startswith("\n"):
        return len(first)
    return 0


# Material types whose verb reports an event even with no named participant or place ("weapons were
# seized", "two women were raped"): the victims and goods are plain nouns, not actors.
STANDALONE_TYPES = {"ASSAULT", "COERCE", "PROTEST"}


def _country_for(mention: ActorMention, opponents: Sequence[ActorMention], country: str | None,
                 hostile: bool, place_country: str | None, named: Sequence[str] = ()) -> str | None:
    """The country a sector-only participant takes: the sentence's, except in a hostile event where that
    country is the other side's and the event happened in another country, whose people they then are
    ("an Israeli airstrike killed four people in Rafah": the dead are not Israeli). With no such place
    the sentence's country stays: police and protesters, army and rebels are most often compatriots;
    but armed forces fighting armed forces are not: they take another country the sentence names
    (``named``), or none ("Ukraine's air force shot down drones launched from Russian territory")."""
    if hostile and mention.actor.sector == "MIL" and country and any(
            o is not mention and o.actor.code == country and o.actor.sector == "MIL" for o in opponents):
        return next((code for code in named if code != country), None)
    if not (hostile and country and place_country and place_country != country):
        return country
    if any(o is not mention and o.actor.code == country for o in opponents):
        return place_country
    return country


def _partner_country(mention: ActorMention, side: Sequence[ActorMention], text: str) -> str | None:
    """"Israeli warplanes and artillery": a sector-only participant listed right after one of the same
    sector with a country shares that country (the adjective covers both)."""
    for other in side:
        if (other.actor.code and other.actor.sector == mention.actor.sector and other.span.end <= mention.span.start
                and text[other.span.end:mention.span.start].strip(" ,").lower() in {"and", "or", "", "as well as"}):
            return other.actor.code
    return None


def _iso3(alpha2: str | None) -> str | None:
    record = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return record.alpha_3 if record else None


def _stands_alone(candidate: Candidate) -> bool:
    """A verbal material trigger with its own subject or object is an event without named actors, unless
    its doer is a definite reference back ("the attackers ... set fire to stalls"): that is a detail of
    an event already reported, not a new one. A nominal one stands when casualties report it ("killed
    in a landmine explosion"), and a protest when a verb carries it ("demonstrators gathered")."""
    token = candidate.token
    if candidate.trigger.type not in STANDALONE_TYPES:
        return False
    if candidate.trigger.pos != "VERB":
        # "demonstrators gathered", "sparked demonstrations": the crowd is the protest's doer
        return _reported_by_casualties(token) or (candidate.trigger.type == "PROTEST" and bool(candidate.carriers))
    subject, passive = _subject(token)
    if subject is not None and not passive and any(
        c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in subject.children
    ):
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.pos_ in {"NOUN", "PROPN", "NUM"} for c in token.children)


def _confidence(args: Arguments, place: PlaceMention | None, date: DateInterval | None,
                candidate: Candidate, nested: bool) -> float:
    """A transparent heuristic: how many of the event's slots the parse filled, less 0.1 for an event
    said inside another event's clause or phrase (the topic of talks, the target of a demand's
    background), which is detail of the sentence rather than its news."""
    score = 0.3 if nested else 0.4
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
    place_at: dict[int, PlaceMention] = _index_mentions(doc, [*places, *anaphoric_places(doc, places)])
    actors = _plausible_actors(doc, actors, place_at)
    actor_at: dict[int, ActorMention] = _index_mentions(doc, actors)
    date_at: dict[int, DateInterval] = _index_mentions(doc, dates)
    # "Syria's demand", "Ankara said": a toponym in an actor's role is not a place of the event;
    # "KHARTOUM, May 13 —": a dateline says where and when the report was filed, not the event
    datelines = _dateline_spans(text_of(doc))
    place_at = {i: p for i, p in place_at.items()
                if not _in_actor_role(doc[i], actor_at) and not _inside(p.span, datelines)
                and not _in_organisation_name(p, actor_at.get(i))}
    date_at = {i: d for i, d in date_at.items() if not (d.span and _inside(d.span, datelines))}
    blocked = {i for i, m in actor_at.items() if m.actor.known} | set(place_at) | set(date_at)
    focus = _focus_country(actors)
    title_end = _title_end(article)
    events: list[Event] = []
    previous_subject: list[ActorMention] = []
    belligerents: list[ActorMention] = []  # the two sides of the last hostile event, for "both sides"
    recent_talks: Event | None = None  # the last talks reported, for "no agreement had been reached"
    talks_age = 0
    narrative = Narrative(text_of(doc))

    for sentence in doc.sents:
        if sentence.start_char < title_end:
            continue
        narrative.enter(sentence)
        candidates = find_candidates(sentence, blocked)
        for candidate in candidates:
            candidate.carriers = _carriers(candidate.token, candidate.trigger) if candidate.trigger.pos == "NOUN" else []
        kept = _keep(candidates, actor_at, place_at, date_at)
        # light verbs stand for their nominal trigger when places and times are claimed
        anchor_of: dict[int, Candidate] = {c.token.i: c for c in kept}
        for candidate in kept:
            for carrier in candidate.carriers:
                anchor_of.setdefault(carrier.i, candidate)
        stop = set(anchor_of)
        named_countries = _sentence_countries(sentence, actor_at)
        sentence_country = named_countries[0] if named_countries else focus
        args_of: dict[int, Arguments] = {}
        nested: set[int] = set()  # triggers inside another trigger's clause or phrase
        drafts: list[tuple[Candidate, Arguments]] = []
        outcome_of_talks: dict[int, Event] = {}
        for candidate in kept:
            governing = _governing_candidate(candidate, anchor_of)
            if governing is not None:
                nested.add(candidate.token.i)
            inherited = args_of[governing.token.i].actors if governing and governing.token.i in args_of else []
            args = read_arguments(candidate, actor_at, inherited, previous_subject, stop, belligerents)
            talkers = next((_unique([*a.actors, *a.recipients]) for c, a in reversed(drafts)
                            if c.trigger.type in TALK_TYPES and a.actors), [])
            if not (args.actors or args.recipients) and candidate.trigger.pos == "NOUN" and \
                    candidate.trigger.type in TALK_TYPES and talkers:
                # "the ministers agreed ... after talks in Luanda": the talks of the parties that agreed
                args = Arguments(list(talkers), [])
            elif not (args.actors or args.recipients) and candidate.trigger.type in TALK_TYPES and recent_talks and (
                candidate.trigger.object or candidate.trigger.pos == "NOUN"
            ):
                # "no agreement had been reached": the parties of the talks just reported, where they talked
                args = Arguments(list(recent_talks.actors), [])
                outcome_of_talks[candidate.token.i] = recent_talks
            args_of[candidate.token.i] = args
            if candidate.trigger.subject_sector and not any(
                m.actor.sector in candidate.trigger.subject_sector for m in args.actors
            ):
                continue
            if candidate.trigger.type in NEEDS_PARTICIPANT and not (args.actors or args.recipients):
                continue
            drafts.append((candidate, args))
        sentence_events: list[Event] = []
        echoed: Event | None = None  # an earlier event this sentence mentions again ("the news of the meeting")
        unplaced: set[str] = set()  # events whose sentence gave them no place of their own
        undated: set[str] = set()  # nor a time
        for candidate, args in drafts:
            own_places, own_dates = _where_and_when(candidate, args, anchor_of, place_at, date_at, stop, sentence)
            if not own_dates:
                referred = _date_from_referred_event(_clause_roots(candidate), events)
                own_dates = [referred] if referred is not None else []
            talks = outcome_of_talks.get(candidate.token.i)
            if talks is not None and not own_dates and talks.date is not None and not talks.date.fallback:
                own_dates = [talks.date]
            earlier = _continued_event(candidate, events)
            if earlier is not None:
                # "The strikes hit near Naqoura": more detail on an event already reported
                events[events.index(earlier)] = _with_more_places(earlier, own_places)
                continue
            if not own_places and not (args.actors or args.recipients) and not _stands_alone(candidate):
                continue
            reported_by = relations_for(candidate.token, list(relations))
            modality = modality_of(candidate.token, reported=bool(reported_by), governed_by=candidate.carriers)
            narrative.record(own_places[0] if own_places else None, own_dates[0] if own_dates else None)
            if talks is not None and not own_places and talks.location is not None:
                own_places = [talks.location]  # where the talks were; no place this sentence names
            # what did not happen (denied, planned) happened nowhere: only a fact takes the text's setting
            factual = modality in {"asserted", "reported"}
            event_id = _event_id(article.id, candidate.token, candidate.trigger.type)
            if factual and not own_places:
                unplaced.add(event_id)
            if factual and not own_dates:
                undated.add(event_id)
            if not own_places and factual and narrative.place is not None:
                own_places = [narrative.place]
            if own_dates:
                date = own_dates[0]
            elif factual:
                date = narrative.date or fallback_date
            else:
                date = None
            symmetric = candidate.token.lemma_.lower() in SYMMETRIC_LEMMAS and candidate.trigger.mode not in {
                "visit", "host"} and not args.inner
            event_type, mode, context = code_event(candidate, sentence)
            event_type = pledged_type(candidate, event_type, modality, actor_at)
            hostile = event_type in HOSTILE_TYPES
            location = own_places[0] if own_places else None
            place_country = _iso3(location.place.country_code) if location and location.place else None
            # in a clash both sides are actors, so an actor's opponents are the other actors
            actor_opponents = args.actors if symmetric else args.recipients
            actor_list = [_with_country(m, _partner_country(m, args.actors, text_of(doc))
                                        or _country_for(m, actor_opponents, sentence_country, hostile, place_country,
                                                        named_countries))
                          for m in args.actors]
            recipient_list = [_with_country(m, _partner_country(m, args.recipients, text_of(doc))
                                            or _country_for(m, args.actors, sentence_country, hostile, place_country,
                                                            named_countries))
                              for m in args.recipients]
            if symmetric:
                # "the two countries swapped 100 prisoners": what they exchanged is no party to it
                recipient_list = [m for m in recipient_list if not _is_trigger_object(m, candidate)]
                actor_list = _unique(actor_list + recipient_list)
                recipient_list = []
            sentence_span = Span.of(text_of(doc), sentence.start_char, sentence.end_char)
            trigger_span = Span.of(text_of(doc), candidate.token.idx, candidate.token.idx + len(candidate.token.text))
            event = Event(
                id=event_id,
                article_id=article.id,
                event=event_type,
                mode=mode,
                context=context,
                actors=tuple(actor_list),
                recipients=tuple(recipient_list),
                location=location,
                date=date,
                modality=modality,
                attribution=tuple(_attributions(reported_by)),
                size=None,
                evidence=Evidence(sentence=sentence.text, span=sentence_span, trigger=candidate.token.text,
                                  trigger_span=trigger_span),
                confidence=_confidence(args, location, date, candidate, candidate.token.i in nested),
                places=tuple(own_places),
            )
            repeated = _repeated_event(event, events + sentence_events, dated=bool(own_dates))
            if repeated is not None:
                if not _in_sequence_clause(candidate.token):
                    echoed = echoed or repeated
                continue
            sentence_events.append(event)
        if echoed is not None:
            sentence_events = [_in_setting_of(e, echoed, e.id in unplaced, e.id in undated) for e in sentence_events]
        sentence_events = _attach_sizes(sentence_events, find_sizes(sentence), doc, events)
        events.extend(sentence_events)
        subjects = [e.actors for e in sentence_events if e.actors]
        if subjects:
            previous_subject = list(subjects[0])
        belligerents = next((sides for e in reversed(sentence_events) if (sides := _sides(e))), belligerents)
        reported_talks = [e for e in sentence_events if e.event in {"CONSULT", "AGREE"} and e.actors]
        talks_age = 0 if reported_talks else talks_age + 1
        if reported_talks:
            recent_talks = reported_talks[-1]
        elif talks_age > 2:
            recent_talks = None
    return events


def _in_organisation_name(place: PlaceMention, mention: ActorMention | None) -> bool:
    """"the Sudan Doctors Network", "the M23 rebel group": a toponym inside the name of a known
    organisation names the organisation, not where anything happened."""
    return mention is not None and mention.actor.known and mention.actor.kind == "organization" and (
        mention.span.contains(place.span) and mention.span != place.span)


def _sides(event: Event) -> list[ActorMention]:
    """The two opposing known parties of a hostile event (its first actor and first recipient, or the
    first two actors of a clash), else none."""
    if event.event not in HOSTILE_TYPES or event.event == "PROTEST":
        return []
    known = [m for m in (*event.actors, *event.recipients) if m.actor.known]
    sides: list[ActorMention] = []
    for mention in known:
        if all(mention.actor.id != other.actor.id and mention.actor.code != other.actor.code for other in sides):
            sides.append(mention)
    return sides[:2] if len(sides) >= 2 and (event.recipients or len(event.actors) >= 2) else []


def _is_trigger_object(mention: ActorMention, candidate: Candidate) -> bool:
    """Whether a mention is the object the trigger requires ("prisoners" of "swapped prisoners")."""
    words = mention.span.text.lower().split()
    return bool(words) and bool(candidate.trigger.object) and (
        words[-1] in candidate.trigger.object or words[-1].removesuffix("s") in candidate.trigger.object)


def _clause_roots(candidate: Candidate) -> list[Token]:
    """The trigger, the verbs that carry it and the verbs it is coordinated with: the tokens whose
    clauses may say when it happened relative to something else."""
    roots = [candidate.token, *candidate.carriers]
    current = candidate.token
    while current.dep_ in {"conj", "amod"} and current.head.i != current.i and len(roots) < 8:
        current = current.head
        roots.append(current)
    return roots


def _in_sequence_clause(token: Token) -> bool:
    """Whether a trigger lies in a clause or phrase that places something before or after it ("one
    day after it was announced during the summit"): a reference in time, not the sentence's setting."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in ancestor.children):
            return True
        if ancestor.dep_ == "prep" and ancestor.lower_ in SEQUENCE_MARKS:
            return True
    return False


def _in_setting_of(event: Event, echoed: Event, unplaced: bool, undated: bool) -> Event:
    """An event of a sentence that mentions an earlier event again, where the sentence gives it no place
    or time of its own, happened there and then ("SANA announced the news of the meeting and Syria's
    demand that ...": the demand was made at the meeting), not where the previous sentence was."""
    changes: dict[str, object] = {}
    if unplaced and echoed.location is not None:
        changes.update(location=echoed.location, places=(echoed.location,))
    if undated and echoed.date is not None and not echoed.date.fallback:
        changes["date"] = echoed.date
    return replace(event, **changes) if changes else event


def _attributions(relations: Iterable[AttributionRelation]) -> list[Attribution]:
    found: list[Attribution] = []
    for relation in relations:
        if relation.source is None:
            continue
        found.append(Attribution(source=relation.source.text, cue=relation.cue_lemma, span=relation.source,
                                 cue_span=relation.cue))
    return found
