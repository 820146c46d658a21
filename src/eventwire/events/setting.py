"""Setting: an event's place and time from the toponyms and time expressions attached to it in the
parse (its own phrases, then related triggers and the clauses above it, then proximity in the
sentence), minus datelines and toponyms that name a doer, an origin or a country's people; second
references ("east of the city") take up the place they repeat, and a sentence with no setting of its
own continues the narrative's (``Narrative``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from eventwire import config
from eventwire.dates import _paragraph_starts
from eventwire.errors import DataError
from eventwire.events.arguments import Arguments
from eventwire.events.candidates import CLAUSE_DEPS, Candidate, _governors, _misparsed_verb
from eventwire.lexicon import attribution_cues
from eventwire.model import ActorMention, DateInterval, PlaceMention, Span
from eventwire.nlp import text_of
from eventwire.places.gazetteer import place_cues


def choose_event_place(doc: Doc, trigger: Span, places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place a sentence says an event (given by its trigger span) happened in, or None.

    Syntax first: a toponym in a locative role in the trigger's own phrases, then in the phrases of
    the clauses governing it ("exploded near the market in X, killing ..."), then of the verbs it is
    coordinated with ("was shot and killed in X"); then the nearest toponym of the sentence in a locative role. A toponym that
    names a doer ("Ankara has been targeting"), a modifier ("U.S. planes", "a Kabul-based group") or
    an origin ("refugees from X") is no place of the event.
    """
    token = next((t for t in doc if t.idx <= trigger.start < t.idx + max(len(t.text), 1)), None)
    if token is None:
        return None
    place_at = _index_mentions(doc, places)
    roots = [token, token.head] if _misparsed_verb(token) else [token]
    own = [p for root in roots for p in _attached_places(root, place_at, set())]
    if own:
        return own[0]
    described = _described_place(token, place_at)
    if described is not None:
        return described
    for other in [*_setting_governors(token), *_coordinated_verbs(token)]:
        found = _attached_places(other, place_at, {token.i})
        if found:
            return found[0]
    for modifiers in (False, True):
        nearest = _nearest_unclaimed(token, token.sent, place_at, {}, tiebreak=lambda p: p.precision,
                                     located=True, modifiers=modifiers)
        if nearest:
            return nearest[0]
    return None


def _coordinated_verbs(token: Token) -> list[Token]:
    """Verbs coordinated after a trigger, which share its setting: "was shot and killed in X"."""
    speech = attribution_cues().speech_verbs
    return [c for c in token.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and c.lemma_.lower() not in speech]


def _described_place(token: Token, place_at: dict[int, PlaceMention]) -> PlaceMention | None:
    """The place a participle or relative clause describes: "the two cities destroyed by the
    bombs", "the Sudan plant destroyed in the attack", "Jezzine, which was shelled"."""
    if token.dep_ not in {"acl", "relcl"}:
        return None
    head = token.head
    while head.dep_ == "appos" and head.head.i != head.i and head.i not in place_at:
        head = head.head
    named = [head, *(c for c in head.children if c.dep_ in {"compound", "poss", "appos"})]
    return next((place_at[t.i] for t in named if t.i in place_at), None)


def _setting_governors(token: Token) -> list[Token]:
    """Verbs and event nouns whose setting a trigger shares: the clauses above it up to a reporting
    verb (which starts a new frame: "said in Geneva" is not where the event was), and the verb it is
    coordinated with."""
    speech = attribution_cues().speech_verbs
    found = [g for g in _governors(token) if g.pos_ in {"VERB", "AUX", "NOUN"}
             and not (g.pos_ in {"VERB", "AUX"} and g.lemma_.lower() in speech)]
    if token.dep_ == "conj" and token.head.pos_ in {"VERB", "AUX"} and token.head.lemma_.lower() not in speech:
        found.append(token.head)
    return found


def _attached(token: Token, items_at: dict[int, object], stop: set[int] | None = None) -> list:
    """Mentions (places or times) in a token's own phrases, nearest in the text first.

    Does not descend into other triggers (``stop``) nor into clauses with a verb of their own:
    in "violated the truce one day after it was announced in Turkey" Turkey belongs to "announced".
    """
    found = _walk(token, items_at, stop or set())
    found.sort(key=lambda hit: hit[1])
    return [hit[3] for hit in found]


