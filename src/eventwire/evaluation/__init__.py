"""Evaluation harness: score the pipeline against the public gold sets of ``../shared/eval``.

One module per gold set; each module's docstring defines its figures (BENCHMARKS.md repeats them
with the measured values). The gold data is read from ``data_dir`` at run time, never packaged.

Example:
    >>> from pathlib import Path
    >>> results = run_eval(["plover-gsr"], Path("../shared/eval"))  # doctest: +SKIP
    >>> print(format_table(results))  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluation import case2021, event_location, geoparsing, plover_gsr, polnear, seed
from eventwire.evaluation.base import ErrorLog, Figures

__all__ = ["SETS", "HEADLINES", "LOWER_IS_BETTER", "run_eval", "format_table"]

logger = logging.getLogger(__name__)

Scorer = Callable[[Path, ErrorLog], Figures]

SETS: dict[str, Scorer] = {
    "seed": lambda data, log: seed.evaluate(data, log, "seed"),
    "dev": lambda data, log: seed.evaluate(data, log, "dev"),
    "plover-gsr": plover_gsr.evaluate,
    "case2021-task2": case2021.evaluate,
    "event-location": event_location.evaluate,
    "geowebnews": geoparsing.evaluate_geowebnews,
    "lgl": geoparsing.evaluate_lgl,
    "polnear-dev": polnear.evaluate,
}

# The figures each set is judged by (pinned by tests/test_eval_floors.py, shown first in tables).
HEADLINES: dict[str, tuple[str, ...]] = {
    "seed": ("recall", "precision", "actor_acc", "place_acc", "date_acc"),
    "dev": ("recall", "precision"),
    "plover-gsr": ("type_acc", "source_country_acc", "source_sector_acc"),
    "case2021-task2": ("weighted_f1", "macro_f1"),
    "event-location": ("place_acc", "precision", "no_place_acc", "relabel_place_acc"),
    "geowebnews": ("toponym_f1", "acc161_given_gold", "acc161_end_to_end", "mean_error_km", "auc"),
    "lgl": ("toponym_f1", "acc161_given_gold", "acc161_end_to_end", "mean_error_km", "auc"),
    "polnear-dev": ("source_f1", "cue_f1"),
}
# Figures where a smaller number is better (their floor is a ceiling).
LOWER_IS_BETTER = frozenset(
    {"mean_error_km", "auc", "mean_error_km_end_to_end", "auc_end_to_end", "seconds"}
)


def run_eval(
    sets: Sequence[str] | None, data_dir: Path, errors_dir: Path | None = None
) -> dict[str, dict[str, float | int | None]]:
    """Score the pipeline on the named gold sets (all of them when ``sets`` is None or empty).

    Returns one dict of named figures per set, in the order of ``SETS``; each also holds
    ``seconds``, the wall time of that set. With ``errors_dir``, every miss, false positive and
    wrong argument is written to ``errors_dir/<set>.jsonl`` with its sentence.
    """
    wanted = list(sets) if sets else list(SETS)
    unknown = [name for name in wanted if name not in SETS]
    if unknown:
        raise InputError(
            ", ".join(unknown), "is not a gold set", f"choose among {', '.join(SETS)}"
        )
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(str(data_dir), "the eval data folder does not exist", "pass --data DIR")
    results: dict[str, dict[str, float | int | None]] = {}
    for name in SETS:
        if name not in wanted:
            continue
        log = ErrorLog(name, enabled=errors_dir is not None)
        started = time.perf_counter()
        logger.info("eval: scoring %s", name)
        figures = dict(SETS[name](data_dir, log))
        figures["seconds"] = round(time.perf_counter() - started, 1)
        results[name] = figures
        if errors_dir is not None:
            log.write(Path(errors_dir))
    return results


def _format_value(figure: str, value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, (bool, int)):
        return str(value)
    if figure == "seconds" or "_km" in figure or abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_table(results: dict[str, dict[str, float | int | None]]) -> str:
    """A plain-text table: one row per (set, figure), headline figures first.

    Example:
        >>> print(format_table({"seed": {"recall": 0.5, "n_core": 10}}))
        set   figure  value
        ----  ------  -----
        seed  recall  0.500
        seed  n_core  10
    """
    rows: list[tuple[str, str, str]] = []
    for name, figures in results.items():
        first = [f for f in HEADLINES.get(name, ()) if f in figures]
        rest = [f for f in figures if f not in first]
        for figure in first + rest:
            rows.append((name, figure, _format_value(figure, figures[figure])))
    header = ("set", "figure", "value")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * widths[i] for i in range(3)))
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)
