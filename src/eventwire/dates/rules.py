"""Time-expression rules: each a regular expression and a resolver to an inclusive interval,
against the publication date (and an anchor day for "a day earlier"); matching over a text and
resolution of one whole expression (with dateparser as the fallback for numeric dates).
Conventions: see :mod:`eventwire.dates`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventwire.dates.calendar import (
    ONE_DAY,
    _add_months,
    _clip,
    _month_end,
    _safe_date,
    _season_interval,
    _week_of,
    _weekday_on_or_after,
    _weekday_on_or_before,
)
from eventwire.dates.lexicon import _lexicon
from eventwire.model import DateInterval, DatePrecision, Span


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


@_rule("weekday", rf"\b(?:(?:early|late)(?:\s+on)?\s+)?(?:(?P<mod>last|this past|this coming|this|next|past|coming)\s+)?(?P<wd>{WEEKDAY}){DAYPART}\b")
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


# Ranges: "from March to May", "between Monday and Wednesday", "March 3-5", "3 to 5 March".

_ENDPOINT = (rf"(?:{WEEKDAY}|{MONTH}(?:\s+{DAYNUM}\b)?(?:,?\s+{YEAR})?|(?:the\s+)?{DAYNUM}\s+(?:of\s+)?{MONTH}"
             rf"(?:,?\s+{YEAR})?|{YEAR})")
_PRECISION_ORDER = ("day", "week", "month", "season", "year")


@_rule("range", rf"\b(?:from|between)\s+(?P<a>{_ENDPOINT})\s+(?:to|and|until|till|through)\s+(?P<b>{_ENDPOINT})(?!\s*\d)")
def _range(m: re.Match[str], ctx: _Context) -> Result:
    """From the start of the first end point to the end of the second; a year written only on the
    second holds for both ("from January to March 2023"), and a first end point after the second
    is the week or the year before ("from Friday to Tuesday", "from November to February")."""
    first_text, second_text = m["a"], m["b"]
    year = re.search(rf"{YEAR}$", second_text)
    if year and not re.search(YEAR, first_text) and not re.fullmatch(YEAR, second_text):
        first_text = f"{first_text} {year[0]}"
    first, second = _resolve(first_text, ctx), _resolve(second_text, ctx)
    if first is None or second is None:
        return None
    start, end = first[0], second[1]
    if start > end and re.fullmatch(WEEKDAY, first_text, re.IGNORECASE):
        start -= dt.timedelta(days=7)  # "from Friday to Tuesday"
    elif start > end and not re.search(YEAR, first_text):
        start = _add_months(start, -12)
    if start > end:
        return None
    return start, end, max(first[2], second[2], key=_PRECISION_ORDER.index)


@_rule("month_day_range", rf"\b(?P<mon>{MONTH})\s+(?P<d1>{DAYNUM})\s*(?:-|–|to|and|through)\s*(?P<d2>{DAYNUM})\b(?:,?\s+(?P<y>{YEAR})\b)?")
@_rule("day_month_range", rf"\b(?P<d1>{DAYNUM})\s*(?:-|–|to|and|through)\s*(?P<d2>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR})\b)?")
def _day_range(m: re.Match[str], ctx: _Context) -> Result:
    month = _month_number(m["mon"])
    first, last = (int(re.match(r"\d+", m[g])[0]) for g in ("d1", "d2"))  # type: ignore[index]
    if first >= last:
        return None
    year = int(m["y"]) if m["y"] else _pick_year(month, last if ctx.future else first, ctx)
    start = _safe_date(year, month, first) if year else None
    end = _safe_date(year, month, last) if year else None
    return (start, end, "day") if start and end else None


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
