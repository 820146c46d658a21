"""PolNeAR dev split: attribution relations (source, cue, content) in 2016 US election news.

Gold: the brat ``.ann`` files of ``polnear-dev/attributions``; a text annotated by several people
(agreement studies) is scored against the first annotation in file-name order, so each of the 84
texts counts once. A span given in fragments (``575 842;843 1076``) is taken from its first start to
its last end. Relations without a source (``Attribution-no-source``) add a gold cue, no gold source.

Ours: ``attribution.find_attributions`` on the parsed text.

Figures (one-to-one span matching, micro-averaged over the texts):
- ``source_precision``/``source_recall``/``source_f1``: our sources against gold sources, a match
  being any overlap (at least one shared character); ``source_f1_exact``: same start and end.
- ``cue_*``: the same for cues.
- ``content_f1`` (overlap) for the content spans.
- ``relation_f1``: a relation of ours matches a gold one when the cues overlap and the sources
  overlap (or neither has one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.evaluation.base import ErrorLog, Figures, parse_texts, require
from eventwire.evaluation.metrics import PRF, match_spans, overlaps, span_prf

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Relation:
    cue: Interval
    source: Interval | None
    content: Interval | None


@dataclass(frozen=True)
class GoldText:
    id: str
    text: str
    relations: tuple[Relation, ...]


def _extent(offsets: str) -> Interval:
    points = [int(x) for fragment in offsets.split(";") for x in fragment.split()]
    return min(points), max(points)


def parse_ann(content: str) -> list[Relation]:
    """Relations of a brat standoff annotation (T lines: spans; E lines: relations)."""
    spans: dict[str, Interval] = {}
    events: list[dict[str, str]] = []
    for line in content.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _extent(offsets)
        elif parts[0].startswith("E"):
            roles = dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)
            events.append(roles)
    relations = []
    for roles in events:
        cue = spans.get(roles.get("Cue", ""))
        if cue is None:
            continue
        relations.append(Relation(cue, spans.get(roles.get("Source", "")), spans.get(roles.get("Content", ""))))
    return relations


def load_texts(directory: Path) -> list[GoldText]:
    texts = []
    annotations = sorted((directory / "attributions").glob("*.ann"))
    chosen: dict[str, Path] = {}
    for path in annotations:
        stem = path.stem.rsplit("_", 1)[0]  # drop the annotator id
        chosen.setdefault(stem, path)
    for stem, path in sorted(chosen.items()):
        text_path = directory / "text" / f"{stem}.txt"
        if not text_path.is_file():
            continue
        texts.append(
            GoldText(stem, text_path.read_text(encoding="utf-8"), tuple(parse_ann(path.read_text(encoding="utf-8"))))
        )
    return texts


def relation_prf(ours: Sequence[Relation], gold: Sequence[Relation]) -> PRF:
    taken: set[int] = set()
    hits = 0
    for mine in sorted(ours, key=lambda r: r.cue):
        for j, g in enumerate(gold):
            if j in taken or not overlaps(mine.cue, g.cue):
                continue
            if (mine.source is None) != (g.source is None):
                continue
            if mine.source is not None and g.source is not None and not overlaps(mine.source, g.source):
                continue
            taken.add(j)
            hits += 1
            break
    return PRF(hits, len(ours), hits, len(gold))


@dataclass
class Tally:
    source: PRF = PRF(0, 0, 0, 0)
    source_exact: PRF = PRF(0, 0, 0, 0)
    cue: PRF = PRF(0, 0, 0, 0)
    cue_exact: PRF = PRF(0, 0, 0, 0)
    content: PRF = PRF(0, 0, 0, 0)
    relation: PRF = PRF(0, 0, 0, 0)

    def figures(self) -> Figures:
        return {
            **self.source.figures(prefix="source_"),
            "source_f1_exact": self.source_exact.f1,
            **self.cue.figures(prefix="cue_"),
            "cue_f1_exact": self.cue_exact.f1,
            "content_f1": self.content.f1,
            "relation_f1": self.relation.f1,
            "n_gold_relations": self.relation.n_gold,
            "n_our_relations": self.relation.n_pred,
        }


def score_text(gold: GoldText, ours: Sequence[Relation], tally: Tally, log: ErrorLog) -> None:
    def spans(relations: Sequence[Relation], role: str) -> list[Interval]:
        return [getattr(r, role) for r in relations if getattr(r, role) is not None]

    for role in ("source", "cue", "content"):
        mine, theirs = spans(ours, role), spans(gold.relations, role)
        setattr(tally, role, getattr(tally, role) + span_prf(mine, theirs, exact=False))
        if role != "content":
            exact = f"{role}_exact"
            setattr(tally, exact, getattr(tally, exact) + span_prf(mine, theirs, exact=True))
        if role == "content":
            continue
        pairs = match_spans(mine, theirs, exact=False)
        for i in set(range(len(mine))) - {i for i, _ in pairs}:
            log.add(f"false_positive_{role}", gold.id, _around(gold.text, mine[i]), ours=_cut(gold.text, mine[i]))
        for j in set(range(len(theirs))) - {j for _, j in pairs}:
            log.add(f"miss_{role}", gold.id, _around(gold.text, theirs[j]), gold=_cut(gold.text, theirs[j]))
    tally.relation += relation_prf(ours, gold.relations)


def _cut(text: str, span: Interval) -> str:
    return text[span[0] : span[1]]


def _around(text: str, span: Interval, width: int = 150) -> str:
    return text[max(0, span[0] - width) : min(len(text), span[1] + width)]


def evaluate(data_dir: Path, log: ErrorLog) -> Figures:
    from eventwire.attribution import find_attributions

    directory = require(data_dir / "polnear-dev", "polnear-dev")
    texts = load_texts(directory)
    tally = Tally()
    for gold, doc in zip(texts, parse_texts(t.text for t in texts), strict=True):
        ours = [
            Relation(
                (r.cue.start, r.cue.end),
                (r.source.start, r.source.end) if r.source else None,
                (r.content.start, r.content.end) if r.content else None,
            )
            for r in find_attributions(doc)
        ]
        score_text(gold, ours, tally, log)
    return tally.figures()
