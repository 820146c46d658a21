"""Sizes: how many were killed, injured, arrested or displaced, as the text words it.

A number is a lower bound ("at least 27" → 27, "more than 130" → 130, "dozens" → 24); words with no
number ("civilian deaths") give an unspecified count: ``dead=None, dead_text="civilian deaths"``,
never 0. An explicit "no casualties" is 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwire.lexicon import quantity_words
from eventwire.model import Span
from eventwire.nlp import text_of

KINDS = ("dead", "injured", "arrested", "displaced")
PEOPLE_DEPS = {"dobj", "nsubjpass", "nsubj", "pobj", "conj"}


@dataclass(frozen=True, slots=True)
class SizeMention:
    """One count in the text: its kind, the number (None = unspecified) and the words."""

    kind: str
    count: int | None
    span: Span
    anchor: Token  # the casualty word; used to attach the count to the nearest event


def parse_number(token: Token) -> int | None:
    """The integer a number token stands for ("27", "40,000", "three", "dozens"); None if it is not one."""
    words = quantity_words()
    text = token.lower_.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return int(float(text))
    if text in words.numbers:
        return words.numbers[text]
    if text in words.vague:
        return words.vague[text]
    return None


def _count_of_noun(noun: Token) -> tuple[int | None, Token | None]:
    """The number attached to a noun of people ("27 civilians", "three fighters", "no peacekeepers")."""
    words = quantity_words()
    for child in noun.children:
        if child.dep_ in {"nummod", "det", "amod", "quantmod"}:
            value = parse_number(child)
            if value is not None:
                # "some 40,000": compound numbers ("40 thousand") multiply.
                for grand in child.children:
                    if grand.dep_ in {"compound", "nummod"}:
                        extra = parse_number(grand)
                        if extra and extra >= 100 and value < extra:
                            value *= extra
                return value, child
    # "dozens of citizens": the vague quantity is the head and the people are its object.
    if noun.lower_ in words.vague or noun.lower_ in words.numbers:
        return parse_number(noun), noun
    return None, None


def _people_total(noun: Token) -> tuple[int | None, int, int]:
    """Sum of counts over a coordination ("three fighters and a civilian" → 4), and its token range."""
    total: int | None = None
    start, end = noun.left_edge.i, noun.right_edge.i + 1
    for item in [noun, *[c for c in noun.conjuncts if c.i > noun.i]]:
        count, _ = _count_of_noun(item)
        if count is not None:
            total = (total or 0) + count
    return total, start, end


def _kind_of(lemma: str) -> str | None:
    casualty = quantity_words().casualty
    for kind in (*KINDS, "both"):
        if lemma in casualty.get(kind, frozenset()):
            return kind
    return None


def find_sizes(sentence: SpacySpan) -> list[SizeMention]:
    """Every casualty, arrest or displacement count in a sentence."""
    doc = sentence.doc
    found: list[SizeMention] = []
    for token in sentence:
        kind = _kind_of(token.lemma_.lower())
        if kind is None:
            continue
        if token.pos_ == "VERB":
            people = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
            if token.lemma_.lower() in {"flee", "die"}:
                people = [c for c in token.children if c.dep_ == "nsubj"]
            if not people:
                continue
            total, start, end = _people_total(people[0])
            # "some 40,000 people had fled their homes": keep the people and the verb.
            span_start, span_end = min(start, token.i), max(end, token.i + 1)
        elif token.pos_ in {"NOUN", "ADJ"}:
            # "civilian deaths", "no casualties", "27 dead", "more than 130 wounded"
            total, _ = _count_of_noun(token)
            if total is None and token.head.pos_ == "NUM":
                total = parse_number(token.head)
            span_start, span_end = token.left_edge.i, token.right_edge.i + 1
            if token.pos_ == "ADJ" and total is None:
                continue  # "the wounded soldier" is not a count
        else:
            continue
        span = Span.of(text_of(doc), doc[span_start].idx, doc[span_end - 1].idx + len(doc[span_end - 1].text))
        kinds = ("dead", "injured") if kind == "both" else (kind,)
        for one in kinds:
            found.append(SizeMention(kind=one, count=total, span=span, anchor=token))
    return found
