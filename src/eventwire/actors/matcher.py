"""Finding actor mentions in a parsed article (see the package docstring for the rules)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from anyascii import anyascii

from eventwire.actors.kb import (
    ARTICLES,
    POSSESSIVE,
    SPELLING_SIMILARITY,
    _POSSESSIVE_RE,
    ActorKB,
    SectorWord,
    _Hit,
    _key,
    _slug,
    _tokenise,
    get_kb,
    normalise_word,
    skeleton,
)
from eventwire.model import Actor, ActorMention, Span
from eventwire.nlp import text_of

# --- matching ------------------------------------------------------------------------------------

SECTOR_LABELS = {
    "GOV": "Government of {name}", "MIL": "Military of {name}", "COP": "Police of {name}",
    "SPY": "Intelligence services of {name}", "REB": "Rebels in {name}", "OPP": "Opposition in {name}",
    "CVL": "Civilians in {name}", "JRN": "Media of {name}", "REF": "Refugees from {name}",
}
_GAP_TO_NAME = re.compile(r"^[\s,“”\"'‘’«»]*$")
# compared with normalised tokens ("southern" -> "suthern"), hence normalise_word below
_LOCATING_PREPOSITIONS = {"in", "of", "from", "across", "throughout"}
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
               "southeast", "southwest"}
_LOCATING_PREPOSITIONS = {normalise_word(w) for w in _LOCATING_PREPOSITIONS}
_DIRECTIONS = {normalise_word(w) for w in _DIRECTIONS}
# Sectors whose members are often abroad: "in <country>" says where they are, not whose they are
# ("troops in Afghanistan", "diplomats in Kyiv"); "of"/"from" still say whose. Police, rebels,
# residents, doctors in a country are mostly its own.
_FOREIGN_PRESENCE = {"MIL", "SPY", "GOV", "IGO", "JRN", "NGO", "BUS"}
_IN_PHRASE = {"", "-", "‐", "‑", ".", "'", "’", "/", "&"}
_PRIORITY = {"office": 5, "named": 5, "title": 5, "compound": 4, "country": 3, "sector": 2, "ner": 1}


@dataclass(slots=True)
class _Atom:
    i: int  # first token
    j: int  # one past the last token
    hits: list[_Hit]

    def of(self, kind: str) -> list[_Hit]:
        return [h for h in self.hits if h.kind == kind]


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    actor: Actor
    via: str
    rank: str
    person: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class _Matcher:
    def __init__(self, doc: Any, kb: ActorKB, day: dt.date) -> None:
        self.doc, self.kb, self.day = doc, kb, day
        self.text: str = text_of(doc)
        self.tokens = _tokenise(self.text)
        self.atoms: dict[int, _Atom] = {}
        self._find_atoms()

    # -- atoms: the longest dictionary key starting at each token

    def _find_atoms(self) -> None:
        tokens = self.tokens
        for i in range(len(tokens)):
            for n in range(min(self.kb.max_len, len(tokens) - i), 0, -1):
                key = tuple(t.norm for t in tokens[i : i + n])
                hits = self.kb.index.get(key)
                if not hits or not self._one_phrase(i, i + n):
                    continue
                raw = self.text[tokens[i].start : tokens[i + n - 1].end].replace(".", "")
                hits = [h for h in hits if (not h.acronym or raw.isupper()) and (not h.cased or raw == h.cased)]
                if any(h.acronym for h in hits):
                    hits = [h for h in hits if h.acronym]  # "SANA" the agency, not "Sanaa" the city
                if hits:
                    self.atoms[i] = _Atom(i, i + n, hits)
                    break
            if i not in self.atoms and not any(a.i < i < a.j for a in self.atoms.values()):
                self._find_spelling_variant(i)

    def _one_phrase(self, i: int, j: int) -> bool:
        """Whether tokens i..j are written as one phrase: only spaces, hyphens, apostrophes, slashes,
        "&" or an abbreviation's full stop between them, so "military, officials" is no "military
        officials"."""
        return all(self.text[a.end : b.start].strip() in _IN_PHRASE for a, b in zip(self.tokens[i : j - 1], self.tokens[i + 1 : j]))

    def _find_spelling_variant(self, i: int) -> None:
        """A named actor under a transliteration its aliases lack ("Hay'et Tahrir el-Sham"): the
        capitalised words from ``i``, articles aside, have the skeleton of one actor's alias only,
        and each word is alike its counterpart (SPELLING_SIMILARITY), so "Ali Hussein" never
        becomes "Ali Hassan"."""
        tokens = self.tokens
        for n in range(min(self.kb.max_len, len(tokens) - i), 1, -1):
            window = tokens[i : i + n]
            if window[-1].norm in ARTICLES or not self._one_phrase(i, i + n) or not all(t.raw[:1].isupper() or t.norm in ARTICLES for t in window):
                continue
            words = [t.norm for t in window if t.norm not in ARTICLES]
            entry = self.kb.skeletons.get(tuple(skeleton(w) for w in words)) if len(words) >= 2 else None
            if entry and all(SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY for a, b in zip(words, entry[1])):
                self.atoms[i] = _Atom(i, i + n, [_Hit("named", entry[0])])
                return

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i].start, self.tokens[j - 1].end

    def _country_actor(self, iso3: str, sector: str | None, text: str) -> Actor:
        if sector is not None:
            named = self.kb.canonical(iso3, sector, self.day)
            if named is not None:
                return named.actor(self.day)
        country = self.kb.countries[iso3]
        if sector is None:
            return Actor(iso3, country.name, iso3, None, country.wikidata, "country", True)
        label = SECTOR_LABELS.get(sector, "{name} (" + sector + ")").format(name=country.name)
        return Actor(f"{iso3}-{sector}", label, iso3, sector, country.wikidata if sector == "GOV" else None,
                     "organization", True)

    def _office_actor(self, key: str, text: str) -> Actor:
        office = self.kb.offices[key]
        holder = office.holder(self.day)
        if holder is not None:
            return self.kb.named[holder].actor(self.day)
        return Actor(f"unk:{_slug(text)}", text, office.country, office.sector, None, "person", False)

    def _skip_modifiers(self, k: int) -> int:
        while k in self.atoms and self.atoms[k].of("modifier") and not self.atoms[k].of("sector"):
            k = self.atoms[k].j
        return k

    def _sector_at(self, k: int) -> _Atom | None:
        atom = self.atoms.get(k)
        return atom if atom is not None and atom.of("sector") else None

    # -- candidates

    def candidates(self) -> list[_Cand]:
        cands: list[_Cand] = []
        tokens = self.tokens
        # words inside a region's name are not actors of their own: "Ireland" in "Northern Ireland"
        inside_region = {k for a in self.atoms.values() if any(h.form == "region" for h in a.of("country"))
                         for k in range(a.i + 1, a.j)}
        for i, atom in self.atoms.items():
            if i in inside_region:
                continue
            start, end = self.span(atom.i, atom.j)
            surface = self.text[start:end]
            for hit in atom.of("named"):
                named = self.kb.named[hit.ref]
                cands.append(_Cand(start, end, named.actor(self.day), "dictionary", "named", named.kind == "person"))
                member = self._sector_at(atom.j) if self._adjacent(atom.j) else None
                if member is None and named.kind != "person":
                    member = self._member_after_words(atom)
                if member is not None and named.kind == "person" and named.code:
                    word = self.kb.word(member.of("sector")[0].ref)
                    if word.sector == "GOV" and word.bare and not word.person:
                        # "Netanyahu government", "Assad regime": the government the person leads
                        member_end = self.span(member.i, member.j)[1]
                        cands.append(_Cand(start, member_end, self._country_actor(named.code, "GOV", surface),
                                           "dictionary", "compound"))
                if member is not None and named.kind != "person":
                    word = self.kb.word(member.of("sector")[0].ref)
                    member_end = self.span(member.i, member.j)[1]
                    if not word.title:
                        cands.append(_Cand(start, member_end, named.actor(self.day), "dictionary", "named"))
                    elif word.person:
                        # "Hamas spokesman", "UN Secretary-General": someone acting for the organisation
                        group = named.actor(self.day)
                        person = Actor(f"unk:{_slug(self.text[start:member_end])}", self.text[start:member_end],
                                       group.code, group.sector or word.sector, None, "person", False)
                        cands.append(_Cand(start, member_end, person, "dictionary", "compound", True, {"title": True}))
            for hit in atom.of("office"):
                role = hit.ref.split(":", 1)[1].replace("-", " ")
                cands.append(_Cand(start, end, self._office_actor(hit.ref, surface), "office", "office", True,
                                   {"title": True, "role": role}))
            countries = atom.of("country")
            if countries:
                cands.extend(self._country_candidates(atom, countries, start, end, surface))
            for hit in atom.of("sector"):
                word = self.kb.word(hit.ref)
                first = i
                while (first - 1 in self.atoms and self.atoms[first - 1].j == i and self.atoms[first - 1].of("modifier")
                       and not self.text[tokens[i - 1].end : tokens[i].start].strip()):
                    first -= 1  # "local residents"; not "military, officials"
                    break
                s, e = self.span(first, atom.j)
                owned = self._sector_at(atom.j) if self._adjacent(atom.j) else None
                if owned is not None and word.bare and not word.title and word.sector == "CVL" and \
                        self.kb.word(owned.of("sector")[0].ref).sector == "CVL" and not self.kb.word(owned.of("sector")[0].ref).bare:
                    # "civilian neighbourhoods": the people's homes, one mention (a weapon after a military
                    # word, "artillery shelling", says how, not who)
                    e = self.span(owned.i, owned.j)[1]
                if word.anaphor:
                    cands.append(_Cand(s, e, Actor("?", surface), "coreference", "sector",
                                       extra={"anaphor": word.anaphor, "the": i > 0 and tokens[i - 1].norm == "the",
                                              "bare": word.bare, "word": word}))
                elif (word.bare or word.title) and not self._used_as_modifier(atom, word):
                    actor = Actor(f"unk:{_slug(self.text[s:e])}", self.text[s:e], None, word.sector, None,
                                  "person" if word.person else "group", False)
                    cands.append(_Cand(s, e, actor, "sector-word", "title" if word.title else "sector", word.person,
                                       {"title": word.title, "bare": word.bare, "word": word}))
                    located = self._country_after(atom.j) if word.bare and not word.person else None
                    if located is not None and word.sector in _FOREIGN_PRESENCE and tokens[atom.j].norm != "of" \
                            and tokens[atom.j].norm != "from":
                        located = None  # "troops in Afghanistan" are often foreign troops
                    if located is not None and word.sector is not None and not self._country_before(first):
                        # "rebels in the Ivory Coast", "refugees from Syria": the group of that country
                        iso3, k_end = located
                        e2 = self.span(k_end - 1, k_end)[1]
                        cands.append(_Cand(s, e2, self._country_actor(iso3, word.sector, self.text[s:e2]),
                                           "dictionary", "compound"))
                cands.extend(self._named_by_proper_name(first, e, word))
        return cands

    def _named_by_proper_name(self, first: int, end: int, word: SectorWord) -> list[_Cand]:
        """A proper name the knowledge base lacks right before a sector word: a party by its name ("the
        Umma (Nation) party"), or a leader's government ("the Bush administration": the president or
        prime minister of that surname in office at the article's date, else the latest before it)."""
        k = first
        while k > 0 and k - 1 not in self.atoms and self._proper_noun(k - 1) and (
            self.text[self.tokens[k - 1].end : self.tokens[k].start].strip() in {"", "(", ")", ") ("}
        ):
            k -= 1
        if k == first or any(a.i < first < a.j for a in self.atoms.values()):
            return []
        start = self.tokens[k].start
        if word.after_name:
            name = self.text[start:end]
            return [_Cand(start, end, Actor(f"unk:{_slug(name)}", name, None, word.sector, None, "organization", False),
                          "sector-word", "compound")]
        if word.sector != "GOV" or not word.bare or word.person or first - k != 1:
            return []
        leader = next((h for role in ("president", "prime minister", "chancellor")
                       if (h := self.kb.holder_by_surname(role, self.tokens[k].norm, self.day)) is not None), None)
        if leader is None or not leader.code:
            return []
        return [_Cand(start, end, self._country_actor(leader.code, "GOV", self.text[start:end]), "dictionary", "compound")]

    def _proper_noun(self, k: int) -> bool:
        token = next((t for t in self.doc if t.idx == self.tokens[k].start), None)
        return token is not None and token.pos_ == "PROPN" and self.tokens[k].raw[:1].isupper()

    def _country_candidates(self, atom: _Atom, hits: list[_Hit], start: int, end: int, surface: str) -> list[_Cand]:
        out: list[_Cand] = []
        tokens = self.tokens
        if atom.i > 0 and tokens[atom.i - 1].norm in ("anti", "pro") and self.text[tokens[atom.i - 1].end : start] == "-":
            return out  # "anti-Syria journalist", "pro-Russian separatists": for or against it, not it
        forms = {h.form for h in hits}
        # "U.S." is both a name and an adjective: the name reading wins when it stands alone
        hit = next((h for form in ("name", "capital", "seat", "adj", "noun", "region") for h in hits if h.form == form))
        k = atom.j
        if forms & {"name", "capital", "region"} and k < len(tokens) and tokens[k].norm == POSSESSIVE:
            k += 1
        compound_ok = "adj" in forms or k > atom.j
        k = self._skip_modifiers(k)
        sector_atom = self._sector_at(k)
        if sector_atom is None and compound_ok and k + 1 < len(tokens) and k not in self.atoms:
            # one plain word between: "French paper workers", "Nicaragua's Sandinista government", if
            # the parser attaches the demonym or possessor to the sector word
            later = self._sector_at(k + 1)
            if later is not None and self._modifies(atom, later) and (tokens[k].raw.islower() or k > atom.j):
                sector_atom = later
        if sector_atom is not None and not compound_ok and forms & {"name", "capital", "region"}:
            compound_ok = k == atom.j and self._modifies(atom, sector_atom)
        nxt = self.atoms.get(k)
        if sector_atom is None and "adj" in forms and nxt is not None and k == atom.j:
            community = next((h for h in nxt.of("country") if h.form == "noun"), None)
            if community is not None:  # "Bosnian Serbs", "Iraqi Turkmens": a community of that country
                e = self.span(nxt.i, nxt.j)[1]
                out.append(_Cand(start, e, self._country_actor(hit.ref, "CVL", self.text[start:e]), "dictionary",
                                 "compound"))
        sector_atom = sector_atom if compound_ok else None
        if sector_atom is not None:
            word = self.kb.word(sector_atom.of("sector")[0].ref)
            s, e = start, self.span(sector_atom.i, sector_atom.j)[1]
            sector = word.sector_after_country()
            ethnic = atom.i > 0 and tokens[atom.i - 1].norm == "ethnic" and "adj" in forms
            if ethnic:  # "ethnic Albanian guerrillas" (in Macedonia) are not Albania's
                s = tokens[atom.i - 1].start
            if sector is not None or word.title:
                actor = self._country_actor(hit.ref, sector, self.text[s:e])
                if word.person or ethnic:  # "Turkish counterpart": an unnamed office holder
                    actor = Actor(f"unk:{_slug(self.text[s:e])}", self.text[s:e], None if ethnic else hit.ref,
                                  sector, None, "person" if word.person else "group", False)
                out.append(_Cand(s, e, actor, "dictionary", "compound", word.person,
                                 {"title": word.person, "word": word}))
            # "Egyptian and Qatari mediators": the first adjective shares the sector of the second
        if "adj" in forms and k == atom.j:
            nxt = atom.j
            if nxt < len(tokens) and tokens[nxt].norm in ("and", "or") and nxt + 1 in self.atoms:
                other = self.atoms[nxt + 1]
                if any(h.form == "adj" for h in other.of("country")):
                    k2 = self._skip_modifiers(other.j)
                    sector2 = self._sector_at(k2)
                    if sector2 is not None:
                        word = self.kb.word(sector2.of("sector")[0].ref)
                        if word.sector is not None and not word.person:
                            out.append(_Cand(start, end, self._country_actor(hit.ref, word.sector, surface),
                                             "dictionary", "compound"))
        if self._is_dateline(atom) or self._inside_person(start, end) or hit.form == "region":
            return out
        if hit.form in ("capital", "seat"):
            out.append(_Cand(start, end, self._country_actor(hit.ref, "GOV", surface), "metonym", "country"))
        elif hit.form == "name":
            out.append(_Cand(start, end, self._country_actor(hit.ref, "GOV", surface), "country", "country"))
        elif hit.form == "noun":
            # "Algerians", "Nigerians": the country's people; "ethnic Albanians" (in Serbia, in North
            # Macedonia) names a community, not the country
            before = atom.i - 1
            located = self._country_after(atom.j)
            if located is not None:
                # "Albanians of southern Serbia", "ethnic Albanians in Macedonia": the community there
                s = self.tokens[before].start if before >= 0 and self.tokens[before].norm == "ethnic" else start
                e = self.span(located[1] - 1, located[1])[1]
                out.append(_Cand(s, e, self._country_actor(located[0], "CVL", self.text[s:e]), "dictionary",
                                 "compound"))
            if before >= 0 and self.tokens[before].norm == "ethnic":
                s = self.tokens[before].start
                out.append(_Cand(s, end, Actor(f"unk:{_slug(self.text[s:end])}", self.text[s:end], None, "CVL",
                                                None, "group", False), "sector-word", "compound"))
            else:
                out.append(_Cand(start, end, self._country_actor(hit.ref, "CVL", surface), "demonym", "country"))
        else:
            out.append(_Cand(start, end, self._country_actor(hit.ref, None, surface), "demonym", "country"))
        return out

    def _adjacent(self, k: int) -> bool:
        """Whether token ``k`` follows the one before it with only spaces between: "Reuters) -
        Protesters" is no "Reuters protesters"."""
        if not 0 < k < len(self.tokens):
            return False
        before = self.tokens[k - 1]
        gap = self.text[before.end : self.tokens[k].start].strip()
        return not gap or (gap == "." and len(before.raw) <= 3 and before.raw[:1].isupper())  # "U.N. helicopters"

    def _member_after_words(self, atom: _Atom) -> _Atom | None:
        """A sector word one or two plain lower-case words after a named organisation that the parser
        attaches it to: "U.N. war crimes court", "NATO peacekeeping troops"."""
        for gap in (1, 2):
            k = atom.j + gap
            plain = range(atom.j, k)
            if k >= len(self.tokens) or any(n in self.atoms or not self.tokens[n].raw.islower() for n in plain):
                return None
            if not all(self._adjacent(n) for n in range(atom.j, k + 1)):
                return None
            later = self._sector_at(k)
            if later is not None:
                return later if self._modifies(atom, later) else None
        return None

    def _country_after(self, k: int) -> tuple[str, int] | None:
        """A country named right after token ``k`` by "in", "of" or "from" ("rebels in the Ivory Coast",
        "Albanians of southern Serbia"): its ISO3 and the token after it."""
        tokens = self.tokens
        if k >= len(tokens) or tokens[k].norm not in _LOCATING_PREPOSITIONS:
            return None
        if self.text[tokens[k - 1].end : tokens[k].start].strip():
            return None  # punctuation in between: "police, in Kenya" is another clause
        k += 1
        if k < len(tokens) and tokens[k].norm == "the":
            k += 1
        if k < len(tokens) and k not in self.atoms and tokens[k].norm in _DIRECTIONS:
            k += 1
        atom = self.atoms.get(k)
        hit = next((h for h in atom.of("country") if h.form in ("name", "region")), None) if atom else None
        if hit is None or atom is None:
            return None
        if atom.j < len(tokens) and tokens[atom.j].norm in ("and", "or") and atom.j + 1 in self.atoms:
            return None  # "ministers of Egypt and Jordan": several countries, each its own mention
        if atom.j < len(tokens) and tokens[atom.j].norm in ("'s", "’s", "'"):
            return None  # "fighters from Sudan's Rapid Support Forces": the country owns what follows
        return hit.ref, atom.j

    def country_after_char(self, end: int) -> tuple[str, int] | None:
        """:meth:`_country_after` for the text ending at character ``end``: ISO3 and end character."""
        k = next((n for n, t in enumerate(self.tokens) if t.start >= end), None)
        if k is None or k == 0:
            return None
        located = self._country_after(k)
        return (located[0], self.tokens[located[1] - 1].end) if located else None

    def _country_before(self, k: int) -> bool:
        """Whether a country word ends right before token ``k`` (modifiers aside): then "Russian forces
        in Syria" is Russian, and "forces in Syria" must not win by length."""
        return any(a.j == k and a.of("country") for a in self.atoms.values()) or any(
            a.of("modifier") and a.j == k and self._country_before(a.i) for a in self.atoms.values() if a.i < k
        )

    def _modifies(self, atom: _Atom, head: _Atom) -> bool:
        """Whether the parser reads the country name ``atom`` as a noun modifier of the sector word
        ``head`` ("Ivory Coast rebels", "Khartoum government", "US Congress"), not as a separate phrase."""
        start, end = self.span(atom.i, atom.j)
        h_start, h_end = self.span(head.i, head.j)
        last = next((t for t in reversed(self.doc) if t.idx < end), None)
        return (last is not None and last.dep_ in ("compound", "nmod", "amod", "poss")
                and h_start <= last.head.idx < h_end)

    def _used_as_modifier(self, atom: _Atom, word: SectorWord) -> bool:
        """"official", "military", "state" before a noun describe it ("Military preparations")
        rather than name an actor."""
        if atom.j - atom.i != 1 or self.tokens[atom.i].norm not in self.kb.modifiers:
            return False
        start = self.tokens[atom.i].start
        token = next((t for t in self.doc if t.idx == start), None)
        return token is not None and token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i

    def _is_dateline(self, atom: _Atom) -> bool:
        start, end = self.span(atom.i, atom.j)
        line_start = self.text.rfind("\n", 0, start) + 1
        word = self.text[start:end]
        return self.text[line_start:start].strip() == "" and word.isupper() and len(word) >= 3 and \
            self.text[end : end + 2].lstrip().startswith((",", "—", "-", "–"))

    def _inside_person(self, start: int, end: int) -> bool:
        return any(e.label_ == "PERSON" and e.start_char <= start and end <= e.end_char and
                   (e.end_char - e.start_char) > (end - start) for e in self.doc.ents)


