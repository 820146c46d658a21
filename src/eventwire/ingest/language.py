"""Language check: only English articles are processed for now; others are rejected with the reason.

py3langid ships its model inside the wheel, so nothing is downloaded at run time. Short texts are
not judged (langid is unreliable below a sentence or two: "Rebels shelled Morek." scores 0.18 for
English), nor are texts whose best guess is uncertain.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

from eventwire.model import Article, Rejected

ENGLISH = {"en", "eng", "english"}
MIN_WORDS = 8
MIN_PROBABILITY = 0.8
SAMPLE_CHARS = 5000  # the language of an article shows in its first paragraphs


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability) of a text, or None when it is too short to judge."""
    if len(text.split()) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), float(probability)


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return language.name if language else code


def check_language(article: Article) -> Article | Rejected:
    """The article (its ``language`` set to ``en``), or a Rejected when it is not in English."""
    source = article.source or article.id
    stated = (article.language or "").strip().lower()
    if stated and stated.split("-")[0] not in ENGLISH:
        return Rejected(source, f"language stated as {stated!r}, not English; only English articles are processed for now", article.id)
    detected = detect_language(article.text)
    if detected is not None:
        code, probability = detected
        if code != "en" and probability >= MIN_PROBABILITY:
            return Rejected(
                source,
                f"language detected as {language_name(code)} ({code}, probability {probability:.2f}), not English; "
                "only English articles are processed for now",
                article.id,
            )
    return article
