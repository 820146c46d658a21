"""Diagnostics: the cost of opening the gazetteer, beside the cost of loading spaCy and its model.

Each measure runs in a fresh interpreter: wall time and the growth of peak RSS (ru_maxrss) over a
bare interpreter with eventwire's places modules imported. The index must already be built (the
first run of any eventwire command builds it once).

Usage: python scripts/place_load_cost.py
"""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, resource, time
from eventwire.places import gazetteer, resolve
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
{body}
seconds = time.perf_counter() - t0
print(json.dumps({{"seconds": seconds, "rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}}))
"""

_BODIES = {
    "gazetteer open + 3 lookups": (
        "g = gazetteer.load_gazetteer()\n"
        "[resolve.lookup_place(n, g) for n in ('Idlib', 'Paris', 'Henry County')]"
    ),
    "spaCy + model load": "from eventwire import nlp\nnlp.load()",
}


def measure(body: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(body=body)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    results = {name: measure(body) for name, body in _BODIES.items()}
    for name, r in results.items():
        print(f"{name:28s} {r['seconds']:.3f} s  +{r['rss_mb']:.1f} MB peak RSS")
    gaz, spacy = results["gazetteer open + 3 lookups"], results["spaCy + model load"]
    print(f"ratio to spaCy: time {gaz['seconds'] / spacy['seconds']:.3f}, memory {gaz['rss_mb'] / max(spacy['rss_mb'], 0.1):.3f}")


if __name__ == "__main__":
    main()
