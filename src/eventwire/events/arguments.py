"""Arguments: an event's actors and recipients from its subject, objects and prepositions, with
pronouns and "the two countries" resolved, and sector-only actors given the country in focus.

When the trigger's own object and prepositions name nobody, the recipient is looked for inside its
object and infinitive complement ("threatened to cut off electricity to Nakhichevan"), then in a
condition it sets ("unless Baghdad accepted"); the actor's own unnamed troops or nationals are what
is given, never the recipient.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from eventwire.events.candidates import (
    CLAUSE_DEPS,
    PRONOUNS,
    SYMMETRIC_LEMMAS,
    TALK_TYPES,
    Candidate,
    _argument_slot,
    _misparsed_verb,
)
from eventwire.lexicon import named_thing_words
from eventwire.model import Actor, ActorMention, PlaceMention


ACTOR_PREPS_NOMINAL = {"between", "by", "of", "among"}
RECIPIENT_PREPS = {"against", "on", "upon", "at", "toward", "towards", "with", "for", "to", "over"}


def _mentions_in(token: Token, actor_at: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors an argument phrase names: its head (and conjuncts, appositions), else one "of" phrase
    down ("the head of Turkish intelligence", "a member of the Syrian parliament, John Doe": whose
    member comes before the apposed name)."""
    heads = [token, *token.conjuncts]
    picked: list[ActorMention] = []
    for head in heads:
        mention = actor_at.get(head.i)
        own = [mention] if mention else []
        apposed: list[ActorMention] = []
        coordinated = False
        for child in head.children:
            if child.dep_ == "appos":
                apposed.extend(next(([actor_at[sub.i]] for sub in child.subtree if sub.i in actor_at), []))
                if own and own[0] is mention:
                    own[0] = _described(mention, child, actor_at)
            modifier = actor_at.get(child.i) if child.dep_ in {"compound", "amod", "poss", "nmod"} else None
            if modifier is None and mention is None and child.dep_ == "compound":
                # "US Predator attacks", "Russian Su-24 jets": the owner modifies the modifier
                modifier = next((actor_at[g.i] for g in child.children
                                 if g.dep_ in {"compound", "amod"} and g.i in actor_at), None)
            # "Saudi and U.S. mediators": a modifier outside the head's own mention is another party
            if modifier is not None and (mention is None or not modifier.span.overlaps(mention.span)):
                own.append(modifier)
                for conjunct in child.conjuncts:
                    if conjunct.i in actor_at:
                        own.append(actor_at[conjunct.i])
                        coordinated = True

        if own and own[0] is mention and mention is not None and not mention.actor.known and not mention.actor.code:
            # "fighters of HTS", "militants from Sudan's Rapid Support Forces": armed members act for their group
            group = _named_group_after(head, actor_at)
            armed = {"REB", "MIL"}
            if group is not None and (group.actor.sector == mention.actor.sector or {
                    group.actor.sector, mention.actor.sector} <= armed):  # "activists from Fatah" stay activists
                own[0] = group
        if coordinated:  # "Hungarian and Romanian officials": the parties in the order written
            own.sort(key=lambda m: m.span.start)
        elif mention is not None and not mention.actor.known and not mention.actor.code:
            # "Montenegro Municipality Association officials": whose officials they are comes first
            own.sort(key=lambda m: m is mention)
        if not own:
            # look one "of" phrase down, not into every clause and prepositional phrase of a long
            # noun phrase
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            own.extend(_mentions_in(pobj, actor_at))
        picked.extend(own + apposed)
    unique: dict[tuple[int, int], ActorMention] = {}
    for mention in picked:
        unique.setdefault((mention.span.start, mention.span.end), mention)
    return list(unique.values())


