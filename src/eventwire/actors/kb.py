"""The actor knowledge base: normalised phrase keys and the YAML data files that feed them."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml
from anyascii import anyascii

from eventwire import config
from eventwire.config import ACTORS_ENV, DATA_DIR, actor_files
from eventwire.errors import DataError
from eventwire.model import Actor

ENV_VAR = ACTORS_ENV
ACTORS_DIR = DATA_DIR / "actors"
PACKAGED_FILES = ("countries.yaml", "sectors.yaml", "named.yaml", "offices.yaml")

# --- normalisation ------------------------------------------------------------------------------

_APOSTROPHES = "'’`ʼʻ‘´"
_WORD_RE = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")
_POSSESSIVE_RE = re.compile(rf"^(.+)[{_APOSTROPHES}]s$", re.IGNORECASE)
_DOUBLED_RE = re.compile(r"(.)\1+")
POSSESSIVE = "'s"


def normalise_word(word: str) -> str:
    """One word as the dictionary compares it: "Haya’at" -> "hayat", "Erdoğan" -> "erdogan"."""
    text = anyascii(word).lower()
    text = re.sub(r"[^a-z0-9]", "", text)
    text = _DOUBLED_RE.sub(r"\1", text)
    return text.replace("ou", "u")


@dataclass(frozen=True, slots=True)
class _Token:
    norm: str
    start: int
    end: int
    raw: str


# The Arabic article "al-" assimilates to a following "sun letter" and is then transliterated as
# "ad-", "an-", "ar-", "as-", "ash-", "at-", "ath-", "adh-", "az-" ("Jabhat Fath ash-Sham", "ad-Dawla").
# Read as "al" only when hyphenated to a word starting with that same consonant, so the English
# words "as", "at", "an" never change ("as Syria" stays "as").
_SUN_ARTICLE_RE = re.compile(r"^(?:a|e|u)(dh|th|sh|d|n|r|s|t|z)$", re.IGNORECASE)


def _sun_article(raw: str, text: str, end: int) -> bool:
    article = _SUN_ARTICLE_RE.match(raw)
    if article is None or text[end : end + 1] not in "-‐‑":
        return False
    return text[end + 1 : end + 1 + len(article.group(1))].lower() == article.group(1).lower()


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _WORD_RE.finditer(text):
        raw, start = match.group(), match.start()
        if _sun_article(raw, text, match.end()):
            tokens.append(_Token("al", start, match.end(), raw))
            continue
        possessive = _POSSESSIVE_RE.match(raw)
        if possessive and len(possessive.group(1)) > 2:
            base = possessive.group(1)
            tokens.append(_Token(normalise_word(base), start, start + len(base), base))
            tokens.append(_Token(POSSESSIVE, start + len(base), match.end(), raw[len(base):]))
            continue
        norm = normalise_word(raw)
        if norm:
            tokens.append(_Token(norm, start, match.end(), raw))
    return tokens


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in _tokenise(phrase))


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def _mixed_case_acronym(alias: str) -> str:
    """The alias itself when it is a short acronym written in mixed case ("FAMa", "JeM"), else ""."""
    letters = alias.replace(".", "")
    capitals = sum(c.isupper() for c in letters)
    return alias if letters.isalpha() and len(letters) <= 6 and capitals >= 2 and not letters.isupper() else ""


def _slug(text: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", anyascii(text).lower()) if w]
    if words and words[0] == "the":
        words = words[1:]
    return "-".join(words) or "actor"


ARTICLES = frozenset({"al", "el", "ul"})
_VOWELS_RE = re.compile(r"[aeiouy]")
# How alike each word must be for a spelling the dictionary lacks ("Hay'et" for "Hayat"): the ratio of
# difflib.SequenceMatcher; "Mohammed" / "Muhamad" (0.71) meet, "Hassan" / "Hussein" (0.62) stay apart.
SPELLING_SIMILARITY = 0.7


def skeleton(word: str) -> str:
    """A normalised word without its vowels after the first letter: transliterations of one Arabic,
    Persian or Russian name mostly differ in vowels ("hayat" / "hayet" -> "ht", "mohamed" /
    "muhamad" -> "mhmd")."""
    return word[:1] + _VOWELS_RE.sub("", word[1:])


def _variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Spellings with and without the Arabic article ("Bashar al-Assad" / "Bashar Assad")."""
    out = {key}
    if len(key) > 1 and key[0] == "the":
        out.add(key[1:])
    stripped = tuple(w for w in key if w not in ("al", "el", "ul"))
    if stripped != key and (len(stripped) >= 2 or (len(stripped) == 1 and len(stripped[0]) >= 5)):
        out.add(stripped)
    return out