# "former President", "ex-President", "former Socialist prime minister" (one party or country word between)
_FORMER_RE = re.compile(r"\b(?:[Ff]ormer|[Ee]x)(?:[\s-]+[A-Z][\w-]*)?[\s-]*$")


def _former(text: str, title: _Cand) -> bool:
    """Whether the title is qualified as past: "former President", "ex-President"."""
    words = text[title.start : title.end].lower()
    return words.startswith(("former ", "ex-", "ex ")) or _FORMER_RE.search(text[max(0, title.start - 30) : title.start]) is not None


def _body_before(text: str, title: _Cand, cands: list[_Cand]) -> _Cand | None:
    """The organisation named right before a title, whose officer the titled person is: "French
    National Assembly president", "Kenya Anti-Corruption Commission chairman" (the longest one)."""
    bodies = [c for c in cands if c.end <= title.start and not text[c.end : title.start].strip()
              and c.actor.code and c.actor.kind == "organization" and not c.person]
    return max(bodies, key=lambda c: c.end - c.start, default=None)


def _joins_name(text: str, title: _Cand, name_start: int) -> bool:
    """Whether a name starting at ``name_start`` follows the title closely enough to be its holder:
    spaces, quotes or a comma, or the full stop of an abbreviated title ("Lt. Gen. Prosper Avril")."""
    gap = text[title.end : name_start]
    if len(gap) > 4:
        return False
    if _GAP_TO_NAME.match(gap):
        return True
    title_word = text[title.start : title.end].split()[-1] if text[title.start : title.end].split() else ""
    return gap.startswith(".") and _GAP_TO_NAME.match(gap[1:]) is not None and len(title_word) <= 4