def _named_group_after(head: Token, actor_at: dict[int, ActorMention]) -> ActorMention | None:
    """A known organisation in an "of"/"from" phrase of a group noun ("fighters of HTS")."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    mention = actor_at.get(pobj.i)
                    if mention is not None and mention.actor.known and mention.actor.kind == "organization":
                        return mention
    return None


def _described(mention: ActorMention, appos: Token, actor_at: dict[int, ActorMention]) -> ActorMention:
    """An unknown person completed by the apposition that describes them: "John Doe, Algeria's
    leading human rights activist" is Algerian and an activist; "Jane Roe, the United Nations relief
    coordinator", of the United Nations."""
    actor = mention.actor
    if actor.known or actor.kind != "person" or (actor.code and actor.sector):
        return mention
    head = actor_at.get(appos.i)
    around = [actor_at[c.i] for c in appos.children if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i in actor_at]
    code = next((m.actor.code for m in ([head] if head else []) + around if m.actor.code), None)
    named = [m for m in around if m.actor.known and m.actor.kind != "country"]
    sector = head.actor.sector if head else next((m.actor.sector for m in named), None)
    if not (code or sector):
        return mention
    filled = replace(actor, code=actor.code or code, sector=actor.sector or sector)
    return ActorMention(span=mention.span, actor=filled, via=mention.via)


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


PARTY_NOUNS = {"country", "side", "nation", "party", "government", "state", "minister", "leader", "president",
               "delegation", "army"}


def _parties_referred(token: Token, actor_at: dict[int, ActorMention],
                      belligerents: Sequence[ActorMention] = ()) -> list[ActorMention]:
    """"the two countries", "both sides", "the two ministers": the last two distinct countries named
    before; "both sides" and "the warring parties" of a conflict, the two sides of the last hostile
    event reported (``belligerents``), when there is one."""
    if token.lemma_.lower() not in PARTY_NOUNS or token.tag_ not in {"NNS", "NNPS"}:
        return []
    warring = any(c.lower_ == "warring" for c in token.children)
    if token.lemma_.lower() in {"side", "party"} and (warring or any(c.lower_ in {"two", "both"} for c in token.children)) \
            and len(belligerents) == 2:
        return list(belligerents)
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


# Prepositions that lead from an object or a complement to the party it concerns: "aid to Mozambique",
# "relations with Russia", "an appeal from President X", "calls by Kofi Annan", "the removal of X".
INNER_PREPS = RECIPIENT_PREPS | {"from", "by", "of", "into", "against"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}


def _own_belonging(argument: Token) -> bool:
    """Whether an object phrase is owned by a possessive pronoun, which reads back to the subject:
    "Syria offered its troops to Lebanon", "Libya handed over two of its nationals". Unnamed troops or
    nationals of the actor are what is given or moved, not who receives it."""
    owners = [c for c in argument.children if c.dep_ == "poss"]
    for prep in (c for c in argument.children if c.dep_ == "prep" and c.lower_ == "of"):
        owners.extend(g for pobj in prep.children if pobj.dep_ == "pobj" for g in pobj.children if g.dep_ == "poss")
    return any(owner.lower_ in POSSESSIVE_PRONOUNS for owner in owners)


def _inner_parties(roots: Sequence[Token], actor_at: dict[int, ActorMention], exclude: list[ActorMention],
                   depth: int = 4) -> list[ActorMention]:
    """Parties named inside a trigger's object or complement when it has none of its own:
    "threatened to break relations with Russia", "rejected calls by Kofi Annan", "a suspension of air
    links with Serbia", "a hunger strike in protest against violations by the security forces",
    "allowed the opposition leader to hold a rally". The shallowest phrase that names a party wins.
    No country or capital is taken from an "in" phrase: "a curfew in Algiers", "in a district of
    Beirut" say where, and a place taken as a party would be lost as the event's place."""
    frontier = [(root, False) for root in roots]  # (token, reached through "in")
    for level in range(depth):
        found: list[ActorMention] = []
        following: list[tuple[Token, bool]] = []
        for node, located in frontier:
            for child in node.children:
                phrases: list[Token] = []
                if child.dep_ in {"dobj", "dative", "attr", "oprd"} or (
                    child.dep_ == "poss" and child.lower_ not in PRONOUNS
                ):
                    phrases = [child]
                elif child.dep_ in {"xcomp", "ccomp", "advcl", "acl"} and _infinitive(child):
                    following.append((child, located))  # "threatened to cut off", "opened fire to disperse"
                    if level == 0:  # "allowed X to participate": the one allowed, urged, invited
                        phrases = [g for g in child.children if g.dep_ == "nsubj" and g.lower_ not in PRONOUNS]
                elif child.dep_ == "advcl" and child.tag_ == "VBG":
                    following.append((child, located))  # "rioted, calling for the removal of President X"
                elif child.dep_ == "prep" and child.lower_ in INNER_PREPS | {"in"}:
                    phrases = [g for g in child.children if g.dep_ == "pobj"]
                # "in a district of Beirut" stays a place; "in its war with Iraq" names a party again
                where = child.lower_ == "in" or (located and child.lower_ == "of")
                for phrase in phrases:
                    own = _own_belonging(phrase)
                    # a bare name with neither country nor sector is too weak a guess this deep
                    mentions = [m for m in _mentions_in(phrase, actor_at) if m not in exclude
                                and (m.actor.code or m.actor.sector)
                                and not (where and m.via in {"country", "metonym"})
                                and not (own and not (m.actor.known or m.actor.code))]
                    if mentions:
                        found.extend(mentions)
                    else:
                        following.append((phrase, where))
        if found or not following:
            return found
        frontier = following
    return []


