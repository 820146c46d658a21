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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.attribution import AttributionRelation, relations_for
from eventwire.lexicon import Trigger, attribution_cues, named_thing_words, triggers
from eventwire.modality import modality_class, modality_of
from eventwire.model import (
    Actor,
    ActorMention,
    Article,
    Attribution,
    DateInterval,
    Event,
    Evidence,
    PlaceMention,
    Size,
    Span,
)
from eventwire.sizes import SizeMention, find_sizes

# Verbs that carry a nominal trigger: "a meeting took place", "held talks", "fighting broke out".
LIGHT_VERBS = {
    "take", "hold", "happen", "occur", "begin", "continue", "resume", "end", "start", "break", "erupt",
    "intensify", "conduct", "carry", "launch", "stage", "attend", "follow", "come", "last", "see", "witness",
    "organize", "organise", "host", "be", "reach", "sign", "announce", "report",
}
# Verbal interaction needs a participant; material events can stand with a place alone
# ("one of its positions had been hit by shellfire").
TALK_TYPES = {"AGREE", "CONSULT", "REJECT", "COOPERATE"}
NEEDS_PARTICIPANT = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
                     "THREATEN"}
SYMMETRIC_LEMMAS = {"meet", "meeting", "talk", "talks", "negotiate", "negotiation", "summit", "consult", "discuss",
                    "clash", "fighting", "fight", "battle", "exchange", "swap", "cooperate", "cooperation", "agree",
                    "agreement", "deal", "ceasefire", "truce"}
# Dependency links along which a trigger is part of the clause of another trigger.
CLIMB_DEPS = {"xcomp", "ccomp", "acl", "relcl", "advcl", "pcomp", "prep", "pobj", "dobj", "nsubjpass", "nsubj",
              "appos", "npadvmod", "attr", "oprd", "agent"}
ACTOR_PREPS_NOMINAL = {"between", "by", "of", "among"}
RECIPIENT_PREPS = {"against", "on", "upon", "at", "toward", "towards", "with", "for", "to", "over"}
PRONOUNS = {"it", "they", "he", "she", "which", "who", "that", "its", "their", "his", "her", "them", "we"}
INSTRUMENT_MODES = {
    "aerial": {"warplane", "jet", "aircraft", "airstrike", "air", "helicopter", "plane", "bomber"},
    "drone": {"drone", "uav"},
    "heavy-weapons": {"missile", "rocket", "artillery", "shell", "mortar", "shellfire", "tank", "barrel"},
}
CASUALTY_TYPES = {"dead": {"ASSAULT"}, "injured": {"ASSAULT"}, "arrested": {"COERCE"},
                  "displaced": {"SANCTION", "RETREAT", "ASSAULT"}}


@dataclass
class Candidate:
    """A trigger found in a sentence, before its arguments are read."""

    token: Token
    trigger: Trigger
    carriers: list[Token] = field(default_factory=list)  # light verbs carrying a nominal trigger


# --- trigger matching ----------------------------------------------------------------------------


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            lemmas.add(child.lemma_.lower())
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in {"compound", "amod"})
        if child.dep_ == "prep":
            # "fire at", "agreed upon" (passive with a stranded preposition)
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    if token.dep_ in {"acl", "relcl"}:  # "the ceasefire agreed by both sides"
        lemmas.add(token.head.lemma_.lower())
    return lemmas


def _matches(token: Token, trigger: Trigger) -> bool:
    if trigger.object and not (_object_lemmas(token) & trigger.object):
        return False
    if trigger.particle and not any(c.dep_ == "prt" and c.lower_ == trigger.particle for c in token.children):
        return False
    if trigger.prep and not any(c.dep_ in {"prep", "prt"} and c.lower_ in trigger.prep for c in token.children):
        return False
    if trigger.compound:
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in {"compound", "amod", "nmod"}}
        if not modifiers & trigger.compound:
            return False
    return True


