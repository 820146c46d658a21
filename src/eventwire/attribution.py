"""Attribution: who the text says is the source of a statement, and the cue that says so.

Two shapes cover most news prose:
- a reporting verb with a subject ("SANA announced that ...", "..., Lebanese security sources said");
- a prepositional cue ("..., according to local sources", "citing a Turkish official").
An event is attributed to a relation when its trigger lies in the relation's content, or, for
prepositional cues, in the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.lexicon import attribution_cues
from eventwire.model import Span
from eventwire.nlp import text_of

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CONTENT_DEPS = {"ccomp", "dobj", "xcomp", "parataxis"}
# Clause links a participle ("saying ...") or a coordinated verb can take its subject through.
SUBJECT_INHERIT_DEPS = {"advcl", "conj", "xcomp"}


@dataclass(frozen=True, slots=True)
class AttributionRelation:
    """A source, its cue and the content attributed to it; ``source`` is None for agentless cues."""

    source: Span | None
    cue: Span
    content: Span | None
    cue_lemma: str
    sentence: Span
    prepositional: bool = False


def token_span(doc: Doc, start_token: int, end_token: int) -> Span:
    """The character span of tokens [start_token, end_token) without surrounding punctuation."""
    tokens = doc[start_token:end_token]
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return Span.of(text_of(doc), tokens.start_char, tokens.end_char)


def subtree_span(token: Token, exclude: set[int] | None = None) -> Span:
    """The span of a token's subtree, cut before any excluded child's subtree that trails it."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    if exclude:
        for child in token.children:
            if child.i in exclude and child.i > token.i:
                end = min(end, child.left_edge.i)
    return token_span(token.doc, start, max(end, token.i + 1))


def inherited_subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it hangs from ("Hezbollah claimed ..., saying ...")."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS]
        if subjects:
            # two subjects is a misparse of an apposition before the real one ("..., the FDLR, an armed
            # group based in Congo, a Rwandan official told reporters"): the one next to the verb
            return max(subjects, key=lambda child: (child.i < current.i, child.i if child.i < current.i else -child.i))
        if current.dep_ not in SUBJECT_INHERIT_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _source_span(subject: Token) -> Span:
    # A relative clause on the source is not part of its name.
    skip = {child.i for child in subject.children if child.dep_ in {"relcl", "acl"}}
    return subtree_span(subject, skip)


def find_attributions(doc: Doc) -> list[AttributionRelation]:
    """Every attribution relation in a parsed document.

    Example:
        >>> from eventwire.nlp import load
        >>> relations = find_attributions(load()("Rebels shelled Morek, local sources said."))
        >>> relations[0].source.text, relations[0].cue.text
        ('local sources', 'said')
    """
    cues = attribution_cues()
    relations: list[AttributionRelation] = []
    for sentence in doc.sents:
        sentence_span = Span.of(text_of(doc), sentence.start_char, sentence.end_char)
        for token in sentence:
            if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in cues.speech_verbs:
                relation = _verbal_relation(doc, token, sentence_span)
                if relation:
                    relations.append(relation)
            relation = _prepositional_relation(doc, token, sentence_span, cues.prepositional)
            if relation:
                relations.append(relation)
    return relations


def _verbal_relation(doc: Doc, verb: Token, sentence: Span) -> AttributionRelation | None:
    content_tokens = [child for child in verb.children if child.dep_ in CONTENT_DEPS]
    if any(t.dep_ == "ccomp" for t in content_tokens):
        # "told Reuters that ...": with a clause to report, the object is the addressee, not content
        content_tokens = [t for t in content_tokens if t.dep_ != "dobj"]
    # "X said" after the reported clause: the parser often makes the clause the head.
    if not content_tokens and verb.dep_ in {"ccomp", "parataxis", "advcl"} and verb.head.i < verb.i:
        content_tokens = [verb.head]
    if not content_tokens:
        return None
    subject = inherited_subject(verb)
    source = _source_span(subject) if subject is not None and subject.dep_ == "nsubj" else None
    if content_tokens[0].i < verb.i and content_tokens[0] is verb.head:
        head = content_tokens[0]
        content = token_span(doc, head.left_edge.i, verb.left_edge.i)
    else:
        first, last = content_tokens[0], content_tokens[-1]
        content = token_span(doc, first.left_edge.i, last.right_edge.i + 1)
    return AttributionRelation(
        source=source,
        cue=Span.of(text_of(doc), verb.idx, verb.idx + len(verb.text)),
        content=content,
        cue_lemma=verb.lemma_.lower(),
        sentence=sentence,
    )


def _prepositional_relation(
    doc: Doc, token: Token, sentence: Span, cue_words: tuple[tuple[str, ...], ...]
) -> AttributionRelation | None:
    lowered = token.lower_
    for words in cue_words:
        if lowered != words[0]:
            continue
        cue_end = token.i + len(words)
        if cue_end > len(doc) or [t.lower_ for t in doc[token.i : cue_end]] != list(words):
            continue
        last_cue = doc[cue_end - 1]
        objects = [child for child in last_cue.children if child.dep_ in {"pobj", "dobj"}]
        if not objects and cue_end < len(doc):
            objects = [doc[cue_end]] if doc[cue_end].pos_ in {"NOUN", "PROPN", "DET", "ADJ", "NUM"} else []
        if not objects:
            continue
        source_token = objects[0]
        if source_token.lemma_.lower() in attribution_cues().not_sources:
            continue
        source = token_span(doc, source_token.left_edge.i, max(source_token.right_edge.i + 1, cue_end + 1))
        if source.start < last_cue.idx + len(last_cue.text):
            source = token_span(doc, cue_end, source_token.right_edge.i + 1)
        return AttributionRelation(
            source=source,
            cue=Span.of(text_of(doc), token.idx, last_cue.idx + len(last_cue.text)),
            content=_clause_of(token, sentence),
            cue_lemma=" ".join(words),
            sentence=sentence,
            prepositional=True,
        )
    return None


def _clause_of(cue: Token, sentence: Span) -> Span:
    """The clause a prepositional cue attaches to. In "A opened crossings, and the agency reported B,
    according to the agency" the cue covers the last coordinated clause before it, not A."""
    head = cue.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    if head.pos_ not in {"VERB", "AUX"}:
        return sentence
    # "fighting broke out ... and continued ..., killing 27 civilians, according to X": a participle
    # and a verb sharing its subject continue the report the cue sources
    for _ in range(4):
        if head.dep_ == "advcl" and head.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
            head = head.head
        elif head.dep_ == "conj" and head.head.pos_ in {"VERB", "AUX"} and not any(
                c.dep_ in SUBJECT_DEPS for c in head.children):
            head = head.head
        else:
            break
    doc = cue.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    coordinated = [c for c in head.children if c.dep_ == "conj" and c.right_edge.i < cue.i]
    if coordinated:
        start = coordinated[-1].left_edge.i
    return Span.of(text_of(doc), doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def relations_for(trigger: Token, relations: list[AttributionRelation]) -> list[AttributionRelation]:
    """Relations whose content holds the trigger, skipping the trigger's own reporting verb."""
    found = []
    position = trigger.idx
    for relation in relations:
        if relation.cue.start <= position < relation.cue.end:
            continue
        if relation.content is not None and relation.content.start <= position < relation.content.end:
            found.append(relation)
    return found
