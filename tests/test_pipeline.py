"""The whole pipeline on short articles: headlines, datelines, offsets, records and the public entry points.

Texts were written for these tests in wire-report style; publication date Tuesday 2024-03-12.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.errors import InputError
from eventwire.model import Article, Event
from eventwire.ingest import parse_published
from eventwire.pipeline import analyse, analyse_many, extract_text

pytestmark = pytest.mark.slow

PUBLISHED = dt.date(2024, 3, 12)

ARTICLE = """Egypt and Jordan hold talks on Gaza

AMMAN, March 12 — The Egyptian foreign minister met his Jordanian counterpart in Amman on Monday, the Jordanian foreign ministry said.
The two ministers urged Israel to allow aid into Gaza.
Separately, Israeli warplanes struck a residential building in Rafah on Sunday, killing at least 12 civilians, according to local health officials.
Syrian troops shelled the village of Kafr Nabl and Russian warplanes struck the town of Ariha overnight.
No agreement was reached between Russia and Ukraine at the talks in Istanbul last week.
"""


@pytest.fixture(scope="module")
def nlp():
    from eventwire import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="module")
def article_analysis(nlp):
    return analyse(Article.from_text(ARTICLE, published=PUBLISHED, publisher="test"), nlp=nlp)


@pytest.fixture(scope="module")
def extract(nlp):
    def run(text: str, published: dt.date = PUBLISHED) -> list[Event]:
        return analyse(Article.from_text(text, published=published), nlp=nlp).events

    return run


def spans_of(event: Event):
    """Every span an event carries, with a label for the failure message."""
    for mention in (*event.actors, *event.recipients):
        yield "actor", mention.span
    if event.location is not None:
        yield "location", event.location.span
    for place in event.places:
        yield "place", place.span
    for attribution in event.attribution:
        yield "attribution", attribution.span
        if attribution.cue_span is not None:
            yield "attribution cue", attribution.cue_span
    yield "evidence", event.evidence.span
    yield "trigger", event.evidence.trigger_span
    if event.date is not None and event.date.span is not None:
        yield "date", event.date.span


# --- the article as a whole ---------------------------------------------------------------------


def test_article_events_in_order(article_analysis):
    events = article_analysis.events
    assert [(e.event, e.evidence.trigger) for e in events] == [
        ("CONSULT", "met"),
        ("REQUEST", "urged"),
        ("ASSAULT", "struck"),
        ("ASSAULT", "shelled"),
        ("ASSAULT", "struck"),
        ("AGREE", "reached"),
        ("CONSULT", "talks"),
    ]


def test_every_span_slices_the_text(article_analysis):
    text = ARTICLE
    events = article_analysis.events
    assert events
    for event in events:
        for label, span in spans_of(event):
            assert text[span.start : span.end] == span.text, (event.event, label, span)
        assert event.evidence.sentence == text[event.evidence.span.start : event.evidence.span.end]
        assert event.evidence.span.contains(event.evidence.trigger_span)
    for mention in (*article_analysis.actors, *article_analysis.places):
        assert text[mention.span.start : mention.span.end] == mention.span.text
    for relation in article_analysis.attributions:
        for span in (relation.source, relation.cue, relation.content):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_dateline_is_neither_place_nor_date(article_analysis):
    met = article_analysis.events[0]
    assert met.location.span.text == "Amman"
    assert met.location.span.start > ARTICLE.index("—")  # the Amman of the sentence, not of the dateline
    assert met.date.start == dt.date(2024, 3, 11)  # "on Monday", not the dateline's March 12
    assert met.date.text == "Monday"


def test_attribution_in_article(article_analysis):
    met, urged = article_analysis.events[:2]
    assert [(a.source, a.cue) for a in met.attribution] == [("the Jordanian foreign ministry", "say")]
    assert met.modality == "reported"
    assert urged.attribution == () and urged.modality == "asserted"  # the next sentence is not attributed


def test_according_to_after_casualty_participle(article_analysis):
    strike = article_analysis.events[2]
    assert [(a.source, a.cue) for a in strike.attribution] == [("local health officials", "according to")]
    assert strike.modality == "reported"


def test_size_and_place_in_article(article_analysis):
    strike = article_analysis.events[2]
    assert strike.size.dead == 12
    assert strike.location.span.text == "Rafah" and strike.location.place.country_code == "PS"
    assert strike.date.start == dt.date(2024, 3, 10)


def test_relative_times_in_article(article_analysis):
    shelled, struck, reached = article_analysis.events[3:6]
    assert shelled.date.text == struck.date.text == "overnight"
    assert (struck.date.start, struck.date.end) == (dt.date(2024, 3, 11), dt.date(2024, 3, 12))  # overnight
    assert (reached.date.start, reached.date.end, reached.date.precision) == (
        dt.date(2024, 3, 4), dt.date(2024, 3, 10), "week")
    assert reached.modality == "negated"


def test_the_two_ministers_refers_back(article_analysis):
    requests = [e for e in article_analysis.events if e.event == "REQUEST"]
    assert len(requests) == 1
    assert {m.actor.code for m in requests[0].actors} == {"EGY", "JOR"}


# --- headlines and datelines ---------------------------------------------------------------------


def test_headline_gives_no_events(extract):
    headline = "Russian forces strike Kharkiv overnight"
    assert [e.event for e in extract(headline)] == ["ASSAULT"]  # on its own it is a sentence with an event
    events = extract(headline + "\n\nRebels attacked an army post near Daraa on Sunday.")
    assert [(e.event, e.evidence.trigger) for e in events] == [("ASSAULT", "attacked")]
    assert events[0].evidence.span.start == len(headline) + 2


def test_first_line_without_blank_line_is_not_a_headline(extract):
    events = extract("Russian forces strike Kharkiv overnight\nRebels attacked an army post near Daraa on Sunday.")
    assert [e.evidence.trigger for e in events] == ["strike", "attacked"]


def test_dateline_city_and_date_do_not_leak(extract):
    [event] = extract("BEIRUT, March 9 — Israeli jets struck a house in the southern Lebanese town of Bint Jbeil.")
    assert (event.event, event.mode) == ("ASSAULT", "aerial")
    assert event.location.span.text == "Bint Jbeil" and event.location.place.country_code == "LB"
    assert "BEIRUT" not in {p.span.text for p in event.places}
    assert event.date.fallback and event.date.start == PUBLISHED  # not March 9


def test_named_agreement_is_not_a_place(nlp):
    text = "Russia accused Turkey of violating the Sochi agreement on Monday."
    analysis = analyse(Article.from_text(text, published=PUBLISHED), nlp=nlp)
    assert "Sochi" not in {p.span.text for p in analysis.places}
    for event in analysis.events:
        assert "Sochi" not in {p.span.text for p in event.places}


# --- entry points and records --------------------------------------------------------------------


def test_extract_text_matches_analyse(article_analysis):
    events = extract_text(ARTICLE, published="2024-03-12")
    assert [e.to_record() for e in events] == [e.to_record() for e in article_analysis.events]


def test_analyse_many_matches_analyse(nlp, article_analysis):
    other = Article.from_text("Israeli forces raided the town of Jenin on Sunday.", published=PUBLISHED)
    results = list(analyse_many([Article.from_text(ARTICLE, published=PUBLISHED, publisher="test"), other],
                                nlp=nlp, batch_size=1))
    assert len(results) == 2
    assert [e.id for e in results[0].events] == [e.id for e in article_analysis.events]
    assert [e.event for e in results[1].events] == ["ASSAULT"]


def test_event_ids_are_stable_and_distinct(article_analysis):
    events = article_analysis.events
    assert len({e.id for e in events}) == len(events)
    assert all(e.id.startswith(article_analysis.article.id + "-") for e in events)
    again = extract_text(ARTICLE, published="2024-03-12")
    assert [e.id for e in again] == [e.id for e in events]


def test_record_shape(article_analysis):
    met, strike = article_analysis.events[0], article_analysis.events[2]
    record = strike.to_record()
    assert (record["event"], record["quad_code"], record["date"], record["date_precision"]) == (
        "ASSAULT", "material conflict", "2024-03-10", "day")
    assert record["size"]["dead"] == 12 and record["size"]["dead_text"].endswith("at least 12 civilians")
    assert record["event_loc"]["extracted_place"] == "Rafah"
    assert record["event_loc"]["country_code"] == "PS"
    assert met.to_record()["size"] is None  # no counts: no size object
    assert met.to_record()["quad_code"] == "verbal cooperation"


def test_no_publication_date_gives_no_fallback(extract):
    [event] = extract("Egypt urged Israel to allow aid into Gaza.", published=None)
    assert event.date is None


def test_empty_text_is_rejected_with_a_fix():
    with pytest.raises(InputError, match="empty"):
        extract_text("   \n", published="2024-03-12")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-03-12", PUBLISHED), ("2024-03-12T08:30:00Z", PUBLISHED), (dt.datetime(2024, 3, 12, 8, 30), PUBLISHED),
     (PUBLISHED, PUBLISHED), (None, None), ("", None)],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_parse_published_rejects_non_dates():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_published("last Tuesday")
