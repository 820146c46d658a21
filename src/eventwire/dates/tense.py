"""Tense of a time expression from the dependency parse: future or planned, else past."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventwire.dates.lexicon import _lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_LEX = _lexicon()


# --- tense --------------------------------------------------------------------------------------


def _governing_verb(span: SpacySpan) -> Token | None:
    """The verb a time expression attaches to: up the tree from its root to the first verb."""
    token = span.root
    while True:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_.lower() == "due"):
            if not (token.i >= span.start and token.i < span.end):
                return token
        if token.head.i == token.i:
            return None
        token = token.head


def _future_marked(verb: Token) -> bool:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _LEX.future_aux and not aux & {"have", "has", "had", "'ve"}:  # not "would have met"
        return True
    lemma = verb.lemma_.lower()
    return lemma in _LEX.future_participles and (
        lemma == "due" or verb.dep_ == "acl" or any(c.dep_ == "auxpass" for c in verb.children)
    )


def is_future(span: SpacySpan) -> bool:
    """Whether a time expression belongs to a future or planned clause.

    Read from the dependency parse. The expression is future when its own words say so ("next",
    "coming", "tomorrow", "later this"), or when the verb it attaches to (the first verb above the
    expression's root), or a verb that verb is coordinated with or is the infinitive complement
    of, has the auxiliary will/would/shall ("will resume on Monday", "said the talks would resume
    this week", but not "would have met"), is the infinitive complement (xcomp) of an expectation
    or plan ("is expected to meet", "plans to visit", "is due to arrive", "is set to resume",
    "is going to", "is to meet"), or is a planning participle ("a vote scheduled for Monday",
    "talks are expected on Tuesday"). The cue words are in ``data/time_expressions.yaml``.
    Everything else is read as past or present: the resolver treats both as on or before
    publication.

    Example:
        >>> from eventwire import nlp
        >>> doc = nlp.load()("The council is expected to meet on Tuesday.")
        >>> is_future(doc[-3:-1])
        True
    """
    if re.search(r"\b(?:next|coming|tomorrow|later this|upcoming)\b", span.text, re.IGNORECASE):
        return True
    verb = _governing_verb(span)
    for _ in range(6):  # a short climb: xcomp and conj chains are short
        if verb is None:
            return False
        if _future_marked(verb):
            return True
        head = verb.head
        if head.i == verb.i or verb.dep_ not in ("xcomp", "conj"):
            return False
        if verb.dep_ == "xcomp":
            lemma = head.lemma_.lower()
            going = lemma != "go" or head.tag_ == "VBG"  # "is going to", not "went to"
            to_infinitive = lemma != "be" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            if lemma in _LEX.future_heads and going and to_infinitive:
                return True
        verb = head
    return False
