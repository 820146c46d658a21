"""The reference article (../shared/corpus/seed): spans slice the text, nothing is placed at a name of a thing.

Core-event recall and precision on it are pinned by tests/test_eval_floors.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventwire.model import Article
from eventwire.pipeline import analyse

pytestmark = [pytest.mark.shared, pytest.mark.slow]
SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "mamlouk-fidan-moscow.txt"


@pytest.fixture(scope="module")
def analysis():
    if not SEED.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"reference article missing at {SEED}; CI must check it")
        pytest.skip(f"reference article not found at {SEED} (check out ../shared)")
    text = SEED.read_text(encoding="utf-8")
    return analyse(Article.from_text(text, published=__import__("datetime").date(2020, 1, 14)))


def test_every_span_slices_the_text(analysis) -> None:
    text = analysis.article.text
    assert analysis.events
    for event in analysis.events:
        spans = [event.evidence.span, event.evidence.trigger_span]
        spans += [m.span for m in (*event.actors, *event.recipients)]
        spans += [p.span for p in event.places] + [a.span for a in event.attribution]
        if event.date and event.date.span:
            spans.append(event.date.span)
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_no_event_is_placed_at_an_agreement_or_a_project(analysis) -> None:
    for event in analysis.events:
        for place in event.places:
            assert "Sochi" not in place.span.text and "Stream" not in place.span.text
            assert place.place is None or place.place.name != "Sochi"


def test_the_moscow_meeting_is_reported_by_the_media(analysis) -> None:
    meeting = next(e for e in analysis.events if e.event == "CONSULT" and e.location
                   and e.location.span.text == "Moscow")
    assert {m.actor.id for m in meeting.actors} >= {"ali-mamlouk", "hakan-fidan"}
    assert meeting.modality == "reported"
    assert any("media" in a.source for a in meeting.attribution)
