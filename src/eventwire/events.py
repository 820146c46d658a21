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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventwire.attribution import AttributionRelation, relations_for
from eventwire.lexicon import Trigger, attribution_cues, triggers
from eventwire.modality import modality_of
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
        if current.dep_ not in CLIMB_DEPS or current.head is current:
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
            if child.dep_ in {"compound", "amod", "poss", "nmod"} and child.i in actor_at and not mention:
                picked.append(actor_at[child.i])
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


def _resolve_pronoun(token: Token, actor_at: dict[int, ActorMention],
                     previous_subject: list[ActorMention]) -> list[ActorMention]:
    """"it", "they", "which": the actor of the governing clause, else of the previous sentence."""
    if token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "relcl":
        return _mentions_in(token.head.head, actor_at)
    for governor in _governors(token.head, limit=5):
        for child in governor.children:
            if child.dep_ == "nsubj" and child.lower_ not in PRONOUNS:
                found = _mentions_in(child, actor_at)
                if found:
                    return found
    return list(previous_subject)


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, inherited through participles, coordination and control verbs."""
    current = token
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "nsubj":
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if current.dep_ == "relcl":
            return current.head, False
        if current.dep_ not in {"xcomp", "advcl", "conj", "pcomp", "acl"} or current.head is current:
            return None, False
        current = current.head
    return None, False


@dataclass
class Arguments:
    actors: list[ActorMention]
    recipients: list[ActorMention]


def read_arguments(candidate: Candidate, actor_at: dict[int, ActorMention],
                   previous_subject: list[ActorMention]) -> Arguments:
    token = candidate.token
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []

    def add(target: list[ActorMention], argument: Token) -> None:
        if argument.lower_ in PRONOUNS and argument.i not in actor_at:
            target.extend(_resolve_pronoun(argument, actor_at, previous_subject))
        else:
            target.extend(_mentions_in(argument, actor_at))

    if candidate.trigger.pos == "VERB" and _misparsed_verb(token):
        add(recipients, token.head)
        for governor in _governors(token, limit=8):
            subjects = [c for c in governor.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
            if subjects:
                add(actors, subjects[0])
                break
    elif candidate.trigger.pos == "VERB":
        subject, passive = _subject(token)
        if subject is not None:
            add(recipients if passive and subject.head is token else actors, subject)
        for child in token.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        add(actors, pobj)
            elif child.dep_ in {"dobj", "dative"}:
                add(recipients, child)
            elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS | {"between"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        target = actors if child.lower_ in {"with", "between"} else recipients
                        before = len(target)
                        add(target, pobj)
                        del target[before + 2:]
        # "asked Western allies to send": the addressee of a request is the xcomp's subject
        for child in token.children:
            if child.dep_ in {"xcomp", "ccomp"}:
                for grand in child.children:
                    if grand.dep_ == "nsubj" and candidate.trigger.embeds:
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
                    if preposition in {"between", "among", "by"}:
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
    in_tree = _places_under(trigger_token, place_at)
    if in_tree:
        return in_tree[0]
    sentence = trigger_token.sent
    nearby = [(abs(i - trigger_token.i), mention) for i, mention in place_at.items()
              if sentence.start <= i < sentence.end]
    nearby.sort(key=lambda pair: (pair[0], pair[1].precision))
    return nearby[0][1] if nearby else None


def _places_under(token: Token, place_at: dict[int, PlaceMention], stop: set[int] | None = None) -> list[PlaceMention]:
    """Toponyms in a token's subtree ordered by tree distance, not crossing into other triggers."""
    found: list[tuple[int, int, PlaceMention]] = []
    seen: set[tuple[int, int]] = set()
    frontier = [(token, 0)]
    while frontier:
        current, depth = frontier.pop()
        mention = place_at.get(current.i)
        if mention is not None:
            key = (mention.span.start, mention.span.end)
            if key not in seen:
                seen.add(key)
                found.append((depth, mention.precision, mention))
            continue
        for child in current.children:
            if stop and child.i in stop:
                continue
            frontier.append((child, depth + 1))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in found]


