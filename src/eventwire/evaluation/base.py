"""What every gold set's scorer shares: the result type, the error log, paths and pipeline calls."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import InputError
from eventwire.model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.pipeline import Analysis

Figures = dict[str, float | int | None]

BATCH_SIZE = 64


class ErrorLog:
    """Misses and false positives of one gold set, written as JSONL when a directory is given.

    Each record has ``set``, ``kind`` (``miss``, ``false_positive``, ``wrong_<field>``, ...), ``id``
    of the gold item, ``sentence`` and whatever else explains it (``gold``, ``ours``).
    """

    def __init__(self, name: str, enabled: bool) -> None:
        self.name = name
        self.enabled = enabled
        self.records: list[dict[str, Any]] = []

    def add(self, kind: str, item_id: str | int | None, sentence: str | None, **details: Any) -> None:
        if self.enabled:
            self.records.append(
                {"set": self.name, "kind": kind, "id": item_id, "sentence": sentence, **details}
            )

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in self.records:
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        return path


def require(path: Path, set_name: str) -> Path:
    """``path`` if it exists, else an InputError naming the set and the fix."""
    if not path.exists():
        raise InputError(
            str(path),
            f"gold data for set {set_name!r} not found",
            "pass --data pointing at the shared eval folder (default ../shared/eval)",
        )
    return path


def analyse_texts(
    texts: Iterable[str], published: dt.date | None = None, ids: Iterable[str] | None = None
) -> Iterator[Analysis]:
    """Run the whole pipeline over texts, batched (``eventwire.pipeline.analyse_many``)."""
    from eventwire.pipeline import analyse_many

    id_iter = iter(ids) if ids is not None else None

    def articles() -> Iterator[Article]:
        for text in texts:
            fields: dict[str, Any] = {"published": published}
            if id_iter is not None:
                fields["id"] = next(id_iter)
            yield Article.from_text(text, **fields)

    return analyse_many(articles())


def parse_texts(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts with the configured spaCy pipeline only (no event extraction), batched."""
    from eventwire.nlp import load

    return load().pipe(texts, batch_size=BATCH_SIZE)

