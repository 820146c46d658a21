"""Fusion: report-level events clustered into real-world events, incrementally as articles arrive.

A report joins a fused event when it is compatible with every report already in it (complete
linkage, so a chain of near-misses never drags two distinct events together):

- the same PLOVER event type and the same modality class (factual, irrealis, negated);
- date intervals that overlap, allowing ``DATE_SLACK_DAYS`` either side: a report published the
  next morning often resolves "yesterday" one day off;
- places that do not contradict: the same country, and within a distance that grows with the
  coarser of the two location precisions (``RADIUS_KM``);
- actors that do not contradict: when both reports name known actors (knowledge-base ids), they
  share at least one (in either role, since outlets swap who did what to whom in passive phrasing);
- and positive evidence that it is the same happening: a shared known actor, or both located
  within the radius at district precision or finer.

Two reports from the same article never fuse (the events stage already merges in-article repeats,
so two events of one article are two happenings).

A fused record carries the report record's keys with the best-supported value of each contested
field (the value backed by the most distinct publishers, ties to the earliest report), its
``reports``, ``n_publishers`` and ``disagreements``. Its id is ``F-`` and the id of its first
report, so it stays stable as reports join.

Limits: fusion is greedy and in arrival order. A report that fits two fused events joins the first
(by id), and fused events are never merged or split afterwards, so the same reports ingested in
another order can cluster differently (a resumed batch reads them in the same order, so it ends
with the same clusters). Near-duplicate articles never reach fusion: they are linked to their
first copy at ingest and add no reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

FUSED_PREFIX = "F-"
DATE_SLACK_DAYS = 1
# Radius by location precision (1 the named place, 2 near it / its district, 3 province, 4 country):
# a town's reports disagree by a few km (centre vs outskirts, "near X"); a province is ~100-200 km.
RADIUS_KM = {1: 15.0, 2: 30.0, 3: 150.0}
CLOSE_PRECISION = 2  # co-location counts as evidence of the same happening only this fine
SIZE_FIELDS = ("dead", "injured", "arrested", "displaced")


@dataclass(frozen=True)
class Report:
    """A report-level event record with the article facts fusion needs."""

    record: dict[str, Any]
    article_id: str
    publisher: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None

    @property
    def event_id(self) -> str:
        return str(self.record["id"])

    @property
    def publisher_key(self) -> str:
        """Who published it: the publisher name, else the URL's host, else the article itself
        (an unknown publisher is never merged with another unknown one)."""
        if self.publisher and self.publisher.strip():
            return self.publisher.strip().casefold()
        if self.url:
            host = urlsplit(self.url).hostname or ""
            if host:
                return host.removeprefix("www.")
        return f"article:{self.article_id}"


def fused_id(first_report_id: str) -> str:
    return FUSED_PREFIX + first_report_id


# --- compatibility ----------------------------------------------------------------------------


def date_interval(record: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    if not record.get("date"):
        return None
    start = dt.date.fromisoformat(record["date"])
    end = dt.date.fromisoformat(record["enddate"]) if record.get("enddate") else start
    return start, end


def _known_actor_ids(record: dict[str, Any]) -> set[str]:
    ids = set()
    for mention in [*(record.get("actor") or []), *(record.get("recipient") or [])]:
        actor_id = mention.get("id")
        if actor_id and not str(actor_id).startswith("unk:"):
            ids.add(str(actor_id))
    return ids


def _location(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("event_loc") or {}


def _places_agree(a: dict[str, Any], b: dict[str, Any]) -> tuple[bool, bool]:
    """(no contradiction, close enough to count as evidence)."""
    loc_a, loc_b = _location(a), _location(b)
    country_a, country_b = loc_a.get("country_code"), loc_b.get("country_code")
    if country_a and country_b and country_a != country_b:
        return False, False
    if loc_a.get("lat") is None or loc_b.get("lat") is None:
        return True, False
    precision = max(int(loc_a.get("precision") or 4), int(loc_b.get("precision") or 4))
    if precision not in RADIUS_KM:  # country-level: the same country is all one can say
        return True, False
    from eventwire.store.sql import haversine_km  # here: the store imports this module

    distance = haversine_km(loc_a["lat"], loc_a["lon"], loc_b["lat"], loc_b["lon"])
    if distance > RADIUS_KM[precision]:
        return False, False
    return True, precision <= CLOSE_PRECISION


def _factuality(record: dict[str, Any]) -> str:
    # Imported here: the modality stage needs spaCy, and the store imports this module.
    from eventwire.modality import modality_class

    return modality_class(record.get("modality") or "asserted")


def compatible(a: Report, b: Report) -> tuple[bool, bool]:
    """(no contradiction between the two reports, positive evidence they are one happening)."""
    if a.article_id == b.article_id:
        return False, False
    ra, rb = a.record, b.record
    if str(ra.get("event")).upper() != str(rb.get("event")).upper():
        return False, False
    if _factuality(ra) != _factuality(rb):
        return False, False
    ia, ib = date_interval(ra), date_interval(rb)
    if ia is None or ib is None:
        return False, False  # an undated report cannot be placed next to another one
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    if ia[0] > ib[1] + slack or ib[0] > ia[1] + slack:
        return False, False
    places_ok, co_located = _places_agree(ra, rb)
    if not places_ok:
        return False, False
    actors_a, actors_b = _known_actor_ids(ra), _known_actor_ids(rb)
    if actors_a and actors_b and not actors_a & actors_b:
        return False, False
    return True, bool(actors_a & actors_b) or co_located


def joins(report: Report, members: Sequence[Report]) -> bool:
    """Whether ``report`` fits a fused event: no contradiction with any member, evidence with one."""
    evidence = False
    for member in members:
        ok, positive = compatible(report, member)
        if not ok:
            return False
        evidence = evidence or positive
    return evidence


# --- the fused record -------------------------------------------------------------------------


def _date_value(record: dict[str, Any]) -> str | None:
    if not record.get("date"):
        return None
    if record.get("enddate") and record["enddate"] != record["date"]:
        return f"{record['date']}/{record['enddate']}"
    return record["date"]


def _place_value(record: dict[str, Any]) -> str | None:
    loc = _location(record)
    return loc.get("resolved_place") or loc.get("extracted_place") or None


def _size_value(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda record: (record.get("size") or {}).get(name)


def _mode_value(record: dict[str, Any]) -> str | None:
    return record.get("mode")


def _names(role: str) -> Callable[[dict[str, Any]], str | None]:
    def value(record: dict[str, Any]) -> str | None:
        names = sorted({str(m.get("name") or m.get("entity_text")) for m in record.get(role) or []})
        return "; ".join(names) or None

    return value


# field name in ``disagreements`` -> (value of a report, the record keys that value carries)
CONTESTED: dict[str, tuple[Callable[[dict[str, Any]], Any], tuple[str, ...]]] = {
    "date": (_date_value, ("date", "enddate", "date_precision", "date_text", "date_span", "date_fallback")),
    "place": (_place_value, ("event_loc",)),
    **{f"size.{name}": (_size_value(name), ()) for name in SIZE_FIELDS},
    "mode": (_mode_value, ("mode",)),
    "actor": (_names("actor"), ("actor",)),
    "recipient": (_names("recipient"), ("recipient",)),
}


def fuse(reports: Sequence[Report]) -> dict[str, Any]:
    """The fused record of reports in arrival order (the first one gives the id)."""
    if not reports:
        raise ValueError("a fused event needs at least one report")
    first = reports[0]
    fused: dict[str, Any] = dict(first.record)
    fused["id"] = fused_id(first.event_id)
    disagreements: list[dict[str, Any]] = []
    size: dict[str, Any] = dict(first.record.get("size") or {})
    for field, (value_of, keys) in CONTESTED.items():
        # value -> (publishers backing it, event ids, index of the first report giving it)
        support: dict[Any, tuple[set[str], list[str], int]] = {}
        for index, report in enumerate(reports):
            value = value_of(report.record)
            if value is None:
                continue
            publishers, ids, first_index = support.setdefault(value, (set(), [], index))
            publishers.add(report.publisher_key)
            ids.append(report.event_id)
        if not support:
            continue
        best = min(support, key=lambda v: (-len(support[v][0]), support[v][2]))
        source = reports[support[best][2]].record
        if field.startswith("size."):
            name = field.removeprefix("size.")
            size[name] = best
            size[f"{name}_text"] = (source.get("size") or {}).get(f"{name}_text")
        else:
            for key in keys:
                fused[key] = source.get(key)
        if len(support) > 1:
            ordered = sorted(support, key=lambda v: (-len(support[v][0]), support[v][2]))
            disagreements.append({"field": field, "values": [{"value": v, "reports": support[v][1]} for v in ordered]})
    fused["size"] = size or None
    fused["confidence"] = max(float(r.record.get("confidence") or 0.0) for r in reports)
    fused["reports"] = [
        {
            "event_id": r.event_id,
            "article_id": r.article_id,
            "publisher": r.publisher,
            "title": r.title,
            "published": r.published,
            "url": r.url,
        }
        for r in reports
    ]
    fused["n_publishers"] = len({r.publisher_key for r in reports})
    fused["disagreements"] = disagreements
    return fused
