"""Calendar arithmetic for the dates stage: month ends, weeks, weekdays, seasons."""

from __future__ import annotations

import calendar
import datetime as dt

from eventwire.dates.lexicon import _lexicon

ONE_DAY = dt.timedelta(days=1)


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
