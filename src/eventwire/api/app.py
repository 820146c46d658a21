"""The FastAPI application: read-only queries over a store, ingest behind a bearer token, the page.

Every list answer is a page: ``{"total", "limit", "offset", "items"}``. Every error is
``{"error": {"code", "message", "detail"}}`` (see :mod:`eventwire.api.errors`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import os
import tempfile
from contextlib import asynccontextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from eventwire.api.errors import ApiError, ErrorResponse, install_error_handlers
from eventwire.errors import InputError
from eventwire.model import PLOVER_TYPES, Article
from eventwire.store import Store, open_store

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
TOKEN_ENV = "EVENTWIRE_API_TOKEN"
MAX_LIMIT = 5000
MAX_OFFSET = 10_000_000  # beyond any store; keeps the integer inside SQL's 64 bits
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in ((400, "A parameter has a bad value"), (422, "A parameter is malformed"))
}


class Level(str, Enum):
    reports = "reports"
    fused = "fused"


class ExportFormat(str, Enum):
    """Download formats: the formats of ``eventwire export`` and the table's own CSV columns."""

    jsonl = "jsonl"  # PLOVER JSONL (the same as plover-jsonl)
    plover_jsonl = "plover-jsonl"
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    csv = "csv"  # the event table's columns, as `eventwire events --format csv`


EXPORT_MEDIA = {"jsonl": "application/x-ndjson", "plover-jsonl": "application/x-ndjson", "acled-csv": "text/csv",
                "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet", "csv": "text/csv"}
EXPORT_SUFFIX = {"jsonl": "jsonl", "plover-jsonl": "jsonl", "acled-csv": "csv", "geojson": "geojson",
                 "parquet": "parquet", "csv": "csv"}


class Page(BaseModel):
    total: int = Field(description="How many items match, over all pages")
    limit: int
    offset: int
    items: list[dict[str, Any]]


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, description="The article's text")
    title: str | None = None
    published: dt.date | None = Field(None, description="Publication date, for relative dates in the text")
    publisher: str | None = None
    url: str | None = None
    id: str | None = Field(None, description="An id of your own; by default a hash of the normalised text")


class IngestResult(BaseModel):
    article_id: str
    stored: bool = Field(description="False when the article was already stored (nothing changed)")
    n_events: int


def _no_nul(value: str | None, name: str) -> str | None:
    # PostgreSQL cannot compare with text holding NUL; refuse it alike on every backend.
    if value is not None and "\x00" in value:
        raise InputError(name, "contains a NUL character")
    return value


def _floats(value: str, name: str, count: int, shape: str) -> tuple[float, ...]:
    parts = [part.strip() for part in value.split(",")]
    try:
        numbers = tuple(float(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != count or any(n != n or n in (float("inf"), float("-inf")) for n in numbers):
        raise InputError(name, f"expected {shape} as {count} comma-separated numbers, got {value!r}")
    return numbers


class EventFilters:
    """The query parameters shared by /api/events, /api/events/count and /api/export."""

    def __init__(
        self,
        type: Annotated[str | None, Query(description=f"PLOVER event type, one of {', '.join(PLOVER_TYPES)}")] = None,  # noqa: A002
        mode: Annotated[str | None, Query(description="PLOVER mode, e.g. shelling")] = None,
        actor: Annotated[str | None, Query(description="Actor or recipient: name, code or words (substring)")] = None,
        country: Annotated[str | None, Query(description="Country of the event place: ISO3, ISO2 or name")] = None,
        since: Annotated[dt.date | None, Query(description="Events overlapping this date or later")] = None,
        until: Annotated[dt.date | None, Query(description="Events overlapping this date or earlier")] = None,
        near: Annotated[str | None, Query(description="lat,lon,km: events within km of the point")] = None,
        place: Annotated[str | None, Query(description="A place name; events within radius_km of it")] = None,
        radius_km: Annotated[float, Query(ge=0, le=20_000, description="Radius for place, km")] = 50.0,
        bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
        modality: Annotated[str | None, Query(description="asserted, reported, negated, planned, ...")] = None,
        text: Annotated[str | None, Query(description="Substring of the evidence sentence, actors or place")] = None,
        article_id: Annotated[str | None, Query(description="Events of one article")] = None,
        min_publishers: Annotated[int | None, Query(ge=1, le=10_000, description="Fused events with at least this many publishers")] = None,
        level: Annotated[Level, Query(description="fused (real-world events, the default) or reports (one per article)")] = Level.fused,
    ) -> None:
        for name, value in (("type", type), ("mode", mode), ("actor", actor), ("country", country), ("near", near),
                            ("place", place), ("bbox", bbox), ("modality", modality), ("text", text),
                            ("article_id", article_id)):
            _no_nul(value, name)
        if type and type.strip().upper() not in PLOVER_TYPES:
            raise InputError("type", f"unknown PLOVER event type {type!r}", f"use one of {', '.join(PLOVER_TYPES)}")
        if near and place:
            raise InputError("near", "give either near or place, not both")
        circle = _floats(near, "near", 3, "lat,lon,km") if near else None
        if place:
            from eventwire.places import lookup_place

            found = lookup_place(place)
            if found is None:
                raise InputError("place", f"no place called {place!r} in the gazetteer", "check the spelling")
            circle = (found.lat, found.lon, radius_km)
        self.filters: dict[str, Any] = {
            "type": type, "mode": mode, "actor": actor, "country": country, "since": since, "until": until,
            "near": circle, "bbox": _floats(bbox, "bbox", 4, "west,south,east,north") if bbox else None,
            "modality": modality, "text": text, "article_id": article_id, "min_publishers": min_publishers,
            "fused": level is Level.fused,
        }
        # Only what was given, so a store without fusion is not asked about it.
        self.filters = {key: value for key, value in self.filters.items() if value not in (None, False)}


Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"At most this many items (<= {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items first")]


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _report(record: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any]:
    article = article or {}
    return {"event_id": record["id"], "article_id": record["article_id"], "publisher": article.get("publisher"),
            "title": article.get("title"), "published": article.get("published"), "url": article.get("url")}


