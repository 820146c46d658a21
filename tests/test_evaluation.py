"""Unit tests of the evaluation metrics and matching rules, on small hand-made records.

No spaCy model and no gold data are needed: events, mentions and gold records are built here.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from eventwire.errors import DataError, InputError
from eventwire.evaluation import HEADLINES, SETS, format_table, run_eval
from eventwire.evaluation import case2021, event_location, geoparsing, plover_gsr, polnear, seed
from eventwire.evaluation.base import ErrorLog
from eventwire.evaluation.metrics import (
    MAX_ERROR_KM,
    PRF,
    auc_of_errors,
    f1,
    haversine_km,
    match_spans,
    normalise_name,
    span_prf,
    weighted_and_macro_f1,
)
from eventwire.model import (
    Actor,
    ActorMention,
    Attribution,
    DateInterval,
    Event,
    Evidence,
    Place,
    PlaceMention,
    Span,
)

# --- builders ---------------------------------------------------------------------------------


def mention(text: str, name: str | None = None, *, id: str = "x", code: str | None = None,
            sector: str | None = None, start: int = 0) -> ActorMention:
    return ActorMention(Span(start, start + len(text), text), Actor(id=id, name=name or text, code=code, sector=sector))


def place(lat: float, lon: float, text: str = "Somewhere", start: int = 0, geonameid: int = 1) -> PlaceMention:
    return PlaceMention(
        Span(start, start + len(text), text),
        Place(f"gn:{geonameid}", text, lat, lon, "SY", None, "city", 4),
        precision=1,
    )


def event(
    text: str,
    sentence: str,
    trigger: str,
    type_: str = "ASSAULT",
    *,
    mode: str | None = None,
    context: tuple[str, ...] = (),
    actors: tuple[ActorMention, ...] = (),
    recipients: tuple[ActorMention, ...] = (),
    location: PlaceMention | None = None,
    date: DateInterval | None = None,
    modality: str = "asserted",
    attribution: tuple[str, ...] = (),
    confidence: float = 0.5,
) -> Event:
    s = text.index(sentence)
    t = text.index(trigger, s)
    return Event(
        id=f"e{s}-{t}",
        article_id="a",
        event=type_,
        mode=mode,
        context=context,
        actors=actors,
        recipients=recipients,
        location=location,
        date=date,
        modality=modality,  # type: ignore[arg-type]
        attribution=tuple(Attribution(source, "said", Span(0, 1, "x")) for source in attribution),
        size=None,
        evidence=Evidence(sentence, Span(s, s + len(sentence), sentence), trigger, Span(t, t + len(trigger), trigger)),
        confidence=confidence,
    )


def interval(start: str, end: str | None = None) -> DateInterval:
    return DateInterval(dt.date.fromisoformat(start), dt.date.fromisoformat(end or start), "day")


# --- metrics ----------------------------------------------------------------------------------


def test_f1_and_prf() -> None:
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0
    assert f1(None, 1.0) is None
    counts = PRF(2, 4, 2, 3) + PRF(1, 1, 1, 1)
    assert (counts.precision, counts.recall) == (0.6, 0.75)
    assert PRF(0, 0, 0, 5).precision is None


def test_span_matching_exact_and_overlap_is_one_to_one() -> None:
    predicted = [(0, 5), (3, 9), (20, 25)]
    gold = [(0, 5), (4, 8), (30, 35)]
    assert match_spans(predicted, gold, exact=True) == [(0, 0)]
    assert sorted(match_spans(predicted, gold, exact=False)) == [(0, 0), (1, 1)]
    # A long prediction covering two gold spans matches only one of them.
    assert len(match_spans([(0, 40)], gold, exact=False)) == 1
    overlap = span_prf(predicted, gold, exact=False)
    assert (overlap.precision, overlap.recall) == (2 / 3, 2 / 3)


def test_weighted_and_macro_f1_by_hand() -> None:
    gold = ["A", "A", "A", "B"]
    predicted = ["A", "A", "B", "none"]
    # A: p=1, r=2/3, f1=0.8; B: p=0, r=0, f1=0.
    weighted, macro = weighted_and_macro_f1(gold, predicted)
    assert weighted == pytest.approx(0.8 * 3 / 4)
    assert macro == pytest.approx(0.4)
    # Classes absent from the gold do not enter the average.
    assert weighted_and_macro_f1(gold, predicted, labels=["A", "B", "C"]) == (weighted, macro)


def test_haversine_and_auc() -> None:
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)
    assert auc_of_errors([0.0, 0.0, 0.0]) == 0.0
    assert auc_of_errors([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(math.log(20040) / math.log(20039))
    # Trapezoid over sorted log errors, normalised by ln(20039) * (n - 1).
    errors = [0.0, 100.0, 1000.0]
    expected = ((0 + math.log(101)) / 2 + (math.log(101) + math.log(1001)) / 2) / (math.log(20039) * 2)
    assert auc_of_errors(errors) == pytest.approx(expected)
    assert auc_of_errors([]) is None


def test_normalise_name() -> None:
    assert normalise_name("The Syrian Arab Army’s") == "syrian arab army"
    assert normalise_name("Erdoğan") == "erdogan"
    assert normalise_name("U.S.") == "u s"


# --- seed / dev -------------------------------------------------------------------------------

TEXT = (
    "Army shells town as talks stall\n"
    "The army shelled the town of Morek on Monday, according to local sources. "
    "Rebels attacked an army post. "
    "Officials met in Moscow to discuss a truce."
)


def gold_article(events: list[seed.GoldEvent]) -> seed.GoldArticle:
    actors = {
        "army": seed.GoldActor("army", frozenset({"army", "syrian arab army", "the army"})),
        "rebels": seed.GoldActor("rebels", frozenset({"rebels", "rebel fighters"})),
        "civilians": seed.GoldActor("civilians", frozenset({"civilians"})),
    }
    places = {
        "morek": seed.GoldPlace("morek", 35.376, 36.69),
        "moscow": seed.GoldPlace("moscow", 55.752, 37.618, tolerance_km=10),
    }
    return seed.GoldArticle("a", TEXT, dt.date(2020, 1, 14), actors, places, tuple(events))


def gold_event(id_: str, quote: str, type_: str = "ASSAULT", core: bool = True, **fields) -> seed.GoldEvent:
    span = seed.find_quote(TEXT, quote)
    assert span is not None
    return seed.GoldEvent(id=id_, core=core, types=frozenset([type_, *fields.pop("also", [])]), quote=quote,
                          quote_span=span, **fields)


def test_find_quote_forgives_whitespace() -> None:
    assert seed.find_quote("a  b\nc", "a b c") == (0, 6)
    assert seed.find_quote("abc", "zzz") is None


def test_matching_core_non_core_false_positive_duplicate_and_headline() -> None:
    g1 = gold_event("G1", "shelled the town of Morek")
    g2 = gold_event("G2", "Rebels attacked an army post", core=False)
    g3 = gold_event("G3", "Officials met in Moscow", "CONSULT")
    extracted = [
        event(TEXT, "Army shells town as talks stall", "shells"),  # headline: ignored
        event(TEXT, "The army shelled the town of Morek on Monday, according to local sources.", "shelled"),
        event(TEXT, "The army shelled the town of Morek on Monday, according to local sources.", "shelled"),
        event(TEXT, "Rebels attacked an army post.", "attacked"),
        event(TEXT, "Officials met in Moscow to discuss a truce.", "truce", "AGREE"),  # wrong type
    ]
    matching = seed.match_events(TEXT, extracted, [g1, g2, g3])
    assert matching.ignored == [0]
    assert matching.credited == {1: 0, 3: 1}
    assert matching.duplicates == [2]
    assert matching.false_positives == [4]
    log = ErrorLog("seed", enabled=True)
    figures = seed.score([gold_article([g1, g2, g3])], [extracted], log)
    assert figures["recall"] == 0.5  # G1 of the two core events G1, G3
    assert figures["precision"] == 0.5  # 2 credited of 4 scored (the headline is not scored)
    assert {r["kind"] for r in log.records} >= {"miss", "duplicate", "false_positive"}


def test_matching_prefers_core_then_the_quote_holding_the_trigger() -> None:
    sentence = "Officials met in Moscow to discuss a truce."
    meet = gold_event("M", "Officials met", "CONSULT", core=False)
    discuss = gold_event("D", "to discuss a truce", "CONSULT", core=False)
    core = gold_event("C", "met in Moscow", "CONSULT")
    first = event(TEXT, sentence, "discuss", "CONSULT")
    assert seed.match_events(TEXT, [first], [meet, discuss]).credited == {0: 1}
    assert seed.match_events(TEXT, [first], [meet, discuss, core]).credited == {0: 2}
    # Two extractions in one sentence: each goes to the gold event its trigger is in, even when the
    # first one could have taken the core event.
    met = event(TEXT, sentence, "met", "CONSULT")
    core_discuss = gold_event("CD", "to discuss a truce", "CONSULT")
    assert seed.match_events(TEXT, [met, first], [meet, core_discuss]).credited == {0: 0, 1: 1}


def test_short_first_line_only() -> None:
    assert seed.headline_end("Short title\nBody.") == len("Short title")
    long_line = " ".join(["word"] * 30) + "\nBody."
    assert seed.headline_end(long_line) == 0
    assert seed.headline_end("No newline at all.") == 0


def test_actor_and_recipient_checks() -> None:
    article = gold_article([])
    g = gold_event("G", "shelled the town of Morek", actors=("army",), recipients=("civilians",))
    sentence = "The army shelled the town of Morek on Monday, according to local sources."
    right = event(TEXT, sentence, "shelled", actors=(mention("The Army"),), recipients=(mention("civilians"),))
    wrong = event(TEXT, sentence, "shelled", actors=(mention("rebel fighters"),))
    alias_inside = event(TEXT, sentence, "shelled", actors=(mention("the Syrian Arab Army units", "unknown"),))
    assert seed.actor_correct(right, g, article.actors) is True
    assert seed.recipient_correct(right, g, article.actors) is True
    assert seed.actor_correct(wrong, g, article.actors) is False
    assert seed.recipient_correct(wrong, g, article.actors) is False
    assert seed.actor_correct(alias_inside, g, article.actors) is True
    # Symmetric: sides pooled; an empty gold recipient is then not scored.
    sym = gold_event("S", "shelled the town of Morek", actors=("army", "rebels"), symmetric=True)
    swapped = event(TEXT, sentence, "shelled", recipients=(mention("army"),))
    assert seed.actor_correct(swapped, sym, article.actors) is True
    assert seed.recipient_correct(swapped, sym, article.actors) is None
    # Unnamed attacker: right only when we name none.
    unnamed = gold_event("U", "shelled the town of Morek", actors=())
    assert seed.actor_correct(event(TEXT, sentence, "shelled"), unnamed, article.actors) is True
    assert seed.actor_correct(right, unnamed, article.actors) is False


def test_place_date_modality_attribution_checks() -> None:
    article = gold_article([])
    g = gold_event("G", "shelled the town of Morek", places=("morek",), date={"on": "2020-01-13", "tolerance_days": 1},
                   modality="reported", attributed_to=("local sources",))
    sentence = "The army shelled the town of Morek on Monday, according to local sources."
    near = place(35.45, 36.69)  # about 8 km north
    far = place(36.2, 37.16)  # Aleppo, about 100 km
    assert seed.place_correct(near, g, article.places) is True
    assert seed.place_correct(far, g, article.places) is False
    assert seed.place_correct(None, g, article.places) is False
    no_place = gold_event("N", "shelled the town of Morek", places=None)
    assert seed.place_correct(None, no_place, article.places) is True
    assert seed.place_correct(near, no_place, article.places) is False

    assert seed.date_correct(interval("2020-01-12"), g) is True  # within one day
    assert seed.date_correct(interval("2020-01-11"), g) is False
    assert seed.date_correct(interval("2020-01-12", "2020-01-15"), g) is False  # runs past the window
    assert seed.date_correct(None, g) is False
    latest = gold_event("L", "shelled the town of Morek", date={"latest": "2020-01-14"})
    assert seed.date_correct(interval("2019-06-01", "2020-01-14"), latest) is True
    assert seed.date_correct(interval("2020-01-15"), latest) is False
    window = gold_event("W", "shelled the town of Morek", date={"from": "2019-12-14", "to": "2020-01-14", "tolerance_days": 7})
    assert seed.date_correct(interval("2019-12-08", "2020-01-14"), window) is True
    assert seed.date_correct(None, gold_event("X", "shelled the town of Morek")) is None

    assert seed.modality_correct(event(TEXT, sentence, "shelled", modality="asserted"), g) is True  # both factual
    assert seed.modality_correct(event(TEXT, sentence, "shelled", modality="planned"), g) is False
    negated = gold_event("Neg", "shelled the town of Morek", modality="negated")
    assert seed.modality_correct(event(TEXT, sentence, "shelled", modality="negated"), negated) is True

    assert seed.attribution_correct(event(TEXT, sentence, "shelled", attribution=("Local sources",)), g) is True
    assert seed.attribution_correct(event(TEXT, sentence, "shelled", attribution=("several local sources",)), g) is True
    assert seed.attribution_correct(event(TEXT, sentence, "shelled", attribution=("SANA",)), g) is False
    unattributed = gold_event("A", "shelled the town of Morek", attributed_to=())
    assert seed.attribution_correct(event(TEXT, sentence, "shelled"), unattributed) is True
    assert seed.attribution_correct(event(TEXT, sentence, "shelled", attribution=("SANA",)), unattributed) is False


def test_argument_accuracy_is_over_credited_events(tmp_path: Path) -> None:
    g = gold_event("G", "shelled the town of Morek", actors=("army",), places=("morek",), modality="asserted")
    sentence = "The army shelled the town of Morek on Monday, according to local sources."
    extracted = [event(TEXT, sentence, "shelled", actors=(mention("army"),), location=place(35.376, 36.69))]
    log = ErrorLog("dev", enabled=True)
    figures = seed.score([gold_article([g])], [extracted], log)
    assert figures["recall"] == 1.0 and figures["precision"] == 1.0
    assert figures["actor_acc"] == 1.0 and figures["place_acc"] == 1.0 and figures["modality_acc"] == 1.0
    assert figures["date_acc"] is None  # the gold gives no date
    assert figures["recipient_acc"] == 1.0  # none in the gold, none extracted
    path = log.write(tmp_path)
    assert path.name == "dev.jsonl"


def test_load_gold_reads_text_beside_the_gold(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "x.txt").write_text("Title\nRebels attacked the town.", encoding="utf-8")
    record = {
        "id": "x", "text": "eval/dev/x.txt", "published": "2020-01-01",
        "actors": [{"id": "reb", "name": "Rebels", "aliases": ["the rebels"]}],
        "places": [{"id": "t", "mention": "town", "lat": 1, "lon": 2}],
        "events": [{"id": "E1", "core": True, "type": "ASSAULT", "also": ["COERCE"], "quote": "Rebels attacked",
                    "actor": ["reb"], "place": "t", "date": None}],
    }
    (tmp_path / "dev" / "x.gold.json").write_text(json.dumps(record), encoding="utf-8")
    article = seed.load_gold(tmp_path / "dev" / "x.gold.json", tmp_path)
    assert article.events[0].types == {"ASSAULT", "COERCE"}
    assert article.events[0].places == ("t",)
    assert "rebels" in article.actors["reb"].names
    record["events"][0]["quote"] = "not in the text"
    (tmp_path / "dev" / "x.gold.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError):
        seed.load_gold(tmp_path / "dev" / "x.gold.json", tmp_path)


# --- PLOVER GSR -------------------------------------------------------------------------------


def test_plover_gsr_renames_v05_types_and_scores_first_actors(tmp_path: Path) -> None:
    records = [
        {"id": "DOC", "event": "DOCUMENT"},
        {"id": "1", "event": "DEMAND", "text": "Iraq demanded that Israel withdraw.",
         "source": [{"actorText": "Iraq", "code": "IRQ", "sector": "GOV"}], "target": [{"actorText": "Israel", "code": "ISR"}]},
        {"id": "2", "event": "FIGHT", "text": "Rebels fought troops.",
         "source": [{"actorText": "Rebels", "code": "SDN", "sector": "REBkur"}], "target": ""},
        {"id": "3", "event": "AGREE", "text": "Japan agreed.", "source": [{"actorText": "Japan", "code": "JAP", "sector": "***"}]},
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    gold = plover_gsr.load_records(path)
    assert [g.event for g in gold] == ["REQUEST", "ASSAULT", "AGREE"]
    assert gold[1].source_sector == "REB" and gold[1].target_code is None
    assert gold[2].source_code == "JPN" and gold[2].source_sector is None

    t1 = gold[0].text
    low = event(t1, t1, "demanded", "ACCUSE", confidence=0.2)
    high = event(t1, t1, "demanded", "REQUEST", confidence=0.9, actors=(mention("Iraq", code="IRQ", sector="GOV"),),
                 recipients=(mention("Israel", code="ISR"),))
    assert plover_gsr.best_event([low, high]) is high
    t2 = gold[1].text
    fought = event(t2, t2, "fought", actors=(mention("Rebels", code="SDN", sector="MIL"),))
    log = ErrorLog("plover-gsr", enabled=True)
    figures = plover_gsr.score(gold, [high, fought, None], log)
    assert figures["type_acc"] == pytest.approx(2 / 3)
    assert figures["source_country_acc"] == pytest.approx(2 / 3)
    assert figures["source_sector_acc"] == 0.5
    assert figures["target_country_acc"] == 1.0
    assert figures["n_no_event"] == 1


# --- CASE 2021 / ACLED mapping ------------------------------------------------------------------

SNIPPET = "Government troops retook the town after shelling it."


def snippet_event(type_: str, mode: str | None = None, *, actor_sector: str | None = None,
                  recipient_sector: str | None = None, confidence: float = 0.5, context: tuple[str, ...] = ()) -> Event:
    actors = (mention("troops", sector=actor_sector),) if actor_sector else ()
    recipients = (mention("people", sector=recipient_sector),) if recipient_sector else ()
    return event(SNIPPET, SNIPPET, "retook", type_, mode=mode, actors=actors, recipients=recipients,
                 confidence=confidence, context=context)


def test_mapping_file_is_valid_and_covers_every_plover_type() -> None:
    from eventwire.model import PLOVER_TYPES

    rules = case2021.load_mapping()
    assert {r.type for r in rules} >= set(PLOVER_TYPES)
    assert all(r.comment for r in rules)
    for r in rules:
        assert r.case is None or r.case in case2021.SEEN_TYPES or r.case in case2021.UNSEEN_TYPES


def test_mapping_rules() -> None:
    label = case2021.case_label
    assert label(snippet_event("ASSAULT", "aerial")) == "AIR_STRIKE"
    assert label(snippet_event("ASSAULT", "heavy-weapons")) == "ART_MISS_ATTACK"
    assert label(snippet_event("ASSAULT", "territory", actor_sector="MIL")) == "GOV_REGAINS_TERIT"
    assert label(snippet_event("ASSAULT", "territory", actor_sector="REB")) == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert label(snippet_event("ASSAULT", recipient_sector="CVL")) == "ATTACK"
    assert label(snippet_event("ASSAULT")) == "ARMED_CLASH"
    assert label(snippet_event("COERCE", "arrest")) == "ARREST"
    assert label(snippet_event("PROTEST", "riot")) == "VIOL_DEMONSTR"
    assert label(snippet_event("PROTEST", "demonstrate")) == "PEACE_PROTEST"
    assert label(snippet_event("AGREE")) == "AGREEMENT"
    assert label(snippet_event("REQUEST")) is None
    rule = case2021.map_event(snippet_event("ASSAULT", "aerial"))
    assert rule is not None and rule.acled == ("Explosions/Remote violence", "Air/drone strike")


def test_mapping_file_errors_name_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("rules:\n  - {type: ASSAULT, case: NOT_A_LABEL, comment: x}\n", encoding="utf-8")
    with pytest.raises(DataError, match="rule 0"):
        case2021.load_mapping(path)
    path.write_text("rules:\n  - {type: ASSAULT, case: ATTACK}\n", encoding="utf-8")
    with pytest.raises(DataError, match="comment"):
        case2021.load_mapping(path)


def test_case_prediction_prefers_seen_types() -> None:
    consult = snippet_event("CONSULT", confidence=0.9)  # DIPLO: unseen
    request = snippet_event("REQUEST", confidence=0.95)  # no ACLED event
    clash = snippet_event("ASSAULT", confidence=0.3)
    assert case2021.predict([request, consult, clash]) == "ARMED_CLASH"
    assert case2021.predict([request, consult]) == "DIPLO"
    assert case2021.predict([request]) == case2021.NONE_LABEL
    assert case2021.predict([]) == case2021.NONE_LABEL
    assert case2021.predict_top([request, consult, clash]) == case2021.NONE_LABEL
    figures = case2021.score(["ATTACK", "ARMED_CLASH"], ["ATTACK", "none"], ["ATTACK", "ATTACK"])
    assert figures["accuracy"] == 0.5
    assert figures["weighted_f1"] == 0.5 and figures["macro_f1"] == 0.5
    assert figures["weighted_f1_top"] == pytest.approx(1 / 3)


def test_load_snippets_reads_unquoted_tsv(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text('id\tEventSnippet\tSubType\n1\tHe said "hi\tATTACK\n', encoding="utf-8")
    assert case2021.load_snippets(path) == [("1", 'He said "hi', "ATTACK")]


# --- event location ---------------------------------------------------------------------------


def test_event_location_records_and_counts(tmp_path: Path) -> None:
    data = [
        {"_id": 1, "source": "RELABEL", "text": "Troops shot a man in Nablus.",
         "spans": [{"start": 7, "end": 11, "label": "VERB"}, {"start": 21, "end": 27, "label": "LOCATION"}]},
        {"_id": 2, "source": "AP", "text": "A man was shot in Gaza.",
         "spans": [{"start": 10, "end": 14, "label": "VERB"}, {"start": 2, "end": 2, "label": "LOCATION"}]},
        {"_id": 3, "source": "AP", "text": "No verb here.", "spans": []},
        {"_id": 4, "source": "Masdar_RA", "text": "Two were killed in Idlib.",
         "spans": [{"start": 9, "end": 15, "label": "VERB"}]},
    ]
    path = tmp_path / "el.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    records = event_location.load_records(path)
    assert [(r.places, r.marked_none, r.scored) for r in records] == [
        (((21, 27),), False, True), ((), True, True), ((), False, False)
    ]
    counts = event_location.Counts()
    nablus = place(32.2, 35.3, "Nablus", start=21)
    gaza = place(31.5, 34.5, "Gaza", start=18)
    idlib = place(35.9, 36.6, "Idlib", start=19)
    assert counts.add(records[0], nablus, [nablus]) is True
    assert counts.add(records[1], gaza, [gaza]) is False  # gold: explicitly no place
    assert counts.add(records[2], idlib, [idlib]) is None  # no LOCATION span at all: not scored
    figures = counts.figures()
    assert figures["place_acc"] == 1.0 and figures["no_place_acc"] == 0.0
    assert figures["precision"] == 0.5 and figures["accuracy"] == 0.5
    assert figures["candidate_recall"] == 1.0
    assert figures["unmarked_chosen_rate"] == 1.0 and figures["n_unmarked"] == 1


# --- geoparsing -------------------------------------------------------------------------------

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="7"><text><![CDATA[Fire in Alexandria and Rapides Parish; also Nowhere.]]></text>
<toponyms>
<toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
<gaztag geonameid="4314550"><name>Alexandria</name><lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
<toponym><start>23</start><end>37</end><phrase>Rapides Parish</phrase>
<gaztag geonameid="4338356"><name>Rapides Parish</name><lat>31.1669</lat><lon>-92.4835</lon></gaztag></toponym>
<toponym><start>44</start><end>51</end><phrase>Nowhere</phrase></toponym>
</toponyms></article></articles>"""


