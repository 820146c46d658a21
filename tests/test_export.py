"""Exports open in the tools they are for: ACLED-style CSV in pandas, GeoJSON validated, Parquet read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.export import ACLED_COLUMNS, export, geojson_collection

from test_fusion import record, report  # noqa: E402 - the synthetic records of the fusion tests
from eventwire.fusion import fuse


def records() -> list[dict]:
    market = fuse([report(record("e1", "a1", dead=3, actors=("jnim",)), "Sahel Ledger"),
                   report(record("e2", "a2", dead=5, actors=("jnim",)), "Niger River Times")])
    statement = record("e3", "a3", event="CONSULT")  # talks without an armed group: no ACLED event
    unplaced = record("e4", "a4", at=None, dead=None)
    return [market, statement, unplaced]


def test_acled_csv_round_trips_through_pandas() -> None:
    import pandas as pd

    out = io.StringIO()
    result = export(records(), "acled-csv", out=out, publisher=lambda article_id: {"a4": "Invented Daily"}.get(article_id))
    assert (result.written, result.left_out) == (2, 1)  # ACLED does not code a consultation
    frame = pd.read_csv(io.StringIO(out.getvalue()))
    assert tuple(frame.columns) == ACLED_COLUMNS
    market, unplaced = frame.to_dict("records")
    assert market["event_date"] == "2024-03-04"
    assert market["event_type"] in ("Violence against civilians", "Battles", "Explosions/Remote violence")
    assert market["fatalities"] == 3 and market["geo_precision"] == 1 and market["time_precision"] == 1
    assert market["source"] == "Sahel Ledger; Niger River Times"
    assert market["actor1"] == "jnim" and market["location"] == "Ménaka"
    assert unplaced["fatalities"] == 0 and unplaced["source"] == "Invented Daily"
    assert pd.isna(unplaced["latitude"])


def test_talks_with_an_armed_group_are_an_acled_agreement() -> None:
    """ACLED's Agreement covers peace talks; record() codes its actors as rebels (REB)."""
    import pandas as pd

    out = io.StringIO()
    talks = record("e5", "a5", event="CONSULT", actors=("jnim",))
    assert export([talks], "acled-csv", out=out).written == 1
    row = pd.read_csv(io.StringIO(out.getvalue())).to_dict("records")[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Agreement")


def test_geojson_validates() -> None:
    import geojson

    out = io.StringIO()
    result = export(records(), "geojson", out=out)
    assert (result.written, result.left_out) == (2, 1)
    collection = geojson.loads(out.getvalue())
    assert collection.is_valid, collection.errors()
    first = collection["features"][0]
    assert first["geometry"]["coordinates"] == [2.40217, 15.91985]  # longitude first
    assert first["properties"]["n_publishers"] == 2 and first["properties"]["n_reports"] == 2


def test_parquet_reads_back(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export(records(), "parquet", path=path).written == 3
    table = pq.read_table(path)
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == ["F-e1", "e3", "e4"]
    assert json.loads(rows[0]["record"]) == records()[0]
    assert rows[0]["dead"] == 3 and rows[2]["lat"] is None
    empty = tmp_path / "empty.parquet"
    export([], "parquet", path=empty)
    assert pq.read_table(empty).num_rows == 0 and "record" in pq.read_table(empty).column_names


def test_plover_jsonl_and_bad_requests(tmp_path: Path) -> None:
    out = io.StringIO()
    export(records(), "plover-jsonl", out=out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == records()
    with pytest.raises(InputError, match="-o FILE"):
        export(records(), "parquet", out=io.StringIO())
    with pytest.raises(InputError, match="unknown export format"):
        export(records(), "kml", out=io.StringIO())


def test_empty_geojson_is_still_a_collection() -> None:
    collection, result = geojson_collection([])
    assert collection == {"type": "FeatureCollection", "features": []} and result.written == 0


@pytest.mark.slow
def test_export_command_from_an_ingested_store(tmp_path: Path) -> None:
    import pandas as pd
    from typer.testing import CliRunner

    from eventwire.cli import app

    runner = CliRunner()
    db = tmp_path / "events.db"
    samples = Path(__file__).resolve().parents[1] / "samples" / "fusion" / "menaka-reports.jsonl"
    assert runner.invoke(app, ["ingest", str(samples), "--db", str(db)]).exit_code == 0
    csv_out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "acled-csv", "-o", str(csv_out), "--type", "ASSAULT"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(csv_out)
    assert tuple(frame.columns) == ACLED_COLUMNS
    assert "Sahel Ledger; Niger River Times; Gao Evening Dispatch" in set(frame["source"])
    reports = runner.invoke(app, ["export", "--db", str(db), "--format", "plover-jsonl", "--reports"])
    fused = runner.invoke(app, ["export", "--db", str(db), "--format", "plover-jsonl", "--min-publishers", "3"])
    assert len(reports.stdout.splitlines()) > len(fused.stdout.splitlines()) == 1
    parquet = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet"])
    assert parquet.exit_code == 2 and "Parquet is a binary file format" in parquet.output