def _attached_places(token: Token, place_at: dict[int, PlaceMention], stop: set[int],
                     said: bool = False) -> list[PlaceMention]:
    """Toponyms in a locative role in a token's own phrases, best first: the most precise, then the
    nearest in the text ("In the Gaza Strip, a boy was shot near the town of Khan Yunis": the town).
    ``said``: the trigger is something said or agreed, whose content ("agreed to monitor a ceasefire in
    eastern Congo", "threatened to strike Beirut") is no place where it was said."""
    found = [hit for hit in _walk(token, place_at, stop, said) if _locative(hit[2], hit[3])]
    fineness = _fineness([hit[3] for hit in found])
    found.sort(key=lambda hit: (fineness[id(hit[3])], _whole_division(hit[3]), hit[1]))
    return [hit[3] for hit in found]


def _walk(token: Token, items_at: dict[int, object], stop: set[int],
          said: bool = False) -> list[tuple[int, int, Token, object]]:
    """(tree hops, text distance, the mention's highest token, mention) for each mention in the
    token's own phrases, not in other triggers (``stop``) nor in clauses with a verb of their own
    (with ``said``, nor in the verb's open complement: "agreed to set up ...")."""
    found: dict[int, tuple[int, int, Token, object]] = {}
    frontier = [(token, 0)]
    while frontier:
        current, hops = frontier.pop()
        item = items_at.get(current.i)
        if item is not None:
            if id(item) not in found:
                found[id(item)] = (hops, abs(current.i - token.i), current, item)
            continue
        for child in _children(current):
            if child.i in stop:
                continue
            if child.pos_ in {"VERB", "AUX"} and child.dep_ in CLAUSE_DEPS and child.i != token.i:
                continue
            if said and child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
                continue
            frontier.append((child, hops + 1))
    return list(found.values())


def _children(token: Token) -> list[Token]:
    """A token's dependents, with late closure: a phrase that the parser hung on this token but that
    directly follows a clause of it belongs to that clause ("besieging the point after it surrounded
    the first point in Morek last summer": Morek and the summer are the surrounding's)."""
    taken = {t.i for c in token.children if c.pos_ in {"VERB", "AUX"} and c.dep_ in CLAUSE_DEPS
             for t in _adopted(c)}
    return [c for c in token.children if c.i not in taken] + _adopted(token)


def _adopted(clause: Token) -> list[Token]:
    """Prepositional and bare-noun phrases right after a subordinate clause (no comma between) that
    the parser attached to the clause's head."""
    if clause.pos_ not in {"VERB", "AUX"} or clause.dep_ not in {"advcl", "relcl", "acl", "ccomp"}:
        return []
    adopted: list[Token] = []
    edge = clause.right_edge.i
    for sibling in clause.head.rights:
        if sibling.i > clause.i and sibling.dep_ in {"prep", "npadvmod"} and sibling.left_edge.i == edge + 1:
            adopted.append(sibling)
            edge = sibling.right_edge.i
    return adopted


def _fineness(mentions: Sequence[PlaceMention]) -> dict[int, float]:
    """Each mention's precision code; a place the text puts inside another of these mentions ("the
    Sayidda Zaynab district of Damascus", placed at Damascus) comes half a step before it."""
    by_place = {m.place.id: m.precision for m in mentions if m.place is not None}
    out = {}
    for m in mentions:
        container = m.place.id.split("#in:")[0] if m.place is not None and "#in:" in m.place.id else None
        out[id(m)] = min(m.precision, by_place.get(container, 9) - 0.5) if container else m.precision
    return out


def _whole_division(mention: PlaceMention) -> bool:
    """A first-level division named as such: of two places known only to the division, the other
    is the finer ("in Duk County of Jonglei State": the county, placed in its state)."""
    return mention.place is not None and mention.place.feature == "admin1"


# Dependencies by which a toponym modifies a noun ("U.S. planes", "a Kabul hospital"); a possessive
# ("Kabul's streets", "Iraq's northern skies") keeps the role of its noun phrase.
_MODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod", "nummod"}


