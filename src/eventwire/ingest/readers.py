"""Ingest: read articles from text, HTML, RSS/Atom, JSON Lines and CSV files, folders of them and URLs.

A bad input never stops a batch: it comes out as a :class:`~eventwire.model.Rejected` record with
the reason, in the same stream as the articles, and the reader goes on with the next one.

Example:
    >>> from eventwire.ingest import read_inputs
    >>> for item in read_inputs(["no/such/file.txt"]):
    ...     print(type(item).__name__, item.reason)
    Rejected no such file or folder (check the path)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from eventwire.errors import InputError
from eventwire.model import Article, Rejected

InputFormat = Literal["auto", "text", "jsonl", "html", "feed", "csv"]
FileFormat = Literal["text", "jsonl", "html", "feed", "csv"]

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".json")
SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": TEXT_SUFFIXES,
    "jsonl": JSONL_SUFFIXES,
    "html": (".html", ".htm"),
    "feed": (".rss", ".atom", ".xml"),
    "csv": (".csv", ".tsv"),
}
TITLE_MAX_WORDS = 25  # a first line with fewer words than this, followed by a blank line, is the title
STDIN = "-"


def read_inputs(
    paths: Iterable[str | Path] | str | Path,
    *,
    input_format: InputFormat = "auto",
    published: dt.date | str | None = None,
    publisher: str | None = None,
    columns: dict[str, str] | str | None = None,
) -> Iterator[Article | Rejected]:
    """Articles (and rejected inputs) from files, folders and ``-`` (standard input), in order.

    Args:
        paths: files, folders (read recursively in sorted order, hidden entries skipped) or ``-``.
        input_format: ``"auto"`` picks by suffix (``.jsonl``/``.json`` JSON Lines, ``.html``/``.htm``
            web pages, ``.rss``/``.atom``/``.xml`` feeds, ``.csv``/``.tsv`` tables; anything else
            named explicitly is plain text, or a list of URLs when every line is one; folders
            contribute files with any of those suffixes); a named format reads every named file
            that way (folders then contribute only files with that format's suffixes). An
            ``http(s)://`` argument is fetched (a page or a feed, by its content).
        columns: for CSV, which column holds each field (``{"text": "body"}`` or
            ``"text=body,published=date"``); fields not named are read from a column of their own name.
        published: publication date for records that have none (a date or ``YYYY-MM-DD``).
        publisher: publisher for records that have none.

    Yields:
        An :class:`Article` per text file or JSON line, or a :class:`Rejected` (with ``source`` the
        path, or ``path:LINE`` for JSON Lines) for an input that cannot be read. Nothing raises for
        a bad input; only bad arguments (``input_format``, ``published``) raise
        :class:`~eventwire.errors.InputError`.

    Text files are decoded as UTF-8 with a leading byte-order mark removed, and their line ends are
    normalised to ``\\n`` (``\\r\\n`` and lone ``\\r``, as Python's text mode does). Nothing else is
    changed: ``Article.text`` is the decoded text, so character spans index into exactly that. The
    title, when found, is a copy of the first line and stays part of the text. JSON Lines ``text``
    values are kept exactly as the JSON gives them.
    """
    if input_format != "auto" and input_format not in SUFFIXES:
        raise InputError("input_format", f"unknown input format {input_format!r}", f"use auto, {', '.join(SUFFIXES)}")
    default_published = parse_published(published)
    defaults = {"published": default_published, "publisher": publisher or None}
    from eventwire.ingest.tables import parse_columns

    defaults["columns"] = parse_columns(columns)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in paths:
        yield from _read_path(path, input_format, defaults)


def parse_published(value: dt.date | str | None, source: str = "published") -> dt.date | None:
    """A publication date from a date, a datetime or an ISO string; None or "" stays None.

    Raises:
        InputError: naming ``source`` (the option or field) when the value is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise InputError(source, f"publication date {value!r} is not a date", "use YYYY-MM-DD")
    return parsed


def parse_date(value: str) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` or an ISO 8601 datetime (the date as written, offset ignored)."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _read_path(path: str | Path, input_format: InputFormat, defaults: dict[str, Any]) -> Iterator[Article | Rejected]:
    if str(path) == STDIN:
        yield from _read_stdin(input_format, defaults)
        return
    if str(path).lower().startswith(("http://", "https://")):
        from eventwire.ingest.fetch import fetch_url

        yield from fetch_url(str(path), _article_fields(defaults))
        return
    path = Path(path)
    source = str(path)
    if path.is_dir():
        files = list(_walk(path, input_format))
        if not files:
            suffixes = ", ".join(_folder_suffixes(input_format))
            yield Rejected(source, f"folder has no input files ({suffixes})")
        for file in files:
            yield from _read_file(file, _file_format(file, input_format), defaults)
    elif path.exists():
        yield from _read_file(path, _file_format(path, input_format), defaults)
    else:
        yield Rejected(source, "no such file or folder (check the path)")


def _folder_suffixes(input_format: InputFormat) -> tuple[str, ...]:
    if input_format in SUFFIXES:
        return SUFFIXES[input_format]
    return tuple(suffix for suffixes in SUFFIXES.values() for suffix in suffixes)


def _article_fields(defaults: dict[str, Any]) -> dict[str, Any]:
    """The defaults that are Article fields (``columns`` is an option of the CSV reader)."""
    return {name: value for name, value in defaults.items() if name != "columns"}


def _walk(folder: Path, input_format: InputFormat) -> Iterator[Path]:
    """Input files under ``folder``, recursively, sorted by path (``a.txt``, ``b/a.txt``, ``c.txt``)."""
    suffixes = _folder_suffixes(input_format)
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # hidden folders (.git, .cache)
        found.extend(Path(root) / name for name in names if not name.startswith(".") and name.lower().endswith(suffixes))
    yield from sorted(found, key=lambda path: path.relative_to(folder).parts)


def _file_format(path: Path, input_format: InputFormat) -> FileFormat:
    if input_format != "auto":
        return input_format
    suffix = path.suffix.lower()
    for fmt, suffixes in SUFFIXES.items():
        if suffix in suffixes:
            return fmt  # type: ignore[return-value]
    return "text"


def _read_file(path: Path, fmt: FileFormat, defaults: dict[str, Any]) -> Iterator[Article | Rejected]:
    source = str(path)
    if fmt == "jsonl":
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield Rejected(source, f"cannot read: {exc.strerror or exc}")
            return
        with handle:
            try:
                yield from _read_jsonl_lines(handle, source, defaults)
            except OSError as exc:  # e.g. an I/O error half-way through a large batch
                yield Rejected(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(source, f"cannot read: {exc.strerror or exc}")
        return
    fields = _article_fields(defaults)
    if fmt == "html":
        from eventwire.ingest.html import html_article

        yield html_article(data, source, fields)
    elif fmt == "feed":
        from eventwire.ingest.feeds import feed_articles

        yield from feed_articles(data, source, fields)
    elif fmt == "csv":
        from eventwire.ingest.tables import table_articles

        yield from table_articles(data, source, fields, defaults["columns"], delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    else:
        urls = url_list(data)
        if urls:
            from eventwire.ingest.fetch import fetch_url

            for url in urls:
                yield from fetch_url(url, fields)
        else:
            yield _text_article(data, source, defaults)


def url_list(data: bytes) -> list[str]:
    """The URLs of a text file whose every non-blank line (``#`` comments aside) is an http(s) URL."""
    try:
        lines = [line.strip() for line in data.decode("utf-8-sig").splitlines()]
    except UnicodeDecodeError:
        return []
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines and all(line.lower().startswith(("http://", "https://")) and " " not in line for line in lines):
        return lines
    return []


def _read_stdin(input_format: InputFormat, defaults: dict[str, Any]) -> Iterator[Article | Rejected]:
    data = sys.stdin.buffer.read()
    fmt = input_format
    if fmt == "auto":
        fmt = "jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "text"
    if fmt == "jsonl":
        yield from _read_jsonl_lines(data.splitlines(keepends=True), "<stdin>", defaults)
    elif fmt == "text":
        yield _text_article(data, "<stdin>", defaults)
    else:
        yield Rejected("<stdin>", f"reading {fmt} from standard input is not supported; save it to a file first")


# --- plain text -------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 text with a leading BOM removed and line ends normalised to ``\\n``.

    Raises:
        UnicodeDecodeError: the bytes are not UTF-8.
    """
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_title(text: str) -> str | None:
    """The first line, if it is short (fewer than 25 words) and followed by a blank line."""
    lines = text.split("\n")
    # Leading blank lines are skipped: some exporters start a file with one.
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index + 1 >= len(lines):
        return None
    first, following = lines[index].strip(), lines[index + 1]
    if first and not following.strip() and len(first.split()) < TITLE_MAX_WORDS:
        return first
    return None


def _text_article(data: bytes, source: str, defaults: dict[str, Any]) -> Article | Rejected:
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        return Rejected(source, _encoding_reason(exc))
    if "\x00" in text:
        return Rejected(source, "binary file (contains NUL bytes), not text")
    if not text.strip():
        return Rejected(source, "empty text")
    return Article.from_text(text, title=find_title(text), source=source, **_article_fields(defaults))


def _encoding_reason(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return (
        f"not valid UTF-8 (byte 0x{byte} at offset {exc.start}); "
        "convert it to UTF-8 first, e.g. iconv -f windows-1256 -t utf-8"
    )


# --- JSON Lines -------------------------------------------------------------------------------

_STRING_FIELDS = ("title", "publisher", "url", "language")


def _read_jsonl_lines(lines: Iterable[bytes], source: str, defaults: dict[str, Any]) -> Iterator[Article | Rejected]:
    for lineno, raw in enumerate(lines, 1):
        line_source = f"{source}:{lineno}"
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejected(line_source, _encoding_reason(exc))
            continue
        if not line.strip():
            continue
        yield _record_article(line, line_source, defaults)


def _record_article(line: str, source: str, defaults: dict[str, Any]) -> Article | Rejected:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(source, f"invalid JSON ({exc.msg} at column {exc.colno}); expected one JSON object per line")
    if not isinstance(record, dict):
        return Rejected(source, f"expected a JSON object, got {type(record).__name__}")
    return article_from_record(record, source, _article_fields(defaults))


def article_from_record(record: dict[str, Any], source: str, defaults: dict[str, Any]) -> Article | Rejected:
    """An Article from a record's fields (``text``, ``id``, ``title``, ``published``, ``publisher``,
    ``url``, ``language``), or a Rejected naming ``source`` and the field at fault."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "missing" if text is None else "empty" if isinstance(text, str) else f"not a string ({type(text).__name__})"
        return Rejected(source, f"text is {what}", _record_id(record))
    for name in ("text", *_STRING_FIELDS):
        value = record.get(name)
        if isinstance(value, str) and not _storable(value):
            return Rejected(source, f"{name} contains a NUL character or a lone surrogate, which cannot be stored", _record_id(record))
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        return Rejected(source, f"id is not a string or an integer ({type(raw_id).__name__})")
    fields: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return Rejected(source, f"{name} is not a string ({type(value).__name__})", _record_id(record))
        if value:
            fields[name] = value
    published_value = record.get("published")
    if published_value not in (None, ""):
        if not isinstance(published_value, str) or (published := parse_date(published_value)) is None:
            return Rejected(
                source,
                f"published {published_value!r} is not a date (use YYYY-MM-DD or an ISO 8601 datetime)",
                _record_id(record),
            )
        fields["published"] = published
    for name, value in defaults.items():
        if fields.get(name) is None and value is not None:
            fields[name] = value
    record_id = _record_id(record)
    if record_id:
        fields["id"] = record_id
    return Article.from_text(text, source=source, **fields)


def _storable(text: str) -> bool:
    """Whether every backend can store the text: no NUL, no lone surrogate (from a JSON escape)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _record_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value).strip() or None
    return None
