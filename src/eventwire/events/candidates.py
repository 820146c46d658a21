"""Trigger candidates: match the trigger lexicon on lemmas (with its object, particle, preposition
and modifier conditions), and the parse helpers that say which light verbs carry a nominal trigger
and which tokens govern a trigger.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.lexicon import Trigger, attribution_cues, triggers


# Verbs that carry a nominal trigger: "a meeting took place", "held talks", "fighting broke out".
LIGHT_VERBS = {
    "take", "hold", "happen", "occur", "begin", "continue", "resume", "end", "start", "break", "erupt",
    "intensify", "conduct", "carry", "launch", "stage", "attend", "follow", "come", "last", "see", "witness",
    "organize", "organise", "host", "be", "reach", "sign", "announce", "report",
    "open", "complete", "undertake", "renew", "make", "file", "issue", "lodge", "mount", "join", "declare",
    "reiterate", "repeat", "voice", "express", "submit", "present",
    # verbs that put in force, widen or hasten what their subject does: "reimposed blockades",
    # "tightened the siege", "speeded up the withdrawal", "waged a campaign"
    "impose", "reimpose", "enforce", "tighten", "extend", "expand", "speed", "accelerate", "step", "escalate",
    "wage", "unleash", "give",
    # crowds and what sets them off: "protesters gathered", "marched", "poured into the streets", "sparked demonstrations"
    "gather", "assemble", "participate", "converge", "spark", "trigger", "prompt", "march", "pour", "chant", "throng",
    "flood", "swarm",
    "stag",  # the small English model lemmatises "staged" as "stag"
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
PRONOUNS = {"it", "they", "he", "she", "which", "who", "that", "its", "their", "his", "her", "them", "we"}


@dataclass
class Candidate:
    """A trigger found in a sentence, before its arguments are read."""

    token: Token
    trigger: Trigger
    carriers: list[Token] = field(default_factory=list)  # light verbs carrying a nominal trigger


def _object_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            lemmas.add(child.lemma_.lower())
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in {"compound", "amod"})
            # "provided maps and intelligence": every coordinated object counts
            lemmas.update(c.lemma_.lower() for c in child.conjuncts)
            # "700 kg of medicine", "containers of toxic gas": a quantity's "of" phrase names the thing
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            lemmas.add(pobj.lemma_.lower())
                            lemmas.update(g.lemma_.lower() for g in pobj.children if g.dep_ in {"compound", "amod"})
        if child.dep_ == "prep":
            # "fire at", "agreed upon" (passive with a stranded preposition)
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    if token.dep_ in {"acl", "relcl"}:  # "the ceasefire agreed by both sides"
        lemmas.add(token.head.lemma_.lower())
    return lemmas


def _matches(token: Token, trigger: Trigger) -> bool:
    if trigger.object and not (_object_lemmas(token) & trigger.object):
        return False
    # the parser often reads a particle as an adverb: "pull back", "was set ablaze"
    if trigger.particle and not any(c.dep_ in {"prt", "advmod"} and c.lower_ == trigger.particle for c in token.children):
        return False
    # "a call for talks", or the noun inside the phrase: "on alert"
    if trigger.prep and not any(c.dep_ in {"prep", "prt"} and c.lower_ in trigger.prep for c in token.children) and not (
        token.dep_ == "pobj" and token.head.lower_ in trigger.prep
    ):
        return False
    if trigger.complement_aux and not any(
        c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in trigger.complement_aux for a in c.children)
        for c in token.children
    ):
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


QUANTITY_HEADS = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions", "group",
                  "crowd", "number", "scores", "score",
                  # "a series of raids", "a wave of arrests", "ten days of war games", "a new round of talks"
                  "series", "string", "wave", "spate", "round", "day", "week", "month", "hour"}
# "took part in marches", "participated in a sit-in": the verb of taking part carries the event it names
PARTICIPATION = {"participate", "take", "join", "engage"}
# "converged for a rally", "gathered for a protest": a crowd coming together carries what it came for
ASSEMBLY = {"gather", "assemble", "converge", "congregate", "mass", "rally"}
# "troops remained on alert", "put the army on alert": a state one is kept in
STATE_VERBS = {"be", "remain", "stay", "keep", "put", "place", "go"}  # for triggers with prep "on"


def _argument_slot(token: Token) -> Token:
    """The noun that fills a verb's slot for a nominal trigger: the trigger itself, the first of
    coordinated nouns ("launched artillery, mortar and rocket fire"), or the quantity it is counted
    by ("hundreds of protesters gathered", "launched ten days of war games")."""
    while token.dep_ == "conj" and token.head.pos_ in {"NOUN", "PROPN"}:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in QUANTITY_HEADS:
        token = token.head.head
    return token


def _carriers(token: Token, trigger: Trigger | None = None) -> list[Token]:
    """Light verbs that carry a nominal trigger: "a meeting took place", "held talks"."""
    token = _argument_slot(token)
    head = token.head
    carriers: list[Token] = []
    if token.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and head.pos_ in {"VERB", "AUX"}:
        if head.lemma_.lower() in LIGHT_VERBS:
            carriers.append(head)
    elif token.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in PARTICIPATION:
        carriers.append(head.head)
    elif token.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in ASSEMBLY:
        carriers.append(head.head)
    elif (token.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() in STATE_VERBS
          and trigger is not None and trigger.prep and "on" in trigger.prep):  # only a state named "on X"
        carriers.append(head.head)
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


CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "acl", "csubj", "parataxis", "conj"}


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
