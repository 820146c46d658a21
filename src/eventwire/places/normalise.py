"""Transliteration-robust keys for place names.

Arabic, Russian and other names reach English news in many spellings ("Abu al-Duhur", "Abu Al
Thahur", "Abu ad Duhur", "Abou ed Douhour"). Two keys bring them together:

- :func:`name_key`: ASCII, lowercase, quotes and punctuation gone, Arabic article variants
  ("al-", "el ", "ad-", "ash-", ...) dropped, doubled letters collapsed. Used for exact lookup.
- :func:`skeleton_key`: the name key reduced further to a consonant skeleton ("th"/"dh"/"z" → "d",
  vowels after the first letter of each word dropped). It over-generates on purpose; a match on it
  alone is only trusted near the article's other places (see ``resolve``).
"""

from __future__ import annotations

import re

from anyascii import anyascii

# Arabic definite-article renderings, as separate tokens after hyphens are split.
ARTICLES = frozenset(
    "al el il ul ad ed ud adh edh ath eth ar er ur as es us ash esh az ez at et an en un "
    "ag ak ay".split()
)
_QUOTES = re.compile(r"[\u2019\u2018\u201b'`\u02bc\u02bb\u02be\u02bf\u00b4\"\u201c\u201d]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
# Digraphs and letters that transliterations of one Arabic/Cyrillic sound disagree on.
_SKELETON_SUBS = (
    ("ou", "u"),
    ("dh", "d"),
    ("th", "d"),
    ("z", "d"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("q", "k"),
    ("c", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("j", "g"),
)
_VOWELS = re.compile(r"[aeiouy]")


def tokens_of(name: str) -> list[str]:
    """ASCII lowercase word tokens of ``name`` with quotes removed (articles kept)."""
    text = anyascii(name).lower()
    text = _QUOTES.sub("", text)
    return _NON_ALNUM.sub(" ", text).split()


def name_key(name: str) -> str:
    """The exact-lookup key of a place name.

    Example:
        >>> name_key("Abu al-Duhur") == name_key("Abu Al Duhur") == "abu duhur"
        True
        >>> name_key("Haya’at Tahrir")
        'hayat tahrir'
    """
    tokens = tokens_of(name)
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    if len(tokens) > 1:
        kept = [t for t in tokens if t not in ARTICLES]
        tokens = kept or tokens
    return " ".join(_DOUBLED.sub(r"\1", t) for t in tokens)


def skeleton_key(name: str) -> str:
    """A consonant skeleton of the name key, so spelling variants of one name meet.

    Example:
        >>> skeleton_key("Abu Al Thahur") == skeleton_key("Abu ad Duhur")
        True
        >>> skeleton_key("Habit") == skeleton_key("Hbeit")
        True
    """
    parts = []
    for token in name_key(name).split():
        for old, new in _SKELETON_SUBS:
            token = token.replace(old, new)
        token = _DOUBLED.sub(r"\1", token)
        parts.append(token[:1] + _VOWELS.sub("", token[1:]))
    return "".join(parts)