def _trigger_pos(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower):
        return "NOUN"
    return None


def find_candidates(sentence: Iterable[Token], blocked: set[int]) -> list[Candidate]:
    """Trigger candidates of a sentence, skipping tokens inside actor or place names."""
    table = triggers()
    found: list[Candidate] = []
    for token in sentence:
        if token.i in blocked:
            continue
        pos = _trigger_pos(token)
        if pos is None:
            continue
        # "agreed-upon area", "the ceasefire talks": a modifier is not an event of its own.
        if token.dep_ in {"amod", "compound", "nmod"} and not _misparsed_verb(token):
            continue
        for trigger in table.get((token.lemma_.lower(), pos), ()):
            if _matches(token, trigger):
                found.append(Candidate(token, trigger))
                break
    return found


# --- structure helpers ---------------------------------------------------------------------------


def _carriers(token: Token) -> list[Token]:
    """Light verbs that carry a nominal trigger: "a meeting took place", "held talks"."""
    head = token.head
    carriers: list[Token] = []
    if token.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and head.pos_ in {"VERB", "AUX"}:
        if head.lemma_.lower() in LIGHT_VERBS:
            carriers.append(head)
    return carriers


def _governors(token: Token, limit: int = 6) -> Iterable[Token]:
    """The tokens above a trigger within its clause chain, nearest first; stops at coordination and
    at reporting verbs, which start a new frame."""
    speech = attribution_cues().speech_verbs
    current = token
    for _ in range(limit):
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            return
        current = current.head
        yield current
        if current.pos_ in {"VERB", "AUX"} and current.lemma_.lower() in speech:
            return


def _has_support(candidate: Candidate, actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention],
                 date_at: dict[int, DateInterval]) -> bool:
    """A nominal trigger is an event only with a light verb, its own participant, place or time."""
    if candidate.carriers:
        return True
    token = candidate.token
    for child in token.children:
        if child.dep_ == "poss" and child.i in actor_at:
            return True
        if child.dep_ in {"amod", "compound", "nmod"} and child.i in actor_at:
            return True
        if child.dep_ == "nummod":
            return True
        if child.dep_ == "prep":
            for sub in child.subtree:
                if sub.i in actor_at or sub.i in place_at or sub.i in date_at:
                    return True
        if child.dep_ in {"npadvmod", "acl", "relcl"} and any(s.i in date_at for s in child.subtree):
            return True
    return False


# --- arguments ---------------------------------------------------------------------------------


