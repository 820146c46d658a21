"""Exports of stored events (fused or report-level) for the tools people use them in.

- ``plover-jsonl``: one event record per line, as stored (PLOVER JSON with eventwire's extensions).
- ``acled-csv``: ACLED's column names and codes (event_date, event_type, sub_event_type, actor1,
  actor2, admin1, location, latitude, longitude, geo_precision, time_precision, fatalities, source,
  notes); event types through the mapping in :mod:`eventwire.acled`. Events ACLED does not code
  (statements, consultations, ...) are left out and counted.
- ``geojson``: a FeatureCollection of Point features (RFC 7946, longitude first) for GIS tools;
  events without coordinates are left out and counted.
- ``parquet``: one row per event with flat columns and the full record as JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from eventwire.acled import map_event
from eventwire.errors import InputError

FORMATS = ("plover-jsonl", "acled-csv", "geojson", "parquet")
ACLED_COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location", "latitude",
    "longitude", "geo_precision", "time_precision", "fatalities", "source", "notes",
)  # fmt: skip
# ACLED time_precision: 1 the day is known, 2 the week or a few days, 3 only the month (or coarser).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3}


@dataclass
class ExportReport:
    written: int = 0
    left_out: int = 0
    why_left_out: str = ""


def _names(entities: Sequence[dict[str, Any]] | None) -> str:
    return "; ".join(str(e.get("name") or e.get("entity_text") or "") for e in entities or [])


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """The columns of a GeoJSON feature's properties and of a Parquet row."""
    location = record.get("event_loc") or {}
    size = record.get("size") or {}
    return {
        "id": record["id"],
        "article_id": record.get("article_id"),
        "event": record.get("event"),
        "mode": record.get("mode"),
        "modality": record.get("modality"),
        "date": record.get("date"),
        "enddate": record.get("enddate"),
        "date_precision": record.get("date_precision"),
        "actor": _names(record.get("actor")),
        "recipient": _names(record.get("recipient")),
        "place": location.get("resolved_place") or location.get("extracted_place"),
        "country_code": location.get("country_code"),
        "admin1": location.get("admin1"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "precision": location.get("precision"),
        "dead": size.get("dead"),
        "injured": size.get("injured"),
        "arrested": size.get("arrested"),
        "displaced": size.get("displaced"),
        "sources": "; ".join(a.get("source") or "" for a in record.get("attribution") or []),
        "sentence": (record.get("evidence") or {}).get("sentence"),
        "confidence": record.get("confidence"),
        "n_reports": len(record["reports"]) if "reports" in record else 1,
        "n_publishers": record.get("n_publishers"),
        "n_disagreements": len(record.get("disagreements") or []),
    }


def acled_row(record: dict[str, Any], publisher: Callable[[str], str | None]) -> dict[str, Any] | None:
    """The ACLED-style row of an event, or None when ACLED does not code its type."""
    rule = map_event(record)
    if rule is None or rule.acled is None:
        return None
    location = record.get("event_loc") or {}
    size = record.get("size") or {}
    if "reports" in record:
        publishers = [r.get("publisher") for r in record["reports"]]
    else:
        publishers = [publisher(record["article_id"])] if record.get("article_id") else []
    precision = location.get("precision")
    return {
        "event_date": record.get("date"),
        "event_type": rule.acled[0],
        "sub_event_type": rule.acled[1],
        "actor1": _names(record.get("actor")[:1] if record.get("actor") else []),
        "actor2": _names(record.get("recipient")[:1] if record.get("recipient") else []),
        "admin1": location.get("admin1"),
        "location": location.get("resolved_place") or location.get("extracted_place"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        # ACLED has three levels; our 4 (country only) is coarser than its 3 and is written as 3.
        "geo_precision": min(int(precision), 3) if precision else None,
        "time_precision": TIME_PRECISION.get(record.get("date_precision") or "", 3) if record.get("date") else None,
        # ACLED writes 0 when no fatalities are reported.
        "fatalities": size.get("dead") or 0,
        "source": "; ".join(dict.fromkeys(p for p in publishers if p)),
        "notes": (record.get("evidence") or {}).get("sentence"),
    }


def write_plover_jsonl(records: Sequence[dict[str, Any]], out: IO[str]) -> ExportReport:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ExportReport(written=len(records))


def write_acled_csv(records: Sequence[dict[str, Any]], out: IO[str], publisher: Callable[[str], str | None]) -> ExportReport:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    report = ExportReport(why_left_out="types ACLED does not code")
    for record in records:
        row = acled_row(record, publisher)
        if row is None:
            report.left_out += 1
            continue
        writer.writerow(row)
        report.written += 1
    return report


def geojson_collection(records: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], ExportReport]:
    features = []
    report = ExportReport(why_left_out="events without coordinates")
    for record in records:
        location = record.get("event_loc") or {}
        if location.get("lat") is None or location.get("lon") is None:
            report.left_out += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": record["id"],
                "geometry": {"type": "Point", "coordinates": [float(location["lon"]), float(location["lat"])]},
                "properties": flat_record(record),
            }
        )
    report.written = len(features)
    return {"type": "FeatureCollection", "features": features}, report


def write_geojson(records: Sequence[dict[str, Any]], out: IO[str]) -> ExportReport:
    collection, report = geojson_collection(records)
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return report


def write_parquet(records: Sequence[dict[str, Any]], path: Path) -> ExportReport:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{**flat_record(record), "record": json.dumps(record, ensure_ascii=False)} for record in records]
    columns = list(flat_record({"id": ""}).keys()) + ["record"]
    table = pa.Table.from_pylist(rows, schema=_parquet_schema(pa, columns)) if rows else _parquet_schema(pa, columns).empty_table()
    pq.write_table(table, path)
    return ExportReport(written=len(rows))


def _parquet_schema(pa: Any, columns: list[str]) -> Any:
    # Explicit types: a column that is null in every row would otherwise be typed "null".
    types = {
        "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(), "precision": pa.int64(),
        "dead": pa.int64(), "injured": pa.int64(), "arrested": pa.int64(), "displaced": pa.int64(),
        "n_reports": pa.int64(), "n_publishers": pa.int64(), "n_disagreements": pa.int64(),
    }  # fmt: skip
    return pa.schema([(name, types.get(name, pa.string())) for name in columns])


def export(
    records: Sequence[dict[str, Any]],
    fmt: str,
    *,
    out: IO[str] | None = None,
    path: Path | None = None,
    publisher: Callable[[str], str | None] = lambda _article_id: None,
) -> ExportReport:
    """Write ``records`` in ``fmt`` to ``path`` (or the text stream ``out``; Parquet needs a path)."""
    if fmt not in FORMATS:
        raise InputError("--format", f"unknown export format {fmt!r}", f"use {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise InputError("--format parquet", "Parquet is a binary file format", "name the file with -o FILE")
        return write_parquet(records, path)
    if path is not None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            return export(records, fmt, out=handle, publisher=publisher)
    stream = out or io.StringIO()
    if fmt == "plover-jsonl":
        return write_plover_jsonl(records, stream)
    if fmt == "acled-csv":
        return write_acled_csv(records, stream, publisher)
    return write_geojson(records, stream)
