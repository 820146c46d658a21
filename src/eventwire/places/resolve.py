"""Resolution: a toponym to a gazetteer entry, using the article's focus and its other places.

Every candidate is scored on the share of the article's country signals (country names,
demonyms, other resolved places) that its country has, its distance to the article's other places,
its population and its feature type. Loose matches (consonant skeleton, fuzzy string) are gated:
they count only in a country the article is about and near its other places, because a 91% match to
a village 600 km from everything else in the article is a coincidence, not a reading.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from eventwire.model import Place, PlaceMention, Span
from eventwire.places.gazetteer import (
    KIND_ALT,
    KIND_DEMONYM,
    KIND_DERIVED,
    KIND_MAIN,
    LANDMARK_FEATURES,
    Entry,
    Gazetteer,
    get_gazetteer,
    place_cues,
)
from eventwire.places.normalise import name_key, skeleton_key, tokens_of

KIND_EMBEDDED = 9  # a place named inside an unknown name ("Colorado" in "Colorado State University")
LARGE_AREAS = ("country", "continent", "macroregion", "sea")  # named bare, they mean the area
_AREAS = ("admin1", "region", *LARGE_AREAS)  # their point says nothing of nearness
CENTRE_KM = 100.0  # places this close count together when finding the article's centre
GATE_KM = 150.0  # a loose match must lie this close to another place of the article
FUZZY_CUTOFF = 88.0
MIN_SKELETON = 3  # consonants a skeleton needs before it may match (Hbeit: hbt)
SUPPORT_WEIGHT = 1.5  # per other name of the article that (unambiguously) lies in the same division
POPULATION_WEIGHT = 0.25  # per factor of ten in population
LOCAL_EVIDENCE = 0.2  # division support below this is the noise of other names' small namesakes
STRAY_POPULATION = 10_000  # a place smaller than this ...
STRAY_KM = 500.0  # ... and this far from each of the article's towns is a coincidence (see _stray)
COUNTRY_SIZED = 0.5  # a division with more than this share of its country's people is no local evidence
WORLD_CITY_RATIO = 1000  # a town this many times smaller than the world city it is named after ...
MID_CITY = 100_000  # a town under a tenth of a city this large with its name needs a town near it
_ADMIN_SUFFIXES = ("province", "governorate", "region", "oblast", "state", "county", "district", "parish")

# direction word -> (fraction of the area's height, of its width) from its middle
_DIRECTIONS = {
    "north": (0.25, 0.0), "south": (-0.25, 0.0), "east": (0.0, 0.25), "west": (0.0, -0.25),
    "central": (0.0, 0.0), "centre": (0.0, 0.0), "center": (0.0, 0.0),
}


def direction_offset(words: str) -> tuple[float, float]:
    """(lat, lon) fractions for "southern", "south-east", "eastern and southern", ..."""
    parts = [p for p in words.lower().replace("-", " ").split(" and ") if p.strip()]
    vectors = []
    for part in parts:
        lat = lon = 0.0
        for word in part.split():
            for stem, (dlat, dlon) in _DIRECTIONS.items():
                if word.startswith(stem):
                    lat, lon = lat + dlat, lon + dlon
        vectors.append((lat, lon))
    if not vectors:
        return 0.0, 0.0
    return sum(v[0] for v in vectors) / len(vectors), sum(v[1] for v in vectors) / len(vectors)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Toponym:
    """A toponym to resolve: where it is, the name to look up, and what the words around it say."""

    start: int
    end: int
    name: str
    cue: str | None = None
    area: str | None = None  # None, "near", "admin", "countryside", "direction"
    admin_word: str | None = None  # with area "admin": the word after the name ("province", "district")
    direction: str | None = None
    division: str | None = None  # "county" for "Clarke and Oconee counties": the name is a county's
    candidates: list[tuple[Entry, float]] = field(default_factory=list)
    best: Entry | None = None
    score: float = 0.0
    guessed: bool = False  # a name the gazetteer lacks, placed at the article's centre


@dataclass
class Focus:
    """The article's geography: shares of countries and first-level divisions."""

    countries: dict[str, float]
    admin1: dict[str, float]

    @classmethod
    def from_counts(cls, countries: Counter, admin1: Counter) -> Focus:
        total_c = sum(countries.values()) or 1
        total_a = sum(admin1.values()) or 1
        return cls({k: v / total_c for k, v in countries.items()}, {k: v / total_a for k, v in admin1.items()})


_WORD = re.compile(r"[A-Za-z][A-Za-z.'’]*")
# "X counties", "X, Y and Z counties", "X Parish": the division word after a name (or a list of names)
_LISTED = r"(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)*,?\s+(?:and|or|&)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?"
_DIVISION_AFTER = re.compile(rf"^(?:{_LISTED})?\s+(?P<w>counties|parishes)\b|^\s+(?P<one>county|parish)\b", re.I)


