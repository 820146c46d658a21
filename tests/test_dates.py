"""The dates stage: time expressions resolved against a publication date, spans and tense."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.dates import find_dates, is_future, publication_fallback, resolve_expression

D = dt.date
# Publication dates on different weekdays.
TUE = D(2020, 1, 14)  # Tuesday
MON = D(2024, 5, 13)  # Monday
SUN = D(2023, 10, 29)  # Sunday
THU = D(2024, 2, 29)  # Thursday, leap day
SAT = D(2021, 7, 3)  # Saturday
FRI = D(2022, 12, 30)  # Friday
WED = D(2019, 3, 6)  # Wednesday

# text, published, future, start, end, precision
CASES = [
    # explicit dates
    ("January 8, 2020", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("Wednesday, January 8, 2020", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("8 January", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("the 8th of January", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("Jan 8", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("Jan. 8", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("Dec 28", TUE, False, D(2019, 12, 28), D(2019, 12, 28), "day"),  # past: last year's
    ("Dec 28", TUE, True, D(2020, 12, 28), D(2020, 12, 28), "day"),  # future: the next one
    ("Sept. 11, 2001", TUE, False, D(2001, 9, 11), D(2001, 9, 11), "day"),
    ("2020-01-08", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("8/1/2020", TUE, False, D(2020, 8, 1), D(2020, 8, 1), "day"),  # dateparser fallback, US order
    ("2019", TUE, False, D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("in 2019", TUE, False, D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("the 1990s", TUE, False, D(1990, 1, 1), D(1999, 12, 31), "year"),
    ("in March", TUE, False, D(2019, 3, 1), D(2019, 3, 31), "month"),
    ("in March", TUE, True, D(2020, 3, 1), D(2020, 3, 31), "month"),
    ("in January", TUE, False, D(2020, 1, 1), D(2020, 1, 31), "month"),
    ("March 2018", TUE, False, D(2018, 3, 1), D(2018, 3, 31), "month"),
    ("early March", WED, False, D(2019, 3, 1), D(2019, 3, 10), "month"),
    ("late last year", TUE, False, D(2019, 9, 2), D(2019, 12, 31), "year"),
    ("the summer of 2014", TUE, False, D(2014, 6, 1), D(2014, 9, 30), "season"),
    # weekdays: past by default (on or before publication), "last" strictly before
    ("last Wednesday", TUE, False, D(2020, 1, 8), D(2020, 1, 8), "day"),
    ("on Sunday", MON, False, D(2024, 5, 12), D(2024, 5, 12), "day"),
    ("Monday", MON, False, D(2024, 5, 13), D(2024, 5, 13), "day"),
    ("last Monday", MON, False, D(2024, 5, 6), D(2024, 5, 6), "day"),
    ("Saturday", SUN, False, D(2023, 10, 28), D(2023, 10, 28), "day"),
    ("Friday night", SAT, False, D(2021, 7, 2), D(2021, 7, 2), "day"),
    ("on Tuesday", MON, True, D(2024, 5, 14), D(2024, 5, 14), "day"),
    ("on Monday", FRI, True, D(2023, 1, 2), D(2023, 1, 2), "day"),
    ("next Thursday", THU, False, D(2024, 3, 7), D(2024, 3, 7), "day"),
    # days relative to publication
    ("today", THU, False, THU, THU, "day"),
    ("this morning", THU, False, THU, THU, "day"),
    ("yesterday", D(2024, 3, 1), False, THU, THU, "day"),
    ("tomorrow", THU, False, D(2024, 3, 1), D(2024, 3, 1), "day"),
    ("overnight", D(2024, 1, 9), False, D(2024, 1, 8), D(2024, 1, 9), "day"),
    ("last night", SAT, False, D(2021, 7, 2), SAT, "day"),
    ("earlier in the day", SUN, False, SUN, SUN, "day"),
    ("a day earlier", D(2024, 1, 9), False, D(2024, 1, 8), D(2024, 1, 8), "day"),
    ("the day before", THU, False, D(2024, 2, 28), D(2024, 2, 28), "day"),
    ("two days ago", D(2024, 3, 1), False, D(2024, 2, 28), D(2024, 2, 28), "day"),
    ("a month ago", TUE, False, D(2019, 12, 1), D(2019, 12, 31), "month"),
    # weeks and weekends (weeks run Monday to Sunday)
    ("this week", SUN, False, D(2023, 10, 23), SUN, "week"),
    ("this week", D(2023, 10, 30), True, D(2023, 10, 30), D(2023, 11, 5), "week"),
    ("last week", TUE, False, D(2020, 1, 6), D(2020, 1, 12), "week"),
    ("next week", SUN, False, D(2023, 10, 30), D(2023, 11, 5), "week"),
    ("over the weekend", MON, False, D(2024, 5, 11), D(2024, 5, 12), "day"),
    ("through the weekend", MON, False, D(2024, 5, 11), D(2024, 5, 12), "day"),
    ("over the weekend", SAT, False, SAT, SAT, "day"),
    ("over the weekend", THU, True, D(2024, 3, 2), D(2024, 3, 3), "day"),
    ("last weekend", SUN, False, D(2023, 10, 21), D(2023, 10, 22), "day"),
    ("since Friday", MON, False, D(2024, 5, 10), MON, "day"),
    ("since Friday", FRI, False, FRI, FRI, "day"),
    # spans ending at or starting from publication
    ("during the past month", TUE, False, D(2019, 12, 14), TUE, "month"),
    ("over the past month", D(2024, 3, 31), False, D(2024, 2, 29), D(2024, 3, 31), "month"),
    ("in recent weeks", TUE, False, D(2019, 12, 17), TUE, "week"),
    ("the past two weeks", TUE, False, D(2019, 12, 31), TUE, "week"),
    ("the past 24 hours", TUE, False, D(2020, 1, 13), TUE, "day"),
    ("in the coming days", D(2024, 1, 9), False, D(2024, 1, 9), D(2024, 1, 16), "day"),
    ("in the coming weeks", TUE, False, TUE, D(2020, 2, 11), "week"),
    ("since 2019", TUE, False, D(2019, 1, 1), TUE, "year"),
    # months, years, seasons
    ("earlier this month", TUE, False, D(2020, 1, 1), D(2020, 1, 13), "month"),
    ("later this month", TUE, False, D(2020, 1, 15), D(2020, 1, 31), "month"),
    ("last month", TUE, False, D(2019, 12, 1), D(2019, 12, 31), "month"),
    ("last month", D(2024, 3, 31), False, D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("this month", MON, True, MON, D(2024, 5, 31), "month"),
    ("last year", TUE, False, D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("this year", TUE, False, D(2020, 1, 1), TUE, "year"),
    ("earlier this year", MON, False, D(2024, 1, 1), D(2024, 5, 12), "year"),
    ("last summer", TUE, False, D(2019, 6, 1), D(2019, 9, 30), "season"),
    ("last summer", D(2020, 7, 15), False, D(2019, 6, 1), D(2019, 9, 30), "season"),
    ("last winter", TUE, False, D(2018, 12, 1), D(2019, 3, 31), "season"),
    ("last winter", D(2020, 4, 15), False, D(2019, 12, 1), D(2020, 3, 31), "season"),
    ("this winter", TUE, False, D(2019, 12, 1), TUE, "season"),
    ("next spring", TUE, False, D(2020, 3, 1), D(2020, 6, 30), "season"),
    ("in the autumn", TUE, False, D(2019, 9, 1), D(2019, 12, 31), "season"),
    ("last summer", D(2000, 9, 1), False, D(2000, 6, 1), D(2000, 9, 1), "season"),  # cut at publication
    ("early last summer", TUE, False, D(2019, 6, 1), D(2019, 7, 10), "season"),
]


@pytest.mark.parametrize(("text", "published", "future", "start", "end", "precision"), CASES)
def test_resolve_expression(
    text: str, published: dt.date, future: bool, start: dt.date, end: dt.date, precision: str
) -> None:
    got = resolve_expression(text, published, future=future)
    assert got is not None, text
    assert (got.start, got.end, got.precision) == (start, end, precision)
    assert got.text == text and got.span is None and not got.fallback


@pytest.mark.parametrize("text", ["months", "the Arab Spring", "a week", "Hezbollah", "", "  "])
def test_not_a_time_expression(text: str) -> None:
    assert resolve_expression(text, TUE) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("January 8, 2020", D(2020, 1, 8), D(2020, 1, 8), "day"),
        ("March 2018", D(2018, 3, 1), D(2018, 3, 31), "month"),
        ("in 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("2020-01-08", D(2020, 1, 8), D(2020, 1, 8), "day"),
        ("summer 2019", D(2019, 6, 1), D(2019, 9, 30), "season"),
    ],
)
def test_explicit_dates_need_no_publication_date(text: str, start: dt.date, end: dt.date, precision: str) -> None:
    got = resolve_expression(text, None)
    assert got is not None and (got.start, got.end, got.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "text", ["last Wednesday", "yesterday", "8 January", "in March", "last summer", "this week", "since Friday"]
)
def test_relative_dates_without_publication_date_are_none(text: str) -> None:
    assert resolve_expression(text, None) is None


def test_publication_fallback() -> None:
    got = publication_fallback(TUE)
    assert (got.start, got.end, got.precision, got.fallback, got.span) == (TUE, TUE, "day", True, None)
    assert publication_fallback(dt.datetime(2020, 1, 14, 9, 30)).start == TUE


# --- parsed text ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from eventwire import nlp as pipeline

    return pipeline.load()


def _dates(nlp, text: str, published: dt.date | None) -> list[tuple[str, dt.date, dt.date]]:  # noqa: ANN001
    doc = nlp(text)
    found = find_dates(doc, published)
    for interval in found:
        assert interval.span is not None
        assert doc.text[interval.span.start : interval.span.end] == interval.span.text == interval.text
        assert interval.start <= interval.end
    return [(d.text, d.start, d.end) for d in found]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # future: aux will/would, "expected to", "plans to", "due to", "is to", "scheduled for"
        ("The Security Council is expected to meet on Tuesday to discuss the crisis.", MON,
         [("Tuesday", D(2024, 5, 14), D(2024, 5, 14))]),
        ("Negotiations will resume on Monday.", FRI, [("Monday", D(2023, 1, 2), D(2023, 1, 2))]),
        ("An official said the talks would resume this week.", D(2023, 10, 30),
         [("this week", D(2023, 10, 30), D(2023, 11, 5))]),
        ("The army plans to launch an offensive on Thursday.", MON, [("Thursday", D(2024, 5, 16), D(2024, 5, 16))]),
        ("The envoy is due to arrive in Damascus on Wednesday.", MON,
         [("Wednesday", D(2024, 5, 15), D(2024, 5, 15))]),
        ("A vote scheduled for Friday was postponed.", MON, [("Friday", D(2024, 5, 17), D(2024, 5, 17))]),
        # past or present: the most recent such day on or before publication
        ("Fighting broke out on Friday and continued through the weekend.", MON,
         [("Friday", D(2024, 5, 10), D(2024, 5, 10)), ("through the weekend", D(2024, 5, 11), D(2024, 5, 12))]),
        ("The governor said on Tuesday that troops would withdraw.", MON, [("Tuesday", D(2024, 5, 7), D(2024, 5, 7))]),
        ("He would have met them on Saturday.", MON, [("Saturday", D(2024, 5, 11), D(2024, 5, 11))]),
        ("Rebels went to meet the envoy on Sunday.", MON, [("Sunday", D(2024, 5, 12), D(2024, 5, 12))]),
        # both in one sentence
        ("Talks resumed on Monday and will continue on Thursday.", D(2024, 5, 14),
         [("Monday", D(2024, 5, 13), D(2024, 5, 13)), ("Thursday", D(2024, 5, 16), D(2024, 5, 16))]),
    ],
)
def test_tense_from_the_parse(nlp, sentence: str, published: dt.date, expected: list) -> None:  # noqa: ANN001
    assert _dates(nlp, sentence, published) == expected


@pytest.mark.slow
def test_is_future_on_a_span(nlp) -> None:  # noqa: ANN001
    doc = nlp("The council is expected to meet on Tuesday, after it met on Sunday.")
    tuesday = next(t for t in doc if t.text == "Tuesday")
    sunday = next(t for t in doc if t.text == "Sunday")
    assert is_future(doc[tuesday.i : tuesday.i + 1])
    assert not is_future(doc[sunday.i : sunday.i + 1])


@pytest.mark.slow
def test_spans_and_article(nlp) -> None:  # noqa: ANN001
    text = (
        "KYIV, Jan 9 — Russia struck the city of Kharkiv with missiles overnight, the governor said.\n\n"
        "A day earlier, drones attacked an oil depot, causing a fire.\n\n"
        "The two countries exchanged 230 prisoners of war on Saturday, the largest swap in months. "
        "The army had advanced during the past month and besieged a post it surrounded last summer. "
        "Some 40,000 people had fled their homes since Friday, and analysts expect more attacks in the coming days."
    )
    got = _dates(nlp, text, D(2024, 1, 9))
    assert got == [
        ("Jan 9", D(2024, 1, 9), D(2024, 1, 9)),
        ("overnight", D(2024, 1, 8), D(2024, 1, 9)),
        ("A day earlier", D(2024, 1, 8), D(2024, 1, 8)),
        ("Saturday", D(2024, 1, 6), D(2024, 1, 6)),
        ("during the past month", D(2023, 12, 9), D(2024, 1, 9)),
        ("last summer", D(2023, 6, 1), D(2023, 9, 30)),
        ("since Friday", D(2024, 1, 5), D(2024, 1, 9)),
        ("in the coming days", D(2024, 1, 9), D(2024, 1, 16)),
    ]


@pytest.mark.slow
def test_anchored_expressions_follow_the_narrative(nlp) -> None:  # noqa: ANN001
    text = (
        "BEIRUT, Oct 30 — Israeli warplanes struck several villages on Sunday, sources said.\n\n"
        "The military said it had responded to rocket fire earlier in the day on Kiryat Shmona.\n\n"
        "Residents left.\n\nOfficials met earlier in the day."
    )
    got = _dates(nlp, text, D(2023, 10, 30))
    assert got == [
        ("Oct 30", D(2023, 10, 30), D(2023, 10, 30)),
        ("Sunday", D(2023, 10, 29), D(2023, 10, 29)),
        ("earlier in the day", D(2023, 10, 29), D(2023, 10, 29)),  # the Sunday just named
        ("earlier in the day", D(2023, 10, 30), D(2023, 10, 30)),  # two paragraphs on: publication
    ]


@pytest.mark.slow
def test_what_is_left_out(nlp) -> None:  # noqa: ANN001
    text = (
        "The group violated the ceasefire just one day after it was announced. "
        "The fall of Aleppo was a turning point, and talks may resume. "
        "Some 12 Marines and 3 Marchers were there, according to the Arab Spring archive."
    )
    assert _dates(nlp, text, TUE) == []


@pytest.mark.slow
def test_no_publication_date(nlp) -> None:  # noqa: ANN001
    got = _dates(nlp, "Troops entered the town on January 8, 2020, and left on Sunday.", None)
    assert got == [("January 8, 2020", D(2020, 1, 8), D(2020, 1, 8))]


# --- properties ------------------------------------------------------------------------------------

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))


@given(published=dates, weekday=st.sampled_from(range(7)), future=st.booleans())
def test_last_weekday_is_within_the_week_before(published: dt.date, weekday: int, future: bool) -> None:
    got = resolve_expression(f"last {WEEKDAYS[weekday]}", published, future=future)
    assert got is not None and got.start == got.end
    assert 1 <= (published - got.start).days <= 7
    assert got.start.weekday() == weekday


@given(published=dates, weekday=st.sampled_from(range(7)), future=st.booleans())
def test_plain_weekday_follows_tense(published: dt.date, weekday: int, future: bool) -> None:
    got = resolve_expression(f"on {WEEKDAYS[weekday]}", published, future=future)
    assert got is not None and got.start.weekday() == weekday
    delta = (got.start - published).days
    assert (0 <= delta <= 6) if future else (-6 <= delta <= 0)


EXPRESSIONS = [
    "last week", "this week", "next week", "last month", "this month", "earlier this month", "later this month",
    "last year", "this year", "earlier this year", "late last year", "early this year", "mid-March", "in March",
    "8 January", "Feb 29", "the end of February", "last summer", "this winter", "next spring", "in the fall",
    "early last summer", "over the weekend", "last weekend", "next weekend", "this weekend", "since Friday",
    "since last month", "overnight", "yesterday", "today", "the day before", "three weeks ago", "a year ago",
    "during the past month", "in recent weeks", "in recent months", "the past five days", "in the coming days",
    "the coming weeks", "last Sunday", "on Saturday", "next Friday",
]
PAST_ONLY = {
    "last week", "last month", "earlier this month", "last year", "earlier this year", "late last year",
    "last summer", "last weekend", "since Friday", "since last month", "overnight", "yesterday", "today",
    "the day before", "three weeks ago", "during the past month", "in recent weeks", "in recent months",
    "the past five days", "last Sunday",
}


@settings(max_examples=300)
@given(published=dates, text=st.sampled_from(EXPRESSIONS), future=st.booleans())
def test_intervals_are_well_formed(published: dt.date, text: str, future: bool) -> None:
    got = resolve_expression(text, published, future=future)
    if got is None:  # "Feb 29" in a year without one: no date, and no crash
        assert text == "Feb 29"
        return
    assert got.start <= got.end
    assert got.precision in ("day", "week", "month", "season", "year")
    if text in PAST_ONLY:
        assert got.end <= published


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police arrested him on Friday and he was freed the next day.",
         [("Friday", D(2024, 5, 10), D(2024, 5, 10)), ("the next day", D(2024, 5, 11), D(2024, 5, 11))]),
        # no day to count from: a forward offset gives no date rather than one after publication
        ("He was released the following day, three weeks after his arrest.", []),
        # an abbreviation's dot belongs to it; a full name's sentence-final dot does not
        ("Troops left on Sept. 3, 2023, and returned in early May.",
         [("Sept. 3, 2023", D(2023, 9, 3), D(2023, 9, 3)), ("early May", D(2024, 5, 1), D(2024, 5, 10))]),
        ("The army said it would withdraw by the end of the month.",
         [("the end of the month", D(2024, 5, 22), D(2024, 5, 31))]),
        ("Talks are set for Dec. 1.", [("Dec. 1", D(2024, 12, 1), D(2024, 12, 1))]),
    ],
)
def test_offsets_and_abbreviations(nlp, sentence: str, expected: list) -> None:  # noqa: ANN001
    assert _dates(nlp, sentence, MON) == expected


# --- ranges and parts of a day --------------------------------------------------------------------
RANGE_CASES = [
    ("from March to May", TUE, False, D(2019, 3, 1), D(2019, 5, 31), "month"),
    ("between March and May", TUE, True, D(2020, 3, 1), D(2020, 5, 31), "month"),
    ("from January to March 2018", TUE, False, D(2018, 1, 1), D(2018, 3, 31), "month"),  # the year holds for both
    ("from November to February", MON, False, D(2023, 11, 1), D(2024, 2, 29), "month"),  # across a new year
    ("from 2015 to 2017", TUE, False, D(2015, 1, 1), D(2017, 12, 31), "year"),
    ("from Friday to Sunday", MON, False, D(2024, 5, 10), D(2024, 5, 12), "day"),
    ("between Thursday and Monday", MON, False, D(2024, 5, 9), D(2024, 5, 13), "day"),  # across a weekend
    ("January 3-5", TUE, False, D(2020, 1, 3), D(2020, 1, 5), "day"),
    ("3 to 5 January", TUE, False, D(2020, 1, 3), D(2020, 1, 5), "day"),
    ("between January 3 and January 9", TUE, False, D(2020, 1, 3), D(2020, 1, 9), "day"),
    ("late Sunday", MON, False, D(2024, 5, 12), D(2024, 5, 12), "day"),
    ("early on Friday", SAT, False, D(2021, 7, 2), D(2021, 7, 2), "day"),
]


@pytest.mark.parametrize(("text", "published", "future", "start", "end", "precision"), RANGE_CASES)
def test_ranges_and_parts_of_a_day(text: str, published: dt.date, future: bool, start: dt.date, end: dt.date,
                                   precision: str) -> None:
    got = resolve_expression(text, published, future=future)
    assert got is not None and (got.start, got.end, got.precision) == (start, end, precision)


@pytest.mark.slow
def test_a_range_in_running_text_is_one_interval(nlp) -> None:  # noqa: ANN001
    sentence = "Fighting raged from Friday to Sunday, and 40 to 50 people fled between 2 and 3 percent."
    assert _dates(nlp, sentence, MON) == [("from Friday to Sunday", D(2024, 5, 10), D(2024, 5, 12))]
