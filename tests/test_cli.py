"""The command line, end to end through typer's runner: extract, ingest (idempotent), events, rejected."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "articles.jsonl"
ARTICLE = (
    "Rebels shell Aleppo suburbs\n\n"
    "Rebels shelled the town of Khan al-Asal west of Aleppo on Monday, killing three civilians, "
    "local sources said.\n\n"
    "Syrian government forces did not retaliate, according to the state news agency SANA.\n"
)
runner = CliRunner()


@pytest.fixture()
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_prints_events_with_spans_that_slice_the_text(article_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(article_file), "--published", "2024-03-12"])
    assert result.exit_code == 0, result.output
    records = _jsonl(result.stdout)
    assault = next(r for r in records if r["event"] == "ASSAULT" and r["modality"] != "negated")
    for field in ("id", "article_id", "mode", "actor", "recipient", "event_loc", "date", "enddate",
                  "date_precision", "modality", "attribution", "size", "evidence"):
        assert field in assault
    assert assault["date"] == "2024-03-11"  # Monday before Tuesday 12 March
    assert assault["size"]["dead"] == 3
    assert [a["source"] for a in assault["attribution"]] == ["local sources"]
    start, end = assault["event_loc"]["span"]
    assert ARTICLE[start:end] == assault["event_loc"]["extracted_place"]
    for actor in assault["actor"]:
        start, end = actor["span"]
        assert ARTICLE[start:end] == actor["entity_text"]


def test_extract_csv_and_table_formats(article_file: Path) -> None:
    as_csv = runner.invoke(app, ["extract", str(article_file), "--published", "2024-03-12", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and {"event", "actor", "place", "sources"} <= set(rows[0])
    table = runner.invoke(app, ["extract", str(article_file), "--published", "2024-03-12", "--format", "table"])
    assert table.exit_code == 0 and "ASSAULT" in table.stdout


def test_extract_rejects_a_bad_date_with_a_clear_message(article_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(article_file), "--published", "last Tuesday"])
    assert result.exit_code == 2
    assert "not a date" in result.output


def test_ingest_twice_adds_nothing_and_events_query_the_store(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    first = runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db)])
    assert first.exit_code == 0, first.output
    stored = _jsonl(runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout)
    assert len(stored) > 10
    second = runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db)])
    assert "0 stored" in second.output
    again = _jsonl(runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).stdout)
    assert [r["id"] for r in again] == [r["id"] for r in stored]
    assaults = _jsonl(runner.invoke(app, ["events", "--db", f"sqlite:///{db}", "--type", "assault",
                                          "--format", "jsonl"]).stdout)
    assert assaults and all(r["event"] == "ASSAULT" for r in assaults)


def test_events_near_a_place(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db)])
    near = _jsonl(runner.invoke(app, ["events", "--db", str(db), "--near", "Kharkiv", "--km", "150",
                                      "--format", "jsonl"]).stdout)
    assert near and all(r["event_loc"]["country_code"] == "UA" for r in near)
    unknown = runner.invoke(app, ["events", "--db", str(db), "--near", "Nowhereville Xq"])
    assert unknown.exit_code == 2 and "no such place" in unknown.output


def test_a_broken_record_is_rejected_and_the_rest_stored(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    good = {"id": "ok-1", "text": ARTICLE, "published": "2024-03-12"}
    batch.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "empty", "text": ""}) + "\n",
                     encoding="utf-8")
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output and "2 rejected" in result.output
    rejected = _jsonl(runner.invoke(app, ["rejected", "--db", str(db)]).stdout)
    assert {r["source"] for r in rejected} == {f"{batch}:2", f"{batch}:3"}
    assert all(r["reason"] for r in rejected)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"eventwire {name}" in readme, f"README does not document `eventwire {name}`"


def test_actors_option_adds_the_users_actors_and_names_a_missing_file(tmp_path: Path) -> None:
    from eventwire.actors import use_actor_files

    article = tmp_path / "article.txt"
    article.write_text("The Ruritanian Liberation Front shelled the town of Aleppo on Monday.\n",
                       encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text('defaults:\n  source: "a test file of the project"\nnamed:\n'
                    '  - {id: ruritanian-liberation-front, name: Ruritanian Liberation Front, '
                    'aliases: [Ruritanian Liberation Front, RLF], code: null, sector: REB, kind: organization}\n',
                    encoding="utf-8")
    plain = runner.invoke(app, ["extract", str(article), "--published", "2024-03-12"])
    assert not any(a["id"] == "ruritanian-liberation-front" for e in _jsonl(plain.stdout) for a in e["actor"])
    try:
        result = runner.invoke(app, ["--actors", str(mine), "extract", str(article), "--published", "2024-03-12"])
        assert result.exit_code == 0, result.output
        actors = [a for e in _jsonl(result.stdout) for a in e["actor"]]
        assert any(a["id"] == "ruritanian-liberation-front" and a["sector"] == "REB" for a in actors), actors
        missing = runner.invoke(app, ["--actors", str(tmp_path / "nope.yaml"), "extract", str(article)])
        assert missing.exit_code == 2 and "nope.yaml" in missing.output
    finally:
        use_actor_files([])  # the knowledge base is process-wide: leave it as the other tests expect


def test_places_lists_demonyms_only_when_asked(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Syrian troops shelled the town of Morek in the countryside of Hama.\n", encoding="utf-8")
    plain = _jsonl(runner.invoke(app, ["places", str(article)]).stdout)
    with_demonyms = _jsonl(runner.invoke(app, ["places", str(article), "--demonyms"]).stdout)
    assert "Morek" in {p["extracted_place"] for p in plain} and all(p["cue"] != "demonym" for p in plain)
    demonyms = [p for p in with_demonyms if p["cue"] == "demonym"]
    assert [p["extracted_place"] for p in demonyms] == ["Syrian"]