def division_after(text: str) -> str | None:
    """"County" or "Parish" when the words after a name say it names one ("Clarke and Oconee
    counties", "Barrow, Jackson and Madison counties", "Avoyelles Parish")."""
    m = _DIVISION_AFTER.match(text[:120])
    if not m:
        return None
    word = (m.group("w") or m.group("one")).lower()
    return "Parish" if word.startswith("parish") else "County"


def _peoples_areas(gaz: Gazetteer, name: str) -> list[Entry]:
    """The division, region or country a people's name is formed from ("Ohioans", "Ontarians",
    "Texans", "Gazans"), as demonyms."""
    if not (name.isalpha() and name.endswith("ans") and len(name) >= 6):
        return []
    stem = name[:-3]
    for guess in (stem, stem + "o", stem + "a", name[:-2] + "s"):
        areas = [replace(e, kind=KIND_DEMONYM) for e in gaz.lookup(guess) if e.place.feature in _AREAS]
        if areas:
            return areas
    return []


def _embedded_entries(gaz: Gazetteer, name: str) -> list[Entry]:
    """The place inside a name the gazetteer lacks: "Colorado State University" → Colorado,
    "Bank of England" → England, "Miami-Dade" → Miami. The longest run of
    capitalised words that is a place name wins (leftmost on a tie); facility, organisation, street
    and landform words ("University", "City", "River", "Hill") and words that are also small towns'
    names ("Republic") never count alone, so "Manchester City" is Manchester and "Squirrel Hill" is
    no village called Hill.
    For rivers, lakes and ranges the caller gates the place like a loose match (see below)."""
    cues = place_cues()
    generic = cues["facility_words"] | cues["generic_names"] | cues["natural_feature_words"] | cues["street_words"]
    words = [m.group() for m in _WORD.finditer(name)]
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            window = words[i : i + size]
            if not all(w[:1].isupper() for w in window) or all(w.lower().strip(".") in generic for w in window):
                continue
            text = " ".join(window)
            entries = gaz.lookup(text)
            if size == 1 and len(text) < 3:  # only a country's or division's abbreviation ("US Federal Reserve")
                entries = [e for e in entries if text.isupper() and e.kind == KIND_MAIN and e.place.feature in _AREAS]
            demonym = gaz.demonym(text) if size == 1 else None
            if demonym is not None:  # "European Commission" → Europe
                entries = [demonym]
            if entries:
                return entries
    return []


# "the Angolan capital", "the Iraqi capital": that country's capital city
CAPITAL_PHRASE = re.compile(r"^(?:the\s+)?([A-Z][A-Za-z]+)\s+capital$")


def capital_of_phrase(gaz: Gazetteer, name: str) -> Entry | None:
    """The capital a "the <demonym> capital" phrase names, or None."""
    m = CAPITAL_PHRASE.match(name.strip())
    country = gaz.demonym(m.group(1)) if m else None
    if country is None or country.place.feature != "country":
        return None
    return gaz.capital(country.place.country_code)


def _variant_of_area(name: str, entry: Entry) -> bool:
    """Whether ``name`` matched a country, continent or sea's own name only by its key (letters
    doubled or not: "Mallawi" for Malawi), not as written."""
    if entry.kind != KIND_MAIN or entry.place.feature not in LARGE_AREAS:
        return False
    def written(text: str) -> list[str]:
        words = tokens_of(text)
        return words[1:] if words[:1] == ["the"] else words

    return written(name) != written(entry.place.name) and name_key(name) == name_key(entry.place.name)