# --- knowledge base records -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    nouns: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    wikidata: str | None
    source: str
    regional: tuple[str, ...] = ()  # adjectives of a people or region inside it ("Chechen"): no offices
    regions: tuple[str, ...] = ()  # regions inside it ("Darfur"): compounds only, never an actor alone


@dataclass(frozen=True, slots=True)
class SectorWord:
    phrase: str
    sector: str | None
    bare: bool
    title: bool
    person: bool
    anaphor: str | None
    source: str
    with_country: str | None = None  # the sector of a null-sector title after a country word
    after_name: bool = False  # a proper name before it makes an organisation ("the Umma party")

    def sector_after_country(self) -> str | None:
        return self.sector or self.with_country


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date | None
    end: dt.date | None
    sector: str | None = None
    code: str | None = None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class NamedActor:
    id: str
    name: str
    aliases: tuple[str, ...]
    code: str | None
    sector: str | None
    kind: str | None
    wikidata: str | None
    periods: tuple[Period, ...]
    canonical_for: tuple[Period, ...]  # Period.sector = the sector this actor stands for
    source: str

    def actor(self, day: dt.date) -> Actor:
        code, sector = self.code, self.sector
        for period in self.periods:
            if period.holds(day):
                code = period.code or code
                sector = period.sector or sector
                break
        return Actor(self.id, self.name, code, sector, self.wikidata, self.kind, True)


@dataclass(frozen=True, slots=True)
class Holder:
    actor: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Office:
    key: str
    country: str
    sector: str | None
    phrases: tuple[str, ...]
    holders: tuple[Holder, ...]
    source: str

    def holder(self, day: dt.date) -> str | None:
        for holder in self.holders:
            if (holder.start is None or holder.start <= day) and (holder.end is None or day < holder.end):
                return holder.actor
        return None


@dataclass(frozen=True, slots=True)
class _Hit:
    """What a dictionary key stands for. ``kind``: named, country, sector, office, modifier."""

    kind: str
    ref: str  # actor id, ISO3, sector phrase key, office key
    form: str = ""  # for countries: name, adj, noun, capital, seat
    acronym: bool = False
    cased: str = ""  # a mixed-case acronym ("FAMa", "JeM") matches only as written: not "Fama", "Jem"


