"""Coding: an event's PLOVER type, mode and context beyond its trigger word.

The trigger gives a first reading; the sentence refines it. A weapon named in the trigger's phrase or
its subject decides an attack's mode ("suicide bombers blew themselves up" is a suicide attack), a
crowd that attacks or clashes is a riot or mob violence (PLOVER PROTEST/riot, ACLED Riots), a
demonstration with stones or arson is a violent one, and force or arrests in a sentence about a
protest carry the ``protest`` context that the ACLED mapping reads.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.events.arguments import _subject
from eventwire.events.candidates import SYMMETRIC_LEMMAS, Candidate
from eventwire.lexicon import instrument_modes, protest_cues


# Prepositions whose object is an attack's target, not its weapon ("fired shells at the chemical plant").
TARGET_PREPS = {"on", "at", "against", "into", "upon", "toward", "towards"}
# Verbs of stopping a weapon in flight ("intercepted", "shot down"): an "air" subject is air defence.
INTERCEPTIONS = {"intercept", "shoot"}


def _phrase_lemmas(token: Token, keep_object: bool) -> set[str]:
    """Lemmas of a word's phrase, and of each pair of neighbours in it ("water cannon"), leaving out
    relative clauses and targets: what "attacked" or "hit" governs is hit, what "fired" or "launched"
    governs (``keep_object``) is fired; "on", "at" and "against" phrases name targets at any depth."""
    tokens: list[Token] = []

    def walk(current: Token, top: bool) -> None:
        tokens.append(current)
        for child in current.children:
            if child.dep_ == "relcl" or (top and child.dep_ == "dobj" and not keep_object):
                continue
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                continue
            walk(child, False)

    walk(token, True)
    tokens.sort(key=lambda t: t.i)
    words = {t.lemma_.lower() for t in tokens}
    words |= {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in zip(tokens, tokens[1:]) if b.i == a.i + 1}
    return words


def _subject_lemmas(candidate: Candidate) -> set[str]:
    subject = _subject(candidate.token)[0] if candidate.trigger.pos == "VERB" else None
    return {t.lemma_.lower() for t in subject.subtree} if subject is not None else set()


def _weapon_words(candidate: Candidate) -> set[str]:
    """Lemmas of the trigger's phrase, its carriers' and its subject's: where a weapon would be named.
    An object is the weapon only for verbs whose lexicon entry names the objects or the target
    preposition they take ("fired rockets", "fired tear gas at"); otherwise it is the target ("attacked
    a chemical plant")."""
    keep_object = bool(candidate.trigger.object or candidate.trigger.prep)  # "fired tear gas at", "fired rockets"
    words = _phrase_lemmas(candidate.token, keep_object)
    for carrier in candidate.carriers:
        words |= _phrase_lemmas(carrier, True)
    if candidate.trigger.pos == "VERB":
        # "raped, beat and assaulted civilians": coordinated acts of one subject are one attack, coded by
        # its most specific act (ACLED: attacks of a sexual nature are Sexual violence)
        words |= {c.lemma_.lower() for c in candidate.token.conjuncts if c.pos_ == "VERB"}
    return words | _subject_lemmas(candidate)


def _instrument_mode(words: set[str], mode: str | None, modes: set[str] | None = None) -> str | None:
    """The first instrument rule, in lexicon order, that may refine ``mode`` and names one of ``words``."""
    for instrument in instrument_modes():
        if modes is not None and instrument.mode not in modes:
            continue
        if instrument.refines is not None and mode not in instrument.refines:
            continue
        if words & instrument.words:
            return instrument.mode
    return None


def refine_mode(candidate: Candidate) -> str | None:
    """An attack's mode from the weapon named with it; other types keep the trigger's mode."""
    mode = candidate.trigger.mode
    if candidate.trigger.type != "ASSAULT" or mode == "territory":
        return mode
    return _instrument_mode(_weapon_words(candidate), mode) or mode


def _doers(candidate: Candidate) -> list[Token]:
    """The tokens naming who did it: the active subject, the passive agent, and for a clash both sides."""
    token = candidate.token
    doers: list[Token] = []
    if candidate.trigger.pos == "VERB":
        subject, passive = _subject(token)
        if subject is not None and not passive:
            doers.extend([subject, *subject.conjuncts])
        for child in token.children:
            if child.dep_ == "agent":
                doers.extend(g for g in child.children if g.dep_ == "pobj")
    else:
        doers.extend(c for c in token.children if c.dep_ == "poss")
        for carrier in candidate.carriers:
            subject, passive = _subject(carrier)
            if subject is not None and not passive:
                doers.append(subject)
    if token.lemma_.lower() in SYMMETRIC_LEMMAS:
        # "protesters clashed with police", "clashes (broke out) between demonstrators and police"
        doers.extend(t for t in token.subtree if t.i != token.i)
        for carrier in candidate.carriers:
            doers.extend(t for c in carrier.children if c.dep_ == "prep" for t in c.subtree)
    return doers


def code_event(candidate: Candidate, sentence: Span) -> tuple[str, str | None, tuple[str, ...]]:
    """PLOVER type, mode and contexts of a trigger in its sentence."""
    event_type = candidate.trigger.type
    mode = candidate.trigger.mode
    context = candidate.trigger.context
    cues = protest_cues()
    if event_type not in {"ASSAULT", "COERCE", "PROTEST"}:
        return event_type, mode, context
    # content words only: "March 5" is a date, not a march
    lemmas = {t.lemma_.lower() for t in sentence if t.pos_ in {"NOUN", "VERB", "ADJ"}}
    lethal = bool({t.lemma_.lower() for t in sentence} & cues.lethal)
    lemma = candidate.token.lemma_.lower()
    doer_lemmas = {t.lemma_.lower() for t in _doers(candidate)}
    if event_type == "ASSAULT" and lemma in SYMMETRIC_LEMMAS and doer_lemmas & cues.demonstrators:
        # "police clashed with protesters": demonstrators who fight are a riot, whatever the police used
        return "PROTEST", "riot", ("political",)
    if mode == "territory" and {t.lemma_.lower() for t in sentence} & cues.withdrawal:
        # "took the town after the army pulled out": territory changing hands without a fight (CAMEO 192
        # 'occupy territory', ACLED Non-violent transfer of territory)
        return "COERCE", "occupy", context
    if event_type == "ASSAULT" and mode not in {"territory", "sexual"} and _weapon_words(candidate) & cues.crowd_control:
        # tear gas, water cannon, rubber bullets: crowd control (ACLED Protest with intervention), unless
        # people were killed or live fire used (CAMEO 175 violent repression, ACLED Excessive force)
        if not lethal:
            return "COERCE", "restrict", (*context, "protest")
        return "ASSAULT", None, (*context, "protest")
    if event_type == "COERCE" and lemma in cues.repression and lethal and lemmas & cues.protest:
        return "ASSAULT", None, (*context, "protest")
    if event_type == "ASSAULT":
        mode = refine_mode(candidate)
    elif event_type == "COERCE" and mode in {"destroy-property", "disrupt-weapons"} and lemma not in INTERCEPTIONS:
        # "warplanes destroyed an arms depot": destruction from the air or by artillery is a strike;
        # "air defences intercepted missiles" is no strike
        strike = _instrument_mode(_subject_lemmas(candidate), None, {"aerial", "drone", "heavy-weapons"})
        if strike:
            return "ASSAULT", strike, ("military",)
    # a crowd that attacks, clashes or destroys property is a riot or mob violence
    if (event_type == "ASSAULT" and mode not in {"territory", "sexual"}) or mode == "destroy-property":
        if doer_lemmas & cues.mobs and not doer_lemmas & cues.demonstrators:
            return "PROTEST", "mob", ("human_security",)
        if doer_lemmas & cues.demonstrators:
            return "PROTEST", "riot", ("political",)
    if event_type == "PROTEST":
        if mode in {"demonstrate", "obstruct"} and lemmas & cues.violence:
            return event_type, "riot", context
        return event_type, mode, context
    if lemmas & cues.protest and "protest" not in context:
        context = (*context, "protest")
    return event_type, mode, context


# Frames that state the subject's own intention ("is ready to", "decided to"), and those that only
# forecast ("is expected to", "is due to"), which are no pledge.
INTENT_FRAMES = {"plan", "intend", "prepare", "vow", "pledge", "promise", "offer", "ready", "willing",
                 "prepared", "committed", "determined", "want", "swear"}
FORECAST_FRAMES = {"expect", "due", "schedule", "set", "likely", "scheduled", "expected"}
CONDITION_MARKS = {"unless"}
# Types whose announced intention is a threat to someone (PLOVER THREATEN); the others are promises
# (PLOVER AGREE: "agree to, or promise to, take some action").
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "REJECT", "PROTEST", "ACCUSE"}
PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we", "i"}