def _exact_candidates(gaz: Gazetteer, name: str, division: str | None = None) -> list[tuple[Entry, float]]:
    capital = capital_of_phrase(gaz, name)
    if capital is not None:
        return [(capital, 0.0)]
    if division:  # "Clarke and Oconee counties": the counties, not the towns or people
        entries = [e for e in gaz.lookup(f"{name} {division}") if e.place.feature == "admin2"]
        if entries:
            return [(e, 0.0) for e in entries]
    entries = gaz.lookup(name)
    if not entries:
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _ADMIN_SUFFIXES:
            entries = [e for e in gaz.lookup(" ".join(words[:-1]))]
    demonym = gaz.demonym(name)
    demonyms = [demonym] if demonym is not None else [] if entries else _peoples_areas(gaz, name)
    embedded = not entries and not demonyms
    cues = place_cues()
    natural = any(w.strip(".") in cues["natural_feature_words"] | cues["street_words"] for w in name.lower().split())
    if embedded:
        entries = [replace(e, kind=KIND_EMBEDDED) for e in _embedded_entries(gaz, name)]
    entries = [*demonyms, *entries]  # "Canadian" is Canada before it is Canadian, Texas
    # a country's or sea's name is spelled one way in English: "Mallawi" (Egypt) shares Malawi's
    # key but is only a spelling variant of it, weighed as an alternate name
    entries = [replace(e, kind=KIND_ALT) if _variant_of_area(name, e) else e for e in entries]
    best: dict[int, tuple[Entry, float]] = {}
    # an alternate name weighs less when another place has it as its main name ("Gaza")
    main = any(e.kind == KIND_MAIN and e.place.feature != "admin1" for e in entries)
    cities_a1 = {
        e.a1code for e in entries if e.place.feature in ("city", "capital", "village") and e.kind == KIND_MAIN
    }
    # a country's (or sea's) own name: a town named after it (China, Maine) is the rare reading;
    # a first-level division is not (Georgia the state in an American article)
    area = any(e.kind == KIND_MAIN and e.place.feature in LARGE_AREAS for e in entries)
    # a first-level division's own name: a small town named after it (California, Maryland;
    # Wales, South Yorkshire) is the rare reading, as a division's support is its own towns'
    division = max(
        (e.place.population for e in entries if e.kind == KIND_MAIN and e.place.feature == "admin1"
         and e.a1code not in cities_a1), default=0,
    )
    for entry in entries:
        penalty = {KIND_MAIN: 0.0, KIND_ALT: 1.5 if main else 0.1, KIND_DERIVED: 0.2}.get(entry.kind, 0.0)
        if area and entry.place.feature in ("city", "village", "capital", "admin2"):
            penalty += 3.0
        if entry.place.feature in ("city", "village") and entry.place.population * 100 < division:
            penalty += 1.0
        if entry.place.feature == "admin1" and entry.a1code in cities_a1:
            penalty += 1.0  # "Idlib", "Moscow": the city, unless the words say province
        if embedded:  # read from part of the name; a river, lake or street named after a town,
            # or a village inside a longer name, counts only near the article's other places
            # ("Neches River", not "Red River"; not Dublin for "Dublin Road"; not "Hatch" for "Brands Hatch")
            penalty += 1.0 if natural or entry.place.feature == "village" else 0.5
        if entry.rowid not in best or penalty < best[entry.rowid][1]:
            best[entry.rowid] = (entry, penalty)
    return list(best.values())


# ", Ala.", ", Colombia", ", West Virginia": the words after a comma that may qualify a name;
# "in central Minnesota", "in Texas": the same after "in" with an optional part of the area
_QUALIFIER = re.compile(
    r"^(?:,|\s+in(?:\s+(?:north|south|east|west|central|(?:north|south)(?:east|west))(?:ern)?)?)"
    r"\s+([A-Z][A-Za-z'’-]*\.?(?:\s+[A-Z][A-Za-z'’-]*\.?){0,2})"
)


def _qualified(gaz: Gazetteer, t: Toponym, after: str) -> list[tuple[Entry, float]]:
    """The candidates inside the division or country named right after the name ("Bogota,
    Colombia", "Orient, Ohio", "New Haven, Conn.", "Belgrade in central Minnesota"), or all of
    them when no qualifier holds one.
    A division or country followed by one of the same country is a list ("Missouri, New York and
    Virginia"), not a qualified name."""
    m = _QUALIFIER.match(after)
    if not m:
        return t.candidates
    words = m.group(1).split()
    for size in range(len(words), 0, -1):
        areas = [e for e in gaz.lookup(" ".join(words[:size])) if e.kind == KIND_MAIN and e.place.feature in ("admin1", "country")]
        if areas:
            break
    else:
        return t.candidates
    peers = {e.place.country_code for e, _ in t.candidates if e.kind == KIND_MAIN and e.place.feature in ("admin1", "country")}

    def inside(e: Entry, area: Entry) -> bool:
        if area.place.country_code in peers or e.place.feature in _AREAS:
            return False
        return e.place.country_code == area.place.country_code if area.place.feature == "country" else _inside(e, area)

    held = [(e, p) for e, p in t.candidates if any(inside(e, a) for a in areas)]
    return held or t.candidates


def _loose_candidates(gaz: Gazetteer, name: str, focus: Focus, known: set[int]) -> list[tuple[Entry, float]]:
    out: dict[int, tuple[Entry, float]] = {}
    top = [cc for cc, share in focus.countries.items() if share >= 0.15]
    # a skeleton of one or two consonants ("Maui": m) is shared by too many names to mean anything
    skeleton = gaz.lookup_skeleton(name) if len(skeleton_key(name)) >= MIN_SKELETON else []
    for entry in skeleton:
        if entry.rowid not in known and entry.place.country_code in top:
            out.setdefault(entry.rowid, (entry, 1.0))
    key = name_key(name)
    if not out and len(key) >= 5:
        for cc in top[:3]:
            choices = gaz.keys_in_country(cc)
            hits = process.extract(
                key, [k for k, _ in choices], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
            )
            for _, score, index in hits:
                rowid = choices[index][1]
                if rowid not in known and rowid not in out:
                    out[rowid] = (gaz.entry(rowid), 1.0 + (100 - score) / 20)
    return list(out.values())


