"""Time expressions: find them in a parsed article and resolve them to date intervals.

Every expression becomes an inclusive interval ``start``..``end`` with a precision (day, week,
month, season, year), resolved against the article's publication date. The rules here come first;
dateparser is only a fallback for explicit dates written in a form the rules do not know
("8/1/2020"), because it returns nothing or a wrong date for much of what news text says ("during
the past month", "last summer", "the 1990s", "one day after it was announced").

Conventions (documented once, here):

* Weeks run Monday to Sunday (ISO 8601); the weekend is Saturday and Sunday.
* Seasons are northern-hemisphere, see ``data/time_expressions.yaml``.
* A weekday or a date without a year is read as past by default: the most recent such day on or
  before publication ("on Sunday"); "last Sunday" is strictly before publication. When the clause
  is future or planned (see :func:`is_future`) it is the next such day on or after publication
  ("is expected to meet on Tuesday"); "next Sunday" is strictly after.
* "this week/month/year/weekend/summer" is the current period, cut at publication: up to it for a
  past clause, from it for a future one.
* "overnight" and "last night" are the night before publication: yesterday..today.
* "earlier in the day", "the same day", "a day earlier", "the day before", "two days later" are
  relative to the last single day named earlier in the same or the previous paragraph
  (``find_dates``), else to publication; forward ones ("the next day") need such a day.
  "N days after/before <something>" needs the date of that something and is left out.
* A range ("from March to May", "between Friday and Sunday", "May 3-5") runs from the start of
  its first end point to the end of its second, the first taken a week or a year earlier when it
  would fall after the second; "early Monday", "late on Sunday" are that day.
* Without a publication date, explicit dates with a year resolve; everything relative is None.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import TYPE_CHECKING

from eventwire.dates.rules import _apply, _as_date, _Context, _interval, _Match, _resolve, _scan, _SINCE_BEFORE
from eventwire.dates.tense import is_future
from eventwire.model import DateInterval, Span
from eventwire.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_dates", "resolve_expression", "publication_fallback", "is_future"]


def resolve_expression(text: str, published: dt.date | None, *, future: bool = False) -> DateInterval | None:
    """Resolve one time expression against a publication date.

    Args:
        text: the expression as written ("last Wednesday", "during the past month", "8 January").
        published: the article's publication date; without it only explicit dates with a year
            resolve.
        future: read the expression as future (a planned event): weekdays, dates without a year
            and current periods go forward from publication instead of back.

    Returns:
        An inclusive interval with its precision and ``text``, without a span; None when the text
        is no time expression this stage knows, or is relative and there is no publication date.
        Expressions counted from another day ("a day earlier") count from publication here.

    Example:
        >>> d = resolve_expression("last Wednesday", dt.date(2020, 1, 14))
        >>> d.start, d.end, d.precision
        (datetime.date(2020, 1, 8), datetime.date(2020, 1, 8), 'day')
        >>> resolve_expression("on Tuesday", dt.date(2024, 5, 13), future=True).start
        datetime.date(2024, 5, 14)
    """
    published = _as_date(published)
    return _interval(_resolve(text, _Context(published, future, published)), text, None)


def publication_fallback(published: dt.date | dt.datetime) -> DateInterval:
    """The publication day, standing in for an event whose text gives no time.

    Example:
        >>> publication_fallback(dt.date(2020, 1, 14))
        DateInterval(start=datetime.date(2020, 1, 14), end=datetime.date(2020, 1, 14), precision='day', text=None, span=None, fallback=True)
    """
    day = _as_date(published)
    if day is None:
        raise ValueError("publication_fallback needs a publication date")
    return DateInterval(start=day, end=day, precision="day", fallback=True)


# --- whole documents ----------------------------------------------------------------------------


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (non-blank lines) begin."""
    return [m.start() for m in re.finditer(r"^[^\S\n]*\S", text, re.MULTILINE)]


def find_dates(doc: Doc, published: dt.date | dt.datetime | None) -> list[DateInterval]:
    """Every time expression in a parsed article, resolved against its publication date.

    The rules of this module find the expressions; spaCy DATE and TIME entities that no rule
    covers are resolved as whole expressions (rules, then the dateparser fallback for explicit
    dates), and dropped when that gives nothing ("the largest swap in months"). Each expression's
    tense comes from :func:`is_future`. "since X" runs from X to publication. Expressions counted
    from another day ("earlier in the day", "a day earlier", "the next day") count from the last
    single day named before them in the same or the previous paragraph, else from publication.

    Args:
        doc: the article parsed by the pipeline from :mod:`eventwire.nlp`.
        published: the publication date, or None (then only explicit dates with a year resolve).

    Returns:
        Intervals in text order, each with ``span`` (offsets into ``doc.text``) and ``text``.

    Example:
        >>> from eventwire import nlp
        >>> doc = nlp.load()("Rebels shelled the town on Sunday.")
        >>> [(d.text, d.start.isoformat()) for d in find_dates(doc, dt.date(2023, 10, 30))]
        [('Sunday', '2023-10-29')]
    """
    published = _as_date(published)
    text = text_of(doc)
    matches = _scan(text)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and not any(
            m.start < ent.end_char and ent.start_char < m.end for m in matches
        ):
            matches.append(_Match(ent.start_char, ent.end_char, None, None))
    matches.sort(key=lambda m: m.start)
    paragraphs = _paragraph_starts(text)

    results: list[DateInterval] = []
    anchor: tuple[int, dt.date] | None = None  # (its paragraph number, the day)
    for found in matches:
        start, end = found.start, found.end
        since = _SINCE_BEFORE.search(text, max(0, start - 16), start)
        if since:
            start = since.start()
        char_span = doc.char_span(found.start, end, alignment_mode="expand")
        future = char_span is not None and len(char_span) > 0 and is_future(char_span)
        paragraph = bisect.bisect_right(paragraphs, start)
        # A narrative goes on across a paragraph break ("... on Sunday." / "... rocket fire
        # earlier in the day"), so the anchor holds for the next paragraph too, not beyond.
        anchor_day = anchor[1] if anchor is not None and paragraph - anchor[0] <= 1 else None
        ctx = _Context(published, future, anchor_day)
        if found.rule is not None and found.match is not None and not since:
            result = _apply(found.rule, found.match, ctx)
        else:
            result = _resolve(text[start:end], ctx)
        interval = _interval(result, text[start:end], Span.of(text, start, end))
        if interval is None:
            continue
        results.append(interval)
        if interval.precision == "day" and interval.start == interval.end:
            anchor = (paragraph, interval.start)
    return results
