"""Saved or fetched web pages: main text and title by trafilatura, publication date by htmldate.

The article text is what trafilatura keeps of the page (boilerplate such as menus, footers and
comments removed), so evidence spans index into that text, not into the HTML.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from eventwire.model import Article, Rejected

# trafilatura and htmldate log every page they find hard at WARNING; a batch of thousands would drown.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def html_article(data: bytes, source: str, defaults: dict[str, Any], *, url: str | None = None) -> Article | Rejected:
    """The article of one HTML page; metadata read from the page wins over the CLI defaults."""
    import htmldate
    import trafilatura
    from trafilatura.utils import decode_file

    try:
        page = decode_file(data)
    except Exception as exc:  # noqa: BLE001 - any decoding failure is a bad input, not a crash
        return Rejected(source, f"cannot decode the HTML page: {exc}")
    if not page.strip():
        return Rejected(source, "empty HTML page")
    try:
        document = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001
        return Rejected(source, f"cannot parse the HTML page: {type(exc).__name__}: {exc}")
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        return Rejected(source, "no main text found in the HTML page (is it an article page, not an index or a login page?)")
    if "\x00" in text:
        return Rejected(source, "the page text contains NUL characters")
    fields = dict(defaults)
    published = _publication_date(htmldate, page, url) or _iso(getattr(document, "date", None))
    if published:
        fields["published"] = published
    if getattr(document, "sitename", None):
        fields["publisher"] = document.sitename
    page_url = getattr(document, "url", None) or url
    if page_url:
        fields["url"] = page_url
    title = (getattr(document, "title", None) or "").strip() or None
    return Article.from_text(text, title=title, source=source, **fields)


def _publication_date(htmldate: Any, page: str, url: str | None) -> dt.date | None:
    try:
        # original_date: the first publication, not a later "updated" stamp.
        found = htmldate.find_date(page, url=url, original_date=True)
    except Exception:  # noqa: BLE001 - a date we cannot read is a missing date
        return None
    return _iso(found)


def _iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
