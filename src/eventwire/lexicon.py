"""Loading of the curated word lists the event stage uses (triggers, attribution cues, quantities).

The lists themselves live in ``eventwire/data/*.yaml``; this module only reads and checks them,
so a malformed entry fails loudly with the file and the entry named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from eventwire import config
from eventwire.config import DATA_DIR
from eventwire.errors import DataError
from eventwire.model import PLOVER_TYPES

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One way a word can announce an event, with the conditions under which it does."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    object: frozenset[str]
    particle: str | None
    prep: frozenset[str]
    compound: frozenset[str]
    nominal: bool
    embeds: bool
    subject_sector: frozenset[str]
    complement_aux: frozenset[str]  # only when a clausal complement has one of these auxiliaries ("said X must")
    source: str


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return config.yaml_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(path), f"cannot be read as YAML: {exc}") from exc


def _load(name: str, build: Callable[[Any], T]) -> T:
    """Read a data file and build its record; a missing or malformed field names the file."""
    path = DATA_DIR / name
    data = _read_yaml(path)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(str(path), f"missing or malformed field: {exc}") from exc


def load_triggers(path: Path | None = None) -> dict[tuple[str, str], list[Trigger]]:
    """Triggers keyed by (lemma, POS); a lemma may have several conditional readings."""
    path = path or DATA_DIR / "triggers.yaml"
    data = _read_yaml(path)
    default_source = (data.get("defaults") or {}).get("source", "")
    table: dict[tuple[str, str], list[Trigger]] = {}
    for number, entry in enumerate(data.get("triggers") or [], start=1):
        where = f"{path}: trigger #{number} ({entry.get('lemma')!r})"
        if entry.get("type") not in PLOVER_TYPES:
            raise DataError(where, f"type {entry.get('type')!r} is not a PLOVER type")
        if entry.get("pos") not in ("VERB", "NOUN"):
            raise DataError(where, "pos must be VERB or NOUN")
        for key in ("object", "prep", "compound", "subject_sector", "context", "complement_aux"):
            # YAML 1.1 reads a bare on/off/yes/no as a boolean: quote such words in the file
            if any(not isinstance(word, str) for word in entry.get(key) or ()):
                raise DataError(where, f"{key} holds a non-word ({entry.get(key)!r}); quote on/off/yes/no")
        trigger = Trigger(
            lemma=str(entry["lemma"]).lower(),
            pos=entry["pos"],
            type=entry["type"],
            mode=entry.get("mode"),
            context=tuple(entry.get("context") or ()),
            object=frozenset(entry.get("object") or ()),
            particle=entry.get("particle"),
            prep=frozenset(entry.get("prep") or ()),
            compound=frozenset(entry.get("compound") or ()),
            nominal=bool(entry.get("nominal", False)),
            embeds=bool(entry.get("embeds", False)),
            subject_sector=frozenset(entry.get("subject_sector") or ()),
            complement_aux=frozenset(entry.get("complement_aux") or ()),
            source=entry.get("source") or default_source,
        )
        table.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    return table


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    return load_triggers()


@dataclass(frozen=True, slots=True)
class InstrumentMode:
    """A weapon named near an attack that decides its mode ("suicide bombers", "grenade attack")."""

    mode: str
    words: frozenset[str]
    refines: frozenset[str | None] | None  # trigger modes it may replace; None: any but territory


@lru_cache(maxsize=1)
def instrument_modes() -> tuple[InstrumentMode, ...]:
    path = DATA_DIR / "triggers.yaml"
    data = _read_yaml(path)
    found: list[InstrumentMode] = []
    for number, entry in enumerate(data.get("instrument_modes") or [], start=1):
        if not entry.get("mode") or not entry.get("words") or not entry.get("source"):
            raise DataError(f"{path}: instrument_modes #{number}", "needs mode, words and source")
        refines = entry.get("refines")
        found.append(InstrumentMode(mode=entry["mode"], words=frozenset(str(w).lower() for w in entry["words"]),
                                    refines=frozenset(refines) if refines is not None else None))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class ProtestCues:
    demonstrators: frozenset[str]
    mobs: frozenset[str]
    violence: frozenset[str]
    protest: frozenset[str]
    crowd_control: frozenset[str]
    lethal: frozenset[str]
    repression: frozenset[str]
    withdrawal: frozenset[str]


@lru_cache(maxsize=1)
def protest_cues() -> ProtestCues:
    def build(data: Any) -> ProtestCues:
        cues = data["protest_cues"]
        return ProtestCues(**{key: frozenset(str(w).lower() for w in cues[key])
                              for key in ("demonstrators", "mobs", "violence", "protest", "crowd_control", "lethal",
                                          "repression", "withdrawal")})

    return _load("triggers.yaml", build)


@dataclass(frozen=True, slots=True)
class AttributionCues:
    speech_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    prepositional: tuple[tuple[str, ...], ...]
    not_sources: frozenset[str]


@lru_cache(maxsize=1)
def attribution_cues() -> AttributionCues:
    return _load("attribution_cues.yaml", lambda data: AttributionCues(
        speech_verbs=frozenset(data["speech_verbs"]),
        negating_verbs=frozenset(data["negating_verbs"]),
        prepositional=tuple(tuple(cue["words"]) for cue in data["prepositional_cues"]),
        not_sources=frozenset(data.get("not_sources") or ()),
    ))


@dataclass(frozen=True, slots=True)
class QuantityWords:
    numbers: dict[str, int]
    vague: dict[str, int | None]
    casualty: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def quantity_words() -> QuantityWords:
    return _load("quantities.yaml", lambda data: QuantityWords(
        numbers={str(k).lower(): int(v) for k, v in data["numbers"].items()},
        vague={str(k).lower(): v for k, v in data["vague"].items()},
        casualty={kind: frozenset(words) for kind, words in data["casualty_words"].items()},
    ))


@lru_cache(maxsize=1)
def named_thing_words() -> frozenset[str]:
    """Nouns after a name that make it the name of a thing ("Sochi agreement", "Turkish Stream project");
    shared with the places stage, which reads the same list."""
    path = DATA_DIR / "places" / "cues.yaml"
    data = _read_yaml(path)
    try:
        return frozenset(str(word).lower() for word in data["not_place_after"])
    except (KeyError, TypeError) as exc:
        raise DataError(str(path), f"missing or malformed field: {exc}") from exc
