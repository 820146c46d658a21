"""Toponym recognition: gazetteer phrase matching on top of NER, with context cues and guards.

NER alone labels many Arabic place names as persons ("Abu Al Thahur", "Sorman"), so every
capitalised word sequence that is a gazetteer name is a candidate. A candidate is kept when NER
calls it a place, a cue precedes it ("the town of", "near", "in"), it is a multi-word name NER does
not call a person or organisation, or it is listed together with a kept place ("Habit, Abu Al
Thahur and Al Hadr"). Names of agreements and projects ("Sochi agreement", "the “Turkish Stream”
project") and demonyms are not places here. Region phrases ("the southern countryside of Idlib",
"northern Syria", "east of the Euphrates") become one mention covering the phrase. A village the
gazetteer lacks ("Katarko village", "the village of X", "a place called X") is still a mention,
placed at the area the text puts it in ("X village in Gujba LGA": Gujba, precision 2) or unresolved.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from eventwire.model import PlaceMention, Span
from eventwire.nlp import text_of
from eventwire.places.gazetteer import Gazetteer, get_gazetteer, place_cues as _cues
from eventwire.places.normalise import ARTICLES, name_key
from eventwire.places.resolve import Toponym, capital_of_phrase, demonym_signals, haversine_km, resolve, to_mention

MAX_TOKENS = 6
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# NER's NORP and WORK_OF_ART are not trusted either way: it gives them to "Aleppo" and "Morek".
_NEVER_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LANGUAGE"}
_ABBREVIATIONS = ("U.S.", "U.K.", "U.S.A.")
_Q = "[\"'“”‘’«»]*"
# a code name of letters and digits ("M23", "G20", "F-16"): an armed group, a forum or a weapon
# that NER calls a place; a place so named carries a place word ("the PK12 neighbourhood" of
# Bangui, "the town of ...") and is kept
_CODE_NAME = re.compile(r"[A-Z]{1,3}-?\d{1,3}[A-Za-z]?")
_PREPOSITIONS = frozenset({"in", "at", "on", "from", "near", "by", "to", "for", "with", "of", "into", "over", "after",
                           "before", "during", "under", "across", "against", "around", "outside", "inside"})
_DIR_ADJ = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?|central"
_DIR_NOUN = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?"
_GAP = re.compile(rf"^[\s,{_Q[1:-2]}]*(?:(?:and|or|,)[\s{_Q[1:-2]}]*)?$")


def _region_patterns() -> dict[str, re.Pattern]:
    strong = "|".join(sorted(_cues()["strong_cues"], key=len, reverse=True))
    weak = "|".join(sorted(_cues()["weak_cues"], key=len, reverse=True))
    near = "|".join(_cues()["near_before"])
    return {
        # "the eastern and southern countryside of " / "southern countryside of the "
        "dir_countryside": re.compile(
            rf"(?:the\s+)?(?P<dir>(?:{_DIR_ADJ})(?:\s+and\s+(?:{_DIR_ADJ}))?)\s+(?:countryside|countrysides|parts?|areas?)\s+of\s+(?:the\s+)?{_Q}$", re.I),
        "countryside_of": re.compile(rf"(?:the\s+)?(?:countryside|countrysides|rural\s+areas)\s+of\s+(?:the\s+)?{_Q}$", re.I),
        # "the south of " (+ "X countryside" after)
        "the_dir_of": re.compile(rf"the\s+(?P<dir>{_DIR_NOUN})\s+of\s+(?:the\s+)?{_Q}$", re.I),
        # "south of ", "east of the "
        "dir_of": re.compile(rf"\b(?P<dir>{_DIR_NOUN})\s+of\s+(?:the\s+)?{_Q}$", re.I),
        # "northern ", "south-eastern "
        "dir_adj": re.compile(rf"(?:the\s+)?\b(?P<dir>{_DIR_ADJ})\s+{_Q}$", re.I),
        "near_of": re.compile(rf"(?:the\s+)?\b(?:{near})\s+of\s+(?:the\s+)?{_Q}$", re.I),
        "strong": re.compile(rf"\b(?P<cue>(?:{strong})(?:\s+of)?)\s+(?:the\s+)?{_Q}\s*$", re.I),
        # "in X", "in southern X", "in central X"
        "weak": re.compile(rf"\b(?P<cue>{weak})\s+(?:the\s+)?(?:(?:{_DIR_ADJ})\s+)?{_Q}\s*$", re.I),
        "after_countryside": re.compile(rf"^{_Q}\s*(?:'s\s+)?(?:countryside|countrysides)\b", re.I),
        "after_admin": re.compile(
            rf"^{_Q}\s*(?P<w>province|governorate|region|oblast|district|county|parish|state)\b", re.I),
        "after_near": re.compile(rf"^{_Q}\s*(?P<w>outskirts|suburbs|area)\b", re.I),
        "after_settlement": re.compile(rf"^{_Q}\s+(?:town|city|village)\b(?!\s+(?:council|hall|centre|center))"),
    }


_PATTERNS: dict[str, re.Pattern] = {}


def _patterns() -> dict[str, re.Pattern]:
    if not _PATTERNS:
        _PATTERNS.update(_region_patterns())
    return _PATTERNS


class _Candidate:
    __slots__ = (
        "start", "end", "tok_start", "tok_end", "label", "inside", "cue", "strong", "accepted", "rejected", "multi",
        "big", "town",
    )

    def __init__(self, start: int, end: int, tok_start: int, tok_end: int) -> None:
        self.start, self.end, self.tok_start, self.tok_end = start, end, tok_start, tok_end
        self.label: str | None = None
        self.inside: str | None = None  # label of a longer entity it sits in
        self.cue: str | None = None
        self.strong = False
        self.accepted = False
        self.rejected = False
        self.multi = False
        self.big = False
        self.town = False


def _gazetteer_spans(doc: Doc, gaz: Gazetteer) -> list[_Candidate]:
    blocked = _cues()["blocked"]
    out: list[_Candidate] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        # a lowercase start only for a hyphenated article: "al-Hader", "el-Fasher"
        hyphened = tok.lower_ in ARTICLES and i + 2 < n and doc[i + 1].text == "-"
        first_ok = tok.is_alpha and (tok.text[:1].isupper() or hyphened) or tok.text in _ABBREVIATIONS
        # (nor a sentence's first "A": "A US soldier" is no "A Us")
        first_ok = first_ok and tok.lower_ != "the" and not (tok.is_sent_start and tok.lower_ in ("a", "an"))
        # nor a preposition capitalised as a sentence's first word: "In Mosul on Saturday" names Mosul
        first_ok = first_ok and not (tok.pos_ == "ADP" and tok.lower_ in _PREPOSITIONS)
        found = None
        if first_ok:
            for size in range(min(MAX_TOKENS, n - i), 0, -1):
                span = doc[i : i + size]
                last = span[-1]
                if not (last.is_alpha or last.text in _ABBREVIATIONS) or not last.text[:1].isupper():
                    continue
                if any(t.is_sent_start for t in span[1:]) or any(t.text in ",;:()[]“”\"" for t in span):
                    continue
                if size == 1 and (tok.lower_ in blocked or tok.is_stop or len(tok.text) <= 2):
                    if tok.text not in _ABBREVIATIONS and not (tok.text.isupper() and _names_area(gaz, tok.text)):
                        continue
                if gaz.lookup_key(name_key(span.text)):
                    found = span
                    break
                # multi-word spelling variants ("Abu Al Thahur" for Abu al-Duhur) by skeleton
                # (not across a day, a month or a number NER reads: "Bonn Tuesday")
                if size >= 2 and all(t.text[:1].isupper() or t.lower_ in ARTICLES for t in span if t.is_alpha) and not any(
                    t.lower_ in blocked or t.ent_type_ in _NEVER_LABELS for t in span
                ):
                    if gaz.lookup_skeleton(span.text):
                        found = span
                        break
        if found is not None:
            out.append(_Candidate(found.start_char, found.end_char, found.start, found.end))
            i = found.end
        else:
            i += 1
    return out


def find_places(doc: Doc, gazetteer: Gazetteer | None = None, with_demonyms: bool = False) -> list[PlaceMention]:
    """Toponyms in a parsed article, resolved to places.

    Args:
        doc: a spaCy Doc (with NER) of the article; spans are character offsets into ``doc.text``.
        gazetteer: an opened gazetteer (the process-wide one by default).
        with_demonyms: also return the adjectives and peoples' names of places ("Russian",
            "Palestinians", cue ``"demonym"``, precision 4), which geoparsing corpora count as
            toponyms; the event stage leaves them out (a "Russian" jet is no event place).

    Example:
        >>> from eventwire import nlp
        >>> doc = nlp.load()("Rebels shelled the town of Morek in northern Hama.")
        >>> [(m.span.text, m.place.country_code) for m in find_places(doc)]
        [('Morek', 'SY'), ('northern Hama', 'SY')]
    """
    gaz = gazetteer or get_gazetteer()
    text = text_of(doc)
    cues = _cues()
    pats = _patterns()
    char_label: dict[int, tuple[str, int, int]] = {}
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            char_label[k] = (ent.label_, ent.start, ent.end)

    # surfaces NER calls (part of) a person anywhere in the article: "Mamlouk" after "Ali Mamlouk"
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    # and names after a personal title: "Mr Bush", "President Bush" (not the town in Egypt)
    person_words |= {
        doc[k + 1].lower_ for k in range(len(doc) - 1)
        if doc[k].lower_.rstrip(".") in cues["person_titles"] and doc[k + 1].is_title and doc[k + 1].ent_type_ == "PERSON"
    }
    cands = _gazetteer_spans(doc, gaz)
    covered = set()
    for c in cands:
        covered.update(range(c.tok_start, c.tok_end))
        labels = [char_label.get(k) for k in range(c.tok_start, c.tok_end)]
        for item in labels:
            if item:
                label, s, e = item
                c.label = label
                if s < c.tok_start or e > c.tok_end:
                    c.inside = label
        words = [t for t in doc[c.tok_start : c.tok_end] if t.is_alpha and t.lower_ not in ARTICLES]
        c.multi = len(words) >= 2
        entries = gaz.lookup_key(name_key(c_text(text, c)))
        c.big = any(
            e.place.feature in ("country", "admin1", "continent", "macroregion", "sea") and e.kind == 0 or e.place.population >= 500_000
            for e in entries
        )
        # a town of 100,000 or more: NER's lone PERSON tag on it ("of 1935 Orchard St., Alexandria")
        # is weaker than the name, unless the article uses the word in a person's name
        c.town = any(e.kind == 0 and e.place.population >= 100_000 for e in entries)
        if c_text(text, c).isupper() and len(c_text(text, c)) <= 5 and c.label not in _PLACE_LABELS and not (
            _names_area(gaz, c_text(text, c))
        ):
            c.label = "ACRONYM"  # "SANA", "RSF": agencies and groups, not villages
    # NER places the gazetteer does not know: kept, resolved loosely if at all
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and not any(k in covered for k in range(ent.start, ent.end)):
            if gaz.demonym(ent.text) is None and ent.text[:1].isupper() and ent.text.lower() not in cues["blocked"]:
                c = _Candidate(ent.start_char, ent.end_char, ent.start, ent.end)
                c.label = "CODE" if _CODE_NAME.fullmatch(ent.text) else ent.label_
                cands.append(c)
    cands.sort(key=lambda c: c.start)

    for c in cands:
        before = text[max(0, c.start - 80) : c.start]
        after = text[c.end : c.end + 40]
        name = c_text(text, c)
        nxt = re.match(rf"^{_Q}\s*{_Q}\s*([A-Za-z]+)", after)
        quoted = bool(re.search(rf"[“\"]\s*[^”\"]*$", before)) and bool(re.match(r"^[^“\"]*[”\"]", after))
        if nxt and nxt.group(1).lower() in cues["not_place_after"]:
            c.rejected = True
        elif quoted and re.match(rf"^[^”\"]*[”\"]\s*(\w+)", after) and re.match(
            rf"^[^”\"]*[”\"]\s*(\w+)", after
        ).group(1).lower() in cues["not_place_after"]:
            c.rejected = True
        elif c.label in _NEVER_LABELS and not (c.label == "LANGUAGE" and c.town) or c.label == "ACRONYM":
            c.rejected = True  # (NER's LANGUAGE on "Aleppo", a city of millions, is no reading)
        elif gaz.demonym(name) is not None and not c.multi and c.label not in _PLACE_LABELS:
            c.rejected = True
        elif _lone_generic_word(doc, c, cues):
            c.rejected = True  # "Street", "River", "Center" alone
        if not c.rejected and c.tok_end < len(doc) and doc[c.tok_end].text[:1].isupper() and (
            doc[c.tok_end].lower_.strip(".") in cues["natural_feature_words"] | cues["street_words"]
        ):  # "the Licking River", "Dublin Road": the river or street is the toponym (resolved only
            # near the article's other places, see resolve._exact_candidates)
            c.tok_end += 1
            c.end = doc[c.tok_end - 1].idx + len(doc[c.tok_end - 1])
            name = c_text(text, c)
        if c.rejected:
            continue
        m = pats["strong"].search(before)
        if m:
            c.cue, c.strong = m.group("cue").lower(), True
        else:
            m = pats["weak"].search(before)
            if m:
                c.cue = m.group("cue").lower()
        if c.cue is None:
            c.cue = _syntactic_cue(doc[c.tok_end - 1], cues)
        # "attacked Damboa town" (not the end of a longer name: "Tsohon Gari village")
        if pats["after_settlement"].match(after) and not (c.tok_start > 0 and doc[c.tok_start - 1].is_title):
            c.cue, c.strong = c.cue or "town", True
        if not c.strong:  # region phrases are cues too: "the south of X countryside", "X province"
            for key in ("dir_countryside", "countryside_of", "the_dir_of", "dir_of", "near_of"):
                if pats[key].search(before):
                    c.cue, c.strong = c.cue or key.replace("_", " "), True
                    break
            if pats["after_countryside"].match(after) or pats["after_admin"].match(after):
                c.cue, c.strong = c.cue or "countryside", True
        person = c.inside == "PERSON" or (not c.multi and name.lower() in person_words) or (
            c.label == "PERSON" and not c.town
        )
        # NER calls "the EU", "the UAE" organisations; a country's or union's own name alone is a
        # place, and so is a city of half a million ("patrolling in central Harare")
        org = c.inside == "ORG" or (c.label == "ORG" and not (c.big or _names_area(gaz, name)))
        if c.strong:
            c.accepted = not (c.inside == "PERSON")
        elif c.label == "CODE":
            word = re.match(r"^\s*([a-z]+)", after)
            c.accepted = bool(word) and word.group(1) in cues["strong_cues"]
        elif c.label in _PLACE_LABELS:
            c.accepted = True
        elif person:
            c.accepted = False
        elif org:
            c.accepted = bool(c.cue) and c.inside is None
        elif c.cue or c.multi or c.big or c.town:  # a town of 100,000 needs no cue ("captured Grozny");
            c.accepted = True  # a person's name that is one ("Bush") is known by a fuller mention elsewhere
    # lists: "Habit, Abu Al Thahur and Al Hadr" — items joined to a kept place are places too
    changed = True
    while changed:
        changed = False
        for a, b in zip(cands, cands[1:]):
            if a.rejected or b.rejected or a.accepted == b.accepted:
                continue
            if _GAP.match(text[a.end : b.start]) and (a.inside is None and b.inside is None):
                a.accepted = b.accepted = True
                changed = True

    toponyms = []
    for c in cands:
        if not c.accepted:
            continue
        t = Toponym(c.start, c.end, c_text(text, c), cue=c.cue)
        _read_region(t, text, pats)
        toponyms.append(t)
    # "the Iraqi capital": the demonym alone is no place, the phrase names the capital city
    for m in re.finditer(r"\b[Tt]he\s+([A-Z][A-Za-z]+\s+capital)\b", text):
        if capital_of_phrase(gaz, m.group(1)) is not None:
            toponyms.append(Toponym(m.start(1), m.end(1), m.group(1), cue="capital"))
    unknown = _unknown_villages(doc, cands, gaz)
    toponyms = _drop_overlaps(toponyms + unknown)
    signals = demonym_signals((tok.text for tok in doc if tok.is_alpha), gaz)
    # a village the gazetteer lacks is not looked up: a spelling match elsewhere ("Busue" ~ "Bacho")
    # is a guess, not what the text says, and must not pull the article's focus either
    lacking = {id(t) for t in unknown}
    resolve([t for t in toponyms if id(t) not in lacking], gaz, signals, text=text)
    areas = _areas_of_villages(toponyms, text)
    by_toponym = {id(t): to_mention(text, t, gaz) for t in toponyms}
    mentions = [
        _village_in(by_toponym[id(t)], by_toponym[id(areas[id(t)])]) if id(t) in areas else by_toponym[id(t)]
        for t in toponyms
    ]
    if with_demonyms:
        taken = {k for t in toponyms for k in range(t.start, t.end)}
        mentions += _demonym_mentions(doc, gaz, taken)
        mentions.sort(key=lambda m: m.span.start)
    return mentions


# a name the words around it call a village: "the village of Katarko", "Busue Village",
# "Garubula village of Biu", "a place called Teiba"
_DISTRICT_WORDS = r"district|neighbou?rhood|suburb|quarter"  # a part of a city, named or not
_NAME = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
_VILLAGE_NAMED = (
    re.compile(rf"\b(?:the|a)\s+(?:village|town|hamlet|settlement|locality)\s+of\s+{_NAME}"),
    re.compile(rf"\b(?:place|village|town|locality|area)\s+(?:called|named|known\s+as)\s+{_NAME}"),
    # (not "community": "Muslim community leaders"; not after "the": "the Olympic Village")
    re.compile(rf"(?<![\w'’-])(?<!the\s){_NAME}\s+[Vv]illage\b"),
    # a district of a city: "the southern district of Saiydiah", "the Sayidda Zaynab district of Damascus"
    re.compile(rf"\b(?:{_DISTRICT_WORDS})\s+of\s+{_NAME}"),
    re.compile(rf"\bthe\s+{_NAME}\s+(?:{_DISTRICT_WORDS})\b"),
)
_NOT_VILLAGE_NAMES = frozenset({"the", "a", "an", "this", "that"})
# what puts such a village in a known area: "..., in Gujba LGA", " of Biu", ", Sherkole District"
_CONTAINED_IN = re.compile(
    rf"^\s*(?:[Vv]illage|community|{_DISTRICT_WORDS}|area)?\s*(?:,\s*)?(?:(?:in|of|near)\s+(?:the\s+)?)?$"
)


# what puts a district in the area named before it: "Baghdad's (northern) neighbourhood of"
DISTRICT_KM = 50.0  # a district's own reading farther than this from its city is another place
_PART_OF_BEFORE = re.compile(rf"^['’]s\s+(?:[a-z-]+\s+)?(?:{_DISTRICT_WORDS}|area)\s+of\s+$")


def _unknown_villages(doc: Doc, cands: list[_Candidate], gaz: Gazetteer) -> list[Toponym]:
    """Villages the gazetteer lacks, found by the words that call them one (see ``_VILLAGE_NAMED``);
    not a name the gazetteer or NER already covers, or a demonym."""
    text = text_of(doc)
    covered = [(c.start, c.end) for c in cands if c.accepted]  # a rejected part ("Gari") does not block
    not_names = _NOT_VILLAGE_NAMES | _cues()["facility_words"] | _cues()["street_words"]
    out: list[Toponym] = []
    for pattern in _VILLAGE_NAMED:
        for m in pattern.finditer(text):
            start, end = m.span("name")
            name = m.group("name")
            first = name.split()[0]
            if any(s < end and start < e for s, e in covered) or first.lower() in not_names:
                continue
            if gaz.demonym(first) is not None:  # "Syrian village" (a PERSON tag is no objection:
                continue  # NER takes unknown villages for people, "Al Zuhayrat village")
            if first.lower() in ARTICLES and len(name.split()) == 1:  # "Al village": no name yet
                continue
            if any(t.start == start for t in out):
                continue
            out.append(Toponym(start, end, name, cue="village"))
    return out


def _areas_of_villages(toponyms: list[Toponym], text: str) -> dict[int, Toponym]:
    """For each place the gazetteer lacks (a village found by its cue or by NER), the area the text
    puts it in: the resolved toponym right after it ("Busue Village in Bannang Sata district",
    "Teiba, Sherkole District": only "village", a comma and in/of/near between), or the city
    before it whose district it is ("Baghdad's southern district of Saiydiah"). One without stays
    unresolved rather than guessed."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    areas: dict[int, Toponym] = {}
    for t in ordered:
        # "Baghdad's northern neighbourhood of Qahira": the city before, in the possessive; a
        # reading of the name far from it is another place of the name (al-Qahira is Cairo)
        preceding = next((o for o in reversed(ordered) if o.end <= t.start and o is not t), None)
        part_of = preceding is not None and preceding.best is not None and bool(
            _PART_OF_BEFORE.match(text[preceding.end : t.start]))
        if t.best is not None:
            if part_of and haversine_km(t.best.place.lat, t.best.place.lon,
                                        preceding.best.place.lat, preceding.best.place.lon) > DISTRICT_KM:
                areas[id(t)] = preceding
            continue
        following = next((o for o in ordered if o.start >= t.end and o is not t), None)
        if following is not None and following.best is not None and _CONTAINED_IN.match(text[t.end : following.start]):
            areas[id(t)] = following
        elif part_of:
            areas[id(t)] = preceding
    return areas