def _locative(token: Token, mention: PlaceMention, modifiers: bool = False) -> bool:
    """Whether a toponym (its highest token) can be where something happened: not the doer ("Ankara
    has been targeting", "shelled by Israel"), not an origin ("a boy from Assira", "a Kabul-based
    group"), not a country modifying a noun that is no area ("U.S. planes", "near a U.S. patrol").
    ``modifiers``: a last resort that also takes a finer place modifying the doer ("the Basra
    protesters marched")."""
    area = _area_words()
    country = mention.precision >= 4 or (mention.place is not None and mention.place.resolution <= 1)
    modifier = False
    head = token
    for _ in range(12):
        if head.lemma_.lower() == "base" and head is not token:
            return False  # "Kabul-based"
        if head.dep_ in {"appos", "conj", "flat", "poss"} and head.head.i != head.i:
            head = head.head
        elif head.dep_ in _MODIFIER_DEPS and head.head.i != head.i:
            modifier = modifier or head.head.lemma_.lower() not in area
            head = head.head
        elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in {"NOUN", "PROPN"}:
            head = head.head.head  # "the town of X", "the heart of X": the phrase's role decides
        else:
            break
    if modifier and country:
        return False
    if modifier and modifiers:
        # a town's name before a noun is where ("the Basra protesters"); a province's is mostly
        # whose ("the Chihuahua state government")
        return mention.place is not None and mention.place.resolution >= 3 and not _in_organisation_name(token, mention)
    if head.dep_ in {"nsubj", "csubj", "expl"}:
        return head is not token and not modifier and head.lemma_.lower() in area  # "the town of X saw clashes"
    if head.dep_ == "pobj":
        preposition = head.head
        if preposition.dep_ == "agent":
            return False
        if preposition.lower_ == "from" and preposition.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return False  # an origin: "refugees from X"
    return True


def _in_organisation_name(token: Token, mention: PlaceMention) -> bool:
    """"the Chihuahua state government", "Liwaa Suqour Al-Sahra": a toponym inside a longer name of
    an organisation (by NER, which also calls many facilities organisations: a last resort only)."""
    if token.ent_type_ != "ORG":
        return False
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return entity is not None and (entity.start_char < mention.span.start or entity.end_char > mention.span.end)


