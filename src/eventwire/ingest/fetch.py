"""Fetching a URL (a page or a feed) when the network allows; any failure is a Rejected naming the URL."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from eventwire.model import Article, Rejected

TIMEOUT_S = 20
MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "eventwire/0.1 (+https://github.com/eventwire)"
_FEED_TYPES = ("rss", "atom", "xml")


def fetch_url(url: str, defaults: dict[str, Any], *, timeout: float = TIMEOUT_S) -> Iterator[Article | Rejected]:
    """The article of a page, or the entries of a feed, at ``url``."""
    from eventwire.ingest.feeds import feed_articles
    from eventwire.ingest.html import html_article

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by the caller
            data = response.read(MAX_BYTES + 1)
            content_type = (response.headers.get("Content-Type") or "").lower()
    except urllib.error.HTTPError as exc:
        yield Rejected(url, f"cannot fetch: HTTP {exc.code} {exc.reason}")
        return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        yield Rejected(url, f"cannot fetch: {reason} (no network, or the host is down?)")
        return
    if len(data) > MAX_BYTES:
        yield Rejected(url, f"larger than {MAX_BYTES // 2**20} MiB; not an article")
        return
    head = data[:512].lstrip().lower()
    if any(kind in content_type for kind in _FEED_TYPES) or b"<rss" in head or b"<feed" in head:
        yield from feed_articles(data, url, defaults)
    else:
        yield html_article(data, url, defaults, url=url)
