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


# --- HTML pages, feeds, CSV, URLs -------------------------------------------------------------

PAGE = """<html><head><title>Clashes near Tessalit - Sahel Courier</title>
<meta property="og:site_name" content="Sahel Courier">
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><nav>Home | World | Sport | Subscribe</nav>
<article><h1>Clashes near Tessalit</h1>
<p>Armed men attacked an army post near Tessalit on Monday, killing three soldiers, the army said in a statement on Tuesday.</p>
<p>Residents said the fighting lasted two hours and that several homes were burned in the northern town.</p></article>
<footer>Copyright 2024 Sahel Courier. All rights reserved.</footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Invented Wire</title>
<item><title>Protest in Gao</title><link>https://wire.example/gao</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Hundreds of traders protested in Gao on Monday.&lt;/p&gt;&lt;p&gt;They demanded safer roads.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Talks in Niamey</title><link href="https://atom.example/niamey"/><updated>2024-04-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;Ministers met in Niamey on Monday to discuss border security.&lt;/p&gt;</content></entry></feed>"""


def test_html_page_main_text_title_date_and_publisher(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    [article] = read(path, publisher="CLI default")
    assert isinstance(article, Article)
    assert "Armed men attacked an army post near Tessalit" in article.text
    assert "Copyright" not in article.text and "Subscribe" not in article.text  # boilerplate gone
    assert article.title == "Clashes near Tessalit"
    assert article.published == dt.date(2024, 3, 5)
    assert article.publisher == "Sahel Courier"  # the page's own metadata wins over the default
    assert article.source == str(path)


def test_html_without_article_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "index.htm"
    path.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    [item] = read(path)
    assert isinstance(item, Rejected) and item.source == str(path)
    assert "no main text" in item.reason


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS)
    (tmp_path / "desk.xml").write_text(ATOM)
    items = read(tmp_path)
    articles = [i for i in items if isinstance(i, Article)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    niamey, gao = sorted(articles, key=lambda a: a.title or "")[::-1]
    assert gao.text == "Protest in Gao\n\nHundreds of traders protested in Gao on Monday.\n\nThey demanded safer roads."
    assert (gao.title, gao.publisher, gao.url, gao.published) == (
        "Protest in Gao", "Invented Wire", "https://wire.example/gao", dt.date(2024, 3, 5))
    assert gao.source == f"{tmp_path / 'wire.rss'}#1"
    assert niamey.publisher == "Atom Desk" and niamey.published == dt.date(2024, 4, 2)
    assert [(r.source, r.reason) for r in rejected] == [
        (f"{tmp_path / 'wire.rss'}#2", "feed entry has no text (neither content nor summary)")]


def test_not_a_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>")
    [item] = read(path)
    assert isinstance(item, Rejected) and item.source == str(path)


def test_csv_with_a_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(
        "body,date,outlet,headline\n"
        '"Rebels shelled Morek on Monday, killing two.",2024-03-05,Invented Daily,Morek shelled\n'
        ",2024-03-06,Invented Daily,No body\n"
        '"Talks, in two lines\nof text.",not a date,Invented Daily,Bad date\n'
        "too,many,cells,in,this,row\n"
    )
    items = read(path, columns="text=body,published=date,publisher=outlet,title=headline")
    first = items[0]
    assert isinstance(first, Article)
    assert (first.text, first.published, first.publisher, first.title) == (
        "Rebels shelled Morek on Monday, killing two.", dt.date(2024, 3, 5), "Invented Daily", "Morek shelled")
    assert first.source == f"{path}:2"
    reasons = {item.source: item.reason for item in items[1:]}
    assert reasons[f"{path}:3"] == "text is empty"
    assert "not a date" in reasons[f"{path}:5"]  # the row spans lines 4-5: it is named by its last line
    assert "6 cells" in reasons[f"{path}:6"]


def test_csv_without_the_text_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "dump.tsv"
    path.write_text("body\tdate\nSome text.\t2024-01-01\n")
    [item] = read(path)
    assert isinstance(item, Rejected)
    assert "text=text" in item.reason and "body, date" in item.reason and "--columns" in item.reason
    [article] = read(path, columns={"text": "body", "published": "date"})
    assert isinstance(article, Article) and article.published == dt.date(2024, 1, 1)


@pytest.mark.parametrize(("spec", "message"), [("text", "FIELD=COLUMN"), ("body=text", "unknown field 'body'")])
def test_bad_column_mappings_raise(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read("x.csv", columns=spec)


def test_url_list_and_urls_through_a_local_server(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(PAGE)
    (site / "feed.xml").write_text(RSS)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# to read\n{base}/page.html\n{base}/feed.xml\n{base}/missing.html\n")
        items = read(urls)
        direct = read(f"{base}/page.html")
    finally:
        server.shutdown()
    page, gao, empty, missing = items
    assert isinstance(page, Article) and page.url == f"{base}/page.html" and page.title == "Clashes near Tessalit"
    assert isinstance(gao, Article) and gao.source == f"{base}/feed.xml#1"
    assert isinstance(empty, Rejected)
    assert isinstance(missing, Rejected) and missing.source == f"{base}/missing.html" and "HTTP 404" in missing.reason
    assert direct == [page]


def test_unreachable_url_is_rejected_with_the_cause() -> None:
    [item] = read("http://127.0.0.1:9/nothing-listens-here")
    assert isinstance(item, Rejected) and item.reason.startswith("cannot fetch")


def test_folder_of_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text.")
    (tmp_path / "b.html").write_text(PAGE)
    (tmp_path / "c.rss").write_text(RSS)
    (tmp_path / "d.csv").write_text("text\nFrom a table.\n")
    (tmp_path / "e.jsonl").write_text(json.dumps({"text": "From JSON."}) + "\n")
    (tmp_path / "notes.md").write_text("ignored: not an input format")
    items = read(tmp_path)
    assert [i.source.removeprefix(str(tmp_path) + "/") for i in items] == [
        "a.txt", "b.html", "c.rss#1", "c.rss#2", "d.csv:2", "e.jsonl:1"]


# --- language ---------------------------------------------------------------------------------


def test_non_english_articles_are_rejected_with_the_language() -> None:
    from eventwire.ingest.language import check_language

    french = Article.from_text("Des hommes armés ont attaqué lundi un poste de l'armée près de Tessalit, tuant trois soldats.",
                               source="fr.txt")
    rejected = check_language(french)
    assert isinstance(rejected, Rejected) and rejected.source == "fr.txt"
    assert rejected.reason.startswith("language detected as French (fr, probability")
    english = Article.from_text("Armed men attacked an army post near Tessalit on Monday, killing three soldiers.")
    assert check_language(english) is english
    short = Article.from_text("Tessalit: trois morts.")  # too short to judge
    assert check_language(short) is short
    stated = Article.from_text("Armed men attacked an army post near Tessalit on Monday.", language="ar", source="x:3")
    assert "stated as 'ar'" in check_language(stated).reason  # type: ignore[union-attr]


# --- near-duplicates --------------------------------------------------------------------------

WIRE = (
    "Armed men attacked an army post near Tessalit on Monday, killing three soldiers, the army said in a statement "
    "on Tuesday. Residents said the fighting lasted two hours and that several homes were burned in the northern "
    "town, which lies on the road to the Algerian border. The army said reinforcements had been sent from Kidal and "
    "that the attackers had fled towards the hills to the east of the town."
)


def test_minhash_similarity_separates_copies_from_other_reports() -> None:
    from eventwire.ingest.near_duplicates import THRESHOLD, Signature, signature

    original = signature(WIRE)
    # A syndicated copy: the outlet's own tag in front and one word added.
    edited = signature("UPDATED (Invented Wire): " + WIRE.replace("three soldiers", "three Malian soldiers"))
    other = signature("Three soldiers died when gunmen raided a military post outside Tessalit early on Monday, "
                      "according to the army, which said the raid lasted two hours and homes were set alight.")
    assert original.similarity(edited) >= THRESHOLD
    assert original.similarity(other) < 0.2
    assert Signature.from_bytes(original.to_bytes()).similarity(original) == 1.0
    assert len(set(original.bands()) & set(edited.bands())) > 0


@pytest.mark.slow
def test_cli_ingests_a_mapped_csv_and_queries_fused_or_report_events(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    reports = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "samples" / "fusion"
                                             / "menaka-reports.jsonl").read_text(encoding="utf-8").splitlines()]
    table = tmp_path / "dump.csv"
    import csv

    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["body", "day", "outlet"])
        for record in reports:
            writer.writerow([record["text"], record["published"], record["publisher"]])
    runner = CliRunner()
    db = tmp_path / "events.db"
    bad = runner.invoke(app, ["ingest", str(table), "--db", str(db)])
    assert bad.exit_code == 0
    [rejected] = [json.loads(line) for line in runner.invoke(app, ["rejected", "--db", str(db)]).stdout.splitlines()]
    assert rejected["source"] == str(table) and "no column for text=text" in rejected["reason"]
    good = runner.invoke(app, ["ingest", str(table), "--db", str(db), "--columns", "text=body,published=day,publisher=outlet"])
    assert good.exit_code == 0 and "4 stored" in good.output
    fused = [json.loads(line) for line in runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl",
                                                              "--min-publishers", "3"]).stdout.splitlines()]
    assert [sorted(r["publisher"] for r in f["reports"]) for f in fused] == [
        ["Gao Evening Dispatch", "Niger River Times", "Sahel Ledger"]]
    by_reports = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--reports"]).stdout.splitlines()
    every_fused = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()
    assert len(by_reports) == len(every_fused) + 2  # three reports became one event
    mixed = runner.invoke(app, ["events", "--db", str(db), "--reports", "--min-publishers", "2"])
    assert mixed.exit_code == 2 and "--min-publishers" in mixed.output
