"""CASE 2021 task 2: ACLED-style sub-event types of news snippets (25 "seen" types).

Each snippet is run through the pipeline and its events are mapped to a CASE label by
``data/acled_mapping.yaml`` through :mod:`eventwire.acled` (PLOVER type + mode + context, and actor/recipient sectors, to the ACLED
sub-event type). The prediction is the label of the highest-confidence event whose label is one
of the 25 seen types (when that is a protest or riot, the most serious protest or riot label among
the snippet's events, as ACLED codes a demonstration once: ``eventwire.acled.most_serious_protest``);
failing that, the label of the highest-confidence event that maps to any label (an unseen type such as DIPLO, always wrong here); failing that, ``none`` (always wrong).
Only snippets whose gold label is one of the 25 seen types are scored (829 of 1,019), as in
subtask 1 of the shared task.

Figures:
- ``weighted_f1``: per-class F1 averaged with the gold support of each of the 25 classes as weight
  (the shared task's headline; scikit-learn's ``average="weighted"``).
- ``macro_f1``: the unweighted mean of the 25 per-class F1 scores.
- ``accuracy``: share of snippets labelled right.
- ``weighted_f1_top``: weighted F1 when the prediction is simply the mapping of the single
  highest-confidence event (``none`` when it maps to nothing).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from eventwire.acled import (
    SEEN_TYPES,
    UNSEEN_TYPES,
    MappingRule,
    is_protest,
    load_mapping,
    map_event,
    most_serious_protest,
)
from eventwire.evaluation.base import ErrorLog, Figures, analyse_texts, require
from eventwire.evaluation.metrics import ratio, weighted_and_macro_f1
from eventwire.model import Event

__all__ = ["SEEN_TYPES", "UNSEEN_TYPES", "MappingRule", "load_mapping", "map_event", "case_label", "predict", "evaluate"]

NONE_LABEL = "none"


def case_label(event: Event, rules: Sequence[MappingRule] | None = None) -> str | None:
    rule = map_event(event, rules)
    return rule.case if rule else None


def predict(events: Sequence[Event], rules: Sequence[MappingRule] | None = None) -> str:
    """The CASE label of a snippet from its events (see the module docstring)."""
    ranked = sorted(enumerate(events), key=lambda pair: (-pair[1].confidence, pair[0]))
    mapped = [map_event(event, rules) for _, event in ranked]
    for rule in mapped:
        if rule is not None and rule.case in SEEN_TYPES:
            # a snippet about a protest reports one demonstration: ACLED codes it by its most serious feature
            return (most_serious_protest(mapped) or rule).case if is_protest(rule) else rule.case
    for rule in mapped:
        if rule is not None and rule.case:
            return rule.case
    return NONE_LABEL


def predict_top(events: Sequence[Event], rules: Sequence[MappingRule] | None = None) -> str:
    """The CASE label of the single highest-confidence event, or ``none``."""
    if not events:
        return NONE_LABEL
    best = max(enumerate(events), key=lambda pair: (pair[1].confidence, -pair[0]))[1]
    return case_label(best, rules) or NONE_LABEL


def load_snippets(path: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, label) rows; the file has no quoting (read with QUOTE_NONE)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row[0], row[1], row[2]) for row in rows[1:] if len(row) >= 3]


def score(gold: Sequence[str], predicted: Sequence[str], predicted_top: Sequence[str] | None = None) -> Figures:
    weighted, macro = weighted_and_macro_f1(gold, predicted, labels=SEEN_TYPES)
    figures: Figures = {
        "weighted_f1": weighted,
        "macro_f1": macro,
        "accuracy": ratio(sum(g == p for g, p in zip(gold, predicted)), len(gold)),
    }
    if predicted_top is not None:
        figures["weighted_f1_top"] = weighted_and_macro_f1(gold, predicted_top, labels=SEEN_TYPES)[0]
    figures["n"] = len(gold)
    figures["n_none"] = sum(p == NONE_LABEL for p in predicted)
    return figures


def evaluate(data_dir: Path, log: ErrorLog) -> Figures:
    path = require(data_dir / "case2021-task2" / "test_set_final_release_with_labels.tsv", "case2021-task2")
    rows = [row for row in load_snippets(path) if row[2] in SEEN_TYPES]
    gold, predicted, predicted_top = [], [], []
    for (snippet_id, text, label), analysis in zip(rows, analyse_texts(r[1] for r in rows), strict=True):
        events = list(analysis.events)
        ours = predict(events)
        gold.append(label)
        predicted.append(ours)
        predicted_top.append(predict_top(events))
        if ours != label:
            log.add(
                "wrong_label",
                snippet_id,
                text,
                gold=label,
                ours=ours,
                events=[[e.event, e.mode, list(e.context), round(e.confidence, 3)] for e in events],
            )
    return score(gold, predicted, predicted_top)
