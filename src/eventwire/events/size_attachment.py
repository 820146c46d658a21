"""Size attachment: give each count (dead, injured, arrested, displaced) to the event it belongs to.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.events.linking import _replace
from eventwire.model import Event, Size
from eventwire.sizes import SizeMention


CASUALTY_TYPES = {"dead": {"ASSAULT"}, "injured": {"ASSAULT"}, "arrested": {"COERCE"},
                  "displaced": {"SANCTION", "RETREAT", "ASSAULT"}}


def _attach_sizes(sentence_events: list[Event], sizes: list[SizeMention], doc: Doc,
                  earlier: list[Event]) -> list[Event]:
    """Give each count to the event it belongs to: the trigger above it in the parse, else the nearest
    event of a fitting type in the sentence, else (a sentence with no event) the last fitting event."""
    if not sizes:
        return sentence_events
    updated = {event.id: event for event in sentence_events}
    values: dict[str, dict[str, object]] = {}
    for size in sizes:
        fitting = [e for e in sentence_events if e.event in CASUALTY_TYPES[size.kind]]
        target: Event | None = None
        anchor_ancestors = {a.i for a in size.anchor.ancestors} | {size.anchor.i}
        for event in fitting:
            trigger_index = doc.char_span(event.evidence.trigger_span.start, event.evidence.trigger_span.end,
                                          alignment_mode="expand")
            if trigger_index is not None and trigger_index[0].i in anchor_ancestors:
                target = event
                break
        if target is None and fitting:
            target = min(fitting, key=lambda e: abs(e.evidence.trigger_span.start - size.span.start))
        if target is None and not sentence_events and earlier:
            previous = [e for e in earlier if e.event in CASUALTY_TYPES[size.kind]]
            if previous and previous[-1].evidence.span.end >= size.span.start - 400:
                target = previous[-1]
                # counts in a following sentence update the earlier event in place
                index = earlier.index(target)
                earlier[index] = _with_size(target, size)
                continue
        if target is None:
            continue
        slot = values.setdefault(target.id, {})
        current = slot.get(size.kind)
        if size.count is not None and (current is None or size.count > current):
            slot[size.kind] = size.count
            slot[f"{size.kind}_text"] = size.span.text
        elif f"{size.kind}_text" not in slot:
            slot[size.kind] = None
            slot[f"{size.kind}_text"] = size.span.text
    for event_id, fields in values.items():
        event = updated[event_id]
        updated[event_id] = _replace(event, size=Size(**{**(event.size.to_record() if event.size else {}), **fields}))
    return [updated[e.id] for e in sentence_events]


def _with_size(event: Event, size: SizeMention) -> Event:
    record = event.size.to_record() if event.size else {}
    if record.get(size.kind) is None:
        record[size.kind] = size.count
        record[f"{size.kind}_text"] = size.span.text
    return _replace(event, size=Size(**record))
