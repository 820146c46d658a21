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
_NON_ALNUM_ANY_CASE = re.compile(r"[^A-Za-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_ABBREVIATION = re.compile(r"[A-Z]{2,3}")  # "US", "SA", "SAA": letters, not a word
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


def _raw_tokens(name: str) -> list[str]:
    return _NON_ALNUM_ANY_CASE.sub(" ", _QUOTES.sub("", anyascii(name))).split()


def tokens_of(name: str) -> list[str]:
    """ASCII lowercase word tokens of ``name`` with quotes removed (articles kept)."""
    return [t.lower() for t in _raw_tokens(name)]


def name_key(name: str) -> str:
    """The exact-lookup key of a place name.

    Example:
        >>> name_key("Abu al-Duhur") == name_key("Abu Al Duhur") == "abu duhur"
        True
        >>> name_key("Haya’at Tahrir")
        'hayat tahrir'
        >>> name_key("SAA"), name_key("Western US")
        ('saa', 'western us')
    """
    raw = _raw_tokens(name)
    if raw and raw[0].lower() == "the" and len(raw) > 1:
        raw = raw[1:]
    # an abbreviation in capitals is letters, not a word: "SAA" (Syrian Arab Army) is not "SA" or
    # Saa, and in a name not all in capitals it is no Arabic article ("Western US", "US Federal Reserve")
    mixed = any(t != t.upper() for t in raw)
    tokens = [(t.lower(), bool(_ABBREVIATION.fullmatch(t))) for t in raw]
    if len(tokens) > 1:
        tokens = [(t, abbr) for t, abbr in tokens if t not in ARTICLES or abbr and mixed] or tokens
    return " ".join(t if abbr else _DOUBLED.sub(r"\1", t) for t, abbr in tokens)


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