def _dates_under(token: Token, date_at: dict[int, DateInterval], stop: set[int]) -> list[DateInterval]:
    found: list[tuple[int, DateInterval]] = []
    seen: set[int] = set()
    frontier = [(token, 0)]
    while frontier:
        current, depth = frontier.pop()
        interval = date_at.get(current.i)
        if interval is not None:
            if id(interval) not in seen:
                seen.add(id(interval))
                found.append((depth, interval))
            continue
        for child in current.children:
            if child.i in stop:
                continue
            frontier.append((child, depth + 1))
    found.sort(key=lambda item: item[0])
    return [item[1] for item in found]


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
    actor_at: dict[int, ActorMention] = _index_mentions(doc, actors)
    place_at: dict[int, PlaceMention] = _index_mentions(doc, places)
    date_at: dict[int, DateInterval] = _index_mentions(doc, dates)
    blocked = {i for i, m in actor_at.items() if m.actor.known} | set(place_at) | set(date_at)
    focus = _focus_country(actors)
    title_end = _title_end(article)
    events: list[Event] = []
    previous_subject: list[ActorMention] = []

    for sentence in doc.sents:
        if sentence.end_char <= title_end:
            continue
        candidates = find_candidates(sentence, blocked)
        for candidate in candidates:
            candidate.carriers = _carriers(candidate.token) if candidate.trigger.pos == "NOUN" else []
        kept = _keep(candidates, actor_at, place_at, date_at)
        by_token = {c.token.i: c for c in kept}
        # light verbs stand for their nominal trigger when places and times are claimed
        anchor_of: dict[int, Candidate] = dict(by_token)
        for candidate in kept:
            for carrier in candidate.carriers:
                anchor_of.setdefault(carrier.i, candidate)
        stop = set(anchor_of)
        sentence_sizes = find_sizes(sentence)
        sentence_country = _sentence_country(sentence, actor_at, place_at) or focus
        sentence_events: list[Event] = []
        for candidate in kept:
            args = read_arguments(candidate, actor_at, previous_subject)
            if candidate.trigger.subject_sector and not any(
                m.actor.sector in candidate.trigger.subject_sector for m in args.actors
            ):
                continue
            if candidate.trigger.type in NEEDS_PARTICIPANT and not (args.actors or args.recipients):
                continue
            roots = [candidate.token, *candidate.carriers]
            if _misparsed_verb(candidate.token):
                roots.append(candidate.token.head)
            own_places = [p for root in roots for p in _places_under(root, place_at, stop - {root.i})]
            own_places = [p for p in own_places if not _is_argument_place(p, args)]
            own_dates = [d for root in roots for d in _dates_under(root, date_at, stop - {root.i})]
            governing = _governing_candidate(candidate, anchor_of)
            if not own_places and governing is not None:
                own_places = [p for p in _places_under(governing.token, place_at, stop - {governing.token.i})
                              if not _is_argument_place(p, args)][:1]
            if not own_dates and governing is not None:
                own_dates = _dates_under(governing.token, date_at, stop - {governing.token.i})[:1]
            if not own_places:
                own_places = _nearest_unclaimed(candidate.token, sentence, place_at, anchor_of, args)
            if not own_dates:
                own_dates = _nearest_unclaimed_dates(candidate.token, sentence, date_at, anchor_of)
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
            sentence_events.append(event)
        sentence_events = _attach_sizes(sentence_events, sentence_sizes, doc, events)
        events.extend(sentence_events)
        subjects = [e.actors for e in sentence_events if e.actors]
        if subjects:
            previous_subject = list(subjects[0])
    return events


def _sentence_country(sentence, actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention]) -> str | None:
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


def _nearest_unclaimed(token: Token, sentence, place_at: dict[int, PlaceMention], anchor_of: dict[int, Candidate],
                       args: Arguments) -> list[PlaceMention]:
    """Proximity fallback: the nearest toponym of the sentence that no other trigger's phrase holds."""
    options: list[tuple[int, PlaceMention]] = []
    for i in range(sentence.start, sentence.end):
        mention = place_at.get(i)
        if mention is None or _is_argument_place(mention, Arguments(list(args.actors), list(args.recipients))):
            continue
        owner = _owner(token.doc[i], anchor_of)
        if owner is not None and owner.token.i != token.i:
            continue
        options.append((abs(i - token.i), mention))
    options.sort(key=lambda pair: (pair[0], pair[1].precision))
    return [options[0][1]] if options else []


def _nearest_unclaimed_dates(token: Token, sentence, date_at: dict[int, DateInterval],
                             anchor_of: dict[int, Candidate]) -> list[DateInterval]:
    options: list[tuple[int, DateInterval]] = []
    for i in range(sentence.start, sentence.end):
        interval = date_at.get(i)
        if interval is None:
            continue
        owner = _owner(token.doc[i], anchor_of)
        if owner is not None and owner.token.i != token.i:
            continue
        options.append((abs(i - token.i), interval))
    options.sort(key=lambda pair: pair[0])
    return [options[0][1]] if options else []


def _owner(token: Token, anchor_of: dict[int, Candidate]) -> Candidate | None:
    current = token
    for _ in range(12):
        if current.i in anchor_of:
            return anchor_of[current.i]
        if current.head is current:
            return None
        current = current.head
    return None


def _keep(candidates: list[Candidate], actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention],
          date_at: dict[int, DateInterval]) -> list[Candidate]:
    """Drop triggers that are part of another event, and bare nominal ones."""
    by_token = {c.token.i: c for c in candidates}
    kept: list[Candidate] = []
    for candidate in candidates:
        token = candidate.token
        # The object of another trigger is that event's object ("launched an attack").
        if token.dep_ in {"dobj", "nsubjpass", "pobj"} and token.head.i in by_token and candidate.trigger.pos == "NOUN":
            continue
        suppressed = False
        for governor in _governors(token):
            other = by_token.get(governor.i)
            if other is None:
                continue
            # "demanded ... to withdraw", "asked allies to send": the complement is the request's content
            if other.trigger.embeds and _is_complement_path(token, governor):
                suppressed = True
            # "met in the framework of the security meetings": one event, not two; a finite clause with
            # its own subject ("after it surrounded ...") is an event of its own
            elif other.trigger.type == candidate.trigger.type and not _has_own_subject(token):
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


COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "nsubjpass", "acl", "oprd", "pcomp"}
COMPLEMENT_PREPS = {"for", "to", "on", "upon", "of", "about", "with"}


def _is_complement_path(token: Token, governor: Token) -> bool:
    """Whether ``token`` sits in ``governor``'s content ("asked allies to send") rather than in an
    adjunct ("agreed upon after a meeting")."""
    current = token
    while current.head is not governor and current.head is not current:
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
