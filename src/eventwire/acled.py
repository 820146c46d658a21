"""PLOVER to ACLED: which ACLED event type and sub-event type (and CASE 2021 label) an event is.

The rules live in ``data/acled_mapping.yaml`` (PLOVER type + mode + context, and actor/recipient
sectors, to the ACLED sub-event type); this module reads them and applies them to an
:class:`~eventwire.model.Event` or to a stored event record (the dict of ``Event.to_record()``), so
the CASE 2021 evaluation and the ACLED-style export share one mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwire import config
from eventwire.errors import DataError
from eventwire.model import Event

MAPPING_PATH = config.DATA_DIR / "acled_mapping.yaml"

# CASE 2021 task 2 labels: the 25 ACLED-derived "seen" sub-event types and the unseen ones.
SEEN_TYPES: tuple[str, ...] = (
    "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK", "ATTACK",
    "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST", "GOV_REGAINS_TERIT",
    "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
    "OTHER", "PEACE_PROTEST", "PROPERTY_DISTRUCT", "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL",
    "SUIC_BOMB", "VIOL_DEMONSTR",
)  # fmt: skip
UNSEEN_TYPES: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
# ACLED codes one demonstration once, by its most serious feature, most serious first: demonstrators who
# turn violent make a violent demonstration (Riots) whatever the police did; lethal or excessive force
# against protesters outranks an intervention (dispersal, arrests), which outranks a peaceful protest
# (ACLED Codebook 2019 and 2023, Protests and Riots: "Violent demonstration", "Excessive force against
# protesters", "Protest with intervention", "Peaceful protest").
PROTEST_SEVERITY: tuple[str, ...] = (
    "Violent demonstration", "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
)


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the mapping rules look at, read alike from an Event or a stored record."""

    type: str
    mode: str | None
    contexts: frozenset[str]
    actor_sectors: frozenset[str | None]
    recipient_sectors: frozenset[str | None]

    @classmethod
    def of(cls, event: Event | dict[str, Any]) -> EventFacts:
        if isinstance(event, dict):
            return cls(
                type=str(event.get("event") or "").upper(),
                mode=event.get("mode"),
                contexts=frozenset(event.get("context") or ()),
                actor_sectors=frozenset(m.get("sector") for m in event.get("actor") or ()),
                recipient_sectors=frozenset(m.get("sector") for m in event.get("recipient") or ()),
            )
        return cls(
            type=event.event,
            mode=event.mode,
            contexts=frozenset(event.context),
            actor_sectors=frozenset(m.actor.sector for m in event.actors),
            recipient_sectors=frozenset(m.actor.sector for m in event.recipients),
        )


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

    def applies(self, event: Event | dict[str, Any] | EventFacts) -> bool:
        facts = event if isinstance(event, EventFacts) else EventFacts.of(event)
        if facts.type != self.type:
            return False
        if self.modes is not None and facts.mode not in self.modes:
            return False
        if self.contexts is not None and not self.contexts & facts.contexts:
            return False
        if self.actor_sectors is not None and not self.actor_sectors & facts.actor_sectors:
            return False
        if self.recipient_sectors is not None and not self.recipient_sectors & facts.recipient_sectors:
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
        document = config.yaml_load(path.read_text(encoding="utf-8"))
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
def default_rules() -> tuple[MappingRule, ...]:
    return load_mapping()


def map_event(event: Event | dict[str, Any], rules: Sequence[MappingRule] | None = None) -> MappingRule | None:
    """The first mapping rule that applies to an event or event record (None: no rule for its type).

    Example:
        >>> rule = map_event(event)  # an ASSAULT with mode "aerial"  # doctest: +SKIP
        >>> rule.case, rule.acled  # doctest: +SKIP
        ('AIR_STRIKE', ('Explosions/Remote violence', 'Air/drone strike'))
    """
    facts = EventFacts.of(event)
    rule_list: Iterable[MappingRule] = rules if rules is not None else default_rules()
    for rule in rule_list:
        if rule.applies(facts):
            return rule
    return None


def is_protest(rule: MappingRule) -> bool:
    """Whether a rule maps to one of the protest and riot sub-event types ranked by ``PROTEST_SEVERITY``."""
    return rule.acled is not None and rule.acled[1] in PROTEST_SEVERITY


def most_serious_protest(rules: Iterable[MappingRule | None]) -> MappingRule | None:
    """Of the mapped reports of one demonstration, the one ACLED would code it by: the most serious
    protest or riot sub-event type (``PROTEST_SEVERITY``); None when none of them is a protest.

    Example:
        >>> most_serious_protest([peaceful_rule, violent_rule]).case  # doctest: +SKIP
        'VIOL_DEMONSTR'
    """
    protests = [r for r in rules if r is not None and is_protest(r)]
    if not protests:
        return None
    return min(protests, key=lambda r: PROTEST_SEVERITY.index(r.acled[1]))  # type: ignore[index]
