"""The workbench page in real headless Chromium (Debian's), driven by Playwright.

``eventwire serve`` runs on a free localhost port over a store seeded with the sample articles.
Without /usr/bin/chromium the tests are skipped, except under CI=true, where they fail
(``bash scripts/setup-web.sh`` installs it). The screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from test_api import REPO, seed_store

CHROMIUM = Path(os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost only
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (REPO / "src/eventwire/web/vendor/leaflet.js").is_file():
        pytest.fail("the page's vendor files are missing: run bash scripts/setup-web.sh")
    db = tmp_path_factory.mktemp("web") / "samples.db"
    seed_store(db)
    port = _free_port()
    log = (tmp_path_factory.getbasetemp() / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "EVENTWIRE_API_TOKEN": ""},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get_json(f"{base}/api/meta")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"eventwire serve did not start (exit {process.poll()}); see {log.name}")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install it with: bash scripts/setup-web.sh"
        if IN_CI:
            pytest.fail(f"CI=true: the browser tests must run. {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    # Nothing may come from the internet: every request must go to the local server.
    page.on("request", lambda request: None if request.url.startswith(server) else outside.append(request.url))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"requests outside the local server: {outside}"


def open_workbench(page: Any, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)


def table_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("#events-table tbody tr", "rows => rows.map(r => r.dataset.eventId)")


def url_params(page: Any) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def wait_for_map_still(page: Any) -> None:
    # Leaflet and markercluster mark the map while a zoom or cluster animation runs.
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")
    page.wait_for_timeout(150)


def click_a_marker(page: Any) -> str:
    """Zoom into clusters until a single event marker shows, click it, return the selected event id."""
    for _ in range(12):
        wait_for_map_still(page)
        marker = page.locator(".ew-marker span[data-event-id]").first
        if marker.count() and marker.is_visible():
            marker_id = marker.get_attribute("data-event-id")
            marker.click()
            page.wait_for_function("() => new URLSearchParams(location.search).has('event')")
            selected = url_params(page)["event"]
            assert selected == marker_id, (selected, marker_id)
            return selected
        page.locator(".ew-cluster").first.click()
    pytest.fail("no event marker became visible after zooming into clusters")


def test_marker_timeline_table_evidence_and_article(page: Any, server: str) -> None:
    everything = _get_json(f"{server}/api/events?limit=5000")
    open_workbench(page, server)
    assert page.locator("#map .leaflet-overlay-pane path").count() > 100  # Natural Earth borders drawn
    assert sorted(table_ids(page)) == sorted(e["id"] for e in everything["items"])

    # A marker selects its event: the row is highlighted, the evidence shows, the URL keeps it.
    event_id = click_a_marker(page)
    page.wait_for_selector(f"#detail blockquote.evidence[data-event-id='{event_id}']")
    record = next(e for e in everything["items"] if e["id"] == event_id)
    assert page.inner_text("#detail blockquote.evidence").strip() == record["evidence"]["sentence"].strip()
    assert page.inner_text("#detail .hl-trigger").strip() == record["evidence"]["trigger"]
    assert page.get_attribute("#events-table tr.selected", "data-event-id") == event_id
    assert url_params(page)["event"] == event_id

    # The timeline: drag over its right part; table, map and URL follow the window.
    overlay = page.locator("#timeline .brush .overlay").bounding_box()
    y = overlay["y"] + overlay["height"] / 2
    page.mouse.move(overlay["x"] + overlay["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(overlay["x"] + overlay["width"] - 2, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('from')")
    params = url_params(page)
    in_window = _get_json(f"{server}/api/events?limit=5000&since={params['from']}&until={params['to']}")["items"]
    rows = table_ids(page)
    assert 0 < len(rows) < len(everything["items"]), (params, len(rows))
    assert sorted(rows) == sorted(e["id"] for e in in_window)  # the page's window = the API's since/until
    assert page.inner_text("#window-label") == f"{params['from']} – {params['to']}"
    shown_markers = page.evaluate("() => clusters.getLayers().length")
    assert shown_markers == sum(1 for e in in_window if e["event_loc"] and e["event_loc"]["lat"] is not None)
    if event_id not in rows:  # the window hid the selection: the evidence panel lets it go
        assert page.locator("#detail .empty").count() == 1 and "event" not in url_params(page)

    # A table row selects its event; the evidence follows.
    chosen = rows[0]
    page.click(f"#events-table tr[data-event-id='{chosen}']")
    page.wait_for_selector(f"#detail blockquote.evidence[data-event-id='{chosen}']")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench.png"), full_page=True)

    # The article view: the text with this event's sentence, trigger, actors, places highlighted.
    page.click("#open-article")
    page.wait_for_selector("#article-view:not([hidden]) #article-text mark")
    chosen_record = next(e for e in in_window if e["id"] == chosen)
    article = _get_json(f"{server}/api/articles/{chosen_record['article_id']}")
    assert page.inner_text("#article-title") == article["title"]
    assert page.inner_text("#article-text").strip() == article["text"].strip()  # nothing added or lost
    sentence = page.eval_on_selector_all("#article-text mark.hl-sentence", "ms => ms.map(m => m.textContent).join('')")
    assert sentence == chosen_record["evidence"]["sentence"]
    triggers = page.eval_on_selector_all("#article-text mark.hl-trigger", "ms => ms.map(m => m.textContent)")
    assert {e["evidence"]["trigger"] for e in article["events"]} <= set(triggers)
    if chosen_record["actor"]:
        actor_words = page.eval_on_selector_all("#article-text mark.hl-actor", "ms => ms.map(m => m.textContent)")
        assert chosen_record["actor"][0]["entity_text"] in "".join(actor_words)
    assert page.locator("#article-events li").count() == len(article["events"])
    # a fused event focuses its own report in this article
    own_report = next((r["event_id"] for r in chosen_record.get("reports", []) if r["article_id"] == article["id"]), chosen)
    assert page.get_attribute("#article-events li.focused", "data-event-id") == own_report
    assert url_params(page)["article"] == article["id"]
    page.screenshot(path=str(ARTIFACTS / "workbench-article.png"))
    page.click("#article-close")
    assert page.locator("#article-view").is_hidden() and "article" not in url_params(page)


def test_filters_live_in_the_url(page: Any, server: str) -> None:
    assaults = _get_json(f"{server}/api/events?type=ASSAULT&limit=5000")["items"]
    open_workbench(page, server, "?type=ASSAULT")
    assert page.input_value("#f-type") == "ASSAULT"
    assert sorted(table_ids(page)) == sorted(e["id"] for e in assaults)
    # Changing a filter in the form rewrites the URL; loading that URL gives the same view.
    page.fill("#f-text", "sarmin")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('text') === 'sarmin'")
    page.wait_for_function("ids => document.querySelectorAll('#events-table tbody tr').length === ids",
                           arg=len(_get_json(f"{server}/api/events?type=ASSAULT&text=sarmin")["items"]))
    shared = page.url
    rows = table_ids(page)
    assert rows
    open_workbench(page, server, "?" + urlparse(shared).query)
    assert table_ids(page) == rows and page.input_value("#f-text") == "sarmin"


def test_network_links_actors_and_filters_on_click(page: Any, server: str) -> None:
    open_workbench(page, server)
    edges = page.locator("#network .links path")
    assert edges.count() > 0 and page.locator("#network .nodes g").count() >= 2
    name = page.locator("#network .nodes g").first.get_attribute("data-actor")
    page.locator("#network .nodes g circle").first.click(force=True)
    page.wait_for_function("name => new URLSearchParams(location.search).get('actor') === name", arg=name)
    expected = _get_json(f"{server}/api/events?limit=5000&actor={urllib.request.quote(name)}")["items"]
    page.wait_for_function("n => document.querySelectorAll('#events-table tbody tr').length === n", arg=len(expected))
    assert sorted(table_ids(page)) == sorted(e["id"] for e in expected)


def test_place_and_radius_from_the_form(page: Any, server: str) -> None:
    expected = _get_json(f"{server}/api/events?limit=5000&place=Idlib&radius_km=60")["items"]
    assert expected
    open_workbench(page, server)
    page.fill("#f-place", "Idlib")
    page.fill("#f-radius", "60")
    page.click("#filters button[type=submit]")
    page.wait_for_function("n => document.querySelectorAll('#events-table tbody tr').length === n", arg=len(expected))
    assert sorted(table_ids(page)) == sorted(e["id"] for e in expected)
    assert url_params(page)["place"] == "Idlib" and url_params(page)["radius_km"] == "60"


def test_a_bad_filter_shows_the_api_message(page: Any, server: str) -> None:
    open_workbench(page, server, "?country=Atlantis")
    page.wait_for_selector("#status.error")
    assert "unknown country" in page.inner_text("#status")