_ACRONYM_AFTER_RE = re.compile(r"\s*\(\s*([A-Z][A-Za-z]{1,9})\s*\)")
_KNOWN_AS_RE = re.compile(
    r"\s*[,(]?\s*(?:formerly|previously|once|also|better|now|commonly)\s+(?:known|called)\s+as\s+(?:the\s+)?",
    re.IGNORECASE)


def _acronym_of(name: str, acronym: str) -> bool:
    """Whether ``acronym`` can abbreviate ``name``: same first letter, and its letters appear in the
    name in order ("Revolutionary United Front" / "RUF", "Ceasefire Violations Committee" / "CFVC"),
    so a dateline or credit in brackets ("(AP)", "(Reuters)") is never read as an alias."""
    words = [w for w in re.findall(r"[A-Za-z]+", anyascii(name)) if w[0].isupper()]
    if not words or acronym[0].upper() != words[0][0] or sum(c.isupper() for c in acronym) < 2:
        return False
    rest = iter(" ".join(words).lower())
    return all(letter in rest for letter in acronym.lower())


def _link_article_aliases(text: str, chosen: list[_Cand], taken: list[tuple[int, int]], matcher: _Matcher) -> None:
    """Aliases an article defines: an acronym in brackets after a name ("Revolutionary United Front
    (RUF)") and "formerly/also known as" ("Jabhat Fateh al-Sham, formerly known as the Nusra Front").
    Both names become one actor (the known one when the knowledge base has either), and later bare
    uses of either name in the article resolve to it."""
    by_start = {c.start: c for c in chosen}
    aliases: dict[tuple[str, ...], tuple[int, Actor]] = {}  # key -> (where it was defined, actor)
    redefined: set[tuple[str, ...]] = set()  # acronyms the article defines for another actor than the dictionary
    for cand in sorted(chosen, key=lambda c: c.start):
        if cand.actor.kind == "country" or cand.via in ("metonym", "country", "demonym"):
            continue
        after = text[cand.end :]
        other: _Cand | None = None
        acronym = _ACRONYM_AFTER_RE.match(after)
        known_as = _KNOWN_AS_RE.match(after)
        if acronym and _acronym_of(text[cand.start : cand.end], acronym.group(1)):
            start, end = cand.end + acronym.start(1), cand.end + acronym.end(1)
            other = by_start.get(start)
            if other is None and not any(start < te and ts < end for ts, te in taken):
                other = _Cand(start, end, cand.actor, "coreference", "ner")
                chosen.append(other)
                taken.append((start, end))
        elif known_as:
            other = by_start.get(cand.end + known_as.end())
        if other is None:
            continue
        actor = other.actor if other.actor.known and not cand.actor.known else cand.actor
        if acronym and other.actor.known and other.actor.id != cand.actor.id and not _same_name(
                text[cand.start:cand.end], other.actor.name):
            # "the Australian Defence Force (ADF)": the article's own definition beats the dictionary's
            # ADF (Allied Democratic Forces) here and in the rest of the article
            actor = cand.actor
            redefined.add(_key(text[other.start : other.end]))
        for side in (cand, other):
            if side.actor != actor:
                side.actor, side.via = actor, "coreference"
            aliases[_key(text[side.start : side.end])] = (side.end, actor)
    if not aliases:
        return
    for cand in chosen:  # a later unknown mention under an alias the article defined
        key = _key(text[cand.start : cand.end])
        entry = aliases.get(key)
        if entry and (not cand.actor.known or key in redefined) and cand.start >= entry[0] and cand.actor != entry[1]:
            cand.actor, cand.via = entry[1], "coreference"
    tokens = matcher.tokens
    for i, token in enumerate(tokens):  # bare uses nothing else matched ("the RUF said")
        for key, (defined, actor) in aliases.items():
            j = i + len(key)
            if token.start < defined or tuple(t.norm for t in tokens[i:j]) != key or not token.raw[:1].isupper():
                continue
            start, end = token.start, tokens[j - 1].end
            if not any(start < te and ts < end for ts, te in taken):
                chosen.append(_Cand(start, end, actor, "coreference", "ner"))
                taken.append((start, end))


