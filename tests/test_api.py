"""The REST API through FastAPI's in-process client, on a store seeded with the sample articles.

Also schemathesis against the OpenAPI document: no request it makes may end in a server error,
and every error answer has the one JSON shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.ingest import read_inputs
from eventwire.model import Article
from eventwire.pipeline import analyse
from eventwire.store import open_store

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
TOKEN = "test-token-5f2c"

pytestmark = pytest.mark.slow


def seed_store(location: str | Path) -> None:
    """Run the pipeline on samples/articles/*.txt (dates and publisher from the manifest) into a store."""
    with open_store(location) as store:
        for line in (SAMPLES / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            for article in read_inputs(SAMPLES / entry["path"], published=entry["published"],
                                       publisher=entry["publisher"]):
                assert isinstance(article, Article), article
                store.add_article(article, analyse(article).events)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "samples.db"
    seed_store(path)
    return path


@pytest.fixture(scope="module")
def client(seeded: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeded)) as test_client:
        yield test_client


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}, body
    for word in words:
        assert word in body["error"]["message"], body
    return body["error"]


# --- events -----------------------------------------------------------------------------------


def test_events_page_has_total_and_follows_limit_offset(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()
    total = everything["total"]
    assert total == len(everything["items"]) >= 20  # the six samples hold a few dozen events
    page = client.get("/api/events", params={"limit": 5, "offset": 3}).json()
    assert page["total"] == total and (page["limit"], page["offset"]) == (5, 3)
    assert [e["id"] for e in page["items"]] == [e["id"] for e in everything["items"][3:8]]
    assert client.get("/api/events", params={"limit": 0}).json()["items"] == []


def test_event_filters(client: TestClient) -> None:
    assaults = client.get("/api/events", params={"type": "assault", "limit": 1000}).json()
    assert assaults["total"] > 0 and {e["event"] for e in assaults["items"]} == {"ASSAULT"}
    syria = client.get("/api/events", params={"country": "SY"}).json()["items"]
    assert syria and all(e["event_loc"]["country_code"] == "SY" for e in syria)
    # Sarmin, Idlib (35.90 N, 36.73 E): the box and the circle around it find the same events there.
    box = client.get("/api/events", params={"bbox": "36.5,35.7,37.0,36.1"}).json()["items"]
    circle = client.get("/api/events", params={"near": "35.904,36.725,20"}).json()["items"]
    assert box and {e["id"] for e in box} == {e["id"] for e in circle}
    assert all(35.7 <= e["event_loc"]["lat"] <= 36.1 for e in box)
    found = client.get("/api/events", params={"text": "SARMIN"}).json()["items"]
    assert found and all("sarmin" in json.dumps(e, ensure_ascii=False).lower() for e in found)
    window = client.get("/api/events", params={"since": "2024-03-01", "until": "2024-03-31"}).json()["items"]
    assert window and all(e["date"] <= "2024-03-31" and (e["enddate"] or e["date"]) >= "2024-03-01" for e in window)


def test_place_and_radius(client: TestClient) -> None:
    near_idlib = client.get("/api/events", params={"place": "Idlib", "radius_km": 60}).json()["items"]
    assert near_idlib and all(e["event_loc"]["admin1"] == "Idlib" for e in near_idlib)
    assert_error(client.get("/api/events", params={"place": "Nowhereville Qqq"}), 400, "place", "gazetteer")


def test_one_event_has_reports_and_evidence(client: TestClient) -> None:
    first = client.get("/api/events", params={"text": "Sarmin", "limit": 1, "level": "reports"}).json()["items"][0]
    record = client.get(f"/api/events/{first['id']}").json()
    assert record["id"] == first["id"] and record["evidence"]["sentence"]
    (report,) = record["reports"]
    assert report["article_id"] == first["article_id"] and report["event_id"] == first["id"]
    assert report["publisher"] == "eventwire samples" and report["published"] == "2024-03-05"
    assert_error(client.get("/api/events/no-such-id"), 404, "no-such-id")


def test_events_default_to_fused_events_with_their_reports(client: TestClient) -> None:
    fused = client.get("/api/events", params={"limit": 5000}).json()
    reports = client.get("/api/events", params={"level": "reports", "limit": 5000}).json()
    assert fused["items"] and all(e["id"].startswith("F-") for e in fused["items"])
    assert not any(e["id"].startswith("F-") for e in reports["items"])
    members = sorted(r["event_id"] for e in fused["items"] for r in e["reports"])
    assert members == sorted(e["id"] for e in reports["items"])  # every report in exactly one fused event
    one = client.get(f"/api/events/{fused['items'][0]['id']}").json()
    assert one["reports"] == fused["items"][0]["reports"] and one["n_publishers"] >= 1
    assert client.get("/api/events", params={"min_publishers": 99}).json()["total"] == 0


# --- articles, actors, places, export ---------------------------------------------------------


def test_articles_and_article_view(client: TestClient) -> None:
    listed = client.get("/api/articles").json()
    assert listed["total"] == 6 and all("text" not in a for a in listed["items"])
    assert sum(a["n_events"] for a in listed["items"]) == client.get("/api/events", params={"level": "reports"}).json()["total"]
    one = next(a for a in listed["items"] if a["n_events"])
    article = client.get(f"/api/articles/{one['id']}").json()
    assert len(article["events"]) == one["n_events"]
    for event in article["events"]:  # offsets index the article's text
        start, end = event["evidence"]["span"]
        assert article["text"][start:end] == event["evidence"]["sentence"]
    assert client.get("/api/articles", params={"text": "zamzam"}).json()["total"] == 1
    assert_error(client.get("/api/articles/nope"), 404, "nope")


def test_actors_and_places(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 3}).json()
    assert actors["total"] >= 3 and len(actors["items"]) == 3
    counts = [a["n_events"] for a in actors["items"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    places = client.get("/api/places", params={"text": "sarm"}).json()["items"]
    assert places and all("sarm" in p["name"].lower() for p in places)


def test_export_formats(client: TestClient, tmp_path: Path) -> None:
    import pandas as pd

    total = client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    jsonl = client.get("/api/export", params={"type": "ASSAULT", "format": "jsonl"})
    assert jsonl.headers["content-disposition"].endswith('events.jsonl"')
    assert len(jsonl.text.splitlines()) == total
    assert [json.loads(line)["id"] for line in jsonl.text.splitlines()] == [
        e["id"] for e in client.get("/api/events", params={"type": "ASSAULT"}).json()["items"]]
    geojson = client.get("/api/export", params={"type": "ASSAULT", "format": "geojson"}).json()
    assert geojson["type"] == "FeatureCollection" and geojson["features"]
    assert all(f["geometry"]["type"] == "Point" for f in geojson["features"] if f["geometry"])
    csv_lines = client.get("/api/export", params={"type": "ASSAULT", "format": "csv"}).text.splitlines()
    assert csv_lines[0].startswith("id,article_id,date") and len(csv_lines) >= total + 1
    acled = client.get("/api/export", params={"type": "ASSAULT", "format": "acled-csv"})
    (tmp_path / "acled.csv").write_bytes(acled.content)
    table = pd.read_csv(tmp_path / "acled.csv")
    assert {"event_date", "event_type", "sub_event_type", "actor1", "latitude", "fatalities"} <= set(table.columns)
    assert len(table) == total and set(table["event_type"]) <= {"Battles", "Violence against civilians",
                                                                "Explosions/Remote violence"}
    parquet = client.get("/api/export", params={"type": "ASSAULT", "format": "parquet"})
    (tmp_path / "events.parquet").write_bytes(parquet.content)
    assert len(pd.read_parquet(tmp_path / "events.parquet")) == total


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"since": "last week"}, 422, ("since",)),
        ({"limit": -1}, 422, ("limit",)),
        ({"limit": 100000}, 422, ("limit",)),
        ({"type": "BOMBING"}, 400, ("unknown PLOVER event type",)),
        ({"country": "Atlantis"}, 400, ("unknown country",)),
        ({"bbox": "1,2,3"}, 400, ("bbox", "west,south,east,north")),
        ({"bbox": "0,50,10,40"}, 400, ("bbox",)),
        ({"near": "91,0,10"}, 400, ("near",)),
        ({"near": "nan,0,10"}, 400, ("near",)),
        ({"actor": "a\x00b"}, 400, ("NUL",)),
        ({"level": "both"}, 422, ("level",)),
    ],
)
def test_bad_parameters_get_the_error_shape(client: TestClient, params: dict[str, Any], status: int,
                                            words: tuple[str, ...]) -> None:
    assert_error(client.get("/api/events", params=params), status, *words)


def test_unknown_route_and_method_get_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404)
    assert_error(client.delete("/api/events"), 405)


# --- ingest and its token ---------------------------------------------------------------------

NEW_ARTICLE = {"text": "Police arrested twelve protesters in Bamako on Monday, officials said.",
               "published": "2024-05-07", "publisher": "test wire", "title": "Arrests in Bamako"}


def test_read_only_without_token(client: TestClient) -> None:
    error = assert_error(client.post("/api/articles", json=NEW_ARTICLE), 403, "read-only")
    assert error["code"] == "forbidden"


def test_ingest_needs_the_token(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "ingest.db", token=TOKEN)) as client:
        assert_error(client.post("/api/articles", json=NEW_ARTICLE), 401, "bearer token")
        assert_error(client.post("/api/articles", json=NEW_ARTICLE, headers={"Authorization": "Bearer wrong"}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert_error(client.post("/api/articles", json={"title": "no text"}, headers=auth), 422, "text")
        created = client.post("/api/articles", json=NEW_ARTICLE, headers=auth)
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["stored"] is True and body["n_events"] >= 1
        again = client.post("/api/articles", json=NEW_ARTICLE, headers=auth)
        assert again.status_code == 200 and again.json() == {**body, "stored": False}
        stored = client.get(f"/api/articles/{body['article_id']}").json()
        assert stored["publisher"] == "test wire" and len(stored["events"]) == body["n_events"]


def test_token_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", TOKEN)
    with TestClient(create_app(tmp_path / "env.db")) as client:
        assert_error(client.post("/api/articles", json=NEW_ARTICLE), 401)
        assert client.get("/api/meta").json()["read_only"] is False


# --- the page and the OpenAPI document --------------------------------------------------------


def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/actors", "/api/places", "/api/export"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/articles"]
    # /docs and /redoc would load their scripts from a CDN: the server works offline without them.
    assert_error(client.get("/docs"), 404)


def test_page_is_served_with_local_assets_only(client: TestClient) -> None:
    page = client.get("/")
    if page.status_code == 503:
        pytest.fail("vendor files missing: run bash scripts/setup-web.sh")
    html = page.text
    assert "/static/workbench.js" in html and "/static/vendor/leaflet.js" in html
    assert "http://" not in html and "https://" not in html  # nothing from the internet
    for asset in ("/static/workbench.js", "/static/workbench.css", "/static/vendor/leaflet.js",
                  "/static/vendor/countries-50m.json"):
        assert client.get(asset).status_code == 200, asset


# --- schemathesis -----------------------------------------------------------------------------


def test_schemathesis_finds_no_server_error(seeded: Path) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    app = create_app(seeded, token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    calls: dict[str, int] = {}
    for operation in schema.get_all_operations():
        api_operation = operation.ok()
        strategy = api_operation.as_strategy()

        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            response = case.call()
            calls[f"{case.method} {case.path}"] = calls.get(f"{case.method} {case.path}", 0) + 1
            documented_not_implemented = response.status_code == 501 and "fusion" in response.text
            if response.status_code >= 500 and not documented_not_implemented:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code} {response.text[:200]}")
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"}, (case.path, body)

        given(strategy)(check)()
    assert not failures, "\n".join(failures[:10])
    assert len(calls) == 9, calls  # every operation was exercised
    assert sum(calls.values()) >= 100, calls