CONDITION_MARKS = {"unless", "if", "until", "before"}


def _condition_party(token: Token, actor_at: dict[int, ActorMention], exclude: list[ActorMention]) -> list[ActorMention]:
    """The party a condition is set for, when nobody else is acted on: "threatened to halt talks
    unless Baghdad accepted", "refused to sign before the RSF withdraws"."""
    complements = [c for c in token.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and _infinitive(c))]
    for verb in [token, *complements]:
        for clause in verb.children:
            if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children):
                subject, passive = _subject(clause)
                if subject is not None and not passive and subject.head.i == clause.i:
                    found = [m for m in _mentions_in(subject, actor_at) if m not in exclude]
                    if found:
                        return found
    return []


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# "Israel is opposed to French mediation": a participle with no agent that states its subject's stance
STANCE_PARTICIPLES = {"oppose"}
READINESS = {"ready", "willing", "prepared", "determined", "committed", "eager", "keen"}


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, inherited through participles, coordination and control verbs."""
    current = token
    for _ in range(6):
        # the subject nearest the verb: "KYIV, Jan 9 — Russia struck" has the dateline as a second one
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if subjects:
            nearest = min(subjects, key=lambda c: abs(c.i - current.i))
            return nearest, nearest.dep_ == "nsubjpass"
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ in {"VBG", "VBD"}):
            # "militias that attacked", "a declaration demanding", "youths resorted": the noun modified
            # does it (a passive participle's noun suffers it: "the man killed by police")
            return current.head, False
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            # "youths resorted to throwing stones", "the army is guilty of violating": the doer is the
            # host's subject, unless the host has an object, who is then the doer ("accused X of violating")
            host = current.head.head
            if any(c.dep_ == "dobj" for c in host.children) or host.i == current.i:
                return None, False
            if host.dep_ == "acl" and host.tag_ == "VBN" and not any(c.dep_ == "agent" for c in host.children):
                # "youths resorted to throwing": the noun the participle describes is the doer (not
                # when others say so: "nationals suspected by the West of blowing up a plane")
                return host.head, False
            current = host.head if host.dep_ == "acomp" else host
            continue
        # "Kenya is ready to withdraw": an intention adjective's infinitive takes the copula's subject
        # ("Greece is opposed to": the parser may take a stance participle for an adjective)
        readiness = current.dep_ == "acomp" and (
            (current.i != token.i and current.lemma_.lower() in READINESS)
            or current.lemma_.lower() in STANCE_PARTICIPLES)
        if (current.dep_ not in {"xcomp", "advcl", "conj", "pcomp", "acl"} and not readiness) or (
            current.head.i == current.i
        ):
            return None, False
        current = current.head
    return None, False


@dataclass
class Arguments:
    actors: list[ActorMention]
    recipients: list[ActorMention]
    # the recipients were found inside an object or complement ("agreed to lift sanctions on Iran"):
    # they are the ones acted on, not partners, even of a symmetric verb
    inner: bool = False


def read_arguments(candidate: Candidate, actor_at: dict[int, ActorMention], governing_actors: list[ActorMention],
                   previous_subject: list[ActorMention], stop: set[int] | None = None,
                   belligerents: Sequence[ActorMention] = ()) -> Arguments:
    """Actors and recipients of a trigger from its subject, objects and prepositions.

    ``governing_actors`` (of the event whose clause holds this one) and ``previous_subject`` (of the
    previous sentence) stand in for pronouns; ``belligerents`` (the two sides of the last hostile
    event) for "both sides".
    """
    token = candidate.token
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []
    inner = False
    objects: list[ActorMention] = []  # found in the direct object
    addressees: list[ActorMention] = []  # found after "to"

    def add(target: list[ActorMention], argument: Token) -> None:
        if argument.lower_ in PRONOUNS and argument.i not in actor_at:
            target.extend(_resolve_pronoun(argument, actor_at, governing_actors, previous_subject))
            return
        found = _mentions_in(argument, actor_at)
        if target is recipients and actors and _own_belonging(argument):
            found = [m for m in found if m.actor.known or m.actor.code]
            if not found:
                return
        if not found and argument.pos_ == "VERB":
            # "The Red Cross operating in Iraq said": the parser took the participle for the (clausal) subject
            found = [m for c in argument.children if c.dep_ == "nsubj" for m in _mentions_in(c, actor_at)]
        if not found:
            found = _parties_referred(argument, actor_at, belligerents)
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
        stance = token.lemma_.lower() in STANCE_PARTICIPLES and not any(c.dep_ == "agent" for c in token.children)
        if subject is not None and passive and subject.head.i == token.i and not stance:
            # "the situation in Idlib ... be discussed": a passive subject of talk is its topic; of
            # an accusation, a threat or a demand its target ("X was indicted by a court")
            if candidate.trigger.type == "RETREAT" and not any(c.dep_ == "agent" for c in token.children):
                add(actors, subject)  # "guerrillas have been demobilized": they are the ones who withdraw
            elif candidate.trigger.type not in TALK_TYPES:
                add(recipients, subject)
        elif subject is not None:
            add(actors, subject)
            if not actors and subject.dep_ == "dobj" and token.dep_ == "acl":
                # "the PKK issued a declaration demanding": a statement nobody else is named for is
                # its issuer's
                issuer, _ = _subject(subject.head)
                if issuer is not None:
                    add(actors, issuer)
            # "Members of X, a body linked to Y, investigated": the parser may take an apposition
            # for a second subject, nearer the verb; then the other one names the actor
            for other in subject.head.children:
                if not actors and other.dep_ == "nsubj" and other.i != subject.i:
                    add(actors, other)
        for child in token.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        add(actors, pobj)
            elif child.dep_ == "dobj" or (child.dep_ == "dative" and child.pos_ != "ADP"):
                before = len(recipients)
                add(recipients, child)
                objects.extend(recipients[before:])
            elif child.dep_ == "prep" and child.lower_ == "between":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        actors.extend(_between_sides(pobj, actor_at))
            # "providing maps to Macedonia": the parser may label the "to" phrase a dative
            elif child.dep_ in {"prep", "dative"} and child.lower_ in RECIPIENT_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        target = actors if child.lower_ in {"with", "between"} else recipients
                        before = len(target)
                        add(target, pobj)
                        del target[before + 2:]
                        if child.lower_ == "to":
                            addressees.extend(recipients[before:])
        if addressees and objects and all(not (m.actor.known or m.actor.code) for m in objects):
            # "contributed troops to Liberia", "handed the prisoners to the Red Cross": unnamed people
            # sent or handed over are what is moved; who receives them is the recipient
            recipients[:] = addressees + [m for m in recipients if m not in addressees]
        if not recipients:
            recipients.extend(_inner_parties([token], actor_at, actors))
            inner = bool(recipients)
        # "asked Western allies to send": the addressee of a request is the complement's subject
        if candidate.trigger.type == "REQUEST":
            for child in token.children:
                if child.dep_ in {"xcomp", "ccomp"}:
                    for grand in child.children:
                        if grand.dep_ == "nsubj" and grand.lower_ not in PRONOUNS:
                            add(recipients, grand)
        # "struck ..., killing three fighters", "..., damaging a hotel and wounding 11 people":
        # casualties are the attack's recipients
        if candidate.trigger.type == "ASSAULT":
            for child in token.children:
                if child.dep_ not in {"advcl", "conj"}:
                    continue
                for clause in (child, *child.conjuncts):
                    if clause.lemma_.lower() in {"kill", "wound", "injure"}:
                        for grand in clause.children:
                            if grand.dep_ == "dobj":
                                add(recipients, grand)
        if not recipients:
            recipients.extend(_condition_party(token, actor_at, actors))
    else:
        for child in token.children:
            if child.dep_ == "poss":
                add(actors, child)
            elif child.dep_ in {"amod", "compound", "nmod"} and child.i in actor_at:
                # "the Putin Erdogan summit": names stacked before the event noun, in the order written
                inside = [m for m in _mentions_in(child, actor_at)
                          if child.left_edge.idx <= m.span.start and m.span.end <= child.right_edge.idx + len(child.right_edge)]
                actors.extend(sorted(inside, key=lambda m: m.span.start) or [actor_at[child.i]])
        # "Klibi undertook a mediation mission between Syria and Arafat": the one who holds the talks
        # comes before those they are held with or between
        for carrier in candidate.carriers:
            # "held talks", "took part in marches": the carrier's subject does it ("talks were held"
            # and "fighting broke out" name no one)
            if _argument_slot(token).dep_ in {"dobj", "attr", "pobj"}:
                subject, _ = _subject(carrier)
                if subject is not None:
                    add(actors, subject)
        for holder in [token, *candidate.carriers]:
            for child in holder.children:
                if child.dep_ not in {"prep", "dative"}:  # "gave a welcome to X": "to" may be a dative
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
        if not recipients:
            recipients.extend(_inner_parties([token, *candidate.carriers], actor_at, actors))
            inner = bool(recipients)
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
    return Arguments(_unique(actors), [m for m in _unique(recipients) if m not in actors], inner)


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


def _focus_country(actors: Sequence[ActorMention]) -> str | None:
    codes = Counter(m.actor.code for m in actors if m.actor.code and m.actor.code != "IGO" and m.actor.known)
    return codes.most_common(1)[0][0] if codes else None


def _with_country(mention: ActorMention, country: str | None) -> ActorMention:
    """Sector-only actors ("residents", "the army") take the country the sentence or article is about;
    a known actor without a country (al-Qaeda, Amnesty International) is transnational and stays so."""
    actor = mention.actor
    if actor.code or actor.known or not country or actor.sector in {"IGO", "NGO"}:
        return mention
    filled = Actor(id=f"{actor.id}:{country}", name=f"{actor.name} ({country})", code=country,
                   sector=actor.sector, wikidata=actor.wikidata, kind=actor.kind, known=actor.known)
    return ActorMention(span=mention.span, actor=filled, via=mention.via + "+context")


def _plausible_actors(doc: Doc, actors: Sequence[ActorMention], place_at: dict[int, PlaceMention]) -> list[ActorMention]:
    """Drop NER guesses that are places ("Abu Al Thahur") or names of things ("the Turkish Stream project"),
    and a demonym inside a longer place name ("the Angolan capital" is Luanda, no Angolan party)."""
    kept: list[ActorMention] = []
    named_things = named_thing_words()
    places = {id(p): p for p in place_at.values()}.values()
    for mention in actors:
        if mention.via == "demonym" and any(
                p.place is not None and p.span.contains(mention.span) and p.span != mention.span for p in places):
            continue
        if mention.via == "ner" and not mention.actor.known:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            if span.root.i in place_at:
                continue  # a place named as a whole; "U.S. Secretary of State John Doe" only holds one
            following = [t for t in doc[span.end : span.end + 2] if not t.is_punct]
            if following and following[0].lemma_.lower() in named_things:
                continue
        kept.append(mention)
    return kept


def _sentence_countries(sentence, actor_at: dict[int, ActorMention]) -> list[str]:
    """The countries the sentence names, most often named first (each mention once, whatever its length:
    "the United States" is no stronger than "Baghdad"), the first named on a tie."""
    mentions = {id(m): m for i in range(sentence.start, sentence.end) if (m := actor_at.get(i)) is not None}
    codes = Counter(m.actor.code for m in mentions.values() if m.actor.code and m.actor.code != "IGO" and m.actor.known)
    return [code for code, _ in codes.most_common()]
