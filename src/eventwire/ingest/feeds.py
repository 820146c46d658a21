"""RSS and Atom feeds (feedparser): one article per entry, from its content or, failing that, its summary.

The article text is the entry's title, a blank line, then the entry's text with its HTML removed,
so the headline is read like the first line of a text file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from eventwire.model import Article, Rejected

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def feed_articles(data: bytes, source: str, defaults: dict[str, Any]) -> Iterator[Article | Rejected]:
    """The entries of a feed as Articles (source ``FEED#N``), a Rejected per empty entry."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            yield Rejected(source, f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        else:
            yield Rejected(source, "the feed has no entries")
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, 1):
        entry_source = f"{source}#{number}"
        body = _entry_html(entry)
        text = html_to_text(body) if body else ""
        title = " ".join((entry.get("title") or "").split()) or None
        if not text:
            yield Rejected(entry_source, "feed entry has no text (neither content nor summary)")
            continue
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
        fields = dict(defaults)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        if published:
            fields["published"] = dt.date(*published[:3])
        if feed_title:
            fields["publisher"] = feed_title
        if entry.get("link"):
            fields["url"] = entry["link"]
        yield Article.from_text(text, title=title, source=entry_source, **fields)


def _entry_html(entry: Any) -> str:
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return content["value"]
    return entry.get("summary") or ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(fragment.split())
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    paragraphs = (" ".join(part.split()) for part in root.text_content().split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