@lru_cache(maxsize=1)
def _area_words() -> frozenset[str]:
    """Nouns that name an area ("town", "countryside", "outskirts"): the places stage's strong cues."""
    return frozenset(w for w in place_cues()["strong_cues"] if " " not in w)


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
    meeting in Istanbul last Wednesday"), then the other clauses above it (see ``choose_event_place``),
    then the nearest ones in the sentence that no other event holds."""
    roots = [candidate.token, *candidate.carriers]
    if _misparsed_verb(candidate.token):
        roots.append(candidate.token.head)

    said = candidate.trigger.type in SAYING_TYPES

    def places_of(token: Token) -> list[PlaceMention]:
        return [p for p in _attached_places(token, place_at, stop - {token.i}, said) if not _is_argument_place(p, args)]

    own_places = [p for root in roots for p in places_of(root)]
    own_dates = [d for root in roots for d in _attached(root, date_at, stop - {root.i})]
    # "met in Moscow on Thursday and agreed on a ceasefire": a coordinated verb shares the first one's setting
    first_conjunct = anchor_of.get(candidate.token.head.i) if candidate.token.dep_ == "conj" else None
    related = [c for c in (_governing_candidate(candidate, anchor_of), first_conjunct) if c is not None]
    for other in related + _dependent_candidates(candidate, anchor_of):
        if not own_places and other is not candidate:
            own_places = _shared_setting(places_of(other.token), place_at, text_of(sentence.doc))
    for other in related + _dependent_candidates(candidate, anchor_of, sequence=False):
        if not own_dates and other is not candidate:
            own_dates = _attached(other.token, date_at, stop - {other.token.i})[:1]
    if not own_places:
        described = _described_place(candidate.token, place_at)
        own_places = [described] if described is not None and not _is_argument_place(described, args) else []
    for governor in _setting_governors(candidate.token):
        if own_places:
            break
        if governor.i not in anchor_of:
            own_places = places_of(governor)[:1]
    # nor does proximity reach into what was said ("agreed to monitor a ceasefire in eastern Congo")
    content = {t.i for root in roots for c in root.children if said and c.dep_ == "xcomp" for t in c.subtree}
    nearby = {i: p for i, p in place_at.items() if i not in content}
    for modifiers in (False, True):
        if not own_places:
            own_places = _nearest_unclaimed(
                candidate.token, sentence, nearby, anchor_of,
                usable=lambda p: p.precision < 4 and not _is_argument_place(p, args), tiebreak=lambda p: p.precision,
                located=True, modifiers=modifiers)
    if not own_dates:
        # a relative clause dates what it describes ("a school that had been closed since the autumn")
        clauses = [c for c in sentence if c.dep_ in {"relcl", "acl"} and c.pos_ in {"VERB", "AUX"}
                   and not c.left_edge.i <= candidate.token.i <= c.right_edge.i]
        described = {t.i for clause in clauses for t in clause.subtree}
        own_dates = _nearest_unclaimed(candidate.token, sentence,
                                       {i: d for i, d in date_at.items() if i not in described}, anchor_of)
    return own_places, own_dates


def _shared_setting(places: Sequence[PlaceMention], place_at: dict[int, PlaceMention], text: str) -> list[PlaceMention]:
    """The place an event shares with a related one (best first in ``places``): its place, or, when
    that event happened at a list of spots in a wider area, the area ("opened crossings in A, B and
    C in the countryside of X, and provided aid to the population": the aid went to the countryside
    of X, not to A)."""
    if not places or places[0].precision > 2:
        return list(places[:1])
    first = places[0]
    mentions = sorted({id(p): p for p in place_at.values()}.values(), key=lambda p: p.span.start)
    listed = any(other.precision <= 2 and other.span.start >= first.span.end
                 and text[first.span.end:other.span.start].strip(" ,\u201c\u201d\"").lower() in {"", "and", "or"}
                 for other in mentions)
    areas = [p for p in places if p.precision == 3 and p.place is not None and first.place is not None
             and first.place.country_code == p.place.country_code]
    return areas[:1] if listed and areas else [first]


def _dependent_candidates(candidate: Candidate, anchor_of: dict[int, Candidate],
                          sequence: bool = True) -> list[Candidate]:
    """Triggers in this trigger's own phrases, coordinated with it or in its adverbial clauses
    ("agreed upon after a meeting", "shelled A and struck B on Monday", "killed 23 when they blew
    themselves up in Tel Aviv"); without ``sequence``, not those in a clause that says it came
    before or after ("besieged the post after it surrounded another one last summer"): a time
    of its own."""
    found: list[Candidate] = []
    frontier = list(candidate.token.children)
    while frontier:
        token = frontier.pop()
        other = anchor_of.get(token.i)
        if token.pos_ in {"VERB", "AUX"} and token.dep_ in CLAUSE_DEPS:
            adverbial = token.dep_ == "advcl" and (sequence or not any(
                c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS for c in token.children))
            if other is None or token.dep_ not in {"conj"} and not adverbial:
                continue
        if other is not None and other is not candidate:
            if other not in found:
                found.append(other)
            continue
        frontier.extend(token.children)
    return found


# Events that are something said, asked or agreed: what they are about happens elsewhere.
SAYING_TYPES = {"AGREE", "CONSULT", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SUPPORT"}

# Conjunctions of a clause whose event happened at another time than the main one.
SEQUENCE_MARKS = {"after", "before", "since", "until", "till", "once"}


def anaphoric_places(doc: Doc, places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Second references: "east of the city", "in the town" (a definite area noun with no name of
    its own, in a phrase) take up the last place of that kind named before it in the article."""
    kinds_of = _anaphors()
    named = sorted((p for p in places if p.place is not None), key=lambda p: p.span.start)
    found: list[PlaceMention] = []
    for token in doc:
        kinds = kinds_of.get(token.lower_)
        if not kinds or token.dep_ not in {"pobj", "dobj"}:
            continue
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or any(
            c.dep_ in {"compound", "amod", "prep", "poss", "nummod", "appos", "acl", "relcl"} for c in children
        ):
            continue  # "the city of X", "the northern town", "the town where ...": not a bare second reference
        start = min(c.idx for c in children if c.dep_ == "det")
        before = [p for p in named if p.span.end <= start and p.place.feature in kinds]
        if before and not any(p.span.start < token.idx + len(token.text) and start < p.span.end for p in places):
            antecedent = before[-1]
            found.append(replace(antecedent, span=Span.of(text_of(doc), start, token.idx + len(token.text)), cue="the"))
    return found


@lru_cache(maxsize=1)
def _anaphors() -> dict[str, frozenset[str]]:
    path = config.DATA_DIR / "place_anaphors.yaml"
    try:
        raw = config.yaml_load(path.read_text(encoding="utf-8"))
        return {str(noun).lower(): frozenset(features) for noun, features in raw.items()}
    except (OSError, yaml.YAMLError, AttributeError, TypeError) as exc:
        raise DataError(str(path), f"cannot read the place anaphors: {exc}") from exc


class Narrative:
    """The setting the text has just established. An event whose sentence gives it no place happened
    where the previous sentence's events did ("Zelensky met Kallas in Kyiv. Kallas promised more
    aid": Kyiv); one with no time of its own, when the paragraph's last dated event did ("... on
    Monday. Kallas promised more aid": Monday). A place carries over one sentence only (later
    sentences turn to reactions and background), a time to the end of the paragraph; the
    publication date stays the fallback for what the text never dates."""

    def __init__(self, text: str) -> None:
        self._starts = _paragraph_starts(text)
        self._paragraph = -1
        self._named: PlaceMention | None = None  # the place the current sentence's events named
        self.place: PlaceMention | None = None
        self.date: DateInterval | None = None

    def enter(self, sentence) -> None:
        paragraph = bisect.bisect_right(self._starts, sentence.start_char)
        if paragraph != self._paragraph:
            self._paragraph, self._named, self.date = paragraph, None, None
        self.place, self._named = self._named, None

    def record(self, own_place: PlaceMention | None, date: DateInterval | None) -> None:
        """An event of the current sentence, with the place its sentence gave it (not one carried over)."""
        if own_place is not None:
            self._named = own_place
        if date is not None and not date.fallback:
            self.date = date


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
                       tiebreak: Callable[[Any], int] = lambda item: 0, located: bool = False,
                       modifiers: bool = False) -> list:
    """Proximity fallback: the nearest place or time of the sentence that no other trigger's phrase
    holds; with ``located``, only toponyms in a locative role (see ``_locative`` for ``modifiers``)
    and not where a speaker spoke."""
    options: list[tuple[int, int, Any]] = []
    for i in range(sentence.start, sentence.end):
        item = items_at.get(i)
        if item is None or not usable(item):
            continue
        owner = _owner(token.doc[i], anchor_of)
        if owner is not None and owner.token.i != token.i:
            continue
        if located:
            highest = _highest(token.doc[i], items_at)
            if not _locative(highest, item, modifiers) or _where_spoken(highest):
                continue
        options.append((abs(i - token.i), tiebreak(item), item))
    options.sort(key=lambda option: option[:2])
    return [options[0][2]] if options else []