def _mentions_in(token: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors an argument phrase names: its head (and conjuncts, appositions), else any inside it."""
    heads = [token, *token.conjuncts]
    picked: list[ActorMention] = []
    for head in heads:
        mention = actor_at.get(head.i)
        if mention:
            picked.append(mention)
        for child in head.children:
            if child.dep_ == "appos":
                for sub in child.subtree:
                    if sub.i in actor_at:
                        picked.append(actor_at[sub.i])
                        break
            modifier = actor_at.get(child.i) if child.dep_ in {"compound", "amod", "poss", "nmod"} else None
            # "Saudi and U.S. mediators": a modifier outside the head's own mention is another party
            if modifier is not None and (mention is None or not modifier.span.overlaps(mention.span)):
                picked.append(modifier)
                for conjunct in child.conjuncts:
                    if conjunct.i in actor_at:
                        picked.append(actor_at[conjunct.i])
    if not picked:
        # "the head of Turkish intelligence": look one "of" phrase down, not into every clause and
        # prepositional phrase of a long noun phrase
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        picked.extend(_mentions_in(pobj, actor_at))
    unique: dict[tuple[int, int], ActorMention] = {}
    for mention in picked:
        unique.setdefault((mention.span.start, mention.span.end), mention)
    return list(unique.values())


def _all_mentions_in(token: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Every actor inside a phrase, except in its relative clauses: "between the head of X, A, and B"."""
    banned = {s.i for child in token.children if child.dep_ in {"relcl", "acl"} for s in child.subtree}
    found: list[ActorMention] = []
    for sub in token.subtree:
        mention = actor_at.get(sub.i)
        if mention is not None and sub.i not in banned and mention not in found:
            found.append(mention)
    return found


def _between_sides(pobj: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Both sides of "between A and B", also when the parser cut B off ("between A, and his counterpart B")."""
    sides = _all_mentions_in(pobj, actor_at)
    doc = pobj.doc
    after = pobj.right_edge.i + 1
    # a mention may run past the phrase the parser gave ("the head of the Office, “Ali Mamlouk”")
    while after < len(doc) and (after in actor_at and actor_at[after] in sides or doc[after].is_punct):
        after += 1
    while after < len(doc) and doc[after].is_punct:
        after += 1
    if len(sides) < 2 and after < len(doc) and doc[after].lower_ == "and":
        for token in doc[after + 1 : after + 8]:
            mention = actor_at.get(token.i)
            if mention is not None:
                if mention not in sides:
                    sides.append(mention)
                break
            if token.is_sent_end:
                break
    return sides


def _between_phrases(token: Token, stop: set[int]) -> list[Token]:
    """"between X and Y" anywhere in a nominal trigger's phrase (the parser often attaches it late)."""
    found: list[Token] = []
    frontier = [token]
    while frontier:
        current = frontier.pop()
        for child in current.children:
            if child.i in stop:
                continue
            if child.dep_ == "prep" and child.lower_ == "between":
                found.extend(g for g in child.children if g.dep_ == "pobj")
            elif not (child.pos_ in {"VERB", "AUX"} and child.dep_ in CLAUSE_DEPS):
                frontier.append(child)
    return found


def _resolve_pronoun(token: Token, actor_at: dict[int, ActorMention], governing_actors: list[ActorMention],
                     previous_subject: list[ActorMention]) -> list[ActorMention]:
    """"it", "they", "which", "its": the head noun of a relative clause; else the actor of the
    governing event ("besieging ... after it surrounded"); else the subject of a governing clause
    ("the army said it had struck"); else the main actor of the previous sentence."""
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "relcl":
        return _mentions_in(token.head.head, actor_at)
    if governing_actors:
        return list(governing_actors)
    for governor in list(token.head.ancestors)[:5]:
        for child in governor.children:
            if child.dep_ == "nsubj" and child.lower_ not in PRONOUNS and child.i != token.i:
                found = _mentions_in(child, actor_at)
                if found:
                    return found
    return list(previous_subject)


PARTY_NOUNS = {"country", "side", "nation", "party", "government", "state"}


def _parties_referred(token: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """"the two countries", "both sides": the last two distinct countries named before."""
    if token.lemma_.lower() not in PARTY_NOUNS or token.tag_ not in {"NNS", "NNPS"}:
        return []
    if not any(c.lower_ in {"two", "both"} for c in token.children):
        return []
    found: list[ActorMention] = []
    codes: set[str] = set()
    for index in range(token.i - 1, -1, -1):
        mention = actor_at.get(index)
        if mention and mention.actor.known and mention.actor.code and mention.actor.code != "IGO" and (
            mention.actor.code not in codes
        ):
            codes.add(mention.actor.code)
            found.append(mention)
            if len(found) == 2:
                break
    return found if len(found) == 2 else []


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, inherited through participles, coordination and control verbs."""
    current = token
    for _ in range(4):
        # the subject nearest the verb: "KYIV, Jan 9 — Russia struck" has the dateline as a second one
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            nearest = min(subjects, key=lambda c: abs(c.i - current.i))
            return nearest, nearest.dep_ == "nsubjpass"
        if current.dep_ == "relcl":
            return current.head, False
        if current.dep_ not in {"xcomp", "advcl", "conj", "pcomp", "acl"} or current.head.i == current.i:
            return None, False
        current = current.head
    return None, False


@dataclass
class Arguments:
    actors: list[ActorMention]
    recipients: list[ActorMention]


def read_arguments(candidate: Candidate, actor_at: dict[int, ActorMention], governing_actors: list[ActorMention],
                   previous_subject: list[ActorMention], stop: set[int] | None = None) -> Arguments:
    """Actors and recipients of a trigger from its subject, objects and prepositions.

    ``governing_actors`` (of the event whose clause holds this one) and ``previous_subject`` (of the
    previous sentence) stand in for pronouns.
    """
    token = candidate.token
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []

    def add(target: list[ActorMention], argument: Token) -> None:
        if argument.lower_ in PRONOUNS and argument.i not in actor_at:
            target.extend(_resolve_pronoun(argument, actor_at, governing_actors, previous_subject))
            return
        found = _mentions_in(argument, actor_at)
        if not found:
            found = _parties_referred(argument, actor_at)
        if not found:
            # "one of its positions": the owner named by a possessive pronoun
            owner = next((t for t in argument.subtree if t.dep_ == "poss" and t.lower_ in PRONOUNS), None)
            if owner is not None:
                found = _resolve_pronoun(owner, actor_at, governing_actors, previous_subject)
        target.extend(found)

    if candidate.trigger.pos == "VERB" and _misparsed_verb(token):
        head = token.head
        recipients.extend(actor_at[c.i] for c in [head, *head.children] if c.i in actor_at and c.i != token.i)
        for governor in head.ancestors:
            subjects = [c for c in governor.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
            if subjects:
                add(actors, subjects[0])
                break
    elif candidate.trigger.pos == "VERB":
        subject, passive = _subject(token)
        if subject is not None and passive and subject.head.i == token.i:
            # "the situation in Idlib ... be discussed": a passive subject of talk is its topic
            if candidate.trigger.type not in NEEDS_PARTICIPANT:
                add(recipients, subject)
        elif subject is not None:
            add(actors, subject)
        for child in token.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        add(actors, pobj)
            elif child.dep_ in {"dobj", "dative"}:
                add(recipients, child)
            elif child.dep_ == "prep" and child.lower_ == "between":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        actors.extend(_between_sides(pobj, actor_at))
            elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        target = actors if child.lower_ in {"with", "between"} else recipients
                        before = len(target)
                        add(target, pobj)
                        del target[before + 2:]
        # "asked Western allies to send": the addressee of a request is the complement's subject
        if candidate.trigger.type == "REQUEST":
            for child in token.children:
                if child.dep_ in {"xcomp", "ccomp"}:
                    for grand in child.children:
                        if grand.dep_ == "nsubj" and grand.lower_ not in PRONOUNS:
                            add(recipients, grand)
        # "struck ..., killing three fighters": casualties are the attack's recipients
        if candidate.trigger.type == "ASSAULT":
            for child in token.children:
                if child.dep_ in {"advcl", "conj"} and child.lemma_.lower() in {"kill", "wound", "injure"}:
                    for grand in child.children:
                        if grand.dep_ == "dobj":
                            add(recipients, grand)
    else:
        for child in token.children:
            if child.dep_ == "poss":
                add(actors, child)
            elif child.dep_ in {"amod", "compound", "nmod"} and child.i in actor_at:
                actors.append(actor_at[child.i])
        for holder in [token, *candidate.carriers]:
            for child in holder.children:
                if child.dep_ != "prep":
                    continue
                preposition = child.lower_
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if preposition in {"between", "among"}:
                        actors.extend(_between_sides(pobj, actor_at))
                    elif preposition == "by":
                        add(actors, pobj)
                    elif preposition == "of" and candidate.trigger.type in {"CONSULT", "AGREE", "COOPERATE",
                                                                            "PROTEST", "MOBILIZE"}:
                        add(actors, pobj)
                    elif preposition in RECIPIENT_PREPS | {"of"}:
                        target = actors if preposition == "with" and candidate.trigger.type == "CONSULT" else recipients
                        add(target, pobj)
                # "demand for the Turkish side to withdraw"
                for pcomp in child.children:
                    if pcomp.dep_ in {"pcomp", "acl", "relcl", "ccomp"}:
                        for grand in pcomp.children:
                            if grand.dep_ == "nsubj":
                                add(recipients, grand)
        for pobj in _between_phrases(token, (stop or set()) - {token.i}):
            actors.extend(_between_sides(pobj, actor_at))
        if not actors and token.lemma_.lower() in SYMMETRIC_LEMMAS:
            # "agreed upon after a meeting ..., between Putin and Erdogan": the parser hangs the
            # participants on the verb above the meeting
            verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
            if verb is not None:
                for child in verb.children:
                    if child.dep_ == "prep" and child.lower_ == "between":
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                actors.extend(_between_sides(pobj, actor_at))
        for carrier in candidate.carriers:
            if token.dep_ in {"dobj", "attr"}:
                subject, _ = _subject(carrier)
                if subject is not None:
                    add(actors, subject)
    return Arguments(_unique(actors), [m for m in _unique(recipients) if m not in actors])


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    kept: list[ActorMention] = []
    for mention in mentions:
        key = mention.actor.id
        if key in seen:
            continue
        seen.add(key)
        kept.append(mention)
    return kept


# --- places and times ------------------------------------------------------------------------


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


CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "acl", "csubj", "parataxis", "conj"}


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


# --- the stage ----------------------------------------------------------------------------------


def _event_id(article_id: str, trigger: Token, event_type: str) -> str:
    digest = hashlib.sha256(f"{article_id}:{trigger.idx}:{event_type}".encode()).hexdigest()[:12]
    return f"{article_id}-{digest}"


def _title_end(article: Article) -> int:
    """End offset of a headline line (short first line followed by a blank line), else 0."""
    first, sep, rest = article.text.partition("\n")
    if sep and len(first.split()) < 25 and rest.startswith("\n"):
        return len(first)
    return 0


def _focus_country(actors: Sequence[ActorMention]) -> str | None:
    codes = Counter(m.actor.code for m in actors if m.actor.code and m.actor.code != "IGO" and m.actor.known)
    return codes.most_common(1)[0][0] if codes else None


def _with_country(mention: ActorMention, country: str | None) -> ActorMention:
    """Sector-only actors ("residents", "the army") take the country the sentence or article is about."""
    actor = mention.actor
    if actor.code or not country or actor.sector in {"IGO", "NGO"}:
        return mention
    filled = Actor(id=f"{actor.id}:{country}", name=f"{actor.name} ({country})", code=country,
                   sector=actor.sector, wikidata=actor.wikidata, kind=actor.kind, known=actor.known)
    return ActorMention(span=mention.span, actor=filled, via=mention.via + "+context")


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


def _repeats(event: Event, earlier: Sequence[Event]) -> bool:
    """The same event mentioned again in the article ("the Putin Erdogan summit" after "a meeting
    between Putin and Erdogan"): same type, the same known actors, no conflicting modality."""
    if event.event not in {"CONSULT", "AGREE"}:
        return False  # attacks between the same parties are usually different attacks
    ids = {m.actor.id for m in (*event.actors, *event.recipients) if m.actor.known}
    if len(ids) < 2:
        return False
    for other in earlier:
        if other.event != event.event or modality_class(other.modality) != modality_class(event.modality):
            continue
        if event.date and other.date and not event.date.fallback and not other.date.fallback and (
            event.date.end < other.date.start or other.date.end < event.date.start
        ):
            continue
        other_ids = {m.actor.id for m in (*other.actors, *other.recipients) if m.actor.known}
        if ids == other_ids:
            return True
    return False


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


def _plausible_actors(doc: Doc, actors: Sequence[ActorMention], place_at: dict[int, PlaceMention]) -> list[ActorMention]:
    """Drop NER guesses that are places ("Abu Al Thahur") or names of things ("the Turkish Stream project")."""
    kept: list[ActorMention] = []
    named_things = named_thing_words()
    for mention in actors:
        if mention.via == "ner" and not mention.actor.known:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            if any(t.i in place_at for t in span):
                continue
            following = [t for t in doc[span.end : span.end + 2] if not t.is_punct]
            if following and following[0].lemma_.lower() in named_things:
                continue
        kept.append(mention)
    return kept


def _sentence_country(sentence, actor_at: dict[int, ActorMention]) -> str | None:
    codes = Counter()
    for i in range(sentence.start, sentence.end):
        mention = actor_at.get(i)
        if mention and mention.actor.code and mention.actor.code != "IGO" and mention.actor.known:
            codes[mention.actor.code] += 1
    return codes.most_common(1)[0][0] if codes else None


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


def _keep(candidates: list[Candidate], actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention],
          date_at: dict[int, DateInterval]) -> list[Candidate]:
    """Drop triggers that are part of another event, and bare nominal ones."""
    by_token = {c.token.i: c for c in candidates}
    for candidate in candidates:
        for carrier in candidate.carriers:
            by_token.setdefault(carrier.i, candidate)
    kept: list[Candidate] = []
    for candidate in candidates:
        token = candidate.token
        # "..., killing at least 27 civilians": a casualty verb with no agent of its own is the size of
        # an event, not an event
        if token.lemma_.lower() in CASUALTY_VERBS and not _has_agent(token):
            continue
        # The object of another trigger is that event's object ("launched an attack").
        if token.dep_ in {"dobj", "nsubjpass", "pobj"} and by_token.get(token.head.i) not in (None, candidate) and (
            candidate.trigger.pos == "NOUN"
        ):
            continue
        suppressed = False
        for governor in _governors(token):
            other = by_token.get(governor.i)
            if other is None or other is candidate:
                continue
            # "demanded ... to withdraw", "asked allies to send": the complement is the request's content
            if other.trigger.embeds and _is_complement_path(token, governor):
                suppressed = True
            # "met in the framework of the security meetings": one event, not two; a finite clause with
            # its own subject ("after it surrounded ...") is an event of its own
            elif other.trigger.type == candidate.trigger.type and not _has_own_subject(token) and not (
                candidate.trigger.pos == "NOUN" and _has_own_setting(token, place_at, date_at)
            ):
                suppressed = True
            break
        if suppressed:
            continue
        if candidate.trigger.nominal and not _has_support(candidate, actor_at, place_at, date_at):
            continue
        # "determination to fight terrorism": an intention attached to a noun is not an event
        if candidate.trigger.pos == "VERB" and token.dep_ == "acl" and token.head.pos_ == "NOUN" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        ):
            continue
        kept.append(candidate)
    return kept


CASUALTY_VERBS = {"kill", "wound", "injure"}


def _has_agent(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "nsubj" and child.lower_ not in {"which", "that", "who"}:
            return True
        if child.dep_ == "agent":
            return True
    return False


def _has_own_setting(token: Token, place_at: dict[int, PlaceMention], date_at: dict[int, DateInterval]) -> bool:
    """"rocket fire earlier in the day on the town of Kiryat Shmona": a nested mention with its own
    time or place is an event of its own."""
    return any(sub.i in place_at or sub.i in date_at for sub in token.subtree if sub.i != token.i)


COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "nsubjpass", "acl", "oprd", "pcomp"}
COMPLEMENT_PREPS = {"for", "to", "on", "upon", "of", "about", "with"}


def _is_complement_path(token: Token, governor: Token) -> bool:
    """Whether ``token`` sits in ``governor``'s content ("asked allies to send") rather than in an
    adjunct ("agreed upon after a meeting")."""
    current = token
    while current.head.i != governor.i and current.head.i != current.i:
        current = current.head
    if current.dep_ == "prep":
        return current.lower_ in COMPLEMENT_PREPS
    return current.dep_ in COMPLEMENT_DEPS


def _has_own_subject(token: Token) -> bool:
    return any(child.dep_ in {"nsubj", "nsubjpass"} for child in token.children)


def _misparsed_verb(token: Token) -> bool:
    """A past-tense verb the parser took for a modifier ("... and bombed civilian neighborhoods")."""
    if token.dep_ != "amod" or token.pos_ != "VERB" or token.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if token.tag_ == "VBD":
        return True
    # "... and bombed civilian neighborhoods": a participle right after "and", with no determiner
    previous = token.doc[token.i - 1] if token.i > 0 else None
    has_determiner = any(c.dep_ in {"det", "poss"} for c in token.head.children)
    return previous is not None and previous.pos_ == "CCONJ" and not has_determiner


def _attributions(relations: Iterable[AttributionRelation]) -> list[Attribution]:
    found: list[Attribution] = []
    for relation in relations:
        if relation.source is None:
            continue
        found.append(Attribution(source=relation.source.text, cue=relation.cue_lemma, span=relation.source,
                                 cue_span=relation.cue))
    return found


def _attach_sizes(sentence_events: list[Event], sizes: list[SizeMention], doc: Doc,
                  earlier: list[Event]) -> list[Event]:
    """Give each count to the event it belongs to: the trigger above it in the parse, else the nearest
    event of a fitting type in the sentence, else (a sentence with no event) the last fitting event."""
    if not sizes:
        return sentence_events
    updated = {event.id: event for event in sentence_events}
    values: dict[str, dict[str, object]] = {}
    for size in sizes:
        fitting = [e for e in sentence_events if e.event in CASUALTY_TYPES[size.kind]]
        target: Event | None = None
        anchor_ancestors = {a.i for a in size.anchor.ancestors} | {size.anchor.i}
        for event in fitting:
            trigger_index = doc.char_span(event.evidence.trigger_span.start, event.evidence.trigger_span.end,
                                          alignment_mode="expand")
            if trigger_index is not None and trigger_index[0].i in anchor_ancestors:
                target = event
                break
        if target is None and fitting:
            target = min(fitting, key=lambda e: abs(e.evidence.trigger_span.start - size.span.start))
        if target is None and not sentence_events and earlier:
            previous = [e for e in earlier if e.event in CASUALTY_TYPES[size.kind]]
            if previous and previous[-1].evidence.span.end >= size.span.start - 400:
                target = previous[-1]
                # counts in a following sentence update the earlier event in place
                index = earlier.index(target)
                earlier[index] = _with_size(target, size)
                continue
        if target is None:
            continue
        slot = values.setdefault(target.id, {})
        current = slot.get(size.kind)
        if size.count is not None and (current is None or size.count > current):
            slot[size.kind] = size.count
            slot[f"{size.kind}_text"] = size.span.text
        elif f"{size.kind}_text" not in slot:
            slot[size.kind] = None
            slot[f"{size.kind}_text"] = size.span.text
    for event_id, fields in values.items():
        event = updated[event_id]
        updated[event_id] = _replace(event, size=Size(**{**(event.size.to_record() if event.size else {}), **fields}))
    return [updated[e.id] for e in sentence_events]


def _with_size(event: Event, size: SizeMention) -> Event:
    record = event.size.to_record() if event.size else {}
    if record.get(size.kind) is None:
        record[size.kind] = size.count
        record[f"{size.kind}_text"] = size.span.text
    return _replace(event, size=Size(**record))


def _replace(event: Event, **changes: object) -> Event:
    from dataclasses import replace

    return replace(event, **changes)
