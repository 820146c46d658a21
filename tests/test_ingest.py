"""Ingest: text files, JSON Lines, folders; every bad input becomes a Rejected and the rest go on."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import decode_text, find_title, read_inputs
from eventwire.model import Article, Rejected, article_id_for


def read(*paths, **kwargs) -> list[Article | Rejected]:
    return list(read_inputs([*paths], **kwargs))


# --- text files -------------------------------------------------------------------------------


def test_text_file_title_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffShelling of Aleppo\r\n\r\nRebels shelled Aleppo on Monday.\r\n".encode())
    [article] = read(path)
    assert isinstance(article, Article)
    # BOM removed, CRLF -> LF, nothing else changed; the title stays part of the text.
    assert article.text == "Shelling of Aleppo\n\nRebels shelled Aleppo on Monday.\n"
    assert article.title == "Shelling of Aleppo"
    assert article.id == article_id_for(article.text)
    assert article.source == str(path)
    start = article.text.index("Aleppo on")
    assert article.text[start : start + 6] == "Aleppo"


def test_lone_carriage_returns_become_newlines() -> None:
    assert decode_text(b"a\rb\r\nc\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Title\n\nBody.", "Title"),
        ("\n\nTitle after blank lines\n\nBody.", "Title after blank lines"),
        ("A first line that runs straight into the body\nBody.", None),  # no blank line after it
        (" ".join(["word"] * 25) + "\n\nBody.", None),  # 25 words: too long for a title
        (" ".join(["word"] * 24) + "\n\nBody.", " ".join(["word"] * 24)),
        ("Only one line", None),
    ],
)
def test_find_title(text: str, title: str | None) -> None:
    assert find_title(text) == title


def test_cli_defaults_apply_to_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Body only.")
    [article] = read(path, published=dt.date(2020, 3, 5), publisher="SANA")
    assert article.published == dt.date(2020, 3, 5)
    assert article.publisher == "SANA"
    [article] = read(path, published="2020-03-06")
    assert article.published == dt.date(2020, 3, 6)


def test_missing_path_is_rejected_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Text.")
    items = read(tmp_path / "missing.txt", good)
    assert isinstance(items[0], Rejected)
    assert items[0].source == str(tmp_path / "missing.txt")
    assert "no such file" in items[0].reason
    assert isinstance(items[1], Article)


def test_bad_encoding_binary_and_empty_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Alep est bombard\xe9e.".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    items = {Path(item.source).name: item for item in read(tmp_path)}
    assert all(isinstance(item, Rejected) for item in items.values())
    assert "not valid UTF-8" in items["latin1.txt"].reason
    assert "0xe9" in items["latin1.txt"].reason
    assert "NUL" in items["binary.txt"].reason
    assert items["empty.txt"].reason == "empty text"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t and "\r" not in t))
def test_text_is_kept_exactly(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("prop") / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.text == text


# --- folders ----------------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z text.")
    (tmp_path / "b" / "a.jsonl").write_text(json.dumps({"text": "JSONL text."}) + "\n")
    (tmp_path / "a.txt").write_text("A text.")
    (tmp_path / "c.json").write_text(json.dumps({"text": "JSON text."}) + "\n")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("ignored")
    texts = [item.text for item in read(tmp_path)]
    assert texts == ["A text.", "JSONL text.", "Z text.", "JSON text."]
    # A forced format takes only that format's files from a folder.
    assert [item.text for item in read(tmp_path, input_format="text")] == ["A text.", "Z text."]


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    [item] = read(tmp_path)
    assert isinstance(item, Rejected)
    assert "no input files" in item.reason


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_records_and_rejections(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "First.", "title": "T", "published": "2020-02-01",
                    "publisher": "Reuters", "url": "https://example.org/1"}),
        "{not json",
        json.dumps({"text": "Second.", "published": "2020-02-02T23:30:00+03:00"}),
        "",
        json.dumps({"id": "a3", "title": "no text"}),
        json.dumps({"id": "a4", "text": "   "}),
        json.dumps({"id": "a5", "text": "Bad date.", "published": "yesterday"}),
        json.dumps({"text": "Third.", "published": "2020-02-03T10:00:00Z", "id": 7}),
        json.dumps(["not", "an", "object"]),
        '{"text": "lone \\ud800 surrogate"}',
        '{"text": "NUL \\u0000 inside"}',
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read(path, published=dt.date(2019, 1, 1), publisher="CLI publisher")

    articles = [item for item in items if isinstance(item, Article)]
    rejected = {item.source: item for item in items if isinstance(item, Rejected)}
    assert [a.text for a in articles] == ["First.", "Second.", "Third."]

    first, second, third = articles
    assert first == Article(id="a1", text="First.", title="T", published=dt.date(2020, 2, 1),
                            publisher="Reuters", url="https://example.org/1", source=f"{path}:1")
    assert second.id == article_id_for("Second.")
    assert second.published == dt.date(2020, 2, 2)  # the date as written, not converted to UTC
    assert second.publisher == "CLI publisher"  # the CLI default fills what the record lacks
    assert third.id == "7"

    assert set(rejected) == {f"{path}:{n}" for n in (2, 5, 6, 7, 9, 10, 11)}
    assert "surrogate" in rejected[f"{path}:10"].reason
    assert "invalid JSON" in rejected[f"{path}:2"].reason
    assert rejected[f"{path}:5"].reason == "text is missing"
    assert rejected[f"{path}:5"].article_id == "a3"
    assert rejected[f"{path}:6"].reason == "text is empty"
    assert "yesterday" in rejected[f"{path}:7"].reason
    assert "JSON object" in rejected[f"{path}:9"].reason


def test_jsonl_bom_and_bad_encoding_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"text": "One."}).encode() + b"\r\n"
        + b'{"text": "caf\xe9"}\n'
        + json.dumps({"text": "Three \u2028 with a line separator."}, ensure_ascii=False).encode() + b"\n"
    )
    items = read(path)
    assert isinstance(items[0], Article) and items[0].text == "One."
    assert isinstance(items[1], Rejected) and items[1].source == f"{path}:2"
    assert "UTF-8" in items[1].reason
    assert isinstance(items[2], Article) and items[2].text == "Three \u2028 with a line separator."


def test_forced_formats(tmp_path: Path) -> None:
    as_txt = tmp_path / "records.txt"
    as_txt.write_text(json.dumps({"id": "x", "text": "Body."}) + "\n")
    [article] = read(as_txt, input_format="jsonl")
    assert article.id == "x"
    [article] = read(as_txt)
    assert article.text.startswith("{")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (json.dumps({"text": "From a pipe."}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = read("-")
    assert article.text == "From a pipe."
    assert article.source == "<stdin>:1"


def test_bad_arguments_raise() -> None:
    with pytest.raises(InputError, match="input format"):
        read("x", input_format="xml")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not a date"):
        read("x", published="last week")
