"""The pipeline from an article to report-level events: nlp → mentions → events.

Each stage is a plain function in its own module; this module only runs them in order and keeps
what they produced together in an ``Analysis`` (used by the CLI, the store and the evaluation).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventwire import actors as actors_stage
from eventwire import dates as dates_stage
from eventwire import nlp as nlp_stage
from eventwire import places as places_stage
from eventwire.attribution import AttributionRelation, find_attributions
from eventwire.errors import InputError
from eventwire.ingest import parse_published
from eventwire.events import extract_events
from eventwire.model import ActorMention, Article, DateInterval, Event, PlaceMention


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline found in one article."""

    article: Article
    doc: Doc
    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateInterval]
    attributions: list[AttributionRelation]
    events: list[Event]


def _analyse_doc(article: Article, doc: Doc) -> Analysis:
    published = article.published
    actor_mentions = actors_stage.find_actor_mentions(doc, published=published)
    place_mentions = places_stage.find_places(doc)
    time_mentions = dates_stage.find_dates(doc, published)
    relations = find_attributions(doc)
    fallback = dates_stage.publication_fallback(published) if published else None
    events = extract_events(doc, article, actor_mentions, place_mentions, time_mentions, relations,
                            fallback_date=fallback)
    return Analysis(article, doc, actor_mentions, place_mentions, time_mentions, relations, events)


def analyse_parsed(article: Article, doc: Doc) -> Analysis:
    """Run every stage but parsing on an article already parsed (``doc`` is ``nlp(article.text)``)."""
    return _analyse_doc(article, doc)


def analyse(article: Article, nlp: Language | None = None) -> Analysis:
    """Run every stage on one article."""
    nlp = nlp or nlp_stage.load()
    return _analyse_doc(article, nlp(article.text))


def analyse_many(articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 16) -> Iterator[Analysis]:
    """Run every stage on many articles, parsing them in batches (much faster than one by one)."""
    nlp = nlp or nlp_stage.load()
    pending = iter(articles)
    while True:
        batch = [article for _, article in zip(range(batch_size), pending)]
        if not batch:
            return
        for article, doc in zip(batch, nlp.pipe(a.text for a in batch)):
            yield _analyse_doc(article, doc)


def extract_article(article: Article) -> list[Event]:
    return analyse(article).events


def extract_text(text: str, published: Any = None, **fields: Any) -> list[Event]:
    """Events of one text; ``published`` is a date or YYYY-MM-DD string, other fields go to the Article.

    Example:
        >>> events = extract_text("Rebels shelled the town of Morek on Monday.", published="2020-01-14")
        >>> (events[0].event, events[0].date.start.isoformat())
        ('ASSAULT', '2020-01-13')
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("text", "is empty", "pass the article text as a non-empty string")
    article = Article.from_text(text, published=parse_published(published), **fields)
    return extract_article(article)