def _score(
    entry: Entry, penalty: float, focus: Focus, anchors: list[Entry], support: float = 0.0
) -> float:
    place = entry.place
    score = -penalty
    score += 2.5 * focus.countries.get(place.country_code or "", 0.0)
    if entry.a1code:
        score += 1.0 * focus.admin1.get(entry.a1code, 0.0)
    # a division's population is the sum of its towns': a tenth of it compares with a town's
    population = place.population / 10 if place.feature in ("admin1", "admin2") else place.population
    score += POPULATION_WEIGHT * math.log10(population + 1)
    score += SUPPORT_WEIGHT * support
    if place.feature in LARGE_AREAS:  # a country's own name means the country, not China, Maine
        score += 6.0 if entry.kind != KIND_ALT else 1.5
    elif place.feature == "capital":
        score += 1.5 if entry.kind != KIND_ALT else 0.0
    elif place.feature == "admin1":
        score += 0.6 if entry.kind == KIND_MAIN else -0.4
    elif place.feature == "region":  # curated: "Darfur", "Gaza" (the Strip), "Donbas"
        score += 1.5
    elif place.feature in LANDMARK_FEATURES:  # curated: "White House", "Heathrow", "Cauvery" before
        score += 2.0  # the towns named after them, unless the article is about such a town's area
    elif place.feature == "camp":
        score += 0.5
    if anchors:
        nearest = min(haversine_km(place.lat, place.lon, a.place.lat, a.place.lon) for a in anchors)
        score += 2.0 * math.exp(-nearest / 200.0)
    return score


def _near_anchor(entry: Entry, anchors: list[Entry]) -> bool:
    return any(haversine_km(entry.place.lat, entry.place.lon, a.place.lat, a.place.lon) <= GATE_KM for a in anchors)


def _country_sized(gaz: Gazetteer, a1code: str) -> bool:
    """Whether a first-level division holds most of its country's people (England): naming it, or
    places in it, says no more than naming the country."""
    division = gaz.admin1(a1code)
    country = gaz.country(a1code.split(".")[0])
    if division is None or country is None or not country.place.population:
        return False
    return division.place.population > COUNTRY_SIZED * country.place.population


def _division_support(toponyms: list[Toponym], gaz: Gazetteer) -> dict[str, dict[str, float]]:
    """For each name of the article: first-level division -> how strongly its candidates point there.

    A name gives each division its candidates' share of the name's population: "Henry County"
    (in 10 states, no populations) says little alone, but beside "Paris" the one state that has
    both stands out, as the article's other places share one state far more often than chance.
    A division that holds most of its country (England) gets no share: that a British story names
    places in England is no evidence for Washington, Tyne and Wear, against Washington, D.C.
    """
    per_name: dict[str, dict[str, float]] = {}
    sized: dict[str, bool] = {}
    generic = _generic_keys()
    for t in toponyms:
        key = name_key(t.name)
        if key in per_name:
            continue
        if key in generic:  # "Western" names a town only near the article's other places: no vote
            per_name[key] = {}
            continue
        exact = [e for e, penalty in t.candidates if penalty < 1.0]
        counties = {e.a2code for e in exact if e.a2code}
        # each division weighs its share of the name's population (smoothed): "Atlanta" points to
        # Georgia far more than to Texas; names without populations (counties) spread evenly
        total = sum(e.place.population + 5000 for e in exact if e.a1code) or 1
        weights: dict[str, float] = {}
        for e in exact:
            if e.a1code and not sized.setdefault(e.a1code, _country_sized(gaz, e.a1code)):
                weights[e.a1code] = weights.get(e.a1code, 0.0) + (e.place.population + 5000) / total
        # two names meeting in one second-level division are rarely a coincidence: a softer discount
        weights.update({a2: 1.0 / math.sqrt(len(counties)) for a2 in counties})
        # a country likewise weighs its share of the name's population: "Gothenburg" points to
        # Sweden, not evenly to Sweden and to the hamlet in Nebraska
        ctotal = sum(e.place.population + 5000 for e in exact if e.place.country_code) or 1
        for e in exact:
            if e.place.country_code:
                cc = f"cc:{e.place.country_code}"
                weights[cc] = weights.get(cc, 0.0) + (e.place.population + 5000) / ctotal
        per_name[key] = weights
    return per_name


