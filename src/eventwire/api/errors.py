"""One JSON error shape for every 4xx and 5xx answer: ``{"error": {"code", "message", "detail"}}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import InputError, StoreError

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "too_large", 415: "unsupported_media_type", 422: "invalid_parameter", 500: "internal_error",
          501: "not_implemented", 503: "unavailable"}


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    """What every failed request gets."""

    error: ErrorBody


class ApiError(Exception):
    """An error the API raises on purpose, with its HTTP status."""

    def __init__(self, status: int, message: str, detail: Any = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.code = code or _CODES.get(status, "error")
        self.headers = headers


def error_response(status: int, message: str, detail: Any = None, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code or _CODES.get(status, "error"), "message": message, "detail": detail}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only the location, the message and the type: pydantic's "input" and "ctx" may hold values
    # that are not JSON (bytes, exceptions).
    return [{"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type", "")}
            for item in exc.errors()]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.detail, exc.code, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _validation_detail(exc)
        where = ", ".join(".".join(str(part) for part in item["loc"]) + f": {item['msg']}" for item in detail)
        return error_response(422, f"invalid request: {where}", detail)

    @app.exception_handler(InputError)
    async def _bad_input(_request: Request, exc: InputError) -> JSONResponse:
        return error_response(400, str(exc), {"parameter": exc.source, "cause": exc.cause, "fix": exc.fix})

    @app.exception_handler(NotImplementedError)
    async def _not_implemented(_request: Request, exc: NotImplementedError) -> JSONResponse:
        return error_response(501, str(exc) or "not implemented yet")

    @app.exception_handler(StoreError)
    async def _store_error(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return error_response(503, "the database failed", {"backend": exc.backend, "cause": exc.cause})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, message, None, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(500, f"internal error: {type(exc).__name__}")
