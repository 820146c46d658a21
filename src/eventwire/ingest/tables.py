"""CSV and TSV tables of articles, one row each, with a mapping from article fields to columns.

Example: a dump with columns ``body``, ``date`` and ``outlet`` reads with
``columns="text=body,published=date,publisher=outlet"``; fields not mapped are read from a column of
their own name when the table has one.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import Any

from eventwire.errors import InputError
from eventwire.model import Article, Rejected

FIELDS = ("text", "id", "title", "published", "publisher", "url", "language")

# Article texts are often longer than the csv module's default 128 KiB cell limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def parse_columns(spec: dict[str, str] | str | None) -> dict[str, str]:
    """``{"text": "body", ...}`` from ``"text=body,published=date"`` (or a dict, checked).

    Raises:
        InputError: naming ``--columns`` when a pair is malformed or a field unknown.
    """
    if spec is None or spec == "":
        return {}
    if isinstance(spec, str):
        pairs: dict[str, str] = {}
        for part in spec.split(","):
            field, sep, column = part.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise InputError("--columns", f"{part.strip()!r} is not FIELD=COLUMN", "e.g. text=body,published=date")
            pairs[field.strip()] = column.strip()
        spec = pairs
    unknown = sorted(set(spec) - set(FIELDS))
    if unknown:
        raise InputError("--columns", f"unknown field {unknown[0]!r}", f"use {', '.join(FIELDS)}")
    return dict(spec)


def table_articles(
    data: bytes, source: str, defaults: dict[str, Any], columns: dict[str, str], *, delimiter: str = ","
) -> Iterator[Article | Rejected]:
    """One Article per row (source ``path:LINE``, the line the row ends on), or a Rejected per bad row."""
    from eventwire.ingest.readers import article_from_record

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Rejected(source, f"not valid UTF-8 (byte 0x{exc.object[exc.start:exc.start + 1].hex()} at offset {exc.start}); convert it to UTF-8 first")
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield Rejected(source, f"malformed CSV header: {exc}")
        return
    if not header:
        yield Rejected(source, "empty table (no header row)")
        return
    mapping = {field: columns.get(field, field) for field in FIELDS}
    missing = [f"{field}={column}" for field, column in columns.items() if column not in header]
    if mapping["text"] not in header and "text=" + mapping["text"] not in missing:
        missing.insert(0, f"text={mapping['text']}")
    if missing:
        yield Rejected(
            source,
            f"no column for {', '.join(missing)} (the columns are {', '.join(header)}); "
            "name them with --columns text=COLUMN,published=COLUMN,...",
        )
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejected(f"{source}:{reader.line_num}", f"malformed CSV row: {exc}; the rest of the file is skipped")
            return
        row_source = f"{source}:{reader.line_num}"
        if None in row:  # more cells than header columns
            yield Rejected(row_source, f"row has {len(header) + len(row[None])} cells but the header has {len(header)}")
            continue
        record = {field: row[column] for field, column in mapping.items() if column in row and row[column] not in (None, "")}
        if "text" not in record:
            record["text"] = row.get(mapping["text"])
        yield article_from_record(record, row_source, defaults)