@dataclass
class _Support:
    """What the article's other names say of one candidate (see :func:`_division_support`)."""

    division: float  # its first-level division (capped at 2)
    county: float  # its second-level division ("Paris" beside "Henry County", capped at 1)
    national: float  # half its country's support (capped at 3)

    @property
    def local(self) -> float:
        return self.division + self.county


def _support(entry: Entry, key: str, per_name: dict[str, dict[str, float]] | None) -> _Support:
    if not per_name:
        return _Support(0.0, 0.0, 0.0)
    others = [w for other, w in per_name.items() if other != key]
    division = sum(w.get(entry.a1code, 0.0) for w in others) if entry.a1code else 0.0
    county = sum(w.get(entry.a2code, 0.0) for w in others) if entry.a2code else 0.0
    country = sum(w.get(f"cc:{entry.place.country_code}", 0.0) for w in others)
    return _Support(min(division, 2.0), min(county, 1.0), 0.5 * min(country, 3.0))


def _world_city(candidates: list[tuple[Entry, float]], floor: int = 1_000_000) -> Entry | None:
    """The capital or city of a million that a name means by default ("London", "Rome", "Toronto");
    with a lower ``floor``, the largest city of the name above it ("Louisville", "Portland")."""
    cities = [
        e for e, penalty in candidates
        if penalty < 1.0 and e.place.feature not in ("admin1", *LARGE_AREAS)
        and (e.place.feature == "capital" and e.place.population >= 100_000 or e.place.population >= floor)
    ]
    return max(cities, key=lambda e: e.place.population) if cities else None


@lru_cache(maxsize=1)
def _generic_keys() -> frozenset[str]:
    return frozenset(name_key(w) for w in place_cues()["generic_names"])


def _near_town(entry: Entry, anchors: list[Entry], support: _Support) -> bool:
    """Evidence that a small place is the one meant: a town (not a division's or country's middle
    point) of the article within ``GATE_KM``, or the article naming its county."""
    return support.county > 0 or _near_anchor(entry, [a for a in anchors if a.place.feature not in _AREAS])


def _stray(town: Entry, anchors: list[Entry], support: _Support) -> bool:
    """A hamlet far from every other place of an article that names several, in no division the
    article names: a namesake by coincidence ("Glenrock", Wyoming, in a story from New South Wales;
    a "Washington Square" in Philadelphia in one about New Orleans), not the place meant."""
    # the article's places smaller than a first-level division, each counted once
    towns = list({a.rowid: a for a in anchors if a.place.feature not in ("admin1", *LARGE_AREAS)}.values())
    if town.place.population >= STRAY_POPULATION or len(towns) < 2 or support.local >= LOCAL_EVIDENCE:
        return False
    return all(haversine_km(town.place.lat, town.place.lon, a.place.lat, a.place.lon) > STRAY_KM for a in towns)


def _pick(t: Toponym, focus: Focus, anchors: list[Entry], per_name: dict[str, dict[str, float]] | None = None) -> None:
    scored = []
    key = name_key(t.name)
    world = _world_city(t.candidates)
    big = _world_city(t.candidates, MID_CITY)
    division = max(
        (e.place.population for e, p in t.candidates if p < 1.0 and e.kind == KIND_MAIN and e.place.feature == "admin1"),
        default=0,
    )
    # a word that is also a town's name ("Republic", "Congress", "West") or a country's demonym
    # ("Canadian"): the town only near the article's other places
    generic = key in _generic_keys()
    demonym = any(e.kind == KIND_DEMONYM for e, _ in t.candidates)
    for entry, penalty in t.candidates:
        if penalty >= 1.0 and anchors and not _near_anchor(entry, anchors):
            continue  # gated: a loose match far from everything else in the article
        support = _support(entry, key, per_name)
        town = entry.place.feature in ("city", "village")
        if generic and town and not _near_town(entry, anchors, support):
            continue
        if town and _stray(entry, anchors, support):
            continue
        score = _score(entry, penalty, focus, anchors, support.local + support.national)
        if town:
            score -= _namesake_discount(entry, support, focus, anchors, world, big, division, demonym)
        scored.append((score, entry))
    if not scored:
        t.best, t.score = None, 0.0
        return
    scored.sort(key=lambda s: -s[0])
    t.score, t.best = scored[0]


