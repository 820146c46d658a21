"""PLOVER gold standard records (322 sentences from the CAMEO manual, coded in PLOVER v0.5).

One sentence is one gold event. Our prediction for a sentence is the highest-confidence event we
extract from it (the first one on ties); a sentence with no event is wrong on every figure.

Figures:
- ``type_acc``: our PLOVER type equals the gold type after renaming v0.5 types to the current
  codebook (DEMAND→REQUEST, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, FIGHT→ASSAULT; see
  ``V05_TYPES``).
- ``source_country_acc`` / ``target_country_acc``: our first actor's (recipient's) ISO3 code equals
  the gold first source's (target's) ``code``, over the records whose first source (target) has a
  code. CAMEO codes that are not ISO3 are renamed (``CODE_ALIASES``); IGO/NGO compare as they are.
- ``source_sector_acc`` / ``target_sector_acc``: the same for the PLOVER sector; the gold sector is
  cut to its first three letters (``CVLalb`` → ``CVL``); ``***`` and missing sectors are not scored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluation.base import ErrorLog, Figures, analyse_texts, require
from eventwire.evaluation.metrics import ratio
from eventwire.model import Event

# PLOVER v0.5 names (the gold file) -> the PLOVER codebook names eventwire uses. The CAMEO to
# PLOVER table of 2021 (CAMEO2PLOVER-2021.txt) has none of the left-hand names any more.
V05_TYPES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# CAMEO country codes in the gold file that are not ISO 3166 alpha-3.
CODE_ALIASES = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    event: str
    source_code: str | None = None
    source_sector: str | None = None
    target_code: str | None = None
    target_sector: str | None = None


def _first(value: Any) -> dict[str, Any]:
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else {}


def _code(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().upper()
    return CODE_ALIASES.get(value, value)


def _sector(value: str | None) -> str | None:
    if not value or not value[:3].isalpha():
        return None
    return value[:3].upper()


def load_records(path: Path) -> list[GoldRecord]:
    records = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        source, target = _first(r.get("source")), _first(r.get("target"))
        records.append(
            GoldRecord(
                id=r["id"],
                text=r["text"],
                event=V05_TYPES.get(r["event"], r["event"]),
                source_code=_code(source.get("code")),
                source_sector=_sector(source.get("sector")),
                target_code=_code(target.get("code")),
                target_sector=_sector(target.get("sector")),
            )
        )
    return records


def best_event(events: Sequence[Event]) -> Event | None:
    """The highest-confidence event (the earliest on ties), or None."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


FIELDS = ("type", "source_country", "source_sector", "target_country", "target_sector")


def score(records: Sequence[GoldRecord], predictions: Sequence[Event | None], log: ErrorLog) -> Figures:
    right = dict.fromkeys(FIELDS, 0)
    judged = dict.fromkeys(FIELDS, 0)
    for record, event in zip(records, predictions, strict=True):
        actor = event.actors[0].actor if event and event.actors else None
        recipient = event.recipients[0].actor if event and event.recipients else None
        pairs = {
            "type": (record.event, event.event if event else None),
            "source_country": (record.source_code, actor.code if actor else None),
            "source_sector": (record.source_sector, actor.sector if actor else None),
            "target_country": (record.target_code, recipient.code if recipient else None),
            "target_sector": (record.target_sector, recipient.sector if recipient else None),
        }
        for name, (gold, ours) in pairs.items():
            if gold is None:
                continue
            judged[name] += 1
            ok = ours is not None and gold == (ours.upper() if name.endswith("country") else ours)
            right[name] += int(ok)
            if not ok:
                log.add(f"wrong_{name}" if event else "miss", record.id, record.text, gold=gold, ours=ours)
    figures: Figures = {f"{name}_acc": ratio(right[name], judged[name]) for name in FIELDS}
    figures["n"] = len(records)
    figures["n_no_event"] = sum(1 for p in predictions if p is None)
    return figures


def evaluate(data_dir: Path, log: ErrorLog) -> Figures:
    path = require(data_dir / "plover-gsr" / "PLOVER_GSR_CAMEO.json", "plover-gsr")
    records = load_records(path)
    predictions = [best_event(a.events) for a in analyse_texts(r.text for r in records)]
    return score(records, predictions, log)
