"""Ingest throughput and database size per 1,000 articles (SQLite), on synthetic articles.

The sample articles are cut into paragraphs; each synthetic article is a headline and three
paragraphs drawn from that pool, with its numbers changed, so the articles are distinct, realistic
in length and mostly not near-duplicates of one another (those that are get linked, as in real
feeds, and are counted). They are written as text files into a temporary folder and read back with
the ordinary reader, then:

1. bare spaCy: the same texts through ``nlp.pipe`` with the configured model (the floor);
2. eventwire: ``ingest_into`` a fresh SQLite file (language check, MinHash, pipeline, store, fusion).

Usage:
    .venv/bin/python scripts/bench_ingest.py [--articles 1000] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def paragraph_pool() -> tuple[list[str], list[str]]:
    """(headlines, paragraphs) of every sample article and fusion report."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((SAMPLES / "articles").glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (SAMPLES / "fusion" / "menaka-reports.jsonl").read_text().splitlines()]
    headlines, paragraphs = [], []
    for text in texts:
        parts = [part.strip() for part in text.split("\n\n") if part.strip()]
        headlines.append(parts[0])
        paragraphs.extend(parts[1:])
    return headlines, paragraphs


def synthetic_articles(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    headlines, paragraphs = paragraph_pool()
    articles: list[str] = []
    seen: set[str] = set()
    while len(articles) < n:
        body = rng.sample(paragraphs, 4)
        # Small edits: every number changes, so casualty figures differ as between real reports.
        body = [re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + rng.randint(1, 9)), part) for part in body]
        text = rng.choice(headlines) + "\n\n" + "\n\n".join(body) + "\n"
        if text not in seen:
            seen.add(text)
            articles.append(text)
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the articles and the database here instead of a temp dir")
    args = parser.parse_args()

    from eventwire.batch import ingest_into
    from eventwire.ingest import read_inputs
    from eventwire.model import Article
    from eventwire.nlp import load
    from eventwire.pipeline import analyse
    from eventwire.store import open_store

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        folder = args.keep or Path(tmp)
        inputs = folder / "articles"
        inputs.mkdir(parents=True, exist_ok=True)
        for number, text in enumerate(synthetic_articles(args.articles, args.seed)):
            (inputs / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        items = [item for item in read_inputs([inputs], published="2024-03-05") if isinstance(item, Article)]
        words = sum(len(item.text.split()) for item in items)

        nlp = load()
        analyse(items[0])  # warm up: model, gazetteer and lexicons load once, outside the timings
        start = time.perf_counter()
        for _ in nlp.pipe((item.text for item in items), batch_size=64):
            pass
        spacy_s = time.perf_counter() - start

        db = folder / "bench.db"
        db.unlink(missing_ok=True)
        with open_store(db) as store:
            start = time.perf_counter()
            report = ingest_into(store, items)
            ingest_s = time.perf_counter() - start
            n_fused = store.count_events(fused=True)
        with sqlite3.connect(db) as conn:  # fold the WAL into the file before measuring it
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = db.stat().st_size

    result = {
        "articles": len(items),
        "words": words,
        "stored": report.stored,
        "near_duplicates_linked": report.near_duplicates,
        "rejected": report.rejected,
        "report_events": report.events,
        "fused_events": n_fused,
        "spacy_articles_per_s": round(len(items) / spacy_s, 2),
        "ingest_articles_per_s": round(len(items) / ingest_s, 2),
        "ingest_words_per_s": round(words / ingest_s),
        "ratio_ingest_to_spacy": round(spacy_s / ingest_s, 3),
        "db_bytes": size,
        "db_mib_per_1000_articles": round(size / 2**20 * 1000 / len(items), 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