def _namesake_discount(
    town: Entry, support: _Support, focus: Focus, anchors: list[Entry], world: Entry | None, big: Entry | None,
    division: int, demonym: bool,
) -> float:
    """What a small town loses when its name is first a larger place's: the article's being about
    its country (and, beside a division, its state) is then no evidence for it."""
    national = 2.5 * focus.countries.get(town.place.country_code or "", 0.0) + SUPPORT_WEIGHT * support.national
    population = town.place.population
    if population * 100 < division and support.county == 0:
        # named like a first-level division ("Florida", New York; "Wales", South Yorkshire; "Idaho"
        # Springs): the division, unless the article names the town's county; the state's other
        # names are the division's neighbours in a list ("England and Wales"), not the town's
        return national + SUPPORT_WEIGHT * support.division
    if world is not None and population * 10 < world.place.population:
        # a small namesake of a world city needs local evidence (its state, places near it):
        # that the article is about its country ("London" in an American story) is not enough
        if population * WORLD_CITY_RATIO < world.place.population:
            # a thousandth of it (London, California beside "Los Angeles"): its state is not
            # enough either, only a town of the article near it or its county
            return 0.0 if _near_town(town, anchors, support) else national + SUPPORT_WEIGHT * support.division
        return national if support.local < LOCAL_EVIDENCE and not (anchors and _near_anchor(town, anchors)) else 0.0
    if demonym or big is not None and population * 10 < big.place.population:
        # of a large city ("Louisville", "Portland") or of a country's demonym ("Canadian"), the
        # town's own state is not enough either (a team, or a city of the state named elsewhere)
        return 0.0 if _near_town(town, anchors, support) else national
    return 0.0


def _inside(e: Entry, area: Entry) -> bool:
    """Whether ``e`` lies in the first-level division ``area``: by its code, or for a curated place
    without one by its division's name ("French Quarter": Louisiana)."""
    if e.a1code:
        return e.a1code == area.a1code
    return e.place.admin1 == area.place.name and e.place.country_code == area.place.country_code


def _centre(toponyms: list[Toponym]) -> Entry | None:
    """The article's centre: the resolved place that most of the article's mentions agree with:
    those within ``CENTRE_KM`` of it or of the first-level division holding it, and at half weight
    those of its country ("Egypt" five times against "Liverpool" six); then the most distinct names
    (the "French Quarter" and "Louisiana" before "Washington Square" twice), the finer and the
    larger place. A place read from part of a longer name ("Liverpool Academy") or from an adjective
    ("English") does not vote, and a country, sea or continent is the centre only when nothing
    smaller was named."""
    picks = [(name_key(t.name), t.best) for t in toponyms if t.best is not None and not t.guessed]
    voters = [(key, e) for key, e in picks if e.kind not in (KIND_EMBEDDED, KIND_DEMONYM)]
    small = [e for _, e in picks if e.place.feature not in LARGE_AREAS]

    def vote(e: Entry, o: Entry) -> float:
        if o.place.feature == "country":
            return 0.5 if o.place.country_code == e.place.country_code else 0.0
        if o.place.feature == "admin1" and _inside(e, o):
            return 1.0
        near = haversine_km(e.place.lat, e.place.lon, o.place.lat, o.place.lon) <= CENTRE_KM
        return 1.0 if near and o.place.feature not in LARGE_AREAS else 0.0

    def weight(e: Entry) -> tuple:
        votes = [(key, vote(e, o)) for key, o in voters]
        distinct = {key: v for key, v in votes if v}
        return sum(v for _, v in votes), sum(distinct.values()), e.place.resolution, e.place.population

    if small:
        return max(small, key=weight)
    counts = Counter(e.rowid for _, e in picks)
    return max((e for _, e in picks), key=lambda e: counts[e.rowid]) if picks else None


