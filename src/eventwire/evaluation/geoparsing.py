"""Geoparsing: GeoWebNews (200 articles) and LGL (588 local-news articles).

Gold toponyms: GeoWebNews, the 2,401 toponyms of ``gwn_full.txt`` (those with gold coordinates;
line i holds article i of ``GWN.xml``, whose GeoNames ids are joined by offsets); LGL, every
``<toponym>`` of ``lgl.xml`` for recognition (5,088) and those with gold coordinates for
resolution (4,462).

Figures, per corpus:
- Recognition, from ``places.find_places(..., with_demonyms=True)`` on the parsed article (every
  mention counts, resolved or not; demonyms are included because both corpora annotate them as
  toponyms, e.g. "Irish" → Ireland; events are never placed at a demonym): ``toponym_precision``/``toponym_recall``/``toponym_f1`` with exact spans (same start and
  end) and ``..._overlap`` with overlapping spans (one to one, at least one shared character).
- Resolution given the gold toponyms (``places.resolve_toponyms(text, gold spans)``), over the gold
  toponyms with coordinates; a toponym we leave unresolved counts as the largest possible error,
  20,039 km:
  - ``acc161_given_gold``: share within 161 km (100 miles) of the gold point;
  - ``mean_error_km``: mean great-circle error;
  - ``auc``: area under the curve of the sorted ``ln(1 + error_km)``, divided by ``ln(20039)``
    and the number of intervals (Gritta et al. 2018/2019); 0 is perfect, lower is better;
  - ``geonameid_acc_given_gold``: our place has the gold GeoNames id.
- End to end (our toponyms and our resolution): ``acc161_end_to_end`` is the share of gold
  toponyms with coordinates that we both found (overlapping span) and placed within 161 km;
  ``mean_error_km_end_to_end`` and ``auc_end_to_end`` are over the gold toponyms we found and
  resolved.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.evaluation.base import ErrorLog, Figures, parse_texts, require
from eventwire.evaluation.metrics import (
    MAX_ERROR_KM,
    PRF,
    auc_of_errors,
    haversine_km,
    match_spans,
    ratio,
    span_prf,
)
from eventwire.model import PlaceMention

ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def load_geowebnews(directory: Path) -> list[GoldDoc]:
    articles = ET.parse(directory / "GWN.xml").getroot().findall("article")
    lines = (directory / "gwn_full.txt").read_text(encoding="utf-8").split("\n")
    docs = []
    for index, article in enumerate(articles):
        text = article.findtext("text") or ""
        ids = {
            (int(t.findtext("start") or -1), int(t.findtext("end") or -1)): _int(t.findtext("geonamesID"))
            for t in article.find("toponyms") or []
        }
        toponyms = []
        line = lines[index] if index < len(lines) else ""
        for item in line.split("||"):
            fields = item.split(",,")
            if len(fields) < 6:
                continue
            start, end = int(fields[4]), int(fields[5])
            toponyms.append(
                GoldToponym(start, end, fields[1], _float(fields[2]), _float(fields[3]), ids.get((start, end)))
            )
        toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(GoldDoc(article.get("file", str(index)), text, tuple(toponyms)))
    return docs


def load_lgl(path: Path) -> list[GoldDoc]:
    docs = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for t in article.find("toponyms") or []:
            gaz = t.find("gaztag")
            toponyms.append(
                GoldToponym(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    t.findtext("phrase") or "",
                    _float(gaz.findtext("lat")) if gaz is not None else None,
                    _float(gaz.findtext("lon")) if gaz is not None else None,
                    _int(gaz.get("geonameid")) if gaz is not None else None,
                )
            )
        toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(GoldDoc(article.get("docid", ""), text, tuple(toponyms)))
    return docs


def error_km(toponym: GoldToponym, mention: PlaceMention | None) -> float:
    """Distance from our place to the gold point; the largest possible error when unresolved."""
    if mention is None or mention.place is None or toponym.lat is None or toponym.lon is None:
        return MAX_ERROR_KM
    return haversine_km(mention.place.lat, mention.place.lon, toponym.lat, toponym.lon)


def pair_resolved(spans: Sequence[tuple[int, int]], mentions: Sequence[PlaceMention]) -> list[PlaceMention | None]:
    """Our mention for each requested span: by identical span, else by position when counts agree."""
    by_span = {(m.span.start, m.span.end): m for m in mentions}
    if all(span in by_span for span in spans) or len(mentions) != len(spans):
        return [by_span.get(span) for span in spans]
    return list(mentions)


@dataclass
class Tally:
    exact: PRF = PRF(0, 0, 0, 0)
    overlap: PRF = PRF(0, 0, 0, 0)
    given_errors: list[float] = field(default_factory=list)
    given_geonameid: list[bool] = field(default_factory=list)
    e2e_within: int = 0
    e2e_gold: int = 0
    e2e_errors: list[float] = field(default_factory=list)

    def figures(self) -> Figures:
        given = self.given_errors
        out: Figures = {
            **self.exact.figures(prefix="toponym_"),
            **self.overlap.figures(suffix="_overlap", prefix="toponym_"),
            "acc161_given_gold": ratio(sum(e <= ACC_KM for e in given), len(given)),
            "mean_error_km": ratio(sum(given), len(given)),
            "auc": auc_of_errors(given),
            "geonameid_acc_given_gold": ratio(sum(self.given_geonameid), len(self.given_geonameid)),
            "acc161_end_to_end": ratio(self.e2e_within, self.e2e_gold),
            "mean_error_km_end_to_end": ratio(sum(self.e2e_errors), len(self.e2e_errors)),
            "auc_end_to_end": auc_of_errors(self.e2e_errors),
            "n_toponyms": self.exact.n_gold,
            "n_resolvable": len(given),
        }
        return out


def score_doc(
    doc: GoldDoc,
    found: Sequence[PlaceMention],
    resolved: Sequence[PlaceMention | None],
    tally: Tally,
    log: ErrorLog,
) -> None:
    """Add one article: ``found`` from our recogniser, ``resolved`` one per gold toponym with coordinates."""
    gold_spans = [(t.start, t.end) for t in doc.toponyms]
    ours = [(m.span.start, m.span.end) for m in found]
    tally.exact += span_prf(ours, gold_spans, exact=True)
    pairs = match_spans(ours, gold_spans, exact=False)
    tally.overlap += PRF(len(pairs), len(ours), len(pairs), len(gold_spans))
    matched_gold = {j: i for i, j in pairs}
    for i in set(range(len(ours))) - {i for i, _ in pairs}:
        log.add("false_positive", doc.id, _context(doc.text, *ours[i]), ours=found[i].span.text)
    for j, t in enumerate(doc.toponyms):
        if j not in matched_gold:
            log.add("miss", doc.id, _context(doc.text, t.start, t.end), gold=t.name)
    resolvable = [t for t in doc.toponyms if t.lat is not None and t.lon is not None]
    for t, mention in zip(resolvable, resolved, strict=True):
        error = error_km(t, mention)
        tally.given_errors.append(error)
        if t.geonameid is not None:
            ours_id = mention.place.geonameid if mention and mention.place else None
            tally.given_geonameid.append(ours_id == t.geonameid)
        if error > ACC_KM:
            log.add(
                "wrong_resolution",
                doc.id,
                _context(doc.text, t.start, t.end),
                toponym=t.name,
                gold=[t.lat, t.lon, t.geonameid],
                ours=[mention.place.name, mention.place.lat, mention.place.lon, mention.place.id]
                if mention and mention.place
                else None,
                error_km=round(error, 1),
            )
    index_of = {(t.start, t.end): j for j, t in enumerate(doc.toponyms)}
    for t in resolvable:
        tally.e2e_gold += 1
        i = matched_gold.get(index_of[(t.start, t.end)])
        if i is None or found[i].place is None:
            continue
        error = error_km(t, found[i])
        tally.e2e_errors.append(error)
        tally.e2e_within += int(error <= ACC_KM)


def _context(text: str, start: int, end: int, width: int = 120) -> str:
    return text[max(0, start - width) : min(len(text), end + width)]


def evaluate_docs(docs: Sequence[GoldDoc], log: ErrorLog) -> Figures:
    from eventwire.places import find_places, resolve_toponyms

    tally = Tally()
    for doc, parsed in zip(docs, parse_texts(d.text for d in docs), strict=True):
        found = find_places(parsed, with_demonyms=True)  # both corpora annotate demonyms ("Irish") as toponyms
        spans = [(t.start, t.end) for t in doc.toponyms if t.lat is not None and t.lon is not None]
        resolved = pair_resolved(spans, resolve_toponyms(doc.text, spans)) if spans else []
        score_doc(doc, found, resolved, tally, log)
    return tally.figures()


def evaluate_geowebnews(data_dir: Path, log: ErrorLog) -> Figures:
    directory = require(data_dir / "geoparsing", "geowebnews")
    require(directory / "gwn_full.txt", "geowebnews")
    return evaluate_docs(load_geowebnews(directory), log)


def evaluate_lgl(data_dir: Path, log: ErrorLog) -> Figures:
    path = require(data_dir / "geoparsing" / "lgl.xml", "lgl")
    return evaluate_docs(load_lgl(path), log)
