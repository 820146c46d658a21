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
* Without a publication date, explicit dates with a year resolve; everything relative is None.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from eventwire import config
from eventwire.errors import DataError
from eventwire.model import DateInterval, DatePrecision, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["find_dates", "resolve_expression", "publication_fallback", "is_future"]

LEXICON_PATH = config.DATA_DIR / "time_expressions.yaml"
ONE_DAY = dt.timedelta(days=1)


# --- lexicon ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]  # lower-cased name or abbreviation -> month number
    month_pattern: str  # regex alternation, case-sensitive first letter
    weekdays: dict[str, int]
    seasons: dict[str, tuple[tuple[int, int], tuple[int, int]]]  # name -> (core, months)
    numbers: dict[str, int]
    vague_extent: dict[str, int]
    future_aux: frozenset[str]
    future_heads: frozenset[str]
    future_participles: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    try:
        raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
        months: dict[str, int] = {}
        alternatives: list[str] = []
        for number, names in raw["months"].items():
            for position, name in enumerate(names):
                months[name.lower()] = int(number)
                # The first letter must be upper case ("may", "march"); an abbreviation (any name
                # after the first) may end in a dot, which is then part of the expression.
                ending = r"(?:\.|\b)" if position else r"\b"
                alternatives.append(f"(?-i:{name[0]}){name[1:]}{ending}")
        alternatives.sort(key=len, reverse=True)
        seasons = {
            name: (tuple(spec["core"]), tuple(spec["months"])) for name, spec in raw["seasons"].items()
        }
        return _Lexicon(
            months=months,
            month_pattern="(?:" + "|".join(alternatives) + ")",
            weekdays={k.lower(): int(v) for k, v in raw["weekdays"].items()},
            seasons=seasons,  # type: ignore[arg-type]
            numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
            vague_extent={k: int(v) for k, v in raw["vague_extent"].items()},
            future_aux=frozenset(raw["future_aux"]),
            future_heads=frozenset(raw["future_heads"]),
            future_participles=frozenset(raw["future_participles"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise DataError(str(LEXICON_PATH), f"cannot read the time-expression lexicon: {exc}") from exc


# --- calendar arithmetic ------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _clip(start: dt.date, end: dt.date, published: dt.date, future: bool) -> tuple[dt.date, dt.date]:
    """Cut a current period ("this week") at publication: the part before it, or after it."""
    if future:
        return max(start, min(published, end)), end
    return start, min(end, max(published, start))


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _season_interval(name: str, year: int, which: int) -> tuple[dt.date, dt.date]:
    """The core (which=0) or reported (which=1) interval of the season that begins in ``year``."""
    first, last = _lexicon().seasons[name][which]
    end_year = year if last >= first else year + 1
    return dt.date(year, first, 1), _month_end(end_year, last)


# --- resolution context and rules ---------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    published: dt.date | None
    future: bool
    anchor: dt.date | None  # the day that "earlier in the day" and "a day before" count from


Result = tuple[dt.date, dt.date, DatePrecision] | None


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Callable[[re.Match[str], _Context], Result]
    scan: bool = True  # False: only for a whole expression given to resolve_expression


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str, *, scan: bool = True):  # noqa: ANN202 (a decorator)
    def register(handler: Callable[[re.Match[str], _Context], Result]):  # noqa: ANN202
        _RULES.append(_Rule(name, re.compile(pattern, re.IGNORECASE), handler, scan))
        return handler

    return register


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _lexicon().numbers[word]


def _pick_year(month: int, day: int | None, ctx: _Context) -> int | None:
    """Year of a date written without one: past by default, the next occurrence when future."""
    if ctx.published is None:
        return None
    pub = ctx.published
    years = (pub.year - 1, pub.year, pub.year + 1) if ctx.future else (pub.year + 1, pub.year, pub.year - 1)
    for year in years:
        start = _safe_date(year, month, day or 1)
        if start is None:  # 29 February
            continue
        end = start if day else _month_end(year, month)
        if (ctx.future and end >= pub) or (not ctx.future and start <= pub):
            return year
    return None


def _part(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """Early / mid / late part of an interval: its first, middle or last third."""
    if not part:
        return start, end
    part = part.lower()
    third = max(((end - start).days + 1) // 3, 1)
    if part.startswith(("early", "the beginning", "the start")):
        return start, start + dt.timedelta(days=third - 1)
    if part.startswith(("late", "the end")):
        return end - dt.timedelta(days=third - 1), end
    return start + dt.timedelta(days=third), max(start + dt.timedelta(days=third), end - dt.timedelta(days=third))


_LEX = _lexicon()
MONTH = _LEX.month_pattern
WEEKDAY = "(?:" + "|".join(_LEX.weekdays) + ")"
SEASON = "(?:" + "|".join(_LEX.seasons) + ")"
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted((re.escape(k) for k in _LEX.numbers), key=len, reverse=True)) + ")"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
PART_WORDS = r"(?P<part>early|mid|late|the (?:beginning|start|middle|end) of)[\s-]*"
PART = rf"(?:{PART_WORDS})?"
WEEKDAY_PREFIX = rf"(?:{WEEKDAY},?\s+)?"
DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Prepositions that make a bare month or year a time expression ("in March", "since 2019"): a
# lookbehind, so that the span is the month or the year alone.
PREP_BEFORE = "|".join(
    rf"(?<=\b{p}\s)" for p in ("in", "since", "during", "until", "by", "from", "of", "through", "before", "after")
)


def _month_number(text: str) -> int:
    return _LEX.months[text.rstrip(".").lower()]


# Explicit dates.


@_rule("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
def _iso(m: re.Match[str], ctx: _Context) -> Result:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day, day, "day") if day else None


@_rule("month_day_year", rf"\b{WEEKDAY_PREFIX}(?P<mon>{MONTH})\s+(?P<d>{DAYNUM})\b(?:,?\s+(?P<y>{YEAR})\b)?")
@_rule("day_month_year", rf"\b{WEEKDAY_PREFIX}(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR})\b)?")
def _explicit_day(m: re.Match[str], ctx: _Context) -> Result:
    month, day = _month_number(m["mon"]), int(re.match(r"\d+", m["d"])[0])  # type: ignore[index]
    year = int(m["y"]) if m["y"] else _pick_year(month, day, ctx)
    date = _safe_date(year, month, day) if year else None
    return (date, date, "day") if date else None


@_rule("month_year", rf"\b{PART}(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})\b")
@_rule("month", rf"(?:{PREP_BEFORE}|\b{PART_WORDS})(?P<mon>{MONTH})(?!\s*\d)")
@_rule("bare_month", rf"(?P<mon>{MONTH})", scan=False)
def _month(m: re.Match[str], ctx: _Context) -> Result:
    groups = m.groupdict()
    month = _month_number(m["mon"])
    year = int(groups["y"]) if groups.get("y") else _pick_year(month, None, ctx)
    if year is None:
        return None
    start, end = _part(dt.date(year, month, 1), _month_end(year, month), groups.get("part"))
    return start, end, "month"


@_rule("year", rf"(?:{PREP_BEFORE}|\b{PART_WORDS}|\bthe year\s)(?P<y>{YEAR})\b(?![-/.,]\d)")
@_rule("bare_year", rf"(?P<y>{YEAR})", scan=False)
def _year(m: re.Match[str], ctx: _Context) -> Result:
    year = int(m["y"])
    return (*_part(dt.date(year, 1, 1), dt.date(year, 12, 31), m.groupdict().get("part")), "year")


@_rule("decade", rf"\b(?:the\s+)?(?P<y>(?:1[89]|20)\d0)['’]?s\b")
def _decade(m: re.Match[str], ctx: _Context) -> Result:
    year = int(m["y"])
    return dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "year"


@_rule("season_year", rf"\b{PART}(?:the\s+)?(?P<s>{SEASON})\s+(?:of\s+)?(?P<y>{YEAR})\b")
def _season_year(m: re.Match[str], ctx: _Context) -> Result:
    start, end = _season_interval(m["s"].lower(), int(m["y"]), 1)
    return (*_part(start, end, m["part"]), "season")


# Days relative to publication.


@_rule("today", r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b")
def _today(m: re.Match[str], ctx: _Context) -> Result:
    return (ctx.published, ctx.published, "day") if ctx.published else None


@_rule("yesterday", rf"\b(?P<two>the day before )?yesterday{DAYPART}\b")
def _yesterday(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    day = ctx.published - dt.timedelta(days=2 if m["two"] else 1)
    return day, day, "day"


@_rule("tomorrow", rf"\b(?P<two>the day after )?tomorrow{DAYPART}\b")
def _tomorrow(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    day = ctx.published + dt.timedelta(days=2 if m["two"] else 1)
    return day, day, "day"


@_rule("overnight", r"\b(?:overnight|last night|(?:during|in) the night)\b")
def _overnight(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    return ctx.published - ONE_DAY, ctx.published, "day"


@_rule("weekday", rf"\b(?:(?P<mod>last|this past|this coming|this|next|past|coming)\s+)?(?P<wd>{WEEKDAY}){DAYPART}\b")
def _weekday(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    pub, weekday = ctx.published, _LEX.weekdays[m["wd"].lower()]
    mod = " ".join((m["mod"] or "").lower().split())
    if mod in ("last", "past", "this past"):
        day = _weekday_on_or_before(pub - ONE_DAY, weekday)
    elif mod in ("next", "coming", "this coming"):
        day = _weekday_on_or_after(pub + ONE_DAY, weekday)
    elif ctx.future:
        day = _weekday_on_or_after(pub, weekday)
    else:
        day = _weekday_on_or_before(pub, weekday)
    return day, day, "day"


def _shift(base: dt.date, n: int, unit: str) -> Result:
    """The day, the week around the day, the calendar month or year ``n`` units from ``base``."""
    if unit == "day":
        day = base + dt.timedelta(days=n)
        return day, day, "day"
    if unit == "week":
        middle = base + dt.timedelta(weeks=n)
        return middle - dt.timedelta(days=3), middle + dt.timedelta(days=3), "week"
    if unit == "month":
        day = _add_months(base, n)
        return day.replace(day=1), _month_end(day.year, day.month), "month"
    year = base.year + n
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


@_rule("ago", rf"\b(?P<n>{NUMBER})\s+(?P<unit>day|week|month|year)s?\s+ago\b")
def _ago(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    return _shift(ctx.published, -_number(m["n"]), m["unit"].lower())


# Days relative to an anchor: the last day named in the paragraph (find_dates), else publication.


@_rule("same_day", r"\b(?:(?:earlier|later) (?:in the day|that day|on the same day|today)|the same day|that (?:same )?day)\b")
def _same_day(m: re.Match[str], ctx: _Context) -> Result:
    day = ctx.anchor or ctx.published
    return (day, day, "day") if day else None


@_rule(
    "offset",
    rf"\b(?:(?P<n>{NUMBER})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>earlier|later)"
    r"|the (?P<dir2>previous|following|next|prior) (?P<unit2>day|week|month|year)(?!s)"
    rf"|(?:(?P<n3>{NUMBER})\s+(?P<unit3>day|week|month|year)s?|the (?P<unit4>day|week|month|year)) (?P<dir3>before|after)"
    # "one day after it was announced" needs the date of the announcement, which this stage does
    # not know: the before/after forms only count when no word follows them.
    r"(?!\s*[\w“\"'(]))\b",
)
def _offset(m: re.Match[str], ctx: _Context) -> Result:
    if m["unit"]:
        n, unit, direction = _number(m["n"]), m["unit"], m["dir"]
    elif m["unit2"]:
        n, unit, direction = 1, m["unit2"], m["dir2"]
    else:
        n, unit, direction = _number(m["n3"]) if m["n3"] else 1, m["unit3"] or m["unit4"], m["dir3"]
    sign = -1 if direction.lower() in ("earlier", "before", "previous", "prior") else 1
    # Without an anchor, "a day earlier" counts back from publication; "the next day" would land
    # after it, which a report of what happened cannot mean: no date.
    base = ctx.anchor or (ctx.published if sign < 0 else None)
    return _shift(base, sign * n, unit.lower()) if base else None


# Periods: weeks, weekends, months, years, seasons.


@_rule("period", rf"\b{PART}(?P<pre>earlier |later )?(?P<mod>this|last|next|past|previous|coming) (?P<unit>week|month|year)\b(?!\s+\d)")
def _period(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    pub, unit = ctx.published, m["unit"].lower()
    offset = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[m["mod"].lower()]
    if unit == "week":
        start, end = _week_of(pub + dt.timedelta(weeks=offset))
    elif unit == "month":
        start = _add_months(pub.replace(day=1), offset)
        end = _month_end(start.year, start.month)
    else:
        start, end = dt.date(pub.year + offset, 1, 1), dt.date(pub.year + offset, 12, 31)
    start, end = _part(start, end, m["part"])
    pre = (m["pre"] or "").strip().lower()
    if offset == 0 and start <= pub <= end:
        if pre == "earlier":
            end = max(start, pub - ONE_DAY)
        elif pre == "later":
            start = min(end, pub + ONE_DAY)
        else:
            start, end = _clip(start, end, pub, ctx.future)
    return start, end, unit  # type: ignore[return-value]


@_rule("part_of_period", rf"\b{PART_WORDS}the (?P<unit>week|month|year)\b")
def _part_of_period(m: re.Match[str], ctx: _Context) -> Result:
    # "by the end of the month": the current period, so read like "this month".
    if ctx.published is None:
        return None
    pub, unit = ctx.published, m["unit"].lower()
    if unit == "week":
        start, end = _week_of(pub)
    elif unit == "month":
        start, end = pub.replace(day=1), _month_end(pub.year, pub.month)
    else:
        start, end = dt.date(pub.year, 1, 1), dt.date(pub.year, 12, 31)
    return *_part(start, end, m["part"]), unit  # type: ignore[return-value]


@_rule("weekend", r"\b(?:(?:over|during|through|throughout|at|on|for) )?(?P<mod>the|this past|this coming|this|last|next) weekend\b")
def _weekend(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    pub, mod = ctx.published, " ".join(m["mod"].lower().split())
    if mod in ("last", "this past"):
        saturday = _weekday_on_or_before(pub - ONE_DAY, 5)
        if saturday + ONE_DAY >= pub:  # published on a Sunday: "last weekend" is the one before
            saturday -= dt.timedelta(days=7)
    elif mod in ("next", "this coming"):
        saturday = _weekday_on_or_after(pub + ONE_DAY, 5)
    elif ctx.future and pub.weekday() < 5:
        saturday = _weekday_on_or_after(pub, 5)
    else:  # the weekend under way, or the last one
        saturday = _weekday_on_or_before(pub, 5)
    start, end = saturday, saturday + ONE_DAY
    if start <= pub <= end:
        start, end = _clip(start, end, pub, ctx.future)
    return start, end, "day"


def _span_back(pub: dt.date, n: int, unit: str) -> Result:
    if unit == "day":
        return pub - dt.timedelta(days=n), pub, "day"
    if unit == "week":
        return pub - dt.timedelta(weeks=n), pub, "week"
    if unit == "month":
        return _add_months(pub, -n), pub, "month"
    return _add_months(pub, -12 * n), pub, "year"


@_rule("recent", r"\b(?:(?:in|over|during|within) )?recent (?P<unit>day|week|month|year)s\b")
def _recent(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    unit = m["unit"].lower()
    return _span_back(ctx.published, _LEX.vague_extent[unit + "s"], unit)


@_rule(
    "past_n",
    rf"\b(?:(?:in|over|during|within|for|throughout) )?the (?:past|last|previous) (?:(?P<n>{NUMBER}) )?(?P<unit>hour|day|week|month|year)s?\b",
)
def _past_n(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    unit = m["unit"].lower()
    n = _number(m["n"]) if m["n"] else 1
    if unit == "hour":  # "the past 24 hours": back to the day the first hour fell on
        return ctx.published - dt.timedelta(days=max(1, -(-n // 24))), ctx.published, "day"
    return _span_back(ctx.published, n, unit)


@_rule(
    "coming",
    rf"\b(?:(?:in|over|during|within|for) )?the (?:coming|next|following) (?:(?P<n>{NUMBER}) )?(?P<unit>day|week|month|year)s\b",
)
def _coming(m: re.Match[str], ctx: _Context) -> Result:
    if ctx.published is None:
        return None
    unit, pub = m["unit"].lower(), ctx.published
    n = _number(m["n"]) if m["n"] else _LEX.vague_extent[unit + "s"]
    if unit == "day":
        return pub, pub + dt.timedelta(days=n), "day"
    if unit == "week":
        return pub, pub + dt.timedelta(weeks=n), "week"
    return pub, _add_months(pub, n if unit == "month" else 12 * n), unit  # type: ignore[return-value]


@_rule(
    "season",
    rf"\b(?:{PART_WORDS})?(?:(?P<mod>last|this|next|past|previous|coming)\s+"
    rf"|(?P<prep>in|during|over|through|throughout|since)\s+(?:the\s+)?|the\s+)?"
    rf"(?P<s>{SEASON})\b(?!\s+(?:of\b|\d))",
)
@_rule("bare_season", rf"(?:the\s+)?(?P<s>{SEASON})", scan=False)
def _season(m: re.Match[str], ctx: _Context) -> Result:
    # A bare "spring" or "fall" in running text is too often no season ("the fall of Aleppo"):
    # the scanning rule needs a modifier or a preposition before it.
    groups = m.groupdict()
    if "prep" in groups and not (groups["part"] or groups["mod"] or groups["prep"]):
        return None
    if ctx.published is None:
        return None
    pub, name, mod = ctx.published, m["s"].lower(), (groups.get("mod") or "").lower()
    years = range(pub.year + 1, pub.year - 3, -1)  # newest first

    def core(year: int) -> tuple[dt.date, dt.date]:
        return _season_interval(name, year, 0)

    if mod in ("last", "past", "previous"):
        year = next(y for y in years if core(y)[1] < pub)
    elif mod in ("next", "coming"):
        year = next(y for y in reversed(years) if core(y)[0] > pub)
    elif mod == "this":
        year = next((y for y in years if core(y)[0] <= pub <= core(y)[1]), pub.year)
    elif ctx.future:
        year = next(y for y in reversed(years) if core(y)[1] >= pub)
    else:
        year = next(y for y in years if core(y)[0] <= pub)
    start, end = _part(*_season_interval(name, year, 1), groups.get("part"))
    if start <= pub <= end:  # the broad season reaches past publication ("last summer" in September)
        start, end = _clip(start, end, pub, ctx.future and mod not in ("last", "past", "previous"))
    return start, end, "season"


# --- matching -----------------------------------------------------------------------------------

_SINCE_BEFORE = re.compile(r"\b(?:ever\s+)?since\s+$", re.IGNORECASE)
_SINCE = re.compile(r"(?:ever\s+)?since\s+(?P<rest>.+)$", re.IGNORECASE)
# Words that may stand before an expression without changing what it means.
_STRIP = re.compile(
    r"^(?:(?:on|in|at|during|over|about|around|some|nearly|almost|just|only|the|of|by|from|through)\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rule: _Rule | None  # None: a spaCy entity no rule matched, resolved through _resolve
    match: re.Match[str] | None


def _scan(text: str) -> list[_Match]:
    """Non-overlapping rule matches in text order; where matches overlap the longest wins."""
    found = [
        _Match(m.start(), m.end(), rule, m) for rule in _RULES if rule.scan for m in rule.regex.finditer(text)
    ]
    found.sort(key=lambda x: (-(x.end - x.start), x.start))  # stable: rule order breaks ties
    chosen: list[_Match] = []
    for candidate in found:
        if all(candidate.end <= c.start or c.end <= candidate.start for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda x: x.start)


def _apply(rule: _Rule, match: re.Match[str], ctx: _Context) -> Result:
    result = rule.handler(match, ctx)
    if result is None:
        return None
    start, end, precision = result
    return (end, start, precision) if start > end else (start, end, precision)


def _dateparser_fallback(text: str, ctx: _Context) -> Result:
    """Explicit dates in forms the rules do not know ("8/1/2020", "2020/01/08")."""
    # Only a numeric date, or a month name with a number: dateparser reads "the 1990s", "months"
    # and "one day after" as days relative to its base, which is wrong.
    has_month = any(w.strip(".,").lower() in _LEX.months for w in text.split() if w[:1].isupper())
    if not (re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", text) or (has_month and re.search(r"\d", text))):
        return None
    from dateparser.date import DateDataParser  # slow to import; most articles never need it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "future" if ctx.future else "past"}
    if ctx.published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(ctx.published, dt.time())
    else:
        settings["REQUIRE_PARTS"] = ["year"]
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "month":
        return day.replace(day=1), _month_end(day.year, day.month), "month"
    if data.period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    return day, day, "day"


def _resolve(text: str, ctx: _Context) -> Result:
    """Resolve one whole expression. "since X" is from X's start to publication."""
    cleaned = " ".join(text.split()).strip(" ,.;:—–-")
    since = _SINCE.fullmatch(cleaned)
    if since:
        inner = _resolve(since["rest"], _Context(ctx.published, False, ctx.anchor))
        if inner is None or ctx.published is None:
            return None
        start, _, precision = inner
        return start, max(start, ctx.published), precision
    stripped = _STRIP.sub("", cleaned)
    for candidate in (cleaned, stripped):
        for rule in _RULES:
            match = rule.regex.fullmatch(candidate)
            if match is not None and (result := _apply(rule, match, ctx)) is not None:
                return result
    # Rules that look behind for a preposition ("in March") match after it, with nothing but
    # strippable words before.
    for rule in _RULES:
        match = rule.regex.search(cleaned)
        if match is None or match.end() != len(cleaned) or _STRIP.sub("", cleaned[: match.start()]):
            continue
        if (result := _apply(rule, match, ctx)) is not None:
            return result
    return _dateparser_fallback(cleaned, ctx)


def _interval(result: Result, text: str, span: Span | None) -> DateInterval | None:
    if result is None:
        return None
    start, end, precision = result
    return DateInterval(start=start, end=end, precision=precision, text=text, span=span)


def _as_date(published: dt.date | dt.datetime | None) -> dt.date | None:
    return published.date() if isinstance(published, dt.datetime) else published


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


# --- tense --------------------------------------------------------------------------------------


def _governing_verb(span: SpacySpan) -> Token | None:
    """The verb a time expression attaches to: up the tree from its root to the first verb."""
    token = span.root
    while True:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_.lower() == "due"):
            if not (token.i >= span.start and token.i < span.end):
                return token
        if token.head.i == token.i:
            return None
        token = token.head


def _future_marked(verb: Token) -> bool:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _LEX.future_aux and not aux & {"have", "has", "had", "'ve"}:  # not "would have met"
        return True
    lemma = verb.lemma_.lower()
    return lemma in _LEX.future_participles and (
        lemma == "due" or verb.dep_ == "acl" or any(c.dep_ == "auxpass" for c in verb.children)
    )


def is_future(span: SpacySpan) -> bool:
    """Whether a time expression belongs to a future or planned clause.

    Read from the dependency parse. The expression is future when its own words say so ("next",
    "coming", "tomorrow", "later this"), or when the verb it attaches to (the first verb above the
    expression's root), or a verb that verb is coordinated with or is the infinitive complement
    of, has the auxiliary will/would/shall ("will resume on Monday", "said the talks would resume
    this week", but not "would have met"), is the infinitive complement (xcomp) of an expectation
    or plan ("is expected to meet", "plans to visit", "is due to arrive", "is set to resume",
    "is going to", "is to meet"), or is a planning participle ("a vote scheduled for Monday",
    "talks are expected on Tuesday"). The cue words are in ``data/time_expressions.yaml``.
    Everything else is read as past or present: the resolver treats both as on or before
    publication.

    Example:
        >>> from eventwire import nlp
        >>> doc = nlp.load()("The council is expected to meet on Tuesday.")
        >>> is_future(doc[-3:-1])
        True
    """
    if re.search(r"\b(?:next|coming|tomorrow|later this|upcoming)\b", span.text, re.IGNORECASE):
        return True
    verb = _governing_verb(span)
    for _ in range(6):  # a short climb: xcomp and conj chains are short
        if verb is None:
            return False
        if _future_marked(verb):
            return True
        head = verb.head
        if head.i == verb.i or verb.dep_ not in ("xcomp", "conj"):
            return False
        if verb.dep_ == "xcomp":
            lemma = head.lemma_.lower()
            going = lemma != "go" or head.tag_ == "VBG"  # "is going to", not "went to"
            to_infinitive = lemma != "be" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            if lemma in _LEX.future_heads and going and to_infinitive:
                return True
        verb = head
    return False


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
    text = doc.text
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
