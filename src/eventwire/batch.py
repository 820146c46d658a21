"""Batch ingest: read inputs, run the pipeline on articles not yet stored, store events and rejections.

Each new article passes the language check (non-English articles are rejected with the reason),
then the near-duplicate check (a syndicated copy is stored and linked to the first copy, and not
parsed), then the pipeline; its events are stored and fused in the article's own transaction.

Resumable by construction: an article already in the store is skipped before any parsing, each
article is written in its own transaction, so a batch killed at any point and run again ends with
exactly the rows of an uninterrupted run. One broken article is recorded as rejected with its
reason and the batch goes on.

Articles are parsed in small batches (spaCy's ``nlp.pipe``, much faster than one by one) and then
checked, analysed and stored one at a time, so the guarantees above hold per article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.tokens import Doc

from eventwire.errors import EventwireError
from eventwire.ingest import near_duplicates
from eventwire.ingest.language import check_language
from eventwire.model import Article, Rejected
from eventwire import nlp as nlp_stage
from eventwire.pipeline import analyse, analyse_parsed
from eventwire.store.base import Store

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    stored: int = 0
    skipped: int = 0  # already in the store (a re-run or a duplicate)
    near_duplicates: int = 0  # stored and linked to an earlier copy, not parsed
    rejected: int = 0
    reprocessed: int = 0  # stored articles analysed again, their events replaced
    events: int = 0
    reasons: list[Rejected] = field(default_factory=list)


def _fresh(
    items: Iterable[Article | Rejected], store: Store, report: IngestReport, reprocess: bool = False
) -> Iterator[Article | Rejected]:
    seen: set[str] = set()
    for item in items:
        report.read += 1
        if isinstance(item, Article) and (item.id in seen or not reprocess and store.has_article(item.id)):
            report.skipped += 1
            continue
        if isinstance(item, Article):
            seen.add(item.id)
        yield item


def ingest_into(
    store: Store,
    items: Iterable[Article | Rejected],
    on_item: Callable[[IngestReport], None] | None = None,
    reprocess: bool = False,
) -> IngestReport:
    """Process and store every input; returns counts. ``on_item`` is called after each input.

    With ``reprocess``, an article already stored is analysed again and its events replaced (after
    an upgrade of eventwire or of its data files), one transaction per article as for new ones; a
    stored near-duplicate stays linked to its first copy."""
    report = IngestReport()
    fresh = _fresh(items, store, report, reprocess)
    while chunk := list(islice(fresh, PARSE_BATCH)):
        checked = {id(item): _checked_language(item) for item in chunk if isinstance(item, Article)}
        parsed = _parse([item for item in chunk if isinstance(checked.get(id(item)), Article)])
        for item in chunk:
            _ingest_one(store, checked.get(id(item), item), report, parsed.get(id(item)), reprocess)
            if on_item:
                on_item(report)
    return report


# Articles parsed together: large enough for spaCy's batching, small enough that a killed run
# loses little parsing.
PARSE_BATCH = 16


def _checked_language(article: Article) -> Article | Rejected:
    """The language check; an article it cannot read is rejected, not the batch stopped."""
    try:
        return check_language(article)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch of thousands
        return Rejected(source=article.source or article.id, reason=f"language check failed: {exc}", article_id=article.id)


def _parse(articles: list[Article]) -> dict[int, Doc]:
    """Parses of the articles (by object id); none for a batch that fails to parse, whose articles are
    then parsed, and rejected if need be, one by one."""
    try:
        return {id(a): doc for a, doc in zip(articles, nlp_stage.load().pipe(a.text for a in articles), strict=True)}
    except Exception:  # noqa: BLE001 - the article at fault is found and rejected when parsed alone
        log.warning("a batch of %d articles failed to parse together; parsing them one by one", len(articles))
        return {}


def _ingest_one(
    store: Store, item: Article | Rejected, report: IngestReport, doc: Doc | None, reprocess: bool = False
) -> None:
    if isinstance(item, Rejected):
        _reject(store, report, item)
    else:
        try:
            _store_article(store, item, report, doc, reprocess)
        except EventwireError as exc:
            _reject(store, report, Rejected(source=item.source or item.id, reason=str(exc), article_id=item.id))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch of thousands
            log.exception("article %s failed", item.source or item.id)
            reason = f"pipeline error: {type(exc).__name__}: {exc}"
            _reject(store, report, Rejected(source=item.source or item.id, reason=reason, article_id=item.id))


def find_near_duplicate(store: Store, signature: near_duplicates.Signature) -> tuple[str, float] | None:
    """(first stored copy, similarity) of the closest stored article at or above the threshold."""
    best: tuple[str, float] | None = None
    for article_id, stored in store.near_duplicate_candidates(signature.bands()):
        similarity = signature.similarity(near_duplicates.Signature.from_bytes(stored))
        # Candidates come oldest first, so a tie keeps the first copy.
        if similarity >= near_duplicates.THRESHOLD and (best is None or similarity > best[1]):
            best = (article_id, round(similarity, 4))
    return best


def _store_article(
    store: Store, article: Article, report: IngestReport, doc: Doc | None = None, reprocess: bool = False
) -> None:
    """Store an article that passed the language check: linked to an earlier copy, or with its
    events; with ``reprocess``, one already stored has its events replaced (a plain run never
    passes a stored article on, so only a reprocessing run looks it up again)."""
    if reprocess and store.has_article(article.id):
        if store.is_near_duplicate(article.id):
            report.skipped += 1
            return
        events = (analyse_parsed(article, doc) if doc is not None else analyse(article)).events
        store.replace_events(article.id, events)
        report.reprocessed += 1
        report.events += len(events)
        return
    signature = near_duplicates.signature(article.text)
    original = find_near_duplicate(store, signature)
    if original is not None:
        if store.add_article(article, [], duplicate_of=original):
            report.near_duplicates += 1
            report.stored += 1
        else:
            report.skipped += 1
        return
    events = (analyse_parsed(article, doc) if doc is not None else analyse(article)).events
    if store.add_article(article, events, signature=signature.to_bytes(), bands=signature.bands()):
        report.stored += 1
        report.events += len(events)
    else:
        report.skipped += 1


def _reject(store: Store, report: IngestReport, rejected: Rejected) -> None:
    store.add_rejected(rejected)
    report.rejected += 1
    report.reasons.append(rejected)
