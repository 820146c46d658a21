"""eventwire: event data from news reports, with evidence, source and certainty.

Example:
    >>> import eventwire
    >>> events = eventwire.extract("Rebels shelled the town of Morek on Monday.", published="2020-01-14")
    >>> events[0].event
    'ASSAULT'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "__version__"]

if TYPE_CHECKING:
    from eventwire.model import Event


def extract(text: str, published: Any = None, **article_fields: Any) -> list[Event]:
    """Events of one article text. ``published`` is a date or an ISO string (YYYY-MM-DD)."""
    from eventwire.pipeline import extract_text

    return extract_text(text, published=published, **article_fields)
