"""Setting: an event's place and time from the toponyms and time expressions attached to it in the
parse (its own phrases, then related triggers, then proximity in the sentence), minus datelines and
toponyms that name an actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.events.arguments import Arguments
from eventwire.events.candidates import CLAUSE_DEPS, Candidate, _governors, _misparsed_verb
from eventwire.model import ActorMention, DateInterval, PlaceMention, Span


def choose_event_place(doc: Doc, trigger: Span, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place a sentence says an event (given by its trigger span) happened in, or None.

    Syntax first (a toponym in the trigger's own phrases, nearest in the tree), then the nearest
    toponym in the same sentence.
    """
    trigger_token = next((t for t in doc if t.idx <= trigger.start < t.idx + max(len(t.text), 1)), None)
    if trigger_token is None:
        return None
    place_at = _index_mentions(doc, places)
    in_tree = _attached(trigger_token, place_at)
    if in_tree:
        return in_tree[0]
    sentence = trigger_token.sent
    nearby = [(abs(i - trigger_token.i), mention) for i, mention in place_at.items()
              if sentence.start <= i < sentence.end]
    nearby.sort(key=lambda pair: (pair[0], pair[1].precision))
    return nearby[0][1] if nearby else None


def _attached(token: Token, items_at: dict[int, object], stop: set[int] | None = None) -> list:
    """Mentions (places or times) in a token's own phrases, nearest in the text first.

    Does not descend into other triggers (``stop``) nor into clauses with a verb of their own:
    in "violated the truce one day after it was announced in Turkey" Turkey belongs to "announced".
    """
    found: list[tuple[int, object]] = []
    seen: set[int] = set()
    frontier = [token]
    while frontier:
        current = frontier.pop()
        item = items_at.get(current.i)
        if item is not None:
            if id(item) not in seen:
                seen.add(id(item))
                found.append((abs(current.i - token.i), item))
            continue
        for child in current.children:
            if stop and child.i in stop:
                continue
            if child.pos_ in {"VERB", "AUX"} and child.dep_ in CLAUSE_DEPS and child.i != token.i:
                continue
            frontier.append(child)
    found.sort(key=lambda pair: pair[0])
    return [pair[1] for pair in found]


def _index_mentions(doc: Doc, mentions: Iterable) -> dict:
    """Token index → the mention (anything with a ``span``) covering that token."""
    index: dict[int, object] = {}
    for mention in mentions:
        span = mention.span
        if span is None:
            continue
        char_span = doc.char_span(span.start, span.end, alignment_mode="expand")
        if char_span is None:
            continue
        for token in char_span:
            index.setdefault(token.i, mention)
    return index


def _where_and_when(candidate: Candidate, args: Arguments, anchor_of: dict[int, Candidate],
                    place_at: dict[int, PlaceMention], date_at: dict[int, DateInterval], stop: set[int],
                    sentence) -> tuple[list[PlaceMention], list[DateInterval]]:
    """The event's places and times: its own phrases first, then the clause governing it ("besieging
    ... after advancing during the past month"), then an event it depends on ("agreed upon after a
    meeting in Istanbul last Wednesday"), then the nearest ones in the sentence that no other event holds."""
    roots = [candidate.token, *candidate.carriers]
    if _misparsed_verb(candidate.token):
        roots.append(candidate.token.head)
    own_places = [p for root in roots for p in _attached(root, place_at, stop - {root.i})]
    own_places = [p for p in own_places if not _is_argument_place(p, args)]
    own_dates = [d for root in roots for d in _attached(root, date_at, stop - {root.i})]
    # "met in Moscow on Thursday and agreed on a ceasefire": a coordinated verb shares the first one's setting
    first_conjunct = anchor_of.get(candidate.token.head.i) if candidate.token.dep_ == "conj" else None
    related = [c for c in (_governing_candidate(candidate, anchor_of), first_conjunct,
                           *_dependent_candidates(candidate, anchor_of)) if c is not None and c is not candidate]
    for other in related:
        if not own_places:
            own_places = [p for p in _attached(other.token, place_at, stop - {other.token.i})
                          if not _is_argument_place(p, args)][:1]
        if not own_dates:
            own_dates = _attached(other.token, date_at, stop - {other.token.i})[:1]
    if not own_places:
        own_places = _nearest_unclaimed(
            candidate.token, sentence, place_at, anchor_of,
            usable=lambda p: p.precision < 4 and not _is_argument_place(p, args), tiebreak=lambda p: p.precision)
    if not own_dates:
        own_dates = _nearest_unclaimed(candidate.token, sentence, date_at, anchor_of)
    return own_places, own_dates


def _dependent_candidates(candidate: Candidate, anchor_of: dict[int, Candidate]) -> list[Candidate]:
    """Triggers in this trigger's own phrases, not in other clauses ("agreed upon after a meeting")."""
    found: list[Candidate] = []
    frontier = list(candidate.token.children)
    while frontier:
        token = frontier.pop()
        other = anchor_of.get(token.i)
        if other is not None and other is not candidate:
            if other not in found:
                found.append(other)
            continue
        if token.pos_ in {"VERB", "AUX"} and token.dep_ in CLAUSE_DEPS:
            continue
        frontier.extend(token.children)
    return found


DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'-]{1,40}(?:, [A-Z][A-Za-z .]{1,30})?,\s+[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?\s*[—–-]+\s*")


def _dateline_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in DATELINE.finditer(text)]


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in ranges)


def _in_actor_role(token: Token, actor_at: dict[int, ActorMention]) -> bool:
    head = token
    while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
        head = head.head
    if token.i not in actor_at:
        return False
    return head.dep_ in {"poss", "nsubj", "nsubjpass"} or (head.dep_ == "pobj" and head.head.dep_ == "agent")


def _is_argument_place(place: PlaceMention, args: Arguments) -> bool:
    """"Ankara said", "Russia's demand": a toponym that names an actor is not the event's place."""
    return any(m.span.overlaps(place.span) for m in (*args.actors, *args.recipients))


def _governing_candidate(candidate: Candidate, anchor_of: dict[int, Candidate]) -> Candidate | None:
    for governor in _governors(candidate.token):
        found = anchor_of.get(governor.i)
        if found is not None and found is not candidate:
            return found
    return None


def _nearest_unclaimed(token: Token, sentence, items_at: dict[int, Any], anchor_of: dict[int, Candidate],
                       usable: Callable[[Any], bool] = lambda item: True,
                       tiebreak: Callable[[Any], int] = lambda item: 0) -> list:
    """Proximity fallback: the nearest place or time of the sentence that no other trigger's phrase holds."""
    options: list[tuple[int, int, Any]] = []
    for i in range(sentence.start, sentence.end):
        item = items_at.get(i)
        if item is None or not usable(item):
            continue
        owner = _owner(token.doc[i], anchor_of)
        if owner is not None and owner.token.i != token.i:
            continue
        options.append((abs(i - token.i), tiebreak(item), item))
    options.sort(key=lambda option: option[:2])
    return [options[0][2]] if options else []


def _owner(token: Token, anchor_of: dict[int, Candidate]) -> Candidate | None:
    current = token
    for _ in range(12):
        if current.i in anchor_of:
            return anchor_of[current.i]
        if current.head.i == current.i:
            return None
        current = current.head
    return None