def resolve(
    toponyms: list[Toponym], gaz: Gazetteer, signals: Counter | None = None, guess: bool = False,
    text: str | None = None,
) -> None:
    """Fill ``best`` on each toponym, in two passes (focus first, then focus and distances).

    With ``guess``, a toponym the gazetteer lacks ("Barclays Center", "Toomevara") is placed at
    the article's centre (see :func:`_centre`): a caller that knows the span is a place is better
    served by the article's own area than by nothing, as unknown names in news are mostly small
    places, buildings and neighbourhoods near the places the article is about. With ``text`` (the
    article the offsets point into), a name qualified by a division or country after a comma
    ("Orient, Ohio") is read inside it."""
    countries: Counter = Counter(signals or {})
    admin1: Counter = Counter()
    for t in toponyms:
        t.candidates = _exact_candidates(gaz, t.name, t.division)
        if text is not None:
            t.candidates = _qualified(gaz, t, text[t.end : t.end + 40])
        # a division's name votes for it unless the name also names a country or a capital
        # ("Georgia", "Washington"), which the first pass has yet to tell apart
        bigger = any(e.place.feature in (*LARGE_AREAS, "capital") for e, _ in t.candidates)
        for entry, _ in t.candidates:
            if entry.place.feature == "country" and len(t.candidates) == 1:
                countries[entry.place.country_code] += 2
            if entry.place.feature == "admin1" and entry.kind == KIND_MAIN and not bigger:
                admin1[entry.a1code] += 1
    focus = Focus.from_counts(countries, admin1)
    per_name = _division_support(toponyms, gaz)
    for t in toponyms:
        _pick(t, focus, [], per_name)
    # pass 2: the article's focus as first read, and its other places as anchors
    second_c = Counter(countries)
    second_a = Counter(admin1)
    voted: set[str] = set()
    for t in toponyms:
        # each name votes once: "Lancaster" four times must not outvote "York" by repetition
        if name_key(t.name) in voted:
            continue
        # a pick by a bare alternate name outside the first focus does not vote for its country
        # (else "Al Hadr" -> Hatra, Iraq would make Iraq part of the focus that should correct it)
        if not _firm(t) or t.best.place.feature in LARGE_AREAS:
            continue
        if t.best.kind == KIND_ALT and focus.countries.get(t.best.place.country_code or "", 0) < 0.15:
            continue
        voted.add(name_key(t.name))
        second_c[t.best.place.country_code] += 1
        if t.best.a1code:
            second_a[t.best.a1code] += 0.5
    focus = Focus.from_counts(second_c, second_a)
    # a first pick that pass 2 would gate (read from inside a river's or cape's name, a weak
    # alternate name) is no anchor: "Cape Peron" and "Point Peron" must not vouch for each other
    firsts = [(t, t.best if _firm(t) else None) for t in toponyms]
    for t in toponyms:
        known = {e.rowid for e, _ in t.candidates}
        top = {cc for cc, share in focus.countries.items() if share >= 0.15}
        # a spelling variant is for names the gazetteer lacks: not for a demonym ("German" is not Gorman)
        if not any(
            e.kind in (KIND_MAIN, KIND_DEMONYM) or e.place.country_code in top
            for e, _ in t.candidates if e.kind != KIND_EMBEDDED
        ):
            loose = _loose_candidates(gaz, t.name, focus, known)
            if loose:  # a spelling variant of the whole name before a place named inside it
                t.candidates = [c for c in t.candidates if c[0].kind != KIND_EMBEDDED] + loose
        anchors = [
            b
            for other, b in firsts
            if b is not None and other is not t and b.place.feature not in LARGE_AREAS
            and name_key(other.name) != name_key(t.name)
        ]
        _pick(t, focus, anchors, per_name)
    if text is not None:
        _divisions_in_lists(toponyms, text)
    if guess and any(t.best is None for t in toponyms):
        centre = _centre(toponyms)
        for t in toponyms:
            if t.best is None and centre is not None:
                t.best, t.guessed = centre, True


_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:and|or|&))\s*$")
_FEDERAL_DISTRICT = re.compile(r"^,?\s*D\.?C\b")