def test_geoparsing_recognition_and_resolution(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    docs = geoparsing.load_lgl(tmp_path / "lgl.xml")
    assert len(docs[0].toponyms) == 3 and docs[0].toponyms[2].lat is None
    alexandria = place(31.3113, -92.4451, "Alexandria", start=8, geonameid=4314550)
    parish_partial = place(31.0, -92.0, "Rapides", start=23)  # overlaps, about 50 km off
    fire = place(0.0, 0.0, "Fire", start=0)  # a false toponym
    tally = geoparsing.Tally()
    log = ErrorLog("lgl", enabled=True)
    wrong_alexandria = place(38.8, -77.05, "Alexandria", start=8)  # Virginia: > 1,000 km off
    geoparsing.score_doc(docs[0], [fire, alexandria, parish_partial], [wrong_alexandria, None], tally, log)
    figures = tally.figures()
    assert figures["toponym_precision"] == pytest.approx(1 / 3)  # only Alexandria exact
    assert figures["toponym_recall"] == pytest.approx(1 / 3)
    assert figures["toponym_recall_overlap"] == pytest.approx(2 / 3)
    assert figures["acc161_given_gold"] == 0.0
    assert figures["mean_error_km"] > 10000  # the unresolved one counts as 20,039 km
    assert figures["acc161_end_to_end"] == 1.0  # both resolvable toponyms found and within 161 km
    assert figures["geonameid_acc_given_gold"] == 0.0
    assert figures["auc"] is not None and 0 < figures["auc"] <= 1
    kinds = {r["kind"] for r in log.records}
    assert {"false_positive", "miss", "wrong_resolution"} <= kinds


def test_pair_resolved_by_span_or_position() -> None:
    a, b = place(1, 1, "A", start=0), place(2, 2, "B", start=5)
    assert geoparsing.pair_resolved([(0, 1), (5, 6)], [b, a]) == [a, b]
    assert geoparsing.pair_resolved([(0, 2), (5, 7)], [a, b]) == [a, b]  # trimmed spans: by position
    assert geoparsing.pair_resolved([(0, 1), (9, 9)], [a]) == [a, None]


# --- PolNeAR ----------------------------------------------------------------------------------

ANN = """T1\tSource 0 9\tThe Times
T2\tCue 10 17\treports
T3\tContent 18 30;35 40\tthat it rains
E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1
T4\tAttribution-no-source 50 55\tsaid
T5\tCue 50 55\tsaid
E2\tAttribution-no-source:T4 Cue:T5
"""


def test_polnear_parse_and_relation_matching() -> None:
    gold = polnear.parse_ann(ANN)
    assert gold == [
        polnear.Relation((10, 17), (0, 9), (18, 40)),
        polnear.Relation((50, 55), None, None),
    ]
    ours = [polnear.Relation((10, 17), (4, 9), None), polnear.Relation((50, 55), (45, 49), None)]
    assert polnear.relation_prf(ours, gold) == PRF(1, 2, 1, 2)
    tally = polnear.Tally()
    log = ErrorLog("polnear-dev", enabled=True)
    polnear.score_text(polnear.GoldText("t", "x" * 60, tuple(gold)), ours, tally, log)
    figures = tally.figures()
    assert figures["cue_f1"] == 1.0 and figures["cue_f1_exact"] == 1.0
    assert figures["source_precision"] == 0.5 and figures["source_recall"] == 1.0
    assert figures["source_f1_exact"] == 0.0


# --- harness ----------------------------------------------------------------------------------


def test_run_eval_rejects_unknown_sets_and_missing_data(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a gold set"):
        run_eval(["nope"], tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        run_eval(["seed"], tmp_path / "missing")
    with pytest.raises(InputError, match="not found"):
        run_eval(["plover-gsr"], tmp_path)


def test_set_names_and_headlines() -> None:
    assert list(SETS) == ["seed", "dev", "plover-gsr", "case2021-task2", "event-location", "geowebnews", "lgl", "polnear-dev"]
    assert set(HEADLINES) == set(SETS)
    for name in ("geowebnews", "lgl"):
        assert {"toponym_f1", "acc161_given_gold", "acc161_end_to_end", "mean_error_km", "auc"} <= set(HEADLINES[name])


def test_format_table_puts_headlines_first() -> None:
    table = format_table({"lgl": {"n_toponyms": 5, "auc": 0.25, "toponym_f1": None}})
    lines = table.splitlines()
    assert lines[0].split() == ["set", "figure", "value"]
    assert [line.split()[1] for line in lines[2:]] == ["toponym_f1", "auc", "n_toponyms"]
    assert lines[2].split()[2] == "-"


# --- typing3: ACLED codes one demonstration by its most serious feature --------------------------

def test_case_prediction_codes_a_protest_by_its_most_serious_feature() -> None:
    rally = snippet_event("PROTEST", "demonstrate", confidence=0.9)
    stones = snippet_event("PROTEST", "riot", confidence=0.4)
    dispersal = snippet_event("COERCE", "restrict", confidence=0.6, context=("protest",))
    shooting = snippet_event("ASSAULT", confidence=0.5, context=("protest",))
    assert case2021.predict([rally, dispersal]) == "PROTEST_WITH_INTER"
    assert case2021.predict([rally, dispersal, shooting]) == "FORCE_AGAINST_PROTEST"
    assert case2021.predict([rally, dispersal, shooting, stones]) == "VIOL_DEMONSTR"
    # a snippet led by another kind of event keeps its label
    clash = snippet_event("ASSAULT", confidence=0.95)
    assert case2021.predict([clash, stones]) == "ARMED_CLASH"