def _same_name(long_form: str, name: str) -> bool:
    """Whether a long form and an actor's name share most words (by their first five letters, so that
    "Forces Démocratiques de Libération du Rwanda" matches "Democratic Forces for the Liberation of Rwanda")."""
    def stems(words: str) -> set[str]:
        return {t.norm[:5] for t in _tokenise(words) if len(t.norm) > 3}

    own = stems(long_form)
    return bool(own) and len(own & stems(name)) * 2 >= len(own)


def _select(cands: list[_Cand], taken: list[tuple[int, int]]) -> list[_Cand]:
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), -_PRIORITY.get(c.rank, 0), c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return chosen


def _person_spans(doc: Any, matcher: _Matcher, kb: ActorKB) -> list[tuple[int, int, Actor | None]]:
    """People who may follow a title: named people, then NER persons not starting like a place, and
    names NER calls organisations though no word of them is in the knowledge base (two or three
    capitalised words: "Vice-President Moody Awori"); only a title before them makes them people."""
    out: list[tuple[int, int, Actor | None]] = []
    for atom in matcher.atoms.values():
        for hit in atom.of("named"):
            if kb.named[hit.ref].kind == "person":
                s, e = matcher.span(atom.i, atom.j)
                out.append((s, e, kb.named[hit.ref].actor(matcher.day)))
    for ent in doc.ents:
        if ent.label_ == "ORG" and not (2 <= len(ent) <= 3 and all(t.text[:1].isupper() for t in ent)):
            continue
        if ent.label_ in ("PERSON", "ORG") and _good_entity(ent, kb):
            s, e = _trim_entity(text_of(doc), ent.start_char, ent.end_char)
            if ent.label_ == "ORG" and any(s <= matcher.span(a.i, a.j)[0] < e for a in matcher.atoms.values()):
                continue
            named = [p for p in out if p[0] == s and p[1] == e]
            if not named:
                out.append((s, e, None))
    return out


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    bracket = text.find("(", start, end)
    if bracket > start and text.find(")", bracket, end) < 0:
        end = bracket  # "Khanty-Mansiysk (Siberia": NER stopped inside the brackets
    while start < end and text[start] in "“”\"'‘’«» ":
        start += 1
    if text[start:end].lower().startswith("the "):
        start += 4
    while end > start and text[end - 1] in "“”\"'‘’«» ,.":
        end -= 1
    possessive = _POSSESSIVE_RE.match(text[start:end])
    if possessive:
        end = start + len(possessive.group(1))
    return start, end