# --- loading -----------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise DataError(str(path), "no such actor file (named in EVENTWIRE_ACTORS or --actors?)")
    try:
        with path.open(encoding="utf-8") as handle:
            data = config.yaml_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(str(path), f"cannot be read as YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataError(str(path), "the top level must be a mapping (countries:, words:, named:, offices:)")
    return data


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataError(where, f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _strings(entry: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(where, f"{name!r} must be a list of non-empty strings")
    return tuple(value)


def _require(entry: Any, fields: Iterable[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise DataError(where, "an entry must be a mapping")
    for name in fields:
        if not entry.get(name):
            raise DataError(where, f"missing {name!r}")


class ActorKB:
    """The actor knowledge base: countries, sector words, named actors and offices, with one index
    of normalised phrases. Build it with :meth:`load`; :func:`get_kb` keeps one per process."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.sector_codes: set[str] = set()
        self.words: dict[tuple[str, ...], SectorWord] = {}
        self.modifiers: set[str] = set()
        self.place_prefixes: set[str] = set()
        self.named: dict[str, NamedActor] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.offices: dict[str, Office] = {}
        self.index: dict[tuple[str, ...], list[_Hit]] = {}
        self.max_len = 1
        self.files: list[str] = []
        # vowel-free keys of multi-word named aliases -> (actor id, the alias words), for spellings
        # the aliases lack; None where two actors share a skeleton (then no guess is made)
        self.skeletons: dict[tuple[str, ...], tuple[str, tuple[str, ...]] | None] = {}

    @classmethod
    def load(cls, extra_files: Iterable[str | os.PathLike[str]] = ()) -> ActorKB:
        """Packaged data files, then ``extra_files`` in order (same format; an entry with an id,
        ISO3 code, phrase or office already seen replaces it)."""
        kb = cls()
        paths = [ACTORS_DIR / name for name in PACKAGED_FILES] + [Path(p) for p in extra_files]
        raw_offices: list[tuple[dict[str, Any], str, str]] = []
        for path in paths:
            data = _read(path)
            kb.files.append(str(path))
            default_source = str((data.get("defaults") or {}).get("source") or "")
            kb._load_sectors(data, path, default_source)
            kb._load_countries(data, path)
            kb._load_named(data, path, default_source)
            for name, role in (data.get("roles") or {}).items():
                if not isinstance(role, dict) or not role.get("patterns"):
                    raise DataError(f"{path}: role {name!r}", "a role needs 'patterns' and 'sector'")
                kb.roles[str(name)] = role
            for number, entry in enumerate(data.get("offices") or [], start=1):
                raw_offices.append((entry, f"{path}: office #{number}", default_source))
        for entry, where, default_source in raw_offices:
            kb._load_office(entry, where, default_source)
        kb._add_generic_offices()
        kb._check()
        kb._build_index()
        return kb

    # -- per section

    def _load_sectors(self, data: dict[str, Any], path: Path, default_source: str) -> None:
        if "sectors" in data:
            self.sector_codes.update(str(code) for code in data["sectors"])
        self.modifiers.update(normalise_word(w) for w in data.get("modifiers") or [])
        self.place_prefixes.update(normalise_word(w) for w in data.get("place_name_prefixes") or [])
        for number, entry in enumerate(data.get("words") or [], start=1):
            where = f"{path}: word #{number}"
            _require(entry, ["phrase"], where)
            sector = entry.get("sector")
            if sector is not None and sector not in self.sector_codes:
                raise DataError(where, f"sector {sector!r} is not one of {sorted(self.sector_codes)}")
            if entry.get("with_country") is not None and entry["with_country"] not in self.sector_codes:
                raise DataError(where, f"with_country {entry['with_country']!r} is not a PLOVER sector code")
            if entry.get("anaphor") not in (None, "agency", "group"):
                raise DataError(where, "anaphor must be 'agency' or 'group'")
            word = SectorWord(
                phrase=str(entry["phrase"]),
                sector=sector,
                bare=bool(entry.get("bare", True)),
                title=bool(entry.get("title", False)),
                person=bool(entry.get("person", False)),
                anaphor=entry.get("anaphor"),
                source=entry.get("source") or default_source,
                with_country=entry.get("with_country"),
                after_name=bool(entry.get("after_name", False)),
            )
            if not word.source:
                raise DataError(where, "missing 'source'")
            self.words[_key(word.phrase)] = word

    def _load_countries(self, data: dict[str, Any], path: Path) -> None:
        for number, entry in enumerate(data.get("countries") or [], start=1):
            where = f"{path}: country #{number}"
            _require(entry, ["iso3", "name", "source"], where)
            iso3 = str(entry["iso3"])
            if not re.fullmatch(r"[A-Z]{3}", iso3):
                raise DataError(where, f"iso3 {iso3!r} must be three capital letters")
            self.countries[iso3] = Country(
                iso3=iso3,
                name=str(entry["name"]),
                names=_strings(entry, "names", where) or (str(entry["name"]),),
                adjectives=_strings(entry, "adjectives", where),
                nouns=_strings(entry, "nouns", where),
                capitals=_strings(entry, "capitals", where),
                seats=_strings(entry, "seats", where),
                wikidata=entry.get("wikidata"),
                source=str(entry["source"]),
                regional=_strings(entry, "regional", where),
                regions=_strings(entry, "regions", where),
            )

    def _load_named(self, data: dict[str, Any], path: Path, default_source: str) -> None:
        for number, entry in enumerate(data.get("named") or [], start=1):
            where = f"{path}: named #{number} ({entry.get('id') if isinstance(entry, dict) else entry!r})"
            _require(entry, ["id", "name"], where)
            source = entry.get("source") or default_source
            if not source:
                raise DataError(where, "missing 'source'")
            periods = tuple(
                Period(_date(p.get("from"), where), _date(p.get("to"), where), p.get("sector"), p.get("code"))
                for p in entry.get("periods") or []
            )
            canonical = tuple(
                Period(_date(p.get("from"), where), _date(p.get("to"), where), p.get("sector"))
                for p in entry.get("canonical_for") or []
            )
            for sector in [entry.get("sector")] + [p.sector for p in periods + canonical]:
                if sector is not None and sector not in self.sector_codes:
                    raise DataError(where, f"sector {sector!r} is not a PLOVER sector code")
            self.named[str(entry["id"])] = NamedActor(
                id=str(entry["id"]),
                name=str(entry["name"]),
                aliases=_strings(entry, "aliases", where) or (str(entry["name"]),),
                code=entry.get("code"),
                sector=entry.get("sector"),
                kind=entry.get("kind"),
                wikidata=entry.get("wikidata"),
                periods=periods,
                canonical_for=canonical,
                source=str(source),
            )

    def _load_office(self, entry: Any, where: str, default_source: str) -> None:
        _require(entry, ["country", "holders"], where)
        role = entry.get("role")
        if role is not None and role not in self.roles:
            raise DataError(where, f"role {role!r} is not defined under 'roles'")
        if role is None and not entry.get("phrases"):
            raise DataError(where, "an office needs a 'role' or 'phrases'")
        holders = []
        for holder in entry["holders"]:
            if not isinstance(holder, dict) or not holder.get("actor"):
                raise DataError(where, "each holder needs an 'actor' id")
            holders.append(Holder(str(holder["actor"]), _date(holder.get("from"), where), _date(holder.get("to"), where)))
        key = f"{entry['country']}:{role}" if role else f"{entry['country']}:{_slug(entry['phrases'][0])}"
        sector = entry.get("sector") or (self.roles[role].get("sector") if role else None)
        self.offices[key] = Office(
            key=key,
            country=str(entry["country"]),
            sector=sector,
            phrases=_strings(entry, "phrases", where),
            holders=tuple(holders),
            source=str(entry.get("source") or default_source),
        )

    def _add_generic_offices(self) -> None:
        """Every country gets every role ("president of Armenia", "Kazakh foreign minister"): where
        offices.yaml lists no holders the title stays an unnamed office holder of that country, with
        the role's sector."""
        for role, spec in self.roles.items():
            for iso3 in self.countries:
                key = f"{iso3}:{role}"
                if key not in self.offices:
                    self.offices[key] = Office(key, iso3, spec.get("sector"), (), (),
                                               "role patterns of offices.yaml; no holders listed")

    def _check(self) -> None:
        codes = set(self.countries) | {"IGO"}
        for actor in self.named.values():
            if actor.code is not None and actor.code not in codes:
                raise DataError(f"named actor {actor.id!r}", f"code {actor.code!r} is not an ISO3 country or IGO")
        for office in self.offices.values():
            if office.country not in codes:
                raise DataError(f"office {office.key!r}", f"country {office.country!r} is unknown")
            for holder in office.holders:
                if holder.actor not in self.named:
                    raise DataError(f"office {office.key!r}", f"holder {holder.actor!r} is not a named actor id")

    # -- the phrase index

    def _add(self, phrase: str, hit: _Hit) -> None:
        key = _key(phrase)
        if hit.kind == "country" and len(key) > 1 and key[0] == "the":
            key = key[1:]  # "the Kremlin", "the United States": the article stays outside the span
        if not key:
            return
        for variant in _variants(key) if hit.kind in ("named", "office") else {key}:
            hits = self.index.setdefault(variant, [])
            if hit not in hits:
                hits.append(hit)
            self.max_len = max(self.max_len, len(variant))

    def _build_index(self) -> None:
        for iso3, country in self.countries.items():
            for name in country.names:
                self._add(name, _Hit("country", iso3, "name", _is_acronym(name)))
            for adjective in (*country.adjectives, *country.regional):
                self._add(adjective, _Hit("country", iso3, "adj", _is_acronym(adjective)))
                if not adjective.endswith(("ese", "ish", "ss", "ch")) and not _is_acronym(adjective):
                    self._add(adjective + "s", _Hit("country", iso3, "noun"))
            for noun in country.nouns:
                self._add(noun, _Hit("country", iso3, "noun"))
            for capital in country.capitals:
                self._add(capital, _Hit("country", iso3, "capital"))
            for seat in country.seats:
                self._add(seat, _Hit("country", iso3, "seat"))
            for region in country.regions:
                self._add(region, _Hit("country", iso3, "region"))
        for key, word in self.words.items():
            self._add(word.phrase, _Hit("sector", " ".join(key)))
        for modifier in self.modifiers:
            self._add(modifier, _Hit("modifier", modifier))
        for actor in self.named.values():
            for alias in {actor.name, *actor.aliases}:
                self._add(alias, _Hit("named", actor.id, acronym=_is_acronym(alias), cased=_mixed_case_acronym(alias)))
                words = tuple(w for w in _key(alias) if w not in ARTICLES and w != "the")
                if len(words) >= 2 and not _is_acronym(alias):
                    sk = tuple(skeleton(w) for w in words)
                    seen = self.skeletons.get(sk, (actor.id, words))
                    self.skeletons[sk] = (actor.id, words) if seen is not None and seen[0] == actor.id else None
        for office in self.offices.values():
            for phrase in office.phrases:
                self._add(phrase, _Hit("office", office.key))
            role = office.key.split(":", 1)[1]
            if role not in self.roles:
                continue
            country = self.countries.get(office.country)
            for pattern in self.roles[role]["patterns"]:
                fills: list[str] = [pattern]
                if country is not None:
                    fills = [pattern.replace("{adj}", a) for a in country.adjectives] if "{adj}" in pattern else fills
                    fills = [f.replace("{country}", n) for f in fills for n in country.names] if "{country}" in pattern else fills
                elif "{" in pattern:
                    continue
                if "{" not in pattern and office.country != "USA":
                    continue  # a country-free pattern ("secretary of state") belongs to one country
                for phrase in fills:
                    self._add(phrase, _Hit("office", office.key))

    # -- lookups used by the matcher

    def word(self, ref: str) -> SectorWord:
        return self.words[tuple(ref.split(" "))]

    def holder_by_surname(self, title: str, surname: str, day: dt.date, country: str | None = None) -> NamedActor | None:
        """The holder of an office whose role is written ``title`` ("president", "prime minister"; in
        this country, if given) and whose name ends in ``surname`` (normalised): the one in office on
        ``day``, else the latest to take office before it."""
        fits: list[tuple[Holder, NamedActor]] = []
        wanted = _key(title)
        for office in self.offices.values():
            role = office.key.split(":", 1)[1]
            if _key(role.replace("-", " ")) != wanted or (country is not None and office.country != country):
                continue
            for holder in office.holders:
                named = self.named.get(holder.actor)
                last = _key(named.name)[-1:] if named is not None else ()
                if named is not None and last == (surname,) and (holder.start is None or holder.start <= day):
                    fits.append((holder, named))
        current = [named for holder, named in fits if holder.end is None or day < holder.end]
        if current:
            return current[0]
        fits.sort(key=lambda pair: pair[0].start or dt.date.min)
        return fits[-1][1] if fits else None

    def canonical(self, iso3: str, sector: str, day: dt.date) -> NamedActor | None:
        for actor in self.named.values():
            if actor.code == iso3 and any(p.sector == sector and p.holds(day) for p in actor.canonical_for):
                return actor
        return None


_user_files: tuple[Path, ...] = ()


def use_actor_files(paths: Iterable[str | os.PathLike[str]]) -> ActorKB:
    """Add the user's own actor files for this process (what ``eventwire --actors FILE`` does), after
    the packaged files and those in ``EVENTWIRE_ACTORS``. Loads them at once, so a bad file fails
    here with a :class:`DataError` naming it, and returns the knowledge base now in use."""
    global _user_files
    previous = _user_files
    _user_files = tuple(Path(p) for p in paths)
    get_kb.cache_clear()
    try:
        return get_kb()
    except DataError:
        _user_files = previous
        get_kb.cache_clear()
        raise


@lru_cache(maxsize=1)
def get_kb() -> ActorKB:
    """The process-wide knowledge base: packaged files, then the files named in the environment
    variable ``EVENTWIRE_ACTORS`` (separated by ``os.pathsep``), then those given to
    :func:`use_actor_files`. Call ``get_kb.cache_clear()`` after changing the variable."""
    return ActorKB.load([*actor_files(), *_user_files])


