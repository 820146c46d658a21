"""The dates stage's lexicon (``data/time_expressions.yaml``): months, weekdays, seasons, number
words and tense cues."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from eventwire import config
from eventwire.errors import DataError

LEXICON_PATH = config.DATA_DIR / "time_expressions.yaml"


# --- lexicon ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]  # lower-cased name or abbreviation -> month number
    month_pattern: str  # regex alternation, case-sensitive first letter
    weekdays: dict[str, int]
    seasons: dict[str, tuple[tuple[int, int], tuple[int, int]]]  # name -> (core, months)
    numbers: dict[str, int]
    vague_extent: dict[str, int]
    future_aux: frozenset[str]
    future_heads: frozenset[str]
    future_participles: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    try:
        raw = config.yaml_load(LEXICON_PATH.read_text(encoding="utf-8"))
        months: dict[str, int] = {}
        alternatives: list[str] = []
        for number, names in raw["months"].items():
            for position, name in enumerate(names):
                months[name.lower()] = int(number)
                # The first letter must be upper case ("may", "march"); an abbreviation (any name
                # after the first) may end in a dot, which is then part of the expression.
                ending = r"(?:\.|\b)" if position else r"\b"
                alternatives.append(f"(?-i:{name[0]}){name[1:]}{ending}")
        alternatives.sort(key=len, reverse=True)
        seasons = {
            name: (tuple(spec["core"]), tuple(spec["months"])) for name, spec in raw["seasons"].items()
        }
        return _Lexicon(
            months=months,
            month_pattern="(?:" + "|".join(alternatives) + ")",
            weekdays={k.lower(): int(v) for k, v in raw["weekdays"].items()},
            seasons=seasons,  # type: ignore[arg-type]
            numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
            vague_extent={k: int(v) for k, v in raw["vague_extent"].items()},
            future_aux=frozenset(raw["future_aux"]),
            future_heads=frozenset(raw["future_heads"]),
            future_participles=frozenset(raw["future_participles"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise DataError(str(LEXICON_PATH), f"cannot read the time-expression lexicon: {exc}") from exc
