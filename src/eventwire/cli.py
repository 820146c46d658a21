"""The ``eventwire`` command line: a thin layer over the library, with the same verbs.

    eventwire extract PATH...   events of articles, no database
    eventwire ingest PATH...    store articles and their events (SQLite by default), fusing reports
    eventwire events            query stored events (fused; --reports for report-level events)
    eventwire export            write stored events as PLOVER JSONL, ACLED-style CSV, GeoJSON or Parquet
    eventwire places PATH...    every toponym with its span and resolution
    eventwire rejected          inputs that could not be processed, with the reason
    eventwire eval [SET...]     score the pipeline against the gold data
    eventwire serve             the REST API and the workbench page (map, timeline, table, network)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eventwire.errors import EventwireError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Event data from news reports: who did what to whom, where, when, according to whom.")
DEFAULT_DB = "eventwire.db"
err = Console(stderr=True)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


class InputFormatOption(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"
    feed = "feed"
    csv = "csv"


class ExportFormat(str, Enum):
    plover_jsonl = "plover-jsonl"
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"


CSV_COLUMNS = ["id", "article_id", "date", "enddate", "date_precision", "event", "mode", "modality", "actor",
               "actor_code", "actor_sector", "recipient", "recipient_code", "recipient_sector", "place", "lat", "lon",
               "country_code", "precision", "dead", "injured", "sources", "trigger", "confidence", "sentence"]


def _names(entities: list[dict[str, Any]], key: str) -> str:
    return "; ".join(str(e.get(key) or "") for e in entities)


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    location = record.get("event_loc") or {}
    size = record.get("size") or {}
    return {
        "id": record["id"], "article_id": record["article_id"], "date": record.get("date"),
        "enddate": record.get("enddate"), "date_precision": record.get("date_precision"),
        "event": record["event"], "mode": record.get("mode"), "modality": record.get("modality"),
        "actor": _names(record["actor"], "name"), "actor_code": _names(record["actor"], "code"),
        "actor_sector": _names(record["actor"], "sector"),
        "recipient": _names(record["recipient"], "name"), "recipient_code": _names(record["recipient"], "code"),
        "recipient_sector": _names(record["recipient"], "sector"),
        "place": location.get("resolved_place") or location.get("extracted_place"),
        "lat": location.get("lat"), "lon": location.get("lon"), "country_code": location.get("country_code"),
        "precision": location.get("precision"), "dead": size.get("dead"), "injured": size.get("injured"),
        "sources": "; ".join(a["source"] for a in record.get("attribution") or []),
        "trigger": record["evidence"]["trigger"], "confidence": record.get("confidence"),
        "sentence": record["evidence"]["sentence"],
    }


def write_records(records: list[dict[str, Any]], fmt: OutputFormat, out=None) -> None:
    """Print event records in the chosen format."""
    out = out or sys.stdout
    if fmt is OutputFormat.jsonl:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.json:
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(_flat(record))
        out.write(buffer.getvalue())
    else:
        table = Table(show_lines=False)
        for column in ("date", "event", "mode", "actor", "recipient", "place", "modality", "source", "trigger"):
            table.add_column(column, overflow="fold")
        for record in records:
            flat = _flat(record)
            date = flat["date"] or ""
            if flat["enddate"] and flat["enddate"] != flat["date"]:
                date += f"..{flat['enddate']}"
            table.add_row(date, flat["event"], flat["mode"] or "", flat["actor"], flat["recipient"],
                          str(flat["place"] or ""), flat["modality"], flat["sources"], flat["trigger"])
        Console(file=out, width=200).print(table)


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(code=2)


@app.callback()
def main(actors: list[Path] = typer.Option([], "--actors", metavar="FILE",
                                           help="Your own actor file (YAML, the format of eventwire/data/actors/*.yaml); "
                                                "repeat for several. Loaded after the packaged files and EVENTWIRE_ACTORS.")
         ) -> None:
    """Event data from news reports: who did what to whom, where, when, according to whom."""
    if actors:
        from eventwire.actors import use_actor_files

        try:
            use_actor_files(actors)
        except EventwireError as exc:
            _fail(exc)


def _read(paths: list[str], input_format: InputFormatOption, published: Optional[str], publisher: Optional[str],
          columns: Optional[str] = None):
    from eventwire.ingest import read_inputs

    return read_inputs(paths, input_format=input_format.value, published=published, publisher=publisher,
                       columns=columns)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Text or JSONL files, folders, or - for standard input."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for articles without one."),
    publisher: Optional[str] = typer.Option(None, help="Publisher for articles without one."),
    input_format: InputFormatOption = typer.Option(InputFormatOption.auto, "--input-format", help="How to read PATHs."),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="Output format."),
) -> None:
    """Print the events of the given articles (no database needed)."""
    from eventwire.model import Rejected
    from eventwire.pipeline import analyse

    try:
        records: list[dict[str, Any]] = []
        failures = 0
        for item in _read(paths, input_format, published, publisher):
            if isinstance(item, Rejected):
                failures += 1
                err.print(f"[yellow]rejected[/yellow] {item.source}: {item.reason}")
                continue
            records.extend(event.to_record() for event in analyse(item).events)
        write_records(records, fmt)
        if failures and not records:
            raise typer.Exit(code=1)
    except EventwireError as exc:
        _fail(exc)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Text, HTML, RSS/Atom, JSONL or CSV files, folders, URL lists, "
                                                 "http(s) URLs, or - for standard input."),
    db: str = typer.Option(DEFAULT_DB, help="Database: a file path, sqlite:///PATH or postgresql://..."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for articles without one."),
    publisher: Optional[str] = typer.Option(None, help="Publisher for articles without one."),
    input_format: InputFormatOption = typer.Option(InputFormatOption.auto, "--input-format", help="How to read PATHs."),
    columns: Optional[str] = typer.Option(None, help="CSV columns of the article fields, e.g. text=body,published=date."),
    reprocess: bool = typer.Option(False, "--reprocess", help="Analyse articles already stored again and replace "
                                                              "their events (after an upgrade)."),
) -> None:
    """Store articles and their events, fusing reports of one event; re-ingesting an article adds nothing
    (unless --reprocess, which replaces its events with a new analysis)."""
    from eventwire.batch import ingest_into
    from eventwire.store import open_store

    try:
        items = list(_read(paths, input_format, published, publisher, columns))
        with open_store(db) as store, Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=err, transient=False,
        ) as progress:
            task = progress.add_task("", total=len(items))

            def advance(report) -> None:  # noqa: ANN001
                progress.update(task, completed=report.read,
                                description=f"{report.stored} stored, {report.skipped} skipped, "
                                            f"{report.rejected} rejected, {report.events} events")

            report = ingest_into(store, items, on_item=advance, reprocess=reprocess)
            progress.update(task, completed=len(items))
        err.print(f"{report.read} read, {report.stored} stored ({report.near_duplicates} near-duplicates linked), "
                  f"{report.reprocessed} reprocessed, {report.skipped} already there, {report.rejected} rejected, "
                  f"{report.events} events stored")
        for rejected in report.reasons:
            err.print(f"[yellow]rejected[/yellow] {rejected.source}: {rejected.reason}")
    except EventwireError as exc:
        _fail(exc)


def _query(db: str, *, type_: Optional[str], actor: Optional[str], country: Optional[str], since: Optional[str],
           until: Optional[str], near: Optional[str], km: float, modality: Optional[str], limit: Optional[int],
           reports: bool, min_publishers: Optional[int]) -> tuple[list[dict[str, Any]], Any]:
    """Event records (fused unless ``reports``) and a publisher look-up by article id."""
    from eventwire.ingest import parse_published
    from eventwire.store import open_store

    around = None
    if near:
        from eventwire.places import lookup_place

        place = lookup_place(near)
        if place is None:
            raise InputError(f"--near {near!r}", "no such place in the gazetteer", "check the spelling")
        around = (place.lat, place.lon, km)
    if reports and min_publishers is not None:
        raise InputError("--min-publishers", "counts the publishers of fused events", "leave out --reports")
    filters = dict(type=type_, actor=actor, country=country, since=parse_published(since, "--since"),
                   until=parse_published(until, "--until"), near=around, modality=modality, limit=limit)
    with open_store(db) as store:
        if reports:
            records = store.events(**filters)
        else:
            records = store.events(**filters, fused=True, min_publishers=min_publishers)
        publishers: dict[str, Optional[str]] = {}
        for article_id in {r.get("article_id") for r in records if "reports" not in r and r.get("article_id")}:
            article = store.article(article_id)
            publishers[article_id] = article.publisher if article else None
    return records, publishers.get


@app.command()
def events(
    db: str = typer.Option(DEFAULT_DB, help="Database: a file path, sqlite:///PATH or postgresql://..."),
    type_: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT."),
    actor: Optional[str] = typer.Option(None, help="Actor name, code or words (substring, any case)."),
    country: Optional[str] = typer.Option(None, help="Country of the event place (ISO3 or ISO2)."),
    since: Optional[str] = typer.Option(None, help="Events overlapping this date or later (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Events overlapping this date or earlier (YYYY-MM-DD)."),
    near: Optional[str] = typer.Option(None, help="A place name; with --km, events within that distance."),
    km: float = typer.Option(50.0, help="Radius for --near, in kilometres."),
    modality: Optional[str] = typer.Option(None, help="asserted, reported, speculated, planned, negated, ..."),
    limit: Optional[int] = typer.Option(None, help="At most this many events."),
    reports: bool = typer.Option(False, "--reports", help="Report-level events (one per article) instead of fused events."),
    min_publishers: Optional[int] = typer.Option(None, help="Fused events confirmed by at least this many publishers."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
) -> None:
    """Query stored events: fused events (one per real-world event) unless --reports; a fused event
    matches a filter when one of its reports does."""
    try:
        records, _ = _query(db, type_=type_, actor=actor, country=country, since=since, until=until, near=near,
                            km=km, modality=modality, limit=limit, reports=reports, min_publishers=min_publishers)
        write_records(records, fmt)
    except EventwireError as exc:
        _fail(exc)


@app.command("export")
def export_events(
    fmt: ExportFormat = typer.Option(..., "--format", help="plover-jsonl, acled-csv, geojson or parquet."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (standard output if absent; "
                                                                       "Parquet needs a file)."),
    db: str = typer.Option(DEFAULT_DB, help="Database: a file path, sqlite:///PATH or postgresql://..."),
    type_: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT."),
    actor: Optional[str] = typer.Option(None, help="Actor name, code or words (substring, any case)."),
    country: Optional[str] = typer.Option(None, help="Country of the event place (ISO3 or ISO2)."),
    since: Optional[str] = typer.Option(None, help="Events overlapping this date or later (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Events overlapping this date or earlier (YYYY-MM-DD)."),
    near: Optional[str] = typer.Option(None, help="A place name; with --km, events within that distance."),
    km: float = typer.Option(50.0, help="Radius for --near, in kilometres."),
    modality: Optional[str] = typer.Option(None, help="asserted, reported, speculated, planned, negated, ..."),
    limit: Optional[int] = typer.Option(None, help="At most this many events."),
    reports: bool = typer.Option(False, "--reports", help="Report-level events instead of fused events."),
    min_publishers: Optional[int] = typer.Option(None, help="Fused events confirmed by at least this many publishers."),
) -> None:
    """Export stored events (fused unless --reports), filtered as for events."""
    from eventwire.export import export

    try:
        records, publisher = _query(db, type_=type_, actor=actor, country=country, since=since, until=until,
                                    near=near, km=km, modality=modality, limit=limit, reports=reports,
                                    min_publishers=min_publishers)
        result = export(records, fmt.value, out=sys.stdout if output is None else None, path=output, publisher=publisher)
        err.print(f"{result.written} events written" + (f", {result.left_out} left out ({result.why_left_out})"
                                                       if result.left_out else ""))
    except EventwireError as exc:
        _fail(exc)


@app.command()
def places(
    paths: list[str] = typer.Argument(..., help="Text or JSONL files, folders, or - for standard input."),
    input_format: InputFormatOption = typer.Option(InputFormatOption.auto, "--input-format", help="How to read PATHs."),
    demonyms: bool = typer.Option(False, "--demonyms", help="Also list demonyms ('Irish', 'Syrians') as country "
                                                            "or region mentions, as geoparsing corpora count them."),
) -> None:
    """Print every toponym with its span and resolution, one JSON object per line."""
    from eventwire.model import Rejected
    from eventwire.nlp import load
    from eventwire.places import find_places

    try:
        nlp = load()
        for item in _read(paths, input_format, None, None):
            if isinstance(item, Rejected):
                err.print(f"[yellow]rejected[/yellow] {item.source}: {item.reason}")
                continue
            for mention in find_places(nlp(item.text), with_demonyms=demonyms):
                record = {"article_id": item.id, **mention.to_record(), "cue": mention.cue}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except EventwireError as exc:
        _fail(exc)


@app.command()
def rejected(db: str = typer.Option(DEFAULT_DB, help="Database: a file path, sqlite:///PATH or postgresql://...")) -> None:
    """List inputs that could not be processed, with the reason."""
    from eventwire.store import open_store

    try:
        with open_store(db) as store:
            for item in store.rejected():
                sys.stdout.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    except EventwireError as exc:
        _fail(exc)


@app.command("eval")
def evaluate(
    sets: Optional[list[str]] = typer.Argument(None, help="Gold sets to score (default: all)."),
    data: Path = typer.Option(Path("../shared/eval"), help="Folder of the gold data."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object keyed by set."),
    errors: Optional[Path] = typer.Option(None, help="Write every miss and false positive here, one file per set."),
) -> None:
    """Score the pipeline against the gold sets and print the figures."""
    from eventwire.evaluation import format_table, run_eval

    try:
        results = run_eval(sets or None, data, errors)
    except EventwireError as exc:
        _fail(exc)
        return
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(results) + "\n")


@app.command()
def serve(
    db: str = typer.Option(DEFAULT_DB, help="Database: a file path, sqlite:///PATH or postgresql://..."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on (0: any free port)."),
    token: Optional[str] = typer.Option(None, envvar="EVENTWIRE_API_TOKEN", show_envvar=True,
                                        help="Bearer token that allows POST /api/articles (ingest); "
                                             "without one the API is read-only."),
) -> None:
    """Serve the REST API (its OpenAPI document at /openapi.json) and the workbench page at http://HOST:PORT/."""
    import uvicorn

    from eventwire.api import create_app

    try:
        api = create_app(db, token=token)
    except EventwireError as exc:
        _fail(exc)
        return
    err.print(f"eventwire: serving {db} on http://{host}:{port}/ ({'ingest allowed with the token' if token else 'read-only'})")
    uvicorn.run(api, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    app()
