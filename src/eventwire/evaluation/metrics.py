"""Metric building blocks shared by the gold sets: counts, F1, span matching, distances, AUC.

Everything here is plain Python on small values (no scikit-learn, no numpy), so each figure in
BENCHMARKS.md can be checked by hand from its definition.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii

EARTH_RADIUS_KM = 6371.0088
# Half the Earth's circumference: the largest possible error, and the normaliser of the AUC.
MAX_ERROR_KM = 20039.0

Interval = tuple[int, int]


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when there is nothing to measure."""
    return numerator / denominator if denominator else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """The harmonic mean of precision and recall; 0.0 when both are 0, None when either is None."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from true positives, predictions and gold items."""

    tp_pred: int  # predictions that match a gold item
    n_pred: int
    tp_gold: int  # gold items matched by a prediction
    n_gold: int

    @property
    def precision(self) -> float | None:
        return ratio(self.tp_pred, self.n_pred)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp_gold, self.n_gold)

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_gold + other.tp_gold,
            self.n_gold + other.n_gold,
        )

    def figures(self, suffix: str = "", prefix: str = "") -> dict[str, float | None]:
        return {
            f"{prefix}precision{suffix}": self.precision,
            f"{prefix}recall{suffix}": self.recall,
            f"{prefix}f1{suffix}": self.f1,
        }


# --- spans ------------------------------------------------------------------------------------


def overlaps(a: Interval, b: Interval) -> bool:
    """True when two half-open character intervals share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def match_spans(
    predicted: Sequence[Interval], gold: Sequence[Interval], *, exact: bool
) -> list[tuple[int, int]]:
    """One-to-one matching of predicted to gold spans: ``(pred_index, gold_index)`` pairs.

    Exact: same start and end. Overlap: at least one shared character; each prediction takes the
    unmatched gold span it overlaps most (ties: the earlier one), predictions in text order.
    """
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    order = sorted(range(len(predicted)), key=lambda i: (predicted[i][0], predicted[i][1]))
    for i in order:
        p = predicted[i]
        best: tuple[int, int] | None = None  # (-shared characters, gold index)
        for j, g in enumerate(gold):
            if j in taken:
                continue
            if exact:
                ok = p[0] == g[0] and p[1] == g[1]
            else:
                ok = overlaps(p, g)
            if not ok:
                continue
            key = (-(min(p[1], g[1]) - max(p[0], g[0])), j)
            if best is None or key < best:
                best = key
        if best is not None:
            taken.add(best[1])
            pairs.append((i, best[1]))
    return pairs


def span_prf(predicted: Sequence[Interval], gold: Sequence[Interval], *, exact: bool) -> PRF:
    """Precision/recall counts of predicted against gold spans, matched one to one."""
    pairs = match_spans(predicted, gold, exact=exact)
    return PRF(len(pairs), len(predicted), len(pairs), len(gold))


# --- classification ---------------------------------------------------------------------------


def per_class_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[Hashable, float]:
    """F1 of each gold class (a predicted label that is no gold class only adds false positives)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    tp: Counter[Hashable] = Counter()
    n_pred: Counter[Hashable] = Counter(predicted)
    n_gold: Counter[Hashable] = Counter(gold)
    for g, p in zip(gold, predicted):
        if g == p:
            tp[g] += 1
    scores: dict[Hashable, float] = {}
    for label in n_gold:
        score = f1(ratio(tp[label], n_pred[label]) or 0.0, ratio(tp[label], n_gold[label]) or 0.0)
        scores[label] = score or 0.0
    return scores


def weighted_and_macro_f1(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], labels: Iterable[Hashable] | None = None
) -> tuple[float, float]:
    """Support-weighted and unweighted mean F1 over the gold classes (as scikit-learn computes
    them with ``labels`` = the classes present in the gold, ``zero_division=0``).

    ``labels`` restricts the average to these classes (those absent from the gold are skipped).
    """
    scores = per_class_f1(gold, predicted)
    support = Counter(gold)
    classes = [c for c in (labels if labels is not None else scores) if support[c]]
    if not classes:
        return 0.0, 0.0
    total = sum(support[c] for c in classes)
    weighted = sum(scores[c] * support[c] for c in classes) / total
    macro = sum(scores[c] for c in classes) / len(classes)
    return weighted, macro


# --- distances --------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc_of_errors(errors_km: Sequence[float]) -> float | None:
    """Area under the curve of sorted log errors, normalised to [0, 1]; lower is better.

    The geoparsing definition (Gritta et al. 2018, "What's missing in geographical parsing?";
    2019, "A pragmatic guide to geoparsing evaluation"): sort ``ln(1 + error_km)``, integrate it
    over the rank with the trapezoid rule and divide by ``ln(20039) * (n - 1)``, where 20,039 km
    is the largest possible error. 0 means every toponym was placed exactly.
    """
    if not errors_km:
        return None
    logs = sorted(math.log(1 + min(e, MAX_ERROR_KM)) for e in errors_km)
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


# --- names ------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s]")
_LEADING = re.compile(r"^(the|a|an)\s+")


def normalise_name(text: str | None) -> str:
    """Lower-case ASCII words without punctuation, a leading article or a possessive "'s".

    >>> normalise_name("the Syrian Arab News Agency’s")
    'syrian arab news agency'
    """
    if not text:
        return ""
    text = anyascii(unicodedata.normalize("NFC", text)).lower()
    text = re.sub(r"'s\b", "", text)
    text = _PUNCT.sub(" ", text)
    text = " ".join(text.split())
    return _LEADING.sub("", text)


def contains_words(haystack: str, needle: str) -> bool:
    """True when normalised ``needle`` occurs in normalised ``haystack`` as whole words."""
    if not needle or not haystack:
        return False
    return f" {needle} " in f" {haystack} "
