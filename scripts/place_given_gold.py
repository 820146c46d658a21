"""Diagnostics: resolution given the gold toponyms on GeoWebNews and LGL, without parsing.

Prints acc@161 km, mean error and the most frequent wrong or missing names, so resolution changes
can be checked in seconds (the full ``eventwire eval geowebnews lgl`` also parses every article).

Usage: python scripts/place_given_gold.py [geowebnews|lgl ...] [--dump FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from eventwire import config
from eventwire.evaluation.geoparsing import ACC_KM, error_km, load_geowebnews, load_lgl, pair_resolved
from eventwire.places import get_gazetteer, resolve_toponyms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=["geowebnews", "lgl"])
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "geoparsing"
    get_gazetteer()
    dump = []
    for name in args.sets:
        docs = load_geowebnews(root) if name == "geowebnews" else load_lgl(root / "lgl.xml")
        t0 = time.time()
        errors: list[float] = []
        wrong: Counter = Counter()
        for doc in docs:
            gold = [t for t in doc.toponyms if t.lat is not None and t.lon is not None]
            spans = [(t.start, t.end) for t in gold]
            resolved = pair_resolved(spans, resolve_toponyms(doc.text, spans)) if spans else []
            for t, m in zip(gold, resolved, strict=True):
                e = error_km(t, m)
                errors.append(e)
                if e > ACC_KM:
                    ours = (m.place.name, m.place.country_code, m.place.feature) if m and m.place else None
                    wrong[(t.name, str(ours))] += 1
                    dump.append({"set": name, "doc": doc.id, "name": t.name, "gold": [t.lat, t.lon, t.geonameid],
                                 "ours": [m.place.name, m.place.id, m.place.lat, m.place.lon] if m and m.place else None,
                                 "km": round(e), "context": doc.text[max(0, t.start - 100): t.end + 60]})
        acc = sum(e <= ACC_KM for e in errors) / len(errors)
        print(f"{name}: n={len(errors)} acc161={acc:.3f} mean_km={sum(errors)/len(errors):.0f} ({time.time()-t0:.1f}s)")
        for (n, ours), c in wrong.most_common(args.top):
            print(f"  {c:3d} {n!r} -> {ours}")
    if args.dump:
        args.dump.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in dump))


if __name__ == "__main__":
    main()