def _good_entity(ent: Any, kb: ActorKB) -> bool:
    words = [normalise_word(t.text) for t in ent if t.is_alpha]
    if not words:
        return False
    if ent.label_ in ("PERSON", "ORG") and words[0] in kb.place_prefixes and len(words) <= 3:
        return False  # "Jisr al-Shughur", "El Fasher": NER reads Arabic place names as people or groups
    return True


def _holder_by_surname(text: str, start: int, end: int, title: _Cand, matcher: _Matcher) -> Actor | None:
    """A title and a name the knowledge base lacks as such, resolved through the offices: "President
    Bush", "Chancellor Kohl", "Pakistan President Mohammad Zia-Ul-Haq" -> the holder of that office
    (of that country, when the title names one) whose surname is the name's last word, on the
    article's date or else the latest before it. None when no holder fits or the title is no office."""
    word: SectorWord | None = title.extra.get("word")
    role: str | None = title.extra.get("role") or (word.phrase if word is not None else None)
    names = _tokenise(text[start:end])
    if role is None or not names:
        return None
    holder = matcher.kb.holder_by_surname(role, names[-1].norm, matcher.day, title.actor.code)
    if holder is None:
        return None
    if len(names) > 1:  # "President Francesco Assad" is not Bashar al-Assad
        firsts = {_tokenise(alias)[0].norm for alias in (holder.name, *holder.aliases) if len(_tokenise(alias)) > 1}
        if not any(SequenceMatcher(None, names[0].norm, first).ratio() >= 0.75 for first in firsts):
            return None
    return holder.actor(matcher.day)


