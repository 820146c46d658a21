"""Ingest: articles from files, folders, feeds and URLs, then the checks every article passes.

``readers`` turns inputs into :class:`~eventwire.model.Article` or
:class:`~eventwire.model.Rejected` records (one module per format: ``html``, ``feeds``,
``tables``, ``fetch``); ``language`` rejects articles that are not in English; ``near_duplicates``
finds syndicated copies with MinHash.
"""

from eventwire.ingest.readers import (
    SUFFIXES,
    InputFormat,
    article_from_record,
    decode_text,
    find_title,
    parse_date,
    parse_published,
    read_inputs,
    url_list,
)

__all__ = [
    "SUFFIXES",
    "InputFormat",
    "article_from_record",
    "decode_text",
    "find_title",
    "parse_date",
    "parse_published",
    "read_inputs",
    "url_list",
]