def _divisions_in_lists(toponyms: list[Toponym], text: str) -> None:
    """A name listed beside first-level divisions of one country is that country's division too:
    "California, Washington, Utah and Idaho" lists states, so Washington is the state, not the
    capital (nor "New York" the city)."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    changed = True
    while changed:
        changed = False
        for a, b in zip(ordered, ordered[1:]):
            if not _LIST_GAP.match(text[a.end : b.start]):
                continue
            for t, other in ((a, b), (b, a)):
                if t.best is None or t.best.place.feature == "admin1" or other.best is None:
                    continue
                if _FEDERAL_DISTRICT.match(text[t.end : t.end + 8]):  # "Texas and Washington, D.C."
                    continue
                if other.best.place.feature != "admin1":
                    continue
                division = next(
                    (e for e, p in t.candidates if p < 1.0 and e.kind == KIND_MAIN and e.place.feature == "admin1"
                     and e.place.country_code == other.best.place.country_code),
                    None,
                )
                if division is not None:
                    t.best, changed = division, True


def _firm(t: Toponym) -> bool:
    return any(e.rowid == t.best.rowid and penalty < 1.0 for e, penalty in t.candidates) if t.best else False


def _area_entry(gaz: Gazetteer, entry: Entry) -> Entry:
    """The area a "countryside of X" or "southern X" phrase divides: X's province when X is a
    city whose province bears its name (Syrian usage: "Idlib countryside"), else X itself."""
    if entry.place.feature in ("city", "capital", "village", "town") and entry.a1code:
        province = gaz.admin1(entry.a1code)
        if province is not None and name_key(province.place.name) == name_key(entry.place.name):
            return province
    return entry


def to_mention(text: str, t: Toponym, gaz: Gazetteer) -> PlaceMention:
    """The PlaceMention of a resolved toponym, with precision and, for region phrases, the area."""
    span = Span.of(text, t.start, t.end)
    entry = t.best
    if entry is None:
        return PlaceMention(span=span, place=None, precision=1, cue=t.cue, score=0.0)
    place = entry.place
    areas = {f: 3 for f in ("admin1", "region", "river", "lake", "mountains")}
    precision = {**areas, "admin2": 2, "district": 2, **{f: 4 for f in LARGE_AREAS}}.get(place.feature, 1)
    if t.guessed:  # somewhere in the article's area, not the place itself (the id stays the centre's)
        place = replace(place, name=span.text)
        return PlaceMention(span=span, place=place, precision=max(precision, 3), cue="guess", score=0.0)
    if t.area == "near":
        precision = max(precision, 2)
    elif t.area == "admin":
        if place.feature not in ("admin1", "region", "admin2", *LARGE_AREAS) and entry.a1code:
            province = gaz.admin1(entry.a1code)
            if province is not None:
                place = province.place
        # ACLED's geo-precision: a district or county is 2, a province or state 3, as the text says
        district = place.feature == "admin2" and t.admin_word in ("district", "county", "parish")
        precision = 4 if place.feature == "country" else 2 if district else 3
    elif t.area in ("countryside", "direction"):
        area = _area_entry(gaz, entry) if t.area == "countryside" or t.direction else entry
        if t.area == "countryside" and not t.direction:
            if area.place.feature != "admin1":  # a town's countryside: its surroundings
                place = replace(place, id=place.id + "#countryside", name=span.text, feature="region", resolution=3)
                precision = 2
            else:
                place = replace(area.place, id=area.place.id + "#countryside", name=span.text, feature="region")
                precision = 3
        else:
            dlat, dlon = direction_offset(t.direction or "")
            if area.bbox is not None:
                lat_min, lat_max, lon_min, lon_max = area.bbox
            else:  # a town's surroundings: about 25 km either way
                lat_min, lat_max = area.place.lat - 0.25, area.place.lat + 0.25
                lon_min, lon_max = area.place.lon - 0.3, area.place.lon + 0.3
            mid_lat = area.place.lat if area.bbox is None else (lat_min + lat_max) / 2
            mid_lon = area.place.lon if area.bbox is None else (lon_min + lon_max) / 2
            resolution = 2 if area.place.feature == "country" else 3
            place = Place(
                id=f"{area.place.id}#{(t.direction or 'area').lower().replace(' ', '-')}",
                name=span.text,
                lat=round(mid_lat + dlat * (lat_max - lat_min), 4),
                lon=round(mid_lon + dlon * (lon_max - lon_min), 4),
                country_code=area.place.country_code,
                admin1=area.place.admin1,
                feature="region",
                resolution=resolution,
                source=area.place.source,
            )
            precision = 3
    return PlaceMention(span=span, place=place, precision=precision, cue=t.cue, score=round(t.score, 3))


def demonym_signals(words: Iterable[str], gaz: Gazetteer) -> Counter:
    """Country counts from the demonyms and adjectives among ``words`` ("Syrian", "Bahamian"):
    the article's focus owes to them as much as to its place names."""
    counts: Counter = Counter()
    for word in words:
        if word[:1].isupper() and len(word) > 3:
            entry = gaz.demonym(word)
            if entry is not None and entry.place.country_code:
                counts[entry.place.country_code] += 1
    return counts


def resolve_toponyms(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Resolve given toponym spans (gold spans in the geoparsing evaluation) to places.

    The spans are places by the caller's word, so a name the gazetteer lacks is placed at the
    article's centre (cue ``"guess"``, precision 3 or coarser) rather than left out.

    Args:
        text: the article text the offsets point into.
        spans: (start, end) character offsets of each toponym.
        gazetteer: an opened gazetteer (the process-wide one by default).

    Example:
        >>> text = "Shelling hit Idlib and Aleppo."
        >>> [m.place.country_code for m in resolve_toponyms(text, [(13, 18), (23, 29)])]
        ['SY', 'SY']
    """
    gaz = gazetteer or get_gazetteer()
    toponyms = [
        Toponym(start, end, text[start:end], division=division_after(text[end:])) for start, end in spans
    ]
    signals = demonym_signals(re.findall(r"[^\W\d_]+", text), gaz)
    resolve(toponyms, gaz, signals, guess=True, text=text)
    return [to_mention(text, t, gaz) for t in toponyms]


def lookup_place(name: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The most likely place a bare name means (for ``--near Idlib``), or None.

    Example:
        >>> lookup_place("Idlib").country_code
        'SY'
    """
    gaz = gazetteer or get_gazetteer()
    candidates = _exact_candidates(gaz, name)
    if not candidates:
        return None
    scored = [(_score(e, p, Focus({}, {}), []), e) for e, p in candidates]
    return max(scored, key=lambda s: s[0])[1].place


__all__ = [
    "Toponym",
    "capital_of_phrase",
    "demonym_signals",
    "direction_offset",
    "haversine_km",
    "lookup_place",
    "resolve",
    "resolve_toponyms",
    "to_mention",
]
