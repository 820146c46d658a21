"""Event location (Halterman 2019): which place in a sentence is where its event happened.

Each record is a sentence, its event verb (the first VERB span) and the LOCATION spans naming where
that event happened. An empty LOCATION span (start == end) is the annotators' explicit "no location
for this event". Records with no LOCATION span at all (4,342) are not scored: most come from
research-assistant batches that were evidently not annotated for location (1,091 of the 1,232
Al-Masdar sentences, e.g. "... killed ... in the southern countryside of Idlib city"), so reading
them as "no place" would punish right answers; ``unmarked_chosen_rate`` reports how often we
choose a place in them. We parse the sentence, find its toponyms (``places.find_places``) and ask
``events.choose_event_place`` for the verb's place.

Figures (all records with a verb; ``relabel_*`` the same on the 496 re-annotated RELABEL records):
- ``place_acc`` (= ``recall``): records with a gold place where our chosen place overlaps one of
  the gold LOCATION spans by at least one character.
- ``no_place_acc``: records marked "no location" where we choose none; ``no_place_acc_uncontested``
  the same on those whose sentence no other record of the set marks with a place (the set holds
  many sentences twice, once with the place and once marked "no location").
- ``accuracy``: both kinds together.
- ``precision``: of those records where we choose a place, the share where it overlaps a gold
  place (a place chosen where the gold says none is wrong); ``f1`` of precision and recall.
- ``candidate_recall``: records with a gold place where some toponym we found overlaps it (the
  ceiling of ``place_acc``); ``choice_acc``: ``place_acc`` on those records only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.evaluation.base import ErrorLog, Figures, parse_texts, require
from eventwire.evaluation.metrics import f1, overlaps, ratio
from eventwire.model import PlaceMention, Span


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    source: str
    text: str
    verb: tuple[int, int]
    places: tuple[tuple[int, int], ...]  # gold LOCATION spans
    marked_none: bool = False  # an empty LOCATION span: explicitly no place

    @property
    def scored(self) -> bool:
        return bool(self.places) or self.marked_none


def load_records(path: Path) -> list[Record]:
    records = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        verbs = [(s["start"], s["end"]) for s in r["spans"] if s["label"] == "VERB" and s["end"] > s["start"]]
        if not verbs:
            continue
        locations = [(s["start"], s["end"]) for s in r["spans"] if s["label"] == "LOCATION"]
        places = tuple((start, end) for start, end in locations if end > start)
        marked_none = not places and bool(locations)
        records.append(Record(str(r["_id"]), r.get("source") or "", r["text"], verbs[0], places, marked_none))
    return records


@dataclass
class Counts:
    with_place: int = 0
    place_right: int = 0
    with_candidate: int = 0
    candidate_right: int = 0
    without_place: int = 0
    none_right: int = 0
    uncontested_without: int = 0  # "no location" records whose sentence no other record gives a place
    uncontested_none_right: int = 0
    chosen: int = 0
    chosen_right: int = 0
    unmarked: int = 0
    unmarked_chosen: int = 0

    def add(
        self, record: Record, chosen: PlaceMention | None, found: Sequence[PlaceMention], contested: bool = False
    ) -> bool | None:
        """Count one record; True/False whether we were right, None when it is not scored.
        ``contested``: a "no location" record whose sentence another record marks with a place."""
        ours = (chosen.span.start, chosen.span.end) if chosen else None
        if not record.scored:
            self.unmarked += 1
            self.unmarked_chosen += int(chosen is not None)
            return None
        if chosen is not None:
            self.chosen += 1
        if not record.places:
            self.without_place += 1
            ok = chosen is None
            self.none_right += int(ok)
            if not contested:
                self.uncontested_without += 1
                self.uncontested_none_right += int(ok)
            return ok
        self.with_place += 1
        ok = ours is not None and any(overlaps(ours, g) for g in record.places)
        self.place_right += int(ok)
        self.chosen_right += int(ok)
        if any(overlaps((m.span.start, m.span.end), g) for m in found for g in record.places):
            self.with_candidate += 1
            self.candidate_right += int(ok)
        return ok

    def figures(self, prefix: str = "") -> Figures:
        precision = ratio(self.chosen_right, self.chosen)
        recall = ratio(self.place_right, self.with_place)
        return {
            f"{prefix}accuracy": ratio(self.place_right + self.none_right, self.with_place + self.without_place),
            f"{prefix}place_acc": recall,
            f"{prefix}no_place_acc": ratio(self.none_right, self.without_place),
            f"{prefix}no_place_acc_uncontested": ratio(self.uncontested_none_right, self.uncontested_without),
            f"{prefix}precision": precision,
            f"{prefix}recall": recall,
            f"{prefix}f1": f1(precision, recall),
            f"{prefix}candidate_recall": ratio(self.with_candidate, self.with_place),
            f"{prefix}choice_acc": ratio(self.candidate_right, self.with_candidate),
            f"{prefix}unmarked_chosen_rate": ratio(self.unmarked_chosen, self.unmarked),
            f"{prefix}n_place": self.with_place,
            f"{prefix}n_no_place": self.without_place,
            f"{prefix}n_no_place_uncontested": self.uncontested_without,
            f"{prefix}n_unmarked": self.unmarked,
        }


def evaluate(data_dir: Path, log: ErrorLog) -> Figures:
    from eventwire.events import choose_event_place
    from eventwire.places import find_places

    path = require(data_dir / "event-location" / "event_location_slim.json", "event-location")
    records = load_records(path)
    # the same sentence is often in the set twice, once marked "no location" and once with a place
    with_place = {" ".join(r.text.split()) for r in records if r.places}
    overall, relabel = Counts(), Counts()
    for record, doc in zip(records, parse_texts(r.text for r in records), strict=True):
        found = find_places(doc)
        trigger = Span.of(record.text, *record.verb)
        chosen = choose_event_place(doc, trigger, found)
        contested = " ".join(record.text.split()) in with_place
        ok = overall.add(record, chosen, found, contested)
        if record.source == "RELABEL":
            relabel.add(record, chosen, found, contested)
        if ok is False:
            log.add(
                "wrong_place" if record.places and chosen else ("miss" if record.places else "false_positive"),
                record.id,
                record.text,
                source=record.source,
                trigger=trigger.text,
                gold=[record.text[s:e] for s, e in record.places],
                ours=chosen.span.text if chosen else None,
                found=[m.span.text for m in found],
            )
    return {**overall.figures(), **relabel.figures("relabel_")}