def _highest(token: Token, items_at: dict[int, Any]) -> Token:
    """The token of a mention whose head lies outside it."""
    item = items_at.get(token.i)
    for _ in range(12):
        if token.head.i == token.i or items_at.get(token.head.i) is not item:
            return token
        token = token.head
    return token


def _where_spoken(token: Token) -> bool:
    """"said in Moscow", "told reporters in Geneva": where a statement was made, not the event."""
    speech = attribution_cues().speech_verbs
    head = token
    while head.dep_ in _MODIFIER_DEPS | {"appos", "conj", "flat", "poss"} and head.head.i != head.i:
        head = head.head
    if head.dep_ != "pobj" or head.head.lower_ not in {"in", "at"}:
        return False
    attached = head.head.head
    if attached.dep_ in {"dobj", "dative"}:
        attached = attached.head
    return attached.pos_ in {"VERB", "AUX"} and attached.lemma_.lower() in speech


def _owner(token: Token, anchor_of: dict[int, Candidate]) -> Candidate | None:
    current = token
    for _ in range(12):
        if current.i in anchor_of:
            return anchor_of[current.i]
        if current.head.i == current.i:
            return None
        current = _parent(current)
    return None


def _parent(token: Token) -> Token:
    """A token's head, or the clause that adopts it (see ``_children``)."""
    if token.dep_ in {"prep", "npadvmod"}:
        for sibling in token.head.children:
            if sibling.i < token.i and sibling.pos_ in {"VERB", "AUX"} and token in _adopted(sibling):
                return sibling
    return token.head
