"""Mention-level actor accuracy on the PLOVER gold standard records (plover-gsr).

``eventwire eval plover-gsr`` scores the actor of the best event, so it mixes two stages: the actor
stage (is the gold actor found, with the right country and sector?) and the event stage (which
mention becomes the event's actor). This script measures the first alone: for every sentence it
runs :func:`eventwire.actors.find_actor_mentions` and looks for a mention overlapping the gold
source text (the first ``source`` of the record, as the eval does; ``--side target`` for the first
``target``), then compares its country code
and sector with the gold ones (same normalisation as the eval: CAMEO codes renamed to ISO3, sector
cut to three letters, ``***`` not scored).

With ``--events`` it measures the second, as the eval does (the first actor and recipient of the
best event of each sentence), on all sentences and on those where an event is found, so the actor
stage can be judged apart from event detection; ``--errors`` then writes, per sentence with a wrong
figure, the gold source and target and our event's actors, recipients and all mentions.

Usage:
    .venv/bin/python scripts/actor_diagnostics.py [--side source|target] [--data ../shared/eval] [--errors FILE]
    .venv/bin/python scripts/actor_diagnostics.py --events [--data ../shared/eval] [--errors FILE]

Prints found / country / sector accuracies; ``--errors`` writes one JSON line per miss.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.actors import find_actor_mentions
from eventwire.evaluation.base import analyse_texts, parse_texts
from eventwire.evaluation.plover_gsr import _code, _first, _sector, best_event, load_records

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"


def _gold_span(text: str, actor_text: str) -> tuple[int, int] | None:
    """Where the gold actor text sits in the sentence (case-insensitive, first occurrence)."""
    at = text.lower().find(actor_text.lower().strip())
    return (at, at + len(actor_text.strip())) if at >= 0 and actor_text.strip() else None


def _mention(m) -> list[object]:
    return [m.span.text, m.actor.code, m.actor.sector]


def event_figures(path: Path, errors: Path | None) -> int:
    """The eval's four actor figures on all sentences and on those with an event."""
    records = load_records(path)
    raw = {r["id"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    fields = {"source_country": ("source_code", "actors", "code"), "source_sector": ("source_sector", "actors", "sector"),
              "target_country": ("target_code", "recipients", "code"),
              "target_sector": ("target_sector", "recipients", "sector")}
    counts = {(f, scope, what): 0 for f in fields for scope in ("all", "event") for what in ("judged", "ok")}
    lines: list[str] = []
    for record, analysis in zip(records, analyse_texts(r.text for r in records), strict=True):
        event = best_event(analysis.events)
        wrong: list[str] = []
        for name, (gold_field, side, attr) in fields.items():
            gold = getattr(record, gold_field)
            if gold is None:
                continue
            mentions = getattr(event, side) if event else ()
            ours = getattr(mentions[0].actor, attr) if mentions else None
            ok = ours is not None and gold == ours.upper()
            for scope in ("all", "event") if event else ("all",):
                counts[(name, scope, "judged")] += 1
                counts[(name, scope, "ok")] += ok
            if not ok and event:
                wrong.append(f"{name}: gold {gold}, ours {ours}")
        if wrong:
            lines.append(json.dumps({
                "id": record.id, "text": record.text, "wrong": wrong,
                "gold": [(_first(raw[record.id].get(side)) or {}).get("actorText") for side in ("source", "target")],
                "type": [record.event, event.event],
                "trigger": event.evidence.trigger, "actors": [_mention(m) for m in event.actors],
                "recipients": [_mention(m) for m in event.recipients],
                "mentions": [_mention(m) for m in analysis.actors]}) + "\n")
    for name in fields:
        figures = []
        for scope in ("all", "event"):
            ok, judged = counts[(name, scope, "ok")], counts[(name, scope, "judged")]
            figures.append(f"{scope} {ok / judged:.3f} ({ok}/{judged})" if judged else f"{scope} n/a")
        print(f"{name + ':':16} " + "; ".join(figures))
    if errors:
        errors.write_text("".join(lines), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval data folder")
    parser.add_argument("--errors", type=Path, help="write the misses here, one JSON object a line")
    parser.add_argument("--side", choices=("source", "target"), default="source",
                        help="which gold actor to look for (the eval scores both)")
    parser.add_argument("--events", action="store_true",
                        help="score the best event's first actor and recipient, as the eval does")
    args = parser.parse_args(argv)

    path = args.data / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
    if args.events:
        return event_figures(path, args.errors)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{path}: cannot be read as JSON: {exc}", file=sys.stderr)
        return 2
    records = [r for r in raw if r.get("event") != "DOCUMENT" and r.get("text") and _first(r.get(args.side))]

    counts = {"records": 0, "located": 0, "found": 0, "country_judged": 0, "country_ok": 0,
              "sector_judged": 0, "sector_ok": 0}
    misses: list[dict[str, object]] = []
    for record, doc in zip(records, parse_texts(r["text"] for r in records), strict=True):
        gold = _first(record[args.side])
        counts["records"] += 1
        span = _gold_span(record["text"], gold.get("actorText") or "")
        if span is None:
            continue  # the gold actor text is not a substring (a reconstructed name): not judged
        counts["located"] += 1
        mentions = [m for m in find_actor_mentions(doc) if m.span.start < span[1] and span[0] < m.span.end]
        # the mention that covers most of the gold text is the one compared
        mention = max(mentions, key=lambda m: min(m.span.end, span[1]) - max(m.span.start, span[0]), default=None)
        code, sector = _code(gold.get("code")), _sector(gold.get("sector"))
        ours_code = mention.actor.code.upper() if mention and mention.actor.code else None
        ours_sector = mention.actor.sector if mention else None
        counts["found"] += mention is not None
        if code is not None:
            counts["country_judged"] += 1
            counts["country_ok"] += code == ours_code
        if sector is not None:
            counts["sector_judged"] += 1
            counts["sector_ok"] += sector == ours_sector
        if mention is None or (code is not None and code != ours_code) or (sector is not None and sector != ours_sector):
            misses.append({"id": record["id"], "gold_text": gold.get("actorText"), "gold": [code, sector],
                           "ours_text": mention.span.text if mention else None, "ours": [ours_code, ours_sector],
                           "ours_id": mention.actor.id if mention else None, "text": record["text"]})

    def share(right: str, judged: str) -> str:
        return f"{counts[right] / counts[judged]:.3f} ({counts[right]}/{counts[judged]})" if counts[judged] else "n/a"

    print(f"records with a {args.side} actor: {counts['records']}; gold text located: {counts['located']}")
    print(f"mention found:   {share('found', 'located')}")
    print(f"country correct: {share('country_ok', 'country_judged')}")
    print(f"sector correct:  {share('sector_ok', 'sector_judged')}")
    if args.errors:
        args.errors.write_text("".join(json.dumps(m) + "\n" for m in misses), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