def _village_in(village: PlaceMention, area: PlaceMention) -> PlaceMention:
    """A village placed at the area holding it, at best as precise as a district."""
    assert area.place is not None
    slug = re.sub(r"\W+", "-", village.span.text.lower()).strip("-")
    place = replace(area.place, id=f"{area.place.id}#in:{slug}", name=village.span.text, feature="village")
    return replace(village, place=place, precision=max(area.precision, 2), score=0.0)


def _demonym_mentions(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[PlaceMention]:
    out = []
    for tok in doc:
        if not (tok.is_alpha and tok.text[:1].isupper() and len(tok) > 3) or tok.idx in taken:
            continue
        if tok.ent_type_ in _NEVER_LABELS or tok.ent_type_ == "PERSON":
            continue
        entry = gaz.demonym(tok.text)
        if entry is not None:
            span = Span.of(text_of(doc), tok.idx, tok.idx + len(tok))
            out.append(PlaceMention(span=span, place=entry.place, precision=4, cue="demonym", score=0.0))
    return out


def _names_area(gaz: Gazetteer, name: str) -> bool:
    """An abbreviation that is a country's or a union's own short name ("EU", "UAE", "DPRK")."""
    return any(
        e.kind == 0 and e.place.feature in ("country", "macroregion") for e in gaz.lookup_key(name_key(name))
    )


def _syntactic_cue(last: Token, cues: dict[str, frozenset[str]]) -> str | None:
    """The verb or noun whose object the name is, when that makes it a place: "captured Birao",
    "the siege on Manbij", "an assault against Kobane" (``place_verbs``, ``attack_nouns``)."""
    head = last.head
    if last.dep_ in ("dobj", "obj") and head.pos_ == "VERB" and head.lemma_.lower() in cues["place_verbs"]:
        return head.lemma_.lower()
    noun = head.head
    if last.dep_ == "pobj" and head.lower_ in ("on", "against") and noun.pos_ == "NOUN" and noun.lemma_.lower() in cues["attack_nouns"]:
        return f"{noun.lemma_.lower()} {head.lower_}"
    return None


def _lone_generic_word(doc: Doc, c: _Candidate, cues: dict[str, frozenset[str]]) -> bool:
    """A facility, street or river word standing alone ("Street", "River", "Center")."""
    span = doc[c.tok_start : c.tok_end]
    lone = cues["facility_words"] | cues["natural_feature_words"] | cues["street_words"]
    return len(span) == 1 and span[0].lower_ in lone


def c_text(text: str, c: _Candidate) -> str:
    return text[c.start : c.end]


def _read_region(t: Toponym, text: str, pats: dict[str, re.Pattern]) -> None:
    """Widen a toponym to the region phrase around it and note what kind of area it names."""
    before = text[max(0, t.start - 80) : t.start]
    after = text[t.end : t.end + 40]
    start = t.start
    m = pats["dir_countryside"].search(before)
    if m:
        t.area, t.direction, start = "direction", m.group("dir"), t.start - len(before) + m.start()
        t.area = "countryside"
    elif (m := pats["countryside_of"].search(before)):
        t.area, start = "countryside", t.start - len(before) + m.start()
    # "northwest of the US military base": the base is the reference point, not the country
    elif (m := pats["the_dir_of"].search(before)) and not _modifies_noun(after):
        t.area, t.direction, start = "direction", m.group("dir"), t.start - len(before) + m.start()
    elif (m := pats["near_of"].search(before)) and not _modifies_noun(after):
        t.area, start = "near", t.start - len(before) + m.start()
    elif (m := pats["dir_of"].search(before)) and not _modifies_noun(after):
        t.area, t.direction, start = "near", None, t.start - len(before) + m.start()
    elif (m := pats["dir_adj"].search(before)):
        t.area, t.direction, start = "direction", m.group("dir"), t.start - len(before) + m.start("dir")
    end = t.end
    m = pats["after_countryside"].match(after)
    if m:
        end = t.end + m.end()
        if t.area is None:
            t.area = "countryside"
        elif t.area == "direction":
            t.area = "countryside"
    elif (m := pats["after_admin"].match(after)) and t.area is None:
        end, t.area, t.admin_word = t.end + m.end(), "admin", m.group("w").lower()
    elif (m := pats["after_near"].match(after)) and t.area is None:
        end, t.area = t.end + m.end(), "near"
    if t.area is None and t.cue in ("near", "outside", "around"):
        t.area = "near"
    t.start, t.end = start, end


def _modifies_noun(after: str) -> bool:
    """Whether a name is followed by a word it modifies ("the US military base"): not a function
    word ("north of Baghdad on Monday") nor a word for an area or a settlement ("the Tank city")."""
    m = re.match(r"^\s+([a-z]+)", after)
    if not m:
        return False
    word = m.group(1)
    return word not in STOP_WORDS and word not in _cues()["strong_cues"] and word not in _AREA_NOUNS_AFTER


_AREA_NOUNS_AFTER = frozenset({"province", "governorate", "region", "oblast", "district", "county", "parish", "state",
                               "countryside", "outskirts", "suburb", "suburbs", "area", "city", "town", "village"})


def _drop_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    kept: list[Toponym] = []
    for t in sorted(toponyms, key=lambda t: (t.start, -(t.end - t.start))):
        if kept and t.start < kept[-1].end:
            continue
        kept.append(t)
    return kept


__all__ = ["find_places"]
