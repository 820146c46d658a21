"""CASE 2021 task 2: ACLED-style sub-event types of news snippets (25 "seen" types).

Each snippet is run through the pipeline and its events are mapped to a CASE label by
``data/acled_mapping.yaml`` (PLOVER type + mode + context, and actor/recipient sectors, to the ACLED
sub-event type). The prediction is the label of the highest-confidence event whose label is one
of the 25 seen types; failing that, the label of the highest-confidence event that maps to any
label (an unseen type such as DIPLO, always wrong here); failing that, ``none`` (always wrong).
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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwire import config
from eventwire.errors import DataError
from eventwire.evaluation.base import ErrorLog, Figures, analyse_texts, require
from eventwire.evaluation.metrics import ratio, weighted_and_macro_f1
from eventwire.model import Event

MAPPING_PATH = config.DATA_DIR / "acled_mapping.yaml"

SEEN_TYPES: tuple[str, ...] = (
    "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK", "ATTACK",
    "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST", "GOV_REGAINS_TERIT",
    "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
    "OTHER", "PEACE_PROTEST", "PROPERTY_DISTRUCT", "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL",
    "SUIC_BOMB", "VIOL_DEMONSTR",
)  # fmt: skip
UNSEEN_TYPES: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
NONE_LABEL = "none"


@dataclass(frozen=True, slots=True)
class MappingRule:
    type: str
    modes: frozenset[str | None] | None
    contexts: frozenset[str] | None
    actor_sectors: frozenset[str] | None
    recipient_sectors: frozenset[str] | None
    case: str | None
    acled: tuple[str, str] | None
    comment: str

    def applies(self, event: Event) -> bool:
        if event.event != self.type:
            return False
        if self.modes is not None and event.mode not in self.modes:
            return False
        if self.contexts is not None and not self.contexts.intersection(event.context):
            return False
        if self.actor_sectors is not None and not any(
            m.actor.sector in self.actor_sectors for m in event.actors
        ):
            return False
        if self.recipient_sectors is not None and not any(
            m.actor.sector in self.recipient_sectors for m in event.recipients
        ):
            return False
        return True


def _optional_set(rule: dict[str, Any], key: str, path: Path, index: int) -> frozenset[Any] | None:
    value = rule.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise DataError(str(path), f"rule {index}: {key!r} must be a non-empty list, not {value!r}")
    return frozenset(value)


def load_mapping(path: Path = MAPPING_PATH) -> tuple[MappingRule, ...]:
    """Read and check the ordered mapping rules."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(path), f"cannot read the ACLED mapping: {exc}") from exc
    rules = []
    known = set(SEEN_TYPES) | set(UNSEEN_TYPES)
    for index, rule in enumerate(document.get("rules") or []):
        if not rule.get("type") or not rule.get("comment"):
            raise DataError(str(path), f"rule {index}: every rule needs a 'type' and a 'comment'")
        case = rule.get("case")
        if case is not None and case not in known:
            raise DataError(str(path), f"rule {index}: {case!r} is not a CASE 2021 label")
        acled = rule.get("acled")
        if acled is not None and (not isinstance(acled, list) or len(acled) != 2):
            raise DataError(str(path), f"rule {index}: 'acled' must be [event type, sub-event type] or null")
        rules.append(
            MappingRule(
                type=rule["type"],
                modes=_optional_set(rule, "mode", path, index),
                contexts=_optional_set(rule, "context", path, index),
                actor_sectors=_optional_set(rule, "actor_sector", path, index),
                recipient_sectors=_optional_set(rule, "recipient_sector", path, index),
                case=case,
                acled=tuple(acled) if acled else None,  # type: ignore[arg-type]
                comment=rule["comment"],
            )
        )
    if not rules:
        raise DataError(str(path), "no rules")
    return tuple(rules)


@lru_cache(maxsize=1)
def _default_rules() -> tuple[MappingRule, ...]:
    return load_mapping()


def map_event(event: Event, rules: Sequence[MappingRule] | None = None) -> MappingRule | None:
    """The first mapping rule that applies to an event (None: no rule for its type).

    Example:
        >>> rule = map_event(event)  # an ASSAULT with mode "aerial"  # doctest: +SKIP
        >>> rule.case, rule.acled  # doctest: +SKIP
        ('AIR_STRIKE', ('Explosions/Remote violence', 'Air/drone strike'))
    """
    for rule in rules if rules is not None else _default_rules():
        if rule.applies(event):
            return rule
    return None


def case_label(event: Event, rules: Sequence[MappingRule] | None = None) -> str | None:
    rule = map_event(event, rules)
    return rule.case if rule else None


def predict(events: Sequence[Event], rules: Sequence[MappingRule] | None = None) -> str:
    """The CASE label of a snippet from its events (see the module docstring)."""
    ranked = sorted(enumerate(events), key=lambda pair: (-pair[1].confidence, pair[0]))
    labels = [case_label(event, rules) for _, event in ranked]
    for label in labels:
        if label in SEEN_TYPES:
            return label
    for label in labels:
        if label:
            return label
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
