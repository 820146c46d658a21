"""Suppression: drop candidates that are part of another event (the object of "launched an attack",
the content of "demanded ... to withdraw", a nested mention of the same type) and bare nominal ones.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.candidates import Candidate, _governors
from eventwire.model import ActorMention, DateInterval, PlaceMention


POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}


def _has_support(candidate: Candidate, actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention],
                 date_at: dict[int, DateInterval]) -> bool:
    """A nominal trigger is an event only with a light verb, its own participant, place or time."""
    if candidate.carriers:
        return True
    token = candidate.token
    if _reported_by_casualties(token):
        return True
    for child in token.children:
        # "Syria's demand", and "its demand" (a possessive pronoun stands for an actor named before)
        if child.dep_ == "poss" and (child.i in actor_at or child.lower_ in POSSESSIVE_PRONOUNS):
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


def _keep(candidates: list[Candidate], actor_at: dict[int, ActorMention], place_at: dict[int, PlaceMention],
          date_at: dict[int, DateInterval]) -> list[Candidate]:
    """Drop triggers that are part of another event, and bare nominal ones."""
    # "..., killing at least 27 civilians": a casualty verb with no agent of its own is the size of
    # an event, not an event; nor does it absorb the attack it reports ("killed in a landmine explosion")
    sizes = [c for c in candidates if c.token.lemma_.lower() in CASUALTY_VERBS and not _has_agent(c.token)]
    candidates = [c for c in candidates if c not in sizes]
    by_token = {c.token.i: c for c in candidates}
    for candidate in candidates:
        for carrier in candidate.carriers:
            by_token.setdefault(carrier.i, candidate)
    kept: list[Candidate] = []
    for candidate in candidates:
        token = candidate.token
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
            # "staged demonstrations to demand reforms": the demand is what the protest is about
            elif other.trigger.type == "PROTEST" and candidate.trigger.type == "REQUEST":
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


def _reported_by_casualties(token: Token) -> bool:
    """"four civilians were killed in a landmine explosion": the casualties are the event's evidence."""
    return token.dep_ == "pobj" and token.head.lower_ in {"in", "during", "by"} and (
        token.head.head.lemma_.lower() in CASUALTY_VERBS | {"die"}
    )


def _has_agent(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "nsubj" and child.lower_ not in RELATIVES:
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
    """A subject of its own, not a relative pronoun that refers back ("attacks that targeted bars")."""
    return any(child.dep_ in {"nsubj", "nsubjpass"} and not (token.dep_ == "relcl" and child.lower_ in RELATIVES)
               for child in token.children)


RELATIVES = {"that", "which", "who"}