def _article_meta(article: Article) -> dict[str, Any]:
    record = article.to_record()
    record.pop("text")
    return record


def _export_body(records: list[dict[str, Any]], fmt: ExportFormat, publisher: Any) -> bytes:
    """The download, written by :mod:`eventwire.export` so the API and ``eventwire export`` agree."""
    from eventwire.export import export as write_export

    if fmt is ExportFormat.csv:
        from eventwire.cli import OutputFormat, write_records  # the CLI's table columns, one definition

        buffer = io.StringIO()
        write_records(records, OutputFormat.csv, buffer)
        return buffer.getvalue().encode("utf-8")
    if fmt is ExportFormat.parquet:  # a binary file format: written to a temporary file, then read back
        with tempfile.TemporaryDirectory(prefix="eventwire-export-") as folder:
            path = Path(folder) / "events.parquet"
            write_export(records, "parquet", path=path)
            return path.read_bytes()
    name = "plover-jsonl" if fmt is ExportFormat.jsonl else fmt.value
    buffer = io.StringIO()
    write_export(records, name, out=buffer, publisher=publisher)
    return buffer.getvalue().encode("utf-8")


def create_app(store_url: str | Path, token: str | None = None) -> FastAPI:
    """The API and page over the store at ``store_url`` (a path or database URL).

    Args:
        token: bearer token that allows ``POST /api/articles`` (ingest). Without one (and without
            ``$EVENTWIRE_API_TOKEN``) the API is read-only.
    """
    token = token or os.environ.get(TOKEN_ENV) or None
    store: Store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202
        yield
        store.close()

    app = FastAPI(
        title="eventwire",
        version="1",
        summary="Event data from news reports: who did what to whom, where, when, on what evidence.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; the server must work
        # offline, so only the OpenAPI document itself is served (/openapi.json).
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.read_only = token is None
    install_error_handlers(app)

    def require_token(request: Request) -> None:
        if token is None:
            raise ApiError(403, "this server is read-only; start it with --token (or $EVENTWIRE_API_TOKEN) to allow ingest")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(401, "a valid bearer token is needed: Authorization: Bearer <token>",
                           headers={"WWW-Authenticate": "Bearer"})

    # --- events ---

    @app.get("/api/events", response_model=Page, responses=ERRORS, tags=["events"])
    def list_events(filters: Annotated[EventFilters, Depends()], limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Events matching every filter given, ordered by date (undated last), then id."""
        items = store.events(**filters.filters, limit=limit, offset=offset)
        return _page(store.count_events(**filters.filters), limit, offset, items)

    @app.get("/api/events/{event_id}", responses={**ERRORS, 404: {"model": ErrorResponse}}, tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its reports (article, publisher, date) and evidence."""
        _no_nul(event_id, "event_id")
        record = store.event(event_id)
        if record is None:
            raise ApiError(404, f"no event {event_id!r}")
        if "reports" not in record:  # a report-level event is its own single report
            article = store.article(record["article_id"])
            record = {**record, "reports": [_report(record, _article_meta(article) if article else None)],
                      "n_publishers": 1 if article and article.publisher else 0}
        return record

    @app.get("/api/export", responses={**ERRORS, 200: {"content": {media: {} for media in set(EXPORT_MEDIA.values())}}},
             tags=["events"])
    def export(filters: Annotated[EventFilters, Depends()],
               format: Annotated[ExportFormat, Query(description="plover-jsonl (or jsonl), acled-csv, geojson, parquet, "
                                                                  "or csv (the table's columns)")] = ExportFormat.jsonl,  # noqa: A002
               ) -> Response:
        """Every event matching the filters, as a download in one of the formats of ``eventwire export``."""
        records = store.events(**filters.filters)
        publishers: dict[str, str | None] = {}

        def publisher(article_id: str) -> str | None:
            if article_id not in publishers:
                article = store.article(article_id)
                publishers[article_id] = article.publisher if article else None
            return publishers[article_id]

        body = _export_body(records, format, publisher)
        media = EXPORT_MEDIA[format.value]
        charset = "" if format is ExportFormat.parquet else "; charset=utf-8"
        return Response(body, media_type=media + charset,
                        headers={"Content-Disposition": f'attachment; filename="events.{EXPORT_SUFFIX[format.value]}"'})

    # --- articles ---

    @app.get("/api/articles", response_model=Page, responses=ERRORS, tags=["articles"])
    def list_articles(
        limit: Limit = 100, offset: Offset = 0,
        since: Annotated[dt.date | None, Query(description="Published on or after")] = None,
        until: Annotated[dt.date | None, Query(description="Published on or before")] = None,
        text: Annotated[str | None, Query(description="Substring of the title, publisher or text")] = None,
    ) -> dict[str, Any]:
        """Stored articles (without their text), with how many events each has."""
        _no_nul(text, "text")
        items = store.articles(limit=limit, offset=offset, since=since, until=until, text=text)
        return _page(store.count_articles_matching(since=since, until=until, text=text), limit, offset, items)

    @app.get("/api/articles/{article_id}", responses={**ERRORS, 404: {"model": ErrorResponse}}, tags=["articles"])
    def get_article(article_id: str) -> dict[str, Any]:
        """One article with its text and its events (offsets index the text)."""
        _no_nul(article_id, "article_id")
        article = store.article(article_id)
        if article is None:
            raise ApiError(404, f"no article {article_id!r}")
        return {**article.to_record(), "events": store.events(article_id=article_id)}

    @app.post("/api/articles", status_code=201, response_model=IngestResult,
              responses={**ERRORS, 200: {"model": IngestResult, "description": "Already stored"},
                         401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
              dependencies=[Depends(require_token)], tags=["articles"])
    def ingest(body: IngestRequest) -> Any:
        """Run the pipeline on one article and store it (needs the server's bearer token)."""
        from eventwire.pipeline import analyse

        for name in ("text", "title", "publisher", "url", "id"):
            _no_nul(getattr(body, name), name)
        fields = body.model_dump(exclude_none=True)
        article = Article.from_text(fields.pop("text"), source="api", **fields)
        if store.has_article(article.id):
            return JSONResponse({"article_id": article.id, "stored": False,
                                 "n_events": store.count_events(article_id=article.id)}, status_code=200)
        events = analyse(article).events
        stored = store.add_article(article, events)
        return {"article_id": article.id, "stored": stored, "n_events": len(events)}

    # --- actors and places ---

    @app.get("/api/actors", response_model=Page, responses=ERRORS, tags=["actors and places"])
    def list_actors(limit: Limit = 100, offset: Offset = 0,
                    text: Annotated[str | None, Query(description="Substring of name, code or words")] = None,
                    ) -> dict[str, Any]:
        """Actors of stored events (as actor or recipient), most events first."""
        found = store.actors(text=_no_nul(text, "text"))
        return _page(len(found), limit, offset, found[offset: offset + limit])

    @app.get("/api/places", response_model=Page, responses=ERRORS, tags=["actors and places"])
    def list_places(limit: Limit = 100, offset: Offset = 0,
                    text: Annotated[str | None, Query(description="Substring of the place's name or words")] = None,
                    ) -> dict[str, Any]:
        """Event locations, most events first, with the finest precision any event has there."""
        found = store.places(text=_no_nul(text, "text"))
        return _page(len(found), limit, offset, found[offset: offset + limit])

    @app.get("/api/meta", tags=["meta"])
    def meta() -> dict[str, Any]:
        """What the page needs to start: counts, event types, whether ingest is allowed."""
        return {"events": store.count_events(), "articles": store.count_articles(), "types": list(PLOVER_TYPES),
                "read_only": token is None, "schema_version": store.schema_version}

    # --- the page ---

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        if not (WEB_DIR / "vendor" / "leaflet.js").is_file():
            raise ApiError(503, "the page's browser libraries are not installed; run: bash scripts/setup-web.sh")
        return FileResponse(WEB_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=WEB_DIR, check_dir=False), name="static")
    return app
