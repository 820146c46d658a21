"""Modality: whether the text asserts an event, reports it, plans it, speculates about it or negates it.

Read from the trigger's clause and the clauses that govern it: negation ("did not", "no agreement",
"denied targeting"), modal and future auxiliaries, governing verbs and adjectives of intention or
likelihood ("aims to", "is expected to", "it is natural that"), and past-time adverbs ("had
previously met"). Speculation and negation are never reported as facts.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.lexicon import attribution_cues
from eventwire.model import Modality

SPECULATIVE_AUX = {"may", "might", "could", "can"}
FUTURE_AUX = {"will", "shall", "would", "'ll", "wo"}
PLANNING_VERBS = {"plan", "intend", "schedule", "prepare", "expect", "due", "set", "decide", "agree", "vow", "swear",
                  "pledge", "promise"}
INTENT_ADJ = {"ready", "willing", "prepared", "committed", "determined"}
SPECULATIVE_VERBS = {"aim", "seem", "appear", "hope", "want", "seek", "try", "consider", "likely", "need", "fear"}
SPECULATIVE_ADJ = {"natural", "likely", "possible", "probable", "unlikely", "expected", "unclear", "unknown", "possibly"}
HISTORICAL_ADV = {"previously", "formerly", "once", "earlier", "before"}
NEGATING_DETS = {"no", "neither"}
FACTUAL_MARKS = {"since", "because", "as", "after", "although", "though", "while", "when", "once"}
FAILING_VERBS = {"fail", "refuse"}
# Links along which a governing clause's modality reaches the trigger.
GOVERNING_DEPS = {"xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "pobj", "prep", "dobj", "conj"}


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in {"det", "advmod"} and child.lower_ in NEGATING_DETS | {"never"}:
            return True
    return False


def _object_negated(token: Token) -> bool:
    """"reached no agreement", "no peacekeepers were hurt": a negated argument negates the event."""
    return any(
        child.dep_ in {"dobj", "nsubjpass"} and any(g.dep_ == "det" and g.lower_ in NEGATING_DETS for g in child.children)
        for child in token.children
    )


def _copula_adjectives(token: Token) -> set[str]:
    return {child.lower_ for child in token.children if child.dep_ in {"acomp", "attr", "advmod"}}


def modality_of(trigger: Token, *, reported: bool, governed_by: list[Token] | None = None) -> Modality:
    """The modality of the event announced by ``trigger``.

    ``reported`` says whether an attribution relation holds the trigger; ``governed_by`` lists light
    verbs that carry a nominal trigger ("a meeting took place") whose auxiliaries count too.
    """
    negating = attribution_cues().negating_verbs
    carriers = [trigger, *(governed_by or [])]
    if any(_negated(t) or _object_negated(t) for t in carriers):
        return "negated"
    for carrier in carriers:
        for child in carrier.children:
            lowered = child.lower_
            if child.dep_ in {"aux", "auxpass"} and lowered in SPECULATIVE_AUX:
                return "speculated"
            if child.dep_ in {"aux", "auxpass"} and lowered in FUTURE_AUX:
                return "planned"
            # "had previously met"; not "earlier in the day", which is a time, not a frame
            if child.dep_ == "advmod" and lowered in HISTORICAL_ADV and not list(child.children) and any(
                a.lower_ == "had" for a in carrier.children if a.dep_ == "aux"
            ):
                return "historical"
            if child.dep_ == "advmod" and lowered in {"previously", "formerly"}:
                return "historical"
    # Walk up the governing clauses: "may aim to open a battle", "is expected to meet".
    current = carriers[-1]
    for _ in range(6):
        if current.dep_ not in GOVERNING_DEPS or current.head.i == current.i:
            break
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in FACTUAL_MARKS for c in current.children):
            break  # "especially since the cease-fire was agreed": a reason clause states a fact
        head = current.head
        lemma = head.lemma_.lower()
        if head.pos_ in {"VERB", "AUX"} and lemma in attribution_cues().speech_verbs and lemma not in negating:
            # The reporting frame does not change the event's modality, but its tense does:
            # "said the talks would resume" is planned, set by the embedded clause itself.
            break
        if lemma in negating and current.dep_ in {"ccomp", "xcomp", "pcomp", "dobj"}:
            # "did not deny shelling": a negated denial leaves the event standing
            return "reported" if _negated(head) else "negated"
        if lemma in FAILING_VERBS and current.dep_ == "xcomp":
            return "negated"
        if _negated(head) and current.dep_ in {"xcomp", "ccomp"}:
            return "negated"
        for child in head.children:
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in SPECULATIVE_AUX:
                return "speculated"
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in FUTURE_AUX and current.dep_ in {"xcomp"}:
                return "planned"
        if current.dep_ in {"xcomp", "ccomp"} and lemma in PLANNING_VERBS:
            return "planned"
        # "is ready to contribute", "is willing to withdraw": a stated intention
        if current.dep_ == "xcomp" and lemma in INTENT_ADJ:
            return "planned"
        if current.dep_ in {"xcomp", "ccomp", "dobj"} and lemma in SPECULATIVE_VERBS | {"expect"}:
            return "speculated"
        if current.dep_ in {"ccomp", "xcomp"} and _copula_adjectives(head) & SPECULATIVE_ADJ:
            return "speculated"
        if head.lower_ in SPECULATIVE_ADJ:
            return "speculated"
        current = head
    return "reported" if reported else "asserted"


FACTUAL = {"asserted", "reported", "historical"}
IRREALIS = {"speculated", "planned", "demanded"}


def modality_class(modality: str) -> str:
    """factual, irrealis or negated: the classes the evaluation compares."""
    if modality in FACTUAL:
        return "factual"
    if modality in IRREALIS:
        return "irrealis"
    return "negated"