def _unknown(text: str, start: int, end: int, label: str, matcher: _Matcher, title: _Cand | None) -> Actor:
    """An actor outside the knowledge base, with country and sector read from its own words
    (a person's own name says nothing of a country: "George Washington", "Israel Katz")."""
    code = title.actor.code if title else None
    sector = title.actor.sector if title else None
    for atom in matcher.atoms.values():
        s, e = matcher.span(atom.i, atom.j)
        if s >= start and e <= end:
            countries = [h for h in atom.of("country") if label != "PERSON"]
            if countries and code is None:
                code = countries[0].ref
            for hit in atom.of("sector"):
                sector = sector or matcher.kb.word(hit.ref).sector
    kind = {"PERSON": "person", "ORG": "organization", "NORP": "group"}.get(label, "organization")
    name = text[start:end]
    return Actor(f"unk:{_slug(name)}", name, code, sector, None, kind, False)


def find_actor_mentions(
    doc: Any, kb: ActorKB | None = None, published: dt.date | None = None
) -> list[ActorMention]:
    """Actor mentions of one parsed article, in text order, never overlapping.

    Args:
        doc: a spaCy ``Doc`` (NER is used for people and organisations outside the knowledge base).
        kb: the knowledge base; :func:`get_kb` when None.
        published: the article's publication date, for offices and roles that change hands; today
            when None.

    Example:
        >>> from eventwire import nlp
        >>> doc = nlp.load()("The head of Turkish intelligence met residents.")
        >>> [(m.span.text, m.actor.id) for m in find_actor_mentions(doc, published=dt.date(2020, 1, 14))]
        [('head of Turkish intelligence', 'hakan-fidan'), ('residents', 'unk:residents')]
    """
    kb = kb or get_kb()
    day = published or dt.date.today()
    text: str = text_of(doc)
    matcher = _Matcher(doc, kb, day)
    cands = matcher.candidates()

    # A title right before a person's name joins it: "Russian President Vladimir Putin".
    persons = _person_spans(doc, matcher, kb)
    titles = [c for c in cands if c.extra.get("title")]
    for title in titles:
        for s, e, actor in persons:
            if s < title.end < e and s <= title.start and actor is None:
                s = title.end + len(text[title.end : e]) - len(text[title.end : e].lstrip(" ."))
                # NER read the title as part of the name: "Archbishop Desmond Tutu"
            if s >= title.end and _joins_name(text, title, s):
                if actor is None:
                    actor = _holder_by_surname(text, s, e, title, matcher) or _unknown(text, s, e, "PERSON", matcher,
                                                                                       title)
                if _former(text, title):
                    actor = replace(actor, sector="ELI")  # "former Vice President Joe Biden"
                elif actor.known and title.actor.sector is not None and title.actor.sector != actor.sector:
                    # the title the article gives says what the person is at its date: "President Bill
                    # Clinton" governs, "former President Bill Clinton" is a former official
                    actor = replace(actor, sector=title.actor.sector)
                located = matcher.country_after_char(e) if actor.code is None else None
                if located is not None:  # "King Hassan of Morocco", "Foreign Minister John Doe of Ruritania"
                    e, actor = located[1], replace(actor, code=located[0])
                start = title.start
                body = _body_before(text, title, cands) if actor.code is None else None
                if body is not None:  # "French National Assembly president Laurent Fabius": its head
                    start, actor = body.start, replace(actor, code=body.actor.code,
                                                       sector=body.actor.sector or actor.sector)
                cands.append(_Cand(start, e, actor, "dictionary" if actor.known else "ner", "title", True))
    # An unknown organisation whose name holds a country or sector word stays one mention:
    # "Yemeni Doctors Syndicate" is not "Yemeni Doctors" + "Syndicate".
    for ent in doc.ents:
        if ent.label_ != "ORG" or not _good_entity(ent, kb):
            continue
        s, e = _trim_entity(text, ent.start_char, ent.end_char)
        inside = [a for a in matcher.atoms.values() if s <= matcher.span(a.i, a.j)[0] and matcher.span(a.i, a.j)[1] <= e]
        last = text[s:e].split()[-1] if text[s:e].split() else ""
        if (len(text[s:e].split()) >= 2 and inside and last[:1].isupper()
                and not any(a.of("named") or a.of("office") for a in inside)
                and not any(matcher.span(a.i, a.j)[1] == e for a in inside)):
            cands.append(_Cand(s, e, _unknown(text, s, e, "ORG", matcher, None), "ner", "ner"))
    # Bare titles and bare-only-in-compounds words are not actors on their own.
    cands = [c for c in cands if c.rank != "title" or c.via != "sector-word" or c.extra.get("bare", True)]
    cands = [c for c in cands if not (c.via == "sector-word" and not c.extra.get("bare", True))]

    taken: list[tuple[int, int]] = []
    anaphors = [c for c in cands if c.via == "coreference"]
    chosen = _select([c for c in cands if c.via != "coreference"], taken)

    # Unknown people and organisations from NER.
    ner: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "NORP") or not _good_entity(ent, kb):
            continue
        s, e = _trim_entity(text, ent.start_char, ent.end_char)
        if s >= e or any(s < te and ts < e for ts, te in taken):
            continue
        surface = text[s:e]
        if any(matcher.span(a.i, a.j) == (s, e) and a.of("country") for a in matcher.atoms.values()):
            continue  # a country, capital or demonym left out on purpose (a dateline, a person's name)
        if ent.label_ == "NORP":
            follow = [c for c in cands if c.via == "sector-word" and c.start > e and _GAP_TO_NAME.match(text[e : c.start])
                      and c.start - e <= 2 and not c.person]
            if follow:
                f = follow[0]
                ner.append(_Cand(s, f.end, Actor(f"unk:{_slug(text[s:f.end])}", text[s:f.end], None, f.actor.sector,
                                                 None, "group", False), "ner", "ner"))
            continue
        single = len(surface.split()) == 1
        if single and not (ent.label_ == "ORG" and surface.isupper() and len(surface) >= 2):
            continue  # a lone capitalised word: a surname (linked below) or a misread place
        ner.append(_Cand(s, e, _unknown(text, s, e, ent.label_, matcher, None), "ner", "ner", ent.label_ == "PERSON"))
    ner_chosen = _select(ner, taken)
    chosen.extend(ner_chosen)
    _link_article_aliases(text, chosen, taken, matcher)

    # Within-article linking: the last word of a person's name links later bare uses.
    surnames: dict[str, Actor] = {}
    for cand in sorted(chosen, key=lambda c: c.start):
        if cand.actor.kind == "person" and (cand.actor.known or cand.via == "ner"):
            last = _tokenise(cand.actor.name)
            if last and len(last[-1].norm) >= 3:
                surnames.setdefault(last[-1].norm, cand.actor)
    for token in matcher.tokens:
        actor = surnames.get(token.norm)
        if actor is None or not token.raw[:1].isupper():
            continue
        if any(token.start < te and ts < token.end for ts, te in taken):
            continue
        chosen.append(_Cand(token.start, token.end, actor, "coreference", "ner"))
        taken.append((token.start, token.end))

    # "the agency" / "the group": the last news agency / armed group named before it.
    for cand in sorted(anaphors, key=lambda c: c.start):
        if any(cand.start < te and ts < cand.end for ts, te in taken):
            continue
        wanted = cand.extra["anaphor"]
        earlier = [c for c in sorted(chosen, key=lambda c: c.start) if c.end <= cand.start and c.actor.known
                   and c.actor.kind == "organization"
                   and (c.actor.sector == "JRN" if wanted == "agency" else c.actor.sector == "REB")]
        word: SectorWord = cand.extra["word"]
        if cand.extra["the"] and earlier:
            chosen.append(_Cand(cand.start, cand.end, earlier[-1].actor, "coreference", "ner"))
        elif word.bare:
            actor = Actor(f"unk:{_slug(text[cand.start:cand.end])}", text[cand.start:cand.end], None, word.sector,
                          None, "organization", False)
            chosen.append(_Cand(cand.start, cand.end, actor, "sector-word", "sector"))
        else:
            continue
        taken.append((cand.start, cand.end))

    chosen.extend(_repeated_group_nouns(matcher, chosen, taken))
    return [ActorMention(Span.of(text, c.start, c.end), c.actor, c.via) for c in sorted(chosen, key=lambda c: c.start)]