def _conditional(tokens: list[Token]) -> bool:
    """"will withdraw unless ...": a negative condition turns a promise into a threat ("would meet him if
    ..." stays an offer)."""
    return any(
        child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children)
        for token in tokens for child in token.children
    )


def pledged_type(candidate: Candidate, event_type: str, modality: str, actor_at: dict) -> str:
    """PLOVER codes an actor's own statement of what it will do as the statement: a promise (AGREE)
    or, for hostile acts and conditional intentions, a threat (THREATEN). The event keeps its modality
    ("planned"); forecasts by others ("the council is expected to meet", "Annan said Iraq will ...")
    keep their type."""
    if modality != "planned" or event_type in {"AGREE", "THREATEN", "REQUEST"}:
        return event_type
    if candidate.trigger.pos == "NOUN" and not candidate.carriers:
        return event_type
    verb = candidate.carriers[0] if candidate.carriers else candidate.token
    subject, passive = _subject(verb)
    if subject is None or passive or (subject.i not in actor_at and subject.lower_ not in PERSONAL_PRONOUNS):
        return event_type
    clause = verb
    frames: list[Token] = [verb]
    for _ in range(4):
        if clause.dep_ not in {"xcomp", "conj"} or clause.head.i == clause.i:
            break
        clause = clause.head
        frames.append(clause)
        lemma = clause.lemma_.lower()
        if lemma in FORECAST_FRAMES or _copula_adjectives(clause) & FORECAST_FRAMES:
            return event_type
    stated = any(f.lemma_.lower() in INTENT_FRAMES or _copula_adjectives(f) & INTENT_FRAMES for f in frames[1:])
    if clause.dep_ == "ccomp" and clause.head.pos_ in {"VERB", "AUX"}:
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if subject.lower_ not in PERSONAL_PRONOUNS and not _same_country(subject, speaker, actor_at):
            return event_type
        stated = True
    if not stated:
        return event_type  # "The president will visit Beirut on Thursday": the report's schedule, no pledge
    if _conditional(frames) or event_type in HOSTILE_TYPES:
        return "THREATEN"
    return "AGREE"


def _copula_adjectives(token: Token) -> set[str]:
    return {child.lemma_.lower() for child in token.children if child.dep_ in {"acomp", "attr"}}


def _same_country(subject: Token, speaker: Token | None, actor_at: dict) -> bool:
    if speaker is None:
        return False
    ours, theirs = actor_at.get(subject.i), actor_at.get(speaker.i)
    if ours is None or theirs is None:
        return False
    return ours.actor.id == theirs.actor.id or bool(ours.actor.code and ours.actor.code == theirs.actor.code)