def _repeated_group_nouns(matcher: _Matcher, chosen: list[_Cand], taken: list[tuple[int, int]]) -> list[_Cand]:
    """"the first observation point" after "the second Turkish observation point": a definite noun that
    is an actor only with a country word ("Turkish observation point", "Iraqi villages") takes the actor
    of its last mention that had one."""
    text, tokens = matcher.text, matcher.tokens
    found: list[_Cand] = []
    for atom in sorted(matcher.atoms.values(), key=lambda a: a.i):
        hits = atom.of("sector")
        if not hits or atom.i == 0:
            continue
        word = matcher.kb.word(hits[0].ref)
        if word.bare or word.title or word.person or word.anaphor:
            continue
        start, end = matcher.span(atom.i, atom.j)
        if any(start < te and ts < end for ts, te in taken):
            continue
        # "the", then at most one word that is no actor of its own ("the first", "the besieged")
        article = next((k for k in (atom.i - 1, atom.i - 2) if k >= 0 and tokens[k].norm == "the"), None)
        if article is None or any(a.i <= article < a.j or a.i == article + 1 < atom.i for a in matcher.atoms.values()):
            continue
        if atom.j < len(tokens) and tokens[atom.j].norm == "of":
            continue  # "the foreign ministers of Congo and Rwanda" say whose they are
        phrase = text[start:end].lower()
        earlier = [c for c in (*chosen, *found) if c.end <= start and c.actor.code
                   and text[c.start:c.end].lower().endswith(" " + phrase)]
        if earlier and len({c.actor.code for c in earlier}) == 1:  # one country's, else ambiguous
            begin = tokens[article].start
            found.append(_Cand(begin, end, earlier[-1].actor, "coreference", "sector"))
            taken.append((begin, end))
    return found
